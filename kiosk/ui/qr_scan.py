"""A page that waits for a pre-registration code from a keyboard-wedge 2D-code reader (sync.prereg).

The reader types the code's text (`KZ` and digits) fast and ends with Enter; a `BarcodeWedge` that
takes those characters collects it while the page is on screen (installed on the application when
the page is shown, removed when it is hidden; and its own `active`), so nothing typed by hand on
another page is ever taken for a code. A code in numbered parts is collected part by part
(`progress(have, count)`), in any order; when every part is in, `scanned(texts)` gives them all. A part
that cannot be read is `failed(error)` (a typed `PreregError`: truncated, tampered, not a code…) and
the page waits for the next scan. The words are the desk's (`prompt`, `cancel`, `parts`).
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from kiosk.messages import Bilingual
from kiosk.ui.barcode_wedge import BarcodeWedge
from kiosk.ui.labels import button, label, set_bilingual
from sync.prereg.errors import PreregError
from sync.prereg.text import Parts, parse_part

QR_CHARS = frozenset("0123456789KZkz")


class QrScanPage(QWidget):
    scanned = Signal(list)   # the texts of every part of one code
    failed = Signal(object)  # the PreregError of a part that cannot be read
    progress = Signal(int, int)
    cancelled = Signal()

    def __init__(self, prompt: Bilingual, cancel: Bilingual,
                 parts: Callable[[int, int], Bilingual], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qr_scan_page")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)   # the reader's keys come to the page, no field
        self._parts_words = parts
        column = QVBoxLayout(self)
        column.addStretch(1)
        # the words take the page's width and are centred in it (a label aligned in its layout would
        # keep its one-line width and be cut once it wraps: another language, large text)
        self.prompt = label(prompt, "heading", en_pt=13)
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.prompt)
        self.status = label(None, "readout", en_pt=12)
        self.status.setObjectName("qr_scan_status")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.status)
        column.addStretch(1)
        self.cancel_button = button(cancel, name="qr_scan_cancel")
        self.cancel_button.clicked.connect(self.cancelled)
        column.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.parts = Parts()
        self.texts: dict[int, str] = {}
        self.wedge = BarcodeWedge(self, chars=QR_CHARS, min_length=10)
        self.wedge.active = self.isVisible
        self.wedge.scanned.connect(self.take)

    # the wedge, an application-wide event filter, is installed only while the page is on screen:
    # otherwise every event of the kiosk (every paint of the counter's form) would pass through it
    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        app = QApplication.instance()
        if app is not None:
            self.wedge.install(app)   # installed again: Qt moves it to the front, never twice
        super().showEvent(event)

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.wedge.uninstall()
        super().hideEvent(event)

    def start(self) -> None:
        """Forget any half-read code and wait for a scan (the focus on the page, off every field)."""
        self.parts = Parts()
        self.texts = {}
        self.status.clear()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def take(self, text: str) -> None:
        """One code's text, as the reader typed it (or as a camera decoded it)."""
        try:
            blob = self.parts.add(text)
            index = parse_part(text)[0]
        except PreregError as exc:
            self.parts = Parts()
            self.texts = {}
            self.status.clear()
            self.failed.emit(exc)
            return
        if self.parts.set_id is not None and len(self.parts.chunks) == 1:
            self.texts = {}
        self.texts[index] = text
        if blob is None:
            have, count = len(self.parts.chunks), self.parts.count
            set_bilingual(self.status, self._parts_words(have, count), en_pt=12)
            self.progress.emit(have, count)
            return
        texts = [self.texts[i] for i in sorted(self.texts)]
        self.start()
        self.scanned.emit(texts)
