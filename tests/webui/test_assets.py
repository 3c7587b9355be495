"""What the web UI ships: nothing fetched from elsewhere, vendored files exactly as pinned, all of it
packaged, and action rules that agree with the Manager's."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from tools import vendor_webui

from flamenco.scheduler.state_machine import JOB_REQUESTS, TASK_REQUESTS
from flamenco.webui.pages import STATIC

WEBUI = STATIC.parent
REPO = Path(__file__).resolve().parents[2]
SHIPPED = sorted(p for p in WEBUI.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
TEXT = [p for p in SHIPPED if p.suffix in (".js", ".css", ".html", ".svg", ".json")]

# Strings in the shipped files that look like URLs but are never fetched: XML namespace names
# (Vue and the favicon), documentation links inside library error messages, and the bare scheme
# socket.io-client prefixes to a host name it is given.
NOT_FETCHED = (
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/1999/xlink",
    "http://www.w3.org/1998/Math/MathML",
    "https://vuejs.org/error-reference/",
    "https://socket.io/docs/v3/migrating-from-2-x-to-3-0/",
)
URL = re.compile(r"""[a-z][a-z0-9+.-]*://[^\s"'`<>)]*""", re.IGNORECASE)
PROTOCOL_RELATIVE = re.compile(
    r"""(?:src|href|url|import|from)\s*[=(]?\s*["'(]\s*//[a-z0-9-]+\.""", re.IGNORECASE
)


def test_no_shipped_file_names_another_host() -> None:
    """The UI works on a farm without internet: no CDN, font service, analytics or the like."""
    found = []
    for path in TEXT:
        text = path.read_text(encoding="utf-8")
        for url in URL.findall(text):
            if url == "https://" or any(url.startswith(allowed) for allowed in NOT_FETCHED):
                continue
            found.append(f"{path.relative_to(WEBUI)}: {url}")
        found += [f"{path.relative_to(WEBUI)}: {m}" for m in PROTOCOL_RELATIVE.findall(text)]
    assert not found, "\n".join(found)


def test_own_files_load_nothing_by_absolute_url() -> None:
    """Our own modules import by relative path, which keeps them inside the versioned asset folder."""
    own = [p for p in TEXT if "vendor" not in p.parts]
    assert any(p.name == "main.js" for p in own)
    for path in own:
        if path.suffix != ".js":
            continue
        for target in re.findall(r"""(?:import|from)\s+["']([^"']+)["']""", path.read_text()):
            assert target.startswith("./") or target.startswith("../"), f"{path.name} imports {target}"
            assert (path.parent / target).resolve().is_file(), f"{path.name} imports missing {target}"


def test_vendored_files_are_the_pinned_ones() -> None:
    manifest = vendor_webui.load_manifest()
    assert vendor_webui.check(manifest) == []
    assert set(manifest["packages"]) == {"vue", "socket.io-client"}
    for package in manifest["packages"].values():
        assert re.fullmatch(r"\d+\.\d+\.\d+", package["version"])
        assert package["integrity"].startswith("sha512-")


def test_check_notices_a_changed_vendored_file(tmp_path: Path, monkeypatch) -> None:
    copy = tmp_path / "vendor"
    copy.mkdir()
    for path in vendor_webui.VENDOR.iterdir():
        (copy / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(vendor_webui, "VENDOR", copy)
    manifest = json.loads((copy / "VENDOR.json").read_text())
    assert vendor_webui.check(manifest) == []
    (copy / "vue.esm-browser.prod.js").write_bytes(b"export const tampered = true;\n")
    (copy / "extra.js").write_text("")
    problems = vendor_webui.check(manifest)
    assert any("vue.esm-browser.prod.js (vue) differs" in p for p in problems)
    assert any("extra.js is not listed" in p for p in problems)


def test_package_data_covers_every_shipped_file() -> None:
    """`pip install .` (no Node.js, no build step) installs every file the pages use."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["flamenco"]
    package = REPO / "src" / "flamenco"
    covered = {p for pattern in patterns for p in package.glob(pattern) if p.is_file()}
    missing = [str(p.relative_to(package)) for p in SHIPPED if p.suffix != ".py" and p not in covered]
    assert not missing, missing


def _js_object(name: str) -> dict[str, list[str]]:
    text = (STATIC / "js" / "rules.js").read_text()
    body = re.search(rf"export const {name} = (\{{.*?\}});", text, re.DOTALL)
    assert body, name
    return json.loads(body.group(1))


def test_action_rules_match_the_state_machine() -> None:
    """The UI offers exactly the status changes the Manager accepts (it still decides, and says why)."""
    assert _js_object("JOB_REQUESTS") == {k: list(v) for k, v in JOB_REQUESTS.items()}
    assert _js_object("TASK_REQUESTS") == {k: list(v) for k, v in TASK_REQUESTS.items()}
