"""Configuration: file, environment and flags, in that order of strength."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from flamenco.config import ConfigError, load_config, parse_duration


def test_defaults_need_no_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = load_config(environ={})
    assert config.listen == ":8080"
    assert config.database == "flamenco-manager.sqlite"
    assert config.shaman.enabled is True
    assert config.task_timeout == timedelta(minutes=10)
    assert config.variables["blender"]["values"][0]["value"] == "blender"


def test_file_then_environment_then_flags(tmp_path):
    path = tmp_path / "flamenco-manager.yaml"
    path.write_text(
        "_meta: {version: 3}\n"
        "manager_name: Studio Farm\n"
        "listen: ':9000'\n"
        "task_timeout: 1h30m\n"
        "shaman: {enabled: false, garbageCollect: {period: 12h, maxAge: 100h}}\n"
        "variables:\n"
        "  blender: {values: [{platform: linux, value: /opt/blender/blender}]}\n"
    )
    config = load_config(
        path,
        environ={"FLAMENCO_LISTEN": ":9100", "FLAMENCO_SHAMAN__ENABLED": "true"},
        overrides={"listen": "127.0.0.1:9200"},
    )
    assert config.manager_name == "Studio Farm"
    assert config.task_timeout == timedelta(hours=1, minutes=30)
    assert config.shaman.enabled is True  # environment beats file
    assert config.shaman.gc_period == timedelta(hours=12)
    assert config.shaman.gc_max_age == timedelta(hours=100)
    assert config.listen == "127.0.0.1:9200"  # flag beats environment
    assert config.listen_host_port() == ("127.0.0.1", 9200)
    assert config.variables["blender"]["values"][0]["value"] == "/opt/blender/blender"
    assert "ffmpeg" in config.variables  # defaults kept beside the admin's own


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("colour: blue\n", "unknown config key 'colour'"),
        ("task_timeout: soon\n", "invalid duration"),
        ("shaman: {enabled: maybe}\n", "shaman.enabled"),
        ("listen: nowhere\n", "invalid listen address"),
        ("- a list\n", "must hold a mapping"),
        ("tickets: {NUKE: -1}\n", "tickets.NUKE"),
        ("tickets: {'bad name': 2}\n", "ticket name"),
        ("tickets: {MEM: {capacity: 64, scope: host}}\n", "scope must be"),
        ("tickets: {MEM: {capacity: 64, scope: worker, max_hosts: 2}}\n", "max_hosts"),
    ],
)
def test_bad_config_is_refused_clearly(tmp_path, content, message):
    path = tmp_path / "flamenco-manager.yaml"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_config(path, environ={})


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_config(Path(tmp_path / "nope.yaml"), environ={})


def test_durations():
    assert parse_duration("744h") == timedelta(hours=744)
    assert parse_duration("1m30s") == timedelta(seconds=90)
    assert parse_duration(45) == timedelta(seconds=45)
    with pytest.raises(ConfigError):
        parse_duration("10 minutes")


def test_a_worker_on_the_same_machine_does_not_confuse_the_manager(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    environ = {"FLAMENCO_WORKER_MANAGER_URL": "http://x:8080/", "FLAMENCO_MANAGER": "http://x:8080"}
    assert load_config(environ=environ).listen == ":8080"


def test_flamenco_3_8s_keys_load(tmp_path):
    """A Flamenco 3.8 config file loads: its failure, MQTT and discovery keys are known."""
    path = tmp_path / "flamenco-manager.yaml"
    path.write_text(
        "_meta: {version: 3}\n"
        "blocklist_threshold: 5\n"
        "task_fail_after_softfail_count: 4\n"
        "database_check_period: 10m0s\n"
        "autodiscoverable: false\n"
        "mqtt:\n"
        "  client: {enabled: true, broker: 'tcp://127.0.0.1:1883', clientID: farm, topic_prefix: studio,"
        " username: u, password: p}\n"
    )
    config = load_config(path, environ={"FLAMENCO_MQTT__CLIENT__CLIENTID": "from-env"})
    assert (config.blocklist_threshold, config.task_fail_after_softfail_count) == (5, 4)
    assert config.mqtt.client.enabled is True
    assert (config.mqtt.client.broker, config.mqtt.client.topic_prefix) == ("tcp://127.0.0.1:1883", "studio")
    assert config.mqtt.client.clientID == "from-env"  # environment names are upper case
    assert config.database_check_period == timedelta(minutes=10)
    assert config.autodiscoverable is False
    assert config.source_file == path
    assert config.first_run is False


def test_keys_of_this_manager_for_the_3_8_door(tmp_path):
    config = load_config(
        environ={"FLAMENCO_ALLOWED_PATHS": f"{tmp_path / 'a'}:{tmp_path / 'b'}"},
        overrides={"flamenco_compat_version": "3.8.2", "task_fail_job_percentage": 25},
    )
    assert config.allowed_paths == [tmp_path / "a", tmp_path / "b"]
    assert (config.flamenco_compat_version, config.task_fail_job_percentage) == ("3.8.2", 25)


def test_a_first_run_has_no_file_and_no_shared_storage_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_config(environ={}).first_run is True
    assert load_config(environ={"FLAMENCO_SHARED_STORAGE_PATH": str(tmp_path)}).first_run is False
    assert load_config(environ={}, overrides={"shared_storage_path": tmp_path}).first_run is False


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("_meta: {version: 2}\n", "config format version 2"),
        ("task_fail_job_percentage: 101\n", "between 0 and 100"),
        ("blocklist_threshold: 0\n", "'blocklist_threshold' must be at least 1"),
        ("first_run: true\n", "unknown config key 'first_run'"),  # worked out, not set
        ("mqtt: {client: {colour: red}}\n", "unknown config key 'mqtt.client.colour'"),
    ],
)
def test_bad_3_8_keys_are_refused_clearly(tmp_path, content, message):
    path = tmp_path / "flamenco-manager.yaml"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_config(path, environ={})
