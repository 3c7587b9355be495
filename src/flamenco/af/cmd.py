"""``af.Cmd``: Afanasy's protocol requests (``get`` and ``action`` documents) from Python.

Each method fills one request, sends it through :func:`flamenco.af.transport.send_document` and
resets the object, as Afanasy's does, so one ``Cmd`` can be reused. The documents are Afanasy's;
which of them this Manager answers is listed in ``docs/design/pipeline-jobs.md`` §5.2.
"""

from __future__ import annotations

import json
from typing import Any

from flamenco.af import config, transport


class Cmd:
    def __init__(self) -> None:
        values = config.load()
        self._host = values["HOSTNAME"]
        self._user = values["USERNAME"]
        self.data: dict[str, Any] = {"user_name": self._user, "host_name": self._host}
        self.action: str | None = None

    def request(self) -> dict[str, Any] | None:
        """The document the next send would post (for tests and dry runs)."""
        return None if self.action is None else {self.action: dict(self.data)}

    def _sendRequest(self, verbose: bool = False, without_answer: bool = False) -> Any:
        document = self.request()
        if document is None:
            print("af: Cmd: no request set")
            return None
        if verbose:
            print(json.dumps(document))
        ok, answer = transport.send_document(document, verbose)
        self.__init__()  # type: ignore[misc]  # ready for the next request, as Afanasy's is
        if without_answer:
            return None
        return answer if ok else None

    # -- jobs --------------------------------------------------------------------------------

    def _get(self, kind: str) -> None:
        self.action = "get"
        self.data["type"] = kind

    def _job_action(self, ids: list[int] | None = None, mask: str | None = None) -> None:
        self.action = "action"
        self.data["type"] = "jobs"
        if ids is not None:
            self.data["ids"] = ids
        if mask is not None:
            self.data["mask"] = mask

    def getJobList(self, verbose: bool = False, ids: list[int] | None = None) -> Any:
        self._get("jobs")
        if ids is not None:
            self.data["ids"] = ids
        answer = self._sendRequest(verbose)
        return answer["jobs"] if isinstance(answer, dict) and "jobs" in answer else None

    def getJobInfo(self, jobId: int, verbose: bool = False) -> Any:
        self.data["ids"] = [jobId]
        self.data["mode"] = "full"
        return self.getJobList(verbose)

    def getJobProgress(self, jobId: int, verbose: bool = False) -> Any:
        self.data["ids"] = [jobId]
        self.data["mode"] = "progress"
        self._get("jobs")
        answer = self._sendRequest(verbose)
        return answer["job_progress"] if isinstance(answer, dict) and "job_progress" in answer else None

    def deleteJob(self, jobName: str, verbose: bool = False) -> Any:
        self._job_action(mask=jobName)
        self.data["operation"] = {"type": "delete"}
        return self._sendRequest(verbose)

    def jobOperationById(self, i_opration: str, i_id: int, i_verbose: bool = False) -> Any:
        self._job_action(ids=[i_id])
        self.data["operation"] = {"type": i_opration}
        return self._sendRequest(i_verbose)

    def deleteJobById(self, jobId: int, verbose: bool = False) -> Any:
        return self.jobOperationById("delete", jobId, verbose)

    def stopJobById(self, jobId: int, verbose: bool = False) -> Any:
        return self.jobOperationById("stop", jobId, verbose)

    def setJobState(self, jobId: int, state: str, verbose: bool = False) -> Any:
        return self.jobOperationById(state, jobId, verbose)

    def setBlockState(
        self, jobId: int, blockNum: int, state: str, taskIds: list[int] | None = None, verbose: bool = False
    ) -> Any:
        self._job_action(ids=[jobId])
        self.data["block_ids"] = [blockNum]
        self.data["operation"] = {"type": state, "task_ids": list(taskIds or [])}
        return self._sendRequest(verbose)

    def setJobPriorityById(self, jobId: int, priority: int, verbose: bool = False) -> Any:
        self._job_action(ids=[jobId])
        self.data["params"] = {"priority": priority}
        return self._sendRequest(verbose)

    def appendBlocks(self, jobId: int, blocks: list[Any], verbose: bool = False) -> Any:
        """Add blocks (``af.Block`` objects) to an existing job."""
        data = []
        for block in blocks:
            block.fillTasks()
            data.append(block.data)
        self._job_action(ids=[jobId])
        self.data["operation"] = {"type": "append_blocks", "blocks": data}
        return self._sendRequest(verbose)

    def appendTasks(self, jobId: int, blockId: int, tasks: list[Any], verbose: bool = False) -> Any:
        """Add tasks (``af.Task`` objects) to a block (by index) of an existing job."""
        self._job_action(ids=[jobId])
        self.data["block_ids"] = [blockId]
        self.data["operation"] = {"type": "append_tasks", "tasks": [task.data for task in tasks]}
        return self._sendRequest(verbose)

    # -- renders (this host) -----------------------------------------------------------------

    def _this_render(self) -> None:
        self.action = "action"
        self.data["type"] = "renders"
        self.data["mask"] = self._host

    def renderSetUserName(self, i_user_name: str) -> None:
        self._this_render()
        self.data["params"] = {"user_name": i_user_name}
        self._sendRequest()

    def renderSetNimby(self) -> None:
        """This host runs only its owner's tasks."""
        self._this_render()
        self.data["params"] = {"nimby": True}
        self._sendRequest()

    def renderSetNIMBY(self) -> None:
        """This host runs no tasks."""
        self._this_render()
        self.data["params"] = {"NIMBY": True}
        self._sendRequest()

    def renderSetFree(self) -> None:
        self._this_render()
        self.data["params"] = {"nimby": False}
        self._sendRequest()

    def renderSetFreeUnpause(self) -> None:
        self._this_render()
        self.data["params"] = {"nimby": False, "paused": False}
        self._sendRequest()

    def renderEjectTasks(self) -> None:
        self._this_render()
        self.data["operation"] = {"type": "eject_tasks"}
        self._sendRequest()

    def renderEjectAndNIMBY(self) -> None:
        self._this_render()
        self.data["operation"] = {"type": "eject_tasks"}
        self.data["params"] = {"NIMBY": True}
        self._sendRequest()

    def renderEjectNotMyTasks(self) -> None:
        self._this_render()
        self.data["operation"] = {"type": "eject_tasks_keep_my"}
        self._sendRequest()

    def renderExit(self) -> None:
        self._this_render()
        self.data["operation"] = {"type": "exit"}
        self._sendRequest()

    def renderGetList(self, mask: str | None = None) -> Any:
        self._get("renders")
        if mask is not None:
            self.data["mask"] = mask
        answer = self._sendRequest()
        return answer["renders"] if isinstance(answer, dict) and "renders" in answer else None

    def renderGetId(self, i_id: int, i_mode: str | None = None) -> Any:
        self._get("renders")
        self.data["ids"] = [i_id]
        if i_mode is not None:
            self.data["mode"] = i_mode
        return self._sendRequest()

    def renderGetResources(self) -> Any:
        self._get("renders")
        self.data["mode"] = "resources"
        answer = self._sendRequest()
        return answer["renders"] if isinstance(answer, dict) and "renders" in answer else None

    def renderGetLocal(self) -> Any:
        return self.renderGetList(self._host)
