"""The configuration file and setup assistant on `/api/v3`: the real file, the real filesystem, confined."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
import yaml

from flamenco.config import load_config

FAKE_BLENDER = "#!/bin/sh\necho 'Blender 4.2.3 LTS'\necho 'build date: 2024-10-14'\n"


@pytest.fixture
def config_file(services, tmp_path):
    """The Manager started from a config file in the test's directory."""
    path = tmp_path / "flamenco-manager.yaml"
    path.write_text("manager_name: Test Farm\n# a comment\n", encoding="utf-8")
    services.config.source_file = path
    return path


@pytest.fixture
def blender(tmp_path, monkeypatch):
    """A program that answers `--version` as Blender does, on the Manager's PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    exe = bin_dir / "blender"
    exe.write_text(FAKE_BLENDER, encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return exe


def test_the_configuration_file_is_read_with_defaults(client, config_file):
    answer = client.get("/api/v3/configuration/file")
    assert answer.status_code == 200
    mapping = answer.json()
    assert mapping["_meta"] == {"version": 3}
    assert mapping["manager_name"] == "Test Farm"
    assert mapping["task_timeout"] == "10m0s"
    as_yaml = client.get("/api/v3/configuration/file", headers={"Accept": "application/yaml"})
    assert as_yaml.headers["content-type"].startswith("application/yaml")
    assert yaml.safe_load(as_yaml.text) == mapping


def test_an_edited_configuration_is_written_checked_and_its_variables_used(client, config_file, services):
    mapping = client.get("/api/v3/configuration/file").json()
    mapping["manager_name"] = "Renamed Farm"
    mapping["task_timeout"] = "15m"
    mapping["variables"]["render"] = {
        "is_twoway": True,
        "values": [{"platform": "linux", "value": "/render"}],
    }
    assert client.put("/api/v3/configuration/file", json=mapping).status_code == 204
    reloaded = load_config(config_file, environ={})
    assert reloaded.manager_name == "Renamed Farm" and reloaded.task_timeout.total_seconds() == 900
    assert services.config.variables["render"]["is_twoway"] is True  # used at once
    assert services.config.manager_name != "Renamed Farm"  # the rest at the next start
    assert client.get("/api/v3/configuration/variables/users/linux").json()["render"]["value"] == "/render"


@pytest.mark.parametrize(
    ("change", "status", "fragment"),
    [
        ({"task_timeout": "soon"}, 400, "invalid duration"),
        ({"no_such_key": 1}, 400, "unknown config key"),
        ({"blocklist_threshold": 0}, 400, "at least 1"),
        ({"variables": {"blender": {"values": [{"value": 3}]}}}, 400, "string 'value'"),
        ({"allowed_paths": ["/"]}, 403, "allowed_paths"),
        ({"job_types_path": "/tmp/evil"}, 403, "job_types_path"),
        ({"shared_storage_path": "/etc/flamenco"}, 403, "system directory"),
        ({"local_manager_storage_path": "/"}, 403, "top-level"),
        ({"database": sys.prefix + "/farm.sqlite"}, 403, "Manager's own installation"),
    ],
)
def test_a_refused_configuration_leaves_the_file_alone(client, config_file, change, status, fragment):
    before = config_file.read_bytes()
    mapping = {**client.get("/api/v3/configuration/file").json(), **change}
    answer = client.put("/api/v3/configuration/file", json=mapping)
    assert answer.status_code == status, answer.text
    assert fragment in answer.json()["message"]
    assert config_file.read_bytes() == before


def test_allowed_paths_confine_changed_paths(client, config_file, services, tmp_path):
    services.config.allowed_paths = [tmp_path / "farm"]
    mapping = client.get("/api/v3/configuration/file").json()
    outside = client.put(
        "/api/v3/configuration/file", json={**mapping, "shared_storage_path": "/srv/x/storage"}
    )
    assert outside.status_code == 403 and "outside the allowed paths" in outside.json()["message"]
    inside = {**mapping, "shared_storage_path": str(tmp_path / "farm" / "storage")}
    assert client.put("/api/v3/configuration/file", json=inside).status_code == 204


def test_a_symlink_does_not_lead_out_of_the_allowed_paths(client, services, tmp_path):
    farm = tmp_path / "farm"
    farm.mkdir()
    (farm / "etc").symlink_to("/etc")
    services.config.allowed_paths = [farm]
    answer = client.post(
        "/api/v3/configuration/check/shared-storage", json={"path": str(farm / "etc")}
    ).json()
    assert answer["is_usable"] is False and "outside the allowed paths" in answer["cause"]


def test_shared_storage_check_writes_a_file_and_cleans_up(client, tmp_path):
    storage = tmp_path / "storage"
    storage.mkdir()
    answer = client.post("/api/v3/configuration/check/shared-storage", json={"path": str(storage)}).json()
    assert answer == {"path": str(storage), "is_usable": True, "cause": answer["cause"]}
    assert list(storage.iterdir()) == []


@pytest.mark.parametrize(
    ("path", "fragment"),
    [
        ("", "empty"),
        ("relative/dir", "absolute"),
        ("/etc", "system directory"),
        ("/", "top-level"),
        (sys.prefix, "own installation"),
        ("{tmp}/missing", "does not exist"),
        ("{tmp}/a-file", "not a directory"),
    ],
)
def test_shared_storage_paths_that_are_not_usable(client, tmp_path, path, fragment):
    (tmp_path / "a-file").write_text("x")
    path = path.replace("{tmp}", str(tmp_path))
    answer = client.post("/api/v3/configuration/check/shared-storage", json={"path": path})
    assert answer.status_code == 200
    assert answer.json()["is_usable"] is False and fragment in answer.json()["cause"], answer.json()


def test_a_read_only_directory_is_not_usable(client, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    storage = tmp_path / "read-only"
    storage.mkdir(mode=0o555)
    answer = client.post("/api/v3/configuration/check/shared-storage", json={"path": str(storage)}).json()
    assert answer["is_usable"] is False and "cannot create a file" in answer["cause"]


def test_blender_is_found_on_the_path_and_checked(client, blender):
    found = client.get("/api/v3/configuration/check/blender").json()
    assert found == [
        {"input": "blender", "path": str(blender), "source": "path_envvar", "is_usable": True,
         "cause": "Found Blender 4.2.3 LTS"}
    ]  # fmt: skip
    by_path = client.post("/api/v3/configuration/check/blender", json={"path": str(blender)}).json()
    assert by_path["is_usable"] is True and by_path["source"] == "input_path"
    by_dir = client.post("/api/v3/configuration/check/blender", json={"path": str(blender.parent)}).json()
    assert by_dir["is_usable"] is True and by_dir["path"] == str(blender)


def test_without_blender_nothing_is_found(client, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert client.get("/api/v3/configuration/check/blender").json() == []


@pytest.mark.parametrize(
    ("command", "fragment"),
    [
        ("/bin/sh", "system directory"),
        ("sh", "not named like Blender"),
        ("{tmp}/blender-not-really", "did not say it is Blender"),
        ("{tmp}/blender-broken", "exited with status 3"),
        ("no-such-blender", "could not be found"),
    ],
)
def test_only_blender_is_run_and_reported(client, tmp_path, command, fragment):
    for name, body in (("blender-not-really", "echo hello"), ("blender-broken", "exit 3")):
        exe = tmp_path / name
        exe.write_text(f"#!/bin/sh\n{body}\n")
        exe.chmod(0o755)
    answer = client.post(
        "/api/v3/configuration/check/blender", json={"path": command.replace("{tmp}", str(tmp_path))}
    )
    assert answer.status_code == 200
    assert answer.json()["is_usable"] is False and fragment in answer.json()["cause"], answer.json()


def test_the_setup_assistant_saves_storage_and_blender(client, config_file, services, tmp_path, blender):
    storage = tmp_path / "storage"
    storage.mkdir()
    services.config.first_run = True
    chosen = client.post("/api/v3/configuration/check/blender", json={"path": str(blender)}).json()
    answer = client.post(
        "/api/v3/configuration/setup-assistant",
        json={"storageLocation": str(storage), "blenderExecutable": chosen},
    )
    assert answer.status_code == 204, answer.text
    saved = load_config(config_file, environ={})
    assert saved.shared_storage_path == storage
    assert saved.manager_name == "Test Farm"  # the rest of the file is kept
    values = saved.variables["blender"]["values"]
    assert {v["platform"] for v in values} == {"linux", "windows", "darwin"}
    assert {v["value"] for v in values} == {str(blender)}
    assert saved.variables["blenderArgs"]["values"] == [{"platform": "all", "value": "-b -y"}]
    assert services.config.variables["blender"] == saved.variables["blender"]  # used at once
    assert client.get("/api/v3/configuration").json()["isFirstRun"] is False


@pytest.mark.parametrize(
    ("body", "status", "fragment"),
    [
        ({"storageLocation": "", "blenderExecutable": None}, 400, "storage location is empty"),
        ({"storageLocation": "/etc", "blenderExecutable": None}, 403, "system directory"),
        ({"storageLocation": "{tmp}/missing", "blenderExecutable": None}, 400, "does not exist"),
        ({"storageLocation": "{tmp}/storage", "blenderExecutable": {"source": "default", "path": "",
          "input": "", "is_usable": False, "cause": ""}}, 400, "not usable"),
        ({"storageLocation": "{tmp}/storage", "blenderExecutable": {"source": "input_path", "path": "/bin/sh",
          "input": "/bin/sh", "is_usable": True, "cause": ""}}, 400, "not a usable Blender"),
        ({"storageLocation": "{tmp}/storage", "blenderExecutable": {"source": "path_envvar", "path": "",
          "input": "blender", "is_usable": True, "cause": ""}}, 400, "needs both"),
    ],
)  # fmt: skip
def test_the_setup_assistant_refuses_what_it_cannot_use(
    client, config_file, tmp_path, body, status, fragment
):
    (tmp_path / "storage").mkdir()
    body = {**body, "storageLocation": body["storageLocation"].replace("{tmp}", str(tmp_path))}
    if body["blenderExecutable"] is None:
        body["blenderExecutable"] = {
            "source": "default",
            "path": "",
            "input": "",
            "is_usable": True,
            "cause": "",
        }
    before = config_file.read_bytes()
    answer = client.post("/api/v3/configuration/setup-assistant", json=body)
    assert answer.status_code == status, answer.text
    assert fragment in answer.json()["message"]
    assert config_file.read_bytes() == before


def test_a_config_file_is_created_when_the_manager_started_without_one(client, services, tmp_path):
    services.config.source_file = None
    os.chdir(tmp_path)  # the Manager's working directory: where flamenco-manager.yaml goes
    try:
        mapping = client.get("/api/v3/configuration/file").json()
        assert (
            client.put("/api/v3/configuration/file", json={**mapping, "manager_name": "New"}).status_code
            == 204
        )
        assert load_config(Path("flamenco-manager.yaml"), environ={}).manager_name == "New"
    finally:
        os.chdir(Path(__file__).resolve().parents[3])
