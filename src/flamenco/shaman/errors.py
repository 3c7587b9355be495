"""Shaman-specific failures, as :mod:`flamenco.errors` subclasses so the app renders them unchanged."""

from __future__ import annotations

from flamenco.errors import Conflict, FlamencoError

# Listing thousands of paths in one message helps nobody; the full list is on ``.missing``.
_MAX_LISTED = 20


class CheckoutExists(Conflict):
    """The requested checkout directory is already there (or appeared while we built ours)."""

    def __init__(self, checkout_path: str) -> None:
        super().__init__(f"checkout {checkout_path!r} already exists")
        self.checkout_path = checkout_path


class MissingFiles(FlamencoError):
    """A checkout referred to content that is not (or no longer) in the store.

    424 is what the spec documents; the client is expected to run the requirements check again and
    upload what is missing.
    """

    status = 424

    def __init__(self, missing: list[str]) -> None:
        listed = ", ".join(repr(path) for path in missing[:_MAX_LISTED])
        if len(missing) > _MAX_LISTED:
            listed += f" and {len(missing) - _MAX_LISTED} more"
        super().__init__(f"{len(missing)} file(s) not uploaded to the Shaman yet: {listed}")
        self.missing = missing
