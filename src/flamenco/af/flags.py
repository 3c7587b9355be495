"""Afanasy's block and job flag bits, and the frame-number patterns of block commands.

The bit positions are part of the JSON job document (a block's ``flags`` integer), so they must be
Afanasy's exactly.
"""

from __future__ import annotations

import re

BLOCK_FLAGS: dict[str, int] = {
    "numeric": 1 << 0,
    "varcapacity": 1 << 1,
    "multihost": 1 << 2,
    "masteronslave": 1 << 3,
    "dependsubtask": 1 << 4,
    "skipthumbnails": 1 << 5,
    "skipexistingfiles": 1 << 6,
    "checkrenderedfiles": 1 << 7,
    "slavelostignore": 1 << 8,
    "appendedtasks": 1 << 9,  # set by the server when tasks are appended; not settable
    "suspendnewtasks": 1 << 10,
}
READ_ONLY_BLOCK_FLAGS = frozenset({"appendedtasks"})

# Job flags live above the 32 bits Afanasy reserves for its node flags. Scripts set them through
# boolean job fields (``ppa``, ``maintenance``, ...), never as numbers; listed for readers.
JOB_FLAGS: dict[str, int] = {
    "ppapproval": 1 << 32,
    "maintenance": 1 << 33,
    "ignorenimby": 1 << 34,
    "ignorepaused": 1 << 35,
    "appendedblocks": 1 << 36,
}


def set_block_flag(flags: int, name: str) -> int:
    """``flags`` with ``name`` set; an unknown or read-only name leaves them unchanged (and says so)."""
    if name not in BLOCK_FLAGS:
        print(f"af: there is no block flag {name!r}; known: {', '.join(BLOCK_FLAGS)}")
        return flags
    if name in READ_ONLY_BLOCK_FLAGS:
        print(f"af: block flag {name!r} is set by the server only")
        return flags
    return flags | BLOCK_FLAGS[name]


def has_block_flag(flags: int, name: str) -> bool:
    return bool(flags & BLOCK_FLAGS.get(name, 0))


FRAME_TOKEN = re.compile(r"@#+@")


def fill_numbers(pattern: str, first: int, last: int) -> str:
    """Replace each ``@#…#@`` token by a frame number padded to its count of ``#``.

    Tokens take the task's first frame, then its last, alternately: ``-s @#@ -e @#@`` with frames
    5..8 gives ``-s 5 -e 8``, ``img.@####@.exr`` for frame 7 gives ``img.0007.exr``.
    """
    out: list[str] = []
    use_first = True
    position = 0
    for token in FRAME_TOKEN.finditer(pattern):
        out.append(pattern[position : token.start()])
        width = len(token.group()) - 2
        out.append(str(first if use_first else last).zfill(width))
        use_first = not use_first
        position = token.end()
    out.append(pattern[position:])
    return "".join(out)
