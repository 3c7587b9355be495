"""Big jobs are checked and stored in batches while the job type still adds tasks.

A sink that keeps what it is given stands in for the store here; `tests/store/test_big_jobs.py`
stores real jobs.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import datetime

import pytest

from flamenco.jobtypes import AuthoredCommand, AuthoredTask, CompilingJob, JobCompileError, authoring
from flamenco.jobtypes.loader import JobType
from flamenco.jobtypes.registry import JobCompilation


class KeepingSink:
    """Gives out ids 1, 2, 3, ... and keeps every batch with its commands."""

    def __init__(self) -> None:
        self.batches: list[list[tuple[str, str, list[int]]]] = []
        self.next_id = 1

    def write(self, tasks: Sequence[AuthoredTask], commands: Sequence[str]) -> list[int]:
        ids = list(range(self.next_id, self.next_id + len(tasks)))
        self.next_id += len(tasks)
        here = {id(task): task_id for task, task_id in zip(tasks, ids, strict=True)}
        batch = [
            (task.name, text, sorted(here.get(id(d)) or d.stored_id for d in task.depends_on))
            for task, text in zip(tasks, commands, strict=True)
        ]
        self.batches.append(batch)
        return ids


class BrokenSink:
    def write(self, tasks: Sequence[AuthoredTask], commands: Sequence[str]) -> list[int]:
        raise OSError("disk full")


def job(sink, batch_size: int = 3) -> CompilingJob:
    return CompilingJob(
        name="j",
        priority=50,
        created=datetime(2026, 1, 1),
        settings={},
        metadata={},
        sink=sink,
        batch_size=batch_size,
    )


def task(name: str, *after: AuthoredTask) -> AuthoredTask:
    result = AuthoredTask(name, "misc", [AuthoredCommand("echo", {"message": name})])
    for prerequisite in after:
        result.add_dependency(prerequisite)
    return result


def test_full_batches_are_stored_as_they_fill_and_the_rest_at_the_end():
    sink = KeepingSink()
    compiling = job(sink)
    first = task("t1")
    compiling.add_task(first)
    for number in range(2, 8):
        compiling.add_task(task(f"t{number}", first))
    assert [len(batch) for batch in sink.batches] == [3, 3]
    compiling.finish()
    assert [len(batch) for batch in sink.batches] == [3, 3, 1]
    names = [name for batch in sink.batches for name, _, _ in batch]
    assert names == [f"t{n}" for n in range(1, 8)]
    assert sink.batches[2] == [("t7", '[{"name":"echo","parameters":{"message":"t7"}}]', [1])]
    assert first.stored_id == 1 and not first.commands  # only what dependents need is kept


def test_a_stored_task_cannot_change_any_more():
    compiling = job(KeepingSink())
    early = task("early")
    for added in (early, task("b"), task("c")):
        compiling.add_task(added)
    with pytest.raises(JobCompileError, match=r"before job\.add_task"):
        early.add_command(AuthoredCommand("echo", {}))
    with pytest.raises(JobCompileError, match="after the task was stored"):
        early.add_dependency(task("x"))


def test_a_dependency_added_after_its_dependent_was_stored_is_refused():
    compiling = job(KeepingSink())
    later = task("later")
    compiling.add_task(task("a", later))
    compiling.add_task(task("b"))
    with pytest.raises(
        JobCompileError, match=r"'later', which was not added to the job before 'a' was stored"
    ):
        compiling.add_task(task("c"))


def test_forward_dependencies_within_a_batch_are_fine_and_cycles_are_caught():
    sink = KeepingSink()
    compiling = job(sink)
    a, b = task("a"), task("b")
    a.add_dependency(b)
    for added in (a, b, task("c")):
        compiling.add_task(added)
    assert sink.batches[0][0] == ("a", sink.batches[0][0][1], [2])
    x, y = task("x"), task("y")
    x.add_dependency(y)
    y.add_dependency(x)
    compiling.add_task(x)
    compiling.add_task(y)
    with pytest.raises(JobCompileError, match="cycle"):
        compiling.add_task(task("z"))


def test_a_failing_sink_fails_the_compile_with_its_own_error_even_if_the_job_type_swallows_it():
    def swallowing(compiling: CompilingJob) -> None:
        for number in range(10):
            with contextlib.suppress(Exception):  # a sloppy job type
                compiling.add_task(task(f"t{number}"))

    compilation = JobCompilation(JobType("sloppy", "Sloppy", [], swallowing, "test"), job(None))
    with pytest.raises(OSError, match="disk full"):
        compilation.run(BrokenSink())


def test_jobs_up_to_one_batch_are_checked_whole_before_anything_is_stored(monkeypatch):
    monkeypatch.setattr(authoring, "STORE_BATCH", 5)
    sink = KeepingSink()
    compiling = CompilingJob(
        name="j", priority=50, created=datetime(2026, 1, 1), settings={}, metadata={}, sink=sink
    )
    for number in range(4):
        compiling.add_task(task(f"t{number}"))
    assert sink.batches == []
    compiling.finish()
    assert len(sink.batches) == 1
