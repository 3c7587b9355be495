"""``af.Job``, ``af.Block`` and ``af.Task``: Afanasy's job-building API.

Each object keeps the JSON it stands for in ``.data``, with the keys and values Afanasy's own
``af.py`` writes, so a submission script produces the same document whichever module it imports.
Like Afanasy's, setters given an out-of-range or invalid value leave ``.data`` unchanged (and some
print why) instead of raising: existing scripts rely on that. See ``docs/design/pipeline-jobs.md``
§2 for the effect of every method.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections.abc import Iterable
from typing import Any

from flamenco.af import catalog, config, transport
from flamenco.af.flags import has_block_flag, set_block_flag

MAX_PRIORITY = 250


def to_server(path: str) -> str:
    """CGRU's client-to-server path mapping. No map is configured here, so paths pass unchanged;
    this Manager maps paths per worker platform with its two-way variables instead."""
    return path


def checkRegExp(pattern: str) -> bool:
    """True for a non-empty pattern that compiles; an invalid one is reported, an empty one is not."""
    if len(pattern) == 0:
        return False
    try:
        re.compile(pattern)
    except re.error as err:
        print(f"af: invalid regular expression {pattern!r}: {err}")
        return False
    return True


def _set_files(data: dict[str, Any], files: Iterable[str], transfer: bool) -> None:
    listed = data.setdefault("files", [])
    for name in files:
        listed.append(to_server(name) if transfer else name)


def _set_env(data: dict[str, Any], name: str, value: str, transfer: bool) -> None:
    data.setdefault("environment", {})[name] = to_server(value) if transfer else value


class _WhereItRuns:
    """The regex setters that jobs and blocks share, each for its own level: which workers may run
    it by name (``hosts_mask``, ``hosts_mask_exclude``) and the properties they must report."""

    data: dict[str, Any]

    def setHostsMask(self, value: str) -> None:
        if checkRegExp(value):
            self.data["hosts_mask"] = value

    def setHostsMaskExclude(self, value: str) -> None:
        if checkRegExp(value):
            self.data["hosts_mask_exclude"] = value

    def setNeedProperties(self, value: str) -> None:
        if checkRegExp(value):
            self.data["need_properties"] = value


class Task:
    """One task of a non-numeric block: its own name, command and preview files."""

    def __init__(self, taskname: str = "") -> None:
        self.data: dict[str, Any] = {}
        self.setName(taskname)

    def setName(self, name: str) -> None:
        if name != "":
            self.data["name"] = name

    def setCommand(self, command: str, TransferToServer: bool = True) -> None:
        self.data["command"] = to_server(command) if TransferToServer else command

    def setFiles(self, files: Iterable[str], TransferToServer: bool = True) -> None:
        _set_files(self.data, files, TransferToServer)

    def setEnv(self, i_name: str, i_value: str, i_transfer_to_server: bool = True) -> None:
        _set_env(self.data, i_name, i_value, i_transfer_to_server)


class Block(_WhereItRuns):
    """What a block's tasks share: service, command pattern, frames, limits, masks and needs."""

    def __init__(self, blockname: str = "block", service: str | None = "generic") -> None:
        values = config.load()
        self.data: dict[str, Any] = {
            "flags": 0,
            "name": blockname,
            "service": values["af_task_default_service"],
            "capacity": int(values["af_task_default_capacity"]),
            "working_directory": to_server(os.getenv("PWD", os.getcwd())),
        }
        self.tasks: list[Task] = []
        if service is not None and len(service) and self.setService(service):
            parser = catalog.parser_of_service(self.data["service"])
            if parser is not None:
                self.setParser(parser)

    # -- what runs ---------------------------------------------------------------------------

    def setService(self, service: str | None, nocheck: bool = False) -> bool:
        """Set the task type; an unknown service becomes ``generic`` (and answers False)."""
        if service is None or not len(service):
            return False
        known = True
        if not nocheck and not catalog.service_exists(service):
            print(f'af: unknown service "{service}", using "generic"')
            service, known = "generic", False
        self.data["service"] = service
        return known

    def setParser(self, parser: str | None, nocheck: bool = False) -> None:
        if parser is None or not len(parser):
            return
        if not nocheck and not catalog.parser_exists(parser) and parser != "none":
            print(f'af: unknown parser "{parser}", using "none"')
            parser = "none"
        self.data["parser"] = parser

    def setCommand(self, command: str, prefix: bool = True, TransferToServer: bool = True) -> None:
        if prefix:
            command = os.getenv("AF_CMD_PREFIX", config.load()["af_cmdprefix"]) + command
        self.data["command"] = to_server(command) if TransferToServer else command

    def setCmdPre(self, command_pre: str, TransferToServer: bool = True) -> None:
        self.data["command_pre"] = to_server(command_pre) if TransferToServer else command_pre

    def setCmdPost(self, command_post: str, TransferToServer: bool = True) -> None:
        self.data["command_post"] = to_server(command_post) if TransferToServer else command_post

    def setWorkingDirectory(self, working_directory: str, TransferToServer: bool = True) -> None:
        self.data["working_directory"] = (
            to_server(working_directory) if TransferToServer else working_directory
        )

    def setFiles(self, files: Iterable[str], TransferToServer: bool = True) -> None:
        _set_files(self.data, files, TransferToServer)

    def setEnv(self, i_name: str, i_value: str, i_transfer_to_server: bool = True) -> None:
        _set_env(self.data, i_name, i_value, i_transfer_to_server)

    def setName(self, value: str) -> None:
        self.data["name"] = value

    def setTasksName(self, value: str) -> None:
        self.data["tasks_name"] = value

    def setParserCoeff(self, value: int) -> None:
        self.data["parser_coeff"] = value

    # -- frames ------------------------------------------------------------------------------

    def setNumeric(self, start: int = 1, end: int = 1, pertask: int = 1, increment: int = 1) -> None:
        """Make the block a frame range cut into tasks of ``pertask`` frames (every ``increment``-th)."""
        if len(self.tasks):
            print("af: Block.setNumeric: the block already has tasks; left as it is")
            return
        if end < start:
            print(f"af: Block.setNumeric: last frame {end} is before first frame {start}; using {start}")
            end = start
        if pertask < 1:
            print(f"af: Block.setNumeric: frames per task {pertask} is below 1; using 1")
            pertask = 1
        self.data["flags"] = set_block_flag(self.data["flags"], "numeric")
        self.data["frame_first"] = start
        self.data["frame_last"] = end
        self.data["frames_per_task"] = pertask
        self.data["frames_inc"] = increment

    def setFramesPerTask(self, value: int) -> None:
        self.data["frames_per_task"] = int(value)

    def setSequential(self, value: int) -> None:
        self.data["sequential"] = int(value)

    def setDependSubTask(self) -> None:
        self.data["flags"] = set_block_flag(self.data["flags"], "dependsubtask")

    def setTasksSuspended(self) -> None:
        self.data["flags"] = set_block_flag(self.data["flags"], "suspendnewtasks")

    # -- capacity and limits -----------------------------------------------------------------

    def setCapacity(self, capacity: int) -> None:
        if capacity > 0:
            self.data["capacity"] = capacity

    def setVariableCapacity(self, capacity_coeff_min: int, capacity_coeff_max: int) -> None:
        if capacity_coeff_min >= 0 or capacity_coeff_max >= 0:
            self.data["capacity_coeff_min"] = int(capacity_coeff_min)
            self.data["capacity_coeff_max"] = int(capacity_coeff_max)

    def setMaxRunningTasks(self, value: int) -> None:
        if value >= 0:
            self.data["max_running_tasks"] = int(value)

    def setMaxRunTasksPerHost(self, value: int) -> None:
        if value >= 0:
            self.data["max_running_tasks_per_host"] = int(value)

    def addTicket(self, i_name: str, i_count: int) -> None:
        self.data.setdefault("tickets", {})[i_name] = i_count

    # -- errors and time limits --------------------------------------------------------------

    def setErrorsAvoidHost(self, value: int) -> None:
        self.data["errors_avoid_host"] = value

    def setErrorsForgiveTime(self, value: int) -> None:
        self.data["errors_forgive_time"] = value

    def setErrorsRetries(self, value: int) -> None:
        self.data["errors_retries"] = value

    def setErrorsTaskSameHost(self, value: int) -> None:
        self.data["errors_task_same_host"] = value

    def setTaskMaxRunTime(self, value: float) -> None:
        if value > 0:
            self.data["task_max_run_time"] = int(value)

    setTasksMaxRunTime = setTaskMaxRunTime

    def setTaskMinRunTime(self, value: float) -> None:
        if value > 0:
            self.data["task_min_run_time"] = int(value)

    def setTaskProgressChangeTimeout(self, value: float) -> None:
        """A running task whose progress stays the same this many seconds is stopped as failed."""
        if value > 0:
            self.data["task_progress_change_timeout"] = int(value)

    # -- where it runs -----------------------------------------------------------------------

    def setNeedHDD(self, value: float) -> None:
        if value > 0:
            self.data["need_hdd"] = int(value)

    def setNeedMemory(self, value: float) -> None:
        if value > 0:
            self.data["need_memory"] = int(value)

    def setNeedGPUMemGB(self, value: float) -> None:
        if value > 0:
            self.data["need_gpu_mem_mb"] = int(value * 1024.0)

    def setNeedCPUFreqGHz(self, value: float) -> None:
        if value > 0:
            self.data["need_cpu_freq_mgz"] = int(value * 1000.0)

    def setNeedCPUCores(self, value: float) -> None:
        if value > 0:
            self.data["need_cpu_cores"] = int(value)

    def setNeedCPUFreqCores(self, value: float) -> None:
        if value > 0:
            self.data["need_cpu_freq_cores"] = int(value * 1000.0)

    def setNeedPower(self, value: float) -> None:
        if value > 0:
            self.data["need_power"] = int(value)

    # -- dependencies ------------------------------------------------------------------------

    def setDependMask(self, value: str) -> None:
        """Wait for the whole of every other block of the job whose name matches."""
        if checkRegExp(value):
            self.data["depend_mask"] = value

    def setTasksDependMask(self, value: str) -> None:
        """Each task waits for the tasks of matching blocks that cover the same frames."""
        if checkRegExp(value):
            self.data["tasks_depend_mask"] = value

    # -- output files ------------------------------------------------------------------------

    def skipThumbnails(self) -> None:
        self.data["flags"] = set_block_flag(self.data["flags"], "skipthumbnails")

    def skipExistingFiles(self, i_size_min: int = -1, i_size_max: int = -1) -> None:
        self.data["flags"] = set_block_flag(self.data["flags"], "skipexistingfiles")
        self._file_sizes(i_size_min, i_size_max)

    def checkRenderedFiles(self, i_size_min: int = -1, i_size_max: int = -1) -> None:
        self.data["flags"] = set_block_flag(self.data["flags"], "checkrenderedfiles")
        self._file_sizes(i_size_min, i_size_max)

    def _file_sizes(self, size_min: int, size_max: int) -> None:
        if size_min > 0:
            self.data["file_size_min"] = size_min
        if size_max > 0:
            self.data["file_size_max"] = size_max

    # -- multi-host tasks --------------------------------------------------------------------

    def setMultiHost(
        self,
        h_min: int,
        h_max: int,
        h_max_wait: int,
        master_on_slave: bool = False,
        service: str | None = None,
        service_wait: int = -1,
    ) -> bool | None:
        if h_min < 1:
            print("af: Block.setMultiHost: the minimum number of hosts must be at least 1")
            return False
        if h_max < h_min:
            print("af: Block.setMultiHost: the maximum number of hosts must not be below the minimum")
            return False
        if master_on_slave and service is None:
            print("af: Block.setMultiHost: master-on-slave needs a slave service")
            return False
        self.data["flags"] = set_block_flag(self.data["flags"], "multihost")
        self.data["multihost_min"] = h_min
        self.data["multihost_max"] = h_max
        self.data["multihost_max_wait"] = h_max_wait
        if master_on_slave:
            self.data["flags"] = set_block_flag(self.data["flags"], "masteronslave")
        if service:
            self.data["multihost_service"] = service
        if service_wait > 0:
            self.data["multihost_service_wait"] = service_wait
        return None

    def setSlaveLostIgnore(self) -> None:
        if not has_block_flag(self.data["flags"], "multihost"):
            print("af: Block.setSlaveLostIgnore: the block is not multi-host")
            return
        self.data["flags"] = set_block_flag(self.data["flags"], "slavelostignore")

    # -- building ----------------------------------------------------------------------------

    def fillTasks(self) -> None:
        if len(self.tasks):
            self.data["tasks"] = [task.data for task in self.tasks]


class Job(_WhereItRuns):
    """A job: its blocks (``job.blocks``), and what applies to the job as a whole."""

    def __init__(self, jobname: str | None = None) -> None:
        values = config.load()
        self.data: dict[str, Any] = {
            "name": "noname",
            "user_name": values["USERNAME"],
            "host_name": values["HOSTNAME"],
            "priority": values["af_priority"],
            "time_creation": int(time.time()),
        }
        self._platform: list[str] = values["platform"]
        self.setName(jobname)
        self.blocks: list[Block] = []

    def setName(self, name: str | None) -> None:
        if name is not None and len(name):
            self.data["name"] = name

    def setUserName(self, username: str | None) -> None:
        if username is not None and len(username):
            self.data["user_name"] = username.lower()

    def setPriority(self, priority: int) -> None:
        if priority < 0:
            return
        if priority > MAX_PRIORITY:
            priority = MAX_PRIORITY
            print(f"af: priority lowered to the maximum, {MAX_PRIORITY}")
        self.data["priority"] = int(priority)

    def setCmdPre(self, command: str, TransferToServer: bool = True) -> None:
        self.data["command_pre"] = to_server(command) if TransferToServer else command

    def setCmdPost(self, command: str, TransferToServer: bool = True) -> None:
        """A command run on the farm after the job is deleted (e.g. removing a temporary scene)."""
        self.data["command_post"] = to_server(command) if TransferToServer else command

    def setPostDeleteFiles(self, i_path: str, TransferToServer: bool = True) -> None:
        self.setCmdPost(f'deletefiles "{i_path}"', TransferToServer)

    def setFolder(self, i_name: str, i_folder: str, i_transferToServer: bool = True) -> None:
        self.data.setdefault("folders", {})[i_name] = to_server(i_folder) if i_transferToServer else i_folder

    def setPools(self, i_pools: dict[str, int]) -> None:
        self.data["pools"] = i_pools

    def tryTask(self, i_block: int, i_task: int) -> None:
        if "try_this_tasks_num" not in self.data:
            self.data["try_this_tasks_num"] = []
            self.data["try_this_blocks_num"] = []
        self.data["try_this_tasks_num"].append(i_task)
        self.data["try_this_blocks_num"].append(i_block)

    def setBranch(self, i_branch: str, i_transferToServer: bool = True) -> None:
        self.data["branch"] = to_server(i_branch) if i_transferToServer else i_branch

    def setAnnotation(self, value: str) -> None:
        self.data["annotation"] = value

    def setDescription(self, value: str) -> None:
        self.data["description"] = value

    def setProject(self, project: str | None) -> None:
        if project is not None and len(project):
            self.data["project"] = project

    def setDepartment(self, department: str | None) -> None:
        if department is not None and len(department):
            self.data["department"] = department

    def setWaitTime(self, value: float) -> None:
        """Do not start before this Unix time (ignored unless it is in the future)."""
        if value > time.time():
            self.data["time_wait"] = int(value)

    def setTimeLife(self, value: Any) -> None:
        """Delete the job this many seconds after its creation (only plain non-negative integers)."""
        if str(value).isdigit():
            self.data["time_life"] = value

    def setMaxRunningTasks(self, value: int) -> None:
        if value >= 0:
            self.data["max_running_tasks"] = int(value)

    def setMaxRunTasksPerHost(self, value: int) -> None:
        if value >= 0:
            self.data["max_running_tasks_per_host"] = int(value)

    def setDependMask(self, value: str) -> None:
        """Wait while an unfinished job of the same user has a name matching this regex."""
        if checkRegExp(value):
            self.data["depend_mask"] = value

    def setDependMaskGlobal(self, value: str) -> None:
        """Wait while an unfinished job of any user has a name matching this regex."""
        if checkRegExp(value):
            self.data["depend_mask_global"] = value

    def setNeedOS(self, value: str) -> None:
        if checkRegExp(value):
            self.data["need_os"] = value

    def setNativeOS(self) -> None:
        self.data["need_os"] = self._platform[-1]

    def setAnyOS(self) -> None:
        self.data["need_os"] = ""

    def setPPApproval(self) -> None:
        self.data["ppa"] = True

    def setMaintenance(self) -> None:
        self.data["maintenance"] = True

    def setIgnoreNimby(self) -> None:
        self.data["ignorenimby"] = True

    def setIgnorePaused(self) -> None:
        self.data["ignorepaused"] = True

    def offline(self) -> None:
        """Submit the job paused (Afanasy's "offline"); it starts when someone starts it."""
        self.data["offline"] = True

    offLine = offline
    setOffline = offline
    pause = offline
    setPaused = offline

    # -- building and sending ----------------------------------------------------------------

    def fillBlocks(self) -> None:
        self.data["blocks"] = []
        for block in self.blocks:
            block.fillTasks()
            self.data["blocks"].append(block.data)

    def checkJob(self) -> bool:
        """False when a block is neither numeric (nor flagged otherwise) nor has tasks."""
        return all(not (block.data["flags"] == 0 and len(block.tasks) == 0) for block in self.blocks)

    def output(self, output_blocks: bool = True) -> None:
        """Print the job document (with its blocks unless ``output_blocks`` is False)."""
        self.fillBlocks()
        shown = self.data if output_blocks else {k: v for k, v in self.data.items() if k != "blocks"}
        print(json.dumps(shown, sort_keys=True, indent=4))

    def document(self) -> dict[str, Any]:
        """``{"job": ...}`` as ``send`` submits it: blocks filled, default folders and branch set."""
        self.fillBlocks()
        if "folders" not in self.data:
            self.data["folders"] = {}
            for block in self.blocks:
                files = block.data.get("files")
                if files:
                    self.data["folders"][block.data["name"]] = os.path.join(
                        block.data["working_directory"], os.path.dirname(files[0])
                    )
        if "branch" not in self.data:
            folders = self.data["folders"]
            if "output" in folders:
                self.data["branch"] = folders["output"]
            elif "input" in folders:
                self.data["branch"] = folders["input"]
            else:
                self.data["branch"] = self.blocks[0].data["working_directory"]
        return {"job": self.data}

    def send(self, verbose: bool = False) -> tuple[bool, Any] | bool:
        """Submit the job to the Manager. Answers ``(True, answer)``, ``(False, None)`` when the
        Manager cannot be reached, or False (sending nothing) when the job is not valid."""
        if len(self.blocks) == 0:
            print("af: the job has no blocks; nothing sent", file=sys.stderr)
            return False
        self.fillBlocks()
        if not self.checkJob():
            print(
                "af: a block has neither a frame range (setNumeric) nor tasks; nothing sent", file=sys.stderr
            )
            return False
        return transport.send_document(self.document(), verbose)
