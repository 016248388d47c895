"""The kiosk's sync: one loop, `sync.background.BackgroundSync` (push, pull the site's feed, backoff with
jitter, the mesh's Retry-After, the purge), bridged to Qt. Its state reaches the window as the `status`
signal (a dict for the status bar); `sync_now()` only wakes the loop: the UI never waits for a pass.

Live desks: the loop holds the mesh's live stream open (sync.live) and pulls the moment another
terminal's event reaches the mesh; polling every `interval_ms` stays as the fallback. What it pulls
lands in the store's `remote_events`; the store tells its listeners after the commit, and `pulled`
carries that `sync.store.StoreChange` to the UI thread, where the window hands it to the open desks
(the shelter's roster, headcount and inquiry, the library's loans and blocks).

A pass over a long backlog (`child_from` events or more waiting, after days offline) runs as `kazasu
sync --once` in a child process instead: a long drain in this process shares the interpreter lock with
the UI thread and stalled its event loop (benchmarks/bench_kiosk.py); a child shares nothing but the
SQLite file, and pushes then pulls.
Without a mesh the same loop keeps the counts current and purges.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from kiosk.timeouts import SYNC_CHILD_FROM, SYNC_MS
from sync.background import BackgroundSync, SyncState
from sync.errors import SyncError

logger = logging.getLogger(__name__)

SYNC_CHILD_TIMEOUT_S = 1800
STORE_FILE = "kazasu.db"   # the store's file in the data folder (kiosk.counter.visit.open_store)


def status_of(state: SyncState) -> dict[str, Any]:
    """What the status bar is told: the queue counts, online, the last good pass, the problems."""
    return {"pending": state.pending, "acknowledged": state.acknowledged, "rejected": state.rejected,
            "online": state.online, "last_sync": state.last_success, "quarantined": state.quarantined,
            "lost": state.lost, "error": (state.last_error or {}).get("code"), "pulled": state.pulled,
            "live": state.live, "notices": state.notices}


class SyncService(QObject):
    """The loop for one store and (optionally) one mesh client; `status` carries `status_of(state)`
    on the UI thread after every change of the loop's state."""

    status = Signal(object)
    pulled = Signal(object)  # a sync.store.StoreChange of pulled events, on the UI thread
    _changed = Signal(object)  # emitted on the sync thread, delivered on the UI thread
    _stored = Signal(object)  # likewise, from the store's listener

    def __init__(self, store, client=None, interval_ms: int = SYNC_MS, parent=None,
                 child_from: int = SYNC_CHILD_FROM, *, site: str | None = None,
                 terminal_id: str | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.client = None if client is None else BacklogClient(client, store, child_from, site)
        self._changed.connect(self._relay)
        self._stored.connect(self.pulled)
        self.loop = BackgroundSync(store, getattr(client, "mesh_url", None), site=site,
                                   terminal_id=terminal_id, interval=interval_ms / 1000,
                                   client_factory=lambda: self.client, on_state=self._changed.emit,
                                   live=True)
        self._unlisten = store.listen(self._store_changed)

    @property
    def passes_in_child(self) -> int:
        return self.client.passes_in_child if self.client is not None else 0

    def start(self) -> None:
        self.loop.start()

    def sync_now(self) -> None:
        self.loop.sync_now()

    def stop(self) -> None:
        if self._unlisten is not None:
            self._unlisten()  # the window is built again on the same store (a new display)
            self._unlisten = None
        if self.client is not None:
            self.client.stop_child()  # the pass in a child: acknowledged batches stay marked
        self.loop.stop()

    def _store_changed(self, change) -> None:
        """The store's listener (any thread, after the commit): pulled events go to the UI thread."""
        if change.source == "pulled":
            self._stored.emit(change)

    @Slot(object)
    def _relay(self, state: SyncState) -> None:
        self.status.emit(status_of(state))


class BacklogClient:
    """The client the loop drives: `sync_once()` on the sync thread, or `kazasu sync --once` in a child
    process when `child_from` or more events wait; the feed is pulled on the sync thread either way."""

    def __init__(self, client, store, child_from: int, site: str | None) -> None:
        self.client, self.store, self.child_from, self.site = client, store, child_from, site
        self.mesh_url = getattr(client, "mesh_url", None)
        self.child: subprocess.Popen | None = None  # the running `kazasu sync --once`, if any
        self.passes_in_child = 0
        self._stopping = False

    def sync_once(self) -> dict:
        if self._backlog():
            return self._sync_in_child()
        return self.client.sync_once()

    def pull_feed(self, site: str, *, own_terminal: str | None = None) -> dict:
        return self.client.pull_feed(site, own_terminal=own_terminal)

    def ping(self) -> None:
        self.client.ping()

    def pull_publications(self, site: str | None) -> dict:
        pull = getattr(self.client, "pull_publications", None)
        return pull(site) if pull is not None else {}

    def close(self) -> None:
        """Nothing: the wrapped client belongs to whoever made it (`kazasu run`/`demo` close it at
        the end). The window is built again with the same client when staff change the display, so
        the loop ending with one window must not close it for the next."""

    def stop_child(self) -> None:
        self._stopping = True
        child = self.child
        if child is not None and child.poll() is None:
            child.terminate()

    def _backlog(self) -> bool:
        path = getattr(self.store, "path", None)
        if path is None or path.name != STORE_FILE or not self.mesh_url:
            return False
        return self.store.status()["pending"] >= self.child_from

    def _sync_in_child(self) -> dict:
        """`kazasu sync --once` on the same data folder, mesh and site, waited for on this thread."""
        command = [*kazasu_command(), "--json", "sync", "--once", "--data-dir", str(self.store.path.parent),
                   "--mesh", self.mesh_url, "--batch-size", str(getattr(self.client, "batch_size", 500))]
        if self.site:
            command += ["--site", self.site]
        env = {k: v for k, v in os.environ.items()
               if k not in ("KAZASU_DATA_DIR", "KAZASU_MESH_URL", "KAZASU_SITE")}
        if self._stopping:
            raise SyncChildError("stopping")
        self.child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                      text=True, env=env)
        try:
            out, _ = self.child.communicate(timeout=SYNC_CHILD_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.child.kill()
            self.child.communicate()
            raise SyncChildError("timeout") from None
        finally:
            code, self.child = self.child.returncode, None
        self.passes_in_child += 1
        lines = out.strip().splitlines()
        try:
            answer = json.loads(lines[-1])
        except (ValueError, IndexError):
            answer = {}
        if code != 0:
            error = answer.get("error", {}).get("code") if isinstance(answer.get("error"), dict) else None
            raise SyncChildError(error or f"status {code}")
        return answer


class SyncChildError(SyncError):
    """The child sync pass failed (its error code, e.g. mesh_unreachable): the events wait."""

    def __init__(self, code: str) -> None:
        super().__init__(f"The sync pass in a child process failed ({code}). The records stay queued on"
                         " this terminal and are sent by a later pass.",
                         message_ja=f"別プロセスでの送信に失敗しました（{code}）。記録は端末に保存されたままで、"
                         "次の送信で送られます。")
        self.code = code


def kazasu_command() -> list[str]:
    """How to start `kazasu` again: the bundle's own executable, or this Python with the CLI."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-c", "import sys; from kiosk.cli import main; sys.exit(main())"]
