"""The elected background parts (job deleter, farm status, sleep scheduler): only the process that
holds the lease works, on its period and when an event wakes it."""

from __future__ import annotations

import asyncio

from flamenco import background
from flamenco.events import Event, EventBroker


class _Svc:
    def __init__(self) -> None:
        self.events = EventBroker()


def _run(part: background.Elected, seconds: float) -> None:
    async def main() -> None:
        part.start()
        await asyncio.sleep(seconds)
        await part.stop()

    asyncio.run(main())


def test_only_the_leader_works(monkeypatch):
    calls: list[int] = []
    part = background.Elected("test chore", 0.05, lambda: calls.append(1), _Svc(), first=0.01)
    monkeypatch.setattr(background.leadership, "held", lambda: False)
    _run(part, 0.3)
    assert calls == []
    monkeypatch.setattr(background.leadership, "held", lambda: True)
    _run(part, 0.3)
    assert len(calls) >= 3  # first after 0.01 s, then every 0.05 s


def test_an_event_wakes_it_before_its_period(monkeypatch):
    monkeypatch.setattr(background.leadership, "held", lambda: True)
    calls: list[float] = []
    svc = _Svc()
    part = background.Elected(
        "test chore", 60, lambda: calls.append(1), svc, lambda e: e.kind == "job", first=60
    )

    async def main() -> None:
        part.start()
        await asyncio.sleep(0.05)
        part._on_event(Event("task", None))  # not one it wakes for
        await asyncio.sleep(0.1)
        assert calls == []
        part._on_event(Event("job", None))
        await asyncio.sleep(0.2)
        await part.stop()

    asyncio.run(main())
    assert calls == [1]


def test_the_registry_holds_the_lifecycle_parts():
    names = {factory.__name__ for factory in background.BACKGROUND}
    assert {"_job_deleter", "_farm_status", "_sleep_scheduler"} <= names
