"""A page that waits for a pre-registration code from a keyboard-wedge 2D-code reader (sync.prereg).

The reader types the code's text (`KZ` and digits) fast and ends with Enter; a `BarcodeWedge` that
takes those characters collects it while the page is on screen (installed on the application when
the page is shown, removed when it is hidden; and its own `active`), so nothing typed by hand on
another page is ever taken for a code. A code in numbered parts is collected part by part
(`progress(have, count)`), in any order; when every part is in, `scanned(texts)` gives them all. A part
that cannot be read is `failed(error)` (a typed `PreregError`: truncated, tampered, not a code…) and
the page waits for the next scan. The words are the desk's (`prompt`, `cancel`, `parts`).

「カメラで読む」 (shown when there is a camera, `kiosk.ui.camera`) reads the code from the phone's screen
instead (kiosk.ui.qr_camera: OpenCV on the `kazasu-qr` thread); what it decodes goes to `take` as a
scan does. The camera goes off with 「カメラを止める」 and whenever the page is hidden (the desk
shows what the code holds); a code refused is said once, not once a frame; no frame is kept.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.messages import Bilingual, text
from kiosk.ui.barcode_wedge import BarcodeWedge
from kiosk.ui.camera import FrameSource, camera_available, camera_source
from kiosk.ui.labels import button, label, set_bilingual
from kiosk.ui.qr_camera import QrCamera
from sync.prereg.errors import PreregError
from sync.prereg.text import Parts, parse_part

QR_CHARS = frozenset("0123456789KZkz")


class QrScanPage(QWidget):
    scanned = Signal(list)   # the texts of every part of one code
    failed = Signal(object)  # the PreregError of a part that cannot be read
    progress = Signal(int, int)
    cancelled = Signal()

    def __init__(self, prompt: Bilingual, cancel: Bilingual,
                 parts: Callable[[int, int], Bilingual], parent: QWidget | None = None,
                 camera: Callable[[], FrameSource | None] = camera_source,
                 has_camera: Callable[[], bool] = camera_available) -> None:
        super().__init__(parent)
        self._camera, self._has_camera = camera, has_camera
        self.setObjectName("qr_scan_page")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)   # the reader's keys come to the page, no field
        self._parts_words = parts
        column = self.column = QVBoxLayout(self)
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
        self.camera = QrCamera()
        self.camera.setVisible(False)
        self.camera.decoded.connect(self.take)
        self.camera.failed.connect(self._camera_failed)
        column.addWidget(self.camera, 4)
        column.addStretch(1)
        # the ways on, in one row under the words (the live picture takes the height between)
        row = QHBoxLayout()
        row.addStretch(1)
        self.camera_button = button(text("qr.camera"), name="qr_camera_button")
        self.camera_button.clicked.connect(self.open_camera)
        row.addWidget(self.camera_button)
        self.camera_stop = button(text("qr.camera_stop"), name="qr_camera_stop")
        self.camera_stop.clicked.connect(self.close_camera)
        self.camera_stop.setVisible(False)
        row.addWidget(self.camera_stop)
        self.cancel_button = button(cancel, name="qr_scan_cancel")
        self.cancel_button.clicked.connect(self.cancelled)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        column.addLayout(row)
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
        if self.camera.running or self.camera.isVisibleTo(self):   # the page left: the camera goes off
            self.close_camera()
        super().hideEvent(event)

    def start(self) -> None:
        """Forget any half-read code and wait for a scan (the focus on the page, off every field)."""
        self.parts = Parts()
        self.texts = {}
        self.status.clear()
        if not self.camera.running:
            self.camera_button.setVisible(self._has_camera())   # a camera may have been plugged in or out
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- the camera ----------------------------------------------------------------------------
    def open_camera(self) -> None:
        """「カメラで読む」: the live picture under the words, read for codes; or why not."""
        source = self._camera()
        if source is None:
            self.camera_button.setVisible(self._has_camera())
            set_bilingual(self.status, text("qr.camera_none"), en_pt=12)
            return
        self.status.clear()
        self.camera_button.setVisible(False)
        self.camera_stop.setVisible(True)
        self.camera.setVisible(True)
        self._room_for_camera(True)
        self.camera.start(source)
        self.setFocus(Qt.FocusReason.OtherFocusReason)   # a reader's scan still counts meanwhile

    def close_camera(self) -> None:
        self.camera.stop()
        self.camera.setVisible(False)
        self._room_for_camera(False)
        self.camera_stop.setVisible(False)
        self.camera_button.setVisible(self._has_camera())
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def _room_for_camera(self, showing: bool) -> None:
        """The live picture takes all the height the words and the buttons leave (no room above or
        below it), else the words sit in the middle of the page."""
        for index in (0, 4):   # the stretches above the words and above the buttons
            self.column.setStretch(index, 0 if showing else 1)

    def _camera_failed(self) -> None:
        self.close_camera()
        set_bilingual(self.status, text("qr.camera_failed"), en_pt=12)

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
