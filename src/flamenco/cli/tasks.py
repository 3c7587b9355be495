"""`flamenco task …`: one task's details and log, and requeueing or canceling it."""

from __future__ import annotations

import argparse
import json

from flamenco.api_client.api.jobs import (
    fetch_job,
    fetch_task,
    fetch_task_log,
    fetch_task_log_tail,
    set_task_status,
)
from flamenco.api_client.models import Job, Task, TaskStatusChange
from flamenco.cli.api import CliApi, parse_id, parsed
from flamenco.cli.output import Output, status, unset, when

# What each steering verb asks the Manager for (setTaskStatus).
TASK_REQUESTS = {"requeue": "queued", "cancel": "canceled"}
SHOWN_LOG_LINES = 10


def task_show(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    task_id = parse_id(args.task_id, "task")
    response = api.request(fetch_task, task_id)
    if ui.as_json:
        ui.api_json(response)
        return 0
    task = parsed(response, Task)
    job = parsed(api.request(fetch_job, task.job_id), Job)
    worker = unset(task.worker)
    failed_by = ", ".join(w.name for w in unset(task.failed_by_workers, []))
    commands = "\n".join(
        f"{c.name} {json.dumps(c.parameters.to_dict(), ensure_ascii=False)}" for c in task.commands
    )
    ui.details(
        f"Task {task.name}",
        [
            ("ID", str(task.id)),
            ("Job", f"{job.name} ({job.id})"),
            ("Place in job", str(unset(task.index_in_job, "?"))),
            ("Status", status(task.status)),
            ("Activity", task.activity),
            ("Type", task.task_type),
            ("Priority", str(task.priority)),
            ("Worker", f"{worker.name} ({worker.address}, {worker.id})" if worker else "(none yet)"),
            ("Failed by", failed_by or None),
            ("Last report", when(unset(task.last_touched)) or None),
            ("Created", when(task.created)),
            ("Updated", when(task.updated)),
            ("Commands", commands),
        ],
    )
    tail = api.request(fetch_task_log_tail, task_id, ok=(200, 204)).parsed
    if isinstance(tail, str) and tail:
        ui.say(f"\nLast log lines (whole log: flamenco task log {task_id}):")
        ui.lines(tail.splitlines()[-SHOWN_LOG_LINES:])
    return 0


def task_log(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    task_id = parse_id(args.task_id, "task")
    operation = fetch_task_log_tail if args.tail else fetch_task_log
    text = api.request(operation, task_id, ok=(200, 204)).parsed
    log = text if isinstance(text, str) else None
    if ui.as_json:
        ui.json({"task_id": str(task_id), "log": log})
    elif log:
        ui.text(log)
    else:
        ui.note("this task has no log yet")
    return 0


def task_request(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    task_id = parse_id(args.task_id, "task")
    wanted = TASK_REQUESTS[args.verb]
    reason = args.reason or f"{args.verb} requested from the command line"
    api.request(set_task_status, task_id, body=TaskStatusChange(status=wanted, reason=reason), ok=(204,))
    response = api.request(fetch_task, task_id)
    if ui.as_json:
        ui.api_json(response)
        return 0
    task = parsed(response, Task)
    ui.say(f"task {task.id} {task.name!r}: now {task.status} ({task.activity})")
    return 0


def add_parser(nouns: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    task = nouns.add_parser("task", parents=[common], help="inspect, requeue or cancel one task")
    verbs = task.add_subparsers(dest="verb", required=True, metavar="VERB")

    show = verbs.add_parser("show", parents=[common], help="a task's details, workers and last log lines")
    show.add_argument("task_id", metavar="TASK_ID")
    show.set_defaults(run=task_show)

    log = verbs.add_parser("log", parents=[common], help="a task's whole log (or --tail: its last lines)")
    log.add_argument("task_id", metavar="TASK_ID")
    log.add_argument("--tail", action="store_true", help="only the last lines")
    log.set_defaults(run=task_log)

    helps = {"requeue": "run a task again (its job goes back to work)", "cancel": "cancel a task"}
    for verb, text in helps.items():
        sub = verbs.add_parser(verb, parents=[common], help=text)
        sub.add_argument("task_id", metavar="TASK_ID")
        sub.add_argument("--reason", help="why, for the task's activity line")
        sub.set_defaults(run=task_request)
