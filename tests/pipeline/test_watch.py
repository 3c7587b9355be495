"""In a running Manager, a job waiting for jobs is released right after the last one completes,
without waiting for the sweeper (the dependency watch of `flamenco.background`)."""

from __future__ import annotations

import asyncio

from flamenco import background
from tests.factories import add_worker
from tests.pipeline.helpers import finish, gates, job, waiting


def test_completion_releases_the_waiting_job_at_once(services):
    worker = add_worker(services)
    render = job(services, "render", count=1)
    comp = job(services, "comp", depend_mask="render")
    assert background.DependencyWatch in background.BACKGROUND

    async def main() -> float:
        loop = asyncio.get_running_loop()
        services.events.start(loop)
        watch = background.DependencyWatch(services)
        watch.start()
        try:
            started = loop.time()
            await asyncio.to_thread(finish, services, worker, render)
            while waiting(comp) and loop.time() - started < 5:
                await asyncio.sleep(0.01)
            return loop.time() - started
        finally:
            await watch.stop()
            services.events.stop()

    took = asyncio.run(main())
    assert not waiting(comp) and gates(comp) == [0, 0]
    assert took < 2  # the sweeper was not running: the watch did it
