"""The `flamenco` command as a whole: where it finds the Manager, exit statuses, job types, the
console script itself, and following a job across a Manager restart."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flamenco import __version__
from tests.api.live_manager import ManagerProcess, free_port
from tests.cli.conftest import TEST_JOB_TYPES, Farm, eventually, run_cli
from tests.worker.worker_process import WorkerProcess

pytestmark = pytest.mark.e2e
FLAMENCO = Path(sys.executable).parent / "flamenco"


def test_manager_before_or_after_the_command_or_from_the_environment(
    farm: Farm, monkeypatch: pytest.MonkeyPatch
) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}"
    before = run_cli("--manager", farm.url, "job-types", "--json")
    after = run_cli("job-types", "--json", "--manager", farm.url)
    assert before.code == after.code == 0
    assert before.json() == after.json()
    # After the command wins over before it, as the later option does.
    assert run_cli("--manager", nowhere, "worker", "list", "--manager", farm.url).code == 0

    monkeypatch.setenv("FLAMENCO_MANAGER", farm.url.removeprefix("http://"))  # scheme optional
    from_env = run_cli("worker", "list", "--json")
    assert from_env.code == 0, from_env.err
    assert "cli-worker" in {w["nickname"] for w in from_env.json()["workers"]}
    assert run_cli("--manager", nowhere, "worker", "list").code == 2  # the flag beats the variable

    # Piped output has a fixed width whatever $COLUMNS says: a table row stays one line for grep.
    monkeypatch.setenv("COLUMNS", "40")
    narrow = run_cli("job-types")
    assert any(line.split()[:1] == ["simple-blender-render"] and line.endswith("image_file_extension, scene)")
               for line in narrow.lines())  # fmt: skip

    helped = run_cli("--help")
    assert helped.code == 0 and "$FLAMENCO_MANAGER" in helped.out and "exit status" in helped.out


def test_unreachable_manager_and_usage_errors_exit_2() -> None:
    nowhere = f"http://127.0.0.1:{free_port()}"
    down = run_cli("--manager", nowhere, "job", "list")
    assert down.code == 2
    assert f"cannot reach the Manager at {nowhere}" in down.err and "$FLAMENCO_MANAGER" in down.err
    assert run_cli("job").code == 2  # no verb
    assert run_cli("job", "frobnicate").code == 2
    assert run_cli("--manager", nowhere, "job", "wait", "zzz").code == 2
    for bad_url in ("ftp://127.0.0.1", "http://127.0.0.1:99999", "http://:8080", "::::", " "):
        refused = run_cli("--manager", bad_url, "job", "list")
        assert refused.code == 2 and "Manager URL" in refused.err, (bad_url, refused.err)


def test_version() -> None:
    result = run_cli("--version")
    assert result.code == 0 and result.out.strip() == f"flamenco {__version__}"


def test_job_types_and_their_settings(farm: Farm) -> None:
    listed = run_cli("--manager", farm.url, "job-types")
    assert listed.code == 0, listed.err
    rows = {line.split()[0]: line for line in listed.lines()[1:]}
    assert "echo-sleep-test" in rows and "(required: message)" in rows["echo-sleep-test"]
    assert "simple-blender-render" in rows and "shell-tasks" in rows

    shown = farm.cli("job-types", "show", "echo-sleep-test")
    assert shown.code == 0
    settings = {line.split()[0]: line for line in shown.lines()[2:]}
    assert "yes" in settings["message"] and "string" in settings["message"]
    assert "int32" in settings["sleep_repeats"]
    as_json = farm.cli("job-types", "show", "echo-sleep-test", "--json").json()
    assert as_json["name"] == "echo-sleep-test" and len(as_json["etag"]) == 40  # Flamenco 3.8's
    assert {s["key"] for s in as_json["settings"]} == {"message", "sleep_duration_seconds", "sleep_repeats"}

    # What the seed spec's (2022) clients are given: Flamenco's declaration of that time.
    for args in (
        ("--api", "seed", "show", "simple-blender-render"),
        ("show", "simple-blender-render", "--api", "seed"),
    ):
        seed = farm.cli("job-types", *args)
        assert seed.code == 0, seed.err
        assert "0..32" in seed.out and "submission" in seed.out
    keys = {
        s["key"]
        for s in farm.cli("job-types", "show", "simple-blender-render", "--api", "seed", "--json").json()[
            "settings"
        ]
    }
    assert "video_container_format" in keys and "scene" not in keys
    keys = {
        s["key"] for s in farm.cli("job-types", "show", "simple-blender-render", "--json").json()["settings"]
    }
    assert "scene" in keys and "video_container_format" not in keys

    unknown = farm.cli("job-types", "show", "no-such-type")
    assert unknown.code == 2 and "404" in unknown.err


def test_the_console_script(farm: Farm) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLAMENCO_")}
    version = subprocess.run([FLAMENCO, "--version"], capture_output=True, text=True, env=env, timeout=30)
    assert version.returncode == 0 and version.stdout.strip() == f"flamenco {__version__}"

    env["FLAMENCO_MANAGER"] = farm.url
    submitted = subprocess.run(
        [FLAMENCO, "job", "submit", "--type", "echo-sleep-test", "--setting", "message=from a shell",
         "--setting", "sleep_repeats=0", "--wait", "--interval", "0.2"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert submitted.returncode == 0, submitted.stderr
    job_id = submitted.stdout.splitlines()[0]
    assert f"job {job_id} completed" in submitted.stdout


def test_wait_follows_a_job_across_a_manager_restart(tmp_path: Path) -> None:
    manager = ManagerProcess(tmp_path / "manager", extra_args=["--job-types-path", str(TEST_JOB_TYPES)])
    with manager, WorkerProcess(manager.url, tmp_path / "worker", name="restart-worker") as worker:
        job = run_cli("--manager", manager.url, "job", "submit", "--type", "shell-tasks", "--json",
                      "--setting", "count=3", "--setting", "sleep=1.5")  # fmt: skip
        assert job.code == 0, job.err
        job_id = job.json()["id"]

        out, err = tmp_path / "wait.out", tmp_path / "wait.err"
        env = {k: v for k, v in os.environ.items() if not k.startswith("FLAMENCO_")}
        env["FLAMENCO_MANAGER"] = manager.url
        with open(out, "wb") as stdout, open(err, "wb") as stderr:
            waiting = subprocess.Popen(
                [FLAMENCO, "job", "wait", job_id, "--interval", "0.3"], stdout=stdout, stderr=stderr, env=env
            )
        try:
            eventually(lambda: "tasks completed" in err.read_text(), 20, "the CLI following the job")
            manager.stop()
            eventually(lambda: "lost the Manager" in err.read_text(), 20, "the CLI noticing the outage")
            time.sleep(1.5)  # a restart takes a while; the CLI keeps trying meanwhile
            assert waiting.poll() is None, err.read_text()
            manager.start()  # same port, same database
            assert waiting.wait(90) == 0, out.read_text() + err.read_text()
        finally:
            if waiting.poll() is None:
                waiting.kill()
                waiting.wait(10)
        said = err.read_text()
        assert "retrying every 1s until it is back" in said
        assert "the Manager is back after" in said
        assert f"job {job_id} completed" in out.read_text()
        assert worker.violations() == ""
