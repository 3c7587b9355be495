"""What the CLI prints: rich tables for people, the API's own JSON for scripts.

Two consoles: results go to stdout, everything about the run (progress, notes, retries) to
stderr, so ``ID=$(flamenco job submit ...)`` and ``flamenco job list --json | jq`` see only results.
Markup is off: job names, logs and settings are user text, and ``[red]`` in a job name is text.
JSON is written without rich, byte for byte what ``json.dumps`` gives, never wrapped.
"""

from __future__ import annotations

import datetime
import json
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from flamenco.api_client.models import JobTaskCounts
from flamenco.api_client.types import Response
from flamenco.api_client.types import Unset as SeedUnset
from flamenco.api_client_v3.types import Unset as V3Unset

Unset = (SeedUnset, V3Unset)  # either door's generated models mark absent fields with their own UNSET

# Width when the output is not a terminal (a pipe, a file, a test): wide enough that a table row
# with a full UUID and a job name stays on one line for grep.
PIPE_WIDTH = 200

STATUS_STYLES = {
    "completed": "green",
    "active": "cyan",
    "awake": "green",
    "queued": "",
    "requeueing": "",
    "failed": "bold red",
    "error": "bold red",
    "construction-failed": "bold red",
    "soft-failed": "yellow",
    "paused": "yellow",
    "asleep": "blue",
    "canceled": "dim",
    "cancel-requested": "dim",
    "offline": "dim",
    "shutdown": "dim",
}


def _console(stream: TextIO) -> Console:
    # Not a terminal: a fixed width, whatever $COLUMNS says, so what a script greps does not
    # depend on the terminal the script was started from.
    width = None if stream.isatty() else PIPE_WIDTH
    return Console(file=stream, markup=False, highlight=False, emoji=False, width=width)


class Output:
    """Where a command's results and notes go; ``as_json`` selects the scripts' format."""

    def __init__(self, *, as_json: bool) -> None:
        self.as_json = as_json
        self.out = _console(sys.stdout)
        self.err = _console(sys.stderr)

    # -- results -------------------------------------------------------------------------------

    def api_json(self, response: Response[Any]) -> None:
        """The answer's JSON as the Manager sent it (re-indented)."""
        self.json(json.loads(response.content))

    def json(self, value: Any) -> None:
        sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")
        sys.stdout.flush()

    def text(self, text: str) -> None:
        """Plain text to stdout as is (logs): no wrapping, no styling."""
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
        sys.stdout.flush()

    def show(self, renderable: Any) -> None:
        """A table (or other rich renderable), fitted to the terminal's width."""
        self.out.print(renderable)

    def say(self, text: str | Text, *, stderr: bool = False, style: str = "") -> None:
        """One message, never wrapped (IDs and commands in it stay copyable)."""
        console = self.err if stderr else self.out
        console.print(text if isinstance(text, Text) else Text(text, style=style), soft_wrap=True)

    def details(self, title: str, rows: Iterable[tuple[str, str | Text | None]]) -> None:
        """A titled block of `label  value` lines; rows whose value is None are left out.

        Values are not wrapped (a command line or a path stays one line for copying), and
        multi-line values continue under the first line.
        """
        shown = [(label, value) for label, value in rows if value is not None]
        width = max((len(label) for label, _ in shown), default=0)
        self.say(Text(title, style="bold underline"))
        for label, value in shown:
            text = value if isinstance(value, Text) else Text(value)
            for number, line in enumerate(text.split("\n")):
                head = Text(f"{label if number == 0 else '':<{width}}  ", style="bold")
                self.say(head + line)

    def lines(self, lines: Iterable[str], *, prefix: str = "", stderr: bool = False) -> None:
        """Lines of user text (log lines), unwrapped, each after ``prefix``."""
        for line in lines:
            self.say(prefix + line, stderr=stderr)

    # -- notes about the run (stderr) ----------------------------------------------------------

    def note(self, text: str) -> None:
        self.say(text, stderr=True, style="dim")

    def warn(self, text: str) -> None:
        self.say(text, stderr=True, style="yellow")


def table(*columns: str, title: str | None = None) -> Table:
    """A results table; the first column (an ID) never wraps."""
    result = Table(title=title, title_justify="left", header_style="bold", box=None, pad_edge=False)
    for index, name in enumerate(columns):
        result.add_column(name, no_wrap=index == 0 or name in ("ID", "Status", "Progress"))
    return result


def status(value: str) -> Text:
    return Text(value, style=STATUS_STYLES.get(value, ""))


def when(moment: datetime.datetime | SeedUnset | V3Unset | None) -> str:
    """A timestamp in the reader's local time, to the second."""
    if moment is None or isinstance(moment, Unset):
        return ""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def ago(moment: datetime.datetime | SeedUnset | None, now: datetime.datetime | None = None) -> str:
    """How long ago, roughly: `4s ago`, `12m ago`, `3h ago`, `2d ago`."""
    if moment is None or isinstance(moment, Unset):
        return "never"
    now = now or datetime.datetime.now(datetime.UTC)
    seconds = max(0, int((now - moment).total_seconds()))
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit} ago"
    return f"{seconds}s ago"


# Task statuses worth naming next to a job's completed/total, and how.
NOTABLE_TASK_COUNTS = (("active", "cyan"), ("failed", "bold red"), ("soft-failed", "yellow"))


def _notable(counts: JobTaskCounts) -> list[tuple[int, str, str]]:
    by_status = counts.to_dict()
    return [(by_status[name], name, style) for name, style in NOTABLE_TASK_COUNTS if by_status.get(name)]


def progress_words(counts: JobTaskCounts | SeedUnset) -> str:
    """`7 of 10 tasks completed, 1 active, 1 failed`: the progress as a sentence for logs."""
    if isinstance(counts, Unset):
        return "progress unknown"
    words = f"{counts.completed} of {counts.total} tasks completed"
    return words + "".join(f", {count} {name}" for count, name, _ in _notable(counts))


def progress(counts: JobTaskCounts | SeedUnset) -> Text:
    """`7/10 (70%)`, then any active/failed/soft-failed tasks: a job's progress in one cell."""
    if isinstance(counts, Unset):
        return Text("?")
    percent = 100 * counts.completed // counts.total if counts.total else 0
    result = Text(f"{counts.completed}/{counts.total} ({percent}%)")
    for count, name, style in _notable(counts):
        result.append(f" {count} {name}", style=style)
    return result


def unset(value: Any, default: Any = None) -> Any:
    """The generated models mark absent optional fields with UNSET; print those as ``default``."""
    return default if isinstance(value, Unset) else value
