"""The event broker hands events from any thread to the loop, in order, after commit."""

from __future__ import annotations

import asyncio
import threading

from flamenco.events import Event, EventBroker


def _job(n: int) -> Event:
    return Event("job", {"n": n})


def test_without_a_loop_listeners_hear_at_once():
    broker, heard = EventBroker(), []
    broker.subscribe(heard.append)
    broker.publish(_job(1), _job(2))
    assert [e.data["n"] for e in heard] == [1, 2]


def test_events_from_threads_arrive_on_the_loop_in_each_publishers_order():
    async def scenario() -> tuple[list[Event], set[int]]:
        broker, heard, threads_seen = EventBroker(), [], set()

        def listener(event: Event) -> None:
            threads_seen.add(threading.get_ident())
            heard.append(event)

        broker.subscribe(listener)
        broker.start(asyncio.get_running_loop())

        def publisher(offset: int) -> None:
            for n in range(500):
                broker.publish(_job(offset + n))

        await asyncio.gather(*(asyncio.to_thread(publisher, k * 1000) for k in range(4)))
        await asyncio.sleep(0.05)
        broker.stop()
        return heard, threads_seen

    loop_thread = threading.get_ident()
    heard, threads_seen = asyncio.run(scenario())
    assert threads_seen == {loop_thread}  # listeners never run in a publisher's thread
    numbers = [e.data["n"] for e in heard]
    assert sorted(numbers) == sorted(k * 1000 + n for k in range(4) for n in range(500))
    for k in range(4):
        own = [n for n in numbers if k * 1000 <= n < (k + 1) * 1000]
        assert own == sorted(own)


def test_a_failing_listener_does_not_stop_the_others():
    broker, heard = EventBroker(), []

    def broken(_event: Event) -> None:
        raise RuntimeError("boom")

    broker.subscribe(broken)
    broker.subscribe(heard.append)
    broker.publish(_job(1))
    assert len(heard) == 1


def test_unsubscribed_listeners_hear_nothing_more():
    broker, heard = EventBroker(), []
    unsubscribe = broker.subscribe(heard.append)
    broker.publish(_job(1))
    unsubscribe()
    broker.publish(_job(2))
    assert [e.data["n"] for e in heard] == [1]


def test_stopping_delivers_what_is_queued():
    async def scenario() -> list[Event]:
        broker, heard = EventBroker(), []
        broker.subscribe(heard.append)
        broker.start(asyncio.get_running_loop())
        await asyncio.to_thread(broker.publish, _job(1))
        broker.stop()  # before the loop ran the scheduled drain
        return heard

    assert [e.data["n"] for e in asyncio.run(scenario())] == [1]
