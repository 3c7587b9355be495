"""The worker's life: register or sign on, then be awake (fetch and run tasks) or asleep until told
to stop; on SIGINT/SIGTERM stop the task, deliver queued updates, sign off.

The Manager may restart, lose its database or be unreachable for a while; none of that makes the
worker give up. Connection trouble means waiting (exponential back-off with jitter, so a farm of
workers does not reconnect in lock-step) and trying again; an unknown-worker answer (401) means
registering again.

Signals: the handler only sets a flag (anything more, like logging or taking a lock, could
deadlock against the code it interrupts). Everything that can block for long checks that flag at
least every 0.1 s: the pauses, the long task poll (run on a helper thread so it can be left
behind), and the task runner's watchdog.
"""

from __future__ import annotations

import logging
import random
import sys
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from flamenco.worker import __version__, programs, resources
from flamenco.worker.client import (
    ManagerClient,
    ManagerError,
    ManagerUnreachable,
    ScheduleAnswer,
    Unauthorized,
    UnexpectedAnswer,
)
from flamenco.worker.config import WorkerConfig
from flamenco.worker.credentials import Credentials, load_credentials, new_secret, save_credentials
from flamenco.worker.output import OutputUploader
from flamenco.worker.runner import RunnerSettings, TaskRunner
from flamenco.worker.upstream import UpdateQueue, Upstream

log = logging.getLogger(__name__)

T = TypeVar("T")

STOP_CHECK = 0.1
# Pause after the Manager said 409 ("you are not awake") before sorting the status out.
CONFLICT_PAUSE = 3.0
# Seconds sign-off may take at shutdown; a dead Manager must not keep the node from stopping.
SIGN_OFF_TIMEOUT = 5.0
SHUTDOWN_STATUSES = ("offline", "shutdown")


class _Stopped(Exception):
    """A stop was requested while waiting; unwind to the shutdown sequence."""


class _SignOnAgain(Exception):
    """The Manager does not know our credentials (401); register and sign on again."""


def platform_name() -> str:
    """The platform name Flamenco uses for variables (`linux`, `windows`, `darwin`)."""
    if sys.platform.startswith("linux"):
        return "linux"
    if sys.platform in ("win32", "cygwin"):
        return "windows"
    return sys.platform


def jitter(seconds: float) -> float:
    """±20 %, so many workers started together do not keep calling at the same instant."""
    return seconds * random.uniform(0.8, 1.2)


class Agent:
    """One worker's lifecycle against one Manager. :meth:`run` returns the process exit status."""

    def __init__(self, config: WorkerConfig, client: ManagerClient) -> None:
        self.config = config
        self.client = client
        self.stop_requested = False
        self.stop_reason = ""
        self.queue = UpdateQueue(config.durable_queue)
        self.upstream = Upstream(
            self.queue, client, on_rejected=self._task_rejected, max_backoff=config.max_backoff
        )
        self.output = OutputUploader(client)
        self.runner = TaskRunner(
            client,
            self.upstream,
            RunnerSettings(
                work_dir=config.work_dir,
                may_i_run_interval=config.may_i_run_interval,
                kill_grace_period=config.kill_grace_period,
                worker_name=config.worker_name,
            ),
            should_stop=lambda: self.stop_requested,
            output=self.output,
        )
        self.status = "starting"
        self._failures = 0
        self._resources_due = 0.0  # monotonic time of the next hardware report; inf: never

    def request_stop(self, reason: str = "stop requested") -> None:
        """Ask the agent to shut down; safe to call from a signal handler (two assignments, no locks)."""
        if not self.stop_requested:
            self.stop_reason = reason
            self.stop_requested = True

    # -- main loop -----------------------------------------------------------------------------

    def run(self) -> int:
        exit_code = 0
        log.info(
            "Flamenco Worker %s (%s) for Manager %s",
            self.config.worker_name,
            __version__,
            self.client.base_url,
        )
        for warning in programs.warnings_for(self.config.task_types):
            log.warning("%s", warning)
        try:
            status = self._sign_on()
            while True:
                try:
                    next_status = self._enter(status)
                except _SignOnAgain:
                    next_status = self._sign_on()
                if next_status is None:
                    break
                status = next_status
            log.info("stopping: %s", self.stop_reason)
            if status == "restart":
                exit_code = self.config.restart_exit_code
        except _Stopped:
            log.info("stopping: %s", self.stop_reason)
        finally:
            self._shut_down()
        return exit_code

    def _enter(self, status: str) -> str | None:
        """Go to ``status`` and stay there; the next status, or None to stop the worker."""
        self._check_stop()
        log.info("Manager requests status %r", status)
        if status == "awake":
            return self._awake()
        if status == "asleep":
            return self._asleep()
        if status in SHUTDOWN_STATUSES:
            self._report(status)
            self.stop_reason = f"the Manager requested status {status!r}"
            return None
        if status == "restart":
            if self.config.restart_exit_code:
                self.stop_reason = "the Manager requested a restart"
                return None
            log.warning("Manager requests a restart, but restart_exit_code is not configured; staying put")
            return self._wait_for_request()
        log.warning("Manager requests status %r, which a worker cannot take; waiting for another", status)
        return self._wait_for_request()

    # -- statuses ------------------------------------------------------------------------------

    def _awake(self) -> str:
        self._report("awake")
        while True:
            self._check_stop()
            if not self.upstream.is_empty():
                # Asking for work before the Manager heard how the last task ended would get that
                # same task back (it is still active there); so deliver first.
                self._wait_for_upstream()
                continue
            self._report_resources()
            asked_at = time.monotonic()
            answer: ScheduleAnswer = self._retry(
                lambda: self._interruptible(lambda: self.client.schedule_task(self.config.poll_wait))
            )
            if answer.task is not None:
                requested = self._run_task(answer.task)
                if requested is not None:
                    return requested
            elif answer.status_requested is not None:
                return answer.status_requested
            elif answer.conflict is not None:
                log.warning("Manager says this worker may not get tasks (%s)", answer.conflict)
                self._pause(jitter(CONFLICT_PAUSE))
                # Either a status is requested, or the Manager lost track of us being awake.
                return self._retry(self.client.requested_status) or "awake"
            elif time.monotonic() - asked_at < max(self.config.poll_wait / 2, self.config.min_poll_interval):
                # A Manager that does not hold the request (`Prefer: wait`) answered at once.
                self._pause(jitter(self.config.min_poll_interval))

    def _run_task(self, task: dict) -> str | None:
        """Run a task; a status the Manager wants us in afterwards, if it said so meanwhile."""
        log.info("running task %s (%s) of job %s", task.get("uuid"), task.get("name"), task.get("job"))
        outcome = self.runner.run(task)
        log.info(
            "task %s %s%s", outcome.task_id, outcome.result, f": {outcome.reason}" if outcome.reason else ""
        )
        if outcome.status_change_requested:
            return self._retry(self.client.requested_status)
        return None

    def _asleep(self) -> str:
        self._report("asleep")
        return self._wait_for_request()

    def _wait_for_request(self) -> str:
        """Poll the Manager until it requests a status."""
        while True:
            self._pause(jitter(self.config.asleep_poll_interval))
            requested = self._retry(self.client.requested_status)
            if requested is not None:
                return requested

    def _report_resources(self) -> None:
        """Send this machine's hardware when due (at sign-on, then every `resources_interval`
        seconds). Best-effort: a failure is logged and tried again next time, a Manager without
        the operation is not asked again."""
        now = time.monotonic()
        if self.config.resources_interval <= 0 or now < self._resources_due:
            return
        self._resources_due = now + self.config.resources_interval
        try:
            if not self.client.report_resources(resources.collect(self.config.work_dir)):
                log.info("this Manager takes no hardware reports; not sending them")
                self._resources_due = float("inf")
        except ManagerError as exc:
            log.warning("could not send the hardware report: %s", exc)

    def _report(self, status: str) -> None:
        self._retry(lambda: self.client.state_changed(status))
        self.status = status
        log.info("now %s", status)

    # -- sign-on and registration --------------------------------------------------------------

    def _sign_on(self) -> str:
        """Sign on (registering first when needed); the status the Manager wants."""
        credentials = load_credentials(self.config.credentials_file)
        while True:
            if credentials is None:
                credentials = self._register()
            self.client.credentials = credentials
            self.upstream.start()  # leftover updates from an earlier run can go now
            self.output.start()
            try:
                status = self._retry(
                    lambda: self.client.sign_on(
                        nickname=self.config.worker_name,
                        task_types=self.config.task_types,
                        software_version=__version__,
                    )
                )
            except _SignOnAgain:
                log.warning("Manager does not know worker %s; registering again", credentials.worker_id)
                credentials = None
                continue
            log.info("signed on as %s (%s)", self.config.worker_name, credentials.worker_id)
            self._resources_due = 0.0
            self._report_resources()
            return status

    def _register(self) -> Credentials:
        secret = new_secret()
        worker_id = self._retry(
            lambda: self.client.register(
                secret=secret,
                platform=platform_name(),
                task_types=self.config.task_types,
                nickname=self.config.worker_name,
            )
        )
        credentials = Credentials(worker_id, secret)
        save_credentials(self.config.credentials_file, credentials)
        log.info("registered as worker %s; credentials in %s", worker_id, self.config.credentials_file)
        return credentials

    # -- shutdown ------------------------------------------------------------------------------

    def _shut_down(self) -> None:
        """Deliver what is queued (bounded), sign off so the Manager requeues our task, stop threads."""
        self.stop_requested = True
        if self.client.credentials is not None:
            if not self.upstream.flush(self.config.shutdown_flush_timeout):
                log.warning(
                    "%d task update(s) could not be delivered; they are kept in %s for the next start",
                    len(self.queue), self.config.durable_queue,
                )  # fmt: skip
            try:
                self.client.sign_off(timeout=SIGN_OFF_TIMEOUT)
                log.info("signed off")
            except ManagerError as exc:
                log.warning("could not sign off: %s", exc)
        self.output.stop()
        if self.upstream.stop():
            self.queue.close()

    def _task_rejected(self, task_id: str, reason: str) -> None:
        self.runner.on_task_rejected(task_id, reason)

    # -- waiting and retrying ------------------------------------------------------------------

    def _check_stop(self) -> None:
        if self.stop_requested:
            raise _Stopped()

    def _pause(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            self._check_stop()
            time.sleep(min(left, STOP_CHECK))
        self._check_stop()

    def _wait_for_upstream(self) -> None:
        log.debug("waiting for %d queued task update(s) to reach the Manager", len(self.queue))
        while not self.upstream.wait_until_empty(STOP_CHECK):
            self._check_stop()

    def _retry(self, call: Callable[[], T]) -> T:
        """``call()``, retried for as long as the Manager is unreachable; 401 → :class:`_SignOnAgain`."""
        while True:
            self._check_stop()
            try:
                result = call()
            except ManagerUnreachable as exc:
                delay = self._backoff(exc.retry_after)
                log.warning("Manager unreachable (%s); retrying in %.1f s", exc, delay)
            except Unauthorized as exc:
                raise _SignOnAgain() from exc
            except UnexpectedAnswer as exc:
                # A protocol mismatch will not fix itself quickly; retry slowly and loudly.
                delay = self._backoff(None, at_least=self.config.max_backoff / 2)
                log.error("unexpected answer from the Manager (%s); retrying in %.1f s", exc, delay)
            else:
                if self._failures:
                    log.info("Manager reachable again")
                self._failures = 0
                return result
            self._pause(delay)

    def _backoff(self, retry_after: float | None, at_least: float = 0.0) -> float:
        self._failures += 1
        delay = min(self.config.max_backoff, 2.0 ** min(self._failures - 1, 16))
        return jitter(max(delay, retry_after or 0.0, at_least))

    def _interruptible(self, call: Callable[[], T]) -> T:
        """Run a possibly long call on a helper thread, so a stop request need not wait for it.

        On a stop the call is left to finish on its own; whatever it gets (even a task) is then
        undone by signing off, which makes the Manager requeue the worker's tasks.
        """
        outcome: dict[str, object] = {}
        finished = threading.Event()

        def target() -> None:
            try:
                outcome["value"] = call()
            except BaseException as exc:
                outcome["error"] = exc
            finally:
                finished.set()

        threading.Thread(target=target, name="flamenco-poll", daemon=True).start()
        while not finished.wait(STOP_CHECK):
            self._check_stop()
        if "error" in outcome:
            raise outcome["error"]  # type: ignore[misc]
        return outcome["value"]  # type: ignore[return-value]


__all__ = ["Agent", "ManagerError", "platform_name"]
