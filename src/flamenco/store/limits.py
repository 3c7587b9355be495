"""Running-task limits and tickets: the counters a claim takes and every way out of `active` gives back.

What is counted (design §4.3, §4.5, §7.3): a job's and a block's running tasks (`running`, against
`max_running`), each worker's running tasks of a job or block (`job_worker_running`,
`block_worker_running`, against `max_running_per_worker`), and tickets: a block's `tickets
{name: count}` are held while each of its tasks runs, per worker in `worker_ticket_use` and farm-wide
in `ticket.in_use` / `ticket.hosts`. Only tasks of a block are counted (`task.block_id`); a job with
limits has all its tasks in blocks (an implicit one for a Flamenco job, `scheduler.controls`), so an
ordinary Flamenco job never reaches this module and costs what it did before.

A counter is kept only while its limit is set (a job's `running` while `max_running` is set, …), so
unlimited jobs and blocks never write their rows on a claim or a completion. Setting a limit
re-derives the counter from the active tasks (:func:`recount_job`). Per-worker ticket use is kept for
every ticket a block names, defined or not, so defining a ticket later starts from the truth.

Taking is compare-and-increment, one statement per limited resource, in a fixed order (job, block,
job per worker, block per worker, tickets by name): on PostgreSQL a rival claim for the last slot
waits for the row lock, re-reads the committed value and updates nothing; the claimer then raises
:class:`ClaimLost` and its transaction rolls back. On SQLite claims run one at a time under the
writer lock, and the claim's `WHERE` already left out full jobs and blocks, so nothing is lost there.

Every status change that takes a task out of `active` calls :func:`give_back_task` (one task) or
:func:`give_back_where` (many), in the same transaction as the change: `store.tasks.set_status`,
`store.tasks.set_status_where` and job deletion (`store.deletion`). :func:`rederive_all` re-computes
every counter from the task rows at start-up and logs what it had to correct (a bug elsewhere).
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flamenco.store import rows

log = logging.getLogger(__name__)

# A ticket without a per-worker capacity does not limit a worker: any count fits.
_NO_CAPACITY = 2**31 - 1


class ClaimLost(Exception):
    """A limit or ticket filled up between the claim's choice and its counters (a concurrent claim
    won the last slot). The caller's transaction must roll back; the next attempt skips it."""


@dataclass(frozen=True)
class BlockLimits:
    """The limits that apply to the tasks of one block: its own and its job's."""

    block_id: int
    job_id: int
    job_max: int | None
    job_max_per_worker: int | None
    block_max: int | None
    block_max_per_worker: int | None
    tickets: dict[str, int]


_LIMITS_OF_BLOCK = (
    "SELECT b.id, b.job_id, j.max_running, j.max_running_per_worker, b.max_running,"
    " b.max_running_per_worker, b.tickets FROM block AS b JOIN job AS j ON j.id = b.job_id WHERE b.id = ?"
)


def parse_tickets(text: str | None) -> dict[str, int]:
    """A block's `tickets` column as {name: count}; anything that is not a positive count is ignored."""
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {str(name): int(count) for name, count in value.items() if isinstance(count, int) and count > 0}


def limits_of_block(block_id: int) -> BlockLimits | None:
    row = rows.execute(_LIMITS_OF_BLOCK, [block_id]).fetchone()
    if row is None:
        return None
    return BlockLimits(row[0], row[1], row[2], row[3], row[4], row[5], parse_tickets(row[6]))


def _ticket_definitions(names: Sequence[str]) -> dict[tuple[str, str], tuple[int, int | None]]:
    """{(name, scope): (capacity, max_hosts)} of the defined tickets among ``names``."""
    marks = ", ".join("?" * len(names))
    sql = f"SELECT name, scope, capacity, max_hosts FROM ticket WHERE name IN ({marks})"
    return {
        (name, scope): (capacity, max_hosts) for name, scope, capacity, max_hosts in rows.execute(sql, names)
    }


# --- taking (the claim) --------------------------------------------------------------------------


def take(block_id: int, worker_id: int, *, force: bool = False) -> None:
    """Count a task of the block that just became active on the worker; raises :class:`ClaimLost`
    when a limit or ticket is full. ``force``: count it even then (a task that is already running,
    e.g. re-activated by its worker, must be counted to be given back later)."""
    limits = limits_of_block(block_id)
    if limits is None:
        return
    _take_counter("job", limits.job_id, limits.job_max, force)
    _take_counter("block", limits.block_id, limits.block_max, force)
    _take_per_worker(
        "job_worker_running", "job_id", limits.job_id, worker_id, limits.job_max_per_worker, force
    )
    _take_per_worker(
        "block_worker_running", "block_id", limits.block_id, worker_id, limits.block_max_per_worker, force
    )
    if limits.tickets:
        _take_tickets(limits.tickets, worker_id, force)


def _take_counter(table: str, row_id: int, maximum: int | None, force: bool) -> None:
    if maximum is None:
        return
    guard = "" if force else " AND running < max_running"
    updated = rows.execute(f"UPDATE {table} SET running = running + 1 WHERE id = ?{guard}", [row_id]).rowcount
    if updated != 1:
        raise ClaimLost(f"{table} {row_id} runs its maximum of {maximum} tasks")


def _take_per_worker(
    table: str, column: str, row_id: int, worker_id: int, maximum: int | None, force: bool
) -> None:
    if maximum is None:
        return
    if maximum < 1 and not force:
        raise ClaimLost(f"{table}: at most {maximum} tasks per worker")
    limit = _NO_CAPACITY if force else maximum
    sql = (
        f"INSERT INTO {table} ({column}, worker_id, running) VALUES (?, ?, 1)"
        f" ON CONFLICT ({column}, worker_id) DO UPDATE SET running = {table}.running + 1"
        f" WHERE {table}.running < ? RETURNING running"
    )
    if rows.execute(sql, [row_id, worker_id, limit]).fetchone() is None:
        raise ClaimLost(f"{table}: worker {worker_id} runs its maximum of {maximum} tasks")


def _take_tickets(tickets: dict[str, int], worker_id: int, force: bool) -> None:
    defined = _ticket_definitions(sorted(tickets))
    for name in sorted(tickets):
        count = tickets[name]
        worker_capacity = defined.get((name, "worker"), (_NO_CAPACITY, None))[0]
        if force:
            worker_capacity = _NO_CAPACITY
        elif count > worker_capacity:
            raise ClaimLost(f"ticket {name}: {count} > {worker_capacity} per worker")
        used = rows.execute(
            "INSERT INTO worker_ticket_use (worker_id, name, in_use) VALUES (?, ?, ?)"
            " ON CONFLICT (worker_id, name) DO UPDATE SET in_use = worker_ticket_use.in_use + ?"
            " WHERE worker_ticket_use.in_use + ? <= ? RETURNING in_use",
            [worker_id, name, count, count, count, worker_capacity],
        ).fetchone()
        if used is None:
            raise ClaimLost(f"ticket {name}: worker {worker_id} holds its capacity")
        if (name, "farm") not in defined:
            continue
        new_holder = 1 if used[0] == count else 0
        guard = (
            ""
            if force
            else " AND in_use + ? <= capacity AND (? = 0 OR max_hosts IS NULL OR hosts < max_hosts)"
        )
        params: list[Any] = [count, new_holder, name] + ([] if force else [count, new_holder])
        sql = (
            "UPDATE ticket SET in_use = in_use + ?, hosts = hosts + ?"
            f" WHERE name = ? AND scope = 'farm'{guard}"
        )
        if rows.execute(sql, params).rowcount != 1:
            raise ClaimLost(f"ticket {name}: the farm's capacity is in use")


# --- giving back (every way out of `active`) -----------------------------------------------------


def give_back_task(block_id: int | None, worker_id: int | None) -> None:
    """A task of the block left `active` on the worker: give back what it held. Free for tasks
    outside blocks (an ordinary Flamenco job): no statement at all."""
    if block_id is None or worker_id is None:
        return
    give_back(block_id, worker_id, 1)


def give_back_where(where: str, params: Sequence[Any]) -> None:
    """Tasks matching ``where`` (over `task`) are about to leave `active`, in one mass statement:
    give back what their running ones held, one group per (block, worker)."""
    sql = (
        "SELECT block_id, worker_id, COUNT(*) FROM task"
        f" WHERE ({where}) AND status = 'active' AND block_id IS NOT NULL AND worker_id IS NOT NULL"
        " GROUP BY block_id, worker_id ORDER BY block_id, worker_id"
    )
    for block_id, worker_id, count in rows.execute(sql, params).fetchall():
        give_back(block_id, worker_id, count)


def give_back(block_id: int, worker_id: int, count: int) -> None:
    """Give back ``count`` running tasks of the block on the worker, in the claim's lock order."""
    limits = limits_of_block(block_id)
    if limits is None:
        return
    if limits.job_max is not None:
        rows.execute("UPDATE job SET running = running - ? WHERE id = ?", [count, limits.job_id])
    if limits.block_max is not None:
        rows.execute("UPDATE block SET running = running - ? WHERE id = ?", [count, block_id])
    if limits.job_max_per_worker is not None:
        rows.execute(
            "UPDATE job_worker_running SET running = running - ? WHERE job_id = ? AND worker_id = ?",
            [count, limits.job_id, worker_id],
        )
    if limits.block_max_per_worker is not None:
        rows.execute(
            "UPDATE block_worker_running SET running = running - ? WHERE block_id = ? AND worker_id = ?",
            [count, block_id, worker_id],
        )
    for name in sorted(limits.tickets):
        held = limits.tickets[name] * count
        left = rows.execute(
            "UPDATE worker_ticket_use SET in_use = in_use - ?"
            " WHERE worker_id = ? AND name = ? RETURNING in_use",
            [held, worker_id, name],
        ).fetchone()
        gone = 1 if left is not None and left[0] <= 0 else 0
        rows.execute(
            "UPDATE ticket SET in_use = in_use - ?, hosts = hosts - ? WHERE name = ? AND scope = 'farm'",
            [held, gone, name],
        )


# --- re-deriving (limits set on running work, tickets defined, the start-up drift guard) ---------

_ACTIVE_BY_BLOCK_AND_WORKER = (
    "SELECT t.block_id, t.worker_id, COUNT(*) FROM task AS t"
    " WHERE t.status = 'active' AND t.block_id IS NOT NULL AND t.worker_id IS NOT NULL{where}"
    " GROUP BY t.block_id, t.worker_id"
)


def recount_job(job_id: int) -> int:
    """Re-derive the job's and its blocks' counters from its active tasks (after its limits
    changed, under the job's row lock); returns how many counters were wrong."""
    fixed = rows.execute(
        "UPDATE job SET running = CASE WHEN max_running IS NULL THEN 0 ELSE"
        " (SELECT COUNT(*) FROM task WHERE task.job_id = job.id AND task.status = 'active') END"
        " WHERE id = ? AND running <> CASE WHEN max_running IS NULL THEN 0 ELSE"
        " (SELECT COUNT(*) FROM task WHERE task.job_id = job.id AND task.status = 'active') END",
        [job_id],
    ).rowcount
    fixed += rows.execute(
        "UPDATE block SET running = CASE WHEN max_running IS NULL THEN 0 ELSE"
        " (SELECT COUNT(*) FROM task WHERE task.block_id = block.id AND task.status = 'active') END"
        " WHERE job_id = ? AND running <> CASE WHEN max_running IS NULL THEN 0 ELSE"
        " (SELECT COUNT(*) FROM task WHERE task.block_id = block.id AND task.status = 'active') END",
        [job_id],
    ).rowcount
    groups = rows.execute(_ACTIVE_BY_BLOCK_AND_WORKER.format(where=" AND t.job_id = ?"), [job_id]).fetchall()
    fixed += _set_per_worker(groups, job_ids=[job_id])
    return fixed


def _set_per_worker(groups: list[tuple[int, int, int]], job_ids: list[int] | None) -> int:
    """Make the per-worker counter rows of the jobs (None: all) equal to the active groups."""
    meta = _block_meta([block_id for block_id, _, _ in groups], job_ids)
    want_block: dict[tuple[int, int], int] = defaultdict(int)
    want_job: dict[tuple[int, int], int] = defaultdict(int)
    for block_id, worker_id, count in groups:
        job_id, job_limited, block_limited = meta[block_id]
        if block_limited:
            want_block[(block_id, worker_id)] += count
        if job_limited:
            want_job[(job_id, worker_id)] += count
    scope_sql, scope = _scope(job_ids, "job_id")
    have_job = {
        (j, w): n
        for j, w, n in rows.execute(
            f"SELECT job_id, worker_id, running FROM job_worker_running{scope_sql}", scope
        )
    }
    block_scope_sql = (
        ""
        if job_ids is None
        else f" WHERE block_id IN (SELECT id FROM block WHERE job_id IN ({_marks(job_ids)}))"
    )
    have_block = {
        (b, w): n
        for b, w, n in rows.execute(
            f"SELECT block_id, worker_id, running FROM block_worker_running{block_scope_sql}", job_ids or []
        )
    }
    fixed = _sync("job_worker_running", "job_id", have_job, want_job)
    return fixed + _sync("block_worker_running", "block_id", have_block, want_block)


def _block_meta(block_ids: list[int], job_ids: list[int] | None) -> dict[int, tuple[int, bool, bool]]:
    """{block id: (job id, job has a per-worker limit, block has one)}."""
    block_ids = sorted(set(block_ids))
    if not block_ids:
        return {}
    sql = (
        "SELECT b.id, b.job_id, j.max_running_per_worker IS NOT NULL, b.max_running_per_worker IS NOT NULL"
        f" FROM block AS b JOIN job AS j ON j.id = b.job_id WHERE b.id IN ({_marks(block_ids)})"
    )
    return {b: (j, bool(jl), bool(bl)) for b, j, jl, bl in rows.execute(sql, block_ids)}


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))


def _scope(ids: list[int] | None, column: str) -> tuple[str, list[int]]:
    if ids is None:
        return "", []
    return f" WHERE {column} IN ({_marks(ids)})", list(ids)


def _sync(table: str, column: str, have: dict[tuple[Any, int], int], want: dict[tuple[Any, int], int]) -> int:
    """Write the differences between two {(row id, worker id): running} maps; returns their number."""
    fixed = 0
    for key in sorted(set(have) | set(want), key=str):
        if have.get(key, 0) == want.get(key, 0):
            continue
        fixed += 1
        row_id, worker_id = key
        if key in have:
            rows.execute(
                f"UPDATE {table} SET running = ? WHERE {column} = ? AND worker_id = ?",
                [want.get(key, 0), row_id, worker_id],
            )
        else:
            rows.execute(
                f"INSERT INTO {table} ({column}, worker_id, running) VALUES (?, ?, ?)",
                [row_id, worker_id, want[key]],
            )
    return fixed


def recount_tickets(names: Sequence[str] | None = None) -> int:
    """Re-derive ticket use (per worker and farm-wide) from the active tasks; ``names``: only these.
    Returns how many counters were wrong."""
    groups = rows.execute(_ACTIVE_BY_BLOCK_AND_WORKER.format(where=""), []).fetchall()
    tickets_of: dict[int, dict[str, int]] = {}
    if groups:
        block_ids = sorted({block_id for block_id, _, _ in groups})
        sql = f"SELECT id, tickets FROM block WHERE id IN ({_marks(block_ids)})"
        tickets_of = {block_id: parse_tickets(text) for block_id, text in rows.execute(sql, block_ids)}
    want: dict[tuple[str, int], int] = defaultdict(int)
    for block_id, worker_id, count in groups:
        for name, per_task in tickets_of.get(block_id, {}).items():
            if names is None or name in names:
                want[(name, worker_id)] += per_task * count
    scope_sql, scope = _scope(list(names) if names is not None else None, "name")
    have = {
        (name, w): n
        for w, name, n in rows.execute(
            f"SELECT worker_id, name, in_use FROM worker_ticket_use{scope_sql}", scope
        )
    }
    fixed = 0
    for name, worker_id in sorted(set(have) | set(want)):
        value = want.get((name, worker_id), 0)
        if have.get((name, worker_id), 0) == value:
            continue
        fixed += 1
        if (name, worker_id) in have:
            rows.execute(
                "UPDATE worker_ticket_use SET in_use = ? WHERE worker_id = ? AND name = ?",
                [value, worker_id, name],
            )
        else:
            rows.execute(
                "INSERT INTO worker_ticket_use (worker_id, name, in_use) VALUES (?, ?, ?)",
                [worker_id, name, value],
            )
    # Per-worker tickets are counted in `worker_ticket_use`; their own row holds no use.
    fixed += rows.execute(
        f"UPDATE ticket SET in_use = 0, hosts = 0 WHERE scope = 'worker' AND (in_use <> 0 OR hosts <> 0)"
        f"{scope_sql.replace(' WHERE', ' AND')}",
        scope,
    ).rowcount
    in_use: dict[str, int] = defaultdict(int)
    hosts: dict[str, int] = defaultdict(int)
    for (name, _worker_id), value in want.items():
        in_use[name] += value
        hosts[name] += 1 if value > 0 else 0
    for name, used, holders in rows.execute(
        f"SELECT name, in_use, hosts FROM ticket WHERE scope = 'farm'{scope_sql.replace(' WHERE', ' AND')}",
        scope,
    ).fetchall():
        if (used, holders) != (in_use.get(name, 0), hosts.get(name, 0)):
            fixed += 1
            rows.execute(
                "UPDATE ticket SET in_use = ?, hosts = ? WHERE name = ? AND scope = 'farm'",
                [in_use.get(name, 0), hosts.get(name, 0), name],
            )
    return fixed


def rederive_all() -> int:
    """The drift guard: every counter re-derived from the task rows; logs and returns corrections.

    The counters are maintained exactly by the claim and the paths out of `active`; a correction
    here means one of those paths missed (a bug) or a process died mid-way on a database without
    transactions (never). Run at start-up, inside a write transaction.
    """
    fixed = rows.execute(
        "UPDATE job SET running = CASE WHEN max_running IS NULL THEN 0 ELSE"
        " (SELECT COUNT(*) FROM task WHERE task.job_id = job.id AND task.status = 'active') END"
        " WHERE running <> CASE WHEN max_running IS NULL THEN 0 ELSE"
        " (SELECT COUNT(*) FROM task WHERE task.job_id = job.id AND task.status = 'active') END"
    ).rowcount
    fixed += rows.execute(
        "UPDATE block SET running = CASE WHEN max_running IS NULL THEN 0 ELSE"
        " (SELECT COUNT(*) FROM task WHERE task.block_id = block.id AND task.status = 'active') END"
        " WHERE running <> CASE WHEN max_running IS NULL THEN 0 ELSE"
        " (SELECT COUNT(*) FROM task WHERE task.block_id = block.id AND task.status = 'active') END"
    ).rowcount
    groups = rows.execute(_ACTIVE_BY_BLOCK_AND_WORKER.format(where=""), []).fetchall()
    fixed += _set_per_worker(groups, job_ids=None)
    fixed += recount_tickets()
    if fixed:
        log.error("running-task counters drifted: corrected %d (a path out of 'active' missed them)", fixed)
    return fixed
