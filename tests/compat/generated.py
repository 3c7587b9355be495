"""Python clients generated exactly as Flamenco generates its Blender add-on's client.

Flamenco builds the add-on's `flamenco.manager` package with openapi-generator 5.4.0's `python`
generator (`magefiles/generate.go`: `-g python --package-name flamenco.manager -p
generateSourceCodeOnly=true`). With the same generator and options, the output is byte for byte
the package shipped in the add-on (checked against Flamenco 3.8.5's and the 2022 seed-era add-on),
so a client made here deserialises the Manager's answers exactly as an artist's Blender does: a
missing required field, a status outside an enum or a malformed date raise, as they would there.

The package is named `<name>.manager` instead of `flamenco.manager` so that it cannot shadow this
Manager's own `flamenco` package. Generating takes ~15 s of Java, so the result is kept under
`build/compat-clients/`, keyed by the spec's and the generator's fingerprint.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import shutil
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "build" / "compat-clients"
GENERATOR = Path(sys.executable).parent / "openapi-generator-cli"

SEED_SPEC = ROOT.parent / "shared" / "seeds" / "flamenco-openapi-2022-06-02.yaml"
V3_SPEC = ROOT.parent / "shared" / "reference" / "flamenco-openapi-3.8.5.yaml"


def generated_client(spec: Path, name: str, *, user_agent: str) -> ModuleType:
    """Import `<name>.manager`, generated from `spec` (made once, then taken from the cache).

    Several pytest-xdist workers may ask at once: each generates into a temporary directory and
    renames it into place; a loser of that race uses the winner's identical copy.
    """
    fingerprint = hashlib.sha256(
        spec.read_bytes() + version("openapi-generator-cli").encode() + user_agent.encode()
    ).hexdigest()[:16]
    target = CACHE / f"{name}-{fingerprint}"
    if not target.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=CACHE))
        subprocess.run(
            [
                str(GENERATOR), "generate",
                "-i", str(spec),
                "-g", "python",
                "-o", str(scratch),
                "--package-name", f"{name}.manager",
                "--http-user-agent", user_agent,
                "-p", "generateSourceCodeOnly=true",
                "-p", "projectName=Flamenco",
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip
        try:
            os.rename(scratch, target)
        except OSError:
            shutil.rmtree(scratch)  # another process won the race
    if str(target) not in sys.path:
        sys.path.insert(0, str(target))
    for module in ("apis", "models"):  # `apis` imports every API class, `models` every model
        importlib.import_module(f"{name}.manager.{module}")
    return importlib.import_module(f"{name}.manager")
