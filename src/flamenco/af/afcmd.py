"""``afcmd``: Afanasy's command-line tool, the parts that work with this Manager.

    afcmd [v] json [send|force_send] [FILE|-]

``json FILE`` checks JSON syntax (FILE or standard input) and prints where it breaks;
``v json FILE`` also prints the parsed structure and, for a job, its blocks and tasks;
``json send FILE`` checks the document against Afanasy's job model and sends it to the Manager;
``json force_send FILE`` sends it even when the check fails; ``numcmd`` shows how frame numbers
fill a command. Exit status: 0 fine, 1 bad input,
2 the Manager could not take it.
"""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from flamenco.af import document, expand, transport
from flamenco.af.flags import fill_numbers

USAGE = """usage: afcmd [v] json [send|force_send] [FILE|-]
       afcmd numcmd SERVICE FIRST LAST COMMAND

  json FILE             check JSON syntax; on an error print its line and column
  v json FILE           the same, and print the parsed document (and a job's tasks)
  json send FILE        check the document against Afanasy's job model, then send it
  json force_send FILE  send it even if the check fails
  numcmd SERVICE FIRST LAST COMMAND
                        print COMMAND with its @#@ frame tokens filled (FIRST, then LAST)
Without FILE (or with -) the document is read from standard input.
The Manager is $FLAMENCO_MANAGER, else Afanasy's server address ($CGRU_AF_SERVERNAME/PORT,
$AF_SERVERNAME/PORT, or CGRU's config files), else http://localhost:8080."""


def outline(value: Any, depth: int = 0, out: TextIO | None = None) -> None:
    """Print a parsed document as an indented outline (keys starting with "-" are comments)."""
    out = out or sys.stdout
    indent = "   "
    if isinstance(value, dict):
        out.write("{")
        for key, item in value.items():
            if not key or key.startswith("-"):
                continue
            out.write("\n" + indent * depth + f"{key}:")
            outline(item, depth + 1, out)
        out.write("}")
    elif isinstance(value, list):
        out.write("[")
        for index, item in enumerate(value):
            if index:
                out.write(",")
            outline(item, depth, out)
        out.write("]")
    elif value is None:
        out.write("\n" + indent * depth + "null")
    elif isinstance(value, bool):
        out.write("'True'" if value else "'False'")
    else:
        out.write(f"'{value}'")


def print_job(job: dict[str, Any], out: TextIO | None = None) -> None:
    """A job's blocks and their tasks (the first and last three of each block)."""
    out = out or sys.stdout
    out.write(
        f"Job {job.get('name', 'noname')!r} of {job.get('user_name', '?')}@{job.get('host_name', '?')}\n"
    )
    for index, block in enumerate(job.get("blocks", [])):
        tasks = [(task.name, task.command) for task in expand.block_tasks(block)]
        kind = "numeric" if expand.is_numeric(block) else "tasks"
        out.write(
            f"  block {index} {block.get('name', '')!r} service {block.get('service', 'generic')!r}"
            f" ({kind}, {len(tasks)} task{'s' if len(tasks) != 1 else ''})\n"
        )
        shown = tasks if len(tasks) <= 6 else [*tasks[:3], None, *tasks[-3:]]
        for task in shown:
            out.write("    ...\n" if task is None else f"    {task[0]}: {task[1]}\n")


def _read(path: str | None) -> tuple[str, str]:
    if path is None or path == "-":
        return "<stdin>", sys.stdin.read()
    with open(path, encoding="utf-8") as handle:
        return path, handle.read()


def json_command(args: list[str], verbose: bool) -> int:
    send = force = False
    if args and args[0] in ("send", "force_send"):
        send, force = True, args[0] == "force_send"
        args = args[1:]
    if len(args) > 1:
        print(USAGE, file=sys.stderr)
        return 1
    try:
        name, text = _read(args[0] if args else None)
    except OSError as err:
        print(f"afcmd: cannot read {args[0]}: {err.strerror}", file=sys.stderr)
        return 1
    try:
        parsed = document.parse(text)
    except document.SyntaxProblem as problem:
        print(f"afcmd: {name}: JSON syntax error: {problem}", file=sys.stderr)
        if problem.context:
            print(problem.context, file=sys.stderr)
        return 1
    if verbose:
        outline(parsed)
        print()
    report = document.check(parsed)
    for warning in report.warnings:
        print(f"afcmd: {name}: warning: {warning}", file=sys.stderr)
    for error in report.errors:
        print(f"afcmd: {name}: error: {error}", file=sys.stderr)
    if report.ok and verbose and isinstance(parsed, dict) and isinstance(parsed.get("job"), dict):
        print_job(parsed["job"])
    if not send:
        if report.ok:
            kind = next(k for k in document.REQUEST_KINDS if k in parsed)
            print(f"{name}: valid JSON; a well-formed {kind} document")
            return 0
        print(f"{name}: valid JSON, but not a document the Manager takes", file=sys.stderr)
        return 1
    if not report.ok and not force:
        print(f"afcmd: {name}: not sent (use force_send to send it anyway)", file=sys.stderr)
        return 1
    try:
        ok, answer = transport.send_document(parsed, verbose)
    except transport.ServerSideMissing as missing:
        print(f"afcmd: {missing}", file=sys.stderr)
        return 2
    if not ok:
        return 2
    print(json.dumps(answer, indent=4))
    if isinstance(answer, dict) and ("error" in answer or answer.get("info", {}).get("kind") == "error"):
        return 2
    return 0


def numcmd_command(args: list[str]) -> int:
    """Show how a numeric block fills a command for a task of frames FIRST..LAST.

    The service is accepted for compatibility; the services this Manager knows do not rewrite
    commands (Afanasy's may, e.g. for variable capacity).
    """
    if len(args) != 4:
        print("usage: afcmd numcmd SERVICE FIRST LAST COMMAND", file=sys.stderr)
        return 1
    _service, first, last, command = args
    try:
        print(f'"{fill_numbers(command, int(first), int(last))}"')
    except ValueError:
        print(f"afcmd: numcmd: frames must be integers, not {first!r} and {last!r}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    verbose = False
    if args and args[0] == "v":
        verbose, args = True, args[1:]
    if not args or args[0] in ("h", "-h", "--help", "help"):
        print(USAGE)
        return 0 if args else 1
    if args[0] == "json":
        return json_command(args[1:], verbose)
    if args[0] == "numcmd":
        return numcmd_command(args[1:])
    print(
        f"afcmd: {args[0]!r} is not available with this Manager yet; only json and numcmd are.\n\n{USAGE}",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
