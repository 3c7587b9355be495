"""Counters shared by the Manager's server processes (prometheus_client's multiprocess mode).

gunicorn forks ``--workers N`` processes, each with its own app and its own counters. In
multiprocess mode every process writes its counters to memory-mapped files in one directory and
a scrape, whichever process answers it, sums the files of all of them. `flamenco-manager` names
that directory before gunicorn forks; prometheus_client reads ``PROMETHEUS_MULTIPROC_DIR`` once,
when it is first imported, so it must be set before anything imports it.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ENV = "PROMETHEUS_MULTIPROC_DIR"


def prepare(directory: Path) -> None:
    """Empty ``directory`` and make it this process tree's counter directory.

    Emptied because files left by an earlier run would be summed into this run's counters.
    """
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    os.environ[ENV] = str(directory)
    if "prometheus_client" in sys.modules:
        _check_mode()


def directory() -> Path | None:
    """The counter directory this process shares with its siblings, or None (single process)."""
    value = os.environ.get(ENV)
    if not value:
        return None
    _check_mode()
    return Path(value)


def _check_mode() -> None:
    from prometheus_client import values

    if values.ValueClass is values.MutexValue:
        raise RuntimeError(f"prometheus_client was imported before {ENV} was set; counters would be lost")
