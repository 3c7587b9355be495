"""Variables such as ``{blender}`` in task commands, expanded per worker platform at assignment.

Config shape (Flamenco's): ``variables: {name: {values: [{platform|platforms, audience, value}]}}``.
Audience ``workers`` or ``all`` applies to workers; a value for the worker's own platform wins over
one for ``all``. The implicit variable ``jobs`` is where job files live. A variable with
``is_twoway: true`` names a path prefix that differs per platform (`/mnt/render`, `R:\\`): its
value for one platform is re-rooted onto its value for another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def values_for(variables: dict[str, Any], platform: str, audience: str = "workers") -> dict[str, str]:
    """The value of each variable for one platform and audience."""
    platform = platform.lower()
    resolved: dict[str, tuple[int, str]] = {}
    for name, spec in variables.items():
        for entry in (spec or {}).get("values", []):
            if entry.get("audience", "all") not in ("all", "", audience):
                continue
            platforms = entry.get("platforms") or [entry.get("platform", "all")]
            for candidate in platforms:
                candidate = str(candidate).lower()
                rank = 2 if candidate == platform else 1 if candidate in ("all", "") else 0
                if rank and rank >= resolved.get(name, (0, ""))[0]:
                    resolved[name] = (rank, str(entry.get("value", "")))
    return {name: value for name, (_rank, value) in resolved.items()}


def expand(value: Any, values: dict[str, str]) -> Any:
    """Replace ``{name}`` in strings, recursively through lists and dicts; unknown names stay."""
    if isinstance(value, str):
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), value)
    if isinstance(value, list):
        return [expand(item, values) for item in value]
    if isinstance(value, dict):
        return {key: expand(item, values) for key, item in value.items()}
    return value


# Flamenco's audiences: a value for `all` (or no audience) is for both.
AUDIENCES = ("workers", "users")


@dataclass(frozen=True)
class Resolved:
    """One variable's value for an audience and platform (3.8's `ManagerVariable`)."""

    value: str
    is_twoway: bool


def resolve(variables: dict[str, Any], audience: str, platform: str, *, jobs: str) -> dict[str, Resolved]:
    """Every variable's value for ``audience`` on ``platform``, as Flamenco 3.8's `getVariables`.

    A value for the platform wins over one for `all`. Two-way values lose a trailing separator
    (`/mnt/render/` must turn `/mnt/render/shot` into `{render}/shot`, not `{render}shot`).
    ``jobs`` is the implicit one-way variable `jobs`, where jobs' files live; a configured variable
    of that name is ignored, as Flamenco does.
    """
    configured = {name: spec for name, spec in variables.items() if name != "jobs" and isinstance(spec, dict)}
    values = values_for(configured, platform, audience)
    resolved = {
        name: Resolved(
            _trim_separator(value) if is_twoway(configured[name]) else value, is_twoway(configured[name])
        )
        for name, value in values.items()
    }
    resolved["jobs"] = Resolved(jobs, False)
    return resolved


def is_twoway(spec: dict[str, Any]) -> bool:
    return spec.get("is_twoway") is True


def expand_path(
    path: str, variables: dict[str, Any], audience: str, platform: str, *, manager_platform: str, jobs: str
) -> str:
    """``path`` (as the Manager sees it) as ``audience`` on ``platform`` sees it: Flamenco's
    variable expansion, used for the shared storage location.

    One-way ``{name}`` placeholders are replaced; a path starting with a two-way variable's value
    for the Manager's platform is re-rooted onto that variable's value for ``platform``, matched
    case-insensitively (a Windows value also with forward slashes). When a two-way variable was
    involved, the separators become the target platform's.
    """
    target = resolve(variables, audience, platform, jobs=jobs)
    own = resolve(variables, audience, manager_platform, jobs=jobs)
    expanded = expand(path, {name: v.value for name, v in target.items() if not v.is_twoway})
    is_path = False
    for name, variable in target.items():
        if variable.is_twoway and f"{{{name}}}" in expanded:
            expanded = expanded.replace(f"{{{name}}}", variable.value)
            is_path = True
    for name, variable in own.items():
        wanted = target.get(name)
        if not variable.is_twoway or wanted is None or not variable.value:
            continue
        prefix = _matching_prefix(expanded, variable.value)
        if prefix is None:
            continue
        expanded = wanted.value + expanded[prefix:]
        if platform.lower() == "windows":
            expanded = re.sub(r"^([A-Za-z]:)(?![\\/])", r"\1\\", expanded)  # `F:` + `some\path`
        is_path = True
    if is_path:
        expanded = (
            expanded.replace("/", "\\") if platform.lower() == "windows" else expanded.replace("\\", "/")
        )
    return expanded


def _matching_prefix(value: str, prefix: str) -> int | None:
    """The length of ``prefix`` when ``value`` starts with it (ignoring case and, for Windows
    values, the kind of slash), else None."""
    folded, wanted = value.lower(), prefix.lower()
    if folded.startswith(wanted):
        return len(prefix)
    if folded.replace("\\", "/").startswith(wanted.replace("\\", "/")):
        return len(prefix)
    return None


def _trim_separator(value: str) -> str:
    trimmed = value.rstrip("/\\")
    return trimmed if trimmed or not value else value[:1]  # a root stays a root
