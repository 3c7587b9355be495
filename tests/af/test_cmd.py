"""``af.Cmd``: the ``get`` and ``action`` documents Afanasy's protocol requests consist of."""

from __future__ import annotations

import socket
from typing import Any

import pytest

import af

from .conftest import RecordingServer

HOST = socket.gethostname().lower()
WHO = {"user_name": "jimmy", "host_name": HOST}


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda c: c.getJobList(), {"get": {**WHO, "type": "jobs"}}),
        (lambda c: c.getJobList(ids=[1, 2]), {"get": {**WHO, "type": "jobs", "ids": [1, 2]}}),
        (lambda c: c.getJobInfo(5), {"get": {**WHO, "ids": [5], "mode": "full", "type": "jobs"}}),
        (lambda c: c.getJobProgress(5), {"get": {**WHO, "ids": [5], "mode": "progress", "type": "jobs"}}),
        (
            lambda c: c.deleteJob("my3drender"),
            {"action": {**WHO, "type": "jobs", "mask": "my3drender", "operation": {"type": "delete"}}},
        ),
        (
            lambda c: c.deleteJobById(3),
            {"action": {**WHO, "type": "jobs", "ids": [3], "operation": {"type": "delete"}}},
        ),
        (
            lambda c: c.stopJobById(3),
            {"action": {**WHO, "type": "jobs", "ids": [3], "operation": {"type": "stop"}}},
        ),
        (
            lambda c: c.setJobState(3, "start"),
            {"action": {**WHO, "type": "jobs", "ids": [3], "operation": {"type": "start"}}},
        ),
        (
            lambda c: c.setBlockState(3, 0, "restart", [1, 2]),
            {
                "action": {
                    **WHO,
                    "type": "jobs",
                    "ids": [3],
                    "block_ids": [0],
                    "operation": {"type": "restart", "task_ids": [1, 2]},
                }
            },
        ),
        (
            lambda c: c.setJobPriorityById(3, 50),
            {"action": {**WHO, "type": "jobs", "ids": [3], "params": {"priority": 50}}},
        ),
        (
            lambda c: c.renderSetNimby(),
            {"action": {**WHO, "type": "renders", "mask": HOST, "params": {"nimby": True}}},
        ),
        (
            lambda c: c.renderSetNIMBY(),
            {"action": {**WHO, "type": "renders", "mask": HOST, "params": {"NIMBY": True}}},
        ),
        (
            lambda c: c.renderSetFree(),
            {"action": {**WHO, "type": "renders", "mask": HOST, "params": {"nimby": False}}},
        ),
        (
            lambda c: c.renderSetFreeUnpause(),
            {"action": {**WHO, "type": "renders", "mask": HOST, "params": {"nimby": False, "paused": False}}},
        ),
        (
            lambda c: c.renderSetUserName("bob"),
            {"action": {**WHO, "type": "renders", "mask": HOST, "params": {"user_name": "bob"}}},
        ),
        (
            lambda c: c.renderEjectTasks(),
            {"action": {**WHO, "type": "renders", "mask": HOST, "operation": {"type": "eject_tasks"}}},
        ),
        (
            lambda c: c.renderEjectAndNIMBY(),
            {
                "action": {
                    **WHO,
                    "type": "renders",
                    "mask": HOST,
                    "operation": {"type": "eject_tasks"},
                    "params": {"NIMBY": True},
                }
            },
        ),
        (
            lambda c: c.renderEjectNotMyTasks(),
            {
                "action": {
                    **WHO,
                    "type": "renders",
                    "mask": HOST,
                    "operation": {"type": "eject_tasks_keep_my"},
                }
            },
        ),
        (
            lambda c: c.renderExit(),
            {"action": {**WHO, "type": "renders", "mask": HOST, "operation": {"type": "exit"}}},
        ),
        (lambda c: c.renderGetList("farm.*"), {"get": {**WHO, "type": "renders", "mask": "farm.*"}}),
        (lambda c: c.renderGetLocal(), {"get": {**WHO, "type": "renders", "mask": HOST}}),
        (lambda c: c.renderGetId(4, "full"), {"get": {**WHO, "type": "renders", "ids": [4], "mode": "full"}}),
        (lambda c: c.renderGetResources(), {"get": {**WHO, "type": "renders", "mode": "resources"}}),
    ],
)
def test_request_documents(recording_server: RecordingServer, call: Any, expected: dict[str, Any]) -> None:
    call(af.Cmd())
    assert recording_server.requests == [("/api/v3/afanasy", expected)]


def test_answers_are_unwrapped_and_the_command_resets(recording_server: RecordingServer) -> None:
    cmd = af.Cmd()
    recording_server.answer = {"jobs": [{"id": 1, "name": "a"}]}
    assert cmd.getJobList() == [{"id": 1, "name": "a"}]
    assert cmd.action is None and cmd.data == WHO  # ready for the next request
    recording_server.answer = {"renders": [{"name": "r1"}]}
    assert cmd.renderGetList() == [{"name": "r1"}]
    recording_server.answer = {"info": {"kind": "error", "text": "Invalid ID"}}
    assert cmd.getJobList() is None


def test_append_blocks_and_tasks(recording_server: RecordingServer) -> None:
    block = af.Block("extra", "generic")
    task = af.Task("t1")
    task.setCommand("echo 1")
    block.tasks.append(task)
    af.Cmd().appendBlocks(9, [block])
    af.Cmd().appendTasks(9, 0, [task])
    (_, blocks), (_, tasks) = recording_server.requests
    assert blocks["action"]["operation"] == {"type": "append_blocks", "blocks": [block.data]}
    assert block.data["tasks"] == [{"name": "t1", "command": "echo 1"}]
    assert tasks["action"]["block_ids"] == [0]
    assert tasks["action"]["operation"] == {
        "type": "append_tasks",
        "tasks": [{"name": "t1", "command": "echo 1"}],
    }


def test_no_request_set() -> None:
    assert af.Cmd()._sendRequest() is None
