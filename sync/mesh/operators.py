"""Operator credentials: who may read the mesh's statistics and exception list, for which sites.

`kazasu mesh operator add --name NAME (--scope SITE ... | --all-sites)` makes one on the mesh host: a
bearer token `kzo_…` (32 random bytes, shown once; only its SHA-256 is stored in `mesh_operators`,
migration 6) scoped to the named sites, or to every site. An operator sends it as
`Authorization: Bearer kzo_…` to `GET /v1/stats` and `GET /v1/exceptions`, and sees only its sites.
`revoke_operator` stops a token at once (every request looks it up). Operators cannot read a site's feed
or write events: those are the terminals' (sync.mesh.auth).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sync.errors import SyncError
from sync.events import storable_text
from sync.mesh.storage import MeshStorage

TOKEN_PREFIX = "kzo_"
MAX_NAME = 64


class OperatorError(SyncError):
    def __init__(self, code: str, message_en: str, message_ja: str, **details: Any) -> None:
        self.code, self._details = code, details
        super().__init__(message_en, message_ja=message_ja)

    def details(self) -> dict[str, Any]:
        return dict(self._details)


@dataclass(frozen=True)
class Operator:
    operator_id: str
    name: str
    sites: frozenset[str] | None  # None: every site
    created_at: str
    revoked_at: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"operator_id": self.operator_id, "name": self.name,
                "sites": sorted(self.sites) if self.sites is not None else None,
                "created_at": self.created_at, "revoked_at": self.revoked_at}


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def add_operator(storage: MeshStorage, name: str, sites: list[str] | None) -> dict[str, Any]:
    """A new operator credential; the answer holds the token (shown once, never stored)."""
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME or not storable_text(name):
        raise OperatorError("operator_name_invalid", f"An operator name is 1 to {MAX_NAME} characters.",
                            f"操作者の名前は1〜{MAX_NAME}文字です。")
    if sites is not None:
        sites = sorted(dict.fromkeys(sites))
        if not sites or any(not s.strip() or len(s) > 128 or not storable_text(s) for s in sites):
            raise OperatorError("operator_scope_required",
                                "Give the sites the operator may see (--scope SITE, repeatable) or "
                                "--all-sites.",
                                "操作者が見られる拠点を指定してください（--scope 拠点ID、複数可）。すべての"
                                "拠点なら --all-sites です。")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    operator = Operator(f"op-{secrets.token_hex(6)}", name.strip(),
                        frozenset(sites) if sites is not None else None, _now(), None)
    with storage.transaction() as tx:
        tx.run("INSERT INTO mesh_operators (operator_id, name, sites, token_hash, created_at)"
               " VALUES (?, ?, ?, ?, ?)",
               [operator.operator_id, operator.name, json.dumps(sites) if sites is not None else None,
                token_hash(token), operator.created_at])
    return {**operator.to_dict(), "token": token}


def _operator(row: tuple) -> Operator:
    operator_id, name, sites, created_at, revoked_at = row
    return Operator(operator_id, name, frozenset(json.loads(sites)) if sites is not None else None,
                    created_at, revoked_at)


def operator_for_token(storage: MeshStorage, token: str) -> Operator | None:
    """The operator holding `token`, if it exists and is not revoked."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 128:
        return None
    with storage.reading() as tx:
        row = tx.one("SELECT operator_id, name, sites, created_at, revoked_at FROM mesh_operators"
                     " WHERE token_hash = ?", [token_hash(token)])
    if row is None:
        return None
    operator = _operator(row)
    return operator if operator.revoked_at is None else None


def list_operators(storage: MeshStorage) -> list[dict[str, Any]]:
    with storage.reading() as tx:
        rows = tx.all("SELECT operator_id, name, sites, created_at, revoked_at FROM mesh_operators"
                      " ORDER BY created_at, operator_id")
    return [_operator(row).to_dict() for row in rows]


def revoke_operator(storage: MeshStorage, operator_id: str) -> dict[str, Any]:
    """Revoke an operator credential (idempotent: the first revocation time stays)."""
    with storage.transaction() as tx:
        tx.run("UPDATE mesh_operators SET revoked_at = ? WHERE operator_id = ? AND revoked_at IS NULL",
               [_now(), operator_id])
        row = tx.one("SELECT operator_id, name, sites, created_at, revoked_at FROM mesh_operators"
                     " WHERE operator_id = ?", [operator_id])
    if row is None:
        raise OperatorError("operator_not_found", f"No operator {operator_id} on this mesh.",
                            f"このメッシュに操作者 {operator_id} はいません。", operator_id=operator_id)
    return _operator(row).to_dict()
