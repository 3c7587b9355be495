"""Pipeline jobs (tag `pipeline`, additions to Flamenco 3.8's API): thin handlers over
`flamenco.pipeline`."""

from __future__ import annotations

from typing import Any

from flamenco.pipeline import life
from flamenco.services import current


def fetch_job_life(job_id: str) -> dict[str, Any]:
    return life.describe(job_id)


def update_job_life(job_id: str, body: dict[str, Any]) -> dict[str, Any]:
    return life.change(current(), job_id, body)
