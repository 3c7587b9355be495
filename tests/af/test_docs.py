"""docs/afanasy.md's examples say what really happens."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from flamenco.af import afcmd

DOC = Path(__file__).resolve().parents[2] / "docs" / "afanasy.md"


def test_the_syntax_error_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    text = DOC.read_text()
    document = re.search(r"A syntax error.*?```json\n(.*?)```", text, re.S).group(1)
    shown = re.search(r"\$ afcmd json job.json\n(.*?)```", text, re.S).group(1)
    monkeypatch.chdir(tmp_path)
    Path("job.json").write_text(document)
    assert afcmd.main(["json", "job.json"]) == 1
    assert capsys.readouterr().err == shown


def test_the_script_example_is_the_seeds(tmp_path: Path) -> None:
    """The documented script makes the same calls as seed 004's example (comments aside)."""
    text = DOC.read_text()
    script = re.search(r"## Writing a job\n\n```python\n(.*?)```", text, re.S).group(1)
    seed = (Path(__file__).parent / "data" / "seed_example.py").read_text()

    def calls(source: str) -> list[str]:
        lines = [re.sub(r"\s+# .*$", "", line).strip() for line in source.splitlines()]
        return [line for line in lines if line and not line.startswith("#") and line != "job.output()"]

    assert calls(script) == calls(seed)
