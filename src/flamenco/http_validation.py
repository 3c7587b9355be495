"""Request validation fixes for Connexion 3.3."""

from __future__ import annotations

import itertools
import json
import re
from array import array
from typing import Any

from connexion.lifecycle import ConnexionRequest
from connexion.validators.parameter import ParameterValidator
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class CoercingParameterValidator(ParameterValidator):
    """Validates boolean headers as booleans.

    Connexion 3.3 checks header values as raw strings, so ``X-Shaman-Can-Defer-Upload: true`` (what
    Blender's add-on sends) fails ``type: boolean`` and is refused before any handler runs.
    """

    def validate_header_parameter(self, param: dict[str, Any], request: ConnexionRequest) -> str | None:
        value: Any = request.headers.get(param["name"])
        if value is not None and param.get("schema", {}).get("type") == "boolean":
            value = {"true": True, "false": False}.get(value.strip().lower(), value)
        return self.validate_parameter("header", value, param)


# A JSON escape for U+0000 that is not itself escaped (an even run of backslashes before it).
_NUL_ESCAPE = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")

# Deepest nesting of arrays and objects a JSON body may have. Python's JSON decoder recurses once
# per level and gives up with RecursionError near 1,000 levels, which Connexion turned into a 500
# before any handler ran; no request of either spec nests deeper than a handful of levels.
MAX_JSON_DEPTH = 64
# Largest JSON body accepted. Shaman requirements of a big project run to tens of megabytes (about
# 150 bytes per file); beyond this a body is refused before it is read to its end.
MAX_JSON_BYTES = 64 * 1024 * 1024

# Depth is measured in C, in a few passes over the bytes: drop escapes (so an escaped quote cannot
# end a string), keep only quotes and brackets, drop the strings (brackets inside them are text),
# and turn the brackets into +1/-1 steps whose running sum is the depth. Dropping two adjacent
# quotes never changes which brackets are inside a string (every later quote keeps its parity),
# so empty strings go with one `replace` and only strings holding a bracket need splitting out.
# Measured (best of 5): a 22 MB Shaman requirements body of 130,000 files takes 32 ms, a third of
# what json.loads then takes on it (90 ms); 64 MB of `[],` takes 1.0 s, json.loads 5.6 s. Bodies
# with fewer brackets than the limit (every worker call) cost two `count`s.
_ESCAPE = re.compile(rb"\\.", re.DOTALL)
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'[]{}"')
_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")


def json_depth(body: bytes) -> int:
    """How deeply arrays and objects nest in ``body``; 0 when it has too few to pass the limit.

    Malformed JSON may be counted oddly; the JSON parser refuses it next anyway.
    """
    if body.count(b"[") + body.count(b"{") <= MAX_JSON_DEPTH:
        return 0  # cannot nest deeper than the limit: not worth measuring
    if b"\\" in body:
        body = _ESCAPE.sub(b"", body)
    structure = body.translate(None, _NOT_STRUCTURE).replace(b'""', b"")
    if b'"' in structure:
        structure = b"".join(structure.split(b'"')[::2])
    return max(itertools.accumulate(array("b", structure.translate(_STEPS))), default=0)


class JsonBodyGuard:
    """Refuse hostile JSON bodies before Connexion parses them: 400 for text containing U+0000 or
    nesting deeper than :data:`MAX_JSON_DEPTH`, 413 beyond :data:`MAX_JSON_BYTES`, in the `Error`
    shape, on every operation of both doors.

    JSON allows ``"\\u0000"``, but PostgreSQL text cannot hold it and SQLite's JSON functions stop
    at it; refused at the door, one place covers every operation. Only JSON bodies are read here;
    uploads stream past untouched.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _is_json(scope):
            await self.app(scope, receive, send)
            return
        if _declared_length(scope) > MAX_JSON_BYTES:
            await _refuse(send, 413, f"a JSON body may be at most {MAX_JSON_BYTES} bytes")
            return
        chunks, messages, size = [], [], 0
        while True:
            message = await receive()
            messages.append(message)
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_JSON_BYTES:
                await _refuse(send, 413, f"a JSON body may be at most {MAX_JSON_BYTES} bytes")
                return
            chunks.append(chunk)
            if message["type"] != "http.request" or not message.get("more_body"):
                break
        body = b"".join(chunks)
        if _NUL_ESCAPE.search(body):
            await _refuse(send, 400, "text may not contain the NUL character (U+0000)")
            return
        if json_depth(body) > MAX_JSON_DEPTH:
            await _refuse(send, 400, f"JSON may nest arrays and objects at most {MAX_JSON_DEPTH} levels deep")
            return

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)


def _is_json(scope: Scope) -> bool:
    for name, value in scope["headers"]:
        if name == b"content-type":
            return b"json" in value.lower()
    return False


def _declared_length(scope: Scope) -> int:
    for name, value in scope["headers"]:
        if name == b"content-length":
            return int(value) if value.isdigit() else 0
    return 0


async def _refuse(send: Send, status: int, message: str) -> None:
    body = json.dumps({"code": status, "message": message}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
