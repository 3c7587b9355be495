"""Request validation fixes for Connexion 3.3."""

from __future__ import annotations

import json
import re
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


class RejectNulText:
    """400 for JSON bodies whose strings contain U+0000.

    JSON allows ``"\u0000"``, but PostgreSQL text cannot hold it and SQLite's JSON functions stop
    at it; refused at the door, one place covers every operation. Only JSON bodies are read here
    (they are small); uploads stream past untouched.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _is_json(scope):
            await self.app(scope, receive, send)
            return
        body, messages = b"", []
        while True:
            message = await receive()
            messages.append(message)
            body += message.get("body", b"")
            if message["type"] != "http.request" or not message.get("more_body"):
                break
        if _NUL_ESCAPE.search(body):
            await _refuse(send, "text may not contain the NUL character (U+0000)")
            return

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)


def _is_json(scope: Scope) -> bool:
    for name, value in scope["headers"]:
        if name == b"content-type":
            return b"json" in value.lower()
    return False


async def _refuse(send: Send, message: str) -> None:
    body = json.dumps({"code": 400, "message": message}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 400, "headers": headers})
    await send({"type": "http.response.body", "body": body})
