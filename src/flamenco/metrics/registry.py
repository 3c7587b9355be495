"""The scrape: this process's instruments and the farm's figures, in Prometheus' text format."""

from __future__ import annotations

from pathlib import Path

from prometheus_client import (
    CONTENT_TYPE_PLAIN_0_0_4,
    CollectorRegistry,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

from flamenco.events import Event
from flamenco.metrics import multiprocess
from flamenco.metrics.farm import DEFAULT_MAX_AGE, FarmCollector
from flamenco.metrics.instruments import Instruments

CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4

# `*_created` series (when each counter was made) are not written in multiprocess mode; leaving
# them out in a single process too keeps the scrape the same shape in both.
disable_created_metrics()


class Metrics:
    """One Manager process's instruments, and the scrape that reports the farm's figures."""

    def __init__(self, shared_dir: Path | None = None, *, farm_max_age: float = DEFAULT_MAX_AGE) -> None:
        own = CollectorRegistry()
        self.instruments = Instruments(own)
        if shared_dir is None:
            self._scrape = own
        else:
            # This process's counters reach the scrape through their files, like everyone else's;
            # registering `own` as well would count them twice.
            self._scrape = CollectorRegistry()
            MultiProcessCollector(self._scrape, path=str(shared_dir))
        self._scrape.register(FarmCollector(max_age=farm_max_age))

    @classmethod
    def for_this_process(cls) -> Metrics:
        """Shared counters when `flamenco-manager` prepared a directory for them, else our own."""
        return cls(multiprocess.directory())

    def on_event(self, event: Event) -> None:
        self.instruments.count_event(event)

    def render(self) -> bytes:
        """The scrape in Prometheus' text format, version 0.0.4 (:data:`CONTENT_TYPE`)."""
        return generate_latest(self._scrape)
