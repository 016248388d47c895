"""BackgroundSync: the sync client in a thread — push the outbox, pull the site feed, back off, repeat.

One pass is `SyncClient.sync_once()` then `SyncClient.pull_feed(site)` (without a site and with nothing
to send, `SyncClient.ping()`: `online` and `last_success` only ever say that this pass reached the
mesh), then the publications (`pull_publications`: form definitions, revocations, notices to staff —
`notices` in the state). After a successful pass the thread waits `interval` seconds (or until
`sync_now()`); after a failure it waits an exponential backoff with jitter (`base · 2^(n-1)` capped at
`cap`, then a uniformly random point in its upper half, so terminals that lost the network together do
not come back in lockstep), or exactly the mesh's `Retry-After` when it sent one (429/503), bounded by
`retry_after_cap`. `sync_now()` wakes the thread at once, also during a backoff (staff asked for it).
Any exception in a pass is caught, recorded and retried: the thread only ends on `stop()`.

`state()` returns a thread-safe `SyncState` snapshot (`pending`, `acknowledged`, `last_success`,
`last_error`, `online`, `quarantined`, `lost`, ...); `on_state(state)` is called from the sync thread
after every change (the kiosk bridges it to a Qt signal; no Qt here). Logs and `last_error` hold
codes, counts and ids, never personal data. Without a mesh URL (a terminal working offline by design)
the same loop only counts the queue and purges: `online` stays None.

Live (`live=True`, with a mesh and a site): beside the loop a `sync.live.FeedWatcher` holds the mesh's
live stream of the site open and wakes the loop the moment the feed moves past the cursor the loop
last stored, so another terminal's event arrives in about the time of one pull instead of up to one
`interval`; the polling every `interval` stays, and is all there is while the stream cannot be had.
`state().live` says whether the stream is open.
"""

from __future__ import annotations

import dataclasses
import logging
import random
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from sync.errors import MeshResponseError, SyncError
from sync.events import utc_now_iso

if TYPE_CHECKING:
    from sync.client import SyncClient
    from sync.live import FeedWatcher
    from sync.store import EventStore

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncState:
    """What the status bar shows. `online` is None until the first pass has finished."""

    running: bool = False
    online: bool | None = None
    pending: int | None = None
    acknowledged: int | None = None
    rejected: int | None = None
    quarantined: int = 0  # payloads set aside because they do not decrypt (EventStore.problems)
    lost: int = 0  # own events written here and no longer held (EventStore.problems): a loud error
    last_success: str | None = None  # UTC ISO time of the last pass that reached the mesh
    last_error: dict[str, Any] | None = None  # {"code", "message_ja", "message_en", ...details}
    failures: int = 0  # consecutive failed passes
    next_attempt_in: float | None = None  # seconds, when the thread is waiting
    pulled: int = 0  # events of other terminals stored since start
    live: bool = False  # the mesh's live stream is open (sync.live): pushes, not only polling
    notices: list = dataclasses.field(default_factory=list)  # notices to staff in force (sync.published)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def backoff_delay(failures: int, base: float, cap: float, rng: random.Random) -> float:
    """Exponential backoff with "equal jitter": a random point in [d/2, d], d = min(cap, base·2^(n-1))."""
    exp = min(failures - 1, 62)
    delay = min(cap, base * (2 ** max(exp, 0)))
    return delay / 2 + rng.uniform(0, delay / 2)


def error_dict(exc: BaseException) -> dict[str, Any]:
    """The user-facing error shape; anything untyped becomes a generic sync error (no message text)."""
    if isinstance(exc, SyncError):
        return {"code": exc.code, "message_ja": exc.message_ja, "message_en": exc.message_en,
                **exc.details()}
    generic = SyncError()
    return {"code": generic.code, "message_ja": generic.message_ja, "message_en": generic.message_en,
            "exception": type(exc).__name__}


def _client(store: EventStore, mesh_url: str, **options: Any) -> SyncClient:
    # lazy: the HTTP client (httpx) is loaded on the sync thread's first pass, not at the kiosk's start
    from sync.client import SyncClient

    return SyncClient(store, mesh_url, **options)


class BackgroundSync:
    def __init__(self, store: EventStore, mesh_url: str | None, *, site: str | None = None,
                 terminal_id: str | None = None, interval: float = 5.0, backoff_base: float = 0.5,
                 backoff_cap: float = 60.0, retry_after_cap: float = 600.0, batch_size: int = 500,
                 timeout: float = 10.0, on_state: Callable[[SyncState], None] | None = None,
                 client_factory: Callable[[], SyncClient] | None = None,
                 rng: random.Random | None = None, live: bool = False) -> None:
        self.store, self.mesh_url, self.site, self.terminal_id = store, mesh_url, site, terminal_id
        self.interval, self.backoff_base, self.backoff_cap = interval, backoff_base, backoff_cap
        self.retry_after_cap = retry_after_cap
        self._client_factory = client_factory or (
            lambda: _client(store, mesh_url, batch_size=batch_size, timeout=timeout))
        self._on_state = on_state
        self._rng = rng or random.Random()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._state = SyncState()
        self._cursor = 0  # the site's feed cursor stored by the last pull (what the stream resumes from)
        self._passing = threading.Lock()  # held during a pass (a push is judged after it)
        self._watcher: FeedWatcher | None = None
        if live and mesh_url and site:
            # lazy: the HTTP client (httpx) is loaded only by a terminal with a mesh
            from sync.live import FeedWatcher

            self._watcher = FeedWatcher(store, mesh_url, site, cursor=lambda: self._cursor,
                                        on_position=self._pushed,
                                        on_live=self._live, timeout=timeout)

    # -- control (any thread) --------------------------------------------------------------------
    def start(self) -> "BackgroundSync":
        if self._thread is not None and self._thread.is_alive():
            return self
        self._stopping.clear()
        self._wake.clear()
        self._update(running=True)
        self._thread = threading.Thread(target=self._run, name="kazasu-sync", daemon=True)
        self._thread.start()
        if self._watcher is not None:
            self._watcher.start()
        return self

    def _pushed(self, cursor: int) -> None:
        """The mesh's feed moved past our cursor (the live stream): a pass now — unless the pass
        under way (often the one that sent these very events) has pulled that far: judged after it."""
        with self._passing:
            behind = cursor > self._cursor
        if behind:
            logger.debug("feed of %s moved to %d: pulling", self.site, cursor)
            self.sync_now()

    def _live(self, live: bool) -> None:
        if not self._stopping.is_set():   # once stopping, nobody is told any more (stop() says live=False)
            self._update(live=live)

    def sync_now(self) -> None:
        """Wake the thread for a pass at once (after a new event, or when staff ask)."""
        self._wake.set()

    def stop(self, timeout: float = 15.0) -> bool:
        """Ask the thread to finish its current request and end; join it. True if it ended."""
        self._stopping.set()
        self._wake.set()
        if self._watcher is not None:
            self._watcher.stop()
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                logger.warning("sync thread did not stop within %.1f s", timeout)
                return False
        self._thread = None
        self._update(running=False, next_attempt_in=None, live=False)
        return True

    def state(self) -> SyncState:
        with self._lock:
            return self._state

    def __enter__(self) -> "BackgroundSync":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the thread ------------------------------------------------------------------------------
    def _run(self) -> None:
        client: SyncClient | None = None
        try:
            while not self._stopping.is_set():
                try:
                    if client is None and self.mesh_url is not None:
                        client = self._client_factory()
                    delay = self._pass(client) if client is not None else self._count()
                except Exception as exc:  # noqa: BLE001 - the thread must survive anything
                    delay = self._failed(exc)
                if self._stopping.is_set():
                    break
                self._update(next_attempt_in=round(delay, 3))
                self._wake.wait(delay)
                self._wake.clear()
                self._update(next_attempt_in=None)
        finally:
            if client is not None:
                client.close()
            self.store.close()  # this thread's own connection

    def _pass(self, client: SyncClient) -> float:
        with self._passing:
            return self._one_pass(client)

    def _one_pass(self, client: SyncClient) -> float:
        pushed = client.sync_once()
        pulled = 0
        if not self.site and not (pushed or {}).get("sent"):
            client.ping()  # nothing sent nor pulled: "online" still means the mesh answered this pass
        if self.site:
            feed = client.pull_feed(self.site, own_terminal=self.terminal_id)
            pulled, self._cursor = feed["pulled"], int(feed.get("cursor") or self._cursor)
        notices = self._publications(client)
        self.store.purge_if_due()  # erase payloads acknowledged longer ago than the retention
        status = {**self.store.status(), **self.store.problems()}
        self._update(notices=notices, online=True, pending=status["pending"], acknowledged=status["acknowledged"],
                     rejected=status["rejected"], quarantined=status["quarantined"],
                     lost=status["lost"], last_success=utc_now_iso(), last_error=None, failures=0,
                     pulled=self.state().pulled + pulled)
        return self.interval

    def _publications(self, client: SyncClient) -> list[dict[str, Any]]:
        """Pull what the municipality published (a client without it: nothing); the notices in force."""
        # lazy: the published store is only needed by a pass that reached the mesh
        from sync.published import PublishedStore

        pull = getattr(client, "pull_publications", None)
        if pull is not None:
            pull(self.site)
        return PublishedStore(self.store.path.parent).notices()

    def _count(self) -> float:
        """No mesh configured: keep the counts current and purge, nothing else."""
        self.store.purge_if_due()
        status = {**self.store.status(), **self.store.problems()}
        self._update(pending=status["pending"], acknowledged=status["acknowledged"],
                     rejected=status["rejected"], quarantined=status["quarantined"],
                     lost=status["lost"])
        return self.interval

    def _failed(self, exc: BaseException) -> float:
        failures = self.state().failures + 1
        retry_after = exc.retry_after if isinstance(exc, MeshResponseError) else None
        if retry_after is not None:
            delay = min(max(retry_after, 0.0), self.retry_after_cap)
        else:
            delay = backoff_delay(failures, self.backoff_base, self.backoff_cap, self._rng)
        error = error_dict(exc)
        logger.warning("sync pass failed (%s), attempt %d, next in %.1f s", error["code"], failures,
                       delay)
        counts: dict[str, Any] = {}
        try:
            status = {**self.store.status(), **self.store.problems()}
            counts = {k: status[k] for k in ("pending", "acknowledged", "rejected", "quarantined",
                                             "lost")}
        except Exception:  # noqa: BLE001 - the count is a courtesy
            pass
        # online: the mesh answered (even with an error status); offline: it could not be reached
        self._update(online=isinstance(exc, MeshResponseError), last_error=error, failures=failures,
                     **counts)
        return delay

    def _update(self, **changes: Any) -> None:
        with self._lock:
            new = dataclasses.replace(self._state, **changes)
            changed = new != self._state
            self._state = new
        if changed and self._on_state is not None:
            try:
                self._on_state(new)
            except Exception:  # noqa: BLE001 - a broken listener must not stop syncing
                logger.exception("sync state listener failed")


def wait_until(predicate: Callable[[], bool], timeout: float, poll: float = 0.05) -> bool:
    """Poll `predicate` until it is true or `timeout` seconds pass; returns its last value."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(poll)
