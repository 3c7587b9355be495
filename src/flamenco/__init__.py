"""Flamenco Manager in Python, wire-compatible with Blender's Flamenco."""


def _version() -> str:
    try:
        from importlib.metadata import PackageNotFoundError, version
    except ImportError:
        # Python before 3.8: the `af` module is imported from `src/` inside DCC applications,
        # some of which still ship Python 3.7.
        return "0.0.0+source"
    try:
        return version("flamenco-manager-py")
    except PackageNotFoundError:  # running from a source tree without installing
        return "0.0.0+source"


__version__ = _version()
