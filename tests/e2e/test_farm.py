"""The whole farm with real processes: a Manager, two workers, and a real Blender render.

Every worker's traffic is checked against the spec (the workers run through
`tests.worker.spec_checked_worker`), and so is every call these tests make.
"""

from __future__ import annotations

import io
import json
import shutil
import signal
import struct
import subprocess
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from PIL import Image

from tests.api.live_manager import ManagerProcess
from tests.api.spec_client import SpecCheckedSession, load_spec
from tests.api.test_v3_sessions import V3_SPEC
from tests.worker.worker_process import WorkerProcess, wait_for

pytestmark = pytest.mark.e2e

RENDER_TYPES = ["blender", "ffmpeg", "file-management", "misc"]


def _farm(tmp_path: Path, worker_timeout: str) -> Iterator[tuple[ManagerProcess, SpecCheckedSession]]:
    (tmp_path / "manager").mkdir()
    (tmp_path / "manager" / "flamenco-manager.yaml").write_text(
        f"worker_timeout: {worker_timeout}\ntask_timeout: 1m\n"
    )
    with ManagerProcess(tmp_path / "manager") as manager:
        yield manager, SpecCheckedSession(manager.url)
    assert "Traceback" not in manager.log(), manager.log()[-4000:]


@pytest.fixture
def farm(tmp_path: Path) -> Iterator[tuple[ManagerProcess, SpecCheckedSession]]:
    """A Manager with a worker timeout of 30 s (production: 1 minute).

    Shorter is flaky: a worker busy rendering talks to the Manager at least every 5 s (may-I-run),
    and on a loaded machine a 4 s timeout took Blender's worker for lost and requeued its task.
    """
    yield from _farm(tmp_path, "30s")


@pytest.fixture
def quick_farm(tmp_path: Path) -> Iterator[tuple[ManagerProcess, SpecCheckedSession]]:
    """A Manager that notices a silent worker within 4 seconds, for tests that kill one."""
    yield from _farm(tmp_path, "4s")


def submit(api: SpecCheckedSession, job: dict[str, Any]) -> str:
    response = api.post("/api/jobs", json={"priority": 50, "metadata": {}, **job})
    assert response.status_code == 200, response.text
    return response.json()["id"]


def job_status(api: SpecCheckedSession, job_id: str) -> str:
    return api.get(f"/api/jobs/{job_id}").json()["status"]


def tasks(api: SpecCheckedSession, job_id: str) -> list[dict[str, Any]]:
    return api.get(f"/api/jobs/{job_id}/tasks").json()["tasks"]


def wait_completed(api: SpecCheckedSession, job_id: str, timeout: float, *workers: WorkerProcess) -> None:
    def done() -> bool:
        status = job_status(api, job_id)
        assert status not in ("failed", "canceled"), (status, [w.log()[-3000:] for w in workers])
        return status == "completed"

    wait_for(done, timeout, f"job {job_id} to complete", workers[0] if workers else None)


def test_two_workers_complete_jobs_with_dependencies(farm, tmp_path):
    manager, api = farm
    with (
        WorkerProcess(manager.url, tmp_path / "w1", name="w1") as first,
        WorkerProcess(manager.url, tmp_path / "w2", name="w2") as second,
    ):
        echo = submit(api, {"name": "echo", "type": "echo-sleep-test", "settings": {"message": "hello farm"}})
        fan_out = submit(
            api,
            {
                "name": "fan-out",
                "type": "echo-sleep-test",
                "settings": {"message": "fan", "sleep_repeats": 6, "sleep_duration_seconds": 1},
            },
        )
        wait_completed(api, echo, 60, first, second)
        wait_completed(api, fan_out, 60, first, second)
        # Both workers took part: six 1-second sleeps after one echo, on two machines.
        workers_used = {
            api.get(f"/api/tasks/{t['id']}").json()["worker"]["name"] for t in tasks(api, fan_out)
        }
        assert workers_used == {"w1", "w2"}
        echo_task = tasks(api, echo)[0]["id"]
        assert "hello farm" in api.get(f"/api/tasks/{echo_task}/logtail").text
        for worker in (first, second):
            assert worker.signal(signal.SIGTERM) == 0
            assert worker.violations() == ""


def test_a_killed_worker_s_task_moves_to_the_other_worker(quick_farm, tmp_path):
    manager, api = quick_farm
    job = submit(
        api,
        {
            "name": "long",
            "type": "echo-sleep-test",
            "settings": {"message": "x", "sleep_duration_seconds": 30},
        },
    )
    with WorkerProcess(manager.url, tmp_path / "victim", name="victim") as victim:

        def sleeping_on_victim() -> str | None:
            for task in tasks(api, job):
                if task["status"] == "active" and task["name"] == "sleep":
                    return task["id"]
            return None

        sleep_task = wait_for(sleeping_on_victim, 30, "the sleep task to start", victim)
        victim.process.kill()  # SIGKILL: no sign-off, no goodbye
        victim.process.wait(10)
    assert job_status(api, job) == "active"
    with WorkerProcess(manager.url, tmp_path / "rescuer", name="rescuer", task_types=["misc"]) as rescuer:
        # The worker timeout (4 s) requeues the task; the rescuer picks it up and finishes it.
        wait_for(
            lambda: api.get(f"/api/tasks/{sleep_task}").json().get("worker", {}).get("name") == "rescuer",
            30,
            "the rescuer to take over the task",
            rescuer,
        )
        workers = {w["nickname"]: w for w in api.get("/api/worker-mgt/workers").json()["workers"]}
        assert workers["victim"]["status"] == "error"
        log = api.get(f"/api/tasks/{sleep_task}/logtail").text
        assert "timed out" in log
        assert rescuer.signal(signal.SIGTERM) == 0


BLEND_SCRIPT = """
import bpy
scene = bpy.context.scene
scene.render.engine = "CYCLES"
scene.cycles.device = "CPU"
scene.cycles.samples = 4
scene.cycles.use_denoising = False  # Debian's Blender has no OpenImageDenoise
scene.render.resolution_x, scene.render.resolution_y, scene.render.resolution_percentage = 64, 48, 100
scene.frame_start, scene.frame_end = 1, 4
cube = bpy.data.objects["Cube"]
cube.rotation_euler = (0, 0, 0)
cube.keyframe_insert("rotation_euler", frame=1)
cube.rotation_euler = (0, 0, 1.5)
cube.keyframe_insert("rotation_euler", frame=4)
bpy.ops.wm.save_as_mainfile(filepath={path!r})
"""


def wait_for_answer(call: Any, status: int, timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        answer = call()
        if answer.status_code == status or time.monotonic() > deadline:
            assert answer.status_code == status, answer.text
            return answer
        time.sleep(0.2)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.skipif(
    not (shutil.which("blender") and shutil.which("ffmpeg")), reason="needs blender and ffmpeg"
)
def test_a_real_blender_render_through_the_farm(farm, tmp_path):
    manager, api = farm
    project = tmp_path / "project"
    project.mkdir()
    blend = project / "cube.blend"
    script = project / "make_cube.py"
    script.write_text(textwrap.dedent(BLEND_SCRIPT.format(path=str(blend))))
    subprocess.run(
        ["blender", "-b", "--factory-startup", "--python", str(script)], check=True, capture_output=True
    )
    assert blend.exists()

    final_dir = project / "renders" / "cube"
    job = submit(
        api,
        {
            "name": "cube",
            "type": "simple-blender-render",
            "settings": {
                "filepath": str(blend),
                "render_output_path": str(final_dir / "frame-######"),
                "frames": "1-4",
                "chunk_size": 2,
                "fps": 24,
                "format": "PNG",
                "output_file_extension": ".png",
            },
        },
    )
    assert [t["name"] for t in tasks(api, job)] == [
        "render-1-2",
        "render-3-4",
        "preview-video",
        "move-to-final",
    ]
    with (
        WorkerProcess(manager.url, tmp_path / "r1", name="r1", task_types=RENDER_TYPES) as first,
        WorkerProcess(manager.url, tmp_path / "r2", name="r2", task_types=RENDER_TYPES) as second,
    ):
        wait_completed(api, job, 240, first, second)
        assert first.violations() == "" and second.violations() == ""

    frames = sorted(final_dir.glob("frame-*.png"))
    assert [f.name for f in frames] == [f"frame-{n:06d}.png" for n in range(1, 5)]
    for frame in frames:
        assert png_size(frame) == (64, 48)
    [video] = final_dir.glob("*.mp4")
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-of", "json",
         "-show_entries", "stream=codec_name,nb_read_frames,width,height", str(video)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    stream = json.loads(probe.stdout)["streams"][0]
    assert stream["codec_name"] == "h264"
    assert int(stream["nb_read_frames"]) == 4
    assert (stream["width"], stream["height"]) == (64, 48)

    # The workers sent the frames Blender saved; the Manager thumbnailed the last one it got.
    v3 = SpecCheckedSession(manager.url, spec=load_spec(V3_SPEC))
    info = wait_for_answer(lambda: v3.get(f"/api/v3/jobs/{job}/last-rendered"), 200, 20)
    assert info.json()["suffixes"] == [
        "last-rendered.jpg",
        "last-rendered-small.jpg",
        "last-rendered-tiny.jpg",
    ]
    assert v3.get("/api/v3/jobs/last-rendered").json() == info.json()
    image = requests.get(f"{manager.url}{info.json()['base']}/last-rendered.jpg", timeout=10)
    assert image.headers["content-type"] == "image/jpeg"
    assert Image.open(io.BytesIO(image.content)).size == (64, 48)  # small frames are not enlarged
    # Step progress: every task completed, so every step is done.
    shown = v3.get(f"/api/v3/jobs/{job}").json()
    assert shown["steps_completed"] == shown["steps_total"] == 4  # four tasks of one command each
