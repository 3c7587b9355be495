"""Afanasy's ``af`` Python API for this Manager (also importable as ``af``).

Pipeline scripts written for Afanasy (CGRU) build jobs with ``af.Job``, ``af.Block`` and
``af.Task`` and submit them with ``job.send()``; this package offers the same classes and methods,
producing the same JSON job document, and sends it to this Manager. See ``docs/afanasy.md``.
"""

from flamenco.af.cmd import Cmd
from flamenco.af.job import Block, Job, Task, checkRegExp
from flamenco.af.transport import ServerSideMissing, manager_url

__all__ = ["Block", "Cmd", "Job", "ServerSideMissing", "Task", "checkRegExp", "manager_url"]
