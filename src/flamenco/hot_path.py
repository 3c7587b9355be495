"""The two calls every worker makes in a loop, scheduleTask and taskUpdate, on a short path.

Why: a farm's speed is how fast idle workers get their next task. Sampled with py-spy on
`bench/dispatch.py`'s load (100 workers, SQLite, one process), about half of the server's CPU per
schedule + complete cycle went to Connexion's and Starlette's middleware stack (routing, security,
validation, context, decorators, twelve ASGI layers per request), more than the scheduling itself.
Those two operations are answered here, in front of that stack, by the same handler functions
(`handlers.worker.schedule_task_for` / `task_update_from` and their 3.8 twins).

Nothing is decided twice:

- **The spec decides.** Paths, the request body schema and the response schemas are read from
  the specs by operationId; bodies are checked with Connexion's own validator class and format
  checker (the same `uuid` check).
- **Only certainly valid requests take this path.** A request is answered here only if it is a
  POST without a query string, carries worker credentials the credential cache accepts and, for
  taskUpdate, has a UUID task id and a ``Content-Type: application/json`` body that is valid UTF-8
  JSON the schema accepts (and too small and flat for `JsonBodyGuard` to refuse). Anything else
  goes the long way, through Connexion, body replayed: every refusal of a malformed request is
  Connexion's, worded where it always was.
- **Errors handlers raise** (unknown task, task of another worker, busy database) are answered by
  `flamenco.http_errors`, as Connexion's error handlers answer them.
- **Metrics**: request count and latency are observed per operation, as `RequestMetrics` does.
- **Responses** are checked against the spec when the Manager validates responses (tests do).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from connexion.json_schema import Draft4RequestValidator, Draft4ResponseValidator
from connexion.spec import Specification
from jsonschema import Draft4Validator
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from flamenco.handlers import worker as seed_worker
from flamenco.handlers.v3 import worker as v3_worker
from flamenco.handlers.worker_calls import Caller
from flamenco.http_errors import answer_for, door_status
from flamenco.http_validation import MAX_JSON_DEPTH
from flamenco.metrics.instruments import Instruments
from flamenco.quick_validation import BodyCheck, quick_check
from flamenco.specs import V3_BASE_PATH
from flamenco.store.credentials import CredentialCache

log = logging.getLogger(__name__)

# Largest taskUpdate body answered here; bigger ones (a worker flushing a long log) go the long
# way, which reads any size up to `JsonBodyGuard`'s limit. Worker updates are a few KB.
MAX_HOT_BODY = 1024 * 1024

Answer = tuple[dict[str, Any] | None, int]

# operationId → the function answering it, per door (what Connexion's handler calls as well).
_SCHEDULE = "scheduleTask"
_UPDATE = "taskUpdate"
HANDLERS: dict[str, dict[str, Callable[..., Awaitable[Answer]]]] = {
    "seed": {_SCHEDULE: seed_worker.schedule_task_for, _UPDATE: seed_worker.task_update_from},
    "v3": {_SCHEDULE: v3_worker.schedule_task_for, _UPDATE: v3_worker.task_update_from},
}


@dataclass(frozen=True)
class HotOperation:
    operation_id: str
    answer: Callable[..., Awaitable[Answer]]
    body: BodyCheck | None  # taskUpdate's request body schema, as a yes/no
    responses: dict[str, Draft4ResponseValidator | None]  # by status ("200", "default")


def _operations(spec: dict[str, Any], base_path: str, door: str) -> dict[str, tuple[str, HotOperation]]:
    """operationId → (full path, operation) for this door's hot operations, from its spec."""
    resolved = Specification.from_dict(spec).spec
    found: dict[str, tuple[str, HotOperation]] = {}
    for path, item in resolved["paths"].items():
        operation = item.get("post") or {}
        operation_id = operation.get("operationId")
        if operation_id not in HANDLERS[door]:
            continue
        body_schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
        responses = {
            status: _validator(Draft4ResponseValidator, answer.get("content", {}).get("application/json"))
            for status, answer in operation["responses"].items()
        }
        found[operation_id] = (
            base_path + path,
            HotOperation(
                operation_id,
                HANDLERS[door][operation_id],
                _body_check(body_schema or None),
                responses,
            ),
        )
    missing = set(HANDLERS[door]) - set(found)
    if missing:
        raise ValueError(f"{door} spec lacks the hot operations {sorted(missing)}")
    return found


def _body_check(media: dict[str, Any] | None) -> BodyCheck | None:
    """Connexion's verdict on a request body: the quick check's yes where it has one, else
    jsonschema's (`flamenco.quick_validation`)."""
    if not media or "schema" not in media:
        return None
    validator = _validator(Draft4RequestValidator, media)
    quick = quick_check(media["schema"])
    if quick is None:
        return validator.is_valid
    return lambda body: quick(body) or validator.is_valid(body)


def _validator(kind: type, media: dict[str, Any] | None) -> Any:
    if not media or "schema" not in media:
        return None
    return kind(media["schema"], format_checker=Draft4Validator.FORMAT_CHECKER)


class WorkerHotPath:
    """ASGI app in front of the Manager's API: answers certainly valid scheduleTask and taskUpdate
    requests itself and hands everything else to ``app`` unchanged."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        seed_spec: dict[str, Any],
        v3_spec: dict[str, Any],
        instruments: Instruments,
        credentials: CredentialCache,
        validate_responses: bool,
    ) -> None:
        self.app = app
        self.credentials = credentials
        self.instruments = instruments
        self.validate_responses = validate_responses
        self.exact: dict[str, HotOperation] = {}  # scheduleTask paths
        self.prefixed: dict[str, HotOperation] = {}  # taskUpdate paths up to "{task_id}"
        for spec, base, door in ((seed_spec, "", "seed"), (v3_spec, V3_BASE_PATH, "v3")):
            for path, operation in _operations(spec, base, door).values():
                if path.endswith("/{task_id}"):
                    self.prefixed[path.removesuffix("{task_id}")] = operation
                else:
                    self.exact[path] = operation

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and not scope.get("query_string"):
            started = time.perf_counter()
            path: str = scope["path"]
            operation = self.exact.get(path)
            if operation is not None:
                await self._schedule(operation, started, scope, receive, send)
                return
            prefix, _, task_id = path.rpartition("/")
            operation = self.prefixed.get(prefix + "/")
            if operation is not None and _is_uuid(task_id):
                await self._update(operation, task_id, started, scope, receive, send)
                return
        await self.app(scope, receive, send)

    async def _schedule(
        self, operation: HotOperation, started: float, scope: Scope, receive: Receive, send: Send
    ) -> None:
        headers = _headers(scope)
        who = _caller(scope, headers, self.credentials)
        if who is None or headers.get(b"content-length", b"0") != b"0" or b"transfer-encoding" in headers:
            await self.app(scope, receive, send)  # nothing read yet: the long way gets it all
            return
        answering = operation.answer(who)
        if who.prefer is not None:  # a long poll: a worker that hangs up is not handed a task
            answering = _unless_hung_up(answering, receive)
        await self._answer(operation, started, scope, headers, send, answering)

    async def _update(
        self,
        operation: HotOperation,
        task_id: str,
        started: float,
        scope: Scope,
        receive: Receive,
        send: Send,
    ) -> None:
        headers = _headers(scope)
        who = _caller(scope, headers, self.credentials)
        if who is None or not _is_plain_json(headers.get(b"content-type", b"")):
            await self.app(scope, receive, send)
            return
        messages, raw = await _read_body(receive)
        body = _valid_body(raw, operation.body)
        if body is None:
            await self.app(scope, _replay(messages, receive), send)
            return
        await self._answer(operation, started, scope, headers, send, operation.answer(who, task_id, body))

    async def _answer(
        self,
        operation: HotOperation,
        started: float,
        scope: Scope,
        headers: dict[bytes, bytes],
        send: Send,
        answering: Awaitable[Answer],
    ) -> None:
        status = 500
        try:
            try:
                payload, status = await answering
            except HungUp:
                status = CLIENT_GONE  # counted, nobody to answer
                return
            except Exception as exc:  # every error gets the spec's Error answer
                error = answer_for(exc)
                status = door_status(error.status, scope["path"], b"authorization" in headers)
                await _send(send, status, error.body(), error.headers)
                return
            content = None if payload is None else json.dumps(payload).encode()
            if self.validate_responses and not self._conforms(operation, status, payload):
                status = 500
                content = json.dumps({"code": 500, "message": "response does not conform"}).encode()
            await _send(send, status, content, {})
        finally:
            elapsed = time.perf_counter() - started
            self.instruments.observe_request(operation.operation_id, status, elapsed)

    def _conforms(self, operation: HotOperation, status: int, payload: dict[str, Any] | None) -> bool:
        key = str(status) if str(status) in operation.responses else "default"
        if key not in operation.responses:
            log.error("%s answered %d, which its spec does not list", operation.operation_id, status)
            return False
        validator = operation.responses[key]
        if validator is None:
            return payload is None
        errors = list(validator.iter_errors(payload))
        for error in errors:
            log.error("%s: response does not conform to its spec: %s", operation.operation_id, error.message)
        return not errors


class HungUp(Exception):
    """The client closed the connection while its request waited."""


CLIENT_GONE = 499  # the status the request metrics count a hung-up long poll under (nginx's)


async def _unless_hung_up(answering: Awaitable[Answer], receive: Receive) -> Answer:
    """``answering``, abandoned when the client hangs up first (`HungUp`).

    A worker long-polls scheduleTask for up to a minute. If it dies or is stopped meanwhile, the
    wait would otherwise go on and could end by claiming a task for nobody: the task would sit
    active until the worker timeout. Cancelling the wait drops the claim if it has not started
    (`flamenco.store.executor` skips cancelled calls); one already running completes and the
    task waits for the worker's next request, which gets its active task back.
    """
    answer = asyncio.ensure_future(answering)
    gone = asyncio.ensure_future(_hang_up(receive))
    try:
        await asyncio.wait((answer, gone), return_when=asyncio.FIRST_COMPLETED)
    finally:
        gone.cancel()
    if not answer.done():
        answer.cancel()
        raise HungUp
    return answer.result()


async def _hang_up(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass  # the (empty) request body


def _headers(scope: Scope) -> dict[bytes, bytes]:
    return dict(scope["headers"])


def _caller(scope: Scope, headers: dict[bytes, bytes], credentials: CredentialCache) -> Caller | None:
    """The worker whose basic-auth credentials the cache accepts, or None (the long way refuses)."""
    kind, _, encoded = headers.get(b"authorization", b"").partition(b" ")
    if kind.lower() != b"basic":
        return None
    try:
        decoded = base64.b64decode(encoded, validate=True).decode("latin1")
    except (binascii.Error, ValueError):
        return None
    username, separator, password = decoded.partition(":")
    if not separator or not credentials.verify(username, password):
        return None
    client = scope.get("client")
    prefer = headers.get(b"prefer")
    return Caller(username, client[0] if client else "", None if prefer is None else prefer.decode("latin1"))


def _is_uuid(text: str) -> bool:
    if len(text) != 36:
        return False
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def _is_plain_json(content_type: bytes) -> bool:
    mime, _, parameters = content_type.lower().partition(b";")
    if mime.strip() != b"application/json":
        return False
    return parameters.strip() in (b"", b"charset=utf-8", b'charset="utf-8"')


async def _read_body(receive: Receive) -> tuple[list[Message], bytes]:
    """The request's messages and body, stopping once it passes :data:`MAX_HOT_BODY` (the long
    way then reads the rest from ``receive``)."""
    messages: list[Message] = []
    size = 0
    while True:
        message = await receive()
        messages.append(message)
        size += len(message.get("body", b""))
        if message["type"] != "http.request" or not message.get("more_body") or size > MAX_HOT_BODY:
            break
    if size > MAX_HOT_BODY or messages[-1].get("more_body"):
        return messages, b""
    return messages, b"".join(message.get("body", b"") for message in messages)


def _valid_body(raw: bytes, valid: BodyCheck | None) -> dict[str, Any] | None:
    """The decoded body when it is certainly one the long way accepts; None otherwise."""
    if not raw or valid is None or b"\\u0000" in raw:
        return None
    if raw.count(b"[") + raw.count(b"{") > MAX_JSON_DEPTH:
        return None  # may nest too deep: `JsonBodyGuard` measures it on the long way
    try:
        body = json.loads(raw.decode("utf-8"))
    except ValueError:  # UnicodeDecodeError and JSONDecodeError both
        return None
    if not isinstance(body, dict) or not valid(body):
        return None
    return body


def _replay(messages: list[Message], receive: Receive) -> Receive:
    async def replay() -> Message:
        return messages.pop(0) if messages else await receive()

    return replay


async def _send(send: Send, status: int, content: bytes | None, extra: dict[str, str]) -> None:
    """The answer, with the headers Connexion gives it (a 204 too says ``application/json``)."""
    body = content or b""
    headers = [(name.lower().encode("latin1"), value.encode("latin1")) for name, value in extra.items()]
    headers += [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
