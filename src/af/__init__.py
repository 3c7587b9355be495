"""``import af``: Afanasy's Python API, as scripts written for Afanasy import it.

The implementation lives in :mod:`flamenco.af`; this top-level name exists so that submission
scripts run unchanged.
"""

from flamenco.af import Block, Cmd, Job, ServerSideMissing, Task, checkRegExp, manager_url

__all__ = ["Block", "Cmd", "Job", "ServerSideMissing", "Task", "checkRegExp", "manager_url"]
