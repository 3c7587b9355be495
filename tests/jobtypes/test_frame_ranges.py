"""Frame range parsing and chunking, as job type authors and submitters experience it."""

import pytest

from flamenco.jobtypes import (
    MAX_FRAMES,
    FrameRangeError,
    frame_chunker,
    frame_count,
    parse_frame_range,
    to_blender_range,
)


@pytest.mark.parametrize(
    ("frames", "chunk_size", "expected"),
    [
        ("1-10", 3, ["1-3", "4-6", "7-9", "10"]),
        ("1-10", 10, ["1-10"]),
        ("1-10", 1000, ["1-10"]),
        ("3,5", 2, ["3,5"]),
        ("7-9,11", 4, ["7-9,11"]),
        ("1-3,5,7-9,11", 3, ["1-3", "5,7-8", "9,11"]),
        ("1-10,20..25,40", 100, ["1-10,20-25,40"]),
        ("47", 1, ["47"]),
        ("3-4", 5, ["3-4"]),
        # Duplicates removed, frames sorted.
        ("5,1-3,2,3..4", 10, ["1-5"]),
        ("10,1,1,1", 1, ["1", "10"]),
        # Whitespace and stray commas are tolerated.
        (" 1 - 3 ,  5 .. 6 ,", 10, ["1-3,5-6"]),
        ("1,,2", 1, ["1", "2"]),
        # Negative frames: leading '-' is a sign, a '-' after a digit separates a range.
        ("-5..-1", 2, ["-5--4", "-3--2", "-1"]),
        ("-3", 1, ["-3"]),
        ("-5-3", 10, ["-5-3"]),
        ("-5--1,0", 10, ["-5-0"]),
        ("0", 1, ["0"]),
    ],
)
def test_frame_chunker(frames, chunk_size, expected):
    assert frame_chunker(frames, chunk_size) == expected


def test_chunks_never_exceed_chunk_size_and_cover_every_frame():
    chunks = frame_chunker("1-100,150..170,999", 7)
    counts = [frame_count(chunk) for chunk in chunks]
    assert all(count <= 7 for count in counts)
    assert sum(counts) == frame_count("1-100,150..170,999") == 122


@pytest.mark.parametrize(
    "frames",
    ["", "   ", ",", "abc", "1-", "1..", "..5", "1-2-3", "1.5", "1...3", "1:3", "one", "٣"],
)
def test_invalid_ranges_raise_a_clear_error(frames):
    with pytest.raises(FrameRangeError) as excinfo:
        frame_chunker(frames, 1)
    assert str(excinfo.value)


def test_descending_range_is_refused_and_the_message_suggests_the_fix():
    with pytest.raises(FrameRangeError, match=r"1\.\.10"):
        frame_chunker("10-1", 1)


def test_empty_range_message_says_so():
    with pytest.raises(FrameRangeError, match="no frames"):
        frame_chunker(" , ", 1)


@pytest.mark.parametrize("chunk_size", [0, -1])
def test_chunk_size_must_be_positive(chunk_size):
    with pytest.raises(FrameRangeError, match="chunk size"):
        frame_chunker("1-10", chunk_size)


@pytest.mark.parametrize("chunk_size", ["3", 2.0, True, None])
def test_chunk_size_must_be_an_integer(chunk_size):
    with pytest.raises(FrameRangeError, match="chunk size"):
        frame_chunker("1-10", chunk_size)


def test_absurdly_large_ranges_are_refused_without_expanding_them():
    with pytest.raises(FrameRangeError, match="limit"):
        frame_count("1-999999999")
    with pytest.raises(FrameRangeError, match="limit"):
        frame_chunker(f"1-{MAX_FRAMES},{MAX_FRAMES + 5}", 100)
    with pytest.raises(FrameRangeError, match="32-bit"):
        frame_count("1-99999999999999999999")


def test_the_cap_itself_is_allowed():
    assert frame_count(f"1-{MAX_FRAMES}") == MAX_FRAMES


def test_frame_count():
    assert frame_count("1-10,20..25,40") == 17
    assert frame_count("1-10,5-15") == 15
    assert frame_count("-5..-1,3") == 6


def test_frame_ranges_must_be_strings():
    with pytest.raises(FrameRangeError, match="string"):
        frame_count(5)


def test_parse_frame_range_gives_merged_intervals():
    assert parse_frame_range("40,1-10,11,20..25") == [(1, 11), (20, 25), (40, 40)]


@pytest.mark.parametrize(
    ("chunk", "expected"),
    [("1-3,5", "1..3,5"), ("7", "7"), ("0-2", "0..2"), ("1-10,20..25", "1..10,20..25"), ("3-4", "3..4")],
)
def test_to_blender_range(chunk, expected):
    assert to_blender_range(chunk) == expected


def test_to_blender_range_refuses_negative_frames_blender_would_misread():
    with pytest.raises(FrameRangeError, match="end frame"):
        to_blender_range("-3--1")


def test_chunks_convert_to_blender_notation():
    assert [to_blender_range(chunk) for chunk in frame_chunker("1-7,9", 4)] == ["1..4", "5..7,9"]
