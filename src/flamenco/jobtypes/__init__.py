"""Job types: turning a submitted job into tasks (what Flamenco calls job compiler scripts).

Job types are Python modules; see :mod:`flamenco.jobtypes.registry` for the module contract and
``docs/job-types.md`` for a guide. Everything a job type author needs is importable from here.
"""

from flamenco.jobtypes import paths
from flamenco.jobtypes.authoring import AuthoredCommand, AuthoredTask, CompiledJob, CompilingJob
from flamenco.jobtypes.errors import JobCompileError, JobSettingsError, JobTypeDefinitionError, UnknownJobType
from flamenco.jobtypes.frames import (
    MAX_FRAMES,
    FrameRangeError,
    blender_frame_chunks,
    frame_chunker,
    frame_count,
    parse_frame_range,
    to_blender_range,
)
from flamenco.jobtypes.paths import format_timestamp
from flamenco.jobtypes.registry import JobTypeRegistry

__all__ = [
    "MAX_FRAMES",
    "AuthoredCommand",
    "AuthoredTask",
    "CompiledJob",
    "CompilingJob",
    "FrameRangeError",
    "JobCompileError",
    "JobSettingsError",
    "JobTypeDefinitionError",
    "JobTypeRegistry",
    "UnknownJobType",
    "blender_frame_chunks",
    "format_timestamp",
    "frame_chunker",
    "frame_count",
    "parse_frame_range",
    "paths",
    "to_blender_range",
]
