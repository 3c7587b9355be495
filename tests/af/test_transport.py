"""Where `af` finds the Manager (CGRU's conventions and ours), CGRU config files, and sending."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

import af
from flamenco.af import config, transport
from tests.api.live_manager import ManagerProcess

from .conftest import RecordingServer


def cgru_config(path: Path, values: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"cgru_config": values}))
    return path


def test_default_is_this_managers_default() -> None:
    assert transport.manager_url() == "http://localhost:8080"


def test_flamenco_manager_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLAMENCO_MANAGER", "http://farm:9000/")
    monkeypatch.setenv("CGRU_AF_SERVERNAME", "afserver")
    assert transport.manager_url() == "http://farm:9000"
    monkeypatch.setenv("FLAMENCO_MANAGER", "farm:9000")  # the scheme may be left out, as for `flamenco`
    assert transport.manager_url() == "http://farm:9000"


def test_afanasy_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AF_SERVERNAME", "docker-afserver")
    assert transport.manager_url() == "http://docker-afserver:51000"  # Afanasy's default port
    monkeypatch.setenv("AF_SERVERPORT", "51001")
    assert transport.manager_url() == "http://docker-afserver:51001"
    monkeypatch.setenv("CGRU_AF_SERVERNAME", "cgru-afserver")  # cgruconfig's override wins
    assert transport.manager_url() == "http://cgru-afserver:51001"
    monkeypatch.setenv("CGRU_AF_SERVERPORT", "8080")
    assert transport.manager_url() == "http://cgru-afserver:8080"
    monkeypatch.setenv("CGRU_AF_SERVERNAME", "::1")
    assert transport.manager_url() == "http://[::1]:8080"


def test_afanasy_port_alone_uses_afanasys_default_host(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CGRU_AF_SERVERPORT", "51000")
    assert transport.manager_url() == "http://127.0.0.1:51000"


def test_cgru_config_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, clean_env: Path) -> None:
    location = tmp_path / "cgru"
    cgru_config(
        location / "config_default.json", {"include": ["afanasy/config_default.json"], "af_priority": 50}
    )
    cgru_config(
        location / "afanasy" / "config_default.json",
        {
            "af_servername": "studio-af",
            "af_serverport": 51000,
            "af_task_default_capacity": 500,
            "": "comment",
        },
    )
    home_config = Path(str(clean_env.parent / "home")) / ".cgru" / "config.json"
    cgru_config(
        home_config, {"af_serverport": 8080, "-af_priority": 1, "OS_linux": {"af_cmdprefix": "nice "}}
    )
    monkeypatch.setenv("CGRU_LOCATION", str(location))
    assert transport.manager_url() == "http://studio-af:8080"  # the home file wins
    values = config.load()
    assert values["af_priority"] == 50  # "-af_priority" is disabled
    assert values["af_task_default_capacity"] == 500
    monkeypatch.setenv("CGRU_AF_PRIORITY", "120")
    assert af.Job("j").data["priority"] == 120  # $CGRU_<NAME> overrides, typed like the value
    assert af.Block("b").data["capacity"] == 500
    if "linux" in config.platform_words():
        assert config.load()["af_cmdprefix"] == "nice "


def test_custom_config_and_bad_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys) -> None:
    custom = cgru_config(tmp_path / "custom.json", {"af_task_default_service": "nuke"})
    broken = tmp_path / "cgru" / "config_default.json"
    broken.parent.mkdir()
    broken.write_text("{not json")
    monkeypatch.setenv("CGRU_LOCATION", str(broken.parent))
    monkeypatch.setenv("CGRU_CUSTOM_CONFIG", str(custom))
    assert af.Block("b", None).data["service"] == "nuke"
    assert "ignoring CGRU config" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"CGRU_USERNAME": "Alice"}, "Alice"),  # CGRU applies $CGRU_<NAME> last, unchanged
        ({"AF_USERNAME": "DOMAIN\\Bob"}, "bob"),
        ({"USER": "corp/carol"}, "carol"),
    ],
)
def test_user_name(monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], expected: str) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert af.Job("j").data["user_name"] == expected


def test_a_cgru_installation_decides_which_services_exist(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    python = tmp_path / "afanasy" / "python"
    (python / "services").mkdir(parents=True)
    (python / "parsers").mkdir()
    (python / "services" / "studio_tool.py").write_text("from services import service\n\nparser = 'studio'\n")
    (python / "parsers" / "studio.py").write_text("")
    monkeypatch.setenv("AF_ROOT", str(tmp_path / "afanasy"))
    block = af.Block("b", "studio_tool")
    assert (block.data["service"], block.data["parser"]) == ("studio_tool", "studio")
    assert af.Block("b", "nuke").data["service"] == "generic"  # not installed there


def test_send_posts_the_document(recording_server: RecordingServer) -> None:
    recording_server.answer = {"id": 7, "serial": 3}
    assert transport.send_document({"get": {"type": "jobs"}}, verbose=True) == (True, {"id": 7, "serial": 3})
    assert recording_server.requests == [("/api/v3/afanasy", {"get": {"type": "jobs"}})]


def test_unreachable_manager_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from tests.api.live_manager import free_port

    monkeypatch.setenv("FLAMENCO_MANAGER", f"http://127.0.0.1:{free_port()}")
    assert transport.send_document({"get": {"type": "jobs"}}) == (False, None)
    assert "cannot reach the Manager" in capsys.readouterr().err


@pytest.fixture(scope="module")
def live_manager(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ManagerProcess]:
    with ManagerProcess(tmp_path_factory.mktemp("manager")) as manager:
        yield manager


def test_a_real_manager_stores_what_send_and_afcmd_submit(
    live_manager: ManagerProcess, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys
) -> None:
    """``Job.send()`` and ``afcmd json send`` against a real Manager process: the answer names the
    stored job, which has the block's tasks (end-to-end runs: tests/e2e/test_pipeline_farm.py)."""
    monkeypatch.setenv("FLAMENCO_MANAGER", live_manager.url)
    job = af.Job("somejob")
    block = af.Block("back", "nuke")
    block.setCommand("nuke -x scene.nk @#@,@#@")
    block.setNumeric(1, 100, 10)
    job.blocks.append(block)
    ok, answer = job.send()
    assert ok is True
    assert isinstance(answer["id"], int) and answer["serial"] == answer["id"]
    tasks = requests.get(f"{live_manager.url}/api/v3/jobs/{answer['job_id']}/tasks", timeout=10).json()[
        "tasks"
    ]
    assert [t["name"] for t in tasks][:2] == ["frame 1-10", "frame 11-20"] and len(tasks) == 10
    doc = tmp_path / "job.json"
    doc.write_text(json.dumps(job.document()))
    from flamenco.af import afcmd

    assert afcmd.main(["json", "send", str(doc)]) == 0
    jobs = requests.get(f"{live_manager.url}/api/v3/jobs", timeout=10).json()["jobs"]
    assert [j["name"] for j in jobs] == ["somejob", "somejob"]
    # A document the Manager refuses: Afanasy's error key reaches the script's output.
    broken = af.Job("broken")
    broken.data["user_name"] = ""
    numeric = af.Block("b")
    numeric.setNumeric(1, 1)
    broken.blocks.append(numeric)
    ok, answer = broken.send()
    assert ok is True and "job.user_name must be a non-empty string" in answer["error"]
    assert "job.user_name must be a non-empty string" in capsys.readouterr().err


def test_a_refusal_is_printed_and_returned(recording_server: RecordingServer, capsys) -> None:
    recording_server.status = 400
    recording_server.answer = {
        "code": 400,
        "message": "job.user_name must be a non-empty string",
        "error": "x",
    }
    assert transport.send_document({"job": {}}) == (True, recording_server.answer)
    assert "refused the document (400): job.user_name must be a non-empty string" in capsys.readouterr().err


def test_a_manager_without_the_afanasy_door_is_a_loud_failure(recording_server: RecordingServer) -> None:
    """An older Manager (no afanasyRequest) answers 404: no script may believe its job was sent."""
    recording_server.status = 404
    recording_server.answer = {"code": 404, "message": "not found"}
    with pytest.raises(af.ServerSideMissing, match=r"does not serve afanasyRequest \(POST /api/v3/afanasy\)"):
        transport.send_document({"job": {}})
