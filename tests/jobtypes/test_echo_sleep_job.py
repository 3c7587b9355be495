"""The built-in echo-sleep-test job type."""

from datetime import datetime

import pytest

from flamenco.jobtypes import JobSettingsError, JobTypeRegistry

CREATED = datetime(2024, 1, 2, 3, 4, 5)


def compile_echo(**settings):
    submitted = {"name": "echo", "type": "echo-sleep-test", "priority": 50, "settings": settings}
    return JobTypeRegistry().compile(submitted, CREATED)


def test_defaults_give_one_echo_and_one_sleep():
    compiled = compile_echo(message="Hello, Flamenco")
    echo, sleep = compiled.tasks
    assert (echo.name, echo.task_type, echo.depends_on) == ("echo", "misc", [])
    assert [(c.name, c.parameters) for c in echo.commands] == [("echo", {"message": "Hello, Flamenco"})]
    assert (sleep.name, sleep.task_type, sleep.depends_on) == ("sleep", "misc", [echo])
    assert [(c.name, c.parameters) for c in sleep.commands] == [("sleep", {"duration_in_seconds": 1})]
    assert compiled.settings == {
        "message": "Hello, Flamenco",
        "sleep_duration_seconds": 1,
        "sleep_repeats": 1,
    }


def test_repeats_and_duration():
    compiled = compile_echo(message="hi", sleep_duration_seconds=7, sleep_repeats=3)
    echo, *sleeps = compiled.tasks
    assert [t.name for t in sleeps] == ["sleep", "sleep-2", "sleep-3"]
    assert all(t.depends_on == [echo] for t in sleeps)
    assert all(t.commands[0].parameters == {"duration_in_seconds": 7} for t in sleeps)


def test_message_is_required():
    with pytest.raises(JobSettingsError, match="'message'"):
        compile_echo(sleep_repeats=2)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("sleep_repeats", -1),
        ("sleep_repeats", 100_001),
        ("sleep_repeats", "2"),
        ("sleep_duration_seconds", -1),
    ],
)
def test_bad_numbers_name_the_setting(key, value):
    with pytest.raises(JobSettingsError, match=repr(key)):
        compile_echo(message="hi", **{key: value})


def test_zero_repeats_is_an_echo_only_job():
    compiled = compile_echo(message="just this", sleep_repeats=0)
    assert [t.name for t in compiled.tasks] == ["echo"]
