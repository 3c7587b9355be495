"""Running one assigned task: its commands in order, with its log, activity and status reported.

Three things can end a task early, and all of them mean "abandon it" (stop its processes, send
no further status for it): the Manager answers "no" to the periodic may-I-run question, the
Manager refuses an update for the task (409/404: it is someone else's now), or the worker is
shutting down (signing off will send the task back to the queue). Only a failing command makes
the task *failed*.

Progress in steps (Flamenco 3.8): each command is one step; after every command but the last the
runner reports how many are done (`steps_completed`), and the task's completion says the rest.
Frames a command produces go to the :class:`OutputUploader`, which sends them in the background.

While commands run on the calling thread, two helper threads watch over them: a fast local one
(escalating SIGTERM to SIGKILL, flushing the log every second, reacting to shutdown) and one that
asks the Manager may-I-run, whose HTTP calls may take a while when the Manager is slow.
"""

from __future__ import annotations

import logging
import shlex
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from flamenco.worker.client import ManagerClient, ManagerError, TaskRejected
from flamenco.worker.commands import CommandError, TaskAborted, lookup
from flamenco.worker.commands.base import LineHandler
from flamenco.worker.output import OutputUploader
from flamenco.worker.process import ManagedProcess
from flamenco.worker.tasklog import TaskLog
from flamenco.worker.upstream import Upstream

log = logging.getLogger(__name__)

WATCH_PERIOD = 0.1
# A program that exited while helpers it started still hold its output pipe open gets this long
# before the helpers are killed (otherwise the worker would wait for them forever).
LEFTOVER_GRACE = 1.0


@dataclass(frozen=True)
class RunnerSettings:
    work_dir: Path
    may_i_run_interval: float = 5.0
    kill_grace_period: float = 5.0
    worker_name: str = ""


@dataclass(frozen=True)
class TaskOutcome:
    task_id: str
    result: Literal["completed", "failed", "abandoned"]
    reason: str = ""
    # The Manager wants this worker in another status; ask it which (GET /api/worker/state).
    status_change_requested: bool = False


class TaskExecution:
    """The state of one running task; also the :class:`CommandContext` its commands see."""

    def __init__(
        self,
        task_id: str,
        upstream: Upstream,
        client: ManagerClient,
        settings: RunnerSettings,
        should_stop: Callable[[], bool],
        output: OutputUploader | None = None,
    ) -> None:
        self.task_id = task_id
        self.upstream = upstream
        self.client = client
        self.settings = settings
        self.should_stop = should_stop
        self.output = output
        self.tasklog = TaskLog(self._send_log)
        self._lock = threading.Lock()
        self._abort = threading.Event()
        self.abort_reason = ""
        self.rejected = False  # the Manager refused an update: it takes nothing more for this task
        self.status_change_requested = False
        self._process: ManagedProcess | None = None
        self._term_sent_at: float | None = None
        self._leader_gone_at: float | None = None
        self._done = threading.Event()
        self._watchdog: threading.Thread | None = None

    # -- CommandContext ------------------------------------------------------------------------

    @property
    def work_dir(self) -> Path:
        return self.settings.work_dir

    def log(self, message: str) -> None:
        self.tasklog.message(message)

    def set_activity(self, activity: str) -> None:
        self.tasklog.set_activity(activity)

    def output_produced(self, path: Path) -> None:
        if self.output is not None and not self.rejected:
            self.output.produced(self.task_id, path)

    def sleep(self, seconds: float) -> None:
        if self._abort.wait(seconds):
            raise TaskAborted(self.abort_reason)

    def run_process(
        self,
        argv: list[str],
        on_line: LineHandler | None = None,
        *,
        cwd: Path | None = None,
        env: Mapping[str, str] | None = None,
    ) -> int:
        self.check_abort()
        process = ManagedProcess(argv, cwd or self.work_dir, env)
        where = f" in {cwd}" if cwd else ""
        self.log(f"running {shlex.join(argv)}{where} (pid {process.pid})")
        with self._lock:
            self._process, self._term_sent_at, self._leader_gone_at = process, None, None
        try:
            for line in process.lines():
                self.tasklog.output(process.pid, line)
                if on_line is not None:
                    on_line(line)
            status = process.wait()
        finally:
            with self._lock:
                self._process = None
            process.kill_group()  # whatever it left behind in its group goes with it
            process.close()
        self.check_abort()
        return status

    # -- abort ---------------------------------------------------------------------------------

    @property
    def aborted(self) -> bool:
        return self._abort.is_set()

    def abort(self, reason: str) -> None:
        """Stop the task; the first reason given is the one reported."""
        with self._lock:
            if self._abort.is_set():
                return
            self.abort_reason = reason
            self._abort.set()
        log.info("task %s: stopping: %s", self.task_id, reason)

    def reject(self, reason: str) -> None:
        """The Manager refused an update for this task: abandon it without another word."""
        self.rejected = True
        self.abort(f"the Manager refused an update for this task: {reason}")

    def check_abort(self) -> None:
        if self._abort.is_set():
            raise TaskAborted(self.abort_reason)

    # -- updates -------------------------------------------------------------------------------

    def send(self, update: dict[str, Any]) -> None:
        """Queue a task update, unless the Manager already said the task is not ours."""
        if not self.rejected:
            self.upstream.enqueue(self.task_id, update)

    def _send_log(self, update: dict[str, Any]) -> None:
        self.send(update)

    # -- helper threads ------------------------------------------------------------------------

    def start_watching(self) -> None:
        self._watchdog = threading.Thread(target=self._watch, name="flamenco-task-watchdog", daemon=True)
        self._watchdog.start()
        threading.Thread(target=self._ask_may_i_run, name="flamenco-task-may-i-run", daemon=True).start()

    def stop_watching(self) -> None:
        """Stop the helper threads. The may-I-run one is not waited for: it may be inside an HTTP
        call to a slow Manager, and its answer no longer matters once the commands are done."""
        self._done.set()
        if self._watchdog is not None:
            self._watchdog.join()

    def _watch(self) -> None:
        while not self._done.wait(WATCH_PERIOD):
            if self.should_stop():
                self.abort("the worker is shutting down")
            try:
                self.tasklog.flush_if_due()
            except Exception:
                log.exception("task %s: could not queue log update", self.task_id)
            self._police_process()

    def _police_process(self) -> None:
        now = time.monotonic()
        with self._lock:
            process = self._process
            if process is None:
                return
            if self._abort.is_set():
                if self._term_sent_at is None:
                    self._term_sent_at = now
                    process.terminate_group()
                elif now - self._term_sent_at >= self.settings.kill_grace_period:
                    process.kill_group()
            elif process.has_exited():
                if self._leader_gone_at is None:
                    self._leader_gone_at = now
                elif now - self._leader_gone_at >= LEFTOVER_GRACE:
                    process.kill_group()

    def _ask_may_i_run(self) -> None:
        while not self._done.wait(self.settings.may_i_run_interval):
            if self._abort.is_set():
                return
            try:
                answer = self.client.may_i_run(self.task_id)
            except TaskRejected as exc:
                self.abort(f"the Manager does not know this task as ours: {exc}")
                return
            except ManagerError as exc:
                # An unreachable Manager is no reason to stop rendering; the updates wait on disk.
                log.info("task %s: may-i-run check failed (%s); carrying on", self.task_id, exc)
                continue
            if not answer.may_keep_running:
                self.status_change_requested = answer.status_change_requested
                self.abort(f"the Manager said to stop: {answer.reason or 'no reason given'}")
                return


class TaskRunner:
    """Runs tasks one at a time; knows which one is current so a rejection can reach it."""

    def __init__(
        self,
        client: ManagerClient,
        upstream: Upstream,
        settings: RunnerSettings,
        should_stop: Callable[[], bool] = lambda: False,
        output: OutputUploader | None = None,
    ) -> None:
        self.client = client
        self.upstream = upstream
        self.settings = settings
        self.should_stop = should_stop
        self.output = output  # sends rendered frames to the Manager; None: they are not sent
        self._current: TaskExecution | None = None

    def on_task_rejected(self, task_id: str, reason: str) -> None:
        """Upstream callback (sender thread): a task's update got 409/404."""
        current = self._current
        if current is not None and current.task_id == task_id:
            current.reject(reason)

    def run(self, task: Mapping[str, Any]) -> TaskOutcome:
        """Run an AssignedTask to its end; never raises for anything the task did."""
        task_id = str(task["uuid"])
        execution = TaskExecution(
            task_id, self.upstream, self.client, self.settings, self.should_stop, self.output
        )
        self._current = execution
        execution.send({"taskStatus": "active", "activity": "Started"})
        execution.log(
            f"task {task.get('name', '?')!r} of job {task.get('job', '?')} started on worker "
            f"{self.settings.worker_name}"
        )
        execution.start_watching()
        failure: str | None = None
        try:
            failure = self._run_commands(execution, task.get("commands") or [])
        finally:
            execution.stop_watching()
            self._current = None
        return self._finish(execution, failure)

    def _run_commands(self, execution: TaskExecution, commands: list[Any]) -> str | None:
        """Run the commands; the failure reason, or None if all went well (or the task was aborted)."""
        for number, spec in enumerate(commands, 1):
            name = spec.get("name") if isinstance(spec, dict) else None
            try:
                execution.check_abort()
                if not isinstance(name, str):
                    raise CommandError(f"command {number} has no name: {spec!r}")
                implementation = lookup(name)
                if implementation is None:
                    raise CommandError(f"unknown command {name!r}; this worker cannot run it")
                parameters = spec.get("parameters")
                if not isinstance(parameters, dict):
                    raise CommandError(f"{name}: parameters must be an object, not {parameters!r}")
                execution.log(f"command {number}/{len(commands)}: {name}")
                implementation(execution, parameters)
                if number < len(commands):  # the last step is implied by the task's completion
                    execution.send({"steps_completed": number})
            except TaskAborted:
                return None
            except CommandError as exc:
                return str(exc)
            except Exception as exc:
                log.exception("task %s: command %s crashed", execution.task_id, name)
                return f"{name}: worker error: {type(exc).__name__}: {exc}"
        return None

    def _finish(self, execution: TaskExecution, failure: str | None) -> TaskOutcome:
        task_id = execution.task_id
        if execution.aborted:
            reason = execution.abort_reason
            if not execution.rejected:
                execution.log(f"task stopped on this worker: {reason}")
                execution.tasklog.flush()
            return TaskOutcome(task_id, "abandoned", reason, execution.status_change_requested)
        execution.tasklog.flush()
        if failure is not None:
            log.warning("task %s failed: %s", task_id, failure)
            execution.send({"taskStatus": "failed", "activity": failure, "log": failure + "\n"})
            return TaskOutcome(task_id, "failed", failure)
        execution.send({"taskStatus": "completed", "activity": "Finished"})
        return TaskOutcome(task_id, "completed")
