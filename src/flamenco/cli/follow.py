"""Following a job to its end (`job wait`, `job submit --wait`), and saying why it failed.

Cost per check is one ``fetchJob``: the job's ``task_counts`` carry the progress, so a
10,000-task job costs the Manager one small query a second, not 10,000 task rows. Tasks are
fetched once, at the end, and only when the job failed.

A Manager that goes away while we follow (restart, upgrade, network) is waited for: the
outage is announced once, checks continue every ``retry`` seconds, and following resumes when it
answers again. Only the very first check must succeed, so a wrong ``--manager`` fails fast.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from types import TracebackType

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from flamenco.api_client.api.jobs import fetch_job, fetch_job_tasks, fetch_task, fetch_task_log_tail
from flamenco.api_client.models import Job, JobTasksSummary, Task
from flamenco.api_client.types import Response
from flamenco.cli.api import CliApi, parsed
from flamenco.cli.output import Output, progress, progress_words, unset
from flamenco.manager_api import ManagerUnreachable

# Exit status per final job status; anything else is still going.
FINAL_STATUSES = {"completed": 0, "failed": 1, "canceled": 1, "construction-failed": 1}
# Failed tasks reported in full; a job with more says how many more and how to list them.
REPORTED_FAILURES = 5


@dataclass(frozen=True)
class FollowOptions:
    interval: float = 1.0  # seconds between checks
    quiet: bool = False  # no progress display
    log_lines: int = 15  # log lines shown per failed task


def follow(api: CliApi, ui: Output, job_id: uuid.UUID, options: FollowOptions) -> int:
    """Wait for the job to finish; print the outcome (and why it failed); the exit status."""
    response = api.request(fetch_job, job_id)
    job = _job(response)
    retry = max(options.interval, 1.0)
    with ProgressView(ui, quiet=options.quiet or ui.as_json) as view:
        view.update(job)
        outage_started: float | None = None
        while job.status not in FINAL_STATUSES:
            time.sleep(options.interval if outage_started is None else retry)
            try:
                response = api.request(fetch_job, job_id)
            except ManagerUnreachable as exc:
                if outage_started is None:
                    outage_started = time.monotonic()
                    lost = f"lost the Manager at {api.url} ({exc})"
                    view.warn(f"{lost}; retrying every {retry:g}s until it is back")
                continue
            if outage_started is not None:
                down = time.monotonic() - outage_started
                view.warn(f"the Manager is back after {down:.0f}s; still following the job")
                outage_started = None
            job = _job(response)
            view.update(job)
    if ui.as_json:
        ui.api_json(response)
    else:
        ui.say(f"job {job.id} {job.status}: {job.activity}")
    if job.status != "completed":
        report_failures(api, ui, job, options.log_lines)
    return FINAL_STATUSES[job.status]


def _job(response: Response[object]) -> Job:
    return parsed(response, Job)


def report_failures(api: CliApi, ui: Output, job: Job, log_lines: int) -> None:
    """Which tasks failed, on which workers, and the end of their logs (stderr when printing JSON)."""
    summary = parsed(api.request(fetch_job_tasks, job.id), JobTasksSummary)
    failed = [t for t in summary.tasks if t.status == "failed"]
    if not failed:
        return

    def say(text: str) -> None:
        ui.say(text, stderr=ui.as_json)

    say(f"{len(failed)} of {len(summary.tasks)} tasks failed:")
    for brief in failed[:REPORTED_FAILURES]:
        task = parsed(api.request(fetch_task, brief.id), Task)
        worker = unset(task.worker)
        failed_by = ", ".join(w.name for w in unset(task.failed_by_workers, []))
        say(
            f"\n  task {task.name} (#{unset(task.index_in_job, '?')}, {task.id})"
            f" on worker {worker.name if worker else '(none)'}: {task.activity}"
        )
        if failed_by:
            say(f"  failed by: {failed_by}")
        tail = api.request(fetch_task_log_tail, task.id, ok=(200, 204)).parsed
        lines = tail.splitlines()[-log_lines:] if isinstance(tail, str) and log_lines > 0 else []
        if lines:
            say(f"  last {len(lines)} log lines:")
            ui.lines(lines, prefix="    | ", stderr=ui.as_json)
    if len(failed) > REPORTED_FAILURES:
        say(
            f"\n  … and {len(failed) - REPORTED_FAILURES} more failed tasks:"
            f" flamenco job tasks {job.id} --status failed"
        )
    say(f"\nWhole log: flamenco task log TASK_ID. Run them again: flamenco job requeue {job.id}")


class ProgressView:
    """A live progress bar on a terminal, a line per change elsewhere (CI logs), nothing when quiet."""

    def __init__(self, ui: Output, *, quiet: bool) -> None:
        self.ui = ui
        self.quiet = quiet
        self.live = not quiet and ui.err.is_terminal
        self.progress: Progress | None = None
        self.task_id = None
        self.last_line = ""

    def __enter__(self) -> ProgressView:
        if self.live:
            self.progress = Progress(
                TextColumn("{task.description}", markup=False),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[extra]}", markup=False),
                TimeElapsedColumn(),
                console=self.ui.err,
            )
            self.progress.start()
            self.task_id = self.progress.add_task("", total=None, extra="")
        return self

    def update(self, job: Job) -> None:
        counts = unset(job.task_counts)
        extra = progress(job.task_counts).plain.partition(")")[2].strip()
        if self.progress is not None and self.task_id is not None:
            self.progress.update(
                self.task_id,
                description=f"{job.name} [{job.status}]",
                total=counts.total if counts else None,
                completed=counts.completed if counts else 0,
                extra=extra,
            )
        elif not self.quiet:
            line = f"job {job.name!r} {job.status}: {progress_words(job.task_counts)}"
            if line != self.last_line:
                self.ui.note(line)
                self.last_line = line

    def warn(self, text: str) -> None:
        """A note that must be seen even with --quiet (the Manager went away, came back)."""
        if self.progress is not None:
            self.progress.console.print(Text(text, style="yellow"), soft_wrap=True)
        else:
            self.ui.warn(text)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.progress is not None:
            self.progress.stop()
