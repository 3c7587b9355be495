"""`flamenco job life …`: a job's pipeline life (Afanasy's job model, docs/afanasy.md) through
the Manager's `/api/v3` additions `fetchJobLife` / `updateJobLife`: what it waits for
(dependency masks), when it may start (`--time-wait`), when it is deleted (`--time-life`) and the
command a worker runs after its deletion (`--command-post`)."""

from __future__ import annotations

import argparse
import re
from datetime import UTC, datetime, timedelta

from flamenco.api_client_v3.api.pipeline import fetch_job_life, update_job_life
from flamenco.api_client_v3.models import JobLife, JobLifeUpdate
from flamenco.cli.api import CliApi, ClientError, parse_id, parsed
from flamenco.cli.output import Output, unset

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def duration(text: str) -> int:
    """Seconds from `90`, `90s`, `15m`, `2h` or `1d`."""
    match = re.fullmatch(r"\s*(-?\d+)\s*([smhd]?)\s*", text)
    if not match:
        raise ClientError(f"{text!r} is not a duration (seconds, or a number with s, m, h or d)")
    return int(match.group(1)) * _UNITS[match.group(2) or "s"]


def moment(text: str, now: datetime | None = None) -> str:
    """`--time-wait`: "" (none), an RFC 3339 time, seconds since the epoch, or `+15m` from now."""
    text = text.strip()
    if not text or text.startswith("+"):
        if not text:
            return ""
        start = now or datetime.now(UTC)
        return (start + timedelta(seconds=duration(text[1:]))).isoformat().replace("+00:00", "Z")
    return text


def job_life(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    """Show a job's life, after changing what the options say."""
    job_id = parse_id(args.job_id, "job")
    body = JobLifeUpdate()
    changed = False
    for option in ("depend_mask", "depend_mask_global", "command_post"):
        value = getattr(args, option)
        if value is not None:
            setattr(body, option, value or None)
            changed = True
    if args.time_wait is not None:
        body.time_wait = moment(args.time_wait) or None
        changed = True
    if args.time_life is not None:
        body.time_life = duration(args.time_life) if args.time_life.strip() else None
        changed = True
    if changed:
        response = api.request(update_job_life, job_id, body=body, v3=True)
    else:
        response = api.request(fetch_job_life, job_id, v3=True)
    if ui.as_json:
        ui.api_json(response)
        return 0
    life = parsed(response, JobLife)
    waits = ", ".join(life.waits_for) or "nothing"
    lines = [f"waits for jobs:    {waits}"]
    for label, value in (
        ("depend mask", unset(life.depend_mask)),
        ("global mask", unset(life.depend_mask_global)),
        ("user", unset(life.user_name)),
        ("not before", _when(unset(life.time_wait))),
        (
            "life time",
            f"{unset(life.time_life)} s, deleted at {_when(unset(life.deleted_at))}"
            if unset(life.time_life) is not None
            else None,
        ),
        ("post command", unset(life.command_post)),
    ):
        if value:
            lines.append(f"{label + ':':<18} {value}")
    ui.say("\n".join(lines))
    return 0


def _when(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def add_job_verbs(verbs: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    life = verbs.add_parser(
        "life",
        parents=[common],
        help="show or set what a job waits for (depend masks, wait time) and how it ends",
    )
    life.add_argument("job_id", metavar="JOB_ID")
    life.add_argument(
        "--depend-mask", metavar="RE", help="wait for the same user's unfinished jobs whose names match"
    )
    life.add_argument(
        "--depend-mask-global", metavar="RE", help="wait for any user's unfinished jobs whose names match"
    )
    life.add_argument(
        "--time-wait", metavar="WHEN", help="start no task before: RFC 3339, epoch seconds or +15m"
    )
    life.add_argument(
        "--time-life", metavar="DURATION", help="delete the job this long after its creation (2h, 1d)"
    )
    life.add_argument(
        "--command-post", metavar="CMD", help="shell command a worker runs after the job is deleted"
    )
    life.set_defaults(run=job_life)
    # An empty value ("") clears a control.
