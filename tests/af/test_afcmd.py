"""``afcmd``: syntax errors with their position, the parsed outline, shape checks, sending."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from flamenco.af import afcmd

from .conftest import RecordingServer

DATA = Path(__file__).parent / "data"

BROKEN = """{
  "job": {
    "name": "job name",
    "user_name": "jimmy"
    "blocks": []
  }
}
"""


def write(tmp_path: Path, text: str, name: str = "doc.json") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_valid_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert afcmd.main(["json", str(DATA / "seed_minimal_job.json")]) == 0
    assert "valid JSON; a well-formed job document" in capsys.readouterr().out


def test_syntax_error_names_line_and_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, BROKEN)
    assert afcmd.main(["json", path]) == 1
    err = capsys.readouterr().err
    assert f"afcmd: {path}: JSON syntax error: Expecting ',' delimiter at line 5, column 5" in err
    offset = BROKEN.index('"blocks"')
    assert f"(character {offset} of {len(BROKEN)})" in err
    # The line, and a caret under the place.
    assert '    "blocks": []\n    ^' in err


def test_syntax_error_from_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"get": {"type": "jobs",}}'))
    assert afcmd.main(["json"]) == 1
    assert (
        "<stdin>: JSON syntax error: Expecting property name enclosed in double quotes at line 1, column 25"
        in (capsys.readouterr().err)
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"get": {"type": "jobs"}}'))
    assert afcmd.main(["json", "-"]) == 0


def test_verbose_prints_the_outline_and_the_jobs_tasks(capsys: pytest.CaptureFixture[str]) -> None:
    assert afcmd.main(["v", "json", str(DATA / "seed_minimal_job.json")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("{\njob:{\n   name:'job name'\n   user_name:'jimmy'\n")
    assert "      frames_per_task:'10'\n" in out
    assert "      files:['folder/img_L.@####@.jpg','folder/img_R.@####@.jpg']}]}}\n" in out
    assert "  block 0 'Nuke' service 'nuke' (numeric, 5 tasks)\n" in out
    assert "    frames 1-19: nuke -F1,19 -x scene.nk -X Write1\n" in out
    assert "    frames 81-99: nuke -F81,99 -x scene.nk -X Write1\n" in out


def test_outline_of_every_kind_of_value() -> None:
    out = io.StringIO()
    afcmd.outline({"a": [1, True, None], "-comment": 1, "b": {"c": "x"}}, out=out)
    assert out.getvalue() == "{\na:['1','True',\n   null]\nb:{\n   c:'x'}}"


def test_shape_errors_are_reported_and_nothing_is_sent(
    tmp_path: Path, recording_server: RecordingServer, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path, json.dumps({"job": {"name": "x", "blocks": [{"frame_first": 5, "frame_last": 1}]}})
    )
    assert afcmd.main(["json", path]) == 1
    err = capsys.readouterr().err
    assert f"afcmd: {path}: error: job.user_name must be a non-empty string" in err
    assert f"afcmd: {path}: error: job.blocks[0].frame_last (1) is before frame_first (5)" in err
    assert afcmd.main(["json", "send", path]) == 1
    assert "not sent (use force_send to send it anyway)" in capsys.readouterr().err
    assert recording_server.requests == []


def test_force_send_sends_a_refused_document(tmp_path: Path, recording_server: RecordingServer) -> None:
    doc = {"job": {"name": "x", "blocks": [{}]}}
    recording_server.answer = {"id": 0, "serial": 0, "error": "User name is empty"}
    assert afcmd.main(["json", "force_send", write(tmp_path, json.dumps(doc))]) == 2  # the Manager refused it
    assert recording_server.requests == [("/api/v3/afanasy", doc)]


def test_send_a_get_document(tmp_path: Path, recording_server: RecordingServer, capsys) -> None:
    recording_server.answer = {"jobs": []}
    assert afcmd.main(["json", "send", write(tmp_path, '{"get": {"type": "jobs"}}')]) == 0
    assert json.loads(capsys.readouterr().out) == {"jobs": []}


def test_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert afcmd.main(["json", str(tmp_path / "missing.json")]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_usage_and_unsupported_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert afcmd.main(["h"]) == 0
    assert "usage: afcmd [v] json" in capsys.readouterr().out
    assert afcmd.main([]) == 1
    assert afcmd.main(["jdel", "x"]) == 1
    assert (
        "'jdel' is not available with this Manager yet; only json and numcmd are." in capsys.readouterr().err
    )


def test_console_script_is_installed(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "afcmd"
    run = subprocess.run(
        [str(script), "json", write(tmp_path, BROKEN)], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 1
    assert "line 5, column 5" in run.stderr


def test_numcmd_fills_frame_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    assert afcmd.main(["numcmd", "nuke", "5", "12", "nuke -F@#@,@#@ out.@####@.exr"]) == 0
    assert capsys.readouterr().out == '"nuke -F5,12 out.0005.exr"\n'
    assert afcmd.main(["numcmd", "nuke", "x", "1", "a"]) == 1
    assert "frames must be integers" in capsys.readouterr().err
    assert afcmd.main(["numcmd", "nuke"]) == 1
