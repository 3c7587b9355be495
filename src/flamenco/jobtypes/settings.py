"""Job settings: checking a job type's declaration, and checking submitted values against it.

Flamenco itself leaves submitted settings unchecked and lets the compiler script trip over bad
values. Here they are validated before compiling, so clients get one clear 400 naming every bad key,
and compilers can rely on types and defaults. Keys a job type does not declare are refused with the
list of those it does: a misspelt ``chunksize`` would otherwise be stored and silently ignored.
Flamenco's Blender add-on sends exactly the settings of the job type the Manager describes, and the
built-in types also declare every key of Flamenco's own versions of them (which an add-on that
cached those descriptions sends).

Beyond the spec's ``type``, ``required`` and ``choices``, the ``min``/``max`` entries of ``propargs``
(which the add-on passes to ``bpy.props``) are enforced for numeric settings, since the add-on only
enforces them in its UI.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Mapping
from typing import Any

from flamenco.jobtypes.errors import JobSettingsError, JobTypeDefinitionError

SETTING_TYPES = ("string", "int32", "float", "bool")
SETTING_SUBTYPES = ("file_path", "dir_path", "file_name", "hashed_file_path")
VISIBILITIES = ("visible", "hidden", "submission", "web")

_INT32_MIN = -(2**31)
_INT32_MAX = 2**31 - 1

# The fields the specs' AvailableJobSetting define; available() must show no others. `label` and
# `evalInfo` are Flamenco 3.8's (the seed door's view leaves them out).
_SETTING_FIELDS = (
    "key",
    "type",
    "subtype",
    "choices",
    "propargs",
    "description",
    "label",
    "default",
    "eval",
    "evalInfo",
    "visible",
    "required",
    "editable",
)

_TYPE_NAMES = {
    "string": "a string",
    "int32": "a 32-bit integer",
    "float": "a number",
    "bool": "true or false",
}


def check_declaration(settings: object) -> list[dict[str, Any]]:
    """Check a job type's ``settings`` declaration and return a private deep copy of it.

    Unknown fields are refused rather than dropped: a typo such as ``requried`` would otherwise
    silently turn off a check the admin asked for.
    """
    if not isinstance(settings, list | tuple):
        raise JobTypeDefinitionError(f"settings must be a list of dicts, not {type(settings).__name__}")
    seen: set[str] = set()
    for index, setting in enumerate(settings):
        where = f"setting #{index + 1}"
        if not isinstance(setting, Mapping):
            raise JobTypeDefinitionError(f"{where} must be a dict, not {type(setting).__name__}")
        key = setting.get("key")
        if not isinstance(key, str) or not key:
            raise JobTypeDefinitionError(f"{where} needs a non-empty string 'key'")
        where = f"setting {key!r}"
        if key in seen:
            raise JobTypeDefinitionError(f"{where} is declared twice")
        seen.add(key)
        unknown = sorted(str(name) for name in setting if name not in _SETTING_FIELDS)
        if unknown:
            allowed = list(_SETTING_FIELDS)
            raise JobTypeDefinitionError(f"{where} has unknown fields {unknown}; allowed: {allowed}")
        _check_setting_fields(where, setting)
        try:
            json.dumps(dict(setting), allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise JobTypeDefinitionError(f"{where} is not JSON-compatible: {exc}") from exc
    return [copy.deepcopy(dict(setting)) for setting in settings]


def _check_setting_fields(where: str, setting: Mapping[str, Any]) -> None:
    setting_type = setting.get("type")
    if setting_type not in SETTING_TYPES:
        allowed = list(SETTING_TYPES)
        raise JobTypeDefinitionError(f"{where}: type must be one of {allowed}, not {setting_type!r}")
    if "subtype" in setting:
        if setting["subtype"] not in SETTING_SUBTYPES:
            raise JobTypeDefinitionError(f"{where}: subtype must be one of {list(SETTING_SUBTYPES)}")
        if setting_type != "string":
            raise JobTypeDefinitionError(f"{where}: subtype is only for string settings")
    if "choices" in setting:
        choices = setting["choices"]
        if setting_type != "string":
            raise JobTypeDefinitionError(f"{where}: choices are only for string settings")
        if (
            not isinstance(choices, list | tuple)
            or not choices
            or any(not isinstance(c, str) for c in choices)
        ):
            raise JobTypeDefinitionError(f"{where}: choices must be a non-empty list of strings")
    if "propargs" in setting:
        _check_propargs(where, setting_type, setting["propargs"])
    for name in ("description", "eval", "label"):
        if name in setting and not isinstance(setting[name], str):
            raise JobTypeDefinitionError(f"{where}: {name} must be a string")
    if "evalInfo" in setting:
        info = setting["evalInfo"]
        if (
            not isinstance(info, Mapping)
            or set(info) != {"showLinkButton", "description"}
            or not isinstance(info["showLinkButton"], bool)
            or not isinstance(info["description"], str)
        ):
            raise JobTypeDefinitionError(
                f"{where}: evalInfo must be a dict of showLinkButton (True/False) and description (a string)"
            )
    if "visible" in setting and setting["visible"] not in VISIBILITIES:
        raise JobTypeDefinitionError(f"{where}: visible must be one of {list(VISIBILITIES)}")
    for name in ("required", "editable"):
        if name in setting and not isinstance(setting[name], bool):
            raise JobTypeDefinitionError(f"{where}: {name} must be True or False")
    if "default" in setting:
        if setting["default"] is None:
            raise JobTypeDefinitionError(f"{where}: leave out 'default' instead of setting it to None")
        problem = value_problem(setting, setting["default"])
        if problem:
            raise JobTypeDefinitionError(f"{where}: default {problem}")


def _check_propargs(where: str, setting_type: str, propargs: object) -> None:
    if not isinstance(propargs, Mapping) or not all(isinstance(name, str) for name in propargs):
        raise JobTypeDefinitionError(f"{where}: propargs must be a dict with string keys")
    if setting_type not in ("int32", "float"):
        return
    for bound in ("min", "max"):
        if bound in propargs and not _is_number(propargs[bound]):
            raise JobTypeDefinitionError(f"{where}: propargs[{bound!r}] must be a number")
    if "min" in propargs and "max" in propargs and propargs["min"] > propargs["max"]:
        raise JobTypeDefinitionError(f"{where}: propargs min is larger than max")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def value_problem(setting: Mapping[str, Any], value: object) -> str | None:
    """What is wrong with ``value`` for the declared ``setting``, or None if it is fine.

    The text completes "setting 'key' ...", e.g. "must be a 32-bit integer, not a string ('3')".
    """
    setting_type = setting["type"]
    if setting_type == "string":
        valid = isinstance(value, str)
    elif setting_type == "int32":
        valid = isinstance(value, int) and not isinstance(value, bool)
        if valid and not _INT32_MIN <= value <= _INT32_MAX:
            return f"must fit in a 32-bit integer, {value} does not"
    elif setting_type == "float":
        valid = _is_number(value)
    else:
        valid = isinstance(value, bool)
    if not valid:
        return f"must be {_TYPE_NAMES[setting_type]}, not {_describe(value)}"

    choices = setting.get("choices")
    if choices is not None and value not in choices:
        return f"must be one of {list(choices)}, not {value!r}"

    propargs = setting.get("propargs") or {}
    if setting_type in ("int32", "float"):
        minimum, maximum = propargs.get("min"), propargs.get("max")
        if minimum is not None and value < minimum:
            return f"must be at least {minimum}, not {value}"
        if maximum is not None and value > maximum:
            return f"must be at most {maximum}, not {value}"
    return None


def _coerce(setting: Mapping[str, Any], value: object) -> object:
    """An integral float (``1.0``) for an ``int32`` setting becomes an int.

    Clients generated from the spec (Flamenco's add-on among them) send the untyped values of
    `JobSettings` as floats; `1.5` stays a float and is refused by :func:`value_problem`.
    """
    if setting["type"] == "int32" and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _describe(value: object) -> str:
    """Name the JSON type of a value, since that is what the client sent."""
    if value is None:
        kind = "null"
    elif isinstance(value, bool):
        kind = "a boolean"
    elif isinstance(value, int):
        kind = "an integer"
    elif isinstance(value, float):
        kind = "a number"
    elif isinstance(value, str):
        kind = "a string"
    elif isinstance(value, list | tuple):
        kind = "an array"
    elif isinstance(value, Mapping):
        kind = "an object"
    else:
        kind = type(value).__name__
    shown = repr(value)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"{kind} ({shown})"


def apply_settings(declared: list[dict[str, Any]], submitted: object, job_type: str = "") -> dict[str, Any]:
    """Validate ``submitted`` against ``declared``; return a new dict with defaults applied.

    ``job_type`` names the type in the message about keys it does not declare.

    A missing key and an explicit ``null`` are treated alike: the default is used if there is one,
    otherwise the key is left out (or reported, for required settings). A required string that is
    empty or only whitespace counts as missing. Raises :class:`JobSettingsError` listing every problem.
    """
    if submitted is None:
        submitted = {}
    if not isinstance(submitted, Mapping):
        raise JobSettingsError({"settings": f"must be an object, not {_describe(submitted)}"})
    result = copy.deepcopy(dict(submitted))
    problems: dict[str, str] = {}
    for setting in declared:
        key = setting["key"]
        if result.get(key) is None:
            result.pop(key, None)
            if "default" in setting:
                result[key] = copy.deepcopy(setting["default"])
        if key not in result:
            if setting.get("required"):
                problems[key] = "is required"
            continue
        value = result[key] = _coerce(setting, result[key])
        if setting.get("required") and isinstance(value, str) and not value.strip():
            problems[key] = "is required and may not be empty"
            continue
        problem = value_problem(setting, value)
        if problem:
            problems[key] = problem
    known = [setting["key"] for setting in declared]
    for key in sorted(result.keys() - set(known)):
        owner = f"job type {job_type!r}" if job_type else "this job type"
        problems[key] = f"is not a setting of {owner}; its settings are: {', '.join(known) or 'none'}"
    if problems:
        raise JobSettingsError(problems)
    return result


def check_view(door: str, view: object, settings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Check what one API door advertises for a job type (``JOB_TYPE["views"][door]``).

    A view is what clients of that door are shown, so that each gets the declaration its own
    version of Flamenco had (the add-on fills settings by key). What the Manager accepts and
    enforces stays ``settings``: every key a view shows must be one of them, of the same type, and
    where both give a default it must be the same one; otherwise a client filling in the view
    would be refused or would get a different value than it showed its user.
    """
    try:
        checked = check_declaration(view)
    except JobTypeDefinitionError as exc:
        raise JobTypeDefinitionError(f"view {door!r}: {exc}") from exc
    accepted = {setting["key"]: setting for setting in settings}
    for setting in checked:
        key = setting["key"]
        own = accepted.get(key)
        if own is None:
            raise JobTypeDefinitionError(
                f"view {door!r} shows setting {key!r}, which settings do not declare"
            )
        if own["type"] != setting["type"]:
            raise JobTypeDefinitionError(
                f"view {door!r}: setting {key!r} is a {setting['type']} there and a {own['type']} in settings"
            )
        if "default" in own and "default" in setting and own["default"] != setting["default"]:
            raise JobTypeDefinitionError(
                f"view {door!r}: setting {key!r} defaults to {setting['default']!r} there"
                f" and to {own['default']!r} in settings"
            )
    return checked
