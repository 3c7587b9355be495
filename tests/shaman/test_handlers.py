"""The Shaman HTTP operations, served by the real Manager app (SQLite), responses validated
against the spec: status codes, bodies and streaming as a client sees them."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from flamenco.app import build_services, create_app
from flamenco.services import Services
from flamenco.shaman import Shaman
from tests.conftest import make_config

from .helpers import checksum, spec

CONTENT = b"frame 1 of the big buck bunny\n" * 1000


def manager(tmp_path: Path, **overrides: Any) -> Services:
    return build_services(make_config(tmp_path, str(tmp_path / "flamenco-manager.sqlite"), **overrides))


@pytest.fixture
def services(tmp_path: Path) -> Services:
    return manager(tmp_path)


@pytest.fixture
def shaman(services: Services) -> Shaman:
    assert services.shaman is not None
    return services.shaman


@pytest.fixture
def client(services: Services) -> Iterator[Any]:
    with TestClient(create_app(services.config, services=services)) as test_client:
        yield test_client


def file_url(content: bytes, size: int | None = None) -> str:
    return f"/shaman/files/{checksum(content)}/{len(content) if size is None else size}"


def in_pieces(content: bytes, piece: int = 4096) -> Iterator[bytes]:
    """A body without Content-Length (chunked transfer encoding), as a streaming client sends it."""
    for i in range(0, len(content), piece):
        yield content[i : i + piece]


def test_upload_then_repeat(client: Any, shaman: Shaman) -> None:
    assert client.get(file_url(CONTENT)).json() == {"status": "unknown"}

    first = client.post(file_url(CONTENT), content=CONTENT)
    again = client.post(file_url(CONTENT), content=CONTENT)

    assert (first.status_code, first.content) == (204, b"")
    assert (again.status_code, again.content) == (208, b"")
    assert client.get(file_url(CONTENT)).json() == {"status": "stored"}
    assert shaman.file_store.blob_path(checksum(CONTENT), len(CONTENT)).read_bytes() == CONTENT


def test_streamed_upload_without_content_length(client: Any) -> None:
    response = client.post(
        file_url(CONTENT),
        content=in_pieces(CONTENT),
        headers={"X-Shaman-Original-Filename": "=?utf-8?q?f=C3=A9e.blend?="},
    )
    assert response.status_code == 204


def test_content_length_disagreeing_with_url_is_refused_unread(client: Any, shaman: Shaman) -> None:
    response = client.post(file_url(CONTENT, size=len(CONTENT) + 1), content=CONTENT)

    assert response.status_code == 417
    expected = f"Content-Length {len(CONTENT)} does not match the file size {len(CONTENT) + 1} in the URL"
    assert response.json() == {"code": 417, "message": expected}
    assert list(shaman.file_store.stored_root.iterdir()) == []


def test_empty_body_for_non_empty_file_is_a_mismatch(client: Any) -> None:
    with_length = client.post(file_url(CONTENT), content=b"")
    streamed = client.post(file_url(CONTENT), content=iter([]))

    assert with_length.status_code == 417
    assert streamed.status_code == 417
    assert streamed.json()["message"] == f"received 0 bytes, announced {len(CONTENT)}"


def test_mismatch_says_what_did_not_match(client: Any, shaman: Shaman) -> None:
    wrong = b"Y" + CONTENT[1:]
    cases = {
        "checksum": (wrong, "does not have SHA-256 checksum"),
        "short": (CONTENT[:-10], f"received {len(CONTENT) - 10} bytes, announced {len(CONTENT)}"),
        "long": (CONTENT + b"extra", f"received more than the announced {len(CONTENT)} bytes"),
    }
    for body, expected in cases.values():
        response = client.post(file_url(CONTENT), content=in_pieces(body))
        assert response.status_code == 417
        assert response.json()["code"] == 417
        assert expected in response.json()["message"]
    assert list(shaman.file_store.stored_root.iterdir()) == []


def test_defer_header_is_honoured(client: Any, shaman: Shaman) -> None:
    sha = checksum(CONTENT)
    temp = shaman.file_store.upload_dir(sha) / f"{len(CONTENT)}-otherproc.tmp"
    temp.parent.mkdir(parents=True)
    temp.write_bytes(b"partial")
    os.utime(temp, (time.time(), time.time()))

    deferred = client.post(file_url(CONTENT), content=CONTENT, headers={"X-Shaman-Can-Defer-Upload": "true"})
    not_deferred = client.post(
        file_url(CONTENT), content=CONTENT, headers={"X-Shaman-Can-Defer-Upload": "false"}
    )

    assert deferred.status_code == 425
    assert not_deferred.status_code == 204


def test_invalid_checksum_is_a_bad_request(client: Any) -> None:
    response = client.post("/shaman/files/not-a-checksum/3", content=b"abc")

    assert response.status_code == 400
    assert response.json()["code"] == 400


def test_requirements_and_checkout(client: Any, shaman: Shaman) -> None:
    stored, missing = b"already here", b"still to upload"
    client.post(file_url(stored), content=stored)
    files = [spec(stored, "scene.blend"), spec(missing, "tex/wood.png")]

    requirements = client.post("/shaman/checkout/requirements", json={"files": files})
    assert requirements.status_code == 200
    assert requirements.json() == {"files": [{**files[1], "status": "unknown"}]}

    too_early = client.post("/shaman/checkout/create", json={"files": files, "checkoutPath": "proj/job"})
    assert too_early.status_code == 424
    assert "tex/wood.png" in too_early.json()["message"]
    assert list(shaman.checkout_root.iterdir()) == []

    client.post(file_url(missing), content=missing)
    created = client.post("/shaman/checkout/create", json={"files": files, "checkoutPath": "proj//job"})
    assert created.status_code == 200
    assert created.json() == {"checkoutPath": "proj/job"}
    assert (shaman.checkout_root / "proj" / "job" / "tex" / "wood.png").read_bytes() == missing

    again = client.post("/shaman/checkout/create", json={"files": files, "checkoutPath": "proj/job"})
    assert again.status_code == 409
    assert again.json()["code"] == 409


def test_escaping_checkout_is_a_bad_request(client: Any) -> None:
    response = client.post(
        "/shaman/checkout/create", json={"files": [spec(b"x", "x")], "checkoutPath": "../outside"}
    )
    assert response.status_code == 400
    assert "'..'" in response.json()["message"]


def test_disabled_shaman_answers_503(tmp_path: Path) -> None:
    services = manager(tmp_path, shaman={"enabled": False})
    with TestClient(create_app(services.config, services=services)) as test_client:
        responses = [
            test_client.get(file_url(CONTENT)),
            test_client.post(file_url(CONTENT), content=CONTENT),
            test_client.post("/shaman/checkout/requirements", json={"files": []}),
            test_client.post("/shaman/checkout/create", json={"files": [], "checkoutPath": "x"}),
        ]

    for response in responses:
        assert response.status_code == 503
        assert response.json() == {"code": 503, "message": "Shaman is disabled on this Manager"}


def test_the_3_8_door_gives_a_taken_checkout_a_suffix_and_the_seed_door_refuses_it(client: Any) -> None:
    client.post(file_url(CONTENT), content=CONTENT)
    files = [spec(CONTENT, "scene.blend")]
    first = client.post("/api/v3/shaman/checkout/create", json={"files": files, "checkoutPath": "Shot 10"})
    again = client.post("/api/v3/shaman/checkout/create", json={"files": files, "checkoutPath": "Shot 10"})
    seed = client.post("/shaman/checkout/create", json={"files": files, "checkoutPath": "Shot 10"})

    assert first.json() == {"checkoutPath": "Shot 10"}
    assert again.status_code == 200
    assert again.json()["checkoutPath"].startswith("Shot 10-")
    assert (seed.status_code, seed.json()["code"]) == (409, 409)
    missing = client.post(
        "/api/v3/shaman/checkout/create", json={"files": [spec(b"nope", "x")], "checkoutPath": "Shot 11"}
    )
    assert (missing.status_code, missing.json()["code"]) == (424, 424)


def test_the_3_8_door_stores_and_checks_files_as_the_seed_door(client: Any) -> None:
    url = "/api/v3" + file_url(CONTENT)
    assert client.get(url).json() == {"status": "unknown"}
    assert client.post(url, content=CONTENT, headers={"X-Shaman-Can-Defer-Upload": "true"}).status_code == 204
    assert client.get(file_url(CONTENT)).json() == {"status": "stored"}  # one store behind both doors
    requirements = client.post(
        "/api/v3/shaman/checkout/requirements", json={"files": [spec(CONTENT, "a"), spec(b"new", "b")]}
    )
    assert [f["path"] for f in requirements.json()["files"]] == ["b"]
