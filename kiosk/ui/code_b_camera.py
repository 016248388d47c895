"""The 照合番号B screen's camera page: the live picture with a guide frame where the card front goes, read
by the same reader as `kazasu card face` until the three parts are there.

`CameraPage.start(source)` shows a `kiosk.ui.camera.FrameSource`; the newest frame is read on one
thread of its own (`kazasu-card-face`, one CardFaceReader for the whole kiosk, made on first use), one
frame at a time, while the picture goes on. Each part keeps its best reading over the frames; once all
three are read and sure (or read at all after `SURE_AFTER_S` seconds) `done(FaceReading)`; after
`GIVE_UP_S` seconds without all three, or when the source fails, `typed(FaceReading | None, True)` (what was read,
to be corrected by hand). "数字を入力する" is the typed path at any moment. Nothing is sent to the card here: the
number-pad screen shows the parts for the resident to confirm. Frames are dropped as soon as they are
shown or read; `stop()` forgets the last one. The view and the one-frame-at-a-time loop are the camera
pages' shared ones (kiosk.ui.guide_view, kiosk.ui.frame_reads).
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QRectF, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.messages import text
from kiosk.ui.frame_reads import FrameReader, ReadingCamera
from kiosk.ui.guide_view import GuideView
from kiosk.ui.labels import button, label, set_bilingual

logger = logging.getLogger(__name__)

THREAD_NAME = "kazasu-card-face"
GUIDE_WIDTH = 0.78        # the guide frame's share of the picture's width
CARD_RATIO = 856 / 540    # ID-1 (kiosk.cards.face.layout)
SURE_AFTER_S = 6.0        # seconds after which a complete reading is taken even when a part is unsure
GIVE_UP_S = 20.0          # seconds without all three parts: the typed path

_face_reader = None


def _read(bgr):
    """On the card-face thread: one frame through the card-face reader (made on first use)."""
    global _face_reader
    # lazy: onnxruntime and the OCR model load only when a camera read starts
    from kiosk.cards.face import CardFaceReader, CardFrame

    if _face_reader is None:
        _face_reader = CardFaceReader()
    return _face_reader.read(CardFrame(bgr))


_reader = FrameReader(THREAD_NAME, _read)


def guide_rect(width: float, height: float) -> QRectF:
    """The guide frame inside a picture `width` × `height`: card-shaped, centred."""
    w = width * GUIDE_WIDTH
    h = w / CARD_RATIO
    if h > height * 0.9:
        h = height * 0.9
        w = h * CARD_RATIO
    return QRectF((width - w) / 2, (height - h) / 2, w, h)


class CameraView(GuideView):
    """The live picture, scaled to fit, the outside of the card-shaped guide frame dimmed and the frame drawn."""

    DIM = 120

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("code_b_camera_view", (320, 200), parent)

    def guide_rect(self, width: float, height: float) -> QRectF:
        return guide_rect(width, height)


class CameraPage(ReadingCamera):
    done = Signal(object)    # FaceReading: every part read
    typed = Signal(object, bool)   # to the typed path: what was read (FaceReading | None), and whether the
                                   # read failed (False: the resident chose to type)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_reader, parent)
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
        self._best: dict = {}
        self._frames_read = 0
        self._seconds = 0.0
        self.give_up_s = GIVE_UP_S
        self._started = 0.0

    def _reset(self) -> None:
        self._best, self._frames_read, self._seconds = {}, 0, 0.0
        self._started = time.monotonic()
        set_bilingual(self.status, text("codeb.camera_looking"), en_pt=12)

    def _broken(self, exc: Exception) -> None:
        # no OCR engine, a broken frame: the typed path, with the words
        logger.warning("a camera frame could not be read (%s)", type(exc).__name__)
        self._finish(self.typed, self._reading(), True)

    def _take(self, reading) -> None:
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
