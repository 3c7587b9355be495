"""The objects a job type's ``compile_job`` builds, and the checks on what it built.

Job type code is written by admins and runs inside the Manager, so nothing it produces is trusted:
every task is checked before it is stored (types, membership, self-dependencies, cycles,
JSON-ability), and any problem becomes :class:`JobCompileError`, i.e. a 400 for the submitter rather
than a broken job in the database. Tasks are checked and stored in batches as they are added
(:class:`CompilingJob`), inside the transaction that stores the job, so a job refused halfway still
writes nothing.
"""

from __future__ import annotations

import json
import json.encoder
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from flamenco.jobtypes.errors import JobCompileError


@dataclass
class AuthoredCommand:
    """One command for a Worker to run, e.g. ``AuthoredCommand("echo", {"message": "hi"})``."""

    name: str
    parameters: dict[str, Any]


# How many added tasks a compiling job keeps before handing them to the store. Jobs up to this size
# are checked and stored whole, exactly as compiled; bigger ones are stored while they compile, so a
# 1,000,000-task job never holds more than this many tasks' commands in memory (it held all of them:
# 1.8 GB) and its rows are written while the job type still authors the next ones.
STORE_BATCH = 10_000


class TaskSink(Protocol):
    """Where a compiling job's tasks go, a batch at a time: the store's writer."""

    def write(self, tasks: Sequence[AuthoredTask], commands: Sequence[str]) -> Sequence[int]:
        """Store ``tasks`` after those written before; ``commands`` are their commands as JSON text.

        Every dependency of a task in ``tasks`` is in ``tasks`` or has a ``stored_id``. Returns the
        stored ids of ``tasks``, in order.
        """
        ...


_NOTHING: Any = ()  # a stored task's commands and dependencies: empty, and not to be appended to


# eq=False: tasks are identified by identity (two "render-1" tasks are different tasks), which also
# keeps them hashable and avoids comparing whole dependency graphs field by field. slots=True: a
# job type may keep a million of these (the render type's final task depends on every render task).
@dataclass(eq=False, slots=True)
class AuthoredTask:
    """A task being authored: a named list of commands for Workers that run ``task_type``.

    Give it its commands and dependencies before adding it to the job: a big job stores its tasks
    while it compiles, and a stored task can no longer change (it keeps only its name, to be
    depended on).
    """

    name: str
    task_type: str
    commands: list[AuthoredCommand] = field(default_factory=list)
    priority: int = 50
    # repr=False: printing a task would otherwise print its whole dependency tree.
    depends_on: list[AuthoredTask] = field(default_factory=list, repr=False)
    # Set when the task is stored: its row id, for the dependencies of tasks stored after it.
    stored_id: int | None = field(default=None, init=False, repr=False, compare=False)
    # The job it was added to; None until then.
    _job: CompilingJob | None = field(default=None, init=False, repr=False, compare=False)

    def add_command(self, command: AuthoredCommand) -> None:
        """Append ``command``; Workers run a task's commands in order."""
        self._check_unstored("add_command")
        if not isinstance(command, AuthoredCommand):
            raise JobCompileError(
                f"task {self.name!r}: add_command() needs an AuthoredCommand, got {command!r}"
            )
        self.commands.append(command)

    def add_dependency(self, task: AuthoredTask) -> None:
        """Make this task wait until ``task`` has completed."""
        self._check_unstored("add_dependency")
        if not isinstance(task, AuthoredTask):
            raise JobCompileError(f"task {self.name!r}: add_dependency() needs an AuthoredTask, got {task!r}")
        if task is self:
            raise JobCompileError(f"task {self.name!r} cannot depend on itself")
        self.depends_on.append(task)

    def _check_unstored(self, what: str) -> None:
        if self.stored_id is not None:
            raise JobCompileError(
                f"task {self.name!r}: {what}() after the task was stored; jobs of more than"
                f" {STORE_BATCH} tasks are stored while they compile, so give each task its commands"
                " and dependencies before job.add_task()"
            )

    def _stored(self, stored_id: int) -> None:
        """Keep only what later tasks need to depend on this one (a job type may hold a million)."""
        self.stored_id = stored_id
        self.commands = _NOTHING
        self.depends_on = _NOTHING


class CompilingJob:
    """The job as a job type's ``compile_job(job)`` sees it.

    ``settings`` are already validated with defaults applied; the compiler may change them (e.g. fill
    in a timestamp) and the changed settings are stored with the job. ``metadata`` is a copy.

    Added tasks wait in ``tasks`` until :data:`STORE_BATCH` of them have gathered; with a sink (the
    store), each full batch is then checked and stored, and ``tasks`` starts over. Without a sink
    they all stay, for :meth:`compiled`.
    """

    def __init__(
        self,
        *,
        name: str,
        priority: int,
        created: datetime,
        settings: dict[str, Any],
        metadata: dict[str, str],
        sink: TaskSink | None = None,
        batch_size: int | None = None,
    ) -> None:
        self.name = name
        self.priority = priority
        self.created = created
        self.settings = settings
        self.metadata = metadata
        self.tasks: list[AuthoredTask] = []  # added and not stored yet
        self.task_count = 0  # added in all
        self._sink = sink
        self._batch_size = batch_size or STORE_BATCH
        self.streaming = False  # a batch was stored while the job type was still adding tasks
        # Why storing a batch failed: re-raised unchanged even if the job type swallowed it, since
        # the tasks of that batch are gone (and with a database error, the transaction too).
        self.failure: BaseException | None = None

    def add_task(self, task: AuthoredTask) -> None:
        """Add ``task`` to the job; tasks are stored in the order they are added."""
        if not isinstance(task, AuthoredTask):
            raise JobCompileError(f"add_task() needs an AuthoredTask, got {task!r}")
        if task._job is not None:
            raise JobCompileError(f"task {task.name!r} was added to the job twice")
        task._job = self
        self.tasks.append(task)
        self.task_count += 1
        if self._sink is not None and len(self.tasks) >= self._batch_size:
            self.streaming = True
            self._store_batch()

    def finish(self) -> None:
        """Store the tasks still waiting (with a sink) after ``compile_job`` returned."""
        if self.failure is not None:
            raise self.failure
        if not isinstance(self.settings, dict):
            raise JobCompileError(f"job settings must be a dict, not {type(self.settings).__name__}")
        _check_json("job settings", self.settings)
        if self._sink is not None and self.tasks:
            self._store_batch()

    def compiled(self) -> CompiledJob:
        """Everything compiled, in memory (no sink): for tests and tools, not for storing."""
        self.finish()
        return CompiledJob(settings=self.settings, tasks=self.tasks)

    def _store_batch(self) -> None:
        assert self._sink is not None
        if self.failure is not None:
            raise self.failure
        batch, self.tasks = self.tasks, []
        try:
            ids = self._sink.write(batch, check_task_graph(batch, job=self))
        except BaseException as exc:
            self.failure = exc
            raise
        for task, stored_id in zip(batch, ids, strict=True):
            task._stored(stored_id)


@dataclass
class CompiledJob:
    """A compiled job, checked, with all its tasks in memory.

    ``tasks`` are in submission order (``index_in_job`` is position + 1). Duplicate dependencies are
    dropped; any structural problem raises :class:`JobCompileError` on construction.
    """

    settings: dict[str, Any]
    tasks: list[AuthoredTask]

    def __post_init__(self) -> None:
        if not isinstance(self.settings, dict):
            raise JobCompileError(f"job settings must be a dict, not {type(self.settings).__name__}")
        _check_json("job settings", self.settings)
        check_task_graph(self.tasks)


def check_task_graph(tasks: list[AuthoredTask], *, job: CompilingJob | None = None) -> list[str]:
    """Check tasks and their dependencies; return each task's commands as JSON text.

    De-duplicates each task's ``depends_on`` in place. ``tasks`` is a whole job, or with ``job``
    one batch of it: then a dependency may also be a task of ``job`` stored with an earlier batch.
    Such dependencies point backwards, so a cycle can only lie within one batch, and only where a
    task depends on one added after it; only then is it looked for. Runs in O(tasks +
    dependencies): this runs for every task of a million-task job.
    """
    position: dict[int, int] = {}
    for index, task in enumerate(tasks):
        if not isinstance(task, AuthoredTask):
            raise JobCompileError(f"task #{index + 1} is not an AuthoredTask but {task!r}")
        if id(task) in position:
            raise JobCompileError(f"task {task.name!r} appears in the job twice")
        position[id(task)] = index

    encode = _json_encoder()
    commands = []
    forward = False  # a dependency on a later task: only then can there be a cycle
    for index, task in enumerate(tasks):
        _check_task_fields(task)
        if task.depends_on:
            for dependency in task.depends_on:
                if dependency is task:
                    raise JobCompileError(f"task {task.name!r} cannot depend on itself")
                at = position.get(id(dependency))
                if at is None:
                    if not _stored_in(dependency, job):
                        raise JobCompileError(_not_added(task, dependency, job))
                elif at > index:
                    forward = True
            if len(task.depends_on) > 1 and len(set(map(id, task.depends_on))) != len(task.depends_on):
                task.depends_on[:] = {id(dependency): dependency for dependency in task.depends_on}.values()
        commands.append(_commands_json(task, encode))

    if forward:
        _check_acyclic(tasks, position)
    return commands


def _not_added(task: AuthoredTask, dependency: object, job: CompilingJob | None) -> str:
    message = f"task {task.name!r} depends on task {getattr(dependency, 'name', dependency)!r}, which was"
    if job is None or not job.streaming:
        return f"{message} not added to the job"
    return (
        f"{message} not added to the job before {task.name!r} was stored (jobs of more than {STORE_BATCH}"
        " tasks are stored while they compile: add a task after the tasks it depends on)"
    )


def _stored_in(task: object, job: CompilingJob | None) -> bool:
    return (
        job is not None and isinstance(task, AuthoredTask) and task._job is job and task.stored_id is not None
    )


def _check_task_fields(task: AuthoredTask) -> None:
    if not isinstance(task.name, str) or not task.name:
        raise JobCompileError(f"task name must be a non-empty string, not {task.name!r}")
    if not isinstance(task.task_type, str) or not task.task_type:
        raise JobCompileError(f"task {task.name!r}: task type must be a non-empty string")
    if isinstance(task.priority, bool) or not isinstance(task.priority, int):
        raise JobCompileError(f"task {task.name!r}: priority must be an integer, not {task.priority!r}")
    if not isinstance(task.commands, list) or not isinstance(task.depends_on, list):
        raise JobCompileError(f"task {task.name!r}: commands and depends_on must be lists")
    for command in task.commands:
        if not isinstance(command, AuthoredCommand):
            raise JobCompileError(f"task {task.name!r}: {command!r} is not an AuthoredCommand")
        if not isinstance(command.name, str) or not command.name:
            raise JobCompileError(f"task {task.name!r}: command name must be a non-empty string")
        if not isinstance(command.parameters, dict):
            raise JobCompileError(
                f"task {task.name!r}: parameters of command {command.name!r} must be a dict"
            )


def _check_acyclic(tasks: list[AuthoredTask], position: dict[int, int]) -> None:
    """Kahn's algorithm: repeatedly take tasks whose dependencies are all taken already."""
    waiting_on = [0] * len(tasks)
    dependents: list[list[int]] = [[] for _ in tasks]
    for index, task in enumerate(tasks):
        for dependency in task.depends_on:
            earlier = position.get(id(dependency))
            if earlier is not None:  # not one stored with an earlier batch
                dependents[earlier].append(index)
                waiting_on[index] += 1

    ready = [index for index, count in enumerate(waiting_on) if count == 0]
    done = 0
    while ready:
        index = ready.pop()
        done += 1
        for dependent in dependents[index]:
            waiting_on[dependent] -= 1
            if waiting_on[dependent] == 0:
                ready.append(dependent)
    if done == len(tasks):
        return

    # Every task left over waits on another left-over task, so following those from any of them
    # must come back around: that loop is the cycle to report.
    start = next(index for index, count in enumerate(waiting_on) if count > 0)
    path: list[int] = []
    seen: dict[int, int] = {}
    current = start
    while current not in seen:
        seen[current] = len(path)
        path.append(current)
        current = next(
            position[id(dep)]
            for dep in tasks[current].depends_on
            if id(dep) in position and waiting_on[position[id(dep)]] > 0
        )
    cycle = [*path[seen[current] :], current]
    raise JobCompileError("dependency cycle between tasks: " + " → ".join(repr(tasks[i].name) for i in cycle))


def _json_encoder() -> Callable[[object], str]:
    """Compact JSON text as the store keeps it, refusing NaN and infinities (not JSON).

    Uses the C encoder of the standard library directly where it has one: ``JSONEncoder.encode``
    builds a new one for every value, which was half the cost of encoding a task's commands.
    """
    options = {"ensure_ascii": False, "separators": (",", ":"), "allow_nan": False}
    make = json.encoder.c_make_encoder
    if make is None:
        return json.JSONEncoder(**options).encode
    encoder = make(
        {}, json.JSONEncoder(**options).default, json.encoder.c_encode_basestring, None, ":", ",",
        False, False, False,
    )  # fmt: skip
    return lambda value: "".join(encoder(value, 0))


def _commands_json(task: AuthoredTask, encode: Callable[[object], str]) -> str:
    try:
        return encode([{"name": c.name, "parameters": c.parameters} for c in task.commands])
    except (TypeError, ValueError, RecursionError) as exc:
        raise JobCompileError(
            f"task {task.name!r}: command parameters cannot be stored as JSON: {exc}"
        ) from exc


def _check_json(what: str, value: object) -> None:
    """Refuse values the store could not save, while the submitter can still be told."""
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise JobCompileError(f"{what} cannot be stored as JSON: {exc}") from exc
