"""Live feed positions: the mesh tells terminals, as server-sent events, that their site's feed moved.

`GET /v1/sites/{site}/stream?after=N` (sync.mesh.app) is authenticated like the feed (a terminal reads
only its own site) and answers `text/event-stream`: at once an `event: position` with the site's newest
feed cursor when it is beyond `after` (or the `Last-Event-ID` the client resumes with), then one more
each time the feed moves, with `id:` set to that cursor; a `: keep-alive` comment after
`stream_keepalive` seconds of silence (so proxies and the terminal's read timeout see a live
connection). A stream carries positions only, never an event: the terminal pulls the feed itself (its
cursor, its signature, its page limits), so a stream adds no way to read anything.

Bounded (`sync.mesh.limits.Limits`): at most `streams_per_terminal` open streams per credential and
`max_streams` in all (kept below the connection cap, so streams never crowd out uploads); one more is
429 `too_many_streams` with Retry-After, and the terminal polls meanwhile. A stream ends after
`stream_max_s` seconds (the terminal opens a new one, signed afresh: a revoked terminal is then
refused), when the mesh stops, and when the client goes; its slot is given back in every case
(`LiveResponse` releases it whatever happened to the response).

`StreamHub` learns that a site's feed moved two ways: `notify()` right after a batch committed in this
process (the ingest thread calls it: at once), and one poll of the watched sites' heads every
`stream_poll` seconds (another mesh process on the same database wrote it). Nothing here is told
before the commit: `notify()` is called after `ingest` returned, and the poll reads committed rows.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from typing import Any, AsyncIterator, Callable

from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from sync.mesh.limits import Limits

logger = logging.getLogger(__name__)

EVENT_STREAM = "text/event-stream"
STREAM_RETRY_AFTER = 30  # seconds a refused terminal waits before it opens a stream again (it polls)


class StreamLimitError(Exception):
    """Too many open streams (of this terminal, or in all): 429 with Retry-After."""

    def __init__(self, scope: str, limit: int) -> None:
        super().__init__(scope)
        self.scope, self.limit = scope, limit


class _Slot:
    """One open stream's place in the counts; `release()` once, whatever ends the stream."""

    def __init__(self, hub: "StreamHub", owner: str) -> None:
        self.hub, self.owner, self._released = hub, owner, False

    def release(self) -> None:
        if not self._released:
            self._released = True
            self.hub._release(self.owner)


class StreamHub:
    """The open streams of one mesh process: their counts, the watched sites' heads, the wake-ups."""

    def __init__(self, heads: Callable[[list[str]], dict[str, int]], limits: Limits) -> None:
        self._heads_of, self.limits = heads, limits
        self._lock = threading.Lock()
        self._open: dict[str, int] = {}  # credential id -> open streams
        self._watched: dict[str, int] = {}  # site -> open streams
        self._heads: dict[str, int] = {}
        self._moved: dict[str, asyncio.Event] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kick: asyncio.Event | None = None
        self._poller: asyncio.Task | None = None
        self.closed = False

    # -- counts (any thread) ---------------------------------------------------------------------
    def open_slot(self, owner: str) -> _Slot:
        with self._lock:
            total = sum(self._open.values())
            cap = self.capacity()
            if total >= cap:
                raise StreamLimitError("mesh", cap)
            if self._open.get(owner, 0) >= self.limits.streams_per_terminal:
                raise StreamLimitError("terminal", self.limits.streams_per_terminal)
            self._open[owner] = self._open.get(owner, 0) + 1
        return _Slot(self, owner)

    def capacity(self) -> int:
        """`max_streams`, and never more than half the connection cap (uploads keep the rest); 0: no
        live streams at all (every terminal polls)."""
        return max(0, min(self.limits.max_streams, max(1, self.limits.max_connections // 2)))

    def _release(self, owner: str) -> None:
        with self._lock:
            left = self._open.get(owner, 0) - 1
            if left > 0:
                self._open[owner] = left
            else:
                self._open.pop(owner, None)

    def open_streams(self) -> dict[str, int]:
        """Open streams per credential id (for the tests and the log)."""
        with self._lock:
            return dict(self._open)

    def notify(self) -> None:
        """A batch was committed in this process: look at the heads now (callable from any thread)."""
        loop, kick = self._loop, self._kick
        if loop is not None and kick is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(kick.set)
            except RuntimeError:  # the loop is shutting down
                pass

    def close(self) -> None:
        """The mesh stops: every stream ends now (on the event loop's thread)."""
        self.closed = True
        for moved in self._moved.values():
            moved.set()
        if self._kick is not None:
            self._kick.set()

    # -- the streams (on the event loop) ---------------------------------------------------------
    async def positions(self, site: str, after: int) -> AsyncIterator[bytes]:
        """The stream's bytes: positions beyond `after` as the feed moves, keep-alives between."""
        self._watch(site)
        try:
            cursor = after
            yield b"retry: 2000\n\n"  # an EventSource's wait before it reconnects
            head = (await asyncio.to_thread(self._heads_of, [site])).get(site, 0)
            self._heads[site] = max(self._heads.get(site, 0), head)
            ends = time.monotonic() + self.limits.stream_max_s
            quiet_since = time.monotonic()
            while not self.closed:
                moved = self._moved[site]  # taken first: a move while a message goes out still wakes us
                head = self._heads.get(site, 0)
                if head > cursor:
                    cursor = head
                    quiet_since = time.monotonic()
                    yield position_message(site, head)
                now = time.monotonic()
                if now >= ends:
                    break
                wait = min(ends - now, self.limits.stream_keepalive - (now - quiet_since))
                if wait <= 0:
                    quiet_since = now
                    yield b": keep-alive\n\n"
                    continue
                try:
                    await asyncio.wait_for(moved.wait(), timeout=wait)
                except TimeoutError:
                    pass
        finally:
            self._unwatch(site)

    def _watch(self, site: str) -> None:
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
            self._kick = asyncio.Event()
        self._watched[site] = self._watched.get(site, 0) + 1
        self._moved.setdefault(site, asyncio.Event())
        if self._poller is None or self._poller.done():
            self._poller = self._loop.create_task(self._poll(), name="kazasu-mesh-stream-poll")

    def _unwatch(self, site: str) -> None:
        left = self._watched.get(site, 0) - 1
        if left > 0:
            self._watched[site] = left
        else:
            self._watched.pop(site, None)
            self._moved.pop(site, None)
            self._heads.pop(site, None)

    async def _poll(self) -> None:
        """While any stream is open: read the watched sites' heads after a kick or every
        `stream_poll` seconds, and wake the streams of each site whose head moved."""
        kick = self._kick
        assert kick is not None
        while self._watched and not self.closed:
            try:
                await asyncio.wait_for(kick.wait(), timeout=self.limits.stream_poll)
            except TimeoutError:
                pass
            kick.clear()
            sites = list(self._watched)
            try:
                heads = await asyncio.to_thread(self._heads_of, sites)
            except Exception as exc:  # noqa: BLE001 - a database hiccup: the streams wait, the next poll retries
                logger.warning("stream poll failed: %s", type(exc).__name__)
                continue
            for site, head in heads.items():
                if head > self._heads.get(site, 0) and site in self._moved:
                    self._heads[site] = head
                    moved = self._moved[site]
                    self._moved[site] = asyncio.Event()
                    moved.set()


def position_message(site: str, cursor: int) -> bytes:
    data = json.dumps({"site": site, "cursor": cursor}, separators=(",", ":"))
    return f"id: {cursor}\nevent: position\ndata: {data}\n\n".encode()


class LiveResponse(StreamingResponse):
    """A server-sent event stream whose slot is released however the response ends (finished, the
    client gone, cancelled before its first byte)."""

    media_type = EVENT_STREAM

    def __init__(self, content: AsyncIterator[bytes], slot: Any, status_code: int = 200) -> None:
        super().__init__(content, status_code=status_code, media_type=EVENT_STREAM,
                         headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
        self.slot = slot

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self.slot.release()
