"""Who is asking: the credential of every mesh request, checked before a route runs.

Two kinds of credential (docs/sync.md, "Threat model"):
- an enrolled **terminal** signs each request with its enrolment key (sync.request_auth: terminal id,
  time, nonce, signature over method, path, query and body). The mesh looks the terminal up on every
  request, so a revoked terminal is refused at once; a time more than `clock_skew` seconds off is
  refused (`request_clock_skew`, the mesh's time in `X-Kazasu-Time` so the terminal can correct), and a
  nonce already seen for that terminal is a replay (`request_replayed`; nonces live in the database,
  `mesh_request_nonces`, so every mesh process on one database shares them). The signature is checked
  before the nonce is stored: an outsider cannot fill the table.
- an **operator** sends `Authorization: Bearer kzo_…` (sync.mesh.operators), scoped to some sites.

`Authenticator.authenticate(...)` returns the `Principal` or None when the request carries no credential;
a credential that is present but wrong is always refused (AuthError: a typed 401/403 with ja/en words),
also on a demo mesh. What each principal may do is decided by the routes (sync.mesh.app): a terminal
reads its own site's feed and writes its own events (sync.mesh.ingest); an operator reads statistics
and exceptions of its sites; on a demo mesh (`--allow-unsigned-demo`) a request without credentials is
the DEMO principal, which may do all of that for every site.
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
import time
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from cryptography.exceptions import InvalidSignature

from sync.events import storable_text
from sync.mesh import operators
from sync.mesh.registry import get_terminal
from sync.mesh.storage import MeshStorage
from sync.request_auth import (
    CLOCK_SKEW_CODE,
    CLOCK_SKEW_S,
    HEADER_NONCE,
    HEADER_SIGNATURE,
    HEADER_TERMINAL,
    HEADER_TIME,
    body_digest,
    request_signing_bytes,
)
from sync.signing import public_key_from_b64

logger = logging.getLogger(__name__)

TERMINAL, OPERATOR, DEMO = "terminal", "operator", "demo"
NONCE_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
PUBLICATIONS = b"/v1/publications"  # a revoked terminal may still read them: it learns its revocation
NONCE_SWEEP_S = 300.0  # how often a mesh process deletes nonces older than twice the skew


@dataclass(frozen=True)
class Principal:
    kind: str  # TERMINAL, OPERATOR or DEMO
    id: str
    site: str | None = None  # a terminal's site
    sites: frozenset[str] | None = None  # an operator's sites (None: every site)
    relay: bool = False  # a shelter node (sync.node): relays its site's terminals' signed events

    def may_read_site(self, site: str) -> bool:
        if self.kind == TERMINAL:
            return site == self.site
        if self.kind == OPERATOR:
            return self.sites is None or site in self.sites
        return True

    def scope(self) -> frozenset[str] | None:
        """The sites whose statistics and exceptions this principal sees (None: all)."""
        return self.sites if self.kind == OPERATOR else None


DEMO_PRINCIPAL = Principal(DEMO, "demo")


class AuthError(Exception):
    """A refused credential or a forbidden action: HTTP status, stable code, Japanese and English."""

    def __init__(self, status: int, code: str, message_en: str, message_ja: str, *,
                 headers: dict[str, str] | None = None, **details: Any) -> None:
        super().__init__(message_en)
        self.status, self.code, self.message_en, self.message_ja = status, code, message_en, message_ja
        self.headers, self.details = headers or {}, details


def credentials_required() -> AuthError:
    return AuthError(401, "credentials_required",
                     "This mesh needs credentials: an enrolled terminal signs its requests (kazasu "
                     "terminal enroll); an operator sends its token (kazasu mesh operator add).",
                     "このメッシュには認証が必要です。端末は登録（kazasu terminal enroll）した鍵で要求に署名し、"
                     "操作者はトークン（kazasu mesh operator add）を送ってください。",
                     headers={"WWW-Authenticate": "Bearer"})


def signature_invalid(why: str) -> AuthError:
    return AuthError(401, "request_signature_invalid",
                     f"The request's signature is not valid ({why}). The terminal's key or its request "
                     "was altered; enrol the terminal again if this continues.",
                     f"要求の署名が正しくありません（{why}）。端末の鍵か要求が改変されています。続く場合は"
                     "端末を登録し直してください。", reason=why)


def site_forbidden(site: str) -> AuthError:
    return AuthError(403, "site_forbidden",
                     f"This credential may not see site {site}: a terminal sees only its own site, an "
                     "operator only the sites it was given.",
                     f"この認証情報では拠点 {site} は見られません。端末は自分の拠点だけ、操作者は許可された拠点"
                     "だけを見られます。", site=site)


def terminal_required() -> AuthError:
    return AuthError(403, "terminal_required",
                     "Only an enrolled terminal may read a site's events or send events.",
                     "拠点の記録の取得と記録の送信は、登録済みの端末だけができます。")


def operator_required() -> AuthError:
    return AuthError(403, "operator_required",
                     "Statistics and the exception list need an operator token (kazasu mesh operator "
                     "add), not a terminal's key.",
                     "統計と例外一覧には操作者のトークン（kazasu mesh operator add）が必要です。"
                     "端末の鍵では見られません。")


class Authenticator:
    def __init__(self, storage: MeshStorage, *, clock_skew: int = CLOCK_SKEW_S,
                 clock: Callable[[], float] = time.time) -> None:
        self.storage, self.clock_skew, self.clock = storage, clock_skew, clock
        self._last_sweep = 0.0

    def authenticate(self, method: str, target: bytes, headers: Mapping[str, str],
                     body: bytes) -> Principal | None:
        """The principal of a request, None without any credential; AuthError for a bad one.
        Blocking (database): call it from a worker thread."""
        if headers.get(HEADER_SIGNATURE) is not None or headers.get(HEADER_TERMINAL) is not None:
            return self._terminal(method, target, headers, body)
        authorization = headers.get("authorization")
        if authorization is not None:
            return self._operator(authorization)
        return None

    # -- terminals -----------------------------------------------------------------------------
    def _terminal(self, method: str, target: bytes, headers: Mapping[str, str],
                  body: bytes) -> Principal:
        terminal_id = headers.get(HEADER_TERMINAL) or ""
        stamp, nonce = headers.get(HEADER_TIME) or "", headers.get(HEADER_NONCE) or ""
        if not terminal_id or len(terminal_id) > 128 or not storable_text(terminal_id):
            raise signature_invalid("no valid terminal id")
        if not stamp.isdigit() or len(stamp) > 12:
            raise signature_invalid("no valid time")
        if not NONCE_RE.match(nonce):
            raise signature_invalid("no valid nonce")
        try:
            signature = base64.b64decode(headers.get(HEADER_SIGNATURE) or "", validate=True)
        except (binascii.Error, ValueError):
            signature = b""
        if len(signature) != 64:
            raise signature_invalid("no valid signature")
        with self.storage.reading() as tx:
            record = get_terminal(tx, terminal_id)
        if record is None:
            raise AuthError(401, "terminal_unknown",
                            f"Terminal {terminal_id} is not enrolled on this mesh. Enrol it with a code "
                            "from IT (kazasu terminal enroll).",
                            f"端末 {terminal_id} はこのメッシュに登録されていません。情報担当のコードで登録して"
                            "ください（kazasu terminal enroll）。", terminal_id=terminal_id)
        data = request_signing_bytes(method, target, terminal_id, int(stamp), nonce, body_digest(body))
        try:
            public_key_from_b64(record.public_key).verify(signature, data)
        except (InvalidSignature, ValueError):
            raise signature_invalid("it does not verify with the terminal's enrolled key") from None
        if record.revoked_at is not None and not (method == "GET" and target.startswith(PUBLICATIONS)):
            raise AuthError(403, "terminal_revoked",
                            f"Terminal {terminal_id} has been revoked: the mesh refuses its requests. Its "
                            "queued records stay on the terminal; IT decides what happens to them "
                            "(kazasu queue export).",
                            f"端末 {terminal_id} は失効しているため、メッシュは要求を受け付けません。送信待ちの"
                            "記録は端末に残っています。扱いは情報担当が決めます（kazasu queue export）。",
                            terminal_id=terminal_id)
        now = self.clock()
        if abs(now - int(stamp)) > self.clock_skew:
            raise AuthError(401, CLOCK_SKEW_CODE,
                            f"The terminal's clock is more than {self.clock_skew} s off the mesh's. "
                            "Set the terminal's clock (timedatectl set-ntp true).",
                            f"端末の時計がメッシュと{self.clock_skew}秒以上ずれています。端末の時計を合わせて"
                            "ください（timedatectl set-ntp true）。",
                            headers={HEADER_TIME: str(int(now))}, server_time=int(now))
        self._use_nonce(terminal_id, nonce, int(now))
        return Principal(TERMINAL, terminal_id, site=record.site, relay=record.role == "node")

    def _use_nonce(self, terminal_id: str, nonce: str, now: int) -> None:
        with self.storage.transaction() as tx:
            if now - self._last_sweep > NONCE_SWEEP_S:
                self._last_sweep = now
                tx.run("DELETE FROM mesh_request_nonces WHERE seen_at < ?",
                       [now - 2 * self.clock_skew - 60])
            fresh = tx.one("INSERT INTO mesh_request_nonces (terminal_id, nonce, seen_at) VALUES"
                           " (?, ?, ?) ON CONFLICT (terminal_id, nonce) DO NOTHING RETURNING 1",
                           [terminal_id, nonce, now])
        if fresh is None:
            logger.warning("replayed request of terminal %s refused", terminal_id)
            raise AuthError(401, "request_replayed",
                            "This request was already received once (replayed). Nothing was done.",
                            "この要求はすでに一度受け付けています（再送攻撃のおそれ）。何もしていません。")

    # -- operators -----------------------------------------------------------------------------
    def _operator(self, authorization: str) -> Principal:
        scheme, _, token = authorization.partition(" ")
        operator = (operators.operator_for_token(self.storage, token.strip())
                    if scheme.lower() == "bearer" else None)
        if operator is None:
            raise AuthError(401, "operator_token_invalid",
                            "The operator token is unknown or revoked. Ask for a new one (kazasu mesh "
                            "operator add).",
                            "操作者のトークンが不明か失効しています。"
                            "新しいトークンを発行してもらってください（kazasu mesh operator add）。",
                            headers={"WWW-Authenticate": "Bearer"})
        return Principal(OPERATOR, operator.operator_id, sites=operator.sites)
