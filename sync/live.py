"""FeedWatcher: the terminal's end of the mesh's live stream (sync.mesh.streams), in its own thread.

It holds one signed `GET /v1/sites/{site}/stream?after=<cursor>` open (the cursor is the last feed
position the terminal has stored, so a new stream resumes where the terminal is) and calls
`on_position(cursor)` for each position the mesh pushes beyond it; `sync.background.BackgroundSync`
then runs a pass at once (push, pull). The stream only says "the feed moved": every event still comes
through the signed, paged feed pull.

When the stream cannot be had (the mesh unreachable, an older mesh without the route, 429
`too_many_streams`, the connection cut) the watcher waits and tries again — after the mesh's
Retry-After, or a backoff with jitter up to `cap` — and the sync loop's own polling carries on meanwhile:
live updates are a shortcut, never the only way events arrive. A stream that stays silent longer than
`read_timeout` (the mesh sends a keep-alive every 15 s) counts as cut. `connected` says whether a stream
is open now (`on_live(bool)` is told when that changes). `stop()` closes the open stream from outside
and joins the thread (bounded). No database here: the cursor comes from `cursor()`, the loop's own
record of it.
"""

from __future__ import annotations

import json
import logging
import random
import socket
import threading
from typing import Any, Callable

import httpx

from sync.client import configured_pin, parse_retry_after
from sync.transport import mesh_http_client

logger = logging.getLogger(__name__)

STREAM_PATH = "/v1/sites/{site}/stream"
READ_TIMEOUT_S = 45.0  # three of the mesh's keep-alives without a byte: the stream is dead
NO_ROUTE_WAIT_S = 300.0  # a mesh without live streams (404): look again this much later


class FeedWatcher:
    def __init__(self, store: Any, mesh_url: str, site: str, *, cursor: Callable[[], int],
                 on_position: Callable[[int], None], on_live: Callable[[bool], None] | None = None,
                 timeout: float = 10.0,
                 read_timeout: float = READ_TIMEOUT_S, base: float = 1.0, cap: float = 60.0,
                 rng: random.Random | None = None) -> None:
        self.store, self.mesh_url, self.site = store, mesh_url.rstrip("/"), site
        self._cursor, self._on_position, self._on_live = cursor, on_position, on_live
        self._timeout = httpx.Timeout(timeout, read=read_timeout)
        self.base, self.cap = base, cap
        self._rng = rng or random.Random()
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._response: httpx.Response | None = None
        self._thread: threading.Thread | None = None
        self._connected = False
        self.pushes = 0  # positions received that were beyond the cursor
        self.failures = 0

    def start(self) -> "FeedWatcher":
        if self._thread is None or not self._thread.is_alive():
            self._stopping.clear()
            self._thread = threading.Thread(target=self._run, name="kazasu-sync-live", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> bool:
        self._stopping.set()
        with self._lock:
            response = self._response
        if response is not None:
            _interrupt(response)
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                return False
        self._thread = None
        return True

    @property
    def connected(self) -> bool:
        return self._connected

    @connected.setter
    def connected(self, value: bool) -> None:
        if value != self._connected:
            self._connected = value
            if self._on_live is not None:
                self._on_live(value)

    # -- the thread --------------------------------------------------------------------------------
    def _run(self) -> None:
        try:
            http = mesh_http_client(self.mesh_url, pin=configured_pin(self.store.path.parent, self.mesh_url),
                                    identity=self.store.identity, timeout=self._timeout)
        except Exception as exc:  # noqa: BLE001 - e.g. a plain-http mesh elsewhere: the loop says why
            logger.warning("no live stream (%s): polling only", type(exc).__name__)
            return
        try:
            while not self._stopping.is_set():
                try:
                    wait = self._watch(http)
                except Exception as exc:  # noqa: BLE001 - the watcher must survive anything
                    logger.warning("live stream of %s failed (%s)", self.site, type(exc).__name__)
                    wait = self.cap
                self.connected = False
                if wait > 0 and self._stopping.wait(wait):
                    break
        finally:
            http.close()

    def _watch(self, http: httpx.Client) -> float:
        """One stream from open to end; how long to wait before the next (0: at once)."""
        url = self.mesh_url + STREAM_PATH.format(site=self.site)
        try:
            with http.stream("GET", url, params={"after": max(int(self._cursor()), 0)},
                             headers={"Accept": "text/event-stream"}) as response:
                if response.status_code != 200:
                    return self._refused(response)
                with self._lock:
                    self._response = response
                self.connected, self.failures = True, 0
                logger.info("live stream of %s open", self.site)
                self._read(response)
            return 0.0  # the mesh ended it (its lifetime, a restart): open the next one now
        except (httpx.HTTPError, OSError, RuntimeError) as exc:
            if self._stopping.is_set():
                return 0.0
            self.failures += 1
            delay = min(self.cap, self.base * 2 ** min(self.failures - 1, 16))
            delay = delay / 2 + self._rng.uniform(0, delay / 2)
            logger.info("live stream of %s lost (%s); again in %.1f s, polling meanwhile", self.site,
                        type(exc).__name__, delay)
            return delay
        finally:
            with self._lock:
                self._response = None

    def _read(self, response: httpx.Response) -> None:
        event, data = "", ""
        for line in response.iter_lines():
            if self._stopping.is_set():
                return
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:"):
                data += line[5:].strip()
            elif not line:
                if event == "position":
                    self._position(data)
                event, data = "", ""

    def _position(self, data: str) -> None:
        try:
            cursor = int(json.loads(data)["cursor"])
        except (ValueError, KeyError, TypeError):
            logger.warning("a live position that is not one was ignored")
            return
        if cursor > self._cursor():
            self.pushes += 1
            self._on_position(cursor)

    def _refused(self, response: httpx.Response) -> float:
        self.failures += 1
        if response.status_code == 404:
            logger.info("the mesh has no live streams: polling only")
            return NO_ROUTE_WAIT_S
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        logger.warning("live stream of %s refused (%d); polling meanwhile", self.site,
                       response.status_code)
        if retry_after is not None:
            return min(retry_after, NO_ROUTE_WAIT_S)
        return min(self.cap, self.base * 2 ** min(self.failures - 1, 16))


def _interrupt(response: httpx.Response) -> None:
    """End a read blocked on `response` in another thread: shut its socket down (closing the response
    from here would wait for that read)."""
    try:
        stream = response.extensions.get("network_stream")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if sock is not None:
            sock.shutdown(socket.SHUT_RDWR)
    except Exception:  # noqa: BLE001 - best effort: the read also ends at the next keep-alive
        pass
