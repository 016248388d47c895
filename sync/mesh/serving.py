"""Serving the mesh app with uvicorn, bounded at the connection level (`kazasu mesh serve`, EmbeddedMesh).

- `bind_socket(host, port)`: the listening socket, a `GuardedSocket`: once the connections reach the
  cap, a new one is answered 429 `too_many_connections` (plain HTTP; a TLS listener just closes it) and
  closed at once, before the mesh holds it. The cap is `Limits.max_connections` and never more than the
  process's file limit minus FD_RESERVE (database, logs, TLS), counted by descriptor number: descriptors
  are given lowest-first, so a new connection's number at or above the ceiling means that many are open.
  asyncio therefore never meets "too many open files" on accept (which it logs with a traceback every
  time it retries).
- `GuardedH11Protocol`: uvicorn's h11 protocol with a header timeout (a connection that has not sent a
  complete request head `header_timeout` seconds after it opened, or after its previous answer, is
  closed with 408; uvicorn alone waits forever) and the mesh's JSON error shape for malformed HTTP.
- `make_server(app, limits, tls=...)`: the uvicorn server with that protocol, the keep-alive timeout,
  TLS (`--tls-cert`/`--tls-key`, TLS 1.2 or later), a bounded graceful shutdown (an idle TLS client
  that never answers the goodbye would otherwise hold SIGTERM for asyncio's 30 s; open live streams are
  ended first, `MeshServer`) and a rate limit on uvicorn's own warnings.
"""

from __future__ import annotations

import gc
import logging
import os
import resource
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from sync.mesh.limits import DEFAULT_LIMITS, Limits, error_body
from sync.transport import spki_sha256

logger = logging.getLogger(__name__)

FD_RESERVE = 64
LOG_WINDOW_S = 10.0
LOG_PER_WINDOW = 5
SHUTDOWN_GRACE_S = 10  # on SIGTERM: at most this long for requests and TLS goodbyes, then exit


def _raw_response(status: int, reason: str, body: bytes, extra: str = "") -> bytes:
    return (f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\n"
            f"content-length: {len(body)}\r\nconnection: close\r\n{extra}\r\n").encode("ascii") + body


TOO_MANY = _raw_response(429, "Too Many Requests", error_body(
    "too_many_connections", "The mesh has too many open connections. Retry in a few seconds.",
    "メッシュへの接続が多すぎます。数秒後に再度お試しください。"), "retry-after: 5\r\n")
HEADER_TIMEOUT = _raw_response(408, "Request Timeout", error_body(
    "request_timeout", "The request headers did not arrive in time.",
    "要求のヘッダーが時間内に届きませんでした。"))
BAD_REQUEST = _raw_response(400, "Bad Request", error_body(
    "invalid_http", "The request is not valid HTTP (or its headers are too large).",
    "要求がHTTPとして正しくありません（またはヘッダーが大きすぎます）。"))


class GuardedSocket(socket.socket):
    """A listening socket that refuses connections beyond its descriptor ceiling (see the module)."""

    ceiling: int | None = None
    tls = False

    def guard(self, limits: Limits, *, tls: bool) -> "GuardedSocket":
        self.ceiling, self.tls = connection_ceiling(limits.max_connections), tls
        self._refused, self._last_note = 0, 0.0
        return self

    def accept(self) -> tuple[socket.socket, Any]:
        while True:
            conn, address = super().accept()  # BlockingIOError when nothing is waiting
            if self.ceiling is None or conn.fileno() < self.ceiling:
                return conn, address
            self._refuse(conn)

    def _refuse(self, conn: socket.socket) -> None:
        try:
            if not self.tls:
                conn.setblocking(False)
                conn.send(TOO_MANY)
        except OSError:
            pass
        finally:
            conn.close()
        self._refused += 1
        now = time.monotonic()
        if now - self._last_note > LOG_WINDOW_S:
            logger.warning("connection cap reached: %d connection(s) refused", self._refused)
            self._refused, self._last_note = 0, now


def connection_ceiling(max_connections: int) -> int:
    """The first descriptor number a connection may not have: the descriptors open now plus
    `max_connections`, and never closer to the file limit than FD_RESERVE."""
    probe = os.open(os.devnull, os.O_RDONLY)  # the lowest free descriptor: about how many are open
    os.close(probe)
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    ceiling = probe + max_connections
    if soft != resource.RLIM_INFINITY:
        ceiling = min(ceiling, soft - FD_RESERVE)
    return max(ceiling, probe + 1)


def bind_socket(host: str = "127.0.0.1", port: int = 0) -> GuardedSocket:
    """A listening TCP socket (port 0: a free one chosen by the kernel)."""
    # proto=IPPROTO_TCP matters: asyncio only sets TCP_NODELAY on accepted sockets whose proto is TCP,
    # and without it every response pays the ~40 ms Nagle + delayed-ACK stall on loopback.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = GuardedSocket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a request-head timeout and JSON answers to malformed HTTP."""

    header_timeout = DEFAULT_LIMITS.header_timeout

    def connection_made(self, transport: Any) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_timer: Any = None
        self._arm_head_timer()

    def _arm_head_timer(self) -> None:
        self._disarm_head_timer()
        self._head_timer = self.loop.call_later(self.header_timeout, self._head_timed_out)

    def _disarm_head_timer(self) -> None:
        timer = getattr(self, "_head_timer", None)
        if timer is not None:
            timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.transport.is_closing() or self.conn.their_state is not h11.IDLE:
            return
        self.transport.write(HEADER_TIMEOUT)
        self.transport.close()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._disarm_head_timer()  # a whole request head arrived

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._arm_head_timer()  # the next request's head has the same deadline

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_head_timer()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        self.transport.write(BAD_REQUEST)
        self.transport.close()


class RateLimitedLog(logging.Filter):
    """At most LOG_PER_WINDOW records of the same message per LOG_WINDOW_S seconds (uvicorn warns once
    per malformed request: a flood of them must not flood the log)."""

    def __init__(self) -> None:
        super().__init__()
        self._seen: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        now = time.monotonic()
        key = str(record.msg)
        with self._lock:
            start, count = self._seen.get(key, (now, 0))
            if now - start > LOG_WINDOW_S:
                start, count = now, 0
            self._seen[key] = (start, count + 1)
            if len(self._seen) > 1000:
                self._seen.clear()
        return count < LOG_PER_WINDOW


_RATE_LIMIT = RateLimitedLog()


@dataclass(frozen=True)
class TlsFiles:
    cert: Path
    key: Path

    def pin(self) -> str:
        """SHA-256 (hex) of the certificate's public key: what terminals pin."""
        return spki_sha256(self.cert.read_bytes())


def make_server(app: Any, limits: Limits = DEFAULT_LIMITS, *, tls: TlsFiles | None = None,
                log_level: str = "warning", access_log: bool = False,
                log_config: Any = uvicorn.config.LOGGING_CONFIG) -> uvicorn.Server:
    protocol = type("MeshH11Protocol", (GuardedH11Protocol,), {"header_timeout": limits.header_timeout})
    options: dict[str, Any] = {}
    if tls is not None:
        options = {"ssl_certfile": str(tls.cert), "ssl_keyfile": str(tls.key),
                   "ssl_version": ssl.PROTOCOL_TLS_SERVER}
    config = uvicorn.Config(app, http=protocol, log_level=log_level, access_log=access_log,
                            lifespan="on", timeout_keep_alive=limits.keep_alive, log_config=log_config,
                            timeout_graceful_shutdown=SHUTDOWN_GRACE_S, **options)
    logging.getLogger("uvicorn.error").addFilter(_RATE_LIMIT)
    return MeshServer(config)


def freeze_startup_heap() -> None:
    """Leave what the process built to start (modules, the app, its routes and schemas, kept until it
    exits) out of the garbage collector's scans from now on. A batch of 500 events makes thousands of
    short-lived objects, and each full collection walked the whole startup heap again: about a tenth of
    the mesh's CPU per event (docs/sync.md, "The batch's cost"). Called once by a serving process
    (`mesh serve`, `node serve`) just before it serves; never by code that builds apps again and again
    (tests), whose garbage would then never be collected."""
    gc.collect()
    gc.freeze()


class MeshServer(uvicorn.Server):
    """uvicorn's server that ends the live streams first when it stops (sync.mesh.streams): an open
    stream never finishes by itself, so without this every stop would wait out the grace period."""

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        hub = getattr(getattr(self.config.app, "state", None), "streams", None)
        if hub is not None:
            hub.close()
        await super().shutdown(sockets)
