"""Each `af.Job`, `af.Block` and `af.Task` method's effect on the JSON document.

Expected values were derived by reading Afanasy's ``af.py``: which key each method writes, which
values it refuses (leaving the document unchanged), and how it converts units.
"""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path
from typing import Any

import pytest

import af
from flamenco.af import job as job_module

from .conftest import RecordingServer


def delta(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Keys added or changed by a call."""
    return {k: v for k, v in after.items() if before.get(k, object()) != v}


JOB_CALLS: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("setName", ("shot_010",), {"name": "shot_010"}),
    ("setName", ("",), {}),
    ("setName", (None,), {}),
    ("setUserName", ("Bob",), {"user_name": "bob"}),
    ("setUserName", ("",), {}),
    ("setPriority", (120,), {"priority": 120}),
    ("setPriority", (999,), {"priority": 250}),
    ("setPriority", (-1,), {}),
    ("setCmdPre", ("touch /tmp/x",), {"command_pre": "touch /tmp/x"}),
    ("setCmdPost", ("rm scene.tmp",), {"command_post": "rm scene.tmp"}),
    ("setPostDeleteFiles", ("/tmp/render dir",), {"command_post": 'deletefiles "/tmp/render dir"'}),
    ("setFolder", ("output", "/out"), {"folders": {"output": "/out"}}),
    ("setPools", ({"gpu": 10},), {"pools": {"gpu": 10}}),
    ("tryTask", (0, 5), {"try_this_tasks_num": [5], "try_this_blocks_num": [0]}),
    ("setBranch", ("/projects/a",), {"branch": "/projects/a"}),
    ("setAnnotation", ("for review",), {"annotation": "for review"}),
    ("setDescription", ("lighting pass",), {"description": "lighting pass"}),
    ("setProject", ("proj",), {"project": "proj"}),
    ("setProject", ("",), {}),
    ("setDepartment", ("comp",), {"department": "comp"}),
    ("setDepartment", (None,), {}),
    ("setWaitTime", (1,), {}),  # in the past: ignored
    ("setTimeLife", (3600,), {"time_life": 3600}),
    ("setTimeLife", ("3600",), {"time_life": "3600"}),  # kept as given, as Afanasy's does
    ("setTimeLife", (-5,), {}),
    ("setTimeLife", (1.5,), {}),
    ("setMaxRunningTasks", (4,), {"max_running_tasks": 4}),
    ("setMaxRunningTasks", (0,), {"max_running_tasks": 0}),
    ("setMaxRunningTasks", (-1,), {}),
    ("setMaxRunTasksPerHost", (2,), {"max_running_tasks_per_host": 2}),
    ("setMaxRunTasksPerHost", (-1,), {}),
    ("setHostsMask", ("render.*",), {"hosts_mask": "render.*"}),
    ("setHostsMask", ("",), {}),
    ("setHostsMask", ("render[",), {}),  # not a regex
    ("setHostsMaskExclude", ("render0[12]",), {"hosts_mask_exclude": "render0[12]"}),
    ("setDependMask", ("another_job_name",), {"depend_mask": "another_job_name"}),
    ("setDependMask", ("(",), {}),
    ("setDependMaskGlobal", ("sim_.*",), {"depend_mask_global": "sim_.*"}),
    ("setNeedOS", ("linux",), {"need_os": "linux"}),
    ("setNeedProperties", ("gpu",), {"need_properties": "gpu"}),
    ("setAnyOS", (), {"need_os": ""}),
    ("setPPApproval", (), {"ppa": True}),
    ("setMaintenance", (), {"maintenance": True}),
    ("setIgnoreNimby", (), {"ignorenimby": True}),
    ("setIgnorePaused", (), {"ignorepaused": True}),
    ("offline", (), {"offline": True}),
    ("offLine", (), {"offline": True}),
    ("setOffline", (), {"offline": True}),
    ("pause", (), {"offline": True}),
    ("setPaused", (), {"offline": True}),
]


@pytest.mark.parametrize(("method", "args", "expected"), JOB_CALLS, ids=lambda v: repr(v)[:30])
def test_job_method_effect(method: str, args: tuple[Any, ...], expected: dict[str, Any]) -> None:
    job = af.Job("j")
    before = json.loads(json.dumps(job.data))
    getattr(job, method)(*args)
    assert delta(before, job.data) == expected
    assert set(before) - set(job.data) == set()  # nothing removed


def test_job_defaults() -> None:
    before = int(time.time())
    job = af.Job()
    assert job.data == {
        "name": "noname",
        "user_name": "jimmy",
        "host_name": socket.gethostname().lower(),
        "priority": 99,
        "time_creation": job.data["time_creation"],
    }
    assert before <= job.data["time_creation"] <= int(time.time())
    assert job.blocks == []


def test_job_wait_time_in_the_future_is_kept_as_whole_seconds() -> None:
    job = af.Job("j")
    future = time.time() + 3600.7
    job.setWaitTime(future)
    assert job.data["time_wait"] == int(future)


def test_native_os_is_the_most_specific_platform_word() -> None:
    job = af.Job("j")
    job.setNativeOS()
    assert job.data["need_os"] in ("linux", "macosx", "windows")


def test_folders_and_tries_accumulate() -> None:
    job = af.Job("j")
    job.setFolder("input", "/in")
    job.setFolder("output", "/out")
    job.tryTask(1, 2)
    job.tryTask(3, 4)
    assert job.data["folders"] == {"input": "/in", "output": "/out"}
    assert job.data["try_this_blocks_num"] == [1, 3]
    assert job.data["try_this_tasks_num"] == [2, 4]


BLOCK_CALLS: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("setService", ("blender",), {"service": "blender"}),
    ("setService", ("no_such_service",), {"service": "generic"}),
    ("setParser", ("blender",), {"parser": "blender"}),
    ("setParser", ("no_such_parser",), {"parser": "none"}),
    ("setParser", ("",), {}),
    (
        "setNumeric",
        (1, 100, 10, 2),
        {"flags": 1, "frame_first": 1, "frame_last": 100, "frames_per_task": 10, "frames_inc": 2},
    ),
    (
        "setNumeric",
        (10, 5, 0),
        {"flags": 1, "frame_first": 10, "frame_last": 10, "frames_per_task": 1, "frames_inc": 1},
    ),
    (
        "setNumeric",
        (),
        {"flags": 1, "frame_first": 1, "frame_last": 1, "frames_per_task": 1, "frames_inc": 1},
    ),
    ("setFramesPerTask", ("-4",), {"frames_per_task": -4}),
    ("setSequential", (-1,), {"sequential": -1}),
    ("setCapacity", (500,), {"capacity": 500}),
    ("setCapacity", (0,), {}),
    ("setVariableCapacity", (1, 4), {"capacity_coeff_min": 1, "capacity_coeff_max": 4}),
    ("setVariableCapacity", (-1, -1), {}),
    ("setWorkingDirectory", ("/projects/shot",), {"working_directory": "/projects/shot"}),
    ("setCommand", ("render -s @#@ -e @#@",), {"command": "render -s @#@ -e @#@"}),
    ("setCmdPre", ("mkdir out",), {"command_pre": "mkdir out"}),
    ("setCmdPost", ("rm tmp",), {"command_post": "rm tmp"}),
    ("setFiles", (["a.@####@.exr", "b.@####@.exr"],), {"files": ["a.@####@.exr", "b.@####@.exr"]}),
    ("setEnv", ("OCIO", "/cfg.ocio"), {"environment": {"OCIO": "/cfg.ocio"}}),
    ("addTicket", ("NUKE", 1), {"tickets": {"NUKE": 1}}),
    ("setName", ("comp",), {"name": "comp"}),
    ("setTasksName", ("frame @#@",), {"tasks_name": "frame @#@"}),
    ("setParserCoeff", (2,), {"parser_coeff": 2}),
    ("setErrorsAvoidHost", (2,), {"errors_avoid_host": 2}),
    ("setErrorsForgiveTime", (600,), {"errors_forgive_time": 600}),
    ("setErrorsRetries", (5,), {"errors_retries": 5}),
    ("setErrorsTaskSameHost", (1,), {"errors_task_same_host": 1}),
    ("setNeedHDD", (50,), {"need_hdd": 50}),
    ("setNeedHDD", (0,), {}),
    ("setNeedMemory", (16000.9,), {"need_memory": 16000}),
    ("setNeedMemory", (-1,), {}),
    ("setNeedGPUMemGB", (1.5,), {"need_gpu_mem_mb": 1536}),
    ("setNeedCPUFreqGHz", (3.2,), {"need_cpu_freq_mgz": 3200}),
    ("setNeedCPUCores", (8,), {"need_cpu_cores": 8}),
    ("setNeedCPUFreqCores", (25.6,), {"need_cpu_freq_cores": 25600}),
    ("setNeedPower", (10,), {"need_power": 10}),
    ("setDependSubTask", (), {"flags": 16}),
    ("setTaskMaxRunTime", (3600.5,), {"task_max_run_time": 3600}),
    ("setTasksMaxRunTime", (60,), {"task_max_run_time": 60}),
    ("setTaskMaxRunTime", (0,), {}),
    ("setTaskMinRunTime", (5,), {"task_min_run_time": 5}),
    ("setTaskProgressChangeTimeout", (600,), {"task_progress_change_timeout": 600}),
    ("setMaxRunningTasks", (3,), {"max_running_tasks": 3}),
    ("setMaxRunTasksPerHost", (1,), {"max_running_tasks_per_host": 1}),
    ("setMaxRunTasksPerHost", (-2,), {}),
    ("setHostsMask", ("gpu.*",), {"hosts_mask": "gpu.*"}),
    ("setHostsMaskExclude", ("gpu01",), {"hosts_mask_exclude": "gpu01"}),
    ("setDependMask", ("sim",), {"depend_mask": "sim"}),
    ("setTasksDependMask", ("render",), {"tasks_depend_mask": "render"}),
    ("setTasksDependMask", ("[",), {}),
    ("setNeedProperties", ("ssd",), {"need_properties": "ssd"}),
    ("skipThumbnails", (), {"flags": 32}),
    ("skipExistingFiles", (), {"flags": 64}),
    ("skipExistingFiles", (100, 2000), {"flags": 64, "file_size_min": 100, "file_size_max": 2000}),
    ("checkRenderedFiles", (10,), {"flags": 128, "file_size_min": 10}),
    ("setTasksSuspended", (), {"flags": 1024}),
    (
        "setMultiHost",
        (2, 4, 60),
        {"flags": 4, "multihost_min": 2, "multihost_max": 4, "multihost_max_wait": 60},
    ),
    (
        "setMultiHost",
        (1, 2, 10, True, "slave_svc", 5),
        {
            "flags": 12,
            "multihost_min": 1,
            "multihost_max": 2,
            "multihost_max_wait": 10,
            "multihost_service": "slave_svc",
            "multihost_service_wait": 5,
        },
    ),
    ("setMultiHost", (0, 2, 10), {}),
    ("setMultiHost", (3, 2, 10), {}),
    ("setMultiHost", (1, 2, 10, True), {}),
    ("setSlaveLostIgnore", (), {}),  # only on multi-host blocks
]


@pytest.mark.parametrize(("method", "args", "expected"), BLOCK_CALLS, ids=lambda v: repr(v)[:30])
def test_block_method_effect(method: str, args: tuple[Any, ...], expected: dict[str, Any]) -> None:
    block = af.Block("b", "nuke")
    before = json.loads(json.dumps(block.data))
    getattr(block, method)(*args)
    assert delta(before, block.data) == expected


def test_block_defaults(clean_env: Path) -> None:
    block = af.Block()
    assert block.data == {
        "flags": 0,
        "name": "block",
        "service": "generic",
        "capacity": 1000,
        "working_directory": str(clean_env),
        "parser": "generic",
    }
    assert block.tasks == []


@pytest.mark.parametrize(
    ("service", "expected"),
    [
        ("nuke", {"service": "nuke", "parser": "nuke"}),
        ("blender", {"service": "blender", "parser": "blender"}),
        ("maya", {"service": "maya"}),  # names no parser
        ("hbatch_pdg", {"service": "hbatch_pdg", "parser": "generic"}),
        ("blender_internal", {"service": "blender_internal", "parser": "none"}),  # its parser does not exist
        ("postcmd", {"service": "postcmd"}),  # a system service without a parser
        ("my_studio_tool", {"service": "generic"}),  # unknown: generic, and no parser
        ("", {"service": "generic"}),
        (None, {"service": "generic"}),
    ],
)
def test_block_service_and_parser(service: str | None, expected: dict[str, Any]) -> None:
    block = af.Block("b", service)
    assert {k: block.data[k] for k in ("service", "parser") if k in block.data} == expected


def test_block_command_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AF_CMD_PREFIX", "nice -n 10 ")
    block = af.Block("b")
    block.setCommand("render")
    assert block.data["command"] == "nice -n 10 render"
    block.setCommand("render", prefix=False)
    assert block.data["command"] == "render"


def test_files_and_environment_accumulate() -> None:
    block = af.Block("b")
    block.setFiles(["a"])
    block.setFiles(["b", "c"])
    block.setEnv("A", "1")
    block.setEnv("B", "2", False)
    block.addTicket("NUKE", 1)
    block.addTicket("MEM", 32)
    assert block.data["files"] == ["a", "b", "c"]
    assert block.data["environment"] == {"A": "1", "B": "2"}
    assert block.data["tickets"] == {"NUKE": 1, "MEM": 32}


def test_flags_combine() -> None:
    block = af.Block("b")
    block.setNumeric(1, 10)
    block.setDependSubTask()
    block.skipThumbnails()
    block.setMultiHost(1, 2, 0)
    block.setSlaveLostIgnore()
    assert block.data["flags"] == 1 | 16 | 32 | 4 | 256


def test_numeric_refused_once_the_block_has_tasks() -> None:
    block = af.Block("b")
    block.tasks.append(af.Task("t"))
    block.setNumeric(1, 10)
    assert "frame_first" not in block.data
    assert block.data["flags"] == 0


def test_task_methods() -> None:
    task = af.Task("cam_front")
    task.setCommand("-camera front")
    task.setFiles(["front.exr"])
    task.setFiles(["front_depth.exr"])
    task.setEnv("CAM", "front")
    assert task.data == {
        "name": "cam_front",
        "command": "-camera front",
        "files": ["front.exr", "front_depth.exr"],
        "environment": {"CAM": "front"},
    }
    assert af.Task().data == {}


def test_string_block_tasks_are_filled_into_the_document(clean_env: Path) -> None:
    job = af.Job("cams")
    block = af.Block("render", "generic")
    block.setCommand("myrender some.scene -camera @#@")
    for camera in ("sun", "sky"):
        task = af.Task(camera)
        task.setCommand(camera)
        block.tasks.append(task)
    job.blocks.append(block)
    job.fillBlocks()
    assert job.data["blocks"][0]["tasks"] == [
        {"name": "sun", "command": "sun"},
        {"name": "sky", "command": "sky"},
    ]
    assert job.checkJob()


def test_check_job_refuses_a_block_without_frames_or_tasks() -> None:
    job = af.Job("j")
    job.blocks.append(af.Block("empty"))
    assert not job.checkJob()
    assert job.send() is False


def test_send_without_blocks_sends_nothing(recording_server: RecordingServer) -> None:
    assert af.Job("j").send() is False
    assert recording_server.requests == []


def test_send_sets_folders_and_branch_like_afanasy(
    recording_server: RecordingServer, clean_env: Path
) -> None:
    job = af.Job("j")
    first = af.Block("first")
    first.setNumeric(1, 2)
    second = af.Block("second")
    second.setNumeric(1, 2)
    second.setWorkingDirectory("/projects/shot")
    second.setFiles(["render/beauty.@####@.exr"])
    job.blocks += [first, second]
    assert job.send() == (True, {"id": 1, "serial": 1})
    sent = recording_server.requests[0][1]["job"]
    assert sent["folders"] == {"second": "/projects/shot/render"}
    assert sent["branch"] == str(clean_env)  # the first block's working directory


@pytest.mark.parametrize(
    ("folders", "branch"),
    [({"output": "/out", "input": "/in"}, "/out"), ({"input": "/in"}, "/in")],
)
def test_branch_prefers_output_then_input_folder(
    recording_server: RecordingServer, folders: dict[str, str], branch: str
) -> None:
    job = af.Job("j")
    for name, folder in folders.items():
        job.setFolder(name, folder)
    block = af.Block("b")
    block.setNumeric(1, 1)
    job.blocks.append(block)
    job.send()
    assert recording_server.requests[0][1]["job"]["branch"] == branch


def test_output_prints_the_sorted_document(capsys: pytest.CaptureFixture[str]) -> None:
    job = af.Job("j")
    block = af.Block("b")
    block.setNumeric(1, 3)
    job.blocks.append(block)
    job.output()
    printed = capsys.readouterr().out
    assert printed == json.dumps(job.data, sort_keys=True, indent=4) + "\n"
    assert json.loads(printed)["blocks"][0]["frame_last"] == 3
    job.output(False)
    assert "blocks" not in json.loads(capsys.readouterr().out)


def test_check_regexp() -> None:
    assert af.checkRegExp("render.*")
    assert not af.checkRegExp("")
    assert not af.checkRegExp("(")


def test_to_server_is_the_identity() -> None:
    assert job_module.to_server("/a/b c") == "/a/b c"
