"""`flamenco job …`: list, inspect, submit, follow and steer jobs."""

from __future__ import annotations

import argparse
import json
import time
import uuid
from pathlib import Path
from typing import Any

import yaml

from flamenco.api_client.api.jobs import (
    fetch_job,
    fetch_job_tasks,
    fetch_task_log,
    fetch_task_log_tail,
    query_jobs,
    set_job_status,
    submit_job,
)
from flamenco.api_client.models import (
    Job,
    JobsQuery,
    JobsQueryResult,
    JobStatusChange,
    JobTasksSummary,
    SubmittedJob,
)
from flamenco.api_client.models.job_status import JOB_STATUS_VALUES
from flamenco.api_client.models.task_status import TASK_STATUS_VALUES
from flamenco.api_client_v3.api.jobs import fetch_global_last_rendered_info, fetch_job_last_rendered_info
from flamenco.api_client_v3.api.jobs import fetch_job as fetch_job_v3
from flamenco.api_client_v3.models import Job as JobV3
from flamenco.api_client_v3.models import JobLastRenderedImageInfo
from flamenco.cli import controls, lifecycle, pipeline, tags
from flamenco.cli.api import CliApi, ClientError, parse_id, parsed
from flamenco.cli.follow import FollowOptions, follow
from flamenco.cli.output import Output, progress, status, table, unset, when
from flamenco.manager_api import ManagerError

# What each steering verb asks the Manager for (setJobStatus).
JOB_REQUESTS = {"cancel": "cancel-requested", "requeue": "requeueing", "pause": "paused", "resume": "queued"}
ORDER_FIELDS = ("created", "updated", "name", "status", "priority", "type", "id")
# The Manager's thumbnails of a last-rendered image, largest first (`flamenco.last_rendered`).
LAST_RENDERED_SIZES = {
    "large": "last-rendered.jpg",
    "small": "last-rendered-small.jpg",
    "tiny": "last-rendered-tiny.jpg",
}


# -- list / show / tasks / logs ------------------------------------------------------------------


def job_list(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    query: dict[str, Any] = {
        "offset": (args.page - 1) * args.limit,
        "limit": args.limit,
        "order_by": [args.order],
    }
    if args.status:
        query["status_in"] = statuses(args.status, JOB_STATUS_VALUES, "job")
    if args.name:
        query["name_contains"] = args.name
    response = api.request(query_jobs, body=JobsQuery.from_dict(query))
    if ui.as_json:
        ui.api_json(response)
        return 0
    result = parsed(response, JobsQueryResult)
    rows = table("ID", "Name", "Type", "Status", "Progress", "Steps", "Priority", "Updated")
    for job in result.jobs:
        rows.add_row(
            str(job.id), job.name, job.type_, status(job.status), progress(job.task_counts),
            steps(api, str(job.id)), str(job.priority), when(job.updated),
        )  # fmt: skip
    ui.show(rows)
    total = unset(result.total, len(result.jobs))
    first = query["offset"] + 1
    if not result.jobs:
        ui.note(f"no jobs on page {args.page} ({total} match)" if total else "no jobs match")
    else:
        pages = -(-total // args.limit)
        more = f"; next: --page {args.page + 1}" if args.page < pages else ""
        ui.note(f"jobs {first}-{first + len(result.jobs) - 1} of {total} (page {args.page} of {pages}){more}")
    return 0


def job_show(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    response = api.request(fetch_job, parse_id(args.job_id, "job"))
    if ui.as_json:
        ui.api_json(response)
        return 0
    job = parsed(response, Job)
    counts = unset(job.task_counts)
    by_status = None
    if counts:
        parts = [f"{n} {name}" for name, n in counts.to_dict().items() if n and name != "total"]
        by_status = ", ".join(parts) or "no tasks"
    settings = unset(job.settings)
    metadata = unset(job.metadata)
    ui.details(
        f"Job {job.name}",
        [
            ("ID", str(job.id)),
            ("Type", job.type_),
            ("Status", status(job.status)),
            ("Activity", job.activity),
            ("Priority", str(job.priority)),
            ("Tag", tags.job_tag_name(api, job.id)),
            ("Progress", progress(job.task_counts)),
            ("Steps", steps(api, str(job.id))),
            ("Tasks", by_status),
            ("Created", when(job.created)),
            ("Updated", when(job.updated)),
            ("Settings", _key_values(settings.to_dict()) if settings else None),
            ("Metadata", _key_values(metadata.to_dict()) if metadata else None),
        ],
    )
    return 0


def steps(api: CliApi, job_id: str) -> str:
    """`12 of 40`: the job's step progress, from Flamenco 3.8's door (the seed API has none)."""
    try:
        job = parsed(api.request(fetch_job_v3, uuid.UUID(job_id), v3=True), JobV3)
    except (ClientError, ManagerError):
        return "?"  # deleted meanwhile, or an older Manager without /api/v3
    return f"{job.steps_completed} of {job.steps_total}"


def job_last_rendered(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    """Where the job's (or the farm's) last-rendered image is, and with --save the image itself."""
    if args.job_id:
        response = api.request(
            fetch_job_last_rendered_info, parse_id(args.job_id, "job"), ok=(200, 204), v3=True
        )
    else:
        response = api.request(fetch_global_last_rendered_info, ok=(200, 204), v3=True)
    whose = f"job {args.job_id}" if args.job_id else "the farm"
    if response.status_code == 204:
        ui.say(f"{whose} has no rendered image yet", stderr=True)
        return 1
    info = parsed(response, JobLastRenderedImageInfo)
    suffix = LAST_RENDERED_SIZES[args.size]
    if args.save:
        data = api.download(f"{info.base}/{suffix}")
        Path(args.save).write_bytes(data)
        ui.note(f"saved the last-rendered image of {whose} ({len(data)} bytes, JPEG) to {args.save}")
    if ui.as_json:
        ui.api_json(response)
        return 0
    if not args.save:
        ui.details(
            f"Last rendered image of {whose}",
            [("Job", info.base.rsplit("/", 1)[-1])]
            + [(name, f"{api.url}{info.base}/{LAST_RENDERED_SIZES[name]}") for name in LAST_RENDERED_SIZES],
        )
    return 0


def _key_values(values: dict[str, Any]) -> str | None:
    return "\n".join(f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in values.items()) or None


def job_tasks(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    job_id = parse_id(args.job_id, "job")
    response = api.request(fetch_job_tasks, job_id)
    wanted = statuses(args.status, TASK_STATUS_VALUES, "task") if args.status else None
    if ui.as_json:
        body = json.loads(response.content)
        if wanted:
            body["tasks"] = [t for t in body["tasks"] if t["status"] in wanted]
        ui.json(body)
        return 0
    summary = parsed(response, JobTasksSummary)
    rows = table("ID", "#", "Name", "Status", "Type", "Worker", "Updated")
    shown = [t for t in summary.tasks if not wanted or t.status in wanted]
    for task in shown:
        worker = unset(task.worker)
        rows.add_row(
            str(task.id), str(unset(task.index_in_job, "")), task.name, status(task.status), task.task_type,
            worker.name if worker else "", when(task.updated),
        )  # fmt: skip
    ui.show(rows)
    ui.note(f"{len(shown)} of {len(summary.tasks)} tasks")
    return 0


def job_logs(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    """Each task's log (tail, or whole with --full), in job order, optionally only some statuses."""
    response = api.request(fetch_job_tasks, parse_id(args.job_id, "job"))
    summary = parsed(response, JobTasksSummary)
    wanted = statuses(args.status, TASK_STATUS_VALUES, "task") if args.status else None
    raw = {t["id"]: t for t in json.loads(response.content)["tasks"]}
    found = []
    for task in summary.tasks:
        if wanted and task.status not in wanted:
            continue
        operation = fetch_task_log if args.full else fetch_task_log_tail
        text = api.request(operation, task.id, ok=(200, 204)).parsed
        log = text if isinstance(text, str) else None
        found.append({"task": raw[str(task.id)], "log": log})
        if not ui.as_json:
            ui.say(status(f"== {task.name} ({task.status}, {task.id})"))
            ui.text(log if log else "(no log yet)\n")
    if ui.as_json:
        ui.json(found)
    elif not found:
        ui.note("no tasks match")
    return 0


# -- submit / wait / steer -----------------------------------------------------------------------


def job_submit(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    job = build_job(args)
    try:
        body = SubmittedJob.from_dict(job)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ClientError(f"the job does not have the shape of a SubmittedJob: {exc}") from None
    response = api.request(submit_job, body=body)
    submitted = parsed(response, Job)
    if args.wait:
        if not ui.as_json:
            ui.say(str(submitted.id))
        ui.note(f"submitted {submitted.type_} job {submitted.name!r}; following it (Ctrl-C stops following)")
        return follow(api, ui, submitted.id, follow_options(args))
    if ui.as_json:
        ui.api_json(response)
    else:
        ui.say(str(submitted.id))
        ui.note(f"submitted {submitted.type_} job {submitted.name!r}: flamenco job wait {submitted.id}")
    return 0


def job_wait(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    return follow(api, ui, parse_id(args.job_id, "job"), follow_options(args))


def job_request(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    job_id = parse_id(args.job_id, "job")
    wanted = JOB_REQUESTS[args.verb]
    reason = args.reason or f"{args.verb} requested from the command line"
    api.request(set_job_status, job_id, body=JobStatusChange(status=wanted, reason=reason), ok=(204,))
    response = api.request(fetch_job, job_id)
    if ui.as_json:
        ui.api_json(response)
        return 0
    job = parsed(response, Job)
    ui.say(f"job {job.id} {job.name!r}: asked for {wanted}; now {job.status} ({job.activity})")
    return 0


def follow_options(args: argparse.Namespace) -> FollowOptions:
    if args.interval <= 0:
        raise ClientError("--interval must be more than 0 seconds")
    return FollowOptions(interval=args.interval, quiet=args.quiet, log_lines=args.log_lines)


# -- building a job from a file and flags --------------------------------------------------------


def _scalar(text: str) -> Any:
    """`3` → 3, `true` → True, `1-10` → "1-10": settings typed as YAML would type them."""
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    return value if isinstance(value, str | int | float | bool) else text


def _pairs(items: list[str], what: str, typed: bool) -> dict[str, Any]:
    result = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ClientError(f"{what} {item!r} is not KEY=VALUE")
        result[key] = _scalar(value) if typed else value
    return result


def build_job(args: argparse.Namespace) -> dict[str, Any]:
    """A SubmittedJob from a YAML/JSON file (optional) with flags on top."""
    job: dict[str, Any] = {}
    if args.file:
        try:
            job = yaml.safe_load(Path(args.file).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ClientError(f"cannot read job file {args.file}: {exc}") from None
        if not isinstance(job, dict):
            raise ClientError(f"job file {args.file} must hold a mapping")
    for key in ("type", "name", "priority"):
        if getattr(args, key) is not None:
            job[key] = getattr(args, key)
    job.setdefault("priority", 50)
    job.setdefault("name", f"{job.get('type', 'job')} {time.strftime('%Y-%m-%d %H:%M')}")
    for key in ("settings", "metadata"):
        if not isinstance(job.get(key, {}), dict):
            raise ClientError(f"`{key}` in the job file must be a mapping")
    job["settings"] = {**job.get("settings", {}), **_pairs(args.setting, "setting", typed=True)}
    job["metadata"] = {**job.get("metadata", {}), **_pairs(args.metadata, "metadata", typed=False)}
    if "type" not in job:
        raise ClientError("say which job type: --type NAME, or `type:` in the job file")
    return job


def statuses(given: list[str], known: set[str], what: str) -> list[str]:
    """`--status failed --status active,queued` → the listed statuses, each checked."""
    result = [s.strip() for item in given for s in item.split(",") if s.strip()]
    unknown = [s for s in result if s not in known]
    if unknown:
        raise ClientError(f"unknown {what} status {', '.join(unknown)}; one of: {', '.join(sorted(known))}")
    return result


# -- arguments -----------------------------------------------------------------------------------


def add_parser(nouns: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    job = nouns.add_parser("job", parents=[common], help="list, inspect, submit, follow and steer jobs")
    verbs = job.add_subparsers(dest="verb", required=True, metavar="VERB")

    listing = verbs.add_parser("list", parents=[common], help="jobs, newest first, with their progress")
    _status_filter(listing, "jobs")
    listing.add_argument("--name", metavar="TEXT", help="only jobs whose name contains TEXT (any case)")
    listing.add_argument("--limit", type=_positive, default=20, help="jobs per page (default 20)")
    listing.add_argument("--page", type=_positive, default=1, help="page to show, from 1")
    listing.add_argument(
        "--order", default="-created", choices=[p + f for f in ORDER_FIELDS for p in ("", "-")],
        metavar="[-]FIELD", help=f"sort by {', '.join(ORDER_FIELDS)}; `-` for descending (default -created)",
    )  # fmt: skip
    listing.set_defaults(run=job_list)

    show = verbs.add_parser("show", parents=[common], help="one job: status, progress, settings")
    show.add_argument("job_id", metavar="JOB_ID")
    show.set_defaults(run=job_show)

    rendered = verbs.add_parser(
        "last-rendered",
        parents=[common],
        help="a job's (or the farm's) last rendered image: its URLs, or --save",
    )
    rendered.add_argument(
        "job_id", nargs="?", metavar="JOB_ID", help="the job (default: the farm's latest image)"
    )
    rendered.add_argument("--save", metavar="FILE", help="write the image (JPEG) to FILE")
    rendered.add_argument(
        "--size",
        choices=list(LAST_RENDERED_SIZES),
        default="large",
        help="for --save (default large: 1920x1080)",
    )
    rendered.set_defaults(run=job_last_rendered)

    tasks = verbs.add_parser("tasks", parents=[common], help="a job's tasks, in order")
    tasks.add_argument("job_id", metavar="JOB_ID")
    _status_filter(tasks, "tasks")
    tasks.set_defaults(run=job_tasks)

    logs = verbs.add_parser("logs", parents=[common], help="the logs of a job's tasks (last lines or --full)")
    logs.add_argument("job_id", metavar="JOB_ID")
    _status_filter(logs, "tasks")
    logs.add_argument("--full", action="store_true", help="whole logs instead of their last lines")
    logs.set_defaults(run=job_logs)

    submit = verbs.add_parser("submit", parents=[common], help="submit a job from a JSON/YAML file, flags")
    submit.add_argument("file", nargs="?", metavar="FILE", help="a SubmittedJob as JSON or YAML")
    submit.add_argument("--type", help="job type (see `flamenco job-types`)")
    submit.add_argument("--name", help="job name (default: type and time)")
    submit.add_argument("--priority", type=int, help="0-100, higher runs first (default 50)")
    submit.add_argument("--setting", action="append", default=[], metavar="KEY=VALUE", help="a job setting")
    submit.add_argument("--metadata", action="append", default=[], metavar="KEY=VALUE", help="metadata")
    submit.add_argument("--wait", action="store_true", help="follow the job until it finishes")
    submit.set_defaults(run=job_submit)

    wait = verbs.add_parser("wait", parents=[common], help="follow a job until it finishes")
    wait.add_argument("job_id", metavar="JOB_ID")
    wait.set_defaults(run=job_wait)

    for sub in (submit, wait):
        sub.add_argument("--interval", type=float, default=1.0, help="seconds between checks (default 1)")
        sub.add_argument("--quiet", action="store_true", help="no progress display")
        sub.add_argument("--log-lines", type=int, default=15, metavar="N", help="log lines per failed task")

    helps = {
        "cancel": "cancel a job (its running tasks are stopped)",
        "requeue": "run a job's failed, canceled or all (if completed) tasks again",
        "pause": "stop handing out a job's tasks; running ones finish",
        "resume": "hand out a paused job's tasks again",
    }
    for verb, text in helps.items():
        sub = verbs.add_parser(verb, parents=[common], help=text)
        sub.add_argument("job_id", metavar="JOB_ID")
        sub.add_argument("--reason", help="why, for the job's activity line")
        sub.set_defaults(run=job_request)
    lifecycle.add_job_verbs(verbs, common)

    tags.add_job_verbs(verbs, common)
    pipeline.add_job_verbs(verbs, common)
    controls.add_job_verbs(verbs, common)


def _status_filter(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--status", action="append", default=[], metavar="S[,S]", help=f"only {what} in these statuses"
    )


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value
