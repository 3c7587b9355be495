"""`flamenco job controls …`, `flamenco ticket …`, `flamenco worker resources|properties …`: where
and how much a job's tasks run (issue 9), through the Manager's `/api/v3` door (tag `pipeline`).

Removing a control: `-1` for a number, `""` for a text, `--no-tickets` for the tickets.
"""

from __future__ import annotations

import argparse
from typing import Any

from flamenco.api_client_v3.api.pipeline import (
    fetch_job_controls,
    fetch_tickets,
    set_ticket,
    update_block_controls,
    update_job_controls,
)
from flamenco.api_client_v3.api.worker_mgt import fetch_worker_resources, set_worker_properties
from flamenco.api_client_v3.models import (
    JobControls,
    PipelineControls,
    Ticket,
    TicketList,
    TicketSettings,
    WorkerProperties,
    WorkerResourcesInfo,
)
from flamenco.cli.api import CliApi, ClientError, parse_id, parsed
from flamenco.cli.output import Output, table, unset
from flamenco.cli.workers import find_worker

# (option, API field, kind); numbers: -1 removes; texts: "" removes.
_OPTIONS: list[tuple[str, str, type]] = [
    ("--max-running", "max_running_tasks", int),
    ("--max-running-per-worker", "max_running_tasks_per_host", int),
    ("--hosts-mask", "hosts_mask", str),
    ("--hosts-mask-exclude", "hosts_mask_exclude", str),
    ("--need-os", "need_os", str),
    ("--need-properties", "need_properties", str),
    ("--need-memory-mb", "need_memory_mb", int),
    ("--need-gpu-mem-mb", "need_gpu_mem_mb", int),
    ("--need-cpu-cores", "need_cpu_cores", int),
    ("--need-cpu-freq-mhz", "need_cpu_freq_mhz", int),
    ("--need-hdd-gb", "need_hdd_gb", int),
    ("--need-power", "need_power", int),
]
# What `job controls` shows, in this order.
_SHOWN = [field for _, field, _ in _OPTIONS]


def job_controls(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    """Show a job's controls, or change them (the job's, or one block's with `--block`)."""
    job_id = parse_id(args.job_id, "job")
    body = _request_body(args)
    if body:
        controls = PipelineControls.from_dict(body)
        if args.block:
            response = api.request(update_block_controls, job_id, args.block, body=controls)
        else:
            response = api.request(update_job_controls, job_id, body=controls)
    else:
        response = api.request(fetch_job_controls, job_id)
    if ui.as_json:
        ui.api_json(response)
        return 0
    answer = parsed(response, JobControls).to_dict()
    ui.say(f"job {answer['job_id']}: {answer['running_tasks']} tasks running")
    rows = table("Where", "Running", "Limits", "Masks and needs", "Tickets", "Eligible workers")
    rows.add_row("job", str(answer["running_tasks"]), *_describe(answer["controls"]), "")
    for block in answer["blocks"]:
        eligible = block.get("eligible_workers")
        name = f"block {block['name']}" + (" (implicit)" if block["implicit"] else "")
        rows.add_row(
            name,
            str(block["running_tasks"]),
            *_describe(block["controls"]),
            "all" if eligible is None else str(eligible),
        )
    ui.show(rows)
    return 0


def _request_body(args: argparse.Namespace) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for option, field, kind in _OPTIONS:
        value = getattr(args, option.lstrip("-").replace("-", "_"))
        if value is None:
            continue
        if kind is int:
            body[field] = None if value == -1 else value
        else:
            body[field] = value or None
    if args.hosts_mask_type:
        body["hosts_mask_type"] = args.hosts_mask_type
    if args.no_tickets and args.ticket:
        raise ClientError("give --ticket or --no-tickets, not both")
    if args.no_tickets:
        body["tickets"] = None
    elif args.ticket:
        body["tickets"] = dict(_ticket(text) for text in args.ticket)
    return body


def _ticket(text: str) -> tuple[str, int]:
    name, _, count = text.partition("=")
    try:
        return name.strip(), int(count or "1")
    except ValueError:
        raise ClientError(f"--ticket {text!r}: NAME or NAME=COUNT") from None


def _describe(controls: dict[str, Any]) -> tuple[str, str, str]:
    limits = []
    if controls.get("max_running_tasks") is not None:
        limits.append(f"max {controls['max_running_tasks']}")
    if controls.get("max_running_tasks_per_host") is not None:
        limits.append(f"max {controls['max_running_tasks_per_host']} per worker")
    where = [f"{field}={controls[field]}" for field in _SHOWN[2:] if controls.get(field) not in (None, "")]
    if where and controls.get("hosts_mask_type") == "find":
        where.append("(find)")
    tickets = ", ".join(f"{name}:{count}" for name, count in (controls.get("tickets") or {}).items())
    return ", ".join(limits) or "-", " ".join(where) or "-", tickets or "-"


def ticket_list(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    response = api.request(fetch_tickets)
    if ui.as_json:
        ui.api_json(response)
        return 0
    tickets = parsed(response, TicketList).tickets
    rows = table("Name", "Scope", "In use", "Capacity", "Max hosts", "Hosts")
    for ticket in tickets:
        max_hosts = unset(ticket.max_hosts)
        rows.add_row(
            ticket.name,
            str(ticket.scope),
            str(ticket.in_use),
            str(ticket.capacity) + (" per worker" if str(ticket.scope) == "worker" else ""),
            "-" if max_hosts is None else str(max_hosts),
            str(ticket.hosts),
        )
    ui.show(rows)
    ui.note(f"{len(tickets)} tickets")
    return 0


def ticket_set(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    body = TicketSettings.from_dict(
        {"capacity": args.capacity, "scope": args.scope, "max_hosts": args.max_hosts}
    )
    response = api.request(set_ticket, args.name, body=body)
    if ui.as_json:
        ui.api_json(response)
        return 0
    ticket = parsed(response, Ticket)
    ui.say(f"ticket {ticket.name} ({ticket.scope}): capacity {ticket.capacity}, {ticket.in_use} in use")
    return 0


def worker_resources(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    worker_id = find_worker(api, args.worker)
    response = api.request(fetch_worker_resources, worker_id)
    if ui.as_json:
        ui.api_json(response)
        return 0
    info = parsed(response, WorkerResourcesInfo).to_dict()
    report = info["resources"]
    ui.say(f"worker {info['name']} ({info['worker_id']})")
    rows = table("What", "Value")
    rows.add_row("properties", info["properties"] or "(none)")
    for key in ("cpu_cores", "cpu_freq_mhz", "arch", "os_release", "mem_total_mb", "mem_free_mb",
                "gpu_mem_total_mb", "gpu_mem_free_mb", "hdd_free_gb", "load_avg"):  # fmt: skip
        rows.add_row(key, str(report.get(key, "-")))
    rows.add_row("reported", info.get("reported_at") or "never")
    rows.add_row("tickets held", ", ".join(f"{k}:{v}" for k, v in info["tickets"].items()) or "-")
    ui.show(rows)
    return 0


def worker_properties(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    worker_id = find_worker(api, args.worker)
    api.request(
        set_worker_properties, worker_id, body=WorkerProperties(properties=args.properties), ok=(204,)
    )
    if ui.as_json:
        ui.json({"worker_id": str(worker_id), "properties": args.properties})
        return 0
    ui.say(f"worker {args.worker}: properties {args.properties!r}")
    return 0


def add_parser(nouns: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    ticket = nouns.add_parser(
        "ticket", parents=[common], help="tickets: licences and other counted resources"
    )
    verbs = ticket.add_subparsers(dest="verb", required=True, metavar="VERB")
    verbs.add_parser("list", parents=[common], help="tickets, their capacity and use").set_defaults(
        run=ticket_list
    )
    define = verbs.add_parser("set", parents=[common], help="define a ticket or change its capacity")
    define.add_argument("name", metavar="NAME")
    define.add_argument("capacity", metavar="CAPACITY", type=int)
    define.add_argument("--scope", choices=["farm", "worker"], default="farm", help="default: farm")
    define.add_argument("--max-hosts", type=int, metavar="N", help="farm tickets: held by at most N workers")
    define.set_defaults(run=ticket_set)


def add_job_verbs(verbs: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    controls = verbs.add_parser(
        "controls", parents=[common], help="show or set a job's limits, host masks, needs and tickets"
    )
    controls.add_argument("job_id", metavar="JOB_ID")
    controls.add_argument("--block", metavar="NAME", help="set these on one block of the job")
    for option, field, kind in _OPTIONS:
        removal = "-1" if kind is int else '""'
        controls.add_argument(
            option, type=kind, metavar="N" if kind is int else "RE", help=f"{field} ({removal} removes)"
        )
    controls.add_argument("--hosts-mask-type", choices=["regex", "find"])
    controls.add_argument("--ticket", action="append", metavar="NAME[=COUNT]", help="tickets each task holds")
    controls.add_argument("--no-tickets", action="store_true", help="remove the tickets")
    controls.set_defaults(run=job_controls)


def add_worker_verbs(verbs: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    resources = verbs.add_parser(
        "resources", parents=[common], help="a worker's hardware, properties, tickets"
    )
    resources.add_argument("worker", metavar="WORKER", help="worker ID or name")
    resources.set_defaults(run=worker_resources)
    properties = verbs.add_parser(
        "properties", parents=[common], help="set a worker's properties (need_properties)"
    )
    properties.add_argument("worker", metavar="WORKER", help="worker ID or name")
    properties.add_argument("properties", metavar="TEXT")
    properties.set_defaults(run=worker_properties)
