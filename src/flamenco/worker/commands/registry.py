"""Command name → implementation. Adding a command is one module with one ``@command`` function."""

from __future__ import annotations

from collections.abc import Callable

from flamenco.worker.commands.base import Command

COMMANDS: dict[str, Command] = {}


def command(name: str) -> Callable[[Command], Command]:
    """Register the decorated function as the implementation of command ``name``."""

    def register(function: Command) -> Command:
        if name in COMMANDS:
            raise ValueError(f"command {name!r} is registered twice")
        COMMANDS[name] = function
        return function

    return register


def lookup(name: str) -> Command | None:
    return COMMANDS.get(name)
