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
