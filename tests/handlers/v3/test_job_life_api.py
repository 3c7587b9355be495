"""`fetchJobLife` / `updateJobLife` (additions, tag `pipeline`) on SQLite and PostgreSQL."""

from __future__ import annotations

from tests.pipeline.helpers import gates, job, waiting

UNKNOWN = "3c7d1b5e-0000-4000-8000-00000000000d"


def test_a_jobs_life_is_shown_and_changed(client, services, clock):
    render = job(services, "shot010_render", count=1)
    comp = job(services, "shot010_comp", count=2, command_post="echo bye")
    path = f"/api/v3/jobs/{comp.uuid}/life"
    assert client.get(path).json() == {
        "waiting_for_jobs": False,
        "waits_for": [],
        "user_name": "alice",
        "command_post": "echo bye",
    }
    answer = client.post(
        path, json={"depend_mask": "shot010_.*", "time_life": 3600, "time_wait": "2026-01-01T13:00:00Z"}
    )
    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        "waiting_for_jobs": True,
        "waits_for": [render.name],
        "user_name": "alice",
        "depend_mask": "shot010_.*",
        "time_wait": "2026-01-01T13:00:00Z",
        "time_life": 3600,
        "deleted_at": "2026-01-01T13:00:00Z",
        "command_post": "echo bye",
    }
    assert waiting(comp) and gates(comp) == [2, 2]  # waits for the render and for 13:00
    cleared = client.post(path, json={"depend_mask": None, "time_wait": "", "command_post": None}).json()
    assert cleared == {
        "waiting_for_jobs": False,
        "waits_for": [],
        "user_name": "alice",
        "time_life": 3600,
        "deleted_at": "2026-01-01T13:00:00Z",
    }
    assert gates(comp) == [0, 0]


def test_bad_life_changes_are_refused_and_change_nothing(client, services):
    comp = job(services, "comp", count=1)
    path = f"/api/v3/jobs/{comp.uuid}/life"
    for body in ({"depend_mask": "("}, {"time_wait": "tomorrow"}, {"time_life": "long"}, {"colour": "red"}):
        answer = client.post(path, json={"time_life": 60, **body})
        assert answer.status_code == 400, (body, answer.text)
        assert set(answer.json()) == {"code", "message"}
    assert "time_life" not in client.get(path).json()
    assert client.get(f"/api/v3/jobs/{UNKNOWN}/life").status_code == 404
    assert client.post(f"/api/v3/jobs/{UNKNOWN}/life", json={}).status_code == 404
