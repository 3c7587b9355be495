"""`fetchTaskLogInfo` on `/api/v3`: where a task's whole log is downloaded, and how big it is."""

from __future__ import annotations

from tests.factories import independent_job, tasks_of

UNKNOWN = "3c7d1b5e-0000-4000-8000-00000000000a"


def test_no_log_yet_is_a_204(client, services):
    task = tasks_of(independent_job(services))[0]
    assert client.get(f"/api/v3/tasks/{task.uuid}/log").status_code == 204
    services.tasklogs.path(task.job_uuid, task.uuid).parent.mkdir(parents=True, exist_ok=True)
    services.tasklogs.path(task.job_uuid, task.uuid).touch()  # an empty file is no log either
    assert client.get(f"/api/v3/tasks/{task.uuid}/log").status_code == 204


def test_info_names_the_task_job_size_and_a_url_serving_the_whole_log(client, services):
    task = tasks_of(independent_job(services))[0]
    lines = "".join(f"line {n} {'ü' * 40}\n" for n in range(300))  # longer than the tail, not ASCII
    services.tasklogs.append(task.job_uuid, task.uuid, lines)
    info = client.get(f"/api/v3/tasks/{task.uuid}/log").json()
    assert info == {
        "task_id": task.uuid,
        "job_id": task.job_uuid,
        "url": f"/job-files/job-{task.job_uuid[:4]}/{task.job_uuid}/task-{task.uuid}.txt",
        "size": len(lines.encode()),
    }
    served = client.get(info["url"])
    assert served.status_code == 200
    assert served.headers["content-type"] == "text/plain; charset=utf-8"
    assert served.text == lines
    assert client.head(info["url"]).headers["content-length"] == str(info["size"])
    # The seed door's download is the same file, as an attachment.
    assert client.get(f"/api/tasks/{task.uuid}/log").text == lines


def test_unknown_and_malformed_tasks(client):
    answer = client.get(f"/api/v3/tasks/{UNKNOWN}/log")
    assert (answer.status_code, answer.json()["code"]) == (404, 404)
    assert client.get("/api/v3/tasks/not-a-uuid/log").status_code == 400
