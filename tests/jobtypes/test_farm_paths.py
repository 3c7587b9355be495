"""Paths for the farm: both separator styles, whatever OS the Manager runs on."""

import time
from datetime import UTC, datetime

import pytest

from flamenco.jobtypes import format_timestamp, paths


@pytest.mark.parametrize(
    ("path", "dirname", "basename"),
    [
        ("/render/x/######", "/render/x", "######"),
        ("/render/x//######", "/render/x", "######"),
        ("/######", "/", "######"),
        ("######", "", "######"),
        ("C:\\render\\shot\\######", "C:\\render\\shot", "######"),
        ("C:\\######", "C:\\", "######"),
        ("\\\\server\\share\\shot\\####", "\\\\server\\share\\shot", "####"),
        ("C:/render/mixed\\####", "C:/render/mixed", "####"),
    ],
)
def test_dirname_and_basename(path, dirname, basename):
    assert paths.dirname(path) == dirname
    assert paths.basename(path) == basename


@pytest.mark.parametrize(
    ("path", "stem"),
    [("/jobs/scene123.blend", "scene123"), ("C:\\jobs\\shot.v2.blend", "shot.v2"), ("/x/.hidden", ".hidden")],
)
def test_stem(path, stem):
    assert paths.stem(path) == stem


@pytest.mark.parametrize("path", ["", "/", "\\", "C:", "C:\\", "c:/"])
def test_roots(path):
    assert paths.is_root(path)


@pytest.mark.parametrize("path", ["/render", "C:\\render", "relative"])
def test_not_roots(path):
    assert not paths.is_root(path)


def test_join_keeps_the_style_of_the_first_part():
    assert paths.join("/render/x", "######") == "/render/x/######"
    assert paths.join("/render/x/", "/######") == "/render/x/######"
    assert paths.join("C:\\render", "x", "*.png") == "C:\\render\\x\\*.png"
    assert paths.join("", "x") == "x"


def test_format_timestamp_naive_is_taken_as_local():
    assert format_timestamp(datetime(2022, 6, 2, 14, 30, 5)) == "2022-06-02_143005"


@pytest.fixture
def local_tz_plus_two(monkeypatch):
    monkeypatch.setenv("TZ", "XYZ-2")  # POSIX TZ syntax: two hours east of UTC, no tz database needed
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_format_timestamp_aware_is_shown_in_local_time(local_tz_plus_two):
    assert format_timestamp(datetime(2022, 6, 2, 12, 0, 0, tzinfo=UTC)) == "2022-06-02_140000"
