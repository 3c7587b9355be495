"""Each door describes the built-in job types as Flamenco's own Manager of that API version does.

Flamenco's add-on fills a job type's settings by key, evaluates `eval` expressions and decides what
to show by `visible`; so for every setting the facts a client acts on must be Flamenco's: key
order, type, subtype, default, `eval`, visibility, `required`, `editable`, choices and propargs.
The descriptions are this Manager's own. Compared with Flamenco's job compiler scripts in the git
mirror at the seed commit (`/api`) and at 3.8.5 (`/api/v3`), evaluated by Node.js.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from flamenco.jobtypes import JobTypeRegistry

MIRROR = Path("/work/.mirror/mateusabelli+flamenco/repo")
COMMITS = {"seed": "0d50a7ea", "v3": "690bf6ce"}
SCRIPTS = {"echo-sleep-test": "echo_sleep_test.js", "simple-blender-render": "simple_blender_render.js"}
FACTS = (
    "key",
    "type",
    "subtype",
    "default",
    "eval",
    "visible",
    "required",
    "editable",
    "choices",
    "propargs",
)

pytestmark = pytest.mark.skipif(
    not MIRROR.exists() or shutil.which("node") is None, reason="needs Flamenco's git mirror and Node.js"
)


def flamenco_job_type(commit: str, script: str) -> dict[str, Any]:
    source = subprocess.run(
        ["git", "-C", str(MIRROR), "show", f"{commit}:internal/manager/job_compilers/scripts/{script}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    start = source.index("const JOB_TYPE")
    end = source.index("\n};", start) + 3
    program = source[start:end] + "\nprocess.stdout.write(JSON.stringify(JOB_TYPE));"
    return json.loads(
        subprocess.run(["node", "-e", program], capture_output=True, text=True, check=True).stdout
    )


def facts(setting: dict[str, Any]) -> dict[str, Any]:
    found = {name: setting[name] for name in FACTS if name in setting}
    if "evalInfo" in setting:
        found["showLinkButton"] = setting["evalInfo"]["showLinkButton"]
    return found


@pytest.mark.parametrize("door", ["seed", "v3"])
@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_a_door_shows_flamencos_declaration(door: str, name: str) -> None:
    theirs = flamenco_job_type(COMMITS[door], SCRIPTS[name])
    ours = JobTypeRegistry().get(name, door)
    assert ours["label"] == theirs["label"]
    assert [facts(s) for s in ours["settings"]] == [facts(s) for s in theirs["settings"]]
    assert ("description" in ours) == ("description" in theirs)
