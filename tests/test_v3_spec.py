"""`spec/flamenco-openapi-v3.yaml` is Flamenco 3.8.5's spec, only repaired, and grows towards all of it.

The file carries every component of the reference and the operations this Manager serves; each
later piece of work pastes its operations' path blocks in verbatim. So:
- each served operation is the reference's (path, method, id, parameters, request body), with at
  most the documented additions; its responses are the reference's plus documented error bodies;
- every component schema is the reference's, except the documented repairs;
- `NOT_YET_SERVED` says which reference operations are still missing and which piece of work of
  the plan brings each (docs/spec-changes.md); it shrinks to nothing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

ROOT = Path(__file__).resolve().parent.parent
OURS = ROOT / "spec" / "flamenco-openapi-v3.yaml"
REFERENCE = ROOT.parent / "shared" / "reference" / "flamenco-openapi-3.8.5.yaml"
METHODS = ("get", "put", "post", "delete", "patch")

# Operation → the piece of work (docs/spec-changes.md, "v3") that serves it.
NOT_YET_SERVED = {}
# Schemas whose reference text is repaired (docs/spec-changes.md), with what differs.
REPAIRED_SCHEMAS = {
    "RegisteredWorker": "required lists current_task, not a property",
    "JobTasksSummary": "required is [jobs], the property is tasks",
    "ManagerVariable": "required lists name, not a property",
    "EventLastRenderedUpdate": "required lists task_id, not a property",
    "AvailableJobSetting": "description, label and default have no type",
}

# Optional properties added to reference schemas (docs/spec-changes.md, v3 "Additions").
ADDED_PROPERTIES = {"WorkerSignOn": {"resources"}}

needs_reference = pytest.mark.skipif(not REFERENCE.exists(), reason=f"no reference spec at {REFERENCE}")


def _load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _operations(spec: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """The spec's operations, without the pipeline additions (tag `pipeline`, issue 9), which
    Flamenco 3.8.5 does not have."""
    return {
        item[method]["operationId"]: (path, method, item[method])
        for path, item in spec["paths"].items()
        for method in METHODS
        if method in item and "pipeline" not in item[method].get("tags", [])
    }


def _added_schemas() -> set[str]:
    """Component schemas whose line in the file is marked `# addition:`."""
    text = OURS.read_text(encoding="utf-8")
    return set(re.findall(r"^    (\w+):\s+# addition:", text, flags=re.MULTILINE))


def test_the_v3_spec_is_valid_openapi():
    spec, _ = read_from_filename(str(OURS))
    validate(spec)


@needs_reference
def test_served_and_pending_operations_make_up_the_reference():
    ours, reference = _operations(_load(OURS)), _operations(_load(REFERENCE))
    ours = {op: found for op, found in ours.items() if op in reference}  # additions: see below
    assert set(ours) | set(NOT_YET_SERVED) == set(reference)
    assert not set(ours) & set(NOT_YET_SERVED), "served operations must leave NOT_YET_SERVED"
    assert len(reference) == 57


@needs_reference
def test_each_served_operation_is_the_references():
    ours, reference = _operations(_load(OURS)), _operations(_load(REFERENCE))
    for operation_id, (path, method, operation) in ours.items():
        if operation_id not in reference:
            continue  # an addition (test_additions_are_documented)
        ref_path, ref_method, ref_operation = reference[operation_id]
        assert (path, method) == (ref_path, ref_method), operation_id
        assert operation.get("tags") == ref_operation.get("tags"), operation_id
        assert operation.get("security") == ref_operation.get("security"), operation_id
        assert operation.get("requestBody") == ref_operation.get("requestBody"), operation_id
        added = [p for p in operation.get("parameters", []) if p not in ref_operation.get("parameters", [])]
        assert [p["name"] for p in added] in ([], ["Prefer"]), operation_id  # the long-poll addition
        assert set(operation["responses"]) >= set(ref_operation["responses"]), operation_id
        for code, response in ref_operation["responses"].items():
            if "content" in response:
                assert operation["responses"][code]["content"] == response["content"], (operation_id, code)
        for code in set(operation["responses"]) - set(ref_operation["responses"]):
            assert code == "default", (operation_id, code)  # documented error responses only


@needs_reference
def test_components_are_the_references_except_the_repairs():
    ours, reference = _load(OURS)["components"], _load(REFERENCE)["components"]
    assert set(ours["schemas"]) - _added_schemas() == set(reference["schemas"])
    for name, schema in reference["schemas"].items():
        if name not in REPAIRED_SCHEMAS:
            mine = dict(ours["schemas"][name])
            if name in ADDED_PROPERTIES:
                mine["properties"] = {
                    k: v for k, v in mine["properties"].items() if k not in ADDED_PROPERTIES[name]
                }
                assert not set(mine.get("required", [])) & ADDED_PROPERTIES[name], name
            assert mine == schema, name
    assert ours["schemas"]["RegisteredWorker"]["required"] == [
        r for r in reference["schemas"]["RegisteredWorker"]["required"] if r != "current_task"
    ]
    assert ours["schemas"]["JobTasksSummary"]["required"] == ["tasks"]
    assert ours["schemas"]["ManagerVariable"]["required"] == ["is_twoway", "value"]
    assert ours["schemas"]["EventLastRenderedUpdate"]["required"] == ["job_id", "thumbnail"]
    setting, ref_setting = ours["schemas"]["AvailableJobSetting"], reference["schemas"]["AvailableJobSetting"]
    assert {
        k: v for k, v in setting["properties"].items() if k not in ("description", "label", "default")
    } == {k: v for k, v in ref_setting["properties"].items() if k not in ("description", "label", "default")}
    assert setting["properties"]["label"]["type"] == setting["properties"]["description"]["type"] == "string"
    worker_auth = dict(ours["securitySchemes"]["worker_auth"])
    assert worker_auth.pop("x-basicInfoFunc") == "flamenco.handlers.auth.basic_auth"
    assert worker_auth == reference["securitySchemes"]["worker_auth"]


def test_every_repair_and_addition_is_marked_and_documented():
    text = OURS.read_text(encoding="utf-8")
    marks = [line for line in text.splitlines() if re.search(r"(?<!`)# (repair|addition):", line)]
    assert marks, "repairs are marked in the file"
    assert all("docs/spec-changes.md" in line for line in marks)
    docs = (ROOT / "docs" / "spec-changes.md").read_text(encoding="utf-8")
    assert "## Flamenco 3.8's API (`/api/v3`)" in docs
    for name in REPAIRED_SCHEMAS:
        assert f"`{name}" in docs.split("## Flamenco 3.8's API (`/api/v3`)")[1], name


@needs_reference
def test_additions_are_documented():
    """Operations and schemas beyond Flamenco 3.8.5's are named in docs/spec-changes.md's v3 part."""
    spec, reference = _load(OURS), _load(REFERENCE)
    docs = (ROOT / "docs" / "spec-changes.md").read_text(encoding="utf-8").split("## Flamenco 3.8's API")[1]
    added_ops = set(_operations(spec)) - set(_operations(reference))
    added_schemas = set(spec["components"]["schemas"]) - set(reference["components"]["schemas"])
    for name in sorted(added_ops | added_schemas | set(ADDED_PROPERTIES)):
        assert f"`{name}" in docs, name
