"""Seed 004's example script and minimal JSON job, run unchanged, produce Afanasy's documents.

The expected documents were derived by reading Afanasy's own ``af.py`` (CGRU, afanasy/python):
what each constructor and call puts in ``.data``, and what ``Job.send`` adds (``folders`` from the
first file pattern of each block, ``branch`` from the first block's working directory).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from flamenco.af import afcmd, document, expand

from .conftest import RecordingServer

DATA = Path(__file__).parent / "data"


def expected_seed_job(work: Path, time_creation: int) -> dict:
    return {
        "name": "somejob",
        "user_name": "jimmy",
        "host_name": socket.gethostname().lower(),
        "priority": 99,
        "time_creation": time_creation,
        "depend_mask": "another_job_name",
        "max_running_tasks": 15,
        "hosts_mask": "render.*",
        "offline": True,
        "command_post": "rm /projects/test/nuke/scene.nk.tmp.nk",
        "blocks": [
            {
                "flags": 1,
                "name": "back",
                "service": "nuke",
                "capacity": 1000,
                "working_directory": str(work),
                "parser": "nuke",
                "command": "nuke -i -X WriteBack -x scene.nk.tmp.nk @#@,@#@",
                "files": ["jpg/img.@####@.jpg"],
                "frame_first": 1,
                "frame_last": 100,
                "frames_per_task": 10,
                "frames_inc": 1,
            }
        ],
        "folders": {"back": os.path.join(str(work), "jpg")},
        "branch": str(work),
    }


def test_seed_example_script_runs_unchanged_and_sends_afanasys_job(
    recording_server: RecordingServer, clean_env: Path
) -> None:
    before = int(time.time())
    run = subprocess.run(
        [sys.executable, str(DATA / "seed_example.py")],
        cwd=clean_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    after = int(time.time())
    assert run.returncode == 0, run.stderr
    assert len(recording_server.requests) == 1
    path, sent = recording_server.requests[0]
    assert path == "/api/v3/afanasy"
    assert list(sent) == ["job"]
    job = sent["job"]
    assert before <= job["time_creation"] <= after
    expected = expected_seed_job(clean_env, job["time_creation"])
    assert job == expected
    # The same key order as Afanasy's (its dicts are sent in insertion order).
    assert list(job) == list(expected)
    assert list(job["blocks"][0]) == list(expected["blocks"][0])


def test_seed_example_tasks_are_ten_tasks_of_ten_frames(
    recording_server: RecordingServer, clean_env: Path
) -> None:
    subprocess.run([sys.executable, str(DATA / "seed_example.py")], cwd=clean_env, check=True, timeout=60)
    block = recording_server.requests[0][1]["job"]["blocks"][0]
    tasks = [(t.name, t.command) for t in expand.block_tasks(block)]
    assert len(tasks) == 10
    assert tasks[0] == ("frame 1-10", "nuke -i -X WriteBack -x scene.nk.tmp.nk 1,10")
    assert tasks[-1] == ("frame 91-100", "nuke -i -X WriteBack -x scene.nk.tmp.nk 91,100")


def test_seed_minimal_json_is_sent_as_written(recording_server: RecordingServer, capsys) -> None:
    status = afcmd.main(["json", "send", str(DATA / "seed_minimal_job.json")])
    assert status == 0, capsys.readouterr().err
    written = json.loads((DATA / "seed_minimal_job.json").read_text())
    assert recording_server.requests == [("/api/v3/afanasy", written)]
    # The Manager's answer is printed.
    assert json.loads(capsys.readouterr().out) == {"id": 1, "serial": 1}


def test_seed_minimal_json_describes_five_tasks_of_every_other_frame() -> None:
    job = json.loads((DATA / "seed_minimal_job.json").read_text())["job"]
    assert document.check({"job": job}).ok
    block = job["blocks"][0]
    assert expand.is_numeric(block)  # no flags, no tasks: a frame range (Afanasy's older rule)
    assert [(t.name, t.command) for t in expand.block_tasks(block)] == [
        (f"frames {a}-{b}", f"nuke -F{a},{b} -x scene.nk -X Write1")
        for a, b in [(1, 19), (21, 39), (41, 59), (61, 79), (81, 99)]
    ]


def test_af_needs_only_the_standard_library(recording_server: RecordingServer, clean_env: Path) -> None:
    """Inside Maya, Nuke or Houdini only their Python is there: the seed's script must run with
    nothing but this package's ``src`` on the path (``-S``: no site-packages at all)."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    run = subprocess.run(
        [sys.executable, "-S", str(DATA / "seed_example.py")],
        cwd=clean_env,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert recording_server.requests[0][1]["job"]["name"] == "somejob"
