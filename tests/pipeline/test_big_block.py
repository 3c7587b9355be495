"""A numeric block of 100,000 frames is stored whole, on both databases.

How fast (design §7.4: under 10 s) is `bench/pipeline_jobs.py`'s to measure, beside a baseline of
the same run: a timed assertion here failed on a slow machine running the suite on both cores.
"""

from __future__ import annotations

import json

from flamenco.scheduler import pipeline
from flamenco.store import rows


def test_a_100000_frame_block_is_stored_whole(services):
    document = {
        "job": {
            "name": "big",
            "user_name": "u",
            "blocks": [
                {"name": "render", "frame_first": 1, "frame_last": 100_000, "command": "render -f @####@"}
            ],
        }
    }
    submitted = pipeline.submit(services, document)
    assert submitted.tasks == 100_000
    count, first, last = rows.execute(
        "SELECT COUNT(*), MIN(frame_first), MAX(frame_last) FROM task WHERE job_id = ?", [submitted.job.id]
    ).fetchone()
    assert (count, first, last) == (100_000, 1, 100_000)
    (command,) = rows.execute(
        "SELECT commands FROM task WHERE job_id = ? AND frame_first = 99999", [submitted.job.id]
    ).fetchone()
    assert json.loads(command)[0]["parameters"]["exec"] == "render -f 99999"
