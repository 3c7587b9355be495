"""Afanasy's JSON protocol documents: parsing with error positions, and the job document's shape.

Used by ``afcmd json`` now and by the Manager's Afanasy door later (one set of rules for both).
The field list and defaults are Afanasy's (``docs/design/pipeline-jobs.md`` §3.1); where Afanasy
repairs a bad value with a log line (a last frame before the first, frames per task below 1), we
refuse it, so a submitter learns about it instead of getting a different job.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from flamenco.af.expand import dependency_cycle
from flamenco.af.flags import BLOCK_FLAGS

# Field types. "regex" is a string that must compile; maps and lists name their item type.
STR, INT, BOOL, REGEX = "string", "integer", "boolean", "regex"
STR_MAP, INT_MAP, STR_LIST, INT_LIST = "string map", "integer map", "string list", "integer list"

JOB_FIELDS: dict[str, str] = {
    "name": STR,
    "user_name": STR,
    "host_name": STR,
    "priority": INT,
    "description": STR,
    "annotation": STR,
    "project": STR,
    "department": STR,
    "custom_data": STR,
    "command_pre": STR,
    "command_post": STR,
    "time_creation": INT,
    "time_wait": INT,
    "time_life": INT,
    "depend_mask": REGEX,
    "depend_mask_global": REGEX,
    "branch": STR,
    "folders": STR_MAP,
    "offline": BOOL,
    "ppa": BOOL,
    "maintenance": BOOL,
    "ignorenimby": BOOL,
    "ignorepaused": BOOL,
    "hidden": BOOL,
    "try_this_tasks_num": INT_LIST,
    "try_this_blocks_num": INT_LIST,
    "max_running_tasks": INT,
    "max_running_tasks_per_host": INT,
    "max_tasks_per_second": INT,
    "hosts_mask": REGEX,
    "hosts_mask_exclude": REGEX,
    "hosts_mask_type": STR,
    "need_os": REGEX,
    "need_properties": REGEX,
    "need_power": INT,
    "need_memory": INT,
    "need_hdd": INT,
    "pools": INT_MAP,
    "solve_method": STR,
    "solve_need": STR,
}

BLOCK_FIELDS: dict[str, str] = {
    "name": STR,
    "service": STR,
    "parser": STR,
    "tasks_name": STR,
    "capacity": INT,
    "capacity_coeff_min": INT,
    "capacity_coeff_max": INT,
    "working_directory": STR,
    "command": STR,
    "command_pre": STR,
    "command_post": STR,
    "files": STR_LIST,
    "environment": STR_MAP,
    "tickets": INT_MAP,
    "flags": INT,
    "frame_first": INT,
    "frame_last": INT,
    "frames_per_task": INT,
    "frames_inc": INT,
    "sequential": INT,
    "max_running_tasks": INT,
    "max_running_tasks_per_host": INT,
    "hosts_mask": REGEX,
    "hosts_mask_exclude": REGEX,
    "depend_mask": REGEX,
    "tasks_depend_mask": REGEX,
    "need_memory": INT,
    "need_power": INT,
    "need_hdd": INT,
    "need_cpu_freq_mgz": INT,
    "need_cpu_cores": INT,
    "need_cpu_freq_cores": INT,
    "need_gpu_mem_mb": INT,
    "need_properties": REGEX,
    "errors_retries": INT,
    "errors_avoid_host": INT,
    "errors_task_same_host": INT,
    "errors_forgive_time": INT,
    "task_max_run_time": INT,
    "task_min_run_time": INT,
    "task_progress_change_timeout": INT,
    "file_size_min": INT,
    "file_size_max": INT,
    "multihost_min": INT,
    "multihost_max": INT,
    "multihost_max_wait": INT,
    "multihost_service": STR,
    "multihost_service_wait": INT,
    "parser_coeff": INT,
    "custom_data": STR,
    "srv_info": STR,
}

TASK_FIELDS: dict[str, str] = {"name": STR, "command": STR, "files": STR_LIST, "environment": STR_MAP}

# Afanasy's values for what a job document leaves out (-1 = no limit / the farm's setting).
JOB_DEFAULTS: dict[str, Any] = {
    "time_wait": 0,
    "time_life": -1,
    "branch": "/",
    "offline": False,
    "max_running_tasks": -1,
    "max_running_tasks_per_host": -1,
}
BLOCK_DEFAULTS: dict[str, Any] = {
    "flags": 0,
    "capacity": 1000,
    "frame_first": 0,
    "frame_last": 0,
    "frames_per_task": 1,
    "frames_inc": 1,
    "sequential": 1,
    "max_running_tasks": -1,
    "max_running_tasks_per_host": -1,
    "errors_retries": -1,
    "errors_avoid_host": -1,
    "errors_task_same_host": -1,
    "errors_forgive_time": -1,
    "task_max_run_time": 0,
    "task_min_run_time": 0,
}

REQUEST_KINDS = ("job", "get", "action")


@dataclass
class SyntaxProblem(Exception):
    """A JSON syntax error with its place: 1-based line and column, 0-based character offset."""

    message: str
    line: int
    column: int
    position: int
    length: int
    context: str = ""

    def __str__(self) -> str:
        return (
            f"{self.message} at line {self.line}, column {self.column}"
            f" (character {self.position} of {self.length})"
        )


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse(text: str) -> Any:
    """The parsed document, or :class:`SyntaxProblem` naming where the text stops being JSON."""
    if text.startswith("\ufeff"):
        text = text[1:]  # a UTF-8 byte-order mark, as Windows editors write
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as err:
        line_text = (
            text.splitlines()[err.lineno - 1] if text.splitlines()[err.lineno - 1 : err.lineno] else ""
        )
        marker = " " * (err.colno - 1) + "^"
        raise SyntaxProblem(
            err.msg, err.lineno, err.colno, err.pos, len(text), f"{line_text}\n{marker}"
        ) from None
    except ValueError as err:  # NaN / Infinity
        raise SyntaxProblem(str(err), 1, 1, 0, len(text)) from None


@dataclass
class Report:
    """What is wrong with a document (errors: refused) and what is merely odd (warnings)."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _type_error(kind: str, value: Any) -> str | None:
    """Why ``value`` is not of ``kind``, or None when it is."""

    def is_int(v: Any) -> bool:
        return isinstance(v, int) and not isinstance(v, bool)

    if kind in (STR, REGEX):
        if not isinstance(value, str):
            return "must be a string"
        if kind == REGEX and value:
            try:
                re.compile(value)
            except re.error as err:
                return f"is not a valid regular expression ({err})"
        return None
    if kind == INT:
        return None if is_int(value) else "must be an integer"
    if kind == BOOL:
        return None if isinstance(value, bool) else "must be true or false"
    if kind in (STR_MAP, INT_MAP):
        if not isinstance(value, dict):
            return "must be an object"
        for key, item in value.items():
            if kind == STR_MAP and not isinstance(item, str):
                return f"entry {key!r} must be a string"
            if kind == INT_MAP and not is_int(item):
                return f"entry {key!r} must be an integer"
        return None
    if kind in (STR_LIST, INT_LIST):
        if not isinstance(value, list):
            return "must be an array"
        for index, item in enumerate(value):
            if (kind == STR_LIST and not isinstance(item, str)) or (kind == INT_LIST and not is_int(item)):
                return f"item {index} must be {'a string' if kind == STR_LIST else 'an integer'}"
        return None
    raise AssertionError(kind)


def _check_fields(obj: dict[str, Any], fields: dict[str, str], where: str, report: Report) -> None:
    for key, value in obj.items():
        kind = fields.get(key)
        if kind is None:
            if key not in ("blocks", "tasks") and not key.startswith("-"):
                report.warnings.append(f"{where}.{key}: not an Afanasy job field; ignored")
            continue
        problem = _type_error(kind, value)
        if problem:
            report.errors.append(f"{where}.{key} {problem}")


def check(document: Any) -> Report:
    """Check a protocol document's shape: exactly one of ``job``, ``get``, ``action``."""
    report = Report()
    if not isinstance(document, dict):
        report.errors.append("the document must be a JSON object")
        return report
    kinds = [k for k in REQUEST_KINDS if k in document]
    if len(kinds) != 1:
        report.errors.append(
            f"the document must have exactly one of {', '.join(REQUEST_KINDS)}; it has {len(kinds)}"
        )
        return report
    for key in document:
        if key not in REQUEST_KINDS and not key.startswith("-"):
            report.warnings.append(f"{key}: not a protocol field; ignored")
    kind = kinds[0]
    body = document[kind]
    if not isinstance(body, dict):
        report.errors.append(f"{kind} must be an object")
        return report
    if kind == "job":
        _check_job(body, report)
    else:
        if not isinstance(body.get("type"), str) or not body.get("type"):
            report.errors.append(f"{kind}.type must be a non-empty string (jobs, renders, users, ...)")
        if kind == "action":
            for key in ("user_name", "host_name"):
                if not isinstance(body.get(key), str):
                    report.warnings.append(f"action.{key}: missing; Afanasy logs actions by user and host")
    return report


# Fields whose values are one of a few words.
CHOICES: dict[str, tuple[str, ...]] = {
    "hosts_mask_type": ("regex", "find"),
    "solve_method": ("solve_order", "solve_priority"),
    "solve_need": ("solve_tasks_num", "solve_capacity"),
}


def _check_job(job: dict[str, Any], report: Report) -> None:
    job = dict(job)
    life = job.get("time_life")
    if isinstance(life, str) and life.isdigit():
        # af.Job.setTimeLife("3600") keeps the text as given; take the number it names.
        job["time_life"] = int(life)
    _check_fields(job, JOB_FIELDS, "job", report)
    for key, words in CHOICES.items():
        if isinstance(job.get(key), str) and job[key] not in words:
            report.errors.append(f"job.{key} must be one of {', '.join(words)}, not {job[key]!r}")
    if not isinstance(job.get("user_name"), str) or not job.get("user_name"):
        report.errors.append("job.user_name must be a non-empty string")
    blocks = job.get("blocks")
    if not isinstance(blocks, list) or not blocks:
        report.errors.append("job.blocks must be a non-empty array of blocks")
        return
    names: set[str] = set()
    for index, block in enumerate(blocks):
        where = f"job.blocks[{index}]"
        if not isinstance(block, dict):
            report.errors.append(f"{where} must be an object")
            continue
        _check_fields(block, BLOCK_FIELDS, where, report)
        name = block.get("name")
        if isinstance(name, str):
            if name in names:
                report.warnings.append(
                    f"{where}.name {name!r} repeats an earlier block's; it will be renamed"
                )
            names.add(name)
        _check_block_tasks(block, where, report)
    if report.ok:
        cycle = dependency_cycle(blocks)
        if cycle:
            report.errors.append(f"job.blocks wait for each other in a cycle: {' -> '.join(cycle)}")


def _check_block_tasks(block: dict[str, Any], where: str, report: Report) -> None:
    flags = block.get("flags", 0)
    flagged = isinstance(flags, int) and not isinstance(flags, bool) and bool(flags & BLOCK_FLAGS["numeric"])
    if "tasks" in block:
        tasks = block["tasks"]
        if flagged:
            report.errors.append(f"{where} is numeric (flags) and also lists tasks; choose one")
        if not isinstance(tasks, list) or not tasks:
            report.errors.append(f"{where}.tasks must be a non-empty array of tasks")
            return
        per_task = block.get("frames_per_task", 1)
        if per_task == 0 and isinstance(per_task, int) and not isinstance(per_task, bool):
            # A string block's tasks hold frames_per_task frames each (negative: several tasks a
            # frame); none is not a number of frames a task can hold.
            report.errors.append(f"{where}.frames_per_task must not be 0")
        for index, task in enumerate(tasks):
            if not isinstance(task, dict):
                report.errors.append(f"{where}.tasks[{index}] must be an object")
                continue
            _check_fields(task, TASK_FIELDS, f"{where}.tasks[{index}]", report)
        return
    numbers = {
        k: block.get(k, BLOCK_DEFAULTS[k])
        for k in ("frame_first", "frame_last", "frames_per_task", "frames_inc")
    }
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in numbers.values()):
        return  # already reported as a type error
    if not flagged and "frame_first" not in block and "frame_last" not in block:
        report.warnings.append(f"{where} has neither tasks nor a frame range; it is one task of frame 0")
    if numbers["frame_last"] < numbers["frame_first"]:
        report.errors.append(
            f"{where}.frame_last ({numbers['frame_last']}) is before frame_first ({numbers['frame_first']})"
        )
    if numbers["frames_per_task"] < 1:
        report.errors.append(f"{where}.frames_per_task must be at least 1 in a numeric block")
    if numbers["frames_inc"] < 1:
        report.errors.append(f"{where}.frames_inc must be at least 1")
