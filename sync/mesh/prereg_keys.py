"""A site's pre-registration keys on the mesh: the current one and those a rotation retired.

`rotate(storage, site)` makes a new `prereg` key for the site (`mesh_service_keys`: the one the page
carries from then on and the one new terminals get at enrolment) and keeps the one it replaces in
`mesh_retired_service_keys` with the time it was retired; `keyring(storage, site)` is what a terminal
of the site fetches (`GET /v1/prereg/keys`, `kazasu prereg fetch`): the current key and the retired
ones still accepted (`sync.prereg.keyring.ACCEPT_DAYS` after their retirement), so codes made on the
old page open for a while and new codes are sealed to the newest key. Rotating a site that has no key
yet makes its first one.
"""

from __future__ import annotations

import base64
import secrets
from datetime import datetime, timedelta, timezone
from typing import Any

from sync.mesh.storage import MeshStorage
from sync.prereg.keyring import ACCEPT_DAYS, key_label
from sync.prereg.seal import SERVICE


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(timezone.utc)


def rotate(storage: MeshStorage, site: str, *, now: datetime | None = None) -> dict[str, Any]:
    when = _now(now).isoformat(timespec="seconds")
    fresh = secrets.token_bytes(32)
    with storage.transaction() as tx:
        row = tx.one("SELECT key_b64, created_at FROM mesh_service_keys WHERE site = ? AND service = ?",
                     [site, SERVICE])
        if row is not None:
            tx.run("INSERT INTO mesh_retired_service_keys (site, service, key_b64, created_at, retired_at)"
                   " VALUES (?, ?, ?, ?, ?) ON CONFLICT (site, service, key_b64) DO NOTHING",
                   [site, SERVICE, row[0], row[1], when])
        tx.run("INSERT INTO mesh_service_keys (site, service, key_b64, created_at) VALUES (?, ?, ?, ?)"
               " ON CONFLICT (site, service) DO UPDATE SET key_b64 = excluded.key_b64,"
               " created_at = excluded.created_at", [site, SERVICE, base64.b64encode(fresh).decode(), when])
    return {"site": site, "key": key_label(fresh), "created_at": when,
            "retired": key_label(base64.b64decode(row[0])) if row is not None else None}


def keyring(storage: MeshStorage, site: str, *, now: datetime | None = None) -> dict[str, Any]:
    """{site, current: {key_b64, created_at} | None, retired: [{key_b64, created_at, retired_at}]}."""
    since = (_now(now) - timedelta(days=ACCEPT_DAYS)).isoformat(timespec="seconds")
    with storage.transaction() as tx:
        row = tx.one("SELECT key_b64, created_at FROM mesh_service_keys WHERE site = ? AND service = ?",
                     [site, SERVICE])
        old = tx.all("SELECT key_b64, created_at, retired_at FROM mesh_retired_service_keys"
                     " WHERE site = ? AND service = ? AND retired_at >= ? ORDER BY retired_at DESC",
                     [site, SERVICE, since])
    return {"site": site,
            "current": {"key_b64": row[0], "created_at": row[1]} if row is not None else None,
            "retired": [{"key_b64": k, "created_at": c, "retired_at": r} for k, c, r in old]}
