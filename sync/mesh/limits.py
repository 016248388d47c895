"""The mesh's limits, and the ASGI guard that enforces the ones about requests.

`Limits` holds every bound (docs/sync.md, "Limits"): request body size, event size, JSON nesting depth,
feed page bytes and count, header/body read timeouts, connections, exception rows per terminal, live
streams (how many, keep-alive, lifetime, poll).
`RequestGuard` wraps the application (inside Starlette's error middleware):
- a body larger than `max_body_bytes` is refused with 413 `request_too_large` as soon as its
  Content-Length says so, or as soon as that many bytes have arrived (the rest is never read; the
  connection is closed);
- a body that does not finish arriving within `body_timeout` seconds is refused with 408
  `request_timeout`;
- any unexpected exception becomes one 500 `internal_error` answer and one log line (no traceback is
  re-raised to the server, so a flood of bad requests cannot flood the log).
The body is read here once and handed on, so the routes and the authentication see the same bytes.
Header timeouts and the connection cap live in sync.mesh.serving (they act before a request exists).
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

logger = logging.getLogger(__name__)

MIB = 1024 * 1024

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


@dataclass(frozen=True)
class Limits:
    max_body_bytes: int = 8 * MIB  # one request body
    max_event_bytes: int = 256 * 1024  # one event's payload (canonical JSON)
    max_json_depth: int = 32  # nesting of objects and arrays in a payload
    feed_max_bytes: int = 4 * MIB  # payload bytes per feed page (always at least one event)
    feed_max_events: int = 1000  # events per feed page
    header_timeout: float = 10.0  # seconds for a request's headers to arrive
    body_timeout: float = 30.0  # seconds for a request's body to arrive
    keep_alive: int = 5  # seconds an idle keep-alive connection stays open
    max_connections: int = 1000  # open connections (kept below the file limit, sync.mesh.serving)
    exceptions_per_terminal: int = 1000  # open exception rows per terminal; beyond, only counted
    max_streams: int = 500  # open live streams in all (sync.mesh.streams), below max_connections
    streams_per_terminal: int = 2  # open live streams of one terminal (credential)
    stream_keepalive: float = 15.0  # seconds of silence before a stream sends a keep-alive comment
    stream_max_s: float = 300.0  # a stream ends after this long; the terminal opens a new one
    stream_poll: float = 0.5  # seconds between reads of the watched sites' heads (other mesh processes)


DEFAULT_LIMITS = Limits()


def json_depth(value: Any, limit: int) -> int:
    """The nesting depth of a JSON value (a scalar 0, `{}` 1, `{"a": []}` 2), counted without
    recursion, a level at a time, and only up to `limit + 1` (deeper values are not walked further).
    Only containers are kept from one level to the next: a flat payload costs one pass over its values."""
    level = [value] if isinstance(value, (dict, list)) else []
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            return depth
        following: list[Any] = []
        for item in level:
            children = item.values() if isinstance(item, dict) else item
            following += [child for child in children if isinstance(child, (dict, list))]
        level = following
    return depth


def depth_problem(raw: Any, limits: Limits) -> str | None:
    """Why an event (as received, a JSON object) is nested too deep, or None. Checked before any
    other validation: a payload nested deeper than the limit is never stored (it could not be served
    back later)."""
    if not isinstance(raw, dict):
        return None
    if json_depth(raw.get("payload"), limits.max_json_depth) > limits.max_json_depth:
        return f"payload nested deeper than {limits.max_json_depth} levels"
    return None


def size_problem(payload_bytes: bytes, limits: Limits) -> str | None:
    """Why a payload (its canonical bytes, made once per event: Event.payload_bytes) is too large."""
    if len(payload_bytes) > limits.max_event_bytes:
        return f"payload larger than {limits.max_event_bytes} bytes"
    return None


def event_problem(raw: Any, limits: Limits) -> str | None:
    """Why an event (as received, a JSON object) is over the limits, or None. Checked before any
    other validation: a payload nested deeper than the limit is never stored (it could not be served
    back later). The batch route checks the depth first and the size on the bytes `Event.from_dict`
    made (one encoding per event); this whole check is what it answers when the envelope is refused."""
    problem = depth_problem(raw, limits)
    if problem is not None or not isinstance(raw, dict):
        return problem
    payload = raw.get("payload")
    if isinstance(payload, dict):
        try:
            size = len(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8",
                                                                                             "replace"))
        except (TypeError, ValueError):
            return None  # not JSON text: Event.from_dict says why
        if size > limits.max_event_bytes:
            return f"payload larger than {limits.max_event_bytes} bytes"
    return None


def error_body(code: str, message_en: str, message_ja: str) -> bytes:
    return json.dumps({"error": {"code": code, "message_ja": message_ja, "message_en": message_en}},
                      ensure_ascii=False).encode("utf-8")


class _Refused(Exception):
    def __init__(self, status: int, code: str, message_en: str, message_ja: str) -> None:
        super().__init__(code)
        self.status, self.body = status, error_body(code, message_en, message_ja)


class RequestGuard:
    """Pure ASGI middleware: body size and time limits, and no exception ever reaches the server."""

    def __init__(self, app: Callable[..., Awaitable[None]], limits: Limits = DEFAULT_LIMITS) -> None:
        self.app, self.limits = app, limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            body = await self._read_body(scope, receive)
        except _Refused as refused:
            await _answer(send, refused.status, refused.body, close=True)
            return
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # http.disconnect, when the client goes

        try:
            await self.app(scope, replay, tracking_send)
        except Exception as exc:  # noqa: BLE001 - the one place an unexpected error is turned into 500
            logger.error("internal error on %s %s: %s", scope.get("method"), scope.get("path"),
                         type(exc).__name__)
            if not started:
                await _answer(send, 500, error_body(
                    "internal_error", "The mesh failed internally. Retry later.",
                    "メッシュで内部エラーが発生しました。しばらくしてから再度お試しください。"), close=True)

    async def _read_body(self, scope: Scope, receive: Receive) -> bytes:
        # lazy: the running server has asyncio already; `kazasu`'s parser reads DEFAULT_LIMITS without it
        import asyncio

        limit = self.limits.max_body_bytes
        for name, value in scope.get("headers") or ():
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared > limit:
                    raise self._too_large()
        deadline = time.monotonic() + self.limits.body_timeout
        chunks: list[bytes] = []
        size = 0
        while True:
            remaining = deadline - time.monotonic()
            try:
                message = await asyncio.wait_for(receive(), timeout=max(remaining, 0.001))
            except TimeoutError:
                raise _Refused(408, "request_timeout",
                               f"The request body did not arrive within {self.limits.body_timeout:g} s.",
                               f"要求の本文が{self.limits.body_timeout:g}秒以内に届きませんでした。") from None
            if message["type"] == "http.disconnect":
                return b"".join(chunks)
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise self._too_large()
            if chunk:
                chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    def _too_large(self) -> _Refused:
        mib = self.limits.max_body_bytes / MIB
        return _Refused(413, "request_too_large",
                        f"The request body is larger than {mib:g} MiB. Send fewer events per request.",
                        f"要求の本文が {mib:g} MiB を超えています。1回に送る件数を減らしてください。")


async def _answer(send: Send, status: int, body: bytes, *, close: bool) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})
