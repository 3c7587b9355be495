"""gunicorn's worker for the Manager: uvicorn's, telling the app it stops *before* connections close.

When told to stop, uvicorn closes every connection (websockets included) and only then runs the
app's lifespan shutdown. An event published there, Flamenco 3.8's ``manager-shutdown``, would
reach no Socket.IO client of this process. So before uvicorn's shutdown this worker awaits the
app's ``announce_shutdown`` (`flamenco.app.create_app` sets it), which publishes the event and
lets it leave; the lifespan then finds it done.
"""

from __future__ import annotations

import socket
import sys

import uvicorn
from gunicorn.arbiter import Arbiter
from uvicorn_worker import UvicornWorker


class AnnouncingServer(uvicorn.Server):
    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        announce = getattr(self.config.app, "announce_shutdown", None)
        if announce is not None and not self.force_exit:
            await announce()
        await super().shutdown(sockets)


class ManagerWorker(UvicornWorker):
    """`uvicorn_worker.UvicornWorker` serving with :class:`AnnouncingServer` (its `_serve`, that
    one class changed)."""

    async def _serve(self) -> None:
        self.config.app = self.wsgi
        server = AnnouncingServer(config=self.config)
        self._install_sigquit_handler()
        await server.serve(sockets=self.sockets)
        if not server.started:
            sys.exit(Arbiter.WORKER_BOOT_ERROR)
