"""A real `flamenco-manager` server process for end-to-end tests.

Why a subprocess rather than the in-process TestClient: only a real process exercises what an
admin runs — the console script, argument parsing, gunicorn with the uvicorn worker, migrations at
start-up, a real socket and HTTP/1.1 keep-alive — and what a real Worker talks to.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

import requests

from .spec_client import SpecCheckedSession

MANAGER_SCRIPT = Path(sys.executable).parent / "flamenco-manager"


def free_port() -> int:
    """A loopback port nobody listens on right now (the OS picks it, so parallel runs don't clash)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ManagerProcess:
    """Start a Manager on a free loopback port with its own directories; stop it on exit.

    The server runs in ``workdir`` with every ``FLAMENCO_*`` variable removed from its
    environment, so neither a ``flamenco-manager.yaml`` nor the developer's shell settings can
    change what the test sees.
    """

    def __init__(
        self,
        workdir: Path,
        *,
        database: str | None = None,
        validate_responses: bool = True,
        extra_args: list[str] | None = None,
        startup_timeout: float = 30.0,
    ) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database = database or str(workdir / "flamenco-manager.sqlite")
        self.log_path = workdir / "manager.log"
        self.args = [
            str(MANAGER_SCRIPT),
            "--listen", f"127.0.0.1:{self.port}",
            "--database", self.database,
            "--shared-storage-path", str(workdir / "shared"),
            "--local-manager-storage-path", str(workdir / "manager-storage"),
            *(["--validate-responses"] if validate_responses else []),
            *(extra_args or []),
        ]  # fmt: skip
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> ManagerProcess:
        self.workdir.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith("FLAMENCO_")}
        with open(self.log_path, "wb") as log_file:
            self.process = subprocess.Popen(
                self.args, cwd=self.workdir, env=env, stdout=log_file, stderr=subprocess.STDOUT
            )
        self._wait_until_ready()
        return self

    def _wait_until_ready(self) -> None:
        # Even the readiness probe is spec-checked: /api/version is what clients probe with too.
        probe = SpecCheckedSession(self.url, timeout=5)
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"flamenco-manager exited with {self.process.returncode}:\n{self.log()}")
            try:
                if probe.get("/api/version").status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"flamenco-manager did not answer within {self.startup_timeout}s:\n{self.log()}")

    def stop(self) -> None:
        """SIGTERM (gunicorn's graceful shutdown), then SIGKILL if it lingers."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def __enter__(self) -> ManagerProcess:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
