"""Authoring tasks and the checks a compiled job's task graph must pass before it is stored."""

import itertools
from datetime import datetime

import pytest

from flamenco.jobtypes import AuthoredCommand, AuthoredTask, CompiledJob, CompilingJob, JobCompileError


def task(name: str) -> AuthoredTask:
    result = AuthoredTask(name, "misc")
    result.add_command(AuthoredCommand("echo", {"message": name}))
    return result


def test_task_defaults():
    first, second = AuthoredTask("a", "misc"), AuthoredTask("b", "misc")
    assert first.priority == 50
    assert first.commands == [] and first.depends_on == []
    first.add_dependency(second)
    assert second.depends_on == []  # lists are not shared between tasks


def test_tasks_are_distinct_even_with_equal_fields():
    first, second = task("same"), task("same")
    assert first != second
    assert len({first, second}) == 2


def test_commands_keep_their_order():
    t = AuthoredTask("t", "misc")
    t.add_command(AuthoredCommand("echo", {"message": "1"}))
    t.add_command(AuthoredCommand("sleep", {"duration_in_seconds": 1}))
    assert [c.name for c in t.commands] == ["echo", "sleep"]


def test_self_dependency_is_refused_immediately():
    t = task("loner")
    with pytest.raises(JobCompileError, match="itself"):
        t.add_dependency(t)


def test_self_dependency_sneaked_into_the_list_is_caught():
    t = task("loner")
    t.depends_on.append(t)
    with pytest.raises(JobCompileError, match="itself"):
        CompiledJob(settings={}, tasks=[t])


def test_cycle_is_reported_with_the_tasks_in_it():
    a, b, c, d = task("a"), task("b"), task("c"), task("d")
    a.add_dependency(d)
    b.add_dependency(a)
    c.add_dependency(b)
    a.add_dependency(c)  # a -> c -> b -> a
    with pytest.raises(JobCompileError, match="cycle") as excinfo:
        CompiledJob(settings={}, tasks=[a, b, c, d])
    message = str(excinfo.value)
    assert all(repr(name) in message for name in "abc")
    assert "'d'" not in message


def test_two_task_cycle():
    a, b = task("a"), task("b")
    a.add_dependency(b)
    b.add_dependency(a)
    with pytest.raises(JobCompileError, match="cycle"):
        CompiledJob(settings={}, tasks=[a, b])


def test_dependency_outside_the_job_is_refused():
    outsider, member = task("outsider"), task("member")
    member.add_dependency(outsider)
    with pytest.raises(JobCompileError, match=r"'outsider'.*not added"):
        CompiledJob(settings={}, tasks=[member])


def test_task_listed_twice_is_refused():
    t = task("twice")
    with pytest.raises(JobCompileError, match="twice"):
        CompiledJob(settings={}, tasks=[t, t])


def test_duplicate_dependencies_are_dropped():
    a, b = task("a"), task("b")
    b.add_dependency(a)
    b.add_dependency(a)
    CompiledJob(settings={}, tasks=[a, b])
    assert b.depends_on == [a]


def test_dependencies_may_point_forward_in_the_list():
    a, b = task("a"), task("b")
    a.add_dependency(b)
    compiled = CompiledJob(settings={}, tasks=[a, b])
    assert compiled.tasks == [a, b]


def test_a_long_chain_is_fine():
    tasks = [task(f"t{i}") for i in range(10_000)]
    for earlier, later in itertools.pairwise(tasks):
        later.add_dependency(earlier)
    assert len(CompiledJob(settings={}, tasks=tasks).tasks) == 10_000


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda t: setattr(t, "name", ""), "name"),
        (lambda t: setattr(t, "task_type", ""), "task type"),
        (lambda t: setattr(t, "priority", "high"), "priority"),
        (lambda t: t.commands.append("echo hi"), "AuthoredCommand"),
        (lambda t: t.commands.append(AuthoredCommand("", {})), "command name"),
        (lambda t: t.commands.append(AuthoredCommand("echo", ["x"])), "must be a dict"),
        (lambda t: t.commands.append(AuthoredCommand("echo", {"when": datetime.now()})), "JSON"),
    ],
)
def test_malformed_tasks_are_refused(mutate, fragment):
    t = task("t")
    mutate(t)
    with pytest.raises(JobCompileError, match=fragment):
        CompiledJob(settings={}, tasks=[t])


def test_non_task_in_list_is_refused():
    with pytest.raises(JobCompileError, match="not an AuthoredTask"):
        CompiledJob(settings={}, tasks=[task("a"), "b"])


def test_settings_must_be_storable():
    with pytest.raises(JobCompileError, match="settings"):
        CompiledJob(settings={"bad": {1, 2}}, tasks=[task("a")])


def test_compiling_job_refuses_the_same_task_twice():
    job = CompilingJob(name="j", priority=50, created=datetime.now(), settings={}, metadata={})
    t = task("a")
    job.add_task(t)
    with pytest.raises(JobCompileError, match="twice"):
        job.add_task(t)
    with pytest.raises(JobCompileError, match="AuthoredTask"):
        job.add_task({"name": "b"})
    assert job.tasks == [t]
