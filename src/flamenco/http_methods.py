"""Answer 405 for methods a path does not have, the way the spec defines paths.

Connexion routes each operation separately, so on a path with several operations its 405 lists
only one route's methods, and a concrete path (`/api/jobs/query`) that also fits a template
(`/api/jobs/{job_id}`) falls through to the template's operation. OpenAPI says concrete paths win;
this middleware applies that, and lists every method of the path in `Allow`. It knows the paths
of both doors (`/api/...` and `/api/v3/...`).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from flamenco.operations import OPERATIONS
from flamenco.operations_v3 import OPERATIONS_V3


def _path_methods() -> list[tuple[re.Pattern[str], frozenset[str]]]:
    """Spec paths as regexes with their methods, concrete paths first (OpenAPI's precedence)."""
    methods: defaultdict[str, set[str]] = defaultdict(set)
    for operation in (*OPERATIONS.values(), *OPERATIONS_V3.values()):
        methods[operation.path].add(operation.method.upper())
    ordered = sorted(methods, key=lambda path: (path.count("{"), path))
    table = []
    for path in ordered:
        pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(path))
        allowed = set(methods[path])
        if "GET" in allowed:
            allowed.add("HEAD")
        table.append((re.compile(f"^{pattern}$"), frozenset(allowed)))
    return table


class MethodGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.table = _path_methods()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            for pattern, allowed in self.table:
                if pattern.match(scope["path"]):
                    if scope["method"] not in allowed:
                        await self._refuse(scope, send, allowed)
                        return
                    break
        await self.app(scope, receive, send)

    @staticmethod
    async def _refuse(scope: Scope, send: Send, allowed: frozenset[str]) -> None:
        body = json.dumps({"code": 405, "message": f"{scope['method']} is not allowed here"}).encode()
        headers: list[Any] = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"allow", ", ".join(sorted(allowed)).encode()),
        ]
        await send({"type": "http.response.start", "status": 405, "headers": headers})
        await send({"type": "http.response.body", "body": body})
