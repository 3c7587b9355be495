"""Request count and latency by operation, as an ASGI middleware inside Connexion's stack.

Placed before Connexion's exception middleware (the outermost position Connexion offers), not
after routing: errors — a 401 from security, a 400 from validation, a 404 from a handler — are
raised as exceptions and turned into responses by the exception middleware, so only a middleware
outside it sees their status codes. The operation is known only after routing, deeper in the
stack: the routing middleware copies the scope but writes the operationId into the scope's
``extensions`` dict, which the copies share, so this middleware creates that dict and reads the
operationId from it once the answer is sent.
"""

from __future__ import annotations

import time

from connexion.middleware.abstract import ROUTING_CONTEXT
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from flamenco.metrics.instruments import UNROUTED, Instruments


class RequestMetrics:
    def __init__(self, app: ASGIApp, instruments: Instruments) -> None:
        self.app = app
        self.instruments = instruments

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extensions = scope.setdefault("extensions", {})
        code = 500  # what the client gets if an exception escapes before the answer starts

        async def send_and_note(message: Message) -> None:
            nonlocal code
            if message["type"] == "http.response.start":
                code = message["status"]
            await send(message)

        started = time.perf_counter()
        try:
            await self.app(scope, receive, send_and_note)
        finally:
            operation = extensions.get(ROUTING_CONTEXT, {}).get("operation_id") or UNROUTED
            self.instruments.observe_request(operation, code, time.perf_counter() - started)
