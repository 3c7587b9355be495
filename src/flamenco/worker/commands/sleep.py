"""``sleep {duration_in_seconds}``: do nothing for a while, but stop at once when told to."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flamenco.worker.commands.base import CommandContext, number_param
from flamenco.worker.commands.registry import command


@command("sleep")
def sleep(ctx: CommandContext, params: Mapping[str, Any]) -> None:
    seconds = number_param(params, "duration_in_seconds", "sleep", minimum=0)
    ctx.set_activity(f"Sleeping {seconds:g} s")
    ctx.log(f"sleeping {seconds:g} seconds")
    ctx.sleep(seconds)
