"""The two doors' adapters: store records → each spec's payloads, and each spec's words → the canonical ones.

The store and the scheduler speak one vocabulary, Flamenco 3.8's (`vocab`, generated from
`spec/flamenco-openapi-v3.yaml`). Where the seed spec names or shapes a thing differently
(`nickname`, `shutdown`, a paused job that is still finishing tasks), the difference is translated
here, at the edge, and nowhere else:

- `vocab`: the canonical statuses and the seed ↔ canonical status mappings;
- `seed`: records → the seed spec's payloads (`/api`, `/shaman`);
- `v3`: records → Flamenco 3.8's payloads (`/api/v3`);
- `events_seed`: canonical events → the seed Socket.IO namespace `/` (event names, rooms, payloads).
"""
