r"""Path helpers for paths as the *farm* sees them, not as this Manager's OS would.

Job settings hold paths for the Workers, which may run another OS than the Manager. ``os.path`` would
therefore be wrong, and ``posixpath`` alone mangles Windows paths, so these functions accept both ``/``
and ``\`` as separators and keep whichever style the input uses when joining.
"""

from __future__ import annotations

import re
from datetime import datetime

_SEPARATORS = "/\\"
_DRIVE = re.compile(r"[A-Za-z]:")


def _last_separator(path: str) -> int:
    return max(path.rfind("/"), path.rfind("\\"))


def basename(path: str) -> str:
    r"""Last component: ``basename("C:\render\shot\####")`` is ``"####"``."""
    return path[_last_separator(path) + 1 :]


def dirname(path: str) -> str:
    r"""Everything before the last component, without trailing separators (roots stay roots).

    ``"/render/x/####"`` → ``"/render/x"``, ``"/####"`` → ``"/"``, ``"C:\####"`` → ``"C:\"``,
    ``"####"`` → ``""``.
    """
    index = _last_separator(path)
    if index < 0:
        return ""
    head = path[: index + 1]
    stripped = head.rstrip(_SEPARATORS)
    if not stripped:
        return head[0]
    if _DRIVE.fullmatch(stripped):
        return stripped + head[len(stripped)]
    return stripped


def stem(path: str) -> str:
    """Last component without its final extension: ``"/x/scene.v2.blend"`` → ``"scene.v2"``."""
    name = basename(path)
    dot = name.rfind(".")
    return name[:dot] if dot > 0 else name


def is_root(path: str) -> bool:
    r"""True for ``""``, ``"/"``, ``"\"`` and drive roots like ``"C:"`` or ``"C:\"``.

    Used to refuse outputs that would put intermediate directories next to the root of a drive.
    """
    stripped = path.rstrip(_SEPARATORS)
    return not stripped or bool(_DRIVE.fullmatch(stripped))


def separator_of(path: str) -> str:
    r"""``\`` for paths written only with backslashes, ``/`` otherwise (Workers accept ``/`` everywhere)."""
    return "\\" if "\\" in path and "/" not in path else "/"


def join(first: str, *rest: str) -> str:
    """Join components with the separator style of ``first``, without doubling separators."""
    separator = separator_of(first)
    result = first
    for part in rest:
        if not result:
            result = part
        elif result[-1] in _SEPARATORS:
            result += part.lstrip(_SEPARATORS)
        else:
            result += separator + part.lstrip(_SEPARATORS)
    return result


def format_timestamp(moment: datetime) -> str:
    """``YYYY-MM-DD_HHMMSS`` in the Manager's local time, for directory names people read.

    Timezone-aware datetimes (as stored) are converted to local time first; naive ones are taken as
    already local. Matches the timestamp format Flamenco uses for the same purpose.
    """
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d_%H%M%S")
