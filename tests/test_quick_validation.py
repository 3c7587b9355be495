"""The quick body check never says yes where Connexion's Draft 4 validator says no, on the specs'
own task-update schema and on schemas with every keyword it handles."""

from __future__ import annotations

from typing import Any

from connexion.json_schema import Draft4RequestValidator
from connexion.spec import Specification
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft4Validator

from flamenco.quick_validation import quick_check
from flamenco.specs import load_seed_spec, load_v3_spec

BOUNDED = {
    "type": "object",
    "required": ["name"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 3},
        "count": {"type": "integer", "minimum": 0, "maximum": 10},
        "ratio": {"type": "number", "minimum": -1.5},
        "on": {"type": "boolean"},
        "kind": {"type": "string", "enum": ["a", "b"]},
    },
}


def _task_update_schemas() -> list[dict[str, Any]]:
    found = []
    for spec in (load_seed_spec(), load_v3_spec()):
        for item in Specification.from_dict(spec).spec["paths"].values():
            operation = item.get("post") or {}
            if operation.get("operationId") == "taskUpdate":
                found.append(operation["requestBody"]["content"]["application/json"]["schema"])
    return found


SCHEMAS = [*_task_update_schemas(), BOUNDED]
KEYS = sorted({"unknown", *(name for schema in SCHEMAS for name in schema["properties"])})
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.integers(min_value=-2, max_value=12),
    st.floats(allow_nan=False),
    st.sampled_from([0.0, 1.0, 10.0, -1.5, -1.6]),
    st.text(max_size=5),
    st.sampled_from(["a", "b", "completed", "failed", "Completed", "paused"]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
)
BODIES = st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=5)


def test_the_specs_task_updates_get_a_quick_check():
    assert len(SCHEMAS) == 3
    assert all(quick_check(schema) is not None for schema in SCHEMAS)


@settings(max_examples=1500, deadline=None)
@given(body=BODIES)
def test_a_quick_yes_is_always_jsonschemas_yes(body: dict[str, Any]) -> None:
    for schema in SCHEMAS:
        quick = quick_check(schema)
        assert quick is not None
        if quick(body):
            validator = Draft4RequestValidator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)
            assert validator.is_valid(body), (schema.get("required"), body)


def test_common_bodies_get_the_quick_yes():
    """What workers send: the quick path must actually carry them, or it saves nothing."""
    quick = quick_check(_task_update_schemas()[0])
    assert quick is not None
    for body in (
        {"taskStatus": "completed"},
        {"activity": "rendering frame 3", "log": "line\n"},
        {"taskStatus": "active", "steps_completed": 2},
        {},
    ):
        assert quick(body), body
    for body in ({"taskStatus": "done"}, {"steps_completed": True}, {"steps_completed": 1.0}, {"log": None}):
        assert not quick(body), body


def test_schemas_beyond_it_get_no_quick_check():
    for schema in (
        {"type": "object", "properties": {"x": {"type": "string", "format": "uuid"}}},
        {"type": "object", "properties": {"x": {"type": "string", "nullable": True}}},
        {"type": "object", "properties": {"x": {"$ref": "#/components/schemas/X"}}},
        {"type": "object", "properties": {"x": {"type": "array"}}},
        {"type": "object", "properties": {"x": {"type": "integer", "exclusiveMinimum": True}}},
        {"type": "object", "additionalProperties": {"type": "string"}},
        {"type": "object", "minProperties": 1},
        {"type": "array"},
    ):
        assert quick_check(schema) is None, schema
