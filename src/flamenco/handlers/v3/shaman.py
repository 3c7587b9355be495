"""shaman (3.8): the seed door's Shaman, except that a checkout never clashes.

Flamenco 3.8's add-on names a checkout after the job and reads back the path the Manager used, so
a taken path gets a unique suffix here (as Flamenco does) instead of the seed door's 409: artists
re-submit jobs under the same name all the time.
"""

from __future__ import annotations

from typing import Any

from flamenco.handlers.shaman import (
    enabled_shaman,
    shaman_checkout_requirements,
    shaman_file_store,
    shaman_file_store_check,
)

__all__ = ["shaman_checkout", "shaman_checkout_requirements", "shaman_file_store", "shaman_file_store_check"]


def shaman_checkout(body: dict[str, Any]) -> dict[str, Any]:
    return {"checkoutPath": enabled_shaman().checkout(body["checkoutPath"], body["files"], unique=True)}
