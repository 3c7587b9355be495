"""HTTP handlers for the Shaman operations (``/shaman/...``).

Only translation lives here: request bodies and headers in, status codes out. The behaviour is in
:mod:`flamenco.shaman`. The sync handlers run in Starlette's threadpool (they touch many files);
the upload handler is async because it has to stream the body instead of buffering it.
"""

from __future__ import annotations

import email.header
import logging
from collections.abc import AsyncIterator
from typing import Any

from connexion import request
from starlette.requests import ClientDisconnect

from flamenco.errors import BadRequest, ServiceUnavailable
from flamenco.services import current
from flamenco.shaman import Shaman, StoreResult, validate_checksum, validate_size

logger = logging.getLogger(__name__)

_STATUS_FOR = {
    StoreResult.STORED: 204,
    StoreResult.ALREADY_STORED: 208,
    StoreResult.DEFER: 425,
}


def enabled_shaman() -> Shaman:
    shaman = current().shaman
    if shaman is None:
        raise ServiceUnavailable("Shaman is disabled on this Manager")
    return shaman


def shaman_checkout_requirements(body: dict[str, Any]) -> dict[str, Any]:
    return {"files": enabled_shaman().requirements(body["files"])}


def shaman_checkout(body: dict[str, Any]) -> dict[str, Any]:
    return {"checkoutPath": enabled_shaman().checkout(body["checkoutPath"], body["files"])}


def shaman_file_store_check(checksum: str, filesize: int) -> dict[str, Any]:
    return {"status": enabled_shaman().file_status(checksum, filesize)}


async def shaman_file_store(checksum: str, filesize: int) -> tuple[dict[str, Any] | None, int]:
    """Stream an upload into the store; 204 stored, 208 known, 425 deferred, 417 mismatch.

    A 417 carries an Error body saying what did not match (the spec's repaired 417 response).
    """
    shaman = enabled_shaman()
    validate_checksum(checksum)
    validate_size(filesize)
    headers = request.headers

    declared = headers.get("content-length")
    if declared is not None and _parse_length(declared) != filesize:
        # Known to be wrong before a byte is read; answering now spares the client the upload.
        return _mismatch(f"Content-Length {declared} does not match the file size {filesize} in the URL")

    can_defer = headers.get("x-shaman-can-defer-upload", "").strip().lower() in ("true", "1", "yes")
    original_filename = _decode_filename(headers.get("x-shaman-original-filename"))

    # Counted here (the store counts too) only to tell the client which check failed.
    received = 0

    async def body() -> AsyncIterator[bytes]:
        nonlocal received
        async for chunk in request.stream():
            received += len(chunk)
            yield chunk

    try:
        result = await shaman.store(
            checksum, filesize, body(), can_defer=can_defer, original_filename=original_filename
        )
    except ClientDisconnect:
        # The store already removed the partial upload. Nobody will read this response; returning
        # one instead of raising keeps a routine event out of the error logs.
        logger.info("shaman: client went away while uploading %s (%s)", checksum, original_filename)
        return _mismatch(f"upload ended after {received} of {filesize} bytes")

    if result is not StoreResult.MISMATCH:
        return None, _STATUS_FOR[result]
    if received > filesize:
        return _mismatch(f"received more than the announced {filesize} bytes")
    if received < filesize:
        return _mismatch(f"received {received} bytes, announced {filesize}")
    return _mismatch(f"the uploaded data does not have SHA-256 checksum {checksum}")


def _mismatch(message: str) -> tuple[dict[str, Any], int]:
    return {"code": 417, "message": message}, 417


def _parse_length(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise BadRequest(f"invalid Content-Length header {value!r}") from None


def _decode_filename(raw: str | None) -> str | None:
    """The add-on MIME-encodes non-ASCII names (RFC 2047); the result is only used for logging."""
    if not raw:
        return None
    try:
        return str(email.header.make_header(email.header.decode_header(raw)))
    except (ValueError, LookupError, UnicodeDecodeError):
        return raw
