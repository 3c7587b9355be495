"""`flamenco variables` and `flamenco config ...`: the Manager's variables, configuration file and
setup checks, through Flamenco 3.8's API (`/api/v3`).

    flamenco variables --platform windows        what an artist on Windows sees, and the shared storage
    flamenco config show                         the Manager's configuration file (YAML)
    flamenco config check-storage /mnt/render    could the Manager use it as shared storage?
    flamenco config find-blender                 Blender on the Manager's PATH
    flamenco config check-blender /opt/blender   is that Blender, as the Manager sees it?

The checks run on the Manager's machine, within the paths it may touch (docs/cli.md). They exit
with status 1 when the answer is "not usable" or "not found", so scripts can test them.
"""

from __future__ import annotations

import argparse
import json
import sys

import yaml
from rich.text import Text

from flamenco.api_client_v3.api.meta import (
    check_blender_exe_path,
    check_shared_storage_path,
    find_blender_exe_path,
    get_configuration_file,
    get_shared_storage,
    get_variables,
)
from flamenco.api_client_v3.models import (
    BlenderPathCheckResult,
    ManagerVariableAudience,
    PathCheckInput,
    PathCheckResult,
    SharedStorageLocation,
)
from flamenco.cli.api import CliApi, parsed
from flamenco.cli.output import Output, table

# Go's names for platforms, which Flamenco uses (`linux`, `windows`, `darwin`).
THIS_PLATFORM = {"win32": "windows"}.get(sys.platform, sys.platform)


def variables_show(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    audience: ManagerVariableAudience = args.audience  # the generated type is a Literal
    response = api.request(get_variables, audience, args.platform)
    if ui.as_json:
        ui.api_json(response)
        return 0
    found = json.loads(response.content)
    rows = table("Variable", "Value", "Two-way", title=f"Variables for {args.audience} on {args.platform}")
    for name in sorted(found):
        rows.add_row(name, found[name]["value"], "yes" if found[name]["is_twoway"] else "")
    ui.show(rows)
    storage = parsed(api.request(get_shared_storage, audience, args.platform), SharedStorageLocation)
    shaman = "Shaman on" if storage.shaman_enabled else "Shaman off"
    ui.say(f"shared storage for {args.platform}: {storage.location} ({shaman})")
    return 0


def config_show(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    response = api.request(get_configuration_file)
    mapping = json.loads(response.content)
    if ui.as_json:
        ui.json(mapping)
        return 0
    ui.text(yaml.safe_dump(mapping, sort_keys=False, allow_unicode=True))
    ui.note("change it: edit the file on the Manager's machine, or use the web UI's Setup page")
    return 0


def config_check_storage(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    response = api.request(check_shared_storage_path, body=PathCheckInput(path=args.path))
    result = parsed(response, PathCheckResult)
    if ui.as_json:
        ui.api_json(response)
    else:
        ui.details(
            f"Shared storage {result.path}", [("usable", _verdict(result.is_usable)), ("why", result.cause)]
        )
    return 0 if result.is_usable else 1


def config_find_blender(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    response = api.request(find_blender_exe_path)
    found = [BlenderPathCheckResult.from_dict(item) for item in json.loads(response.content)]
    if ui.as_json:
        ui.api_json(response)
    elif not found:
        ui.say("no Blender found on the Manager's PATH; check one with: flamenco config check-blender PATH")
    else:
        rows = table("Path", "Found as", "Version")
        for item in found:
            rows.add_row(item.path, str(item.source), item.cause)
        ui.show(rows)
    return 0 if found else 1


def config_check_blender(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    response = api.request(check_blender_exe_path, body=PathCheckInput(path=args.command))
    result = parsed(response, BlenderPathCheckResult)
    if ui.as_json:
        ui.api_json(response)
    else:
        ui.details(
            f"Blender {result.input_}",
            [("usable", _verdict(result.is_usable)), ("path", result.path or None), ("why", result.cause)],
        )
    return 0 if result.is_usable else 1


def _verdict(usable: bool) -> Text:
    return Text("yes", style="green") if usable else Text("no", style="red")


def add_parser(nouns: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    variables = nouns.add_parser(
        "variables", parents=[common], help="the Manager's variables for a platform, and its shared storage"
    )
    variables.add_argument(
        "--platform", default=THIS_PLATFORM, help="linux, windows, darwin, ... (default: %(default)s)"
    )
    variables.add_argument(
        "--audience",
        choices=["users", "workers"],
        default="users",
        help="whose values (default: %(default)s)",
    )
    variables.set_defaults(run=variables_show)

    config = nouns.add_parser(
        "config", parents=[common], help="the Manager's configuration file and setup checks"
    )
    verbs = config.add_subparsers(dest="verb", required=True, metavar="VERB")
    show = verbs.add_parser("show", parents=[common], help="the configuration file (YAML; --json for JSON)")
    show.set_defaults(run=config_show)
    storage = verbs.add_parser(
        "check-storage", parents=[common], help="could the Manager use PATH as shared storage?"
    )
    storage.add_argument("path", metavar="PATH", help="as the Manager's machine sees it")
    storage.set_defaults(run=config_check_storage)
    find = verbs.add_parser("find-blender", parents=[common], help="Blender on the Manager's PATH")
    find.set_defaults(run=config_find_blender)
    check = verbs.add_parser("check-blender", parents=[common], help="is COMMAND (a name or path) Blender?")
    check.add_argument("command", metavar="COMMAND", help="e.g. blender, /opt/blender/blender")
    check.set_defaults(run=config_check_blender)
