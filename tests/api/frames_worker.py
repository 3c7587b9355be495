"""A stand-in for Flamenco 3.8's worker over plain HTTP (`/api/v3`): takes a task, reports steps,
posts rendered frames. For tests of what people see of last-rendered images and steps."""

from __future__ import annotations

import io
from typing import Any

import requests
from PIL import Image


class FakeWorker:
    """Flamenco 3.8's worker protocol, just enough to run one task and post its frames."""

    def __init__(self, url: str) -> None:
        self.url = url
        body = {"secret": "s", "platform": "linux", "supported_task_types": ["misc"], "name": "frames"}
        registered = requests.post(f"{url}/api/v3/worker/register-worker", json=body, timeout=10).json()
        self.auth = (registered["uuid"], "s")
        on = {"name": "frames", "supported_task_types": ["misc"], "software_version": "3.8.5"}
        requests.post(f"{url}/api/v3/worker/sign-on", json=on, auth=self.auth, timeout=10)
        requests.post(
            f"{url}/api/v3/worker/state-changed", json={"status": "awake"}, auth=self.auth, timeout=10
        )

    def take_task(self) -> dict[str, Any]:
        answer = requests.post(f"{self.url}/api/v3/worker/task", auth=self.auth, timeout=10)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def frame(self, task_id: str, color: tuple[int, int, int]) -> None:
        out = io.BytesIO()
        Image.new("RGB", (320, 180), color).save(out, "PNG")
        answer = requests.post(
            f"{self.url}/api/v3/worker/task/{task_id}/output-produced",
            data=out.getvalue(),
            headers={"Content-Type": "image/png"},
            auth=self.auth,
            timeout=10,
        )
        assert answer.status_code == 202, answer.text

    def update(self, task_id: str, **update: Any) -> None:
        answer = requests.post(
            f"{self.url}/api/v3/worker/task/{task_id}", json=update, auth=self.auth, timeout=10
        )
        assert answer.status_code == 204, answer.text
