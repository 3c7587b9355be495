"""The canonical `LastRenderedUpdated` fact on the seed namespace: Flamenco 3.x's `/last-rendered`
event (an addition), to the job's room and to `allLastRendered`'s, valid for the seed spec's schema."""

from __future__ import annotations

import pytest

from flamenco.api import events_seed
from flamenco.events import Event
from flamenco.events.facts import JobStepsChanged, LastRenderedUpdated

from .listener import validate

JOB = "0f6d3f4e-8a36-4f7b-9d2c-6b1f0f7b4a11"


def test_rendered_to_the_jobs_room_and_the_farm_wide_room():
    emits = events_seed.emits(Event("last-rendered", LastRenderedUpdated(JOB)))
    assert [(name, room) for name, room, _ in emits] == [
        ("/last-rendered", f"job-{JOB}"),
        ("/last-rendered", "LastRendered"),
    ]
    payload = emits[0][2]
    validate("SocketIOLastRenderedUpdate", payload)
    assert payload == {
        "job_id": JOB,
        "thumbnail": {
            "base": f"/job-files/job-0f6d/{JOB}",
            "suffixes": ["last-rendered.jpg", "last-rendered-small.jpg", "last-rendered-tiny.jpg"],
        },
    }


def test_all_last_rendered_is_a_subscription_and_step_facts_emit_nothing():
    body = {"op": "subscribe", "type": "allLastRendered"}
    validate("SocketIOSubscription", body)
    assert events_seed.subscription_rooms(body) == ["LastRendered"]
    assert events_seed.emits(Event("job-steps", JobStepsChanged(JOB))) == []  # progress updates follow
    with pytest.raises(ValueError, match="allLastRendered"):
        events_seed.subscription_rooms({"op": "subscribe", "type": "allTheThings"})
