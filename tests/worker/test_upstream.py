"""The durable update queue: order, survival across restarts, and what each Manager answer does to it."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from flamenco.worker.client import ManagerUnreachable, TaskRejected, UnexpectedAnswer
from flamenco.worker.upstream import UpdateQueue, Upstream


class ScriptedClient:
    """Takes task updates; ``answers`` (consumed in order) decide what each call raises, if anything."""

    def __init__(self, answers: list[Exception | None] | None = None) -> None:
        self.answers = list(answers or [])
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.delivered: list[tuple[str, dict[str, Any]]] = []
        self.lock = threading.Lock()

    def task_update(self, task_id: str, update: dict[str, Any]) -> None:
        with self.lock:
            self.calls.append((task_id, update))
            answer = self.answers.pop(0) if self.answers else None
            if answer is not None:
                raise answer
            self.delivered.append((task_id, update))


def make_upstream(tmp_path: Path, client: ScriptedClient, **options: Any) -> Upstream:
    options.setdefault("min_backoff", 0.01)
    options.setdefault("max_backoff", 0.05)
    return Upstream(UpdateQueue(tmp_path / "queue.sqlite"), client, **options)  # type: ignore[arg-type]


def test_updates_are_delivered_in_the_order_queued(tmp_path: Path) -> None:
    client = ScriptedClient()
    upstream = make_upstream(tmp_path, client)
    upstream.start()
    expected = [(f"task-{i % 3}", {"log": f"line {i}\n"}) for i in range(50)]
    for task_id, payload in expected:
        upstream.enqueue(task_id, payload)
    assert upstream.wait_until_empty(5)
    upstream.stop()
    assert client.delivered == expected


def test_queued_updates_survive_a_restart_and_go_out_first(tmp_path: Path) -> None:
    queue = UpdateQueue(tmp_path / "queue.sqlite")
    queue.push("a", {"log": "first\n"})
    queue.push("a", {"taskStatus": "completed", "activity": "Finished"})
    queue.push("b", {"taskStatus": "active"})
    queue.close()  # the worker stops (or crashes) before the Manager got any of it

    reopened = UpdateQueue(tmp_path / "queue.sqlite")
    assert [(u.task_id, u.payload) for u in reopened.all()] == [
        ("a", {"log": "first\n"}),
        ("a", {"taskStatus": "completed", "activity": "Finished"}),
        ("b", {"taskStatus": "active"}),
    ]
    reopened.close()

    client = ScriptedClient()
    upstream = make_upstream(tmp_path, client)
    upstream.enqueue("c", {"log": "new\n"})
    upstream.start()
    assert upstream.wait_until_empty(5)
    upstream.stop()
    assert [t for t, _ in client.delivered] == ["a", "a", "b", "c"]


def test_an_unreachable_manager_keeps_updates_queued_until_it_is_back(tmp_path: Path) -> None:
    down = [ManagerUnreachable("connection refused") for _ in range(5)]
    client = ScriptedClient([*down, ManagerUnreachable("HTTP 503", 503, retry_after=0.05)])
    upstream = make_upstream(tmp_path, client)
    upstream.start()
    upstream.enqueue("t", {"log": "one\n"})
    upstream.enqueue("t", {"taskStatus": "completed"})
    assert upstream.wait_until_empty(10)
    upstream.stop()
    assert client.delivered == [("t", {"log": "one\n"}), ("t", {"taskStatus": "completed"})]
    # Every failed try was for the first update: nothing overtook it.
    assert all(call == ("t", {"log": "one\n"}) for call in client.calls[:6])


def test_a_rejected_task_loses_its_queued_updates_and_its_runner_is_told(tmp_path: Path) -> None:
    client = ScriptedClient([TaskRejected("assigned to another worker", 409)])
    rejected: list[tuple[str, str]] = []
    upstream = make_upstream(tmp_path, client, on_rejected=lambda task, why: rejected.append((task, why)))
    upstream.enqueue("lost", {"taskStatus": "active"})
    upstream.enqueue("other", {"log": "still mine\n"})
    upstream.enqueue("lost", {"log": "more\n"})
    upstream.enqueue("lost", {"taskStatus": "completed"})
    upstream.start()
    assert upstream.wait_until_empty(5)
    upstream.stop()
    assert rejected == [("lost", "assigned to another worker")]
    assert client.delivered == [("other", {"log": "still mine\n"})]


def test_an_update_the_manager_can_never_accept_is_dropped_alone(tmp_path: Path) -> None:
    client = ScriptedClient([UnexpectedAnswer("HTTP 400 bad status", 400)])
    upstream = make_upstream(tmp_path, client)
    upstream.enqueue("t", {"taskStatus": "soft-failed"})
    upstream.enqueue("t", {"log": "after\n"})
    upstream.start()
    assert upstream.wait_until_empty(5)
    upstream.stop()
    assert client.delivered == [("t", {"log": "after\n"})]


def test_flush_gives_up_after_its_timeout_and_keeps_the_updates(tmp_path: Path) -> None:
    client = ScriptedClient([ManagerUnreachable("down") for _ in range(10_000)])
    upstream = make_upstream(tmp_path, client)
    upstream.start()
    upstream.enqueue("t", {"log": "x\n"})
    assert not upstream.flush(0.5)
    upstream.stop()
    assert len(upstream.queue) == 1
