"""The web UI's HTTP side: the redirect, the app's page for deep links, assets and their caching,
and that the API keeps every path the UI does not claim."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from flamenco.app import build_services, create_app
from flamenco.webui.pages import STATIC, asset_version
from tests.conftest import make_config


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The whole Manager app (API and pages) on SQLite: the pages need no database, the API does."""
    tmp = tmp_path_factory.mktemp("webui")
    config = make_config(tmp, str(tmp / "flamenco-manager.sqlite"))
    with TestClient(create_app(config, services=build_services(config))) as test_client:
        yield test_client


def asset_urls(page: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/app/assets/[^"]+)"', page)


def test_root_redirects_to_the_app(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/app/")
    assert client.get("/app", follow_redirects=False).headers["Location"].endswith("/app/")


@pytest.mark.parametrize(
    "path",
    [
        "/app/",
        "/app/jobs",
        "/app/jobs/3f1b4b36-0d43-4a57-9c0c-2a1a0c3c4b5e",
        "/app/jobs/3f1b4b36-0d43-4a57-9c0c-2a1a0c3c4b5e/9d3e7a6c-7b7a-4b8e-8e43-5b1a4f6b9c21",
        "/app/workers/5c5d2bde-1f0e-4b44-a3c5-bd0f6bd0c6a1",
        "/app/submit",
        "/app/tags",
        "/app/setup",
    ],
)
def test_every_route_of_the_app_answers_its_page(client: TestClient, path: str) -> None:
    """Deep links survive a reload: the server answers the app's page, the app shows the route."""
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.headers["Cache-Control"] == "no-cache"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert '<div id="app"' in response.text
    assert f"/app/assets/{asset_version()}/js/main.js" in response.text


def test_assets_are_cached_for_good_under_their_version(client: TestClient) -> None:
    page = client.get("/app/").text
    urls = asset_urls(page)
    assert {url.rsplit("/", 1)[-1] for url in urls} >= {"app.css", "main.js", "vue.esm-browser.prod.js"}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable", url
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        etag = response.headers["ETag"]
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


def test_modules_are_served_as_javascript(client: TestClient) -> None:
    """Browsers refuse an ES module of any other type, whatever the platform's MIME table says."""
    version = asset_version()
    for name in ("js/main.js", "js/views/jobs.js", "vendor/socket.io.esm.min.js"):
        response = client.get(f"/app/assets/{version}/{name}")
        assert response.headers["Content-Type"] == "text/javascript; charset=utf-8", name
    assert client.get(f"/app/assets/{version}/app.css").headers["Content-Type"].startswith("text/css")


def test_an_old_version_is_answered_but_not_cached(client: TestClient) -> None:
    """A tab opened before an upgrade still loads, and never pins old files under the new name."""
    response = client.get("/app/assets/000000000000/app.css")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"


def test_version_changes_with_any_asset(tmp_path: Path) -> None:
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "a.js").write_text("export const a = 1;\n")
    before = asset_version(tmp_path)
    (tmp_path / "js" / "a.js").write_text("export const a = 2;\n")
    assert asset_version(tmp_path) != before


@pytest.mark.parametrize(
    "path", ["/app/assets/{v}/nope.js", "/app/assets/{v}/../templates/index.html", "/app/assets/{v}/js"]
)
def test_missing_assets_are_404_in_the_error_shape(client: TestClient, path: str) -> None:
    response = client.get(path.format(v=asset_version()))
    assert response.status_code == 404
    assert response.json() == {"code": 404, "message": "no such page or file"}


def test_pages_refuse_other_methods_in_the_error_shape(client: TestClient) -> None:
    response = client.post("/app/jobs")
    assert response.status_code == 405
    assert response.json()["code"] == 405
    assert "GET" in response.headers["Allow"]


def test_the_api_keeps_its_paths(client: TestClient) -> None:
    assert client.get("/api/version").json()["name"]
    assert client.get("/openapi.json").status_code == 200
    # Only /app and /app/... are the UI's: a look-alike path is still the API's 404.
    response = client.get("/apples")
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/json"


def test_everything_under_static_is_reachable(client: TestClient) -> None:
    """What ships is what is served (package-data covers every file, nested or not)."""
    version = asset_version()
    for path in STATIC.rglob("*"):
        if path.is_file():
            url = f"/app/assets/{version}/{path.relative_to(STATIC).as_posix()}"
            assert client.get(url).status_code == 200, url
