"""The SIP2 connection to the library's own system (the ACS): TCP or TLS, one request at a time.

`Sip2Client(settings)` takes library.json's `ils` part (`kiosk.library.config.IlsSettings`: host, port,
tls, ca_file, login, password, location, institution, terminal_password, timeout_seconds, encoding,
checksums). The first call connects, logs in (93/94, when a login is set) and asks the ACS's status
(99/98, kept as `status`: its off-line rules). `call(request)` sends one message with the next
sequence number (AY 0–9) and its checksum (AZ), reads the answer up to its CR within the time-out,
and returns the typed answer; a 96 (the ACS asks for a resend) sends the same frame again, an answer
whose checksum does not check is asked for again with 97, each up to `RETRIES` times; an answer to
something else, or with another sequence number, is `Sip2Malformed`. A socket error or a time-out
closes the connection and raises `Sip2Unavailable` (the next call connects again); a connection the
ACS closed while idle is opened again once before a request is sent. Thread-safe (one lock).
"""

from __future__ import annotations

import datetime as dt
import select
import socket
import ssl
import threading
from typing import Any, Callable

from kiosk.library.sip2 import messages as m
from kiosk.library.sip2.errors import Sip2LoginRefused, Sip2Malformed, Sip2Unavailable
from kiosk.library.sip2.wire import ChecksumMismatch, decode, encode

RETRIES = 3
MAX_FRAME = 64 * 1024


class Sip2Client:
    def __init__(self, settings: Any, now: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        self.settings = settings
        self.now = now
        self.status: m.AcsStatus | None = None
        self._sock: socket.socket | None = None
        self._buffer = b""
        self._sequence = 0
        self._lock = threading.Lock()

    # -- connection ------------------------------------------------------------------------------
    @property
    def connected(self) -> bool:
        return self._sock is not None

    def _open(self) -> None:
        s = self.settings
        try:
            sock = socket.create_connection((s.host, s.port), timeout=s.timeout_seconds)
            if s.tls:
                context = ssl.create_default_context(cafile=s.ca_file)
                sock = context.wrap_socket(sock, server_hostname=s.host)
            sock.settimeout(s.timeout_seconds)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except (OSError, ssl.SSLError) as exc:
            raise Sip2Unavailable(host=s.host, port=s.port, reason=type(exc).__name__) from None
        self._sock, self._buffer = sock, b""
        try:
            if s.login:
                answer = self._exchange(m.login(s.login, s.password, s.location))
                if not answer.ok:
                    raise Sip2LoginRefused(host=s.host, port=s.port)
            self.status = self._exchange(m.sc_status())
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        sock, self._sock = self._sock, None
        if sock is not None:
            try:
                sock.close()
            except OSError:
                pass

    def connect(self) -> m.AcsStatus:
        with self._lock:
            if self._sock is None:
                self._open()
            return self.status

    def __enter__(self) -> Sip2Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- messages --------------------------------------------------------------------------------
    def call(self, request: m.Request) -> m.Answer:
        with self._lock:
            if self._sock is None:
                self._open()
            elif self._closed_by_peer():
                self.close()
                self._open()
            try:
                return self._exchange(request)
            except Sip2Malformed:
                self.close()        # what follows on this connection can no longer be trusted
                raise

    def _closed_by_peer(self) -> bool:
        """An idle connection the ACS closed (EOF waiting): found before anything is sent."""
        try:
            if not select.select([self._sock], [], [], 0)[0]:
                return False
            # readable while idle: the end of the stream (or bytes nobody asked for: start afresh)
            if isinstance(self._sock, ssl.SSLSocket):
                return True
            return self._sock.recv(1, socket.MSG_PEEK) == b""
        except (OSError, ValueError):
            return True

    def _exchange(self, request: m.Request) -> Any:
        s = self.settings
        sequence = self._sequence if s.checksums else None
        self._sequence = (self._sequence + 1) % 10
        frame = encode(request.command, request.fixed, request.fields, sequence, s.encoding)
        self._send(frame)
        for _ in range(RETRIES + 1):
            try:
                answer_frame = decode(self._read(), s.encoding)
            except ChecksumMismatch:
                self._send(encode("97", [], [], None, s.encoding, checksum_only=sequence is not None))
                continue
            answer = m.parse(answer_frame)
            if isinstance(answer, m.ResendRequest):
                self._send(frame)
                continue
            if answer.command != request.reply:
                raise Sip2Malformed(field="command", value=answer.command,
                                    problem=f"expected {request.reply} for {request.command}")
            if sequence is not None and answer_frame.sequence not in (None, sequence):
                raise Sip2Malformed(field="AY", value=str(answer_frame.sequence),
                                    problem=f"expected {sequence}")
            return answer
        self.close()
        raise Sip2Malformed(field="AZ", problem=f"no whole answer after {RETRIES} resends")

    def _send(self, frame: bytes) -> None:
        try:
            self._sock.sendall(frame)
        except (OSError, AttributeError) as exc:
            self.close()
            raise Sip2Unavailable(host=self.settings.host, port=self.settings.port,
                                  reason=type(exc).__name__) from None

    def _read(self) -> bytes:
        while b"\r" not in self._buffer:
            if len(self._buffer) > MAX_FRAME:
                self.close()
                raise Sip2Malformed(field="frame", problem=f"longer than {MAX_FRAME} bytes")
            try:
                chunk = self._sock.recv(4096)
            except (OSError, AttributeError) as exc:
                self.close()
                raise Sip2Unavailable(host=self.settings.host, port=self.settings.port,
                                      reason=type(exc).__name__) from None
            if not chunk:
                self.close()
                raise Sip2Unavailable(host=self.settings.host, port=self.settings.port,
                                      reason="closed")
            self._buffer += chunk
        at = self._buffer.index(b"\r") + 1
        if self._buffer[at:at + 1] == b"\n":
            at += 1
        frame, self._buffer = self._buffer[:at], self._buffer[at:]
        return frame
