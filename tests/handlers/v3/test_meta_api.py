"""meta on `/api/v3`: what Flamenco 3.8's add-on and worker ask first."""

from __future__ import annotations

from flamenco.api import v3
from flamenco.config import FLAMENCO_COMPAT_VERSION


def test_version_speaks_the_compatible_release_and_names_this_manager(client, config):
    answer = client.get("/api/v3/version").json()
    assert answer["shortversion"] == FLAMENCO_COMPAT_VERSION == "3.8.5"  # what the 3.8.5 add-on compares
    assert answer["name"] == config.manager_name
    assert answer["version"].startswith("flamenco-manager-py ")
    assert "3.8.5" in answer["version"]
    assert answer["git"] == ""


def test_an_older_add_on_can_be_matched(client, services):
    services.config.flamenco_compat_version = "3.8.2"
    assert client.get("/api/v3/version").json()["shortversion"] == "3.8.2"


def test_configuration_says_where_job_files_go_and_whether_this_is_a_first_run(client, config):
    answer = client.get("/api/v3/configuration").json()
    assert answer == {
        "storageLocation": str((config.shared_storage_path / "jobs").absolute()),
        "shamanEnabled": True,
        "isFirstRun": False,  # the test passes a shared storage path
    }


def test_the_seed_door_answers_as_before(client):
    assert set(client.get("/api/version").json()) == {"version", "name"}
    assert set(client.get("/api/configuration").json()) == {"storageLocation", "shamanEnabled"}


def test_each_door_serves_its_own_spec_and_swagger_ui(client):
    v3 = client.get("/api/v3/openapi.json").json()
    seed = client.get("/openapi.json").json()
    assert v3["servers"] == [{"url": "/api/v3"}]
    assert "/worker/register-worker" in v3["paths"]
    assert "/api/worker/register-worker" in seed["paths"]
    assert client.get("/api/v3/ui/").status_code == 200
    assert client.get("/ui/").status_code == 200


def _farm_variables(services):
    storage = services.config.shared_storage_path.absolute()
    services.config.variables = {
        **services.config.variables,
        "storage": {
            "is_twoway": True,
            "values": [
                {"platform": v3.MANAGER_PLATFORM, "value": str(storage) + "/"},
                {"platform": "windows", "value": "S:\\"},
            ],
        },
        "cache": {"values": [{"platform": "all", "audience": "workers", "value": "/cache"}]},
    }
    return storage


def test_variables_per_audience_and_platform(client, services):
    storage = _farm_variables(services)
    users = client.get("/api/v3/configuration/variables/users/windows").json()
    assert users["storage"] == {"value": "S:", "is_twoway": True}  # as Flamenco trims two-way values
    assert users["blender"] == {"value": "blender", "is_twoway": False}
    assert users["jobs"] == {"value": str(storage / "jobs"), "is_twoway": False}
    assert "cache" not in users
    workers = client.get(f"/api/v3/configuration/variables/workers/{v3.MANAGER_PLATFORM}").json()
    assert workers["storage"] == {"value": str(storage), "is_twoway": True}  # trailing separator dropped
    assert workers["cache"]["value"] == "/cache"
    refused = client.get("/api/v3/configuration/variables/everyone/linux")
    assert refused.status_code == 400 and "message" in refused.json()


def test_shared_storage_as_each_platform_reaches_it(client, services):
    storage = _farm_variables(services)
    windows = client.get("/api/v3/configuration/shared-storage/users/windows").json()
    assert windows == {
        "location": "S:\\jobs",
        "audience": "users",
        "platform": "windows",
        "shamanEnabled": True,
    }
    own = client.get(f"/api/v3/configuration/shared-storage/users/{v3.MANAGER_PLATFORM}").json()
    assert own["location"] == str(storage / "jobs")
    services.config.shaman.enabled = False  # then jobs' files are in the shared storage itself
    assert client.get("/api/v3/configuration/shared-storage/workers/windows").json()["location"] == "S:\\"
