"""A quick yes for request bodies that are flat objects of plain values, before jsonschema's answer.

Why: the workers' task updates (`flamenco.hot_path`) are small flat objects, and Connexion's
Draft 4 validator walks them through its keyword functions, type checker and nullable wrapper:
measured at ~10 % of the event loop's time with 1,000 long-polling workers (`bench/swarm.py`).

A checker is built only for schemas this module understands whole: ``type: object`` with
``properties`` of one JSON type each (string, integer, number, boolean), optionally ``enum``,
``minLength``/``maxLength``, ``minimum``/``maximum``, ``required`` and ``additionalProperties``.
Any other keyword anywhere means no checker. The checker only ever says yes where Draft 4 says
yes; it says no to whatever it is unsure of (``null``, ``1.0`` for an integer), and the caller then
asks jsonschema, whose answer stands. `tests/test_quick_validation.py` checks that on generated
bodies.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

BodyCheck = Callable[[dict[str, Any]], bool]
ValueCheck = Callable[[Any], bool]

# Keywords that describe without constraining.
_ANNOTATIONS = frozenset({"description", "title", "example", "default"})
_OBJECT_KEYWORDS = _ANNOTATIONS | {"type", "properties", "required", "additionalProperties"}
_VALUE_KEYWORDS = _ANNOTATIONS | {"type", "enum", "minLength", "maxLength", "minimum", "maximum"}

# Exact Python types per JSON type: a bool is no integer to JSON Schema, and Draft 4 counts 1.0 as
# a number but not as an integer.
_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
}


def quick_check(schema: dict[str, Any]) -> BodyCheck | None:
    """A check saying True only of bodies ``schema`` accepts; None when the schema is beyond it."""
    if set(schema) - _OBJECT_KEYWORDS or schema.get("type") != "object":
        return None
    additional = schema.get("additionalProperties", True)
    if not isinstance(additional, bool):
        return None
    checks: dict[str, ValueCheck] = {}
    for name, rule in schema.get("properties", {}).items():
        check = _value_check(rule)
        if check is None:
            return None
        checks[name] = check
    required = tuple(schema.get("required", ()))

    def passes(body: dict[str, Any]) -> bool:
        if any(name not in body for name in required):
            return False
        for name, value in body.items():
            check = checks.get(name)
            if check is None:
                if not additional:
                    return False
            elif not check(value):
                return False
        return True

    return passes


def _value_check(rule: Any) -> ValueCheck | None:
    if not isinstance(rule, dict) or set(rule) - _VALUE_KEYWORDS or rule.get("type") not in _TYPES:
        return None
    types = _TYPES[rule["type"]]
    allowed = frozenset(rule["enum"]) if "enum" in rule else None
    low, high = rule.get("minimum"), rule.get("maximum")
    shortest, longest = rule.get("minLength", 0), rule.get("maxLength")
    if rule["type"] != "string" and ("minLength" in rule or "maxLength" in rule):
        return None  # length keywords ignore non-strings in Draft 4: not worth mirroring
    if rule["type"] not in ("integer", "number") and (low is not None or high is not None):
        return None

    def check(value: Any) -> bool:
        if type(value) not in types:
            return False
        if allowed is not None and value not in allowed:
            return False
        if low is not None and value < low:
            return False
        if high is not None and value > high:
            return False
        if types != (str,):
            return True
        return shortest <= len(value) and (longest is None or len(value) <= longest)

    return check
