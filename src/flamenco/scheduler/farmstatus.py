"""The farm's overall status, by Flamenco 3.8's rules (`internal/manager/farmstatus`).

- `inoperative`: no workers, or every one of them `offline` or in `error`;
- `active`: a job is `active` and a worker is `awake`;
- `waiting`: there is work (a job `active` or `queued`), but no awake worker is on an active job;
- `asleep`: no work, no worker awake and at least one asleep;
- `idle`: no work otherwise.
`unknown` and `starting` exist in the vocabulary: Flamenco answers `starting` before its first poll
and `unknown` for a combination its rules miss (there is none). This Manager counts on request,
so `getFarmStatus` always answers what the database says now.

Flamenco broadcasts a `/status` event when the status changes, noticed by polling every 30 s and
right after any job or worker status change; :class:`FarmStatusWatch` does the same, in the
elected process only (`flamenco.background`), so one event goes out per change.
"""

from __future__ import annotations

from flamenco.events import Event
from flamenco.events.facts import FarmStatusChanged
from flamenco.services import Services
from flamenco.store import rows

# Seconds between polls when nothing wakes the watch, as Flamenco.
POLL_PERIOD = 30.0


def _counts(sql: str) -> dict[str, int]:
    return {status: int(count) for status, count in rows.execute(sql).fetchall()}


def farm_status() -> str:
    """One of Flamenco 3.8's `FarmStatus` values, from the workers and jobs stored now."""
    workers = _counts("SELECT status, COUNT(*) FROM worker WHERE deleted_at IS NULL GROUP BY status")
    if not any(count for status, count in workers.items() if status not in ("offline", "error")):
        return "inoperative"
    jobs = _counts("SELECT status, COUNT(*) FROM job WHERE status IN ('active', 'queued') GROUP BY status")
    any_job_active = jobs.get("active", 0) > 0
    work_available = any_job_active or jobs.get("queued", 0) > 0
    any_awake = workers.get("awake", 0) > 0
    all_asleep = not any_awake and workers.get("asleep", 0) > 0
    if any_job_active and any_awake:
        return "active"
    if work_available:
        return "waiting"
    if all_asleep:
        return "asleep"
    return "idle"


def status_changed(event: Event) -> bool:
    """A job or worker changed status (what makes Flamenco look again at once)."""
    if event.kind not in ("job", "worker"):
        return False
    data = event.data
    if event.kind == "job" and data.was_deleted:
        return True
    return data.previous_status is not None and data.previous_status != (
        data.job.status if event.kind == "job" else data.worker.status
    )


class FarmStatusWatch:
    """Polls the farm status and announces each change (a `farm` event, Socket.IO `/status`)."""

    def __init__(self, svc: Services) -> None:
        self.svc = svc
        self.last = "starting"

    def poll(self) -> str:
        status = farm_status()
        if status != self.last:
            self.last = status
            self.svc.events.publish(Event("farm", FarmStatusChanged(status)))
        return status
