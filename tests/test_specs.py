"""Loading the two specs for Connexion: the v3 paths under their mount, most specific first."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from starlette.routing import compile_path

from flamenco.specs import V3_BASE_PATH, V3_SPEC_FILE, load_v3_spec

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "flamenco-openapi-3.8.5.yaml"


def test_v3_paths_lose_their_prefix_and_the_mount_is_the_server():
    spec = load_v3_spec()
    full = yaml.safe_load(V3_SPEC_FILE.read_text(encoding="utf-8"))["paths"]
    assert {V3_BASE_PATH + path for path in spec["paths"]} == set(full)
    assert spec["servers"] == [{"url": "/api/v3"}]
    assert "/shaman/checkout/create" in spec["paths"]


@pytest.mark.skipif(not REFERENCE.exists(), reason="no reference spec beside the checkout")
def test_concrete_paths_come_before_the_templates_they_fit(tmp_path):
    """With all 57 of 3.8's operations: `/jobs/last-rendered` is listed after `/jobs/{job_id}` there."""
    reference = tmp_path / "reference.yaml"
    reference.write_text(REFERENCE.read_text(encoding="utf-8"), encoding="utf-8")
    order = list(load_v3_spec(reference)["paths"])
    for later_index, template in enumerate(order):
        if "{" not in template:
            continue
        pattern, _, _ = compile_path(template)
        for concrete in order[later_index + 1 :]:
            assert not (pattern.match(concrete) and concrete.count("{") < template.count("{")), (
                f"{concrete} comes after {template}, which would take its requests"
            )
    assert order.index("/jobs/last-rendered") < order.index("/jobs/{job_id}")
    assert order.index("/jobs/mass-delete") < order.index("/jobs/{job_id}")


def test_a_path_outside_the_mount_is_refused(tmp_path):
    broken = tmp_path / "broken.yaml"
    spec = yaml.safe_load(V3_SPEC_FILE.read_text(encoding="utf-8"))
    spec["paths"]["/api/version"] = spec["paths"].pop("/api/v3/version")
    broken.write_text(yaml.safe_dump(spec), encoding="utf-8")
    with pytest.raises(ValueError, match="not under /api/v3"):
        load_v3_spec(broken)
