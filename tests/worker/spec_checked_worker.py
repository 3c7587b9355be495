"""`flamenco-worker`, but with every HTTP exchange checked against the spec (lifecycle tests run this).

It is the real console entry point (:func:`flamenco.worker.cli.main`) with one difference: the
HTTP transport under the generated client is a :class:`SpecCheckedTransport`. Off-spec exchanges
are appended to the file named by ``WORKER_SPEC_VIOLATIONS`` (then raised, as usual), and the list
of checked calls is written as JSON to ``WORKER_SPEC_CALLS`` when the worker exits, so the test
can assert on both.

Run as ``python -m tests.worker.spec_checked_worker [flamenco-worker arguments]`` with the
repository root on ``PYTHONPATH``.
"""

from __future__ import annotations

import json
import os
import sys

import httpx

from flamenco.worker.cli import main
from tests.api.spec_client import SpecCheckedTransport, SpecViolation


class RecordingSpecTransport(SpecCheckedTransport):
    def handle_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return super().handle_request(request)
        except SpecViolation as exc:
            with open(os.environ["WORKER_SPEC_VIOLATIONS"], "a", encoding="utf-8") as out:
                out.write(f"{exc}\n----\n")
            raise


def run() -> int:
    transport = RecordingSpecTransport()
    try:
        return main(sys.argv[1:], transport=transport)
    finally:
        calls = [{"method": c.method, "path": c.path, "status": c.status} for c in list(transport.calls)]
        with open(os.environ["WORKER_SPEC_CALLS"], "w", encoding="utf-8") as out:
            json.dump(calls, out)


if __name__ == "__main__":
    sys.exit(run())
