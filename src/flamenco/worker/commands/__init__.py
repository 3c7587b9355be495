"""The commands a task can contain, by the names Flamenco's job types use.

Importing this package registers all built-in commands; see :mod:`.registry` to add one.
"""

from flamenco.worker.commands import blender, echo, exec_, ffmpeg, files, sleep  # noqa: F401 - registers
from flamenco.worker.commands.base import Command, CommandContext, CommandError, TaskAborted
from flamenco.worker.commands.registry import COMMANDS, command, lookup

__all__ = ["COMMANDS", "Command", "CommandContext", "CommandError", "TaskAborted", "command", "lookup"]
