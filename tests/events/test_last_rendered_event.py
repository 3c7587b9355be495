"""The canonical `LastRenderedUpdated` fact on both Socket.IO namespaces (and MQTT, which renders as
`/v3` does): on the seed's, Flamenco 3.x's `/last-rendered` event (an addition) to the job's room and
to `allLastRendered`'s; on `/v3`, 3.8's `EventLastRenderedUpdate` to its topics."""

from __future__ import annotations

import pytest

from flamenco.api import events_seed, events_v3
from flamenco.events import Event
from flamenco.events.facts import JobStepsChanged, LastRenderedUpdated

from .listener import V3_SPEC, validate

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


def test_on_the_v3_namespace_as_flamenco_3_8_sends_it():
    emits = events_v3.emits(Event("last-rendered", LastRenderedUpdated(JOB)))
    assert [(name, room) for name, room, _ in emits] == [
        ("/last-rendered", f"/jobs/{JOB}/last-rendered"),
        ("/last-rendered", "/last-rendered"),
    ]
    validate("EventLastRenderedUpdate", emits[0][2], V3_SPEC)
    assert emits[0][2]["thumbnail"]["base"] == f"/job-files/job-0f6d/{JOB}"
    assert events_v3.subscription_rooms({"op": "subscribe", "type": "job", "uuid": JOB}) == [
        f"/jobs/{JOB}",
        f"/jobs/{JOB}/last-rendered",
    ]
