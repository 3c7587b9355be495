"""Long-poll wake-ups: a finished task wakes a few waiters, not the whole farm; nothing is lost."""

from __future__ import annotations

import asyncio
import time

from flamenco.scheduler.waiting import TASK_WAKES, WorkSignal, schedule_waiting


async def _inline(function):
    return function()


def test_a_finished_task_wakes_a_few_waiters_and_a_new_job_all():
    async def scenario() -> tuple[int, int]:
        signal = WorkSignal()
        attempts = 0

        def attempt() -> None:
            nonlocal attempts
            attempts += 1

        waiters = [
            asyncio.create_task(schedule_waiting(attempt, signal, 2.0, recheck=10.0, run=_inline))
            for _ in range(20)
        ]
        await asyncio.sleep(0.05)
        first = attempts  # each tried once on arrival
        signal.notify(TASK_WAKES)
        await asyncio.sleep(0.05)
        after_task = attempts - first
        signal.notify()  # a job event: everyone
        await asyncio.sleep(0.05)
        after_job = attempts - first - after_task
        for waiter in waiters:
            waiter.cancel()
        await asyncio.gather(*waiters, return_exceptions=True)
        return after_task, after_job

    after_task, after_job = asyncio.run(scenario())
    assert after_task == TASK_WAKES
    assert after_job == 20


def test_a_waiter_that_finds_work_wakes_the_next():
    async def scenario() -> int:
        signal = WorkSignal()
        tasks = 0  # none at first; then three appear together

        def attempt() -> str | None:
            nonlocal tasks
            if tasks:
                tasks -= 1
                return "task"
            return None

        waiters = [
            asyncio.create_task(schedule_waiting(attempt, signal, 2.0, recheck=10.0, run=_inline))
            for _ in range(10)
        ]
        await asyncio.sleep(0.05)
        tasks = TASK_WAKES + 3  # more than one event's worth
        signal.notify(TASK_WAKES)
        await asyncio.sleep(0.1)
        served = sum(1 for waiter in waiters if waiter.done())
        for waiter in waiters:
            waiter.cancel()
        await asyncio.gather(*waiters, return_exceptions=True)
        return served

    assert asyncio.run(scenario()) == TASK_WAKES + 3


def test_an_event_during_an_attempt_is_not_slept_through():
    """Work freed while a waiter's claim is in flight (before it waits) makes it look again."""

    async def scenario() -> float:
        signal = WorkSignal()
        calls = 0

        def attempt() -> str | None:
            nonlocal calls
            calls += 1
            if calls == 1:
                signal.notify(TASK_WAKES)  # lands while this attempt runs: nobody is waiting yet
                return None
            return "task"

        started = time.monotonic()
        assert await schedule_waiting(attempt, signal, 5.0, recheck=5.0, run=_inline) == "task"
        return time.monotonic() - started

    assert asyncio.run(scenario()) < 1.0
