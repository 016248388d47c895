"""Where the kiosk's card comes from, without Qt: a PC/SC reader, or an emulated card in-process.

A `CardSource` answers three things: its `name` (for the status bar), `present()` (is a card on the
reader now?) and `open()` (a `devices` Transport to that card); `status()` gives (reader connected,
card present) in one look for the status bar. `card_source(reader)` picks the kind from the reader's
name: `nfcpy:<path>` (as `kazasu readers` lists it) is an nfcpy reader watched by devices'
NfcpyWatcher, anything else a PC/SC reader. The demo adds a `DemoCard` that can
`insert()` and `remove()` the emulated card, through pcscd (vpcd) or in-process.
"""

from __future__ import annotations

import logging
import time
from typing import Protocol

from devices.errors import NoCardError
from devices.inprocess import InProcessTransport

logger = logging.getLogger(__name__)


class CardSource(Protocol):
    name: str

    def present(self) -> bool: ...

    def open(self): ...


class PcscCardSource:
    """A PC/SC reader through pcscd. With `reader=None` the first reader with a card is used."""

    def __init__(self, reader: str | None = None) -> None:
        self.reader = reader
        self.name = reader or "PC/SC"

    def present(self) -> bool:
        # lazy: pyscard loads only for a PC/SC source (the in-process demo card never needs it)
        from devices.pcsc import list_readers

        readers = list_readers()
        if self.reader is None:
            if readers and self.name == "PC/SC":
                self.name = readers[0].name
            return any(r.card_present for r in readers)
        return any(r.name == self.reader and r.card_present for r in readers)

    def status(self) -> tuple[bool, bool]:
        """(the reader is there, a card is on it), from one list of pcscd's readers."""
        # lazy: pyscard loads only for a PC/SC source (the in-process demo card never needs it)
        from devices.pcsc import list_readers

        readers = list_readers()
        if self.reader is None:
            if readers and self.name == "PC/SC":
                self.name = readers[0].name
            return bool(readers), any(r.card_present for r in readers)
        mine = [r for r in readers if r.name == self.reader]
        return bool(mine), any(r.card_present for r in mine)

    def open(self):
        # lazy: pyscard loads only for a PC/SC source (the in-process demo card never needs it)
        from devices.pcsc import PcscTransport

        return PcscTransport.open(self.reader)


class NfcpyCardSource:
    """A USB reader driven by nfcpy (RC-S380 class). Presence comes from devices' NfcpyWatcher (a
    daemon thread polling the reader); `open()` holds the watcher's polls off for the whole session
    (until the transport is closed) and activates the card through nfcpy."""

    def __init__(self, reader: str, *, poll_s: float = 0.5, open_timeout: float = 5.0,
                 targets: tuple[str, ...] | None = None) -> None:
        # lazy: nfcpy (optional) and the watcher's pyscard load only for an nfcpy reader
        from devices.nfcpy_readers import NfcpyWatcher, reader_path

        self.name = reader
        self.path = reader_path(reader)
        if self.path is None:
            raise ValueError(f"not an nfcpy reader name: {reader}")
        self.open_timeout = open_timeout
        self._connected = False
        self._present = False
        options = {} if targets is None else {"targets": targets}
        self.watcher = NfcpyWatcher(self._on_event, paths=[self.path], poll_s=poll_s, **options).start()

    def _on_event(self, event) -> None:
        # lazy: devices.watcher brings pyscard, which this module does not load for in-process cards
        from devices.watcher import CARD_ABSENT, CARD_PRESENT, READER_ADDED, READER_REMOVED

        if event.kind == READER_ADDED:
            self._connected = True
        elif event.kind == READER_REMOVED:
            self._connected = self._present = False
        elif event.kind in (CARD_PRESENT, CARD_ABSENT):
            self._present = event.kind == CARD_PRESENT

    def present(self) -> bool:
        return self._present

    def status(self) -> tuple[bool, bool]:
        return self._connected, self._present

    def open(self):
        # lazy: nfcpy is optional and loads only for an nfcpy reader
        from devices.nfcpy_transport import NfcpyTransport

        session = self.watcher.session()
        session.__enter__()
        try:
            transport = NfcpyTransport.open(self.path, timeout=self.open_timeout)
        except BaseException:
            session.__exit__(None, None, None)
            raise
        return _SessionTransport(transport, session)

    def close(self) -> None:
        self.watcher.stop()


class _SessionTransport:
    """An nfcpy transport that gives the reader back to the watcher's polls when it is closed."""

    def __init__(self, transport, session) -> None:
        self._transport, self._session = transport, session
        self.name, self.atr = transport.name, transport.atr

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        return self._transport.transmit(apdu)

    def close(self) -> None:
        try:
            self._transport.close()
        finally:
            if self._session is not None:
                session, self._session = self._session, None
                session.__exit__(None, None, None)


def card_source(reader: str | None):
    """The card source for a reader name from the settings or `--reader`."""
    if reader and reader.startswith("nfcpy:"):
        return NfcpyCardSource(reader)
    return PcscCardSource(reader)


class InProcessCardSource:
    """An emulated card called directly (no pcscd): present only while inserted."""

    def __init__(self, card) -> None:
        self.card = card
        self.inserted = False
        self.name = "内蔵カード in-process"

    def present(self) -> bool:
        return self.inserted

    def status(self) -> tuple[bool, bool]:
        return True, self.inserted

    def open(self):
        if not self.inserted:
            raise NoCardError()
        return InProcessTransport(self.card)


class DemoCard:
    """The demo's emulated card: `insert()`/`remove()` it, through vpcd (`link`) or in-process.
    Called from the card worker's thread only."""

    SETTLE_S = 0.6  # pcscd polls presence every ~0.4 s: a faster re-insert would go unnoticed

    def __init__(self, card, *, link=None, inprocess: InProcessCardSource | None = None) -> None:
        self.card = card
        self.link = link
        self.inprocess = inprocess
        self._removed_at = 0.0

    def insert(self) -> None:
        self.card.reset()
        if self.link is not None:
            wait = self._removed_at + self.SETTLE_S - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self.link.insert()
        if self.inprocess is not None:
            self.inprocess.inserted = True

    def remove(self) -> None:
        if self.link is not None and self.link.connected:
            self.link.remove()
            self._removed_at = time.monotonic()
        if self.inprocess is not None:
            self.inprocess.inserted = False
        self.card.power_off()
