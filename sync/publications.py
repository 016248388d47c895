"""What the municipality sends down: publications signed with its key (docs/sync.md, "Publications").

A publication is one JSON object:
`{"v": 1, "id", "kind", "name", "version", "site", "published_at", "body", "key_id", "signature"}`.
- `kind`: `form` (a form definition; `name` its form id, `version` its version), `revocation` (`name`
  the revoked terminal's id), `notice` (a notice to staff: `body` `{"ja", "en", "ja_easy"?,
  "expires_at"?}`), `vocabulary` (a desk's words: `name` `shelter.needs`, `library.rules`, ...).
- `site`: None for every site, else the one site it is for.
- `signature`: Ed25519 (base64) with the municipality's publishing key over
  `kazasu-publication-v1\\n` + the canonical JSON of every other field; `key_id` is the first 16 hex
  digits of the SHA-256 of the raw public key. The prefix keeps a publication signature from ever
  passing for an event or a request signature.

The public key is pinned on every terminal and node at enrolment (`publisher_key` in the enrolment
answer, kept in terminal.json / node.json): a publication whose signature does not verify with the
pinned key is refused, whoever relayed it. `check(doc, public_key_b64)` returns why a publication is
refused (None: good); `sign(...)` makes one (the mesh host's `kazasu mesh publish`).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sync.errors import SyncError
from sync.events import canonical_json, new_uuid7, storable_text, utc_now_iso
from sync.signing import public_key_from_b64

PREFIX = b"kazasu-publication-v1\n"
KINDS = ("form", "revocation", "notice", "vocabulary")
FIELDS = ("v", "id", "kind", "name", "version", "site", "published_at", "body", "key_id")
MAX_DOCUMENT_BYTES = 1024 * 1024


class PublisherKeyError(SyncError):
    code = "publisher_key_invalid"

    def __init__(self, path: str, why: str) -> None:
        self.path, self.why = path, why
        super().__init__(f"The publishing key {path} cannot be used ({why}). Keep it readable by its owner"
                         " only (chmod 600), or make a new one with `kazasu mesh publisher-key`.",
                         message_ja=f"発行用の鍵 {path} が使えません（{why}）。所有者だけが読めるように"
                         "（chmod 600）するか、`kazasu mesh publisher-key` で作り直してください。")

    def details(self) -> dict[str, Any]:
        return {"path": self.path, "reason": self.why}


class PublicationInvalidError(SyncError):
    code = "publication_invalid"

    def __init__(self, why: str) -> None:
        self.why = why
        super().__init__(f"This cannot be published: {why}. Correct the file and publish again.",
                         message_ja=f"この内容は発行できません: {why}。ファイルを直して発行し直してください。")

    def details(self) -> dict[str, Any]:
        return {"reason": self.why}


def key_id(public_key_b64: str) -> str:
    return hashlib.sha256(base64.b64decode(public_key_b64)).hexdigest()[:16]


def public_key_of(private_key: Ed25519PrivateKey) -> str:
    return base64.b64encode(private_key.public_key().public_bytes_raw()).decode("ascii")


def signing_bytes(doc: dict[str, Any]) -> bytes:
    return PREFIX + canonical_json({k: doc.get(k) for k in FIELDS})


def shape_problem(doc: Any) -> str | None:
    """Why `doc` is not a well-formed publication (before its signature), or None."""
    if not isinstance(doc, dict):
        return "not an object"
    if doc.get("v") != 1:
        return "unknown version"
    if set(doc) - set(FIELDS) - {"signature"}:
        return "unknown field"
    if doc.get("kind") not in KINDS:
        return "unknown kind"
    for name in ("id", "name", "published_at", "key_id", "signature"):
        value = doc.get(name)
        if not isinstance(value, str) or not value or len(value) > 200 or not storable_text(value):
            return f"{name} missing or not text"
    if doc.get("site") is not None and (not isinstance(doc["site"], str) or not doc["site"].strip()):
        return "site is not text"
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or not 0 < version < 2**62:
        return "version must be a positive integer"
    if not isinstance(doc.get("body"), dict):
        return "body must be an object"
    try:
        size = len(canonical_json(doc))
    except (TypeError, ValueError):
        return "not JSON"
    if size > MAX_DOCUMENT_BYTES:
        return "larger than 1 MiB"
    return _body_problem(doc["kind"], doc["name"], doc["body"])


def _body_problem(kind: str, name: str, body: dict[str, Any]) -> str | None:
    if kind == "revocation" and body.get("terminal_id") != name:
        return "a revocation names its terminal in name and body.terminal_id"
    if kind == "notice":
        for language in ("ja", "en"):
            if not isinstance(body.get(language), str) or not body[language].strip():
                return f"a notice needs its {language} text"
        if "ja_easy" in body and not isinstance(body["ja_easy"], str):
            return "ja_easy must be text"
        if body.get("expires_at") is not None and not isinstance(body["expires_at"], str):
            return "expires_at must be an ISO time"
    if kind == "vocabulary" and "." not in name:
        return "a vocabulary is named desk.words (shelter.needs, library.rules)"
    return None


def check(doc: Any, public_key_b64: str | None) -> str | None:
    """Why this publication is refused, or None when it is well formed and signed with the pinned key."""
    problem = shape_problem(doc)
    if problem is not None:
        return problem
    if not public_key_b64:
        return "no publishing key is pinned on this terminal (enrol it again)"
    try:
        public_key = public_key_from_b64(public_key_b64)
        if doc["key_id"] != key_id(public_key_b64):
            return "signed with another key than the pinned one"
        public_key.verify(base64.b64decode(doc["signature"], validate=True), signing_bytes(doc))
    except (InvalidSignature, ValueError, TypeError):
        return "bad signature"
    return None


def sign(private_key: Ed25519PrivateKey, kind: str, name: str, body: dict[str, Any], *,
         version: int | None = None, site: str | None = None) -> dict[str, Any]:
    """A new signed publication (`version` defaults to the time in milliseconds)."""
    public = public_key_of(private_key)
    doc: dict[str, Any] = {
        "v": 1, "id": str(new_uuid7()), "kind": kind, "name": name,
        "version": version if version is not None else int(datetime.now(timezone.utc).timestamp() * 1000),
        "site": site, "published_at": utc_now_iso(), "body": body, "key_id": key_id(public)}
    problem = shape_problem({**doc, "signature": "x"})
    if problem is not None:
        raise PublicationInvalidError(problem)
    doc["signature"] = base64.b64encode(private_key.sign(signing_bytes(doc))).decode("ascii")
    return doc


def for_site(doc: dict[str, Any], site: str | None) -> bool:
    return doc.get("site") is None or doc.get("site") == site


# -- the publishing key file (on the mesh host, never in the mesh's database) ---------------------
def load_or_make_key(path: Path, *, make: bool) -> Ed25519PrivateKey:
    """The publishing key in `path` (JSON, mode 0600); with `make`, a new one when the file is absent."""
    path = Path(path)
    if not path.exists():
        if not make:
            raise PublisherKeyError(str(path), "no such file")
        key = Ed25519PrivateKey.generate()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"algorithm": "ed25519", "private_key": base64.b64encode(
                key.private_bytes_raw()).decode("ascii")}, handle)
            handle.flush()
            os.fsync(handle.fileno())
        return key
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise PublisherKeyError(str(path), f"mode {mode:o}: readable by others")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(data["private_key"]))
    except (OSError, ValueError, KeyError, TypeError):
        raise PublisherKeyError(str(path), "not a kazasu publishing key") from None
