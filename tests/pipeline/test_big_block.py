"""A numeric block of 100,000 frames is stored whole, in under 10 s (design §7.4), on both databases."""

from __future__ import annotations

import json
import time

from flamenco.scheduler import pipeline
from flamenco.store import rows


def test_a_100000_frame_block_stores_in_under_10_seconds(services):
    document = {
        "job": {
            "name": "big",
            "user_name": "u",
            "blocks": [
                {"name": "render", "frame_first": 1, "frame_last": 100_000, "command": "render -f @####@"}
            ],
        }
    }
    started = time.perf_counter()
    submitted = pipeline.submit(services, document)
    took = time.perf_counter() - started
    assert submitted.tasks == 100_000
    assert took < 10, f"storing took {took:.1f} s"
    count, first, last = rows.execute(
        "SELECT COUNT(*), MIN(frame_first), MAX(frame_last) FROM task WHERE job_id = ?", [submitted.job.id]
    ).fetchone()
    assert (count, first, last) == (100_000, 1, 100_000)
    (command,) = rows.execute(
        "SELECT commands FROM task WHERE job_id = ? AND frame_first = 99999", [submitted.job.id]
    ).fetchone()
    assert json.loads(command)[0]["parameters"]["exec"] == "render -f 99999"
