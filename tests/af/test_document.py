"""Parsing protocol documents and checking a job document against Afanasy's job model."""

from __future__ import annotations

from typing import Any

import pytest

from flamenco.af import document


def job(**block: Any) -> dict[str, Any]:
    return {"job": {"name": "j", "user_name": "jimmy", "blocks": [{"name": "b", **block}]}}


def test_a_good_job_document() -> None:
    report = document.check(job(frame_first=1, frame_last=10, service="nuke", tickets={"NUKE": 1}))
    assert report.ok and report.warnings == []


@pytest.mark.parametrize(
    ("doc", "error"),
    [
        ([], "the document must be a JSON object"),
        ({}, "exactly one of job, get, action; it has 0"),
        ({"job": {}, "get": {}}, "it has 2"),
        ({"job": []}, "job must be an object"),
        ({"job": {"name": "j", "blocks": [{"name": "b"}]}}, "job.user_name must be a non-empty string"),
        ({"job": {"user_name": "u"}}, "job.blocks must be a non-empty array"),
        ({"job": {"user_name": "u", "blocks": []}}, "job.blocks must be a non-empty array"),
        ({"job": {"user_name": "u", "blocks": [3]}}, "job.blocks[0] must be an object"),
        (job(frame_first="1"), "job.blocks[0].frame_first must be an integer"),
        (job(frame_first=1.5), "job.blocks[0].frame_first must be an integer"),
        (job(frame_first=True), "job.blocks[0].frame_first must be an integer"),
        (job(files="a.exr"), "job.blocks[0].files must be an array"),
        (job(files=[1]), "job.blocks[0].files item 0 must be a string"),
        (job(environment={"A": 1}), "job.blocks[0].environment entry 'A' must be a string"),
        (job(tickets={"NUKE": "1"}), "job.blocks[0].tickets entry 'NUKE' must be an integer"),
        (job(depend_mask="("), "job.blocks[0].depend_mask is not a valid regular expression"),
        (job(frame_first=10, frame_last=1), "job.blocks[0].frame_last (1) is before frame_first (10)"),
        (job(frame_last=5, frames_per_task=0), "job.blocks[0].frames_per_task must be at least 1"),
        (job(frame_last=5, frames_inc=0), "job.blocks[0].frames_inc must be at least 1"),
        (job(tasks=[]), "job.blocks[0].tasks must be a non-empty array"),
        (job(flags=1, tasks=[{"name": "a"}]), "is numeric (flags) and also lists tasks"),
        (job(tasks=[{"name": 3}]), "job.blocks[0].tasks[0].name must be a string"),
        ({"job": {"user_name": "u", "offline": "yes", "blocks": [{}]}}, "job.offline must be true or false"),
        (
            {"job": {"user_name": "u", "hosts_mask": "[", "blocks": [{}]}},
            "job.hosts_mask is not a valid regular",
        ),
        ({"get": {}}, "get.type must be a non-empty string"),
        ({"action": {"type": ""}}, "action.type must be a non-empty string"),
    ],
)
def test_shape_errors(doc: Any, error: str) -> None:
    report = document.check(doc)
    assert not report.ok
    assert any(error in e for e in report.errors), report.errors


def test_warnings_do_not_refuse() -> None:
    doc = job(frame_first=1, frame_last=1, st=3)
    doc["job"]["blocks"].append({"name": "b", "frame_last": 2})
    doc["job"]["serial"] = 5
    doc["extra"] = 1
    report = document.check(doc)
    assert report.ok
    assert report.warnings == [
        "extra: not a protocol field; ignored",
        "job.serial: not an Afanasy job field; ignored",
        "job.blocks[0].st: not an Afanasy job field; ignored",
        "job.blocks[1].name 'b' repeats an earlier block's; it will be renamed",
    ]


def test_get_and_action_documents() -> None:
    assert document.check({"get": {"type": "jobs"}}).ok
    action = {"action": {"user_name": "jimmy", "host_name": "pc01", "mask": "pc02", "type": "renders"}}
    assert document.check(action).ok and document.check(action).warnings == []
    assert document.check({"action": {"type": "jobs"}}).warnings  # who did it is missing


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('{"job": {"name": "a" "x": 1}}', 1, 22),
        ('{\n  "job": {\n    "name": "a",\n  }\n}', 4, 3),
        ("{\n\n   [", 3, 4),
        ('{"a": NaN}', 1, 1),
        ("", 1, 1),
    ],
)
def test_parse_reports_line_and_column(text: str, line: int, column: int) -> None:
    with pytest.raises(document.SyntaxProblem) as caught:
        document.parse(text)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert caught.value.length == len(text)


def test_parse_skips_a_byte_order_mark() -> None:
    assert document.parse('\ufeff{"get": {"type": "jobs"}}') == {"get": {"type": "jobs"}}


def test_time_life_as_af_set_time_life_writes_it() -> None:
    """``af.Job.setTimeLife("3600")`` keeps the text; the document check takes the number."""
    doc = job(frame_last=1)
    doc["job"]["time_life"] = "3600"
    assert document.check(doc).ok
    doc["job"]["time_life"] = "an hour"
    assert document.check(doc).errors == ["job.time_life must be an integer"]


@pytest.mark.parametrize("key", ["hosts_mask_type", "solve_method", "solve_need"])
def test_word_fields(key: str) -> None:
    doc = job(frame_last=1)
    doc["job"][key] = "sometimes"
    assert document.check(doc).errors[0].startswith(f"job.{key} must be one of ")


def test_a_string_block_with_zero_frames_per_task_is_refused() -> None:
    block = {"name": "b", "frames_per_task": 0, "tasks": [{"name": "t", "command": "c"}]}
    report = document.check({"job": {"user_name": "u", "blocks": [block]}})
    assert report.errors == ["job.blocks[0].frames_per_task must not be 0"]
