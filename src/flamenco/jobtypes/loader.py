"""Turning Python modules into job types: import, check the module contract, wrap the result.

Kept apart from the registry so that "what makes a valid job type module" lives in one place and the
registry only deals with where modules come from and when to re-read them.
"""

from __future__ import annotations

import copy
import importlib
import importlib.machinery
import importlib.util
import pkgutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from flamenco.jobtypes.authoring import CompilingJob
from flamenco.jobtypes.errors import JobTypeDefinitionError
from flamenco.jobtypes.settings import check_declaration, check_view

BUILTIN_PACKAGE = "flamenco.jobtypes.builtin"

_JOB_TYPE_FIELDS = ("label", "settings", "description", "views")

# The API doors a job type is described through: the seed spec's `/api` and Flamenco 3.8's `/api/v3`.
DOORS = ("seed", "v3")
# Setting fields only Flamenco 3.8's spec has; the seed door's descriptions leave them out.
_V3_ONLY_SETTING_FIELDS = ("label", "evalInfo")


@dataclass(frozen=True)
class JobType:
    """A loaded, checked job type."""

    name: str
    label: str
    settings: list[dict[str, Any]]  # what the Manager accepts and enforces, whichever the door
    compile_job: Callable[[CompilingJob], None]
    origin: str  # where it came from, for log messages
    description: str = ""
    views: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # door → what it shows

    def available(self, door: str = "v3") -> dict[str, Any]:
        """The door's `AvailableJobType` (without 3.8's `etag`); a copy, so callers may modify it.

        A door shows its view when the job type has one, else ``settings``. The seed door's
        answer holds only what the seed spec knows (no type `description`, no setting `label` or
        `evalInfo`).
        """
        settings = copy.deepcopy(self.views.get(door, self.settings))
        result: dict[str, Any] = {"name": self.name, "label": self.label, "settings": settings}
        if door == "seed":
            for setting in settings:
                for name in _V3_ONLY_SETTING_FIELDS:
                    setting.pop(name, None)
        elif self.description:
            result["description"] = self.description
        return result


def job_type_name(file_stem: str) -> str:
    """``simple_blender_render`` → ``simple-blender-render``: Python-friendly files, URL-friendly names."""
    return file_stem.replace("_", "-")


def job_type_from_module(name: str, module: ModuleType, origin: str) -> JobType:
    """Check ``module`` against the module contract (see :mod:`flamenco.jobtypes.registry`)."""
    declaration = getattr(module, "JOB_TYPE", None)
    if not isinstance(declaration, dict):
        raise JobTypeDefinitionError(f"{origin}: needs a module-level JOB_TYPE dict")
    unknown = sorted(str(field) for field in declaration if field not in _JOB_TYPE_FIELDS)
    if unknown:
        raise JobTypeDefinitionError(f"{origin}: JOB_TYPE has unknown fields {unknown}")
    label = declaration.get("label")
    if not isinstance(label, str) or not label.strip():
        raise JobTypeDefinitionError(f"{origin}: JOB_TYPE needs a non-empty string 'label'")
    try:
        settings = check_declaration(declaration.get("settings", []))
    except JobTypeDefinitionError as exc:
        raise JobTypeDefinitionError(f"{origin}: JOB_TYPE {exc}") from exc
    description = declaration.get("description", "")
    if not isinstance(description, str):
        raise JobTypeDefinitionError(f"{origin}: JOB_TYPE description must be a string")
    views = _check_views(origin, declaration.get("views", {}), settings)
    compile_job = getattr(module, "compile_job", None)
    if not callable(compile_job):
        raise JobTypeDefinitionError(f"{origin}: needs a function compile_job(job)")
    return JobType(
        name=name,
        label=label,
        settings=settings,
        compile_job=compile_job,
        origin=origin,
        description=description,
        views=views,
    )


def _check_views(
    origin: str, views: object, settings: list[dict[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    if not isinstance(views, dict) or any(door not in DOORS for door in views):
        raise JobTypeDefinitionError(
            f"{origin}: JOB_TYPE views must be a dict whose keys are among {list(DOORS)}"
        )
    try:
        return {door: check_view(door, view, settings) for door, view in views.items()}
    except JobTypeDefinitionError as exc:
        raise JobTypeDefinitionError(f"{origin}: JOB_TYPE {exc}") from exc


def builtin_modules() -> list[str]:
    """Module names of the built-in job types, one per file in the ``builtin`` package."""
    package = importlib.import_module(BUILTIN_PACKAGE)
    return sorted(
        info.name for info in pkgutil.iter_modules(package.__path__) if not info.name.startswith("_")
    )


def load_builtin(module_name: str) -> JobType:
    """Import a built-in job type module by its name within the ``builtin`` package."""
    module = importlib.import_module(f"{BUILTIN_PACKAGE}.{module_name}")
    return job_type_from_module(job_type_name(module_name), module, f"built-in {module.__name__}")


class _FreshSourceLoader(importlib.machinery.SourceFileLoader):
    """Always compile from the source and never touch ``__pycache__``.

    Byte-code caches are validated by whole-second mtime and size, so two quick edits of the same size
    could load stale code; and an admin's directory should not get ``__pycache__`` litter.
    """

    def get_code(self, fullname: str) -> Any:
        return self.source_to_code(self.get_data(self.path), self.path)


def load_file(path: Path) -> JobType:
    """Execute the job type file at ``path`` as a fresh module and check it.

    The module is registered in ``sys.modules`` under a private name (replacing any earlier version)
    because dataclasses, pickling and tracebacks expect a module to be findable there; it is not
    importable as a package member.
    """
    module_name = f"_flamenco_jobtype_file_{path.stem}"
    loader = _FreshSourceLoader(module_name, str(path))
    spec = importlib.util.spec_from_file_location(module_name, path, loader=loader)
    if spec is None:  # pragma: no cover - only for paths importlib cannot handle at all
        raise JobTypeDefinitionError(f"{path}: cannot be loaded as a Python module")
    module = importlib.util.module_from_spec(spec)
    previous = sys.modules.get(module_name)
    sys.modules[module_name] = module
    try:
        loader.exec_module(module)
        return job_type_from_module(job_type_name(path.stem), module, str(path))
    except BaseException:
        if previous is None:
            sys.modules.pop(module_name, None)
        else:
            sys.modules[module_name] = previous
        raise
