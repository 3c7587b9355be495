"""Which job received the farm's most recent rendered image (table ``last_rendered``, one row).

The images themselves are files beside the job's task logs (`flamenco.last_rendered`); only the
farm-wide pointer needs the database, so that every Manager process answers the same for
`fetchGlobalLastRenderedInfo`. The row goes with its job (``ON DELETE CASCADE``).
"""

from __future__ import annotations

from datetime import datetime

from flamenco.store import rows
from flamenco.store.db import write_transaction

_ROW_ID = 1  # the one row


def set_last_rendered(job_uuid: str, now: datetime) -> bool:
    """Point the farm-wide last-rendered image at this job; False when the job no longer exists."""
    with write_transaction():
        found = rows.execute("SELECT id FROM job WHERE uuid = ?", [job_uuid]).fetchone()
        if found is None:
            return False
        rows.execute(
            "INSERT INTO last_rendered (id, job_id, updated) VALUES (?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET job_id = excluded.job_id, updated = excluded.updated",
            [_ROW_ID, found[0], now],
        )
    return True


def last_rendered_job_uuid() -> str | None:
    """The UUID of the job that received the most recent image, or None (none yet, or deleted)."""
    row = rows.execute(
        "SELECT job.uuid FROM last_rendered JOIN job ON job.id = last_rendered.job_id"
        " WHERE last_rendered.id = ?",
        [_ROW_ID],
    ).fetchone()
    return row[0] if row else None


def job_accepts_images(job_uuid: str) -> bool:
    """Whether images of this job may still be stored: it exists and nobody asked to delete it."""
    row = rows.execute("SELECT delete_requested_at FROM job WHERE uuid = ?", [job_uuid]).fetchone()
    return row is not None and row[0] is None
