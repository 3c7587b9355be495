"""`flamenco job blocks JOB`: the blocks of a pipeline job (Afanasy's model, `docs/afanasy.md`) with
their progress and what each waits for, through the Manager's `/api/v3` door."""

from __future__ import annotations

import argparse

from flamenco.api_client_v3.api.pipeline import fetch_job_blocks
from flamenco.api_client_v3.models import PipelineBlockInfo, PipelineBlocks
from flamenco.cli.api import CliApi, parse_id, parsed
from flamenco.cli.output import Output, table, unset


def job_blocks(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    response = api.request(fetch_job_blocks, parse_id(args.job_id, "job"))
    if ui.as_json:
        ui.api_json(response)
        return 0
    blocks = parsed(response, PipelineBlocks).blocks
    rows = table("Block", "Service", "Frames", "Tasks", "Progress", "State", "Waits for")
    for block in blocks:
        rows.add_row(
            block.name,
            block.service,
            frames(block),
            str(block.tasks_count),
            f"{block.progress}%",
            block.state,
            waits_for(block),
        )
    ui.show(rows)
    if not blocks:
        ui.note("no blocks: not a pipeline job")
    else:
        ui.note(f"{len(blocks)} blocks")
    return 0


def frames(block: PipelineBlockInfo) -> str:
    """`1-100 /2 (10 per task)` for a frame range, `-` for a block of listed tasks."""
    if not block.numeric:
        return "-"
    text = f"{unset(block.frame_first)}-{unset(block.frame_last)}"
    if unset(block.frames_inc, 1) > 1:
        text += f" /{block.frames_inc}"
    if unset(block.frames_per_task, 1) > 1:
        text += f" ({block.frames_per_task} per task)"
    return text


def waits_for(block: PipelineBlockInfo) -> str:
    """Whole blocks by name; blocks whose matching frames it waits for as `NAME (frames)`."""
    parts = list(block.waits_for) + [f"{name} (frames)" for name in block.tasks_wait_for]
    return ", ".join(parts) or "-"


def add_job_verbs(verbs: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    blocks = verbs.add_parser(
        "blocks", parents=[common], help="a pipeline job's blocks: progress, state, what each waits for"
    )
    blocks.add_argument("job_id", metavar="JOB_ID")
    blocks.set_defaults(run=job_blocks)
