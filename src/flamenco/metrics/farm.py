"""Figures that live in the database — jobs, tasks and workers by status, queue depth — read at
scrape time, so they are the farm's whichever Manager process answers the scrape.

Every status of the spec is reported, at 0 when no row has it, so a series never vanishes from a
dashboard when the last job of a status goes. The counts are cached for a few seconds because the
task count reads every task row (see `flamenco.store.farm`): scrapers that poll often, or several
Prometheus servers, cost one query per cache period per process.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator

from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from flamenco.api.vocab import JOB_STATUSES, TASK_STATUSES, WORKER_STATUSES
from flamenco.store import farm as farm_store
from flamenco.store.farm import FarmCounts
from flamenco.store.tasks import RUNNABLE_TASK_STATUSES

DEFAULT_MAX_AGE = 5.0  # seconds


class FarmCollector(Collector):
    def __init__(
        self,
        counts: Callable[[], FarmCounts] = farm_store.status_counts,
        *,
        max_age: float = DEFAULT_MAX_AGE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._counts = counts
        self._max_age = max_age
        self._clock = clock
        self._lock = threading.Lock()  # concurrent scrapes wait for one query instead of each running it
        self._cached: tuple[float, FarmCounts] | None = None

    def describe(self) -> Iterable[Metric]:
        return []  # registering must not query the database

    def collect(self) -> Iterator[Metric]:
        counts = self._current()
        yield _by_status("flamenco_jobs", "Jobs by status.", JOB_STATUSES, counts.jobs)
        yield _by_status("flamenco_tasks", "Tasks by status.", TASK_STATUSES, counts.tasks)
        yield _by_status("flamenco_workers", "Workers by status.", WORKER_STATUSES, counts.workers)
        yield GaugeMetricFamily(
            "flamenco_queue_depth",
            "Runnable tasks waiting for a worker (queued or soft-failed).",
            value=sum(counts.tasks.get(status, 0) for status in RUNNABLE_TASK_STATUSES),
        )

    def _current(self) -> FarmCounts:
        with self._lock:
            now = self._clock()
            if self._cached is None or now - self._cached[0] >= self._max_age:
                self._cached = (now, self._counts())
            return self._cached[1]


def _by_status(name: str, documentation: str, known: Iterable[str], counts: dict[str, int]) -> Metric:
    family = GaugeMetricFamily(name, documentation, labels=["status"])
    for status in sorted({*known, *counts}):
        family.add_metric([status], counts.get(status, 0))
    return family
