"""Pipeline jobs (Afanasy's job model, issue 9): the rules of job life and the protocol's `get`
and `action` documents. SQL lives in `flamenco.store.life`; see docs/design/pipeline-jobs.md."""
