"""`flamenco job-types [show TYPE] [--api v3|seed]`: what can be submitted, and each type's settings.

Each API door describes a job type as Flamenco's own Manager of that version does (docs/job-types.md),
so a Blender add-on of either version finds what it expects. By default the CLI shows Flamenco 3.8's
description (`/api/v3`); `--api seed` shows what the seed spec's (2022) clients are given at `/api`.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from flamenco.api_client.api.jobs import get_job_type as seed_get_job_type
from flamenco.api_client.api.jobs import get_job_types as seed_get_job_types
from flamenco.api_client.models import AvailableJobSetting as SeedSetting
from flamenco.api_client.models import AvailableJobType as SeedJobType
from flamenco.api_client.models import AvailableJobTypes as SeedJobTypes
from flamenco.api_client_v3.api.jobs import get_job_type as v3_get_job_type
from flamenco.api_client_v3.api.jobs import get_job_types as v3_get_job_types
from flamenco.api_client_v3.models import AvailableJobSetting as V3Setting
from flamenco.api_client_v3.models import AvailableJobType as V3JobType
from flamenco.api_client_v3.models import AvailableJobTypes as V3JobTypes
from flamenco.cli.api import CliApi, parsed
from flamenco.cli.output import Output, table, unset

# The generated operations only build a path and parse the answer; either door's goes through the
# CLI's one client (its base URL is the Manager's root).
_DOORS: dict[str, dict[str, Any]] = {
    "v3": {"list": v3_get_job_types, "get": v3_get_job_type, "types": V3JobTypes, "type": V3JobType},
    "seed": {
        "list": seed_get_job_types,
        "get": seed_get_job_type,
        "types": SeedJobTypes,
        "type": SeedJobType,
    },
}


def job_types_list(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    door = _DOORS[args.api]
    response = api.request(door["list"])
    if ui.as_json:
        ui.api_json(response)
        return 0
    types = parsed(response, door["types"])
    rows = table("Name", "Label", "Settings")
    for job_type in types.job_types:
        required = [s.key for s in job_type.settings if unset(s.required, False)]
        needed = f" (required: {', '.join(required)})" if required else ""
        rows.add_row(job_type.name, job_type.label, f"{len(job_type.settings)}{needed}")
    ui.show(rows)
    ui.note("settings of a type: flamenco job-types show TYPE")
    return 0


def job_types_show(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    door = _DOORS[args.api]
    response = api.request(door["get"], args.type_name)
    if ui.as_json:
        ui.api_json(response)
        return 0
    job_type = parsed(response, door["type"])
    columns = ("Setting", "Type", "Required", "Default", "Allowed", "Shown", "Eval", "Description")
    rows = table(*columns, title=job_type.label)
    for setting in job_type.settings:
        default = unset(setting.default)
        visible = unset(setting.visible)
        rows.add_row(
            setting.key, setting.type_, "yes" if unset(setting.required, False) else "",
            "" if default is None else json.dumps(default, ensure_ascii=False), _allowed(setting),
            "visible" if visible is None else str(visible), unset(setting.eval_, ""),
            unset(setting.description, ""),
        )  # fmt: skip
    ui.show(rows)
    ui.note(f"submit one: flamenco job submit --type {job_type.name} --setting KEY=VALUE ...")
    return 0


def _allowed(setting: SeedSetting | V3Setting) -> str:
    """Choices, or the min/max range the job type declares in its propargs."""
    choices = unset(setting.choices)
    if choices:
        return " | ".join(choices)
    props = unset(setting.propargs)
    limits = props.to_dict() if props else {}
    low, high = limits.get("min"), limits.get("max")
    if low is None and high is None:
        return ""
    return f"{'' if low is None else low}..{'' if high is None else high}"


def add_parser(nouns: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    door = argparse.ArgumentParser(add_help=False)
    door.add_argument(
        "--api",
        choices=sorted(_DOORS),
        default=argparse.SUPPRESS,  # so that `--api` before or after `show` both count
        help="whose description: Flamenco 3.8's at /api/v3 (default) or the seed spec's at /api",
    )
    types = nouns.add_parser("job-types", parents=[common, door], help="job types the Manager offers")
    types.set_defaults(run=job_types_list, api="v3")
    verbs = types.add_subparsers(dest="verb", metavar="[show TYPE]")
    show = verbs.add_parser("show", parents=[common, door], help="one job type's settings")
    show.add_argument("type_name", metavar="TYPE")
    show.set_defaults(run=job_types_show)
