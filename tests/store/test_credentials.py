"""The credential cache: a worker's secret is accepted from the database's salted hash, then by
comparison with the secret it last authenticated with; nothing else ever passes."""

from __future__ import annotations

from flamenco.scheduler import deletion
from flamenco.store.credentials import CredentialCache
from tests.factories import add_worker


def test_a_remembered_secret_accepts_only_itself(services):
    worker = add_worker(services)  # secret "s3cret"
    cache = CredentialCache()
    assert cache.verify(worker.uuid, "s3cret")  # from the hash
    assert cache.verify(worker.uuid, "s3cret")  # from the remembered secret
    for wrong in ("s3cre", "s3cret ", "S3CRET", "", "s3cret\x00"):
        assert not cache.verify(worker.uuid, wrong), wrong
    assert cache.verify(worker.uuid, "s3cret")  # a refusal forgets nothing


def test_another_workers_secret_does_not_pass(services):
    one, other = add_worker(services, name="one"), add_worker(services, name="other")
    cache = CredentialCache()
    assert cache.verify(one.uuid, "s3cret")
    assert not cache.verify(other.uuid, "nope")
    assert not cache.verify("00000000-0000-0000-0000-000000000000", "s3cret")


def test_a_forgotten_worker_is_refused_once_deleted(services):
    worker = add_worker(services)
    cache = CredentialCache()
    assert cache.verify(worker.uuid, "s3cret")
    services.credentials.verify(worker.uuid, "s3cret")

    deletion.delete_worker(services, worker.uuid)
    assert not services.credentials.verify(worker.uuid, "s3cret")
    cache.forget(worker.uuid)  # what another process's cache does on reading the deletion
    assert not cache.verify(worker.uuid, "s3cret")
