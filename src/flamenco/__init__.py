"""Flamenco Manager in Python, wire-compatible with Blender's Flamenco."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("flamenco-manager-py")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+source"
