"""kazasu sync: the event store with its outbox on SQLite, the sync client and the mesh server.

Public surface (see docs/sync.md):
- `sync.events.Event`, `sync.events.new_uuid7()`
- `sync.store.EventStore(path)` — events + outbox, encrypted at rest, durable commits
- `sync.terminal.TerminalConfig.load(data_dir)`
- `sync.client.SyncClient(store, mesh_url)` — `sync_once()`
- `sync.mesh.app.create_app(db_url)`, `sync.mesh.embedded.EmbeddedMesh(db_url)`
- `sync.errors` — the typed errors shown to people (code, message_ja, message_en, details()).
"""
