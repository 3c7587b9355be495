"""Schemathesis over every operation of both specs (`/api` and `/api/v3`), in-process, with
response validation on.

What this finds that hand-written tests don't: inputs nobody thought of (odd UUIDs, huge
integers, unicode in path segments, missing bodies, wrong content types, undeclared methods) and
the answers to them — a 500, an error that is not the spec's ``Error`` shape, an undocumented
status code, a valid request refused or an invalid one accepted, a wrong ``Allow`` header. The
stateful test chains operations through the links schemathesis infers (submit a job → fetch it →
its tasks → set their status …), reaching states random single calls never do.

Worker operations need HTTP basic auth, so one worker is registered up front and its credentials
are sent on every call (operations without security ignore the header).

It runs once on SQLite and once on PostgreSQL (when reachable): several bugs only show on one.

Every default check runs on every operation, except where this file says otherwise:
``INTENDED`` and :func:`refused_on_purpose` cover behaviour the project does on purpose;
``KNOWN_BUGS`` leaves out, as narrowly as possible, bugs in src/ that are already known. Each of
those has a strict-xfail reproduction in test_known_bugs.py, which fails (XPASS) once the bug is fixed, so the
exclusion here is removed rather than forgotten.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, assume, settings
from hypothesis.errors import FlakyStrategyDefinition
from schemathesis import Case
from schemathesis.checks import CheckFunction
from schemathesis.checks import positive_data_acceptance as POSITIVE_DATA
from schemathesis.checks import use_after_free as USE_AFTER_FREE
from schemathesis.core.transport import Response
from starlette.testclient import TestClient

from flamenco.app import build_services, create_app
from flamenco.config import load_config
from flamenco.handlers import worker_calls
from flamenco.services import Services, install
from flamenco.store import db as store_db

pytestmark = pytest.mark.fuzz

SPEC_PATH = Path(__file__).resolve().parents[2] / "spec" / "flamenco-openapi.yaml"
V3_SPEC_PATH = SPEC_PATH.with_name("flamenco-openapi-v3.yaml")

FUZZ_SETTINGS = settings(
    # FUZZ_MAX_EXAMPLES=200 for a deeper hunt (~6 min); the default takes ~1 min for both databases.
    max_examples=int(os.environ.get("FUZZ_MAX_EXAMPLES", "30")),
    deadline=None,
    # The Manager runs its real migrations and writes a real SQLite file: slower than Hypothesis likes.
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
)
LONG_POLL_CAP = 0.5  # seconds; see fuzz_target
# No example database: a sequence saved from one run meets another database state in the next
# (see test_stateful_sequences_conform), so replaying it only reproduces Hypothesis' complaint.
STATEFUL_SETTINGS = settings(
    FUZZ_SETTINGS,
    max_examples=int(os.environ.get("FUZZ_MAX_EXAMPLES", "40")),
    stateful_step_count=8,
    database=None,
)

# positive_data_acceptance sends schema-valid data and expects it accepted. These operations
# refuse some schema-valid data with 400 on purpose, for rules the JSON schema cannot express:
INTENDED: dict[str, list[CheckFunction]] = {
    # The spec itself documents 422 "not valid for the current status" for these two; the check
    # only counts 2xx/3xx/401/403/404/409/429 as acceptance.
    "POST /api/jobs/{job_id}/setstatus": [POSITIVE_DATA],
    "POST /api/tasks/{task_id}/setstatus": [POSITIVE_DATA],
    # Settings are checked against the job type's declaration (`required`, types, choices, min/max),
    # and the job type must exist: docs/job-types.md "What the Manager checks"; the spec's
    # AvailableJobSetting.required says such jobs are rejected. JobSettings itself is a free-form object.
    "POST /api/jobs": [POSITIVE_DATA],
    # TaskUpdate.taskStatus is any TaskStatus, but a worker may only report active/completed/failed;
    # Flamenco answers 400 to e.g. `soft-failed` too (shared/reference/flamenco-behaviour.md §4.3).
    "POST /api/worker/task/{task_id}": [POSITIVE_DATA],
    # order_by names must be orderable columns (store/jobs.py ORDERABLE; the 400 lists them), so a
    # typo is reported instead of silently ignored. Deliberate, but documented nowhere yet.
    "POST /api/jobs/query": [POSITIVE_DATA],
    # Shaman checksums must be SHA-256 hex and checkout paths safe relative paths (docs/shaman.md:
    # "400 for unsafe paths: empty, absolute, …"); the spec types them as plain strings.
    "POST /shaman/checkout/requirements": [POSITIVE_DATA],
    "POST /shaman/checkout/create": [POSITIVE_DATA],
    # Also the documented 417 when the body does not match the URL's size/checksum (docs/shaman.md).
    "POST /shaman/files/{checksum}/{filesize}": [POSITIVE_DATA],
    "GET /shaman/files/{checksum}/{filesize}": [POSITIVE_DATA],
    # The same rules on Flamenco 3.8's door, plus: a submission may start only queued or paused
    # and its `type_etag` must match the job type's (412, docs/spec-changes.md "v3"); a worker that
    # cannot restart is refused a `restart` request (412).
    "POST /api/v3/jobs/{job_id}/setstatus": [POSITIVE_DATA],
    "POST /api/v3/tasks/{task_id}/setstatus": [POSITIVE_DATA],
    "POST /api/v3/jobs": [POSITIVE_DATA],
    "POST /api/v3/worker/task/{task_id}": [POSITIVE_DATA],
    "POST /api/v3/worker-mgt/workers/{worker_id}/setstatus": [POSITIVE_DATA],
    "POST /api/v3/shaman/checkout/requirements": [POSITIVE_DATA],
    "POST /api/v3/shaman/checkout/create": [POSITIVE_DATA],
    "POST /api/v3/shaman/files/{checksum}/{filesize}": [POSITIVE_DATA],
    "GET /api/v3/shaman/files/{checksum}/{filesize}": [POSITIVE_DATA],
    # submitJobCheck refuses what submitJob refuses; the configuration file must be a valid
    # configuration (unknown keys, bad values: 400; fixed or confined paths: 403), and the setup
    # assistant needs a usable storage directory and Blender (docs/spec-changes.md "v3").
    "POST /api/v3/jobs/check": [POSITIVE_DATA],
    "PUT /api/v3/configuration/file": [POSITIVE_DATA],
    "POST /api/v3/configuration/setup-assistant": [POSITIVE_DATA],
    # The spec leaves these bodies optional; without one there is nothing to check (400, as
    # Flamenco's Manager answers too).
    "POST /api/v3/configuration/check/shared-storage": [POSITIVE_DATA],
    "POST /api/v3/configuration/check/blender": [POSITIVE_DATA],
    # Sleep schedule times must be HH:MM and days two-letter names; the schema says `format: HH:MM`,
    # which no JSON schema validator checks (docs/spec-changes.md, sleep schedules).
    "POST /api/v3/worker-mgt/workers/{worker_id}/sleep-schedule": [POSITIVE_DATA],
    # `last_updated_max` is optional in the schema "to make room for other criteria", but it is the
    # only one: without it, or when no job matches (the documented 416), nothing can be deleted.
    "DELETE /api/v3/jobs/mass-delete": [POSITIVE_DATA],
    # Worker tags and blocklists (docs/spec-changes.md "Failure handling and worker tags"): a tag
    # needs a name of 1-64 characters; a job's new tag is given by id or by name, not both, and an
    # unknown one is the spec's 422; removing blocklist entries needs at least one entry.
    "POST /api/v3/worker-mgt/tags": [POSITIVE_DATA],
    "PUT /api/v3/worker-mgt/tag/{tag_id}": [POSITIVE_DATA],
    "POST /api/v3/jobs/{job_id}/settag": [POSITIVE_DATA],
    "DELETE /api/v3/jobs/{job_id}/blocklist": [POSITIVE_DATA],
    # Pipeline jobs: Afanasy's documents are checked beyond their schema (a user, blocks, frame
    # ranges, dependency cycles), so most generated documents are refused (docs/afanasy.md).
    "POST /api/v3/afanasy": [POSITIVE_DATA],
    "POST /api/v3/pipeline/jobs": [POSITIVE_DATA],
    # Pipeline controls (docs/afanasy.md): masks must be valid regular expressions and times
    # RFC 3339, epoch seconds or "+15m"-style offsets; the schema types them as plain strings.
    "POST /api/v3/jobs/{job_id}/life": [POSITIVE_DATA],
    # Limits, masks and tickets (docs/afanasy.md): masks must be valid regular expressions and
    # ticket names letters, digits, '_', '.', '-'; max_hosts is for farm tickets only.
    "POST /api/v3/jobs/{job_id}/controls": [POSITIVE_DATA],
    "POST /api/v3/jobs/{job_id}/blocks/{block_name}/controls": [POSITIVE_DATA],
    "PUT /api/v3/pipeline/tickets/{name}": [POSITIVE_DATA],
}
# Checks tripped by known bugs in src/ (IDs as in test_known_bugs.py).
KNOWN_BUGS: dict[str, list[CheckFunction]] = {}


def excluded_checks(label: str) -> list[CheckFunction]:
    return [*INTENDED.get(label, []), *KNOWN_BUGS.get(label, []), *_deleted_jobs_readable(label)]


def _deleted_jobs_readable(label: str) -> list[CheckFunction]:
    """Deleting a job on /api/v3 asks for its deletion, as in Flamenco 3.8: the job and what hangs
    off it are still served, the job with `delete_requested_at`, until the elected job deleter has
    removed them in the background. "Deleted resource still available" is that documented behaviour
    (docs/spec-changes.md)."""
    return [USE_AFTER_FREE] if label.startswith("GET /api/v3/jobs/{job_id}") else []


def refused_on_purpose(case: Case) -> str | None:
    """Why the Manager refuses this schema-valid request on purpose, if it does.

    Text with U+0000 is refused with a 400 everywhere (docs/spec-changes.md: no database stores
    it); tests/api/test_known_bugs.py checks that refusal. Sending such cases here would only
    trip the positive-data check on a documented rule.
    """
    body = case.body if isinstance(case.body, dict | list | str) else None
    if any("\x00" in text for text in _strings_in(body)):
        return "U+0000 in JSON text"
    return None


def _strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings_in(key)
            yield from _strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings_in(item)


@dataclass
class FuzzTarget:
    backend: str
    app: Any
    services: Services
    database: Any
    headers: dict[str, str]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def fuzz_target(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FuzzTarget]:
    """A Manager on a fresh database, with one registered, awake worker and a queued job.

    The job gives scheduleTask and the task operations real data to work on; without it every
    worker call would end in 204 or 404 and exercise little.
    """
    tmp: Path = tmp_path_factory.mktemp("fuzz")
    if request.param == "sqlite":
        database = str(tmp / "flamenco-manager.sqlite")
    else:
        database = request.getfixturevalue("postgres_url")  # skips when PostgreSQL is unreachable
        _empty_postgres(database)
    config = load_config(
        environ={},
        overrides={
            "database": database,
            "shared_storage_path": tmp / "shared",
            "local_manager_storage_path": tmp / "manager-storage",
            "validate_responses": True,
        },
    )
    # The configuration and setup operations write the config file and check directories: keep
    # whatever the fuzzer makes them do inside the test's directory.
    config.source_file = tmp / "flamenco-manager.yaml"
    config.allowed_paths = [tmp]
    services = build_services(config)
    app = create_app(config, services=services)
    with TestClient(app) as client:
        secret = "fuzz-secret"
        registered = client.post(
            "/api/worker/register-worker",
            json={
                "secret": secret,
                "platform": "linux",
                "supported_task_types": ["misc"],
                "nickname": "fuzzer",
            },
        )
        assert registered.status_code == 200, registered.text
        worker_uuid = registered.json()["uuid"]
        token = base64.b64encode(f"{worker_uuid}:{secret}".encode()).decode()
        headers = {"Authorization": f"Basic {token}"}
        signed_on = client.post(
            "/api/worker/sign-on",
            headers=headers,
            json={"nickname": "fuzzer", "supported_task_types": ["misc"], "software_version": "3.0"},
        )
        assert signed_on.status_code == 200, signed_on.text
        assert (
            client.post("/api/worker/state-changed", headers=headers, json={"status": "awake"}).status_code
            == 204
        )
        job = client.post(
            "/api/jobs",
            json={"name": "fuzz", "type": "echo-sleep-test", "priority": 50, "settings": {"message": "hi"}},
        )
        assert job.status_code == 200, job.text
    with pytest.MonkeyPatch.context() as patch:
        # scheduleTask honours `Prefer: wait=N` (long polling, up to 60 s) and the fuzzer sends it;
        # holding each such request that long would make the run take hours and trip the client's
        # 10 s timeout. Half a second still exercises the waiting path.
        patch.setattr(worker_calls, "MAX_WAIT", LONG_POLL_CAP)
        yield FuzzTarget(request.param, app, services, store_db.database.obj, headers)
    store_db.database.close()


def _empty_postgres(url: str) -> None:
    """The session's scratch database may hold other tests' tables; start from nothing."""
    db = store_db.open_database(url)
    db.execute_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    db.close()


@pytest.fixture(autouse=True)
def _this_manager(fuzz_target: FuzzTarget) -> None:
    """Point the process-wide database proxy and services at this module's Manager.

    Other test modules rebind both for their own databases; without this, fuzzing after them
    would hit a closed or foreign database.
    """
    store_db.bind(fuzz_target.database)
    install(fuzz_target.services)


# Loaded from the contract file, not from the app's /openapi.json, so that collecting this module
# builds no Manager (and binds no database) when fuzz tests are deselected; the app is attached
# at run time instead. test_served_spec_is_the_contract shows both documents say the same.
# (`schemathesis.pytest.from_fixture` would avoid this, but it breaks on pytest 9: it sets
# `request.node._nodeid`, which pytest 9 nodes no longer have.)
schema = schemathesis.openapi.from_path(SPEC_PATH)
schema_v3 = schemathesis.openapi.from_path(V3_SPEC_PATH)


@pytest.mark.parametrize(("served_at", "spec_path", "prefix"), [
    ("/openapi.json", SPEC_PATH, ""),
    ("/api/v3/openapi.json", V3_SPEC_PATH, "/api/v3"),
])  # fmt: skip
def test_served_spec_is_the_contract(
    fuzz_target: FuzzTarget, served_at: str, spec_path: Path, prefix: str
) -> None:
    with TestClient(fuzz_target.app) as client:
        served = client.get(served_at)
    assert served.status_code == 200
    contract = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    # Connexion serves the spec with every $ref inlined; compare the meaning, not the spelling.
    # The v3 spec is served under its mount, so its paths lose the prefix.
    served_paths = {
        prefix + path: item for path, item in _inline_refs(served.json(), served.json())["paths"].items()
    }
    assert served_paths == _inline_refs(contract, contract)["paths"]


def _inline_refs(node: Any, root: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        inlined = {key: _inline_refs(value, root) for key, value in node.items() if key != "$ref"}
        if "$ref" in node:
            target: Any = root
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            # Connexion keeps siblings of a $ref (a `description`), so keep them here too.
            return {**_inline_refs(target, root), **inlined}
        return inlined
    if isinstance(node, list):
        return [_inline_refs(item, root) for item in node]
    return node


@schema.parametrize()
@FUZZ_SETTINGS
def test_every_operation_conforms(case: Case, fuzz_target: FuzzTarget) -> None:
    # The schema was loaded without an app; the request and the probes that checks send of their
    # own (ignored_auth, unsupported_method, …) find it on the operation and on the schema.
    case.operation.app = case.operation.schema.app = fuzz_target.app
    assume(refused_on_purpose(case) is None)
    case.call_and_validate(headers=fuzz_target.headers, excluded_checks=excluded_checks(case.operation.label))


@schema_v3.parametrize()
@FUZZ_SETTINGS
def test_every_v3_operation_conforms(case: Case, fuzz_target: FuzzTarget) -> None:
    case.operation.app = case.operation.schema.app = fuzz_target.app
    assume(refused_on_purpose(case) is None)
    case.call_and_validate(headers=fuzz_target.headers, excluded_checks=excluded_checks(case.operation.label))


@pytest.mark.parametrize("door", [schema, schema_v3], ids=["seed", "v3"])
def test_stateful_sequences_conform(fuzz_target: FuzzTarget, door: Any) -> None:
    door.app = fuzz_target.app
    call_kwargs = {"headers": fuzz_target.headers}

    class Workflow(door.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Case) -> dict[str, Any]:
            return call_kwargs

        def before_call(self, case: Case) -> None:
            assume(refused_on_purpose(case) is None)

        def teardown(self) -> None:
            # Tag names are unique: a tag one sequence made would be refused (409) when Hypothesis
            # replays that sequence, and a replay must meet the same answers. Jobs may repeat.
            with store_db.write_transaction():
                store_db.database.execute_sql("DELETE FROM worker_tag")

        def validate_response(
            self, response: Response, case: Case, additional_checks: Any = None, **kwargs: Any
        ) -> None:
            case.validate_response(
                response,
                excluded_checks=excluded_checks(case.operation.label),
                headers=kwargs.get("headers"),
                transport_kwargs=kwargs or None,
                recorder=getattr(self, "recorder", None),
            )

    # The sequences run against one database that keeps what earlier sequences made, so the same
    # draws can meet different answers (a job list one longer, a task since timed out). Hypothesis
    # calls that FlakyStrategyDefinition ("data generation depending on external state"): a fact
    # about this harness, not about the API. Seen in about 1 run in 6 before this retry, and three
    # times in a row once on a loaded machine after the pipeline operations joined the sequences;
    # a run that meets it starts over, a real failure is reported at once.
    attempts = 6
    for attempt in range(attempts):
        try:
            Workflow.run(settings=STATEFUL_SETTINGS)
            return
        except FlakyStrategyDefinition:
            if attempt == attempts - 1:
                raise
