"""The services and parsers a CGRU installation ships, for checking names without one.

Afanasy's `af` module accepts a block service only if CGRU has a service module of that name
(otherwise it falls back to ``generic``), and takes the block's parser from that service. When a
CGRU installation is present (``$AF_ROOT``, else ``$CGRU_LOCATION/afanasy``) its folders are the
truth, so a studio's own services keep working; without one, these tables (the names in CGRU's
``afanasy/python/services`` and ``parsers`` folders) give a script the same block it would get on a
stock CGRU install.
"""

from __future__ import annotations

import os
from pathlib import Path

# Service name -> the parser it names ("" = it names none; None = it has no parser attribute).
SERVICE_PARSERS: dict[str, str | None] = {
    "afterfx": "afterfx",
    "arnold": "arnold",
    "blender": "blender",
    "blender_internal": "blender_internal",
    "c4d": "c4d",
    "checksum": "generic",
    "clarisse": "clarisse",
    "events": None,
    "ffmpeg": "ffmpeg",
    "ftp": "generic",
    "ftrack": "ftrack",
    "fusion": "fusion",
    "generic": "generic",
    "hbatch": "hbatch",
    "hbatch_karma": "hbatch_karma",
    "hbatch_mantra": "hbatch_mantra",
    "hbatch_pdg": "generic",
    "hbatch_prman": "hbatch_prman",
    "hbatch_redshift": "hbatch_redshift",
    "houdinitoarnold": "houdinitoarnold",
    "htracker": "generic",
    "karma": "karma",
    "lightwave": "lightwave",
    "mantra": "mantra",
    "max": "max",
    "maya": "",
    "maya_arnold": "maya_arnold",
    "maya_delight": "maya_delight",
    "maya_mental": "maya_mental",
    "maya_redshift": "maya_redshift",
    "mayatoarnold": "mayatoarnold",
    "mayatomr": "mayatomr",
    "mayatovray": "mayatovray",
    "mentalray": "mentalray",
    "movgen": "generic",
    "natron": "natron",
    "nuke": "nuke",
    "postcmd": None,
    "prman": "prman",
    "redline": "redline",
    "rsync": "rsync",
    "service": None,
    "shotgun": "shotgun",
    "system": "generic",
    "test": "generic",
    "tiles_stitch": "generic",
    "vray": "vray",
    "wakeonlan": None,
    "walk": "generic",
    "xsi": "xsi",
    "xsi_arnold": "xsi_arnold",
    "xsi_arnold_watermarked": "xsi_arnold_watermarked",
    "xsi_redshift": "xsi_redshift",
}

PARSERS: frozenset[str] = frozenset(
    [
        "afterfx",
        "arnold",
        "awscli",
        "blender",
        "blender_cycles",
        "blender_render",
        "blender_yafray",
        "c4d",
        "clarisse",
        "curl",
        "ffmpeg",
        "ftrack",
        "fusion",
        "generic",
        "hbatch",
        "hbatch_karma",
        "hbatch_mantra",
        "hbatch_prman",
        "hbatch_redshift",
        "houdinitoarnold",
        "karma",
        "lightwave",
        "mantra",
        "max",
        "maya",
        "maya_arnold",
        "maya_delight",
        "maya_mental",
        "maya_redshift",
        "mayafumefx",
        "mayatoarnold",
        "mayatomr",
        "mayatovray",
        "mentalray",
        "natron",
        "nuke",
        "parser",
        "prman",
        "redline",
        "redshift",
        "rsync",
        "rvio",
        "shotgun",
        "vray",
        "xsi",
        "xsi_arnold",
        "xsi_arnold_watermarked",
        "xsi_redshift",
        "yafray",
    ]
)


def cgru_python_folder() -> Path | None:
    """CGRU's ``afanasy/python`` folder, when an installation is configured and present."""
    root = os.environ.get("AF_ROOT")
    if not root and os.environ.get("CGRU_LOCATION"):
        root = os.path.join(os.environ["CGRU_LOCATION"], "afanasy")
    if not root:
        return None
    folder = Path(root) / "python"
    return folder if folder.is_dir() else None


def _installed(kind: str) -> set[str] | None:
    base = cgru_python_folder()
    if base is None or not (base / kind).is_dir():
        return None
    return {p.stem for p in (base / kind).glob("*.py") if p.stem != "__init__"}


def service_exists(name: str) -> bool:
    installed = _installed("services")
    return name in (installed if installed is not None else SERVICE_PARSERS)


def parser_exists(name: str) -> bool:
    installed = _installed("parsers")
    return name in (installed if installed is not None else PARSERS)


def parser_of_service(name: str) -> str | None:
    """The parser a service names, or None when it names none.

    With a CGRU installation, read from the service's module text (the ``parser = '...'`` line)
    rather than importing it: importing CGRU's services needs CGRU's other modules.
    """
    base = cgru_python_folder()
    module = base / "services" / f"{name}.py" if base else None
    if module is not None and module.is_file():
        for line in module.read_text(encoding="utf-8", errors="replace").splitlines():
            head, sep, value = line.partition("=")
            if sep and head.strip() == "parser":
                return value.strip().strip("'\"")
        return None
    return SERVICE_PARSERS.get(name)
