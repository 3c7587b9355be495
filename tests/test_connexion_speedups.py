"""The Connexion patches (`flamenco.connexion_speedups`) still match the Connexion they patch.

Each patch reproduces a piece of Connexion 3.3.0 from a cache. If Connexion changes (an upgrade,
a vendored fix), these hashes change and this test fails: re-read the new code, adapt or drop the
patch, then record the new hashes. The suites of both doors check the behaviour through the patches.
"""

from __future__ import annotations

import hashlib
import inspect
from importlib.metadata import version

import pytest

from flamenco import connexion_speedups

# sha256 (first 16 hex digits) of each replaced piece's source in Connexion 3.3.0.
SOURCE_HASHES = {
    "utils.inspect_function_arguments": "1359001a695ff9f6",
    "security.AbstractSecurityHandler._accepts_kwarg": "f04f41d0fb5eea37",
    "decorators.parameter.pythonic": "70c5c689dec99744",
    "decorators.parameter.sanitized": "8ee876388896618b",
    "decorators.parameter.AsyncParameterDecorator.__call__": "c3223e31eb92742e",
    "apps.asynchronous.AsyncOperation.fn": "9cad70e32840c9ec",
    "decorators.main.ASGIDecorator.__call__": "7397ac94437e4d7e",
    "decorators.main.BaseDecorator.decorate": "ecc6529a18274fda",
    "decorators.main.BaseDecorator.uri_parser": "140072be21d36da0",
    "frameworks.starlette.Starlette.get_request": "0e2625a06664e504",
    "middleware.request_validation.RequestValidationOperation.__call__": "af472716211911b9",
    "validators.json.JSONRequestBodyValidator._validator": "3b8e1028fc2da830",
    "validators.parameter.ParameterValidator.validate_parameter": "2d9293659a1c1ea5",
}


def test_connexion_is_the_patched_version():
    assert version("connexion") == "3.3.0"


@pytest.mark.parametrize("name", sorted(SOURCE_HASHES))
def test_patched_code_is_unchanged(name):
    source = inspect.getsource(connexion_speedups.REPLACED[name])
    assert hashlib.sha256(source.encode()).hexdigest()[:16] == SOURCE_HASHES[name], (
        f"Connexion's {name} changed: re-check flamenco/connexion_speedups.py against it"
    )


def test_every_patch_is_guarded():
    assert set(connexion_speedups.REPLACED) == set(SOURCE_HASHES)


def test_signatures_are_read_once_and_answer_as_connexion_does():
    def handler(task_id, body, token_info=None, **extra): ...

    connexion_speedups.install()
    first = connexion_speedups.inspect_function_arguments(handler)
    first[0].append("mutated by a caller")  # callers get their own list
    assert connexion_speedups.inspect_function_arguments(handler) == (
        ["task_id", "body", "token_info"],
        True,
    )
    assert connexion_speedups.inspect_function_arguments(handler) == connexion_speedups._ORIGINAL_INSPECT(
        handler
    )


def test_parameter_validation_answers_as_before(client):
    """A bad path parameter is refused with Connexion's message, from the cached validator."""
    for _ in range(2):  # the first request builds the cache, the second uses it
        response = client.get("/api/jobs/not-a-uuid")
        assert response.status_code == 400
        assert "is not a 'uuid'" in response.json()["message"]


def test_body_validation_answers_as_before(client):
    for _ in range(2):
        response = client.post("/api/jobs", json={"name": "x"})
        assert response.status_code == 400
        assert "required property" in response.json()["message"]
