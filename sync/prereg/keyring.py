"""A terminal's pre-registration keys: the site's current `prereg` key and the ones a rotation retired.

The current key stays where enrolment puts it (`<data-dir>/service-keys/prereg.key`, devices.pseudonym):
new codes are sealed to it (the page carries its public half). A rotation on the mesh
(`kazasu prereg rotate`, sync.mesh.prereg_keys) retires it; `kazasu prereg fetch` brings the site's
keyring to the terminal (`install`): the new current key in place, the retired ones beside it in
`service-keys/prereg-retired.json` (0600, like the key files) with when they were retired. A code sealed
to a retired key still opens for `ACCEPT_DAYS` after its retirement (`Keyring.accepted`), then it is
`qr_key_unknown`. `Keyring.describe()` lists the keys by their id (the code's 4-byte key id, in hex) and
dates, never a key.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from devices.pseudonym import install_service_key, load_service_key, service_key_path
from sync.prereg import seal as s

ACCEPT_DAYS = 30
RETIRED_FILE = "prereg-retired.json"


def key_label(service_key: bytes) -> str:
    """The key id a code carries (hex), of a 32-byte `prereg` service key."""
    return s.key_id(s.public_bytes(s.site_private_key(service_key).public_key())).hex()


def _when(text: str) -> datetime:
    when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


@dataclass
class Keyring:
    current: bytes
    retired: list[dict[str, Any]] = field(default_factory=list)   # {key: bytes, created_at, retired_at}

    @classmethod
    def load(cls, data_dir: Path | str) -> "Keyring":
        data_dir = Path(data_dir)
        current = load_service_key(data_dir, s.SERVICE)
        path = service_key_path(data_dir, s.SERVICE).with_name(RETIRED_FILE)
        retired = []
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            entries = []
        for entry in entries if isinstance(entries, list) else []:
            try:
                key = base64.b64decode(entry["key_b64"], validate=True)
                _when(entry["retired_at"])
            except (KeyError, TypeError, ValueError, binascii.Error):
                continue
            if len(key) == 32 and key != current:
                retired.append({"key": key, "created_at": entry.get("created_at"),
                                "retired_at": entry["retired_at"]})
        return cls(current, retired)

    def accepted(self, now: datetime | None = None) -> list[bytes]:
        """The keys a code may be sealed to: the current one, and those retired under ACCEPT_DAYS ago."""
        now = now or datetime.now(timezone.utc)
        return [self.current] + [r["key"] for r in self.retired
                                 if now - _when(r["retired_at"]) < timedelta(days=ACCEPT_DAYS)]

    def describe(self, now: datetime | None = None) -> list[dict[str, Any]]:
        now = now or datetime.now(timezone.utc)
        rows: list[dict[str, Any]] = [{"key": key_label(self.current), "current": True, "accepted": True}]
        for r in self.retired:
            until = _when(r["retired_at"]) + timedelta(days=ACCEPT_DAYS)
            rows.append({"key": key_label(r["key"]), "current": False, "created_at": r["created_at"],
                         "retired_at": r["retired_at"], "accepted_until": until.isoformat(timespec="seconds"),
                         "accepted": now < until})
        return rows


def install(data_dir: Path | str, answer: dict[str, Any]) -> dict[str, Any]:
    """Put the site's keyring (the mesh's `GET /v1/prereg/keys` answer) in place on this terminal: the
    current key as `prereg.key`, the retired ones in prereg-retired.json (those this terminal already
    held are kept: an answer never drops one). Never backwards: an answer whose current key this
    terminal already holds as retired (an older copy of the keyring, e.g. a shelter node's) changes
    nothing (`stale`). Raises ValueError on an answer that is not a keyring."""
    data_dir = Path(data_dir)
    current = answer.get("current") if isinstance(answer, dict) else None
    if not isinstance(current, dict):
        raise ValueError("no current key")
    key = base64.b64decode(current["key_b64"], validate=True)
    if len(key) != 32:
        raise ValueError("a key is 32 bytes")
    retired: dict[bytes, dict[str, Any]] = {}
    for entry in answer.get("retired") or []:
        old = base64.b64decode(entry["key_b64"], validate=True)
        _when(entry["retired_at"])
        if len(old) != 32:
            raise ValueError("a key is 32 bytes")
        retired[old] = {"key_b64": entry["key_b64"], "created_at": entry.get("created_at"),
                        "retired_at": entry["retired_at"]}
    path = service_key_path(data_dir, s.SERVICE)
    before = Keyring.load(data_dir) if path.exists() else None
    if before is not None and any(r["key"] == key for r in before.retired):
        return {"current": key_label(before.current), "changed": False, "stale": True,
                "retired": [key_label(r["key"]) for r in before.retired]}
    for r in before.retired if before is not None else []:
        retired.setdefault(r["key"], {"key_b64": base64.b64encode(r["key"]).decode("ascii"),
                                      "created_at": r["created_at"], "retired_at": r["retired_at"]})
    retired.pop(key, None)
    outcome = install_service_key(data_dir, s.SERVICE, key)
    if outcome == "replaced" and before is not None and before.current in retired:
        # the old key is one of the retired ones: kept in the keyring, not beside it
        for stale in sorted(path.parent.glob(f"{path.name}.replaced-*")):
            if stale.read_bytes() == before.current:
                stale.unlink()
    _write_private(path.with_name(RETIRED_FILE), json.dumps(list(retired.values()), indent=1).encode())
    ring = Keyring.load(data_dir)
    return {"current": key_label(key), "changed": outcome != "unchanged", "stale": False,
            "retired": [key_label(r["key"]) for r in ring.retired]}


def _write_private(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
