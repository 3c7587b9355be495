"""``echo {message}``: write a message to the task log (Flamenco's test job type uses it)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flamenco.worker.commands.base import CommandContext, CommandError
from flamenco.worker.commands.registry import command


@command("echo")
def echo(ctx: CommandContext, params: Mapping[str, Any]) -> None:
    if "message" not in params:
        raise CommandError("echo: missing parameter 'message'")
    message = params["message"]
    text = message if isinstance(message, str) else repr(message)
    ctx.set_activity("Echoing a message")
    ctx.log(f"echo: {text}")
