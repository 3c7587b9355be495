#!/usr/bin/env python3
"""Refresh the web UI's vendored JavaScript from the npm registry, or check the shipped copies.

The web UI ships pinned, unmodified builds of the libraries it uses, so the Manager works offline
and ``pip install .`` needs no Node.js. ``src/flamenco/webui/static/vendor/VENDOR.json`` is the
single record of what is shipped: per package its version, the registry's integrity hash of the
tarball (SRI sha512), and per file the path inside the tarball and the sha256 of its contents.

    tools/vendor_webui.py --check              # offline: shipped files match VENDOR.json
    tools/vendor_webui.py                      # download the pinned tarballs, verify, re-extract
    tools/vendor_webui.py --bump vue=3.5.46    # pin another version (integrity from the registry)

A download whose tarball does not match the pinned integrity is refused and nothing is written.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "src" / "flamenco" / "webui" / "static" / "vendor"
MANIFEST = VENDOR / "VENDOR.json"
REGISTRY = "https://registry.npmjs.org"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sri_sha512(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def load_manifest() -> dict[str, Any]:
    return json.loads(MANIFEST.read_text())


def save_manifest(manifest: dict[str, Any]) -> None:
    MANIFEST.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")


def check(manifest: dict[str, Any]) -> list[str]:
    """Problems with the shipped files (missing, changed, or not listed); empty when all is well."""
    problems = []
    listed = {"VENDOR.json"}
    for name, package in manifest["packages"].items():
        for shipped, entry in package["files"].items():
            listed.add(shipped)
            path = VENDOR / shipped
            if not path.is_file():
                problems.append(f"{shipped} ({name}) is missing")
            elif sha256(path.read_bytes()) != entry["sha256"]:
                problems.append(f"{shipped} ({name}) differs from {name}@{package['version']}")
    for path in VENDOR.iterdir():
        if path.name not in listed:
            problems.append(f"{path.name} is not listed in VENDOR.json")
    return problems


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read()


def registry_integrity(name: str, version: str) -> str:
    """The integrity the registry publishes for ``name@version`` (used only when bumping)."""
    meta = json.loads(_get(f"{REGISTRY}/{name}/{version}"))
    return meta["dist"]["integrity"]


def tarball_url(name: str, version: str) -> str:
    return f"{REGISTRY}/{name}/-/{name.rsplit('/', 1)[-1]}-{version}.tgz"


def extract(name: str, package: dict[str, Any]) -> dict[str, bytes]:
    """Download the pinned tarball, refuse it unless its integrity matches, return the files."""
    data = _get(tarball_url(name, package["version"]))
    got = sri_sha512(data)
    if got != package["integrity"]:
        raise SystemExit(
            f"{name}@{package['version']}: tarball integrity {got} != pinned {package['integrity']}"
        )
    files = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for shipped, entry in package["files"].items():
            member = tar.extractfile(f"package/{entry['from']}")
            if member is None:
                raise SystemExit(f"{name}@{package['version']} has no file {entry['from']}")
            files[shipped] = member.read()
    return files


def refresh(manifest: dict[str, Any], bumps: dict[str, str]) -> None:
    for name, version in bumps.items():
        if name not in manifest["packages"]:
            raise SystemExit(f"unknown package {name!r}; vendored: {', '.join(manifest['packages'])}")
        package = manifest["packages"][name]
        package["version"] = version
        package["integrity"] = registry_integrity(name, version)
    extracted = {name: extract(name, package) for name, package in manifest["packages"].items()}
    # Every tarball verified: only now touch the shipped files.
    for name, files in extracted.items():
        for shipped, data in files.items():
            (VENDOR / shipped).write_bytes(data)
            manifest["packages"][name]["files"][shipped]["sha256"] = sha256(data)
        print(f"{name}@{manifest['packages'][name]['version']}: {', '.join(files)}")
    save_manifest(manifest)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="verify the shipped files offline")
    parser.add_argument("--bump", action="append", default=[], metavar="NAME=VERSION")
    args = parser.parse_args(argv)
    manifest = load_manifest()
    if args.check:
        problems = check(manifest)
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    bumps = dict(bump.split("=", 1) for bump in args.bump)
    refresh(manifest, bumps)
    return 0


if __name__ == "__main__":
    sys.exit(main())
