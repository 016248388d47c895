"""nfcpy readers: discovery for `kazasu readers` and a watcher thread with the PC/SC watcher's events.

`list_nfcpy_readers()` asks libusb (through nfcpy's own `USB.find`, which opens no device) for the
USB devices nfcpy has a driver for (RC-S380, RC-S330/360/370, PN531/533, ACR122U: nfcpy's
`usb_device_map`) and names each `nfcpy:usb:BBB:DDD` — the reader name `kazasu card read|id --reader`
takes. With no reader, no USB bus, or nfcpy not installed it returns an empty list and raises nothing.
Whether a card is on such a reader is not known without switching its field on, so listings say
`card_present: None`.

`NfcpyWatcher(callback, paths=None, poll_s=0.5).start()` delivers `devices.watcher.CardEvent`s of the
same kinds as the PC/SC `CardWatcher`: `reader_added` / `reader_removed` (USB readers appearing and
going, re-scanned every `poll_s`; fixed `paths`, e.g. `udp:127.0.0.1:PORT` for nfcpy's test driver,
are added at start), `card_present` / `card_absent` (each poll opens the reader, senses `targets` —
106B, 212F and 106A by default; `("106B",)` for My Number cards only — once and closes it: the field
is off between polls, so no card stays powered). A session must
not share the reader with a poll: open it inside `with watcher.session():`, which holds the polls
off until it ends. A reader another process holds is skipped (its last state stands). The callback
runs on the watcher thread and its exceptions are logged, not fatal.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from dataclasses import dataclass
from typing import Callable, Iterator

from devices import nfcpy_transport
from devices.watcher import CARD_ABSENT, CARD_PRESENT, READER_ADDED, READER_REMOVED, CardEvent

logger = logging.getLogger(__name__)

PREFIX = "nfcpy:"
SENSE_TARGETS = ("106B", "212F", "106A")


@dataclass(frozen=True)
class NfcReader:
    name: str            # "nfcpy:usb:001:004": what --reader takes
    path: str            # the nfcpy path ("usb:001:004")
    driver: str          # nfcpy's driver module ("rcs380")
    vid: int
    pid: int
    accessible: bool     # read/write on /dev/bus/usb/BBB/DDD (else a udev rule is missing)

    def to_dict(self) -> dict:
        return {"name": self.name, "backend": "nfcpy", "card_present": None, "driver": self.driver,
                "usb_id": f"{self.vid:04x}:{self.pid:04x}", "accessible": self.accessible}


def reader_path(name: str) -> str | None:
    """The nfcpy path of a reader name (`nfcpy:usb:001:004` → `usb:001:004`); None for PC/SC names."""
    return name[len(PREFIX):] if name and name.startswith(PREFIX) else None


def usb_readers(found: list[tuple[int, int, int, int]], device_map: dict) -> list[NfcReader]:
    """The readers among libusb's `(vid, pid, bus, address)` tuples that nfcpy has a driver for."""
    readers = []
    for vid, pid, bus, address in found:
        driver = device_map.get((vid, pid))
        if driver is None:
            continue
        path = f"usb:{int(bus):03}:{int(address):03}"
        node = f"/dev/bus/usb/{int(bus):03}/{int(address):03}"
        readers.append(NfcReader(PREFIX + path, path, driver, vid, pid, os.access(node, os.R_OK | os.W_OK)))
    return sorted(readers, key=lambda r: r.name)


def list_nfcpy_readers() -> list[NfcReader]:
    """USB readers nfcpy can drive; [] without any (or without nfcpy / libusb / a USB bus)."""
    try:
        # lazy: nfcpy is optional (pip install nfcpy); it loads only when an nfcpy reader is used
        from nfc.clf import device, transport
    except ImportError:
        return []
    try:
        found = transport.USB.find("usb") or []
    except Exception as exc:  # noqa: BLE001 — libusb missing or no bus: nothing to list
        logger.info("nfcpy: no USB enumeration (%s)", type(exc).__name__)
        return []
    return usb_readers(found, device.usb_device_map)


class NfcpyWatcher:
    """Watches nfcpy readers (discovered on USB, or the fixed `paths`) in a daemon thread."""

    def __init__(self, callback: Callable[[CardEvent], None], paths: list[str] | None = None,
                 poll_s: float = 0.5, targets: tuple[str, ...] = SENSE_TARGETS) -> None:
        self.callback = callback
        self.paths = list(paths) if paths is not None else None
        self.targets = tuple(targets)
        self.poll_s = poll_s
        self._stop = threading.Event()
        self._busy = threading.Lock()  # held by a session, or by a poll
        self._thread: threading.Thread | None = None
        self._present: dict[str, bool] = {}  # reader name → card present

    # --- life cycle -------------------------------------------------------------------------
    def start(self) -> "NfcpyWatcher":
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="nfcpy-watcher", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def __enter__(self) -> "NfcpyWatcher":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @contextlib.contextmanager
    def session(self) -> Iterator[None]:
        """Hold the polls off while a card session uses the reader (waits for a poll to finish)."""
        with self._busy:
            yield

    # --- the loop ---------------------------------------------------------------------------
    def _emit(self, kind: str, reader: str) -> None:
        try:
            self.callback(CardEvent(kind, reader))
        except Exception:  # a broken callback must not kill the watcher
            logger.exception("card event callback failed")

    def _readers(self) -> dict[str, str]:
        if self.paths is not None:
            return {PREFIX + p: p for p in self.paths}
        return {r.name: r.path for r in list_nfcpy_readers() if r.accessible}

    def _run(self) -> None:
        nfcpy_transport.quiet_nfcpy_logs()
        while not self._stop.is_set():
            readers = self._readers()
            for gone in [name for name in self._present if name not in readers]:
                if self._present.pop(gone):
                    self._emit(CARD_ABSENT, gone)
                self._emit(READER_REMOVED, gone)
            for name in readers:
                if name not in self._present:
                    self._present[name] = False
                    self._emit(READER_ADDED, name)
            for name, path in readers.items():
                if self._stop.is_set() or not self._busy.acquire(blocking=False):
                    continue  # a session has the reader: its state stands until the next poll
                try:
                    present = self._sense(path)
                finally:
                    self._busy.release()
                if present is not None and present != self._present.get(name):
                    self._present[name] = present
                    self._emit(CARD_PRESENT if present else CARD_ABSENT, name)
            self._stop.wait(self.poll_s)
        for name in list(self._present):
            self._present.pop(name)

    def _sense(self, path: str) -> bool | None:
        """True/False: a card answered one poll or not; None: the reader could not be opened."""
        try:
            # lazy: nfcpy is optional (pip install nfcpy); it loads only when an nfcpy reader is used
            import nfc
            import nfc.clf
        except ImportError:
            return None
        try:
            clf = nfc.ContactlessFrontend(path)
        except OSError as exc:
            logger.debug("nfcpy reader %s not available (%s)", path, type(exc).__name__)
            return None
        try:
            targets = [nfc.clf.RemoteTarget(t) for t in self.targets]
            return clf.sense(*targets, iterations=1) is not None
        except nfc.clf.CommunicationError:
            return True  # something answered, garbled: a card is there
        finally:
            clf.close()
