"""Frame ranges: parsing, counting and cutting them into chunks for render tasks.

Syntax accepted by every function here (users type it, so it is forgiving where that is harmless):

* Comma-separated items; whitespace around items and separators is ignored, empty items are skipped.
* An item is a frame (``7``, ``-3``) or an inclusive range in Blender notation (``20..25``, ``-5..-1``)
  or dash notation (``1-10``).
* Negative frames (Blender allows them) are written with a leading ``-``. In dash notation a ``-`` is
  the range separator when it directly follows a digit (spaces allowed) and a sign otherwise, so
  ``-3`` is frame -3, ``-5-3`` is -5 to 3 and ``-5--1`` is -5 to -1. The ``..`` form reads better for
  negative ranges.
* Ranges must go up (``10-1`` is an error rather than silently empty).

Frames are de-duplicated and sorted. Work is done on merged intervals rather than on expanded frame
lists, so a huge typo like ``1-999999999`` is refused by :data:`MAX_FRAMES` before using any memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

MAX_FRAMES = 1_000_000
"""Most distinct frames one range may hold; far beyond any real shot, small enough to stay cheap."""

_INT32_MIN = -(2**31)
_INT32_MAX = 2**31 - 1

_ITEM = re.compile(r"(?P<start>-?[0-9]+)(?:\s*(?:\.\.|-)\s*(?P<end>-?[0-9]+))?", re.ASCII)

Interval = tuple[int, int]

_NEGATIVE = (
    "frame range {frames!r} has negative frames, which Blender's --render-frame cannot address "
    "(it reads -N as relative to the scene's end frame)"
)


class FrameRangeError(ValueError):
    """A frame range or chunk size that cannot be used; the message says why."""


def parse_frame_range(frames: str) -> list[Interval]:
    """Parse ``frames`` into sorted, merged, inclusive ``(first, last)`` intervals.

    Overlapping and touching items are merged (``1-3,4,2`` → ``[(1, 4)]``), which is what makes
    de-duplication and counting cheap.
    """
    if not isinstance(frames, str):
        raise FrameRangeError(f"frame range must be a string, not {type(frames).__name__}")
    intervals: list[Interval] = []
    for raw_item in frames.split(","):
        item = raw_item.strip()
        if not item:
            continue
        match = _ITEM.fullmatch(item)
        if match is None:
            raise FrameRangeError(
                f"invalid frame range item {item!r} in {frames!r}; use e.g. '7', '1-10' or '20..25'"
            )
        start = int(match["start"])
        end = int(match["end"]) if match["end"] is not None else start
        for frame in (start, end):
            if not _INT32_MIN <= frame <= _INT32_MAX:
                raise FrameRangeError(f"frame {frame} in {frames!r} is outside the 32-bit integer range")
        if end < start:
            raise FrameRangeError(f"frame range item {item!r} goes down; write it as {end}..{start}")
        intervals.append((start, end))
    if not intervals:
        raise FrameRangeError(f"frame range {frames!r} contains no frames")

    intervals.sort()
    merged: list[Interval] = [intervals[0]]
    for start, end in intervals[1:]:
        last_start, last_end = merged[-1]
        if start <= last_end + 1:
            merged[-1] = (last_start, max(last_end, end))
        else:
            merged.append((start, end))

    total = sum(end - start + 1 for start, end in merged)
    if total > MAX_FRAMES:
        raise FrameRangeError(f"frame range {frames!r} holds {total} frames; the limit is {MAX_FRAMES}")
    return merged


def frame_count(frames: str) -> int:
    """Number of distinct frames in ``frames``."""
    return sum(end - start + 1 for start, end in parse_frame_range(frames))


def frame_chunker(frames: str, chunk_size: int) -> list[str]:
    """Cut ``frames`` into chunks of at most ``chunk_size`` frames, in ascending order.

    Each chunk is written compactly in dash notation, e.g. ``["1-3", "4-6", "7-9", "10"]`` for
    ``frame_chunker("1-10", 3)`` and ``["3,5"]`` for ``frame_chunker("3,5", 2)``. Dash notation is
    what Flamenco uses in task names; convert with :func:`to_blender_range` for Blender's command line.
    """
    return [_render(chunk, "-") for chunk in _chunks(frames, chunk_size)]


def blender_frame_chunks(frames: str, chunk_size: int) -> Iterator[tuple[str, str]]:
    """The chunks of :func:`frame_chunker`, one at a time, each with its :func:`to_blender_range`:
    ``("1-3", "1..3")``, ``("4-6", "4..6")``, ...

    For jobs of very many chunks: nothing is parsed twice and no list of all chunks is built. The
    frame range is checked before the first chunk comes out, negative frames too.
    """
    intervals = parse_frame_range(frames)
    _check_chunk_size(chunk_size)
    if intervals[0][0] < 0:
        raise FrameRangeError(_NEGATIVE.format(frames=frames))
    return ((_render(chunk, "-"), _render(chunk, "..")) for chunk in _chunks(frames, chunk_size, intervals))


def _check_chunk_size(chunk_size: object) -> None:
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int):
        raise FrameRangeError(f"chunk size must be an integer, not {type(chunk_size).__name__}")
    if chunk_size < 1:
        raise FrameRangeError(f"chunk size must be at least 1, not {chunk_size}")


def _chunks(
    frames: str, chunk_size: int, intervals: list[Interval] | None = None
) -> Iterator[list[Interval]]:
    _check_chunk_size(chunk_size)
    current: list[Interval] = []
    room = chunk_size
    for start, end in intervals if intervals is not None else parse_frame_range(frames):
        while start <= end:
            take = min(end - start + 1, room)
            current.append((start, start + take - 1))
            start += take
            room -= take
            if room == 0:
                yield current
                current = []
                room = chunk_size
    if current:
        yield current


def to_blender_range(chunk: str) -> str:
    """Rewrite a frame range for Blender's ``--render-frame``: ``"1-3,5"`` → ``"1..3,5"``.

    Blender reads a leading ``-`` on the command line as "counted back from the scene's end frame"
    (``-1`` is the last frame), so absolute negative frames cannot be passed to it; they raise
    :class:`FrameRangeError` instead of silently rendering the wrong frames. The output is normalised
    (sorted, merged), like every other function here.
    """
    intervals = parse_frame_range(chunk)
    if intervals[0][0] < 0:
        raise FrameRangeError(_NEGATIVE.format(frames=chunk))
    return _render(intervals, "..")


def _render(intervals: list[Interval], separator: str) -> str:
    if len(intervals) == 1:  # nearly every chunk: a million-frame job renders two million of them
        start, end = intervals[0]
        return str(start) if start == end else f"{start}{separator}{end}"
    return ",".join(str(start) if start == end else f"{start}{separator}{end}" for start, end in intervals)
