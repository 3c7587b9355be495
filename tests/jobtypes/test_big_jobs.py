"""Jobs with ten thousand tasks compile, with every dependency wired (see the brief's perf goal)."""

from datetime import datetime

from flamenco.jobtypes import JobTypeRegistry

CREATED = datetime(2024, 1, 2, 3, 4, 5)


def test_ten_thousand_task_echo_job():
    submitted = {
        "name": "many sleeps",
        "type": "echo-sleep-test",
        "priority": 50,
        "settings": {"message": "hi", "sleep_repeats": 9_999, "sleep_duration_seconds": 0},
    }
    tasks = JobTypeRegistry().compile(submitted, CREATED).tasks
    assert len(tasks) == 10_000
    echo, sleeps = tasks[0], tasks[1:]
    assert echo.depends_on == []
    assert all(task.depends_on == [echo] for task in sleeps)
    assert len({task.name for task in tasks}) == 10_000


def test_ten_thousand_frame_render_job_with_chunk_size_one():
    submitted = {
        "name": "long shot",
        "type": "simple-blender-render",
        "priority": 50,
        "settings": {
            "filepath": "/jobs/long.blend",
            "render_output_path": "/render/long/######",
            "frames": "1-10000",
            "chunk_size": 1,
            "fps": 24,
        },
    }
    tasks = JobTypeRegistry().compile(submitted, CREATED).tasks
    assert len(tasks) == 10_002
    renders, video, move = tasks[:10_000], tasks[10_000], tasks[10_001]
    assert [t.name for t in renders[:3]] == ["render-1", "render-2", "render-3"]
    assert renders[-1].name == "render-10000"
    assert renders[-1].commands[0].parameters["args"][-1] == "10000"
    assert all(t.depends_on == [] for t in renders)
    assert video.depends_on == renders
    assert move.depends_on == [*renders, video]
