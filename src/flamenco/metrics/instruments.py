"""What this process counts: task assignments and failures (from domain events) and requests.

Counters, not gauges: each process only adds to them, so sums over processes are the farm's.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

from flamenco.events import Event

FAILURE_OUTCOMES = ("soft-failed", "failed")
# Seconds. scheduleTask long-polls (`Prefer: wait=N`, up to 60 s), hence the long tail of buckets.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
UNROUTED = "none"  # operation label of requests that match no operation of the spec


class Instruments:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.assignments = Counter(
            "flamenco_task_assignments",
            "Tasks handed to a worker (queued or soft-failed -> active).",
            registry=registry,
        )
        self.failures = Counter(
            "flamenco_task_failures",
            "Task failures (reported by a worker or timed out), by the status they left the task in:"
            " soft-failed (another worker will retry it) or failed (for good).",
            ["outcome"],
            registry=registry,
        )
        self.requests = Counter(
            "flamenco_http_requests",
            "HTTP requests answered, by operationId of the spec and status code.",
            ["operation", "code"],
            registry=registry,
        )
        self.latency = Histogram(
            "flamenco_http_request_duration_seconds",
            "Time from receiving a request to the end of its answer, by operationId (error answers"
            " included; scheduleTask includes its long-poll wait).",
            ["operation"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        for outcome in FAILURE_OUTCOMES:  # both series exist from the start, at 0
            self.failures.labels(outcome=outcome)
        # A request's two series by (operation, code): `labels()` checks and locks on every call,
        # measured at 2 % of the event loop's time under `bench/dispatch.py`. Operations and codes
        # are the spec's, so this stays small.
        self._request_series: dict[tuple[str, int], tuple[Counter, Histogram]] = {}

    def count_event(self, event: Event) -> None:
        """Domain-event listener: a task status change is an assignment or a failure.

        Called on every event the Manager publishes, so it only reads two fields of the change.
        """
        if event.kind != "task":
            return
        status = event.data.task.status
        previous = event.data.previous_status
        if previous is None or previous == status:
            return  # a new task, or progress on a task that keeps its status
        if status == "active":
            self.assignments.inc()
        elif status in FAILURE_OUTCOMES:
            self.failures.labels(outcome=status).inc()

    def observe_request(self, operation: str, code: int, seconds: float) -> None:
        series = self._request_series.get((operation, code))
        if series is None:
            series = self.requests.labels(operation=operation, code=str(code)), self.latency.labels(operation)
            self._request_series[operation, code] = series
        requests, latency = series
        requests.inc()
        latency.observe(seconds)
