"""The camera on a pre-registration code page: the live picture with a square guide frame, each frame
read for a QR code by OpenCV (kiosk.cards.qr_image.read_qr_frame) on one thread of its own, `kazasu-qr`.

`QrCamera.start(source)` shows a `kiosk.ui.camera.FrameSource` (a real camera through QtMultimedia, or
the synthetic one of `KAZASU_CAMERA=qr:…`); the newest frame is read, one at a time, while the
picture goes on, and each code text read for the first time since `start()` is `decoded(text)` (the page
hands it to the same reader as a keyboard-wedge scan, so a code is checked the same whichever way it
came; a bad code is said once, not once a frame). `failed()` when the source breaks. `stop()` ends the
picture and forgets every frame; a frame lives only in memory while it is shown or read.
"""

from __future__ import annotations

import logging
import queue
import threading
from concurrent.futures import Future

from PySide6.QtCore import QRectF, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from kiosk.messages import text
from kiosk.ui.camera import FrameSource, to_bgr
from kiosk.ui.labels import label

logger = logging.getLogger(__name__)

THREAD_NAME = "kazasu-qr"
GUIDE_SHARE = 0.8   # the guide square's side, as a share of the picture's height
POLL_MS = 30


class _Reader:
    """The one `kazasu-qr` thread: frames in, the texts of their QR codes out (a Future each)."""

    def __init__(self) -> None:
        self._jobs: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.reading = threading.Lock()   # held while a frame is read (a test holds it to see the view)

    def submit(self, bgr) -> Future:
        future: Future = Future()
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=THREAD_NAME, daemon=True)
                self._thread.start()
        self._jobs.put((bgr, future))
        return future

    def _run(self) -> None:
        # lazy: OpenCV only once a camera reads a code
        from kiosk.cards.qr_image import read_qr_frame

        while True:
            bgr, future = self._jobs.get()
            if not future.set_running_or_notify_cancel():
                continue
            try:
                with self.reading:
                    texts = read_qr_frame(bgr)
            except Exception as exc:  # a broken frame: said by the page, the camera goes on
                future.set_exception(exc)
            else:
                future.set_result(texts)


_reader = _Reader()


def guide_square(width: float, height: float) -> QRectF:
    side = min(width, height) * GUIDE_SHARE
    return QRectF((width - side) / 2, (height - side) / 2, side, side)


class QrView(QWidget):
    """The live picture, scaled to fit, the outside of the guide square dimmed and the square drawn."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qr_camera_view")
        pair = text("codeb.camera_view")
        self.setAccessibleName(f"{pair.ja} / {pair.en}")
        self.setMinimumSize(200, 120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.image: QImage | None = None

    def set_image(self, image: QImage | None) -> None:
        self.image = image
        self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(self.rect(), QColor("#1a1a1a"))
        w, h = (16, 9) if self.image is None or self.image.isNull() else (self.image.width(), self.image.height())
        scale = min(self.width() / w, self.height() / h)
        area = QRectF((self.width() - w * scale) / 2, (self.height() - h * scale) / 2, w * scale, h * scale)
        if self.image is not None and not self.image.isNull():
            painter.drawImage(area, self.image)
        guide = guide_square(area.width(), area.height()).translated(area.topLeft())
        outside = QPainterPath()
        outside.addRect(area)
        inside = QPainterPath()
        inside.addRoundedRect(guide, 12, 12)
        painter.fillPath(outside.subtracted(inside), QColor(0, 0, 0, 110))
        painter.setPen(QPen(QColor("#FFD43D"), 6))
        painter.drawRoundedRect(guide, 12, 12)
        painter.end()


class QrCamera(QWidget):
    decoded = Signal(str)   # a code's text, the first time it is read since start()
    failed = Signal()       # the source broke (unplugged, refused, the synthetic pictures gone)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qr_camera")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        self.hint = label(text("qr.camera_hint"), "hint", en_pt=11)
        column.addWidget(self.hint)
        self.view = QrView()
        column.addWidget(self.view, 1)
        self.source: FrameSource | None = None
        self._latest: QImage | None = None
        self._pending: Future | None = None
        self.seen: set[str] = set()
        self.frames_read = 0
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._collect)

    @property
    def running(self) -> bool:
        return self.source is not None

    def start(self, source: FrameSource) -> None:
        self.stop()
        self.source = source
        self.seen = set()
        self.frames_read = 0
        source.frame.connect(self._frame)
        source.failed.connect(self._failed)
        source.start()
        self._poll.start()

    def stop(self) -> None:
        """Stop the picture and forget every frame (a read under way finishes unheard)."""
        self._poll.stop()
        source, self.source = self.source, None
        if source is not None:
            source.frame.disconnect(self._frame)
            source.failed.disconnect(self._failed)
            source.stop()
            source.deleteLater()
        if self._pending is not None:
            self._pending.cancel()
        self._pending = None
        self._latest = None
        self.view.set_image(None)

    def hideEvent(self, event) -> None:
        self.stop()   # off the screen: the camera goes off, nothing kept
        super().hideEvent(event)

    def _frame(self, image: QImage) -> None:
        self._latest = image
        self.view.set_image(image)
        self._next_read()

    def _next_read(self) -> None:
        if self._pending is not None or self._latest is None:
            return
        bgr = to_bgr(self._latest)
        self._latest = None
        self._pending = _reader.submit(bgr)

    def _collect(self) -> None:
        pending = self._pending
        if pending is None or not pending.done():
            return
        self._pending = None
        try:
            texts = pending.result()
        except Exception as exc:
            logger.warning("a camera frame could not be read for codes (%s)", type(exc).__name__)
            texts = []
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
