"""Pipeline jobs (tag `pipeline`, additions to Flamenco 3.8's API): thin handlers over
`flamenco.pipeline` (a job's life), `flamenco.scheduler.controls` (limits, masks, needs,
tickets) and `flamenco.scheduler.pipeline` (submission), and Afanasy's JSON protocol door."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flamenco.af import document as af_document
from flamenco.errors import BadRequest
from flamenco.pipeline import life, protocol
from flamenco.scheduler import controls, pipeline
from flamenco.services import Services, current
from flamenco.store import blocks as block_store
from flamenco.store import jobs as job_store
from flamenco.store.records import PipelineBlockInfo

Answer = tuple[dict[str, Any], int]


def fetch_job_life(job_id: str) -> dict[str, Any]:
    return life.describe(job_id)


def update_job_life(job_id: str, body: dict[str, Any]) -> dict[str, Any]:
    return life.change(current(), job_id, body)


def _job_document(svc: Services, document: dict[str, Any]) -> Answer:
    try:
        submitted = pipeline.submit(svc, document)
    except BadRequest as refused:
        return {"code": 400, "message": refused.message, "error": refused.message}, 400
    return submitted.afanasy_answer(), 200


def _protocol(handler: Callable[[Services, dict[str, Any]], protocol.Answer]) -> Callable[..., Answer]:
    """A `flamenco.pipeline.protocol` handler at the door: its refusals also carry the spec's
    `Error` fields (`code`, `message`) beside Afanasy's `info`."""

    def answer(svc: Services, document: dict[str, Any]) -> Answer:
        status, body = handler(svc, document)
        if status >= 400 and "code" not in body:
            text = (body.get("info") or {}).get("text") or body.get("error") or "refused"
            body = {"code": status, "message": text, **body}
        return body, status

    return answer


# Afanasy's request kinds → what answers them; each gets the Services and the whole document and
# returns (answer, HTTP status). Anything without an entry answers "Unknown operation", as Afanasy
# answers what it does not know.
AFANASY_OPERATIONS: dict[str, Callable[[Services, dict[str, Any]], Answer]] = {
    "job": _job_document,
    **{kind: _protocol(handler) for kind, handler in protocol.HANDLERS.items()},
}


def afanasy_request(body: dict[str, Any]) -> Answer:
    kinds = [kind for kind in af_document.REQUEST_KINDS if kind in body]
    if len(kinds) != 1:
        message = (
            f"the document must have exactly one of {', '.join(af_document.REQUEST_KINDS)}; it has"
            f" {len(kinds)}"
        )
        return _info_error(message)
    operation = AFANASY_OPERATIONS.get(kinds[0])
    if operation is None:
        kind = kinds[0]
        what = body[kind].get("type", "") if isinstance(body[kind], dict) else ""
        return _info_error(f"Unknown operation: {kind} {what}".rstrip())
    return operation(current(), body)


def _info_error(text: str) -> Answer:
    return {"code": 400, "message": text, "info": {"kind": "error", "text": text}}, 400


def submit_pipeline_job(body: dict[str, Any]) -> dict[str, Any]:
    return pipeline.submit(current(), {"job": body}).afanasy_answer()


def fetch_job_blocks(job_id: str) -> dict[str, Any]:
    job = job_store.get_job(job_id)
    return {"blocks": [_block(block, job.status) for block in block_store.blocks_of_job(job.id)]}


def _block(block: PipelineBlockInfo, job_status: str) -> dict[str, Any]:
    counts = block.status_counts
    total = sum(counts.values()) or block.tasks_count
    answer: dict[str, Any] = {
        "index": block.index_in_job,
        "name": block.name,
        "service": block.task_type,
        "parser": block.parser,
        "command": block.command,
        "working_directory": block.working_directory,
        "numeric": block.frame_first is not None,
        "tasks_count": block.tasks_count,
        "progress": (100 * counts.get("completed", 0)) // total if total else 0,
        "task_counts": counts,
        "state": pipeline.block_state(counts, block.blocks_waiting_on, job_status),
        "depend_mask": block.depend_mask,
        "tasks_depend_mask": block.tasks_depend_mask,
        "waits_for": block.waits_for,
        "tasks_wait_for": block.tasks_wait_for,
        "blocks_waiting_on": block.blocks_waiting_on,
        "max_running_tasks": block.max_running,
        "running": counts.get("active", 0),
        "environment": block.environment,
        "settings": block.settings,
    }
    if block.frame_first is not None:
        answer |= {
            "frame_first": block.frame_first,
            "frame_last": block.frame_last,
            "frames_per_task": block.frames_per_task,
            "frames_inc": block.frames_inc,
        }
    return answer


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
