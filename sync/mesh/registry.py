"""Terminal enrolment and revocation on the mesh (tables of migration 2 in sync.mesh.storage).

- `issue_code(storage, site, ttl)` makes a one-time enrolment code for a site (staff IT, on the mesh
  host: `kazasu mesh enroll`). Only its SHA-256 is stored; the code is shown once.
- `enroll(storage, code, terminal_id, public_key)` uses the code (once, before it expires) and
  registers the terminal's Ed25519 public key for that site, with an empty chain (seq 0, genesis hash).
  A terminal id that is enrolled (or revoked) cannot be taken over with another key.
  With `services`, it also hands the terminal the site's key of each named pseudonym service (made
  on first request, 32 random bytes, kept in `mesh_service_keys`), so every terminal of a site derives
  the same pseudonym for the same card (devices.pseudonym); the keys go only to a code holder.
- `revoke(storage, terminal_id)`: from then on every event of that terminal is rejected.
- A code issued with `role="node"` enrols a shelter node (sync.node): a terminal that may also relay the
  signed events of its site's other terminals and read the site's terminal directory
  (`site_terminals`). A node keeps its own copy of that directory (`adopt`).
Codes look like `K7QM-2XPA-9HDT` (Crockford-like base32 without look-alikes, 60 bits).
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sync.errors import (
    enrolment_code_invalid,
    invalid_public_key,
    invalid_service_name,
    terminal_already_enrolled,
    terminal_not_found,
    terminal_revoked,
)
from sync.events import storable_text
from sync.mesh.storage import FEED_LOCK, MeshStorage, Tx
from sync.signing import GENESIS_HASH, public_key_from_b64

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_GROUPS, CODE_GROUP_LEN = 3, 4
DEFAULT_CODE_TTL = timedelta(hours=24)
SERVICE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")  # as devices.pseudonym checks it
SERVICE_KEY_SIZE = 32
MAX_SERVICES = 16


@dataclass
class TerminalRecord:
    terminal_id: str
    site: str
    public_key: str
    enrolled_at: str
    revoked_at: str | None
    last_seq: int
    last_hash: str
    role: str | None = None  # "node": a shelter node that relays its site's terminals (sync.node)

    def to_dict(self) -> dict[str, Any]:
        return {"terminal_id": self.terminal_id, "site": self.site, "public_key": self.public_key,
                "enrolled_at": self.enrolled_at, "revoked_at": self.revoked_at,
                "last_seq": self.last_seq, **({"role": self.role} if self.role else {})}


def _iso(when: datetime) -> str:
    return when.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_hash(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode("ascii", "replace")).hexdigest()


def issue_code(storage: MeshStorage, site: str, ttl: timedelta = DEFAULT_CODE_TTL,
               now: datetime | None = None, *, role: str | None = None) -> dict[str, str]:
    """A new one-time code for `site`: `{"code", "site", "expires_at"}` (`role` "node": for a node)."""
    if not site.strip() or len(site) > 128:
        raise ValueError("site must be a non-empty string of at most 128 characters")
    now = now or datetime.now(timezone.utc)
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUPS * CODE_GROUP_LEN))
    code = "-".join(raw[i:i + CODE_GROUP_LEN] for i in range(0, len(raw), CODE_GROUP_LEN))
    expires = _iso(now + ttl)
    with storage.transaction() as tx:
        tx.run("INSERT INTO mesh_enrolment_codes (code_hash, site, created_at, expires_at, role)"
               " VALUES (?, ?, ?, ?, ?)", [code_hash(code), site, _iso(now), expires, role])
    issued = {"code": code, "site": site, "expires_at": expires}
    return {**issued, "role": role} if role else issued


def get_terminal(tx: Tx, terminal_id: str) -> TerminalRecord | None:
    row = tx.one("SELECT terminal_id, site, public_key, enrolled_at, revoked_at, last_seq, last_hash,"
                 " role FROM mesh_terminals WHERE terminal_id = ?", [terminal_id])
    return TerminalRecord(*row) if row else None


def enroll(storage: MeshStorage, code: str, terminal_id: str, public_key: str,
           now: datetime | None = None, services: list[str] | tuple[str, ...] = ()) -> dict[str, Any]:
    """Use `code` to register `terminal_id` with `public_key`; `{"terminal_id", "site", ...}`, plus
    `service_keys` ({service: base64 key}) for the requested pseudonym services."""
    services = list(dict.fromkeys(services))
    for service in services:
        if not isinstance(service, str) or not SERVICE_NAME.fullmatch(service):
            raise invalid_service_name(str(service))
    if len(services) > MAX_SERVICES:
        raise invalid_service_name(f"{len(services)} services (at most {MAX_SERVICES})")
    try:
        public_key_from_b64(public_key)
    except ValueError as exc:
        raise invalid_public_key(str(exc)) from None
    if not terminal_id.strip() or len(terminal_id) > 128 or not storable_text(terminal_id):
        raise invalid_public_key("terminal id must be 1 to 128 characters")
    when = _iso(now or datetime.now(timezone.utc))
    hashed = code_hash(code)
    with storage.transaction(lock=FEED_LOCK) as tx:
        row = tx.one("UPDATE mesh_enrolment_codes SET used_at = ?, terminal_id = ? WHERE code_hash = ?"
                     " AND used_at IS NULL AND expires_at > ? RETURNING site, role",
                     [when, terminal_id, hashed, when])
        if row is None:
            known = tx.one("SELECT used_at, terminal_id, site, role FROM mesh_enrolment_codes"
                           " WHERE code_hash = ?", [hashed])
            again = _answer_again(tx, known, terminal_id, public_key, services)
            if again is not None:
                return again
            raise enrolment_code_invalid("unknown" if known is None else
                                         "used" if known[0] is not None else "expired")
        site, role = row
        existing = get_terminal(tx, terminal_id)
        if existing is not None:  # the exception rolls the code back: it stays usable
            raise (terminal_revoked if existing.revoked_at else terminal_already_enrolled)(terminal_id)
        tx.run("INSERT INTO mesh_terminals (terminal_id, site, public_key, enrolled_at, last_seq,"
               " last_hash, role) VALUES (?, ?, ?, ?, 0, ?, ?)",
               [terminal_id, site, public_key, when, GENESIS_HASH, role])
        keys = {service: _site_service_key(tx, site, service, when) for service in services}
    out = {"terminal_id": terminal_id, "site": site, "enrolled_at": when, "service_keys": keys}
    return {**out, "role": role} if role else out


def _answer_again(tx: Tx, known: tuple | None, terminal_id: str, public_key: str,
                  services: list[str]) -> dict[str, Any] | None:
    """The same answer again when this very terminal, with this very key, used the code already (its
    answer was lost on the way: a dropped connection, a relay that failed): enrolment is idempotent."""
    if known is None or known[0] is None or known[1] != terminal_id:
        return None
    record = get_terminal(tx, terminal_id)
    if record is None or record.public_key != public_key or record.revoked_at is not None:
        return None
    keys = {service: _site_service_key(tx, record.site, service, known[0]) for service in services}
    out = {"terminal_id": terminal_id, "site": record.site, "enrolled_at": record.enrolled_at,
           "service_keys": keys}
    return {**out, "role": record.role} if record.role else out


def adopt(storage: MeshStorage, terminals: list[dict[str, Any]], site: str) -> dict[str, int]:
    """A node's copy of its site's terminal directory (from the municipal mesh): add the terminals it
    does not know (empty chain: their events reach it through its own terminals or the mesh's feed)
    and take over revocations. A known terminal's key is never replaced. `{"added", "revoked"}`."""
    added = revoked = 0
    with storage.transaction(lock=FEED_LOCK) as tx:
        for item in terminals:
            terminal_id, key = str(item.get("terminal_id") or ""), str(item.get("public_key") or "")
            if item.get("site") != site or not terminal_id or not storable_text(terminal_id):
                continue
            try:
                public_key_from_b64(key)
            except ValueError:
                continue
            existing = get_terminal(tx, terminal_id)
            if existing is None:
                added += tx.run("INSERT INTO mesh_terminals (terminal_id, site, public_key, enrolled_at,"
                                " revoked_at, last_seq, last_hash, role) VALUES (?, ?, ?, ?, ?, 0, ?, ?)"
                                " ON CONFLICT (terminal_id) DO NOTHING",
                                [terminal_id, site, key, str(item.get("enrolled_at") or _iso(
                                    datetime.now(timezone.utc))), item.get("revoked_at"), GENESIS_HASH,
                                 item.get("role")])
            elif item.get("revoked_at") and existing.revoked_at is None:
                revoked += tx.run("UPDATE mesh_terminals SET revoked_at = ? WHERE terminal_id = ?",
                                  [item["revoked_at"], terminal_id])
    return {"added": added, "revoked": revoked}


def site_terminals(storage: MeshStorage, site: str) -> list[dict[str, Any]]:
    """The directory of a site's terminals a node needs: ids, keys, revocations (no chain heads)."""
    with storage.reading() as tx:
        rows = tx.all("SELECT terminal_id, site, public_key, enrolled_at, revoked_at, role"
                      " FROM mesh_terminals WHERE site = ? ORDER BY terminal_id", [site])
    return [{"terminal_id": r[0], "site": r[1], "public_key": r[2], "enrolled_at": r[3],
             "revoked_at": r[4], **({"role": r[5]} if r[5] else {})} for r in rows]


def site_service_key(storage: MeshStorage, site: str, service: str) -> bytes | None:
    """The site's key of a service if a terminal of the site was ever given it (else None)."""
    with storage.transaction() as tx:
        row = tx.one("SELECT key_b64 FROM mesh_service_keys WHERE site = ? AND service = ?", [site, service])
    return base64.b64decode(row[0]) if row else None


def keep_service_key(storage: MeshStorage, site: str, service: str, key: bytes) -> None:
    """Keep the site's key of a service made elsewhere (a shelter node keeps the `prereg` key the
    municipal mesh gave it, to serve the site's page): it replaces the one held."""
    when = _iso(datetime.now(timezone.utc))
    with storage.transaction() as tx:
        tx.run("INSERT INTO mesh_service_keys (site, service, key_b64, created_at) VALUES (?, ?, ?, ?)"
               " ON CONFLICT (site, service) DO UPDATE SET key_b64 = excluded.key_b64",
               [site, service, base64.b64encode(key).decode("ascii"), when])


def _site_service_key(tx: Tx, site: str, service: str, when: str) -> str:
    """The site's key of a pseudonym service (base64), made the first time a terminal asks."""
    fresh = base64.b64encode(secrets.token_bytes(SERVICE_KEY_SIZE)).decode("ascii")
    tx.run("INSERT INTO mesh_service_keys (site, service, key_b64, created_at) VALUES (?, ?, ?, ?)"
           " ON CONFLICT (site, service) DO NOTHING", [site, service, fresh, when])
    row = tx.one("SELECT key_b64 FROM mesh_service_keys WHERE site = ? AND service = ?",
                 [site, service])
    assert row is not None
    return row[0]


def revoke(storage: MeshStorage, terminal_id: str, now: datetime | None = None) -> dict[str, Any]:
    """Revoke an enrolled terminal (idempotent: revoking twice keeps the first time)."""
    when = _iso(now or datetime.now(timezone.utc))
    with storage.transaction(lock=FEED_LOCK) as tx:
        record = get_terminal(tx, terminal_id)
        if record is None:
            raise terminal_not_found(terminal_id)
        if record.revoked_at is None:
            tx.run("UPDATE mesh_terminals SET revoked_at = ? WHERE terminal_id = ?",
                   [when, terminal_id])
            record.revoked_at = when
    return {"terminal_id": terminal_id, "site": record.site, "revoked_at": record.revoked_at,
            "last_seq": record.last_seq}


def list_terminals(storage: MeshStorage) -> list[dict[str, Any]]:
    with storage.reading() as tx:
        rows = tx.all("SELECT terminal_id, site, public_key, enrolled_at, revoked_at, last_seq,"
                      " last_hash, role FROM mesh_terminals ORDER BY terminal_id")
    return [TerminalRecord(*row).to_dict() for row in rows]
