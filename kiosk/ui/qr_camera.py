"""The camera on a pre-registration code page: the live picture with a square guide frame, each frame
read for a QR code by OpenCV (kiosk.cards.qr_image.read_qr_frame) on one thread of its own, `kazasu-qr`.

`QrCamera.start(source)` shows a `kiosk.ui.camera.FrameSource` (a real camera through QtMultimedia, or
the synthetic one of `KAZASU_CAMERA=qr:…`); the newest frame is read, one at a time, while the
picture goes on, and each code text read for the first time since `start()` is `decoded(text)` (the page
hands it to the same reader as a keyboard-wedge scan, so a code is checked the same whichever way it
came; a bad code is said once, not once a frame). `failed()` when the source breaks. `stop()` ends the
picture and forgets every frame; a frame lives only in memory while it is shown or read. The view and
the one-frame-at-a-time loop are the camera pages' shared ones (kiosk.ui.guide_view, kiosk.ui.frame_reads).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QRectF, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.messages import text
from kiosk.ui.frame_reads import FrameReader, ReadingCamera
from kiosk.ui.guide_view import GuideView
from kiosk.ui.labels import label

logger = logging.getLogger(__name__)

THREAD_NAME = "kazasu-qr"
GUIDE_SHARE = 0.8   # the guide square's side, as a share of the picture's height


def _read(bgr) -> list[str]:
    """On the `kazasu-qr` thread: the texts of the QR codes in one frame."""
    # lazy: OpenCV only once a camera reads a code
    from kiosk.cards.qr_image import read_qr_frame

    return read_qr_frame(bgr)


_reader = FrameReader(THREAD_NAME, _read)


def guide_square(width: float, height: float) -> QRectF:
    side = min(width, height) * GUIDE_SHARE
    return QRectF((width - side) / 2, (height - side) / 2, side, side)


class QrView(GuideView):
    """The live picture, scaled to fit, the outside of the guide square dimmed and the square drawn."""

    DIM = 110

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("qr_camera_view", (200, 120), parent)

    def guide_rect(self, width: float, height: float) -> QRectF:
        return guide_square(width, height)


class QrCamera(ReadingCamera):
    decoded = Signal(str)   # a code's text, the first time it is read since start()
    failed = Signal()       # the source broke (unplugged, refused, the synthetic pictures gone)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_reader, parent)
        self.setObjectName("qr_camera")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        self.hint = label(text("qr.camera_hint"), "hint", en_pt=11)
        column.addWidget(self.hint)
        self.view = QrView()
        column.addWidget(self.view, 1)
        self.seen: set[str] = set()
        self.frames_read = 0

    def _reset(self) -> None:
        self.seen = set()
        self.frames_read = 0

    def hideEvent(self, event) -> None:
        self.stop()   # off the screen: the camera goes off, nothing kept
        super().hideEvent(event)

    def _broken(self, exc: Exception) -> None:
        logger.warning("a camera frame could not be read for codes (%s)", type(exc).__name__)
        self._take([])

    def _take(self, texts: list[str]) -> None:
        self.frames_read += 1
        for found in texts:
            if found in self.seen:
                continue
            self.seen.add(found)
            self.decoded.emit(found)
            if self.source is None:   # the code completed the page: it stopped the camera
                return
        self._next_read()

    def _failed(self) -> None:
        self.stop()
        self.failed.emit()
