"""A PC/SC watcher thread: reader added/removed and card present/absent, delivered to a callback.

`CardWatcher(callback).start()` owns one PC/SC context in its own thread and waits in
`SCardGetStatusChange` on every reader plus pcsc-lite's `\\\\?PnP?\\Notification` pseudo-reader (so a
plugged or unplugged reader wakes it), with a timeout as a fallback re-scan. `stop()` sets a cancel
event and calls `SCardCancel`, then joins: it returns within about one poll interval. Events are
`CardEvent(kind, reader)` with kind one of `reader_added`, `reader_removed`, `card_present`,
`card_absent`, `pcsc_unavailable` (pcscd is gone; the watcher retries every `retry_s`) — the current
state is reported as events at start. The callback runs on the watcher thread: the kiosk bridges it
to Qt with a queued signal. No ATR (which may carry a random PUPI) is ever reported.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Callable

from smartcard import scard as default_scard

logger = logging.getLogger(__name__)

PNP_READER = "\\\\?PnP?\\Notification"
READER_ADDED, READER_REMOVED = "reader_added", "reader_removed"
CARD_PRESENT, CARD_ABSENT = "card_present", "card_absent"
PCSC_UNAVAILABLE = "pcsc_unavailable"
_OK, _TIMEOUT, _CANCELLED, _NO_READERS = 0x0, 0x8010000A, 0x80100002, 0x8010002E


@dataclass(frozen=True)
class CardEvent:
    kind: str
    reader: str = ""


class CardWatcher:
    """Watches PC/SC readers in a daemon thread until `stop()`."""

    def __init__(self, callback: Callable[[CardEvent], None], poll_s: float = 0.5, retry_s: float = 1.0,
                 backend=None) -> None:
        self.callback = callback
        self.poll_s, self.retry_s = poll_s, retry_s
        self.scard = backend or default_scard
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._context: int | None = None
        self._context_lock = threading.Lock()
        self._present: dict[str, bool] = {}  # reader → card present
        self._unavailable = False

    # --- life cycle -------------------------------------------------------------------------
    def start(self) -> "CardWatcher":
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="pcsc-watcher", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        with self._context_lock:
            if self._context is not None:
                self.scard.SCardCancel(self._context)
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def __enter__(self) -> "CardWatcher":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- the loop ---------------------------------------------------------------------------
    def _emit(self, kind: str, reader: str = "") -> None:
        try:
            self.callback(CardEvent(kind, reader))
        except Exception:  # a broken callback must not kill the watcher
            logger.exception("card event callback failed")

    def _run(self) -> None:
        while not self._stop.is_set():
            rc, context = self.scard.SCardEstablishContext(self.scard.SCARD_SCOPE_USER)
            if rc & 0xFFFFFFFF != _OK:
                self._lost_service()
                self._stop.wait(self.retry_s)
                continue
            with self._context_lock:
                self._context = context
            try:
                self._watch(context)
            finally:
                with self._context_lock:
                    self._context = None
                self.scard.SCardReleaseContext(context)
            if not self._stop.is_set():
                self._stop.wait(self.retry_s)

    def _lost_service(self) -> None:
        if not self._unavailable:
            self._unavailable = True
            for reader in list(self._present):
                self._forget(reader)
            self._emit(PCSC_UNAVAILABLE)

    def _forget(self, reader: str) -> None:
        if self._present.pop(reader, False):
            self._emit(CARD_ABSENT, reader)
        self._emit(READER_REMOVED, reader)

    def _watch(self, context: int) -> None:
        """Wait for changes until stopped or until the service goes away."""
        states: dict[str, int] = {PNP_READER: self.scard.SCARD_STATE_UNAWARE}
        while not self._stop.is_set():
            rc, names = self.scard.SCardListReaders(context, [])
            rc &= 0xFFFFFFFF
            if rc not in (_OK, _NO_READERS):
                self._lost_service()
                return
            self._unavailable = False
            names = list(names or []) if rc == _OK else []
            for gone in [r for r in self._present if r not in names]:
                self._forget(gone)
                states.pop(gone, None)
            for name in names:
                if name not in self._present:
                    self._present[name] = False
                    self._emit(READER_ADDED, name)
                    states[name] = self.scard.SCARD_STATE_UNAWARE
            rc, result = self.scard.SCardGetStatusChange(context, int(self.poll_s * 1000), list(states.items()))
            rc &= 0xFFFFFFFF
            if rc == _CANCELLED or self._stop.is_set():
                return
            if rc == _TIMEOUT:
                continue
            if rc != _OK:
                self._lost_service()
                return
            for name, event, _atr in result:
                states[name] = event & ~self.scard.SCARD_STATE_CHANGED
                if name == PNP_READER or name not in self._present:
                    continue
                present = bool(event & self.scard.SCARD_STATE_PRESENT)
                if present != self._present[name]:
                    self._present[name] = present
                    self._emit(CARD_PRESENT if present else CARD_ABSENT, name)
