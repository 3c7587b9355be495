"""Variables such as ``{blender}`` in task commands, expanded per worker platform at assignment.

Config shape (Flamenco's): ``variables: {name: {values: [{platform|platforms, audience, value}]}}``.
Audience ``workers`` or ``all`` applies to workers; a value for the worker's own platform wins over
one for ``all``. The implicit variable ``jobs`` is where job files live.
"""

from __future__ import annotations

import re
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
