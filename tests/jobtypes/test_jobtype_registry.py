"""The job type registry: built-ins, an admin's own directory, hot reload, and compile errors."""

import logging
import os
import textwrap
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from flamenco.errors import BadRequest
from flamenco.jobtypes import JobCompileError, JobSettingsError, JobTypeRegistry, UnknownJobType

SPEC = Path(__file__).resolve().parents[2] / "spec" / "flamenco-openapi.yaml"
SPEC_V3 = SPEC.with_name("flamenco-openapi-v3.yaml")
CREATED = datetime(2024, 1, 2, 3, 4, 5)

CUSTOM = """
from flamenco.jobtypes import AuthoredCommand, AuthoredTask

JOB_TYPE = {"label": LABEL, "settings": [{"key": "what", "type": "string", "default": "hello"}]}

def compile_job(job):
    task = AuthoredTask("say", "misc")
    task.add_command(AuthoredCommand("echo", {"message": job.settings["what"]}))
    job.add_task(task)
"""


def write_type(directory: Path, file_name: str, label: str = "Custom", body: str = CUSTOM) -> Path:
    path = directory / file_name
    path.write_text(f"LABEL = {label!r}\n" + textwrap.dedent(body))
    return path


def touch_later(path: Path) -> None:
    """Move the mtime forward so the change is seen even on filesystems with coarse timestamps."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def submit(job_type: str, **settings):
    return {"name": "test job", "type": job_type, "priority": 50, "settings": settings, "metadata": {}}


def test_builtin_types():
    assert JobTypeRegistry().names() == ["echo-sleep-test", "simple-blender-render"]


@pytest.mark.parametrize(
    ("door", "spec_file", "type_fields"),
    [
        ("seed", SPEC, {"name", "label", "settings"}),
        ("v3", SPEC_V3, {"name", "label", "settings", "description"}),  # etag: added by the v3 edge
    ],
)
def test_available_has_exactly_the_spec_shape(door, spec_file, type_fields):
    spec = yaml.safe_load(spec_file.read_text())["components"]["schemas"]
    setting_fields = set(spec["AvailableJobSetting"]["properties"])
    types = set(spec["AvailableJobSettingType"]["enum"])
    subtypes = set(spec["AvailableJobSettingSubtype"]["enum"])
    visibilities = set(spec["AvailableJobSettingVisibility"]["enum"])

    available = JobTypeRegistry().available(door)
    assert [job_type["name"] for job_type in available] == ["echo-sleep-test", "simple-blender-render"]
    for job_type in available:
        assert set(job_type) <= set(spec["AvailableJobType"]["properties"])
        assert set(job_type) <= type_fields and {"name", "label", "settings"} <= set(job_type)
        for setting in job_type["settings"]:
            assert set(setting) <= setting_fields
            assert setting["type"] in types
            assert setting.get("subtype", "file_path") in subtypes
            assert setting.get("visible", "visible") in visibilities


def test_get():
    registry = JobTypeRegistry()
    echo = registry.get("echo-sleep-test")
    assert echo["label"] == "Echo Sleep Test"
    assert [s["key"] for s in echo["settings"]] == ["message", "sleep_duration_seconds", "sleep_repeats"]
    assert registry.get("no-such-type") is None


def test_returned_dicts_are_copies():
    registry = JobTypeRegistry()
    registry.get("echo-sleep-test")["settings"][0]["required"] = False
    registry.available()[0]["label"] = "changed"
    assert registry.get("echo-sleep-test")["settings"][0]["required"] is True
    assert registry.get("echo-sleep-test")["label"] == "Echo Sleep Test"


def test_unknown_type_is_a_bad_request_naming_the_type():
    with pytest.raises(UnknownJobType, match="'render-my-dreams'") as excinfo:
        JobTypeRegistry().compile(submit("render-my-dreams"), CREATED)
    assert isinstance(excinfo.value, BadRequest)
    assert excinfo.value.status == 400


def test_admin_type_is_added(tmp_path):
    write_type(tmp_path, "my_custom_type.py")
    registry = JobTypeRegistry(tmp_path)
    assert "my-custom-type" in registry.names()
    compiled = registry.compile(submit("my-custom-type"), CREATED)
    assert compiled.settings == {"what": "hello"}
    assert [(t.name, t.commands[0].parameters) for t in compiled.tasks] == [("say", {"message": "hello"})]


def test_admin_file_overrides_builtin(tmp_path):
    write_type(tmp_path, "echo_sleep_test.py", label="Site Echo")
    registry = JobTypeRegistry(tmp_path)
    assert registry.names() == ["echo-sleep-test", "simple-blender-render"]
    assert registry.get("echo-sleep-test")["label"] == "Site Echo"
    assert [t.name for t in registry.compile(submit("echo-sleep-test"), CREATED).tasks] == ["say"]


@pytest.mark.parametrize(
    "body",
    [
        "def compile_job(job):\n    this is not python\n",
        "raise RuntimeError('import-time failure')\n",
        "import sys\nsys.exit(1)\n",
        "def compile_job(job):\n    pass\n",  # no JOB_TYPE
        "JOB_TYPE = {'label': 'No compiler', 'settings': []}\n",
        "JOB_TYPE = {'label': 'Bad', 'settings': [{'key': 'x', 'type': 'list'}]}\n"
        "def compile_job(job): pass\n",
        "JOB_TYPE = {'label': 'Bad', 'settings': [{'key': 'x', 'type': 'int32', 'default': 'one'}]}\n"
        "def compile_job(job): pass\n",
        "JOB_TYPE = {'settings': []}\ndef compile_job(job): pass\n",
        "JOB_TYPE = {'label': 'Bad', 'colour': 'red'}\ndef compile_job(job): pass\n",
    ],
)
def test_broken_admin_file_is_skipped_with_a_warning(tmp_path, caplog, body):
    write_type(tmp_path, "good.py")
    broken = write_type(tmp_path, "broken.py", body=body)
    with caplog.at_level(logging.WARNING, logger="flamenco.jobtypes"):
        registry = JobTypeRegistry(tmp_path)
        names = registry.names()
    assert "broken" not in names
    assert {"good", "echo-sleep-test", "simple-blender-render"} <= set(names)
    warnings = [r for r in caplog.records if r.name == "flamenco.jobtypes" and r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert str(broken) in warnings[0].getMessage()


def test_broken_override_falls_back_to_builtin(tmp_path, caplog):
    (tmp_path / "echo_sleep_test.py").write_text("JOB_TYPE = (\n")
    with caplog.at_level(logging.WARNING, logger="flamenco.jobtypes"):
        registry = JobTypeRegistry(tmp_path)
        assert registry.get("echo-sleep-test")["label"] == "Echo Sleep Test"
    assert any("echo_sleep_test.py" in r.getMessage() for r in caplog.records)


def test_broken_file_is_warned_about_once_per_version(tmp_path, caplog):
    broken = tmp_path / "broken.py"
    broken.write_text("syntax error here\n")
    with caplog.at_level(logging.WARNING, logger="flamenco.jobtypes"):
        registry = JobTypeRegistry(tmp_path)
        for _ in range(3):
            registry.names()
        assert len(caplog.records) == 1
        broken.write_text("still a syntax error\n")
        touch_later(broken)
        registry.names()
        assert len(caplog.records) == 2


def test_hot_reload_on_change_add_and_remove(tmp_path):
    registry = JobTypeRegistry(tmp_path)
    assert "custom" not in registry.names()

    path = write_type(tmp_path, "custom.py", label="First")
    assert registry.get("custom")["label"] == "First"

    write_type(tmp_path, "custom.py", label="Second")
    touch_later(path)
    assert registry.get("custom")["label"] == "Second"

    path.unlink()
    assert registry.get("custom") is None


def test_edit_that_breaks_a_file_removes_the_type_until_fixed(tmp_path):
    path = write_type(tmp_path, "custom.py", label="Works")
    registry = JobTypeRegistry(tmp_path)
    assert registry.get("custom") is not None
    path.write_text("oops(\n")
    touch_later(path)
    assert registry.get("custom") is None
    write_type(tmp_path, "custom.py", label="Fixed")
    touch_later(path)
    assert registry.get("custom")["label"] == "Fixed"


def test_unchanged_files_are_not_executed_again(tmp_path):
    counter = tmp_path / "executions.txt"
    body = f"with open({str(counter)!r}, 'a') as f:\n    f.write('x')\n" + CUSTOM
    write_type(tmp_path, "counted.py", body=body)
    registry = JobTypeRegistry(tmp_path)
    for _ in range(5):
        registry.names()
        registry.compile(submit("counted"), CREATED)
    assert counter.read_text() == "x"


def test_only_python_files_not_starting_with_underscore_or_dot_are_loaded(tmp_path):
    write_type(tmp_path, "_helpers.py")
    write_type(tmp_path, ".hidden.py")
    (tmp_path / "notes.txt").write_text("not a job type")
    (tmp_path / "subdir.py").mkdir()
    assert JobTypeRegistry(tmp_path).names() == ["echo-sleep-test", "simple-blender-render"]


def test_missing_directory_is_fine_and_picked_up_once_created(tmp_path, caplog):
    extra = tmp_path / "not-yet"
    with caplog.at_level(logging.WARNING, logger="flamenco.jobtypes"):
        registry = JobTypeRegistry(extra)
    assert "not-yet" in caplog.text
    assert registry.names() == ["echo-sleep-test", "simple-blender-render"]
    extra.mkdir()
    write_type(extra, "late.py")
    assert "late" in registry.names()


COMPILER_BODY = """
from flamenco.jobtypes import AuthoredCommand, AuthoredTask, JobCompileError

JOB_TYPE = {"label": LABEL, "settings": [{"key": "mode", "type": "string", "required": True}]}
def compile_job(job):
    seen = {"name": job.name, "priority": job.priority, "created": job.created.isoformat(),
            "metadata": job.metadata}
    mode = job.settings["mode"]
    if mode == "refuse":
        raise JobCompileError("this job cannot be done")
    if mode == "crash":
        {}["missing key"]
    if mode == "exit":
        raise SystemExit("bye")
    if mode == "nothing":
        return
    job.settings["mode"] = "rewritten"
    task = AuthoredTask("only", "misc")
    task.add_command(AuthoredCommand("echo", {"message": mode, "seen": seen}))
    job.add_task(task)
"""


@pytest.fixture
def compiler_registry(tmp_path):
    write_type(tmp_path, "picky.py", body=COMPILER_BODY)
    return JobTypeRegistry(tmp_path)


def test_compiler_sees_the_job_and_may_change_settings(compiler_registry):
    submitted = {
        "name": "Shot 1",
        "type": "picky",
        "priority": 70,
        "settings": {"mode": "ok"},
        "metadata": {"project": "Sprite Fright"},
    }
    compiled = compiler_registry.compile(submitted, CREATED)
    assert compiled.settings == {"mode": "rewritten"}
    assert submitted["settings"]["mode"] == "ok"
    assert compiled.tasks[0].commands[0].parameters["seen"] == {
        "name": "Shot 1",
        "priority": 70,
        "created": CREATED.isoformat(),
        "metadata": {"project": "Sprite Fright"},
    }


def test_compiler_error_reaches_the_client(compiler_registry):
    with pytest.raises(JobCompileError, match="this job cannot be done"):
        compiler_registry.compile(submit("picky", mode="refuse"), CREATED)


def test_compiler_crash_becomes_a_compile_error(compiler_registry, caplog):
    with pytest.raises(JobCompileError, match="missing key") as excinfo:
        compiler_registry.compile(submit("picky", mode="crash"), CREATED)
    assert excinfo.value.status == 400
    assert "picky" in caplog.text


def test_compiler_calling_exit_does_not_stop_the_manager(compiler_registry):
    with pytest.raises(JobCompileError, match="bye"):
        compiler_registry.compile(submit("picky", mode="exit"), CREATED)


def test_declaration_problem_is_explained_in_the_warning(tmp_path, caplog):
    body = "JOB_TYPE = {'label': 'X', 'settings': [{'key': 'a', 'type': 'string', 'requried': True}]}\n"
    write_type(tmp_path, "typo.py", body=body + "def compile_job(job): pass\n")
    with caplog.at_level(logging.WARNING, logger="flamenco.jobtypes"):
        JobTypeRegistry(tmp_path).names()
    assert "unknown fields ['requried']" in caplog.text


def test_job_without_tasks_is_refused(compiler_registry):
    with pytest.raises(JobCompileError, match="no tasks"):
        compiler_registry.compile(submit("picky", mode="nothing"), CREATED)


def test_settings_are_validated_before_compiling(compiler_registry):
    with pytest.raises(JobSettingsError, match="'mode'"):
        compiler_registry.compile(submit("picky"), CREATED)
