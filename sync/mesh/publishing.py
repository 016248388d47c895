"""Publications on the mesh (and on a shelter node): the publishing key's public half, the signed
documents, and their feed (`GET /v1/publications`; sync.publications has the format).

- `register_key(storage, public_key_b64)`: the municipality's publishing key (its private half stays in
  a file on the mesh host, `kazasu mesh publisher-key`); handed to every terminal and node at enrolment.
- `add(storage, doc)`: keep a signed publication after checking it against the registered key (a node
  checks against the key pinned at its own enrolment); the same id twice changes nothing. A revocation
  also revokes the terminal in the registry, so it is refused at once by this mesh or node too.
- `page(storage, after, limit, site)`: the publications after a cursor, for a site (those for every
  site and those for it), oldest first.
"""

from __future__ import annotations

import json
from typing import Any

from sync.errors import SyncError
from sync.events import canonical_json, utc_now_iso
from sync.mesh.storage import FEED_LOCK, MeshStorage, Tx
from sync.publications import check, key_id

MAX_PAGE = 500


class PublicationRefusedError(SyncError):
    code = "publication_refused"

    def __init__(self, why: str) -> None:
        self.why = why
        super().__init__(f"The publication was refused: {why}.",
                         message_ja=f"発行物を受け付けませんでした: {why}。")

    def details(self) -> dict[str, Any]:
        return {"reason": self.why}


def register_key(storage: MeshStorage, public_key_b64: str) -> dict[str, Any]:
    """Record the publishing key's public half (a second key replaces none: one key per mesh)."""
    ident = key_id(public_key_b64)
    with storage.transaction() as tx:
        current = tx.one("SELECT key_id, public_key FROM mesh_publisher ORDER BY created_at LIMIT 1")
        if current is not None and current[0] != ident:
            raise PublicationRefusedError("this mesh already has another publishing key; terminals have "
                                          "pinned it")
        if current is None:
            tx.run("INSERT INTO mesh_publisher (key_id, public_key, created_at) VALUES (?, ?, ?)",
                   [ident, public_key_b64, utc_now_iso()])
    return {"key_id": ident, "public_key": public_key_b64}


def publisher_key(storage: MeshStorage) -> str | None:
    with storage.reading() as tx:
        row = tx.one("SELECT public_key FROM mesh_publisher ORDER BY created_at LIMIT 1")
    return row[0] if row else None


def add(storage: MeshStorage, doc: dict[str, Any], *, public_key: str | None = None) -> bool:
    """Keep `doc` if it verifies (with `public_key`, else the registered key); True when it is new."""
    key = public_key or publisher_key(storage)
    problem = check(doc, key)
    if problem is not None:
        raise PublicationRefusedError(problem)
    with storage.transaction(lock=FEED_LOCK) as tx:
        row = tx.one("INSERT INTO mesh_publications (id, kind, name, version, site, document, received_at)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING seq",
                     [doc["id"], doc["kind"], doc["name"], doc["version"], doc.get("site"),
                      canonical_json(doc).decode("utf-8"), utc_now_iso()])
        if row is not None and doc["kind"] == "revocation":
            _revoke(tx, doc["name"])
    return row is not None


def _revoke(tx: Tx, terminal_id: str) -> None:
    tx.run("UPDATE mesh_terminals SET revoked_at = ? WHERE terminal_id = ? AND revoked_at IS NULL",
           [utc_now_iso(), terminal_id])


def page(storage: MeshStorage, *, after: int = 0, limit: int = 100,
         site: str | None = None) -> dict[str, Any]:
    """`{"publications", "cursors", "next_cursor", "has_more"}` after `after` for `site` (None: all)."""
    limit = max(1, min(limit, MAX_PAGE))
    where, params = "seq > ?", [after]
    if site is not None:
        where += " AND (site IS NULL OR site = ?)"
        params.append(site)
    with storage.reading() as tx:
        rows = tx.all(f"SELECT seq, document FROM mesh_publications WHERE {where} ORDER BY seq LIMIT ?",
                      [*params, limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {"publications": [json.loads(doc) for _, doc in rows], "cursors": [s for s, _ in rows],
            "next_cursor": rows[-1][0] if rows else after, "has_more": more}


def listing(storage: MeshStorage) -> list[dict[str, Any]]:
    """Every publication without its body (for `kazasu mesh publications`)."""
    with storage.reading() as tx:
        rows = tx.all("SELECT seq, id, kind, name, version, site, received_at FROM mesh_publications"
                      " ORDER BY seq")
    return [{"cursor": r[0], "id": r[1], "kind": r[2], "name": r[3], "version": r[4], "site": r[5],
             "received_at": r[6]} for r in rows]
