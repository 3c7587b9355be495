"""Connections as workers use them: kept open between a worker's reports."""

from __future__ import annotations

import http.client
import time

from .live_manager import ManagerProcess


def test_an_idle_connection_is_still_served_seconds_later(live_manager: ManagerProcess) -> None:
    """A worker reports on its task every few seconds; its connection must outlive such a pause
    (gunicorn's default keep-alive of 2 s made most reports open a new connection)."""
    connection = http.client.HTTPConnection("127.0.0.1", live_manager.port, timeout=10)
    try:
        connection.request("GET", "/api/version")
        first = connection.getresponse()
        first.read()
        assert first.status == 200
        local = connection.sock.getsockname()
        time.sleep(3)
        connection.request("GET", "/api/version")  # http.client does not reconnect on its own
        second = connection.getresponse()
        second.read()
        assert second.status == 200
        assert connection.sock.getsockname() == local  # the same connection
    finally:
        connection.close()
