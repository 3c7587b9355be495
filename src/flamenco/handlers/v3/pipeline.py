"""Pipeline jobs (tag `pipeline`, additions to Flamenco 3.8's API): thin handlers over
`flamenco.pipeline` (a job's life) and `flamenco.scheduler.controls` (limits, masks, needs,
tickets)."""

from __future__ import annotations

from typing import Any

from flamenco.pipeline import life
from flamenco.scheduler import controls
from flamenco.services import current


def fetch_job_life(job_id: str) -> dict[str, Any]:
    return life.describe(job_id)


def update_job_life(job_id: str, body: dict[str, Any]) -> dict[str, Any]:
    return life.change(current(), job_id, body)


def fetch_job_controls(job_id: str) -> dict[str, Any]:
    return controls.job_controls(job_id)


def update_job_controls(job_id: str, body: dict[str, Any]) -> dict[str, Any]:
    return controls.update_job_controls(current(), job_id, body)


def update_block_controls(job_id: str, block_name: str, body: dict[str, Any]) -> dict[str, Any]:
    return controls.update_block_controls(current(), job_id, block_name, body)


def fetch_tickets() -> dict[str, Any]:
    return {"tickets": controls.fetch_tickets()}


def set_ticket(name: str, body: dict[str, Any]) -> dict[str, Any]:
    return controls.set_ticket(
        current(), name, body.get("scope", "farm"), body["capacity"], body.get("max_hosts")
    )
