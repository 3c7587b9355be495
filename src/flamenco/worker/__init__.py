"""Flamenco Worker: the agent on each render node.

It registers with a Manager, signs on, asks for tasks, runs their commands as subprocesses and
reports progress and logs back through a durable on-disk queue, so a Manager restart or a network
hiccup costs no task updates. Start it with the ``flamenco-worker`` console script
(:func:`flamenco.worker.cli.main`).

This package deliberately imports nothing of the Manager (no database, no web framework): it talks
to the Manager through the generated client (:mod:`flamenco.api_client`), so a render node needs
only ``httpx``, ``attrs`` and ``PyYAML``.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("flamenco-manager-py")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+source"
