"""kazasu sync: the event store with its outbox on SQLite, the sync client and the mesh server.

Public surface (see docs/sync.md):
- `sync.events.Event`, `sync.events.new_uuid7()`
- `sync.store.EventStore(path)` — events + outbox, encrypted at rest, durable commits
- `sync.terminal.TerminalConfig.load(data_dir)`
- `sync.client.SyncClient(store, mesh_url)` — `sync_once()`, `pull_feed(site)`
- `sync.background.BackgroundSync(store, mesh_url, ...)` — the sync thread: `start()`, `sync_now()`,
  `stop()`, `state()`
- `sync.signing.TerminalIdentity`, `verify_chain`; `sync.enrolment.enroll_terminal(data_dir, code, url)`
- `sync.mesh.app.create_app(db_url, allow_unsigned=False)`, `sync.mesh.embedded.EmbeddedMesh(db_url)`,
  `sync.mesh.backends.open_storage(url)` (SQLite or PostgreSQL), `sync.mesh.registry` (enrol, revoke)
- `sync.errors` — the typed errors shown to people (code, message_ja, message_en, details()).
"""
