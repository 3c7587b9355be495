"""Worker tags: groups of workers that a job can be limited to (Flamenco 3.8)."""

from __future__ import annotations

from flamenco.store import rows


def tag_id(tag_uuid: str) -> int | None:
    """The row id of the tag with this UUID, or None when there is no such tag."""
    row = rows.execute("SELECT id FROM worker_tag WHERE uuid = ?", [tag_uuid]).fetchone()
    return row[0] if row else None
