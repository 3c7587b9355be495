"""Request validation fixes for Connexion 3.3."""

from __future__ import annotations

from typing import Any

from connexion.lifecycle import ConnexionRequest
from connexion.validators.parameter import ParameterValidator


class CoercingParameterValidator(ParameterValidator):
    """Validates boolean headers as booleans.

    Connexion 3.3 checks header values as raw strings, so ``X-Shaman-Can-Defer-Upload: true`` (what
    Blender's add-on sends) fails ``type: boolean`` and is refused before any handler runs.
    """

    def validate_header_parameter(self, param: dict[str, Any], request: ConnexionRequest) -> str | None:
        value: Any = request.headers.get(param["name"])
        if value is not None and param.get("schema", {}).get("type") == "boolean":
            value = {"true": True, "false": False}.get(value.strip().lower(), value)
        return self.validate_parameter("header", value, param)
