"""`flamenco worker …`: the farm's workers, and sending them to sleep, waking or shutting them down.

Workers are named by ID or by name: a wrangler knows `render-07`, not its UUID. A name must
match exactly one worker.

Sleep and shutdown are lazy by default (after the current task, so no render is thrown away);
``--now`` stops the running task at once (it goes back to the queue for another worker).
Shutdown asks for status ``offline``, as Flamenco does since shortly after the 2022 spec (which
still lists ``shutdown``); the worker signs off and its process exits.
"""

from __future__ import annotations

import argparse
import uuid

from rich.text import Text

from flamenco.api_client.api.worker_mgt import fetch_worker, fetch_workers, request_worker_status_change
from flamenco.api_client.models import Worker, WorkerList, WorkerStatusChangeRequest, WorkerSummary
from flamenco.cli.api import CliApi, ClientError, parsed
from flamenco.cli.output import Output, ago, status, table, unset

# verb → (status asked for, whether it may wait for the current task)
WORKER_REQUESTS = {"sleep": ("asleep", True), "wake": ("awake", False), "shutdown": ("offline", True)}


def worker_list(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    response = api.request(fetch_workers)
    if ui.as_json:
        ui.api_json(response)
        return 0
    listing = parsed(response, WorkerList)
    rows = table("ID", "Name", "Status", "Task", "Last seen", "Version")
    for worker in listing.workers:
        task = unset(worker.task)
        rows.add_row(
            str(worker.id), worker.nickname, _status(worker), f"{task.name} ({task.status})" if task else "",
            ago(worker.last_seen), worker.version,
        )  # fmt: skip
    ui.show(rows)
    ui.note(f"{len(listing.workers)} workers")
    return 0


def _status(worker: Worker | WorkerSummary) -> Text:
    """`awake → asleep (after task)` when a status change is pending."""
    text = status(worker.status)
    change = unset(worker.status_change)
    if change:
        text.append(f" → {change.status} ({'after task' if change.is_lazy else 'now'})", style="yellow")
    return text


def worker_show(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    response = api.request(fetch_worker, find_worker(api, args.worker))
    if ui.as_json:
        ui.api_json(response)
        return 0
    worker = parsed(response, Worker)
    task = unset(worker.task)
    from flamenco.cli import tags  # here: tags imports this module (find_worker)

    ui.details(
        f"Worker {worker.nickname}",
        [
            ("ID", str(worker.id)),
            ("Status", _status(worker)),
            ("Task", f"{task.name} ({task.status}, {task.id}) of job {task.job_id}" if task else "(none)"),
            ("Last seen", ago(worker.last_seen)),
            ("Address", worker.ip_address),
            ("Platform", worker.platform),
            ("Version", worker.version),
            ("Task types", ", ".join(worker.supported_task_types)),
            ("Tags", tags.worker_tag_names(api, worker.id)),
        ],
    )
    return 0


def worker_request(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    worker_id = find_worker(api, args.worker)
    wanted, may_wait = WORKER_REQUESTS[args.verb]
    lazy = may_wait and not args.now
    body = WorkerStatusChangeRequest(status=wanted, is_lazy=lazy)
    api.request(request_worker_status_change, worker_id, body=body, ok=(204,))
    response = api.request(fetch_worker, worker_id)
    if ui.as_json:
        ui.api_json(response)
        return 0
    worker = parsed(response, Worker)
    when = "after its current task" if lazy else "now"
    said = Text(f"worker {worker.nickname} ({worker.id}): asked to go {wanted} {when}; status ")
    ui.say(said + _status(worker))
    return 0


def find_worker(api: CliApi, name_or_id: str) -> uuid.UUID:
    """The worker's ID, given its ID or its (unique) name."""
    try:
        return uuid.UUID(name_or_id.strip())
    except ValueError:
        pass
    listing = parsed(api.request(fetch_workers), WorkerList)
    matches = [w.id for w in listing.workers if w.nickname == name_or_id]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise ClientError(f"{len(matches)} workers are named {name_or_id!r}; give an ID ")
    raise ClientError(f"no worker named {name_or_id!r} (flamenco worker list shows them)")


def add_parser(nouns: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    worker = nouns.add_parser("worker", parents=[common], help="list workers; sleep, wake or shut them down")
    verbs = worker.add_subparsers(dest="verb", required=True, metavar="VERB")

    listing = verbs.add_parser("list", parents=[common], help="all workers, their status and task")
    listing.set_defaults(run=worker_list)

    show = verbs.add_parser("show", parents=[common], help="one worker's details")
    show.add_argument("worker", metavar="WORKER", help="worker ID or name")
    show.set_defaults(run=worker_show)

    helps = {
        "sleep": "send a worker to sleep (it takes no tasks until woken)",
        "wake": "wake a sleeping worker",
        "shutdown": "make a worker sign off and stop its process",
    }
    for verb, text in helps.items():
        sub = verbs.add_parser(verb, parents=[common], help=text)
        sub.add_argument("worker", metavar="WORKER", help="worker ID or name")
        if WORKER_REQUESTS[verb][1]:
            now = "at once, stopping its task (default: after it)"
            sub.add_argument("--now", action="store_true", help=now)
        else:
            sub.set_defaults(now=True)
        sub.set_defaults(run=worker_request)

    from flamenco.cli import controls, lifecycle, tags  # they use find_worker from here

    lifecycle.add_worker_verbs(verbs, common)
    tags.add_worker_verbs(verbs, common)
    controls.add_worker_verbs(verbs, common)
