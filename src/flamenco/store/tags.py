"""Worker tags: groups of workers that a job can be limited to (Flamenco 3.8).

A job with a tag runs only on workers that are members of it; a job without one runs on any worker
(the claim's rule, `flamenco.store.tasks`). Deleting a tag removes its memberships and leaves the
jobs it limited untagged (the foreign keys' ON DELETE actions).
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Sequence
from datetime import datetime

from flamenco.errors import BadRequest, Conflict, NotFound
from flamenco.store import rows
from flamenco.store.records import TagInfo

_SELECT = "SELECT id, uuid, name, description FROM worker_tag"


def tag_id(tag_uuid: str) -> int | None:
    """The row id of the tag with this UUID, or None when there is no such tag."""
    row = rows.execute("SELECT id FROM worker_tag WHERE uuid = ?", [tag_uuid]).fetchone()
    return row[0] if row else None


def all_tags() -> list[TagInfo]:
    return [TagInfo(*row) for row in rows.execute(f"{_SELECT} ORDER BY name, uuid").fetchall()]


def get_tag(tag_uuid: str) -> TagInfo:
    row = rows.execute(f"{_SELECT} WHERE uuid = ?", [tag_uuid]).fetchone()
    if row is None:
        raise NotFound(f"no worker tag with ID {tag_uuid}")
    return TagInfo(*row)


def find_by_name(name: str) -> TagInfo | None:
    row = rows.execute(f"{_SELECT} WHERE name = ?", [name]).fetchone()
    return TagInfo(*row) if row else None


def _check_name(name: str, *, other_than: str | None = None) -> str:
    cleaned = name.strip()
    if not cleaned:
        raise BadRequest("a worker tag needs a name")
    if len(cleaned) > 64:
        raise BadRequest("a worker tag's name is at most 64 characters")
    existing = find_by_name(cleaned)
    if existing is not None and existing.uuid != other_than:
        raise Conflict(f"there already is a worker tag named {cleaned!r}")
    return cleaned


def create(name: str, description: str, now: datetime, tag_uuid: str | None = None) -> TagInfo:
    """Store a new tag; a UUID the client chose is kept (as Flamenco does), else one is made."""
    cleaned = _check_name(name)
    tag_uuid = tag_uuid or str(uuidlib.uuid4())
    if tag_id(tag_uuid) is not None:
        raise Conflict(f"there already is a worker tag with ID {tag_uuid}")
    stamp = rows.stamp(now)
    sql = (
        "INSERT INTO worker_tag (uuid, name, description, created, updated) VALUES (?, ?, ?, ?, ?)"
        " RETURNING id, uuid, name, description"
    )
    return TagInfo(*rows.execute(sql, [tag_uuid, cleaned, description, stamp, stamp]).fetchone())


def update(tag_uuid: str, name: str, description: str | None, now: datetime) -> TagInfo:
    """Rename a tag; its description changes only when one is given (as Flamenco does)."""
    current = get_tag(tag_uuid)
    cleaned = _check_name(name, other_than=tag_uuid)
    sql = (
        "UPDATE worker_tag SET name = ?, description = ?, updated = ? WHERE id = ?"
        " RETURNING id, uuid, name, description"
    )
    new_description = current.description if description is None else description
    params = [cleaned, new_description, rows.stamp(now), current.id]
    return TagInfo(*rows.execute(sql, params).fetchone())


def delete(tag_uuid: str) -> TagInfo:
    """Remove a tag, its memberships, and the limit it put on jobs (those run anywhere now)."""
    tag = get_tag(tag_uuid)
    # The foreign keys do the rest (both databases enforce them): memberships cascade, and the
    # jobs' `worker_tag_id` is set to NULL.
    rows.execute("DELETE FROM worker_tag WHERE id = ?", [tag.id])
    return tag


def tags_of_worker(worker_id: int) -> list[TagInfo]:
    sql = (
        "SELECT t.id, t.uuid, t.name, t.description FROM worker_tag AS t"
        " JOIN worker_tag_membership AS m ON m.tag_id = t.id WHERE m.worker_id = ? ORDER BY t.name"
    )
    return [TagInfo(*row) for row in rows.execute(sql, [worker_id]).fetchall()]


def tags_by_worker() -> dict[int, list[TagInfo]]:
    """Every worker's tags, for worker lists (one query for the whole farm)."""
    sql = (
        "SELECT m.worker_id, t.id, t.uuid, t.name, t.description FROM worker_tag AS t"
        " JOIN worker_tag_membership AS m ON m.tag_id = t.id ORDER BY t.name"
    )
    found: dict[int, list[TagInfo]] = {}
    for worker_id, *tag in rows.execute(sql).fetchall():
        found.setdefault(worker_id, []).append(TagInfo(*tag))
    return found


def set_worker_tags(worker_id: int, tag_uuids: Sequence[str]) -> list[TagInfo]:
    """Make the worker a member of exactly these tags; an unknown tag refuses the whole change."""
    ids: dict[int, None] = {}
    for tag_uuid in tag_uuids:
        found = tag_id(tag_uuid)
        if found is None:
            raise BadRequest(f"there is no worker tag with ID {tag_uuid}")
        ids[found] = None
    rows.execute("DELETE FROM worker_tag_membership WHERE worker_id = ?", [worker_id])
    for found in ids:
        rows.execute(
            "INSERT INTO worker_tag_membership (tag_id, worker_id) VALUES (?, ?)", [found, worker_id]
        )
    return tags_of_worker(worker_id)


def member_names(tag_id_: int) -> list[str]:
    """Names of the tag's workers (for listings)."""
    sql = (
        "SELECT w.name FROM worker AS w JOIN worker_tag_membership AS m ON m.worker_id = w.id"
        " WHERE m.tag_id = ? AND w.deleted_at IS NULL ORDER BY w.name"
    )
    return [name for (name,) in rows.execute(sql, [tag_id_]).fetchall()]
