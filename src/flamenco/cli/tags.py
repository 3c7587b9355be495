"""`flamenco tag …`, `flamenco worker tags …`, `flamenco job tag …` and `flamenco job blocklist …`:
worker tags and job blocklists, Flamenco 3.8's features, through the Manager's `/api/v3` door.

Tags are named by ID or by name, as workers are: a wrangler knows `gpu`, not its UUID. A job with
a tag runs only on workers with that tag; an untagged job on any worker.
"""

from __future__ import annotations

import argparse
import uuid

from flamenco.api_client_v3.api.jobs import fetch_job, fetch_job_blocklist, remove_job_blocklist, set_job_tag
from flamenco.api_client_v3.api.worker_mgt import (
    create_worker_tag,
    delete_worker_tag,
    fetch_worker,
    fetch_worker_tag,
    fetch_worker_tags,
    set_worker_tags,
    update_worker_tag,
)
from flamenco.api_client_v3.models import (
    Job,
    JobBlocklistEntry,
    JobTagChange,
    Worker,
    WorkerTag,
    WorkerTagChangeRequest,
    WorkerTagList,
)
from flamenco.cli.api import CliApi, ClientError, parse_id, parsed
from flamenco.cli.output import Output, table, unset
from flamenco.cli.workers import find_worker


def tag_list(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    response = api.request(fetch_worker_tags)
    if ui.as_json:
        ui.api_json(response)
        return 0
    tags = unset(parsed(response, WorkerTagList).tags, [])
    rows = table("ID", "Name", "Description")
    for tag in tags:
        rows.add_row(str(tag.id), tag.name, unset(tag.description, ""))
    ui.show(rows)
    ui.note(f"{len(tags)} tags")
    return 0


def tag_create(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    body = WorkerTag(name=args.name, description=args.description or "")
    response = api.request(create_worker_tag, body=body)
    if ui.as_json:
        ui.api_json(response)
        return 0
    tag = parsed(response, WorkerTag)
    ui.say(f"created tag {tag.name} ({tag.id})")
    return 0


def tag_rename(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    tag_id = find_tag(api, args.tag)
    body = WorkerTag(name=args.new_name)
    if args.description is not None:  # else the Manager keeps the description
        body.description = args.description
    api.request(update_worker_tag, tag_id, body=body, ok=(204,))
    response = api.request(fetch_worker_tag, tag_id)
    if ui.as_json:
        ui.api_json(response)
        return 0
    tag = parsed(response, WorkerTag)
    ui.say(f"tag {tag.id} is now {tag.name}")
    return 0


def tag_delete(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    tag_id = find_tag(api, args.tag)
    api.request(delete_worker_tag, tag_id, ok=(204,))
    if ui.as_json:
        ui.json({"deleted": str(tag_id)})
        return 0
    ui.say(f"deleted tag {args.tag} ({tag_id}); its workers left it, its jobs may run on any worker now")
    return 0


def worker_tags(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    """Show a worker's tags, or set them (`--clear` for none)."""
    worker_id = find_worker(api, args.worker)
    if args.tags or args.clear:
        if args.tags and args.clear:
            raise ClientError("give tags or --clear, not both")
        tag_ids = [find_tag(api, tag) for tag in args.tags]
        api.request(set_worker_tags, worker_id, body=WorkerTagChangeRequest(tag_ids=tag_ids), ok=(204,))
    response = api.request(fetch_worker, worker_id)
    if ui.as_json:
        ui.api_json(response)
        return 0
    worker = parsed(response, Worker)
    names = [t.name for t in unset(worker.tags, [])]
    ui.say(f"worker {worker.name} ({worker.id}): tags {', '.join(names) if names else '(none)'}")
    return 0


def job_tag(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    """Show a job's tag, or set it (`--clear` to let any worker run it)."""
    job_id = parse_id(args.job_id, "job")
    if args.tag or args.clear:
        if args.tag and args.clear:
            raise ClientError("give a tag or --clear, not both")
        body = JobTagChange(id=find_tag(api, args.tag)) if args.tag else JobTagChange()
        api.request(set_job_tag, job_id, body=body, ok=(204,))
    response = api.request(fetch_job, job_id)
    if ui.as_json:
        ui.api_json(response)
        return 0
    job = parsed(response, Job)
    tag_id = unset(job.worker_tag)
    shown = "(none: any worker may run it)"
    if tag_id:
        tag = parsed(api.request(fetch_worker_tag, tag_id), WorkerTag)
        shown = f"{tag.name} ({tag.id})"
    ui.say(f"job {job.name} ({job.id}): tag {shown}")
    return 0


def job_blocklist(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    """A job's blocklist; `--remove WORKER` lifts that worker's blocks (of `--task-type` only, if given)."""
    job_id = parse_id(args.job_id, "job")
    if args.remove:
        worker_id = find_worker(api, args.remove)
        blocks = parsed(api.request(fetch_job_blocklist, job_id), list)
        entries = [
            JobBlocklistEntry(worker_id=worker_id, task_type=b.task_type)
            for b in blocks
            if b.worker_id == worker_id and args.task_type in (None, b.task_type)
        ]
        if not entries:
            raise ClientError(f"{args.remove} is not on the job's blocklist" + _of_type(args.task_type))
        api.request(remove_job_blocklist, job_id, body=entries, ok=(204,))
        if not ui.as_json:
            types = ", ".join(e.task_type for e in entries)
            ui.say(f"removed {args.remove} from the job's blocklist ({types}); it may run those tasks again")
    response = api.request(fetch_job_blocklist, job_id)
    if ui.as_json:
        ui.api_json(response)
        return 0
    blocks = parsed(response, list)
    rows = table("Worker", "Worker ID", "Task type")
    for block in blocks:
        rows.add_row(unset(block.worker_name, ""), str(block.worker_id), block.task_type)
    ui.show(rows)
    ui.note(f"{len(blocks)} blocked (worker, task type) pairs")
    return 0


def job_tag_name(api: CliApi, job_id: uuid.UUID) -> str:
    """The job's worker tag as `job show` prints it (from `/api/v3`: the seed API has no tags)."""
    tag_id = unset(parsed(api.request(fetch_job, job_id), Job).worker_tag)
    if not tag_id:
        return "(none: any worker)"
    return parsed(api.request(fetch_worker_tag, tag_id), WorkerTag).name


def worker_tag_names(api: CliApi, worker_id: uuid.UUID) -> str:
    """The worker's tags as `worker show` prints them (from `/api/v3`)."""
    names = [t.name for t in unset(parsed(api.request(fetch_worker, worker_id), Worker).tags, [])]
    return ", ".join(names) or "(none)"


def _of_type(task_type: str | None) -> str:
    return f" for task type {task_type!r}" if task_type else ""


def find_tag(api: CliApi, name_or_id: str) -> uuid.UUID:
    """The tag's ID, given its ID or its name."""
    try:
        return uuid.UUID(name_or_id.strip())
    except ValueError:
        pass
    tags = unset(parsed(api.request(fetch_worker_tags), WorkerTagList).tags, [])
    for tag in tags:
        if tag.name == name_or_id:
            return tag.id
    raise ClientError(f"no tag named {name_or_id!r} (flamenco tag list shows them)")


def add_parser(nouns: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    tag = nouns.add_parser(
        "tag", parents=[common], help="worker tags: groups of workers a job can be limited to"
    )
    verbs = tag.add_subparsers(dest="verb", required=True, metavar="VERB")
    listing = verbs.add_parser("list", parents=[common], help="all worker tags")
    listing.set_defaults(run=tag_list)
    create = verbs.add_parser("create", parents=[common], help="make a new tag")
    create.add_argument("name", metavar="NAME")
    create.add_argument("--description", metavar="TEXT", help="what the tag's workers have in common")
    create.set_defaults(run=tag_create)
    rename = verbs.add_parser("rename", parents=[common], help="rename a tag (and change its description)")
    rename.add_argument("tag", metavar="TAG", help="tag ID or name")
    rename.add_argument("new_name", metavar="NEW_NAME")
    rename.add_argument("--description", metavar="TEXT", help="a new description (default: keep it)")
    rename.set_defaults(run=tag_rename)
    delete = verbs.add_parser("delete", parents=[common], help="remove a tag; its jobs may run anywhere then")
    delete.add_argument("tag", metavar="TAG", help="tag ID or name")
    delete.set_defaults(run=tag_delete)


def add_worker_verbs(verbs: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    tags = verbs.add_parser("tags", parents=[common], help="show or set the tags a worker is in")
    tags.add_argument("worker", metavar="WORKER", help="worker ID or name")
    tags.add_argument(
        "tags", nargs="*", metavar="TAG", help="tag IDs or names: the worker's tags from now on"
    )
    tags.add_argument("--clear", action="store_true", help="take the worker out of every tag")
    tags.set_defaults(run=worker_tags)


def add_job_verbs(verbs: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    tag = verbs.add_parser("tag", parents=[common], help="show or set the worker tag a job is limited to")
    tag.add_argument("job_id", metavar="JOB_ID")
    tag.add_argument("tag", nargs="?", metavar="TAG", help="tag ID or name")
    tag.add_argument("--clear", action="store_true", help="let any worker run the job")
    tag.set_defaults(run=job_tag)
    blocklist = verbs.add_parser(
        "blocklist", parents=[common], help="workers blocked from a job after failing it"
    )
    blocklist.add_argument("job_id", metavar="JOB_ID")
    blocklist.add_argument("--remove", metavar="WORKER", help="lift this worker's blocks (ID or name)")
    blocklist.add_argument(
        "--task-type", metavar="TYPE", help="with --remove: only the block for this task type"
    )
    blocklist.set_defaults(run=job_blocklist)
