"""From an Afanasy job document to concrete tasks and dependencies (pure functions, no database).

The Manager's Afanasy door will store what these functions produce: one task per Afanasy task,
with its name, command, preview files, frame range and environment, and the dependencies between
blocks and between tasks. Afanasy computes the same things on its server (task names, frame
ranges, task-on-task dependencies) and on the render host (commands and files); the rules here are
those, read from its sources and restated (``docs/design/pipeline-jobs.md`` §3.1, §4.2).

Everything is a generator or plain arithmetic, so a block of 100,000 frames costs no more memory
than the batch being inserted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from flamenco.af.flags import BLOCK_FLAGS, fill_numbers


@dataclass(frozen=True)
class TaskSpec:
    """One task as a worker will run it."""

    number: int
    name: str
    command: str
    files: list[str]
    frame_first: int
    frame_last: int
    environment: dict[str, str] = field(default_factory=dict)


def is_numeric(block: dict[str, Any]) -> bool:
    """A block is a frame range when its numeric flag is set or it lists no tasks.

    Afanasy itself reads only the flag (since 2016); the "no tasks" rule is its older one, which the
    documented minimal job document relies on.
    """
    flags = block.get("flags", 0)
    flagged = isinstance(flags, int) and bool(flags & BLOCK_FLAGS["numeric"])
    return flagged or "tasks" not in block


def _trunc_div(a: int, b: int) -> int:
    """Integer division rounding toward zero, as Afanasy's C++ does (Python's ``//`` floors)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def task_count(block: dict[str, Any]) -> int:
    if not is_numeric(block):
        return len(block.get("tasks", []))
    first, last = block.get("frame_first", 0), block.get("frame_last", 0)
    per_task, inc = block.get("frames_per_task", 1), block.get("frames_inc", 1)
    frames = _trunc_div(last - first, inc) + 1
    return -(-frames // per_task)


def task_frames(block: dict[str, Any], number: int) -> tuple[int, int]:
    """First and last frame of a task. String blocks have frames too: ``frames_per_task`` per task
    counted from 0 (negative: several tasks share a frame), which is what lets a string block and a
    numeric block depend on each other task by task."""
    per_task = block.get("frames_per_task", 1)
    if not is_numeric(block):
        if per_task > 0:
            start = number * per_task
            return start, start + per_task - 1
        start = _trunc_div(number, -per_task)
        return start, start
    first, last, inc = block.get("frame_first", 0), block.get("frame_last", 0), block.get("frames_inc", 1)
    start = first + number * per_task * inc
    span = per_task * inc - 1
    if start + span > last:
        span = last - start
    if inc > 1:
        span -= span % inc
    return start, start + span


def _raw_task_number(block: dict[str, Any], frame: int) -> int:
    numeric = is_numeric(block)
    first = block.get("frame_first", 0) if numeric else 0
    per_task = block.get("frames_per_task", 1)
    inc = block.get("frames_inc", 1) if numeric else 1
    number = frame - first
    number = _trunc_div(number, per_task) if per_task > 0 else number * -per_task
    return _trunc_div(number, inc) if inc > 1 else number


def task_number_of_frame(block: dict[str, Any], frame: int) -> tuple[int, bool]:
    """The task holding ``frame`` (clamped to the block's tasks) and whether the frame is in range."""
    numeric = is_numeric(block)
    first, last = (block.get("frame_first", 0), block.get("frame_last", 0)) if numeric else (0, 0)
    number = _raw_task_number(block, frame)
    count = task_count(block)
    valid = first <= frame <= last and 0 <= number < count
    return min(max(number, 0), count - 1), valid


def _combine(block_part: str, task_part: str) -> str:
    """A string block's command (or file) pattern with a task's part: ``@#@`` replaced by it, else
    appended to it; an empty task part leaves the block's pattern, an empty block pattern the task's."""
    if not block_part:
        return task_part
    if not task_part:
        return block_part
    return block_part.replace("@#@", task_part) if "@#@" in block_part else block_part + task_part


def _task_name(block: dict[str, Any], number: int, first: int, last: int) -> str:
    pattern = block.get("tasks_name", "")
    if is_numeric(block):
        if pattern:
            return fill_numbers(pattern, first, last)
        if first == last:
            return f"frame {first}"
        inc = block.get("frames_inc", 1)
        return f"frame {first}-{last}" + (f" / {inc}" if inc > 1 else "")
    name = block["tasks"][number].get("name", "")
    return pattern.replace("@#@", name) if pattern else name


def _files(block: dict[str, Any], task: dict[str, Any] | None, first: int, last: int) -> list[str]:
    """Preview files: each block pattern for each frame of the task (numeric), or combined with each
    of the task's files (string blocks; a task's files without block patterns are not used)."""
    files: list[str] = []
    inc = block.get("frames_inc", 1) if is_numeric(block) else 1
    for pattern in block.get("files", []):
        if task is None:
            files.extend(fill_numbers(pattern, frame, frame) for frame in range(first, last + 1, max(inc, 1)))
            continue
        parts = [_combine(pattern, part) for part in task.get("files", []) if part]
        files.extend(parts or [pattern])
    return files


def block_tasks(block: dict[str, Any]) -> Iterator[TaskSpec]:
    """Every task of a block, in order."""
    environment = dict(block.get("environment", {}))
    command = block.get("command", "")
    numeric = is_numeric(block)
    for number in range(task_count(block)):
        first, last = task_frames(block, number)
        if numeric:
            yield TaskSpec(
                number,
                _task_name(block, number, first, last),
                fill_numbers(command, first, last),
                _files(block, None, first, last),
                first,
                last,
                environment,
            )
            continue
        task = block["tasks"][number]
        yield TaskSpec(
            number,
            _task_name(block, number, first, last),
            _combine(command, task.get("command", "")),
            _files(block, task, first, last),
            first,
            last,
            {**environment, **task.get("environment", {})},
        )


def matching_blocks(mask: str, blocks: list[dict[str, Any]], own_index: int) -> list[int]:
    """Indexes of the job's other blocks whose whole name matches ``mask`` (empty mask: none)."""
    if not mask:
        return []
    pattern = re.compile(mask)
    return [
        index
        for index, block in enumerate(blocks)
        if index != own_index and pattern.fullmatch(str(block.get("name", "")))
    ]


def depended_task_range(block: dict[str, Any], number: int, other: dict[str, Any]) -> range:
    """The tasks of ``other`` that task ``number`` of ``block`` waits for under a tasks depend mask:
    those holding the same frames (numbers of string blocks count from 0, numeric from the first
    frame, so they are shifted when the two kinds meet)."""
    first, last = task_frames(block, number)
    numeric, other_numeric = is_numeric(block), is_numeric(other)
    if numeric and not other_numeric:
        first -= block.get("frame_first", 0)
        last -= block.get("frame_first", 0)
    elif not numeric and other_numeric:
        first += other.get("frame_first", 0)
        last += other.get("frame_first", 0)
    first_task, _ = task_number_of_frame(other, first)
    if other.get("frames_per_task", 1) < 0:
        # Several tasks per frame (tiles, sub-frames): every task of the frames first..last, i.e. up
        # to the task before the next frame's first one. (Afanasy's server does this only when that
        # frame is in range, which string blocks' frames never are; we always do.)
        last_task = min(_raw_task_number(other, last + 1) - 1, task_count(other) - 1)
    else:
        last_task, _ = task_number_of_frame(other, last)
    return range(first_task, last_task + 1)


@dataclass(frozen=True)
class BlockDependencies:
    """What one block waits for: whole blocks, and blocks whose matching frames it waits for."""

    blocks: list[int]
    tasks_of_blocks: list[int]


def block_dependencies(blocks: list[dict[str, Any]]) -> list[BlockDependencies]:
    return [
        BlockDependencies(
            matching_blocks(block.get("depend_mask", ""), blocks, index),
            matching_blocks(block.get("tasks_depend_mask", ""), blocks, index),
        )
        for index, block in enumerate(blocks)
    ]


def dependency_cycle(blocks: list[dict[str, Any]]) -> list[str] | None:
    """Block names forming a cycle of depend masks (which would wait forever), or None."""
    deps = block_dependencies(blocks)
    edges = [sorted(set(d.blocks) | set(d.tasks_of_blocks)) for d in deps]
    state = [0] * len(blocks)  # 0 new, 1 on the path, 2 done
    path: list[int] = []

    def visit(node: int) -> list[int] | None:
        state[node] = 1
        path.append(node)
        for nxt in edges[node]:
            if state[nxt] == 1:
                return [*path[path.index(nxt) :], nxt]
            if state[nxt] == 0:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for start in range(len(blocks)):
        if state[start] == 0:
            cycle = visit(start)
            if cycle:
                return [str(blocks[i].get("name", i)) for i in cycle]
    return None
