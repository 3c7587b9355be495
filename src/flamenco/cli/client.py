"""`flamenco`: watch and steer a render farm from a terminal or a script.

    flamenco job list --status active,failed           flamenco job submit job.yaml --wait
    flamenco job show JOB_ID                           flamenco job wait JOB_ID
    flamenco task log TASK_ID                          flamenco worker sleep render-07 --now
    flamenco job delete --before 30d --dry-run         flamenco farm status

Every command talks to the Manager through the client generated from the API spec
(:mod:`flamenco.api_client`); see docs/cli.md for each command with an example.
"""

from __future__ import annotations

import argparse
import os
import sys

import httpx

from flamenco import __version__
from flamenco.cli import controls, job_types, jobs, lifecycle, setup, tags, tasks, workers
from flamenco.cli.api import DEFAULT_MANAGER, CliApi, ClientError
from flamenco.cli.output import Output
from flamenco.manager_api import ManagerError, ManagerUnreachable

JSON_HELP = "print the API's JSON instead of tables, for scripts"
EPILOG = """\
The Manager is --manager URL (before or after the command), else $FLAMENCO_MANAGER, else
http://localhost:8080. --json prints the API's JSON instead of tables, for scripts.

exit status:
  0  done (a followed job completed)
  1  a followed job failed or was canceled (job wait, job submit --wait)
  2  usage error, the Manager refused the request (unknown ID, bad setting), or no Manager answered
  130 interrupted (Ctrl-C)
"""


def build_parser() -> argparse.ArgumentParser:
    # The same two options at every level, so `flamenco --json job list` and
    # `flamenco job list --json` both work. Below the top they default to "not given", so a value
    # given before the command is not overwritten by the subcommand's default.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--manager", metavar="URL", default=argparse.SUPPRESS, help="the Manager (default: $FLAMENCO_MANAGER)"
    )
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help=JSON_HELP)

    parser = argparse.ArgumentParser(
        prog="flamenco",
        description=__doc__.split("\n\n")[0],
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--manager",
        metavar="URL",
        default=os.environ.get("FLAMENCO_MANAGER") or DEFAULT_MANAGER,
        help="the Manager to talk to (default: $FLAMENCO_MANAGER, else %(default)s)"
        if "FLAMENCO_MANAGER" not in os.environ
        else "the Manager to talk to (default: $FLAMENCO_MANAGER, now %(default)s)",
    )
    parser.add_argument("--json", action="store_true", default=False, help=JSON_HELP)
    parser.add_argument("--version", action="version", version=f"flamenco {__version__}")
    nouns = parser.add_subparsers(dest="noun", required=True, metavar="COMMAND")
    jobs.add_parser(nouns, common)
    tasks.add_parser(nouns, common)
    workers.add_parser(nouns, common)
    job_types.add_parser(nouns, common)
    setup.add_parser(nouns, common)
    lifecycle.add_farm_parser(nouns, common)
    tags.add_parser(nouns, common)
    controls.add_parser(nouns, common)
    return parser


def main(argv: list[str] | None = None, *, transport: httpx.BaseTransport | None = None) -> int:
    """Run one command; ``transport`` replaces the HTTP transport (tests pass a spec-checking one)."""
    args = build_parser().parse_args(argv)
    ui = Output(as_json=args.json)
    try:
        api = CliApi(args.manager, transport)
        return args.run(api, ui, args)
    except ManagerUnreachable as exc:
        ui.say(f"flamenco: cannot reach the Manager at {args.manager}: {exc}", stderr=True, style="red")
        ui.say("  (give --manager URL or set $FLAMENCO_MANAGER)", stderr=True)
        return 2
    except (ClientError, ManagerError) as exc:
        ui.say(f"flamenco: {exc}", stderr=True, style="red")
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
