"""The job types this Manager offers, and compiling submitted jobs with them.

Where job types come from
-------------------------
* Built-in: one module per type in the package ``flamenco.jobtypes.builtin``.
* The admin's own: ``*.py`` files in ``extra_dir`` (files starting with ``_`` or ``.`` are ignored).
  They are executed from their path, not imported as package members. A file with the same type name
  as a built-in replaces the built-in.

The type name is the file stem with ``_`` replaced by ``-`` (``echo_sleep_test.py`` →
``echo-sleep-test``).

``extra_dir`` is re-scanned on every call, but only with ``stat``: a file is re-executed only when its
mtime, size or inode changes, so admins can edit job types without restarting the Manager. A file that
fails to load (syntax error, exception, missing or invalid ``JOB_TYPE``, no ``compile_job``) is logged as
a warning on logger ``flamenco.jobtypes`` once per version and skipped; if it overrides a built-in, the
built-in stays available. A broken admin file never takes the Manager down.

Module contract
---------------
A job type module defines two names::

    JOB_TYPE = {
        "label": "Human readable name",
        "settings": [  # AvailableJobSetting dicts, as in the OpenAPI spec
            {"key": "message", "type": "string", "required": True},
        ],
        # "description": "...",  optional; sent on /api/v3
        # "views": {"seed": [...], "v3": [...]},  optional: what each API door shows clients, when
        #     that should differ from "settings" (which is what the Manager accepts on every door)
    }

    def compile_job(job) -> None: ...

``job`` (a :class:`~flamenco.jobtypes.authoring.CompilingJob`) has ``name``, ``priority``, ``created``
(datetime), ``settings`` (dict: validated against the declaration with defaults applied; unknown keys
kept; the compiler may change it and the result is stored with the job), ``metadata`` (dict) and
``add_task(task)``. Tasks are :class:`AuthoredTask` objects holding :class:`AuthoredCommand` objects.

``compile_job`` reports a problem by raising :class:`JobCompileError` (or :class:`JobSettingsError`
naming a setting); any other exception is turned into ``JobCompileError`` with its message. Either way
the submitter gets a 400 and no job is created. A compile that adds no tasks is an error too.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from flamenco.errors import BadRequest
from flamenco.jobtypes.authoring import CompiledJob, CompilingJob, TaskSink
from flamenco.jobtypes.errors import JobCompileError, JobTypeDefinitionError, UnknownJobType
from flamenco.jobtypes.loader import JobType, builtin_modules, load_builtin, load_file
from flamenco.jobtypes.settings import apply_settings

log = logging.getLogger("flamenco.jobtypes")

_Signature = tuple[int, int, int]


@dataclass(frozen=True)
class _LoadedFile:
    signature: _Signature  # (mtime_ns, size, inode): changes whenever the file is edited or replaced
    job_type: JobType | None  # None: broken; kept so the warning is logged once per version


@dataclass
class JobCompilation:
    """A submitted job whose type is known and whose settings are valid, ready to compile."""

    job_type: JobType
    job: CompilingJob

    @property
    def settings(self) -> dict[str, Any]:
        """The job's settings: as validated, and once compiled, as the job type left them."""
        return self.job.settings

    def run(self, sink: TaskSink | None = None) -> int:
        """Run the job type's ``compile_job``; with a sink, storing the tasks as they come.

        Returns the number of tasks. Raises :class:`JobCompileError` (or the :class:`BadRequest`
        the job type raised) for the submitter; a failure of the sink itself propagates unchanged.
        """
        job = self.job
        job._sink = sink
        try:
            self.job_type.compile_job(job)
        except BadRequest:
            raise
        except (Exception, SystemExit) as exc:
            if job.failure is not None:  # storing a batch failed (maybe swallowed, maybe not)
                raise job.failure from None
            log.warning(
                "job type %r (%s) failed to compile job %r",
                self.job_type.name,
                self.job_type.origin,
                job.name,
                exc_info=True,
            )
            raise JobCompileError(str(exc) or type(exc).__name__) from exc
        if job.task_count == 0:
            raise JobCompileError(f"job type {self.job_type.name!r} produced no tasks for this job")
        job.finish()
        return job.task_count


class JobTypeRegistry:
    """Built-in job types plus an admin's own from ``extra_dir``; see the module docstring.

    Safe to use from several threads: re-scanning is serialised, compiling is not.
    """

    def __init__(self, extra_dir: Path | None = None) -> None:
        self._extra_dir = Path(extra_dir) if extra_dir is not None else None
        self._lock = threading.Lock()
        self._builtin: dict[str, JobType] = {}
        for module_name in builtin_modules():
            try:
                job_type = load_builtin(module_name)
            except (Exception, SystemExit):
                log.warning("skipping built-in job type module %r", module_name, exc_info=True)
                continue
            self._builtin[job_type.name] = job_type
        self._files: dict[str, _LoadedFile] = {}  # by file name within extra_dir
        self._types: dict[str, JobType] = dict(self._builtin)
        if self._extra_dir is not None and not self._extra_dir.is_dir():
            log.warning("job types directory %s does not exist (yet); using built-in types", self._extra_dir)

    def names(self) -> list[str]:
        """Names of all job types, sorted."""
        return sorted(self._current())

    def available(self, door: str = "v3") -> list[dict[str, Any]]:
        """All job types as the door's AvailableJobType dicts, sorted by name."""
        types = self._current()
        return [types[name].available(door) for name in sorted(types)]

    def get(self, name: str, door: str = "v3") -> dict[str, Any] | None:
        """One job type as the door's AvailableJobType dict, or None if there is no such type."""
        job_type = self._current().get(name)
        return job_type.available(door) if job_type is not None else None

    def compile(self, submitted: dict[str, Any], created: datetime) -> CompiledJob:
        """Validate and compile a SubmittedJob dict, all in memory (for tests and tools).

        Raises :class:`UnknownJobType`, :class:`JobSettingsError` or :class:`JobCompileError`, all
        400-class errors whose message is meant for the submitter.
        """
        compilation = self.prepare(submitted, created)
        compilation.run()
        return compilation.job.compiled()

    def prepare(self, submitted: dict[str, Any], created: datetime) -> JobCompilation:
        """Find the job type and validate the settings, before anything is stored.

        Raises :class:`UnknownJobType` or :class:`JobSettingsError`.
        """
        type_name = submitted.get("type")
        job_type = self._current().get(type_name) if isinstance(type_name, str) else None
        if job_type is None:
            raise UnknownJobType(type_name, self.names())

        metadata = submitted.get("metadata")
        job = CompilingJob(
            name=submitted.get("name", ""),
            priority=submitted.get("priority", 50),
            created=created,
            settings=apply_settings(job_type.settings, submitted.get("settings"), job_type.name),
            metadata=dict(metadata) if isinstance(metadata, dict) else {},
        )
        return JobCompilation(job_type, job)

    def _current(self) -> dict[str, JobType]:
        """The job types as of now, after picking up changes in ``extra_dir``."""
        if self._extra_dir is None:
            return self._types
        with self._lock:
            if self._rescan():
                self._types = self._merge()
            return self._types

    def _rescan(self) -> bool:
        """Stat the admin's files, (re)load changed ones; return whether anything changed."""
        assert self._extra_dir is not None
        found: dict[str, tuple[Path, _Signature]] = {}
        try:
            with os.scandir(self._extra_dir) as entries:
                for entry in entries:
                    if not entry.name.endswith(".py") or entry.name.startswith(("_", ".")):
                        continue
                    try:
                        if not entry.is_file():
                            continue
                        stat = entry.stat()
                    except OSError:  # vanished between listing and stat
                        continue
                    found[entry.name] = (Path(entry.path), (stat.st_mtime_ns, stat.st_size, stat.st_ino))
        except OSError:
            pass  # missing directory: no admin job types, which the constructor already warned about

        changed = False
        for file_name in set(self._files) - set(found):
            log.info("job type file %s was removed", self._extra_dir / file_name)
            del self._files[file_name]
            changed = True
        for file_name, (path, signature) in found.items():
            known = self._files.get(file_name)
            if known is not None and known.signature == signature:
                continue
            self._files[file_name] = _LoadedFile(signature, self._load(path))
            changed = True
        return changed

    def _load(self, path: Path) -> JobType | None:
        try:
            job_type = load_file(path)
        except JobTypeDefinitionError as exc:
            log.warning("skipping job type file %s: %s", path, exc)
            return None
        except (Exception, SystemExit) as exc:  # an admin's sys.exit() must not stop the Manager either
            log.warning("skipping job type file %s: %s: %s", path, type(exc).__name__, exc, exc_info=True)
            return None
        log.info("loaded job type %r from %s", job_type.name, path)
        return job_type

    def _merge(self) -> dict[str, JobType]:
        types = dict(self._builtin)
        claimed: dict[str, str] = {}
        for file_name in sorted(self._files):
            job_type = self._files[file_name].job_type
            if job_type is None:
                continue
            if job_type.name in claimed:
                log.warning(
                    "job type files %s and %s both define %r; using %s",
                    claimed[job_type.name],
                    file_name,
                    job_type.name,
                    claimed[job_type.name],
                )
                continue
            claimed[job_type.name] = file_name
            if job_type.name in self._builtin:
                log.info("job type %r from %s replaces the built-in one", job_type.name, job_type.origin)
            types[job_type.name] = job_type
        return types
