"""`flamenco-worker`, but with every HTTP exchange checked against the spec (lifecycle tests run this).

It is the real console entry point (:func:`flamenco.worker.cli.main`) with one difference: the
HTTP session is a :class:`SpecCheckedSession`. Off-spec exchanges are appended to the file named
by ``WORKER_SPEC_VIOLATIONS`` (then raised, as usual), and the list of checked calls is written
as JSON to ``WORKER_SPEC_CALLS`` when the worker exits, so the test can assert on both.

Run as ``python -m tests.worker.spec_checked_worker [flamenco-worker arguments]`` with the
repository root on ``PYTHONPATH``.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import requests

from flamenco.worker.cli import main
from tests.api.spec_client import SpecCheckedSession, SpecViolation


class RecordingSpecSession(SpecCheckedSession):
    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        try:
            return super().request(method, url, *args, **kwargs)
        except SpecViolation as exc:
            with open(os.environ["WORKER_SPEC_VIOLATIONS"], "a", encoding="utf-8") as out:
                out.write(f"{exc}\n----\n")
            raise


def run() -> int:
    session = RecordingSpecSession("")  # the worker always sends absolute URLs
    try:
        return main(sys.argv[1:], session=session)
    finally:
        calls = [{"method": c.method, "path": c.path, "status": c.status} for c in list(session.calls)]
        with open(os.environ["WORKER_SPEC_CALLS"], "w", encoding="utf-8") as out:
            json.dump(calls, out)


if __name__ == "__main__":
    sys.exit(run())
