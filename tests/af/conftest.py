"""Fixtures for the `af` client tests: a controlled environment and a recording HTTP server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No CGRU installation, no CGRU or Manager settings from the developer's shell; a known user,
    an empty home (no ~/.cgru/config.json) and a known working directory."""
    import os

    for name in list(os.environ):
        if name.startswith(("CGRU_", "AF_")) or name in ("FLAMENCO_MANAGER", "APPDATA", "USERNAME"):
            monkeypatch.delenv(name)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USER", "jimmy")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setenv("PWD", str(work))
    monkeypatch.chdir(work)
    return work


@dataclass
class RecordingServer:
    """A real HTTP server standing in for a Manager that serves the Afanasy door: it records each
    request (path and JSON body) and answers ``status`` with ``answer``."""

    url: str
    requests: list[tuple[str, Any]] = field(default_factory=list)
    status: int = 200
    answer: Any = field(default_factory=lambda: {"id": 1, "serial": 1})


@pytest.fixture
def recording_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[RecordingServer]:
    state: dict[str, RecordingServer] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            server = state["server"]
            server.requests.append((self.path, json.loads(body)))
            payload = json.dumps(server.answer).encode()
            self.send_response(server.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    state["server"] = RecordingServer(url)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("FLAMENCO_MANAGER", url)
    try:
        yield state["server"]
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
