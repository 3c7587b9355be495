"""Shaman: content-addressed file upload and job checkouts, free of any HTTP concerns.

Clients upload each file once, keyed by SHA-256 and size; a job's files then appear in a
checkout directory as symlinks to the stored content. See ``docs/shaman.md``.
"""

from flamenco.shaman.errors import CheckoutExists, MissingFiles
from flamenco.shaman.filestore import FileStatus, FileStore, StoreResult
from flamenco.shaman.service import Shaman
from flamenco.shaman.validation import validate_checksum, validate_size

__all__ = [
    "CheckoutExists",
    "FileStatus",
    "FileStore",
    "MissingFiles",
    "Shaman",
    "StoreResult",
    "validate_checksum",
    "validate_size",
]
