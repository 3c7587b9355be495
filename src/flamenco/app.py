"""The Manager as an ASGI app: Connexion routes and validates every operation against the spec.

Two doors, one farm: the seed spec's API at ``/api`` (and ``/shaman``), Flamenco 3.8's at ``/api/v3``
(`flamenco.specs`), both routed to the same scheduler and store.

Decisions that keep clients' contract intact:
- every error, whether ours or the framework's (400/401/404/405/415, bad UTF-8), is the spec's
  ``Error`` object ``{code, message}`` as ``application/json``, keeping headers like ``Allow``;
- on ``/api/v3`` refused worker credentials are a 403, as Flamenco 3.8 answers them (its worker
  registers again after a refused sign-on, and its spec documents 403 for scheduleTask);
- ``format: uuid`` is enforced (jsonschema does not check it by default);
- unknown query parameters are refused (``strict_validation``).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import json
import logging
import uuid
from collections.abc import AsyncIterator
from typing import Any

import connexion
import jsonschema
import peewee
import socketio
from connexion.exceptions import ProblemException
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from connexion.middleware import MiddlewarePosition
from connexion.resolver import Resolution, Resolver
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from flamenco import background, connexion_speedups, webui
from flamenco.config import Config
from flamenco.errors import FlamencoError
from flamenco.events import Event, EventBroker
from flamenco.events.facts import ManagerLifeCycle
from flamenco.events.progress import JobProgress
from flamenco.events.redis import RedisWakeups, farm_channel
from flamenco.events.socketio import SocketIOForwarder
from flamenco.events.socketio import create_server as create_socketio_server
from flamenco.hot_path import WorkerHotPath
from flamenco.http_errors import answer_for, door_status
from flamenco.http_methods import MethodGuard
from flamenco.http_validation import CoercingParameterValidator, JsonBodyGuard
from flamenco.jobfiles import JobFiles
from flamenco.jobfiles import serves as serves_job_files
from flamenco.jobtypes import JobTypeRegistry
from flamenco.last_rendered import LastRenderedImages
from flamenco.metrics.http import RequestMetrics
from flamenco.metrics.registry import Metrics
from flamenco.operations import OPERATIONS
from flamenco.operations_v3 import OPERATIONS_V3
from flamenco.scheduler import controls
from flamenco.scheduler.last_rendered import image_stored
from flamenco.scheduler.waiting import TASK_WAKES, WorkSignal, may_free_work
from flamenco.services import Services, install
from flamenco.shaman import Shaman
from flamenco.specs import V3_BASE_PATH, load_seed_spec, load_v3_spec
from flamenco.store import db as store_db
from flamenco.store import last_rendered as last_rendered_store
from flamenco.store import limits
from flamenco.store.executor import DatabaseExecutor
from flamenco.store.leader import leadership
from flamenco.store.migrations import migrate
from flamenco.tasklogs import TaskLogs

log = logging.getLogger(__name__)


class _QuietImageBodies(logging.Filter):
    """Connexion logs two lines on every request to taskOutputProduced, which would be two log
    lines per rendered frame: a warning that the operation takes several body types (it picks the
    request's own), and that an image body has no validator (the handler checks the image)."""

    NOISE = ("this operation accepts multiple content types", "Skipping validation. No validator registered")

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(self.NOISE)


for _logger in ("connexion.operations.openapi3", "connexion.middleware.validation"):
    logging.getLogger(_logger).addFilter(_QuietImageBodies())


@jsonschema.Draft4Validator.FORMAT_CHECKER.checks("uuid", raises=ValueError)
def _is_uuid(value: object) -> bool:
    if not isinstance(value, str):
        return True  # type errors are the `type` keyword's business
    uuid.UUID(value)
    return len(value) == 36


class OperationTableResolver(Resolver):
    """operationId → handler, from a table `tools/regen.py` derives from a spec (one per door)."""

    def __init__(self, table: dict[str, Any]) -> None:
        super().__init__()
        self.table = table

    def resolve(self, operation: Any) -> Resolution:
        module_name, func = self.table[operation.operation_id].handler.split(":")
        handler = getattr(importlib.import_module(module_name), func)
        return Resolution(handler, operation.operation_id)


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> ConnexionResponse:
    return ConnexionResponse(
        status_code=status,
        content_type="application/json",
        body=json.dumps({"code": status, "message": message}),
        headers=headers or {},
    )


def _door_status(request: ConnexionRequest, status: int) -> int:
    return door_status(status, request.url.path, "authorization" in request.headers)


def _handler_error(request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    """What a handler raised (ours, the database's, anything unexpected), as `http_errors` words it."""
    answer = answer_for(exc)
    return _error(_door_status(request, answer.status), answer.message, answer.headers)


def _problem(request: ConnexionRequest, exc: ProblemException) -> ConnexionResponse:
    # jsonschema appends the failing schema and instance; the first paragraph says it all.
    message = str(exc.detail or exc.title or "request failed").split("\n\n")[0]
    return _error(_door_status(request, exc.status), message, dict(exc.headers or {}))


def _http_error(request: ConnexionRequest, exc: HTTPException) -> ConnexionResponse:
    return _error(_door_status(request, exc.status_code), str(exc.detail), dict(exc.headers or {}))


def _bad_encoding(_request: ConnexionRequest, _exc: UnicodeDecodeError) -> ConnexionResponse:
    return _error(400, "request body is not valid UTF-8")


def build_services(config: Config) -> Services:
    """Open the database (migrating it) and build the services handlers use."""
    store_db.bind(store_db.open_database(config.database))
    migrate()
    with store_db.write_transaction():
        limits.rederive_all()  # the drift guard: running-task counters re-derived from the tasks
        controls.refresh_all()  # workers may have changed while no Manager ran
    controls.apply_configured_tickets(config.tickets)
    config.local_manager_storage_path.mkdir(parents=True, exist_ok=True)
    shaman = None
    if config.shaman.enabled:
        config.shared_storage_path.mkdir(parents=True, exist_ok=True)
        shaman = Shaman(config.shared_storage_path)
    services = Services(
        config=config,
        events=EventBroker(),
        jobtypes=JobTypeRegistry(config.job_types_path),
        tasklogs=TaskLogs(config.local_manager_storage_path),
        shaman=shaman,
        work_signal=WorkSignal(),
        metrics=Metrics.for_this_process(),
        last_rendered=LastRenderedImages(
            config.local_manager_storage_path, may_store=last_rendered_store.job_accepts_images
        ),
        executor=DatabaseExecutor.for_database(postgres=store_db.is_postgres()),
    )
    services.last_rendered.on_stored = lambda job_uuid: image_stored(services, job_uuid)
    services.events.subscribe(services.work_signal.on_event)
    services.events.subscribe(services.metrics.on_event)
    return services


def with_web_ui(api: ASGIApp, job_files: ASGIApp) -> ASGIApp:
    """``/`` and ``/app/...`` go to the web UI's pages, ``/job-files/...`` to the per-job files;
    everything else (lifespan too) to the API."""
    pages = webui.create_webui()

    async def dispatch(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and webui.serves(scope["path"]):
            await pages(scope, receive, send)
        elif scope["type"] == "http" and serves_job_files(scope["path"]):
            await job_files(scope, receive, send)
        else:
            await api(scope, receive, send)

    return dispatch


def create_app(
    config: Config, *, services: Services | None = None, hot_path: bool = True
) -> socketio.ASGIApp:
    """The whole Manager as one ASGI app: Socket.IO at ``/socket.io/``, the web UI at ``/`` and
    ``/app/``, job files at ``/job-files/``, the spec's API elsewhere (the workers' scheduleTask and
    taskUpdate on `flamenco.hot_path`, unless ``hot_path`` is off: tests compare both ways)."""
    services = services or build_services(config)
    install(services)
    connexion_speedups.install()
    sio = create_socketio_server(
        config.redis_url or None,
        channel=farm_channel(config.database, "socketio"),
        websocket_only=config.workers > 1,
    )
    forwarder = SocketIOForwarder(sio)
    progress = JobProgress(services.events)
    wakeups = None
    if config.redis_url:
        channel = farm_channel(config.database, "work")
        wakeups = RedisWakeups(
            config.redis_url, channel, may_free_work, services.work_signal.notify, task_wakes=TASK_WAKES
        )
    for listener in (forwarder, progress, wakeups):
        if listener is not None:
            services.events.subscribe(listener)

    announced = False

    async def announce_shutdown() -> None:
        """Publish ``manager-shutdown`` once and let it reach this process's Socket.IO clients.

        Called by the server before it closes connections (`flamenco.cli.server_worker`), else by
        the lifespan; the short pause lets the emitted packets leave before the websockets close.
        """
        nonlocal announced
        if announced:
            return
        announced = True
        services.events.publish(Event("lifecycle", ManagerLifeCycle("manager-shutdown")))
        await asyncio.sleep(0)  # the broker's drain runs: the forwarders have it
        await forwarder.flush(timeout=1.0)
        await asyncio.sleep(0.05)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Any) -> AsyncIterator[None]:
        services.events.start(asyncio.get_running_loop())
        services.tasklogs.start_journal(journal=config.workers <= 1)
        forwarder.start()
        progress.start()
        if wakeups is not None:
            wakeups.start()
        running = background.start_all(services)
        services.events.publish(Event("lifecycle", ManagerLifeCycle("manager-startup")))
        try:
            yield
        finally:
            await announce_shutdown()
            await background.stop_all(running)
            leadership.release()
            await progress.stop()
            if wakeups is not None:
                await wakeups.stop()
            services.events.stop()
            await forwarder.stop()
            services.executor.shutdown()
            # A last try for step deltas a failed write gave back (`flamenco.scheduler.job_steps`).
            await asyncio.to_thread(services.job_steps.flush, services.events)
            services.tasklogs.stop_journal()

    app = connexion.AsyncApp(__name__, lifespan=lifespan)
    api_options: dict[str, Any] = {
        "strict_validation": True,
        "validate_responses": config.validate_responses,
        "pythonic_params": True,
        "validator_map": {"parameter": CoercingParameterValidator},
    }
    # Connexion routes the more specific base path first, whatever the order of these calls.
    app.add_api(
        load_v3_spec(),
        base_path=V3_BASE_PATH,
        name="v3",
        resolver=OperationTableResolver(OPERATIONS_V3),
        **api_options,
    )
    app.add_api(load_seed_spec(), name="seed", resolver=OperationTableResolver(OPERATIONS), **api_options)
    app.add_middleware(MethodGuard, position=MiddlewarePosition.BEFORE_ROUTING)
    app.add_middleware(
        RequestMetrics, position=MiddlewarePosition.BEFORE_EXCEPTION, instruments=services.metrics.instruments
    )
    app.add_middleware(JsonBodyGuard, position=MiddlewarePosition.BEFORE_ROUTING)
    app.add_error_handler(FlamencoError, _handler_error)
    app.add_error_handler(ProblemException, _problem)
    app.add_error_handler(HTTPException, _http_error)
    app.add_error_handler(UnicodeDecodeError, _bad_encoding)
    app.add_error_handler(UnicodeEncodeError, _handler_error)
    app.add_error_handler(peewee.OperationalError, _handler_error)
    app.add_error_handler(Exception, _handler_error)
    api: ASGIApp = app
    if hot_path:
        api = WorkerHotPath(
            app,
            seed_spec=load_seed_spec(),
            v3_spec=load_v3_spec(),
            instruments=services.metrics.instruments,
            credentials=services.credentials,
            validate_responses=config.validate_responses,
        )
    job_files = JobFiles(config.local_manager_storage_path)
    asgi = socketio.ASGIApp(sio, other_asgi_app=with_web_ui(api, job_files), socketio_path="socket.io")
    asgi.announce_shutdown = announce_shutdown  # type: ignore[attr-defined]
    return asgi
