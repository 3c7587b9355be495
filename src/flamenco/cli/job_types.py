"""`flamenco job-types [show TYPE]`: what can be submitted, and each type's settings."""

from __future__ import annotations

import argparse
import json

from flamenco.api_client.api.jobs import get_job_type, get_job_types
from flamenco.api_client.models import AvailableJobSetting, AvailableJobType, AvailableJobTypes
from flamenco.cli.api import CliApi, parsed
from flamenco.cli.output import Output, table, unset


def job_types_list(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    response = api.request(get_job_types)
    if ui.as_json:
        ui.api_json(response)
        return 0
    types = parsed(response, AvailableJobTypes)
    rows = table("Name", "Label", "Settings")
    for job_type in types.job_types:
        required = [s.key for s in job_type.settings if unset(s.required, False)]
        needed = f" (required: {', '.join(required)})" if required else ""
        rows.add_row(job_type.name, job_type.label, f"{len(job_type.settings)}{needed}")
    ui.show(rows)
    ui.note("settings of a type: flamenco job-types show TYPE")
    return 0


def job_types_show(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    response = api.request(get_job_type, args.type_name)
    if ui.as_json:
        ui.api_json(response)
        return 0
    job_type = parsed(response, AvailableJobType)
    rows = table("Setting", "Type", "Required", "Default", "Allowed", "Description", title=job_type.label)
    for setting in job_type.settings:
        default = unset(setting.default)
        rows.add_row(
            setting.key, setting.type_, "yes" if unset(setting.required, False) else "",
            "" if default is None else json.dumps(default, ensure_ascii=False), _allowed(setting),
            unset(setting.description, ""),
        )  # fmt: skip
    ui.show(rows)
    ui.note(f"submit one: flamenco job submit --type {job_type.name} --setting KEY=VALUE ...")
    return 0


def _allowed(setting: AvailableJobSetting) -> str:
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
    types = nouns.add_parser("job-types", parents=[common], help="job types the Manager offers")
    types.set_defaults(run=job_types_list)
    verbs = types.add_subparsers(dest="verb", metavar="[show TYPE]")
    show = verbs.add_parser("show", parents=[common], help="one job type's settings")
    show.add_argument("type_name", metavar="TYPE")
    show.set_defaults(run=job_types_show)
