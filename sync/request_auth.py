"""Signed requests: how an enrolled terminal proves itself to the mesh on every request.

The terminal signs each request with the Ed25519 key it registered at enrolment (sync.signing), so no
other secret has to be issued, stored or rotated, and the proof survives a TLS-terminating reverse
proxy in front of the mesh (docs/sync.md, "Threat model" says why this and not mutual TLS).

Four headers travel with the request:
- `X-Kazasu-Terminal`: the terminal id;
- `X-Kazasu-Time`: Unix seconds when it was signed (the mesh accepts ±CLOCK_SKEW_S);
- `X-Kazasu-Nonce`: 16 random bytes, base64url; the mesh refuses a nonce it has seen for that terminal;
- `X-Kazasu-Signature`: Ed25519 (base64) over `request_signing_bytes(...)`: a fixed prefix (so a request
  signature can never pass for an event signature, which signs canonical JSON), the method, the path
  and query relative to the mesh's base URL exactly as sent, the terminal id, the time, the nonce and the
  SHA-256 of the body.
So a request cannot be altered (method, path, query, body), replayed (nonce) or kept for later (time).

`TerminalAuth(identity, base_path)` is an httpx.Auth that signs every request. When the mesh says the
terminal's clock is off (`request_clock_skew`, with its own time in `X-Kazasu-Time`), it signs once more
against the mesh's clock and remembers the offset: a kiosk whose clock drifted while offline keeps
syncing (the offset only moves this terminal's own timestamps).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from typing import Callable, Generator

import httpx

from sync.signing import TerminalIdentity

PREFIX = b"kazasu-request-v1"
HEADER_TERMINAL = "X-Kazasu-Terminal"
HEADER_TIME = "X-Kazasu-Time"
HEADER_NONCE = "X-Kazasu-Nonce"
HEADER_SIGNATURE = "X-Kazasu-Signature"
CLOCK_SKEW_S = 300
CLOCK_SKEW_CODE = "request_clock_skew"


def body_digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def request_signing_bytes(method: str, target: bytes, terminal: str, timestamp: int, nonce: str,
                          body_sha256: str) -> bytes:
    """The bytes a terminal signs for one request (`target`: raw path and query, relative to the
    mesh's base URL, exactly as sent)."""
    return b"\n".join([PREFIX, method.upper().encode("ascii"), target, terminal.encode("utf-8"),
                       str(int(timestamp)).encode("ascii"), nonce.encode("ascii"),
                       body_sha256.encode("ascii")])


def new_nonce() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(16)).rstrip(b"=").decode("ascii")


def relative_target(raw_path: bytes, base_path: str) -> bytes:
    """The request's raw path and query without the mesh's base path (a reverse proxy may serve the
    mesh under /kazasu/; the mesh itself sees /v1/...)."""
    base = base_path.rstrip("/").encode("utf-8")
    if base and raw_path.startswith(base + b"/"):
        return raw_path[len(base):]
    return raw_path


class TerminalAuth(httpx.Auth):
    """Signs every request with the terminal's enrolment key (thread-safe: the sync client posts from a
    helper thread)."""

    requires_request_body = True
    # not every answer's body: a live stream (sync.live) never ends; only a 401 is read (the clock)
    requires_response_body = False

    def __init__(self, identity: TerminalIdentity, base_path: str = "",
                 clock: Callable[[], float] = time.time) -> None:
        self.identity, self.base_path, self.clock = identity, base_path, clock
        self._offset = 0.0  # mesh clock minus ours, learnt from a request_clock_skew answer
        self._lock = threading.Lock()

    def sign(self, request: httpx.Request) -> None:
        with self._lock:
            offset = self._offset
        timestamp = int(self.clock() + offset)
        nonce = new_nonce()
        target = relative_target(request.url.raw_path, self.base_path)
        data = request_signing_bytes(request.method, target, self.identity.terminal_id, timestamp,
                                     nonce, body_digest(request.content))
        signature = base64.b64encode(self.identity.private_key.sign(data)).decode("ascii")
        request.headers[HEADER_TERMINAL] = self.identity.terminal_id
        request.headers[HEADER_TIME] = str(timestamp)
        request.headers[HEADER_NONCE] = nonce
        request.headers[HEADER_SIGNATURE] = signature

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        self.sign(request)
        response = yield request
        if response.status_code == 401:
            response.read()  # the clock-skew answer is judged by its body (sync clients only)
        mesh_time = _clock_skew_answer(response)
        if mesh_time is not None:
            with self._lock:
                self._offset = mesh_time - self.clock()
            self.sign(request)
            yield request


def _clock_skew_answer(response: httpx.Response) -> int | None:
    """The mesh's time when it refused the request for our clock, else None."""
    if response.status_code != 401:
        return None
    try:
        if response.json()["error"]["code"] != CLOCK_SKEW_CODE:
            return None
        return int(response.headers[HEADER_TIME])
    except (ValueError, KeyError, TypeError):
        return None
