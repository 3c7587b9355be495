"""Workers' rendered frames: accepted on the request path, announced once thumbnailed.

The request path does what is cheap and tells the worker what went wrong (whose task, what kind
of image, whether the queue has room); `flamenco.last_rendered` does the decoding in its thread and
calls :func:`image_stored` when the thumbnails are on disk.
"""

from __future__ import annotations

from flamenco.errors import Conflict, TooManyRequests, UnsupportedMediaType
from flamenco.events import Event
from flamenco.events.facts import LastRenderedUpdated
from flamenco.last_rendered import ProducedImage, QueueFull, UnusableImage, check_image
from flamenco.services import Services
from flamenco.store import last_rendered as last_rendered_store
from flamenco.store import tasks as task_store
from flamenco.store.records import WorkerInfo


def output_produced(svc: Services, worker: WorkerInfo, task_uuid: str, mime_type: str, data: bytes) -> None:
    """Queue the frame a worker rendered for its task.

    Only the task's worker may send its frames (409 otherwise, as for task updates): a frame
    arriving after the task moved to another worker is stale. The task may have finished meanwhile;
    its last frame is still welcome.
    """
    task = task_store.get_task(task_uuid)
    if task.worker_id != worker.id:
        raise Conflict("this task is assigned to another worker")
    try:
        check_image(mime_type, data)
    except UnusableImage as exc:
        raise UnsupportedMediaType(str(exc)) from None
    image = ProducedImage(task.job_uuid, task.uuid, worker.name, mime_type, data)
    try:
        svc.last_rendered.queue(image)
    except QueueFull:
        raise TooManyRequests(
            "the Manager is still processing earlier images; send fewer", headers={"Retry-After": "1"}
        ) from None


def image_stored(svc: Services, job_uuid: str) -> None:
    """A job's new thumbnails are on disk: it holds the farm's latest image now; tell the viewers."""
    if last_rendered_store.set_last_rendered(job_uuid, svc.clock()):
        svc.events.publish(Event("last-rendered", LastRenderedUpdated(job_uuid)))
