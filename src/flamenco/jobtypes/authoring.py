"""The objects a job type's ``compile_job`` builds, and the checks on what it built.

Job type code is written by admins and runs inside the Manager, so nothing it produces is trusted:
:class:`CompiledJob` re-checks the whole task graph (types, membership, self-dependencies, cycles,
JSON-ability) and turns any problem into :class:`JobCompileError`, i.e. a 400 for the submitter rather
than a broken job in the database.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flamenco.jobtypes.errors import JobCompileError


@dataclass
class AuthoredCommand:
    """One command for a Worker to run, e.g. ``AuthoredCommand("echo", {"message": "hi"})``."""

    name: str
    parameters: dict[str, Any]


# eq=False: tasks are identified by identity (two "render-1" tasks are different tasks), which also
# keeps them hashable and avoids comparing whole dependency graphs field by field.
@dataclass(eq=False)
class AuthoredTask:
    """A task being authored: a named list of commands for Workers that run ``task_type``."""

    name: str
    task_type: str
    commands: list[AuthoredCommand] = field(default_factory=list)
    priority: int = 50
    # repr=False: printing a task would otherwise print its whole dependency tree.
    depends_on: list[AuthoredTask] = field(default_factory=list, repr=False)

    def add_command(self, command: AuthoredCommand) -> None:
        """Append ``command``; Workers run a task's commands in order."""
        if not isinstance(command, AuthoredCommand):
            raise JobCompileError(
                f"task {self.name!r}: add_command() needs an AuthoredCommand, got {command!r}"
            )
        self.commands.append(command)

    def add_dependency(self, task: AuthoredTask) -> None:
        """Make this task wait until ``task`` has completed."""
        if not isinstance(task, AuthoredTask):
            raise JobCompileError(f"task {self.name!r}: add_dependency() needs an AuthoredTask, got {task!r}")
        if task is self:
            raise JobCompileError(f"task {self.name!r} cannot depend on itself")
        self.depends_on.append(task)


class CompilingJob:
    """The job as a job type's ``compile_job(job)`` sees it.

    ``settings`` are already validated with defaults applied; the compiler may change them (e.g. fill
    in a timestamp) and the changed settings are stored with the job. ``metadata`` is a copy.
    """

    def __init__(
        self,
        *,
        name: str,
        priority: int,
        created: datetime,
        settings: dict[str, Any],
        metadata: dict[str, str],
    ) -> None:
        self.name = name
        self.priority = priority
        self.created = created
        self.settings = settings
        self.metadata = metadata
        self.tasks: list[AuthoredTask] = []
        self._added: set[int] = set()

    def add_task(self, task: AuthoredTask) -> None:
        """Add ``task`` to the job; tasks are stored in the order they are added."""
        if not isinstance(task, AuthoredTask):
            raise JobCompileError(f"add_task() needs an AuthoredTask, got {task!r}")
        if id(task) in self._added:
            raise JobCompileError(f"task {task.name!r} was added to the job twice")
        self._added.add(id(task))
        self.tasks.append(task)


@dataclass
class CompiledJob:
    """A compiled job, checked and ready to store.

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


def check_task_graph(tasks: list[AuthoredTask]) -> None:
    """Check tasks and their dependencies; de-duplicate each task's ``depends_on`` in place.

    Runs in O(tasks + dependencies), so jobs with tens of thousands of tasks stay cheap.
    """
    position: dict[int, int] = {}
    for index, task in enumerate(tasks):
        if not isinstance(task, AuthoredTask):
            raise JobCompileError(f"task #{index + 1} is not an AuthoredTask but {task!r}")
        if id(task) in position:
            raise JobCompileError(f"task {task.name!r} appears in the job twice")
        position[id(task)] = index
        _check_task_fields(task)

    for task in tasks:
        unique: dict[int, AuthoredTask] = {}
        for dependency in task.depends_on:
            if dependency is task:
                raise JobCompileError(f"task {task.name!r} cannot depend on itself")
            if id(dependency) not in position:
                name = getattr(dependency, "name", dependency)
                raise JobCompileError(
                    f"task {task.name!r} depends on task {name!r}, which was not added to the job"
                )
            unique.setdefault(id(dependency), dependency)
        if len(unique) != len(task.depends_on):
            task.depends_on[:] = unique.values()

    _check_acyclic(tasks, position)
    _check_json("command parameters", [command.parameters for task in tasks for command in task.commands])


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
    waiting_on = [len(task.depends_on) for task in tasks]
    dependents: list[list[int]] = [[] for _ in tasks]
    for index, task in enumerate(tasks):
        for dependency in task.depends_on:
            dependents[position[id(dependency)]].append(index)

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
            position[id(dep)] for dep in tasks[current].depends_on if waiting_on[position[id(dep)]] > 0
        )
    cycle = [*path[seen[current] :], current]
    raise JobCompileError("dependency cycle between tasks: " + " → ".join(repr(tasks[i].name) for i in cycle))


def _check_json(what: str, value: object) -> None:
    """Refuse values the store could not save, while the submitter can still be told."""
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise JobCompileError(f"{what} cannot be stored as JSON: {exc}") from exc
