"""The Manager's running services, as handlers reach them.

Connexion calls handlers as plain functions, so they cannot receive collaborators as arguments.
The app factory builds one :class:`Services` per Manager and installs it here; handlers call
:func:`current`. One Manager per process is the model (gunicorn forks whole processes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from flamenco.scheduler.job_steps import JobSteps
from flamenco.store.credentials import CredentialCache
from flamenco.store.executor import DatabaseExecutor
from flamenco.store.models import utcnow

if TYPE_CHECKING:
    from flamenco.config import Config
    from flamenco.events import EventBroker
    from flamenco.jobtypes import JobTypeRegistry
    from flamenco.last_rendered import LastRenderedImages
    from flamenco.metrics.registry import Metrics
    from flamenco.scheduler.waiting import WorkSignal
    from flamenco.shaman import Shaman
    from flamenco.tasklogs import TaskLogs


@dataclass
class Services:
    config: Config
    events: EventBroker
    jobtypes: JobTypeRegistry
    tasklogs: TaskLogs
    shaman: Shaman | None  # None when Shaman is disabled in the config
    work_signal: WorkSignal  # wakes workers long-polling for a task
    metrics: Metrics  # Prometheus instruments and the /metrics scrape
    last_rendered: LastRenderedImages  # workers' latest frames, thumbnailed per job
    # Naive-UTC "now"; tests replace it to move time without sleeping.
    clock: Callable[[], datetime] = utcnow
    # Threads for the worker protocol's database work (`flamenco.store.executor`).
    executor: DatabaseExecutor = field(default_factory=lambda: DatabaseExecutor.for_database(postgres=False))
    # Workers' secrets as checked on the way in; one per Manager, so a Manager opening another
    # database never trusts the old one's workers.
    credentials: CredentialCache = field(default_factory=CredentialCache)
    # Jobs' step deltas on their way to the job rows (PostgreSQL; `flamenco.scheduler.job_steps`).
    job_steps: JobSteps = field(default_factory=JobSteps)


_current: Services | None = None


def install(services: Services) -> None:
    global _current
    _current = services


def current() -> Services:
    if _current is None:
        raise RuntimeError("no Manager services installed; build the app with flamenco.app.create_app()")
    return _current
