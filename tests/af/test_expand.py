"""From a job document to tasks and dependencies: Afanasy's arithmetic, restated and checked.

Expected values come from Afanasy's documentation (job_block.rst's examples) and from working its
rules (``BlockData::genNumbers``, ``calcTaskNumber``, ``Block::constructDependTasks``, the render
service's command and file patterns) through by hand.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from flamenco.af import document, expand
from flamenco.af.flags import fill_numbers


@pytest.mark.parametrize(
    ("pattern", "first", "last", "expected"),
    [
        ("myrender some.scene -s @#@ -e @#@", 1, 4, "myrender some.scene -s 1 -e 4"),
        ("myrender something.@####@.obj", 7, 7, "myrender something.0007.obj"),
        ("a @#@ b @##@ c @###@", 5, 8, "a 5 b 08 c 005"),
        ("no tokens", 1, 2, "no tokens"),
        ("neg @###@", -5, -5, "neg -05"),
    ],
)
def test_fill_numbers(pattern: str, first: int, last: int, expected: str) -> None:
    assert fill_numbers(pattern, first, last) == expected


@pytest.mark.parametrize(
    ("first", "last", "per_task", "inc", "expected"),
    [
        (1, 10, 4, 1, [(1, 4), (5, 8), (9, 10)]),  # Afanasy's documented example
        (1, 10, 1, 1, [(f, f) for f in range(1, 11)]),
        (1, 100, 10, 2, [(1, 19), (21, 39), (41, 59), (61, 79), (81, 99)]),
        (0, 9, 4, 3, [(0, 9)]),  # frames 0,3,6,9
        (0, 10, 2, 3, [(0, 3), (6, 9)]),  # frames 0,3,6,9 (10 is not on the step)
        (5, 5, 10, 1, [(5, 5)]),
    ],
)
def test_numeric_task_frames(
    first: int, last: int, per_task: int, inc: int, expected: list[tuple[int, int]]
) -> None:
    block = {"frame_first": first, "frame_last": last, "frames_per_task": per_task, "frames_inc": inc}
    count = expand.task_count(block)
    assert [expand.task_frames(block, n) for n in range(count)] == expected


def test_numeric_task_names_without_a_pattern() -> None:
    block = {
        "flags": 1,
        "frame_first": 1,
        "frame_last": 5,
        "frames_per_task": 2,
        "frames_inc": 2,
        "command": "r @#@",
    }
    assert [(t.name, t.command) for t in expand.block_tasks(block)] == [
        ("frame 1-3 / 2", "r 1"),
        ("frame 5", "r 5"),
    ]


def test_string_block_tasks() -> None:
    block = {
        "command": "myrender some.scene -camera @#@",
        "tasks_name": "cam @#@",
        "tasks": [{"name": "front", "command": "front"}, {"name": "side", "command": "side"}],
    }
    assert [(t.name, t.command) for t in expand.block_tasks(block)] == [
        ("cam front", "myrender some.scene -camera front"),
        ("cam side", "myrender some.scene -camera side"),
    ]
    bare = {"tasks": [{"name": "x", "command": "echo x"}]}
    assert [(t.name, t.command) for t in expand.block_tasks(bare)] == [("x", "echo x")]


@pytest.mark.parametrize(
    ("block", "numeric"),
    [
        ({"flags": 1, "frame_first": 1}, True),
        ({"frame_first": 1, "frame_last": 3}, True),  # no flags, no tasks: Afanasy's older rule
        ({"tasks": [{"name": "a"}]}, False),
        ({"flags": 4, "tasks": [{"name": "a"}]}, False),
    ],
)
def test_is_numeric(block: dict[str, Any], numeric: bool) -> None:
    assert expand.is_numeric(block) is numeric


def test_string_block_commands_replace_or_append() -> None:
    tasks = [{"name": "a", "command": "sun"}, {"name": "b", "command": ""}]
    with_token = {"command": "render -camera @#@", "tasks": tasks}
    without_token = {"command": "render -camera ", "tasks": tasks}
    assert [t.command for t in expand.block_tasks(with_token)] == ["render -camera sun", "render -camera @#@"]
    assert [t.command for t in expand.block_tasks(without_token)] == ["render -camera sun", "render -camera "]


def test_files_numeric_are_per_frame_and_string_are_combined() -> None:
    numeric = {"flags": 1, "frame_first": 1, "frame_last": 5, "frames_per_task": 3, "frames_inc": 2}
    numeric["files"] = ["img.@####@.jpg"]
    assert [t.files for t in expand.block_tasks(numeric)] == [
        ["img.0001.jpg", "img.0003.jpg", "img.0005.jpg"]
    ]
    string = {"files": ["images/back.@#@.exr"], "tasks": [{"name": "t", "files": ["0057"]}, {"name": "u"}]}
    assert [t.files for t in expand.block_tasks(string)] == [
        ["images/back.0057.exr"],
        ["images/back.@#@.exr"],
    ]
    no_block_files = {"tasks": [{"name": "t", "files": ["x.exr"]}]}
    assert next(expand.block_tasks(no_block_files)).files == []  # as on an Afanasy render


def test_environment_merges_task_over_block() -> None:
    block = {"environment": {"A": "1", "B": "2"}, "tasks": [{"name": "t", "environment": {"B": "3"}}]}
    assert next(expand.block_tasks(block)).environment == {"A": "1", "B": "3"}


def test_string_block_frames() -> None:
    tiles = {"frames_per_task": -4, "tasks": [{"name": str(i)} for i in range(8)]}
    assert [expand.task_frames(tiles, n) for n in range(8)] == [(0, 0)] * 4 + [(1, 1)] * 4
    pairs = {"frames_per_task": 2, "tasks": [{"name": "a"}, {"name": "b"}]}
    assert [expand.task_frames(pairs, n) for n in range(2)] == [(0, 1), (2, 3)]


def numeric(first: int, last: int, per_task: int = 1, inc: int = 1, **more: Any) -> dict[str, Any]:
    return {
        "flags": 1,
        "frame_first": first,
        "frame_last": last,
        "frames_per_task": per_task,
        "frames_inc": inc,
        **more,
    }


def string(count: int, per_task: int = 1) -> dict[str, Any]:
    return {"frames_per_task": per_task, "tasks": [{"name": f"t{i}"} for i in range(count)]}


@pytest.mark.parametrize(
    ("block", "other", "expected"),
    [
        # comp (2 frames per task) waits for render (1 per task): the two render tasks of its frames.
        (
            numeric(1, 10, 2),
            numeric(1, 10),
            [range(0, 2), range(2, 4), range(4, 6), range(6, 8), range(8, 10)],
        ),
        # render of 4 frames per task: a 1-frame task waits for the one render task holding its frame.
        (numeric(1, 6), numeric(1, 10, 4), [range(0, 1)] * 4 + [range(1, 2)] * 2),
        # numeric waits for a string block: numbers shifted to count from the first frame.
        (numeric(101, 103), string(3), [range(0, 1), range(1, 2), range(2, 3)]),
        # string (5 frames per task) waits for numeric 10..19 in tasks of 5.
        (string(2, 5), numeric(10, 19, 5), [range(0, 1), range(1, 2)]),
        # a frame waits for all four tiles (tasks) of its frame.
        (numeric(1, 2), string(8, -4), [range(0, 4), range(4, 8)]),
        # frames past the other block's end wait for its last task (Afanasy clamps).
        (numeric(1, 3), numeric(1, 2), [range(0, 1), range(1, 2), range(1, 2)]),
        # every other frame.
        (
            numeric(1, 9, 1, 2),
            numeric(1, 9, 2, 2),
            [range(0, 1), range(0, 1), range(1, 2), range(1, 2), range(2, 3)],
        ),
    ],
)
def test_depended_task_ranges(block: dict[str, Any], other: dict[str, Any], expected: list[range]) -> None:
    assert [expand.depended_task_range(block, n, other) for n in range(expand.task_count(block))] == expected


def test_block_dependencies_match_whole_names_of_other_blocks() -> None:
    blocks = [
        {"name": "sim"},
        {"name": "render", "depend_mask": "sim", "tasks_depend_mask": ""},
        {"name": "render_fg", "tasks_depend_mask": "render.*"},
        {"name": "comp", "depend_mask": "render", "tasks_depend_mask": "sim|comp"},
    ]
    deps = expand.block_dependencies(blocks)
    assert [(d.blocks, d.tasks_of_blocks) for d in deps] == [([], []), ([0], []), ([], [1]), ([1], [0])]


def test_dependency_cycles_are_found() -> None:
    assert expand.dependency_cycle([{"name": "a", "depend_mask": "b"}, {"name": "b"}]) is None
    cycle = expand.dependency_cycle(
        [
            {"name": "a", "depend_mask": "b"},
            {"name": "b", "tasks_depend_mask": "c"},
            {"name": "c", "depend_mask": "a"},
        ]
    )
    assert cycle == ["a", "b", "c", "a"]
    doc = {
        "job": {
            "user_name": "u",
            "blocks": [{"name": "a", "depend_mask": "b"}, {"name": "b", "depend_mask": "a"}],
        }
    }
    assert document.check(doc).errors == ["job.blocks wait for each other in a cycle: a -> b -> a"]


def test_a_block_of_100000_frames_expands_quickly() -> None:
    block = numeric(1, 100_000, command="render -s @#@ -e @#@", files=["out/img.@####@.exr"])
    started = time.perf_counter()
    tasks = list(expand.block_tasks(block))
    elapsed = time.perf_counter() - started
    assert len(tasks) == 100_000
    assert tasks[-1] == expand.TaskSpec(
        99_999, "frame 100000", "render -s 100000 -e 100000", ["out/img.100000.exr"], 100_000, 100_000, {}
    )
    assert elapsed < 10, elapsed  # the budget for storing it; expanding is a small part
