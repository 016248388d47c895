"""The 照合番号B screen's camera page: the live picture with a guide frame where the card front goes, read
by the same reader as `kazasu card face` until the three parts are there.

`CameraPage.start(source)` shows a `kiosk.ui.camera.FrameSource`; the newest frame is read on one
thread of its own (`kazasu-card-face`, one CardFaceReader for the whole kiosk, made on first use), one
frame at a time, while the picture goes on. Each part keeps its best reading over the frames; once all
three are read and sure (or read at all after `SURE_AFTER_S` seconds) `done(FaceReading)`; after
`GIVE_UP_S` seconds without all three, or when the source fails, `typed(FaceReading | None, True)` (what was read,
to be corrected by hand). "数字を入力する" is the typed path at any moment. Nothing is sent to the card here: the
number-pad screen shows the parts for the resident to confirm. Frames are dropped as soon as they are
shown or read; `stop()` forgets the last one.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QRectF, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from kiosk.messages import text
from kiosk.ui.camera import FrameSource, to_bgr
from kiosk.ui.labels import button, label, set_bilingual

logger = logging.getLogger(__name__)

GUIDE_WIDTH = 0.78        # the guide frame's share of the picture's width
CARD_RATIO = 856 / 540    # ID-1 (kiosk.cards.face.layout)
SURE_AFTER_S = 6.0        # seconds after which a complete reading is taken even when a part is unsure
GIVE_UP_S = 20.0          # seconds without all three parts: the typed path
POLL_MS = 30

_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kazasu-card-face")
_reader = None
_reader_lock = threading.Lock()


def _read(bgr):
    """On the card-face thread: one frame through the card-face reader (made on first use)."""
    global _reader
    # lazy: onnxruntime and the OCR model load only when a camera read starts
    from kiosk.cards.face import CardFaceReader, CardFrame

    with _reader_lock:
        if _reader is None:
            _reader = CardFaceReader()
        return _reader.read(CardFrame(bgr))


def guide_rect(width: float, height: float) -> QRectF:
    """The guide frame inside a picture `width` × `height`: card-shaped, centred."""
    w = width * GUIDE_WIDTH
    h = w / CARD_RATIO
    if h > height * 0.9:
        h = height * 0.9
        w = h * CARD_RATIO
    return QRectF((width - w) / 2, (height - h) / 2, w, h)


class CameraView(QWidget):
    """The live picture, scaled to fit, the outside of the guide frame dimmed and the frame drawn."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("code_b_camera_view")
        pair = text("codeb.camera_view")
        self.setAccessibleName(f"{pair.ja} / {pair.en}")
        self.setMinimumSize(320, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.image: QImage | None = None

    def set_image(self, image: QImage | None) -> None:
        self.image = image
        self.update()

    def picture_rect(self) -> QRectF:
        if self.image is None or self.image.isNull():
            w, h = self.width(), self.width() * 9 / 16
        else:
            w, h = self.image.width(), self.image.height()
        scale = min(self.width() / w, self.height() / h)
        return QRectF((self.width() - w * scale) / 2, (self.height() - h * scale) / 2, w * scale, h * scale)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(self.rect(), QColor("#1a1a1a"))
        area = self.picture_rect()
        if self.image is not None and not self.image.isNull():
            painter.drawImage(area, self.image)
        guide = guide_rect(area.width(), area.height()).translated(area.topLeft())
        outside = QPainterPath()
        outside.addRect(area)
        inside = QPainterPath()
        inside.addRoundedRect(guide, 12, 12)
        painter.fillPath(outside.subtracted(inside), QColor(0, 0, 0, 120))
        painter.setPen(QPen(QColor("#FFD43D"), 6))
        painter.drawRoundedRect(guide, 12, 12)
        painter.end()


class CameraPage(QWidget):
    done = Signal(object)    # FaceReading: every part read
    typed = Signal(object, bool)   # to the typed path: what was read (FaceReading | None), and whether the
                                   # read failed (False: the resident chose to type)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("code_b_camera")
        page = QVBoxLayout(self)
        page.setContentsMargins(32, 12, 32, 12)
        page.setSpacing(8)
        page.addWidget(label(text("codeb.camera_title"), "heading", en_pt=13))
        page.addWidget(label(text("codeb.camera_hint"), "hint", en_pt=12))
        self.view = CameraView()
        page.addWidget(self.view, 1)
        self.status = label(text("codeb.camera_looking"), "subtitle", en_pt=12)
        self.status.setObjectName("code_b_camera_status")
        page.addWidget(self.status)
        self.typed_button = button(text("codeb.camera_typed"), name="code_b_camera_typed")
        self.typed_button.clicked.connect(lambda: self._finish(self.typed, self._reading(), False))
        page.addWidget(self.typed_button)
        self.source: FrameSource | None = None
        self._latest: QImage | None = None
        self._pending: Future | None = None
        self._best: dict = {}
        self._frames_read = 0
        self._seconds = 0.0
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._collect)
        self.give_up_s = GIVE_UP_S
        self._started = 0.0

    @property
    def running(self) -> bool:
        return self.source is not None

    def start(self, source: FrameSource) -> None:
        self.stop()
        self.source = source
        self._best, self._frames_read, self._seconds = {}, 0, 0.0
        self._started = time.monotonic()
        set_bilingual(self.status, text("codeb.camera_looking"), en_pt=12)
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
        self._pending = None
        self._latest = None
        self.view.set_image(None)

    def _frame(self, image: QImage) -> None:
        self._latest = image
        self.view.set_image(image)
        self._next_read()

    def _next_read(self) -> None:
        if self._pending is not None or self._latest is None:
            return
        bgr = to_bgr(self._latest)
        self._latest = None
        self._pending = _executor.submit(_read, bgr)

    def _collect(self) -> None:
        pending = self._pending
        if pending is None or not pending.done():
            return
        self._pending = None
        try:
            reading = pending.result()
        except Exception as exc:  # no OCR engine, a broken frame: the typed path, with the words
            logger.warning("a camera frame could not be read (%s)", type(exc).__name__)
            self._finish(self.typed, self._reading(), True)
            return
        self._frames_read += 1
        self._seconds += reading.seconds
        for name, part in reading.parts().items():
            best = self._best.get(name)
            if part.value is not None and (best is None or part.confidence > best.confidence):
                self._best[name] = part
        merged = self._reading()
        waited = time.monotonic() - self._started
        if merged is not None and merged.complete and (not merged.needs_confirmation or waited >= SURE_AFTER_S):
            self._finish(self.done, merged)
        elif waited >= self.give_up_s:
            self._finish(self.typed, merged, True)
        else:
            self._next_read()

    def _reading(self):
        if not self._best:
            return None
        # lazy: the reader's types come with the reader (OpenCV), loaded by the first read
        from kiosk.cards.face.fields import FieldReading
        from kiosk.cards.face.reader import PARTS, FaceReading

        missing = FieldReading(None, 0.0)
        return FaceReading(**{n: self._best.get(n, missing) for n in PARTS}, seconds=self._seconds)

    def _failed(self) -> None:
        self._finish(self.typed, self._reading(), True)

    def _finish(self, signal, reading, *failed: bool) -> None:
        self.stop()
        self._best = {}
        signal.emit(reading, *failed)
