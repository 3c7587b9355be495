"""Test job type: tasks and dependencies spelled out in one setting.

``graph`` lists tasks separated by ``;``, each ``name`` or ``name<prerequisite,prerequisite``, in the
order they are added: ``"a; b1<a; b2<a; c<b1,b2"`` is a fan-out from ``a`` and a fan-in at ``c``.
A prerequisite must be listed before the task that needs it.
"""

from __future__ import annotations

from flamenco.jobtypes import AuthoredCommand, AuthoredTask, CompilingJob, JobSettingsError

JOB_TYPE = {
    "label": "Task graph (tests)",
    "settings": [{"key": "graph", "type": "string", "required": True}],
}


def compile_job(job: CompilingJob) -> None:
    tasks: dict[str, AuthoredTask] = {}
    for item in job.settings["graph"].split(";"):
        name, _, needs = item.strip().partition("<")
        task = AuthoredTask(name.strip(), "misc")
        task.add_command(AuthoredCommand("echo", {"message": name}))
        for prerequisite in filter(None, (n.strip() for n in needs.split(","))):
            if prerequisite not in tasks:
                raise JobSettingsError({"graph": f"{prerequisite!r} is not listed before {name!r}"})
            task.add_dependency(tasks[prerequisite])
        tasks[task.name] = task
        job.add_task(task)
