"""The two specs the Manager serves, loaded for Connexion.

`spec/flamenco-openapi.yaml` (the seed) is served as it is, at `/`. `spec/flamenco-openapi-v3.yaml`
is Flamenco 3.8's, whose paths all start with `/api/v3`: it is mounted at that base path, so its
paths lose the prefix here (`/api/v3/shaman/...` becomes `/shaman/...` under the mount).

Within one API Starlette takes the first route that matches, and Connexion adds routes in the
order of the spec, which lists `/jobs/last-rendered` after `/jobs/{job_id}`: unsorted, a GET of the
former would reach `fetchJob` and answer 400 (not a UUID). OpenAPI says concrete paths win, so the
paths are sorted most specific first, as Starlette itself sorts mounted APIs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from connexion.utils import sort_routes

SPEC_DIR = Path(__file__).parent / "spec"
SEED_SPEC_FILE = SPEC_DIR / "flamenco-openapi.yaml"
V3_SPEC_FILE = SPEC_DIR / "flamenco-openapi-v3.yaml"
V3_BASE_PATH = "/api/v3"


# libyaml's loader when PyYAML has it: parsing both specs with the pure-Python one took ~0.25 s
# of every server process's start-up (measured; libyaml: ~0.04 s).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_seed_spec(path: Path = SEED_SPEC_FILE) -> dict[str, Any]:
    """The seed spec, as it is."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)


def load_v3_spec(path: Path = V3_SPEC_FILE) -> dict[str, Any]:
    """The v3 spec with its paths relative to :data:`V3_BASE_PATH`, most specific first."""
    spec = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    paths: dict[str, Any] = {}
    for full_path, item in spec["paths"].items():
        if not full_path.startswith(V3_BASE_PATH + "/"):
            raise ValueError(f"{path.name}: path {full_path} is not under {V3_BASE_PATH}")
        paths[full_path.removeprefix(V3_BASE_PATH)] = item
    spec["paths"] = {route: paths[route] for route in sort_routes(list(paths))}
    spec["servers"] = [{"url": V3_BASE_PATH}]
    return spec
