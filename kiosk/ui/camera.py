"""Where the 照合番号B screen's camera pictures come from: one interface, two sources.

`FrameSource` is a live picture: after `start()` it emits `frame(QImage)` until `stop()`; `failed()`
when it breaks (the camera unplugged or refused). `CameraSource` is a real camera through QtMultimedia
(QCamera → QMediaCaptureSession → QVideoSink), at most `FPS` frames a second handed on, in the format
closest to 1280 × 720. `FramesSource` hands on frames from any iterator of BGR arrays (the synthetic card
fronts of kiosk.cards.face.synthetic in tests and the demo), prepared on a thread of its own.

`camera_source()` picks the source from `KAZASU_CAMERA`: unset or `auto`, the first camera the system
lists (None when there is none); `none`, no camera; `synthetic:PEOPLE.json`, the camera's view of that
emulated holder's card front (the demo card: `synthetic:kiosk/data/demo_person.json`), brought into the
picture after two seconds, as a person would; `qr:A.png,B.png`, a phone showing those pictures of
pre-registration codes (each in turn, photographed anew every frame: kiosk.cards.qr_frames), held up
after a second, for the code pages (kiosk.ui.qr_camera).
`camera_available()` says whether `camera_source()` would give one. Frames live only in memory, for as
long as the screen shows or reads them; nothing is stored or logged.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from typing import TYPE_CHECKING, Iterable, Iterator

from PySide6.QtCore import QObject, QSize, QTimer, Signal
from PySide6.QtGui import QImage

logger = logging.getLogger(__name__)

ENV = "KAZASU_CAMERA"
FPS = 12
WANTED = QSize(1280, 720)
SYNTHETIC_EMPTY = 2 * FPS   # the synthetic camera shows 2 s of bare background before the card comes


if TYPE_CHECKING:
    import numpy as np


def to_qimage(bgr: np.ndarray) -> QImage:
    """A BGR uint8 array (OpenCV's order) as a QImage of its own (the array may go)."""
    # lazy: numpy (about 0.1 s and 15 MB) loads with the first camera frame, not at the kiosk's start
    import numpy as np

    h, w = bgr.shape[:2]
    data = np.ascontiguousarray(bgr)
    return QImage(data.data, w, h, data.strides[0], QImage.Format.Format_BGR888).copy()


def to_bgr(image: QImage) -> np.ndarray:
    """A QImage as a BGR uint8 array of its own, for the card-face reader."""
    # lazy: as in to_qimage
    import numpy as np

    converted = image.convertToFormat(QImage.Format.Format_BGR888)
    w, h, line = converted.width(), converted.height(), converted.bytesPerLine()
    rows = np.frombuffer(converted.constBits(), np.uint8, count=line * h).reshape(h, line)
    return rows[:, : w * 3].reshape(h, w, 3).copy()


class FrameSource(QObject):
    """A live picture: `frame(QImage)` between start() and stop(); `failed()` when it breaks."""

    frame = Signal(QImage)
    failed = Signal()
    name = "source"

    def start(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError


class CameraSource(FrameSource):
    """The real camera (QtMultimedia). The video frames become QImages only as often as FPS allows."""

    name = "camera"

    def __init__(self, device, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.device = device
        self._parts: tuple | None = None
        self._last = 0.0

    def start(self) -> None:
        # lazy: QtMultimedia loads its FFmpeg backend; only once the camera is wanted
        from PySide6.QtMultimedia import QCamera, QMediaCaptureSession, QVideoSink

        if self._parts is not None:
            return
        camera, session, sink = QCamera(self.device), QMediaCaptureSession(), QVideoSink()
        formats = self.device.videoFormats()
        if formats:
            camera.setCameraFormat(min(formats, key=lambda f: abs(f.resolution().width() - WANTED.width())
                                       + abs(f.resolution().height() - WANTED.height())))
        session.setCamera(camera)
        session.setVideoSink(sink)
        sink.videoFrameChanged.connect(self._video_frame)
        camera.errorOccurred.connect(self._error)
        self._parts = (camera, session, sink)
        camera.start()

    def _video_frame(self, video_frame) -> None:
        now = time.monotonic()
        if now - self._last < 1 / FPS or not video_frame.isValid():
            return
        self._last = now
        image = video_frame.toImage()
        if not image.isNull():
            self.frame.emit(image)

    def _error(self, _error, description: str) -> None:
        logger.warning("the camera failed: %s", description)
        self.stop()
        self.failed.emit()

    def stop(self) -> None:
        if self._parts is None:
            return
        camera, session, sink = self._parts
        self._parts = None
        sink.videoFrameChanged.disconnect(self._video_frame)
        camera.stop()
        session.setCamera(None)
        for part in (camera, session, sink):
            part.deleteLater()


class FramesSource(FrameSource):
    """Frames from an iterator of BGR arrays, made ready on a thread (a synthetic frame takes longer
    than a camera's) and handed on at `FPS` on the UI thread. The iterator ending is a failure."""

    name = "frames"

    def __init__(self, frames: Iterable[np.ndarray], parent: QObject | None = None, fps: float = FPS) -> None:
        super().__init__(parent)
        self._frames: Iterator[np.ndarray] = iter(frames)
        self._ready: queue.Queue = queue.Queue(maxsize=2)
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.handed = 0   # frames handed on so far
        self._timer = QTimer(self)
        self._timer.setInterval(round(1000 / fps))
        self._timer.timeout.connect(self._hand_on)

    def _make(self) -> None:
        while not self._stopping.is_set():
            try:
                image = next(self._frames)
            except StopIteration:
                image = None
            except Exception:  # a generator failing: the screen falls back to typing
                logger.exception("a frame could not be made")
                image = None
            while not self._stopping.is_set():
                try:
                    self._ready.put(image, timeout=0.1)
                    break
                except queue.Full:
                    continue
            if image is None:
                return

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._make, name="kazasu-camera-frames", daemon=True)
        self._thread.start()
        self._timer.start()

    def _hand_on(self) -> None:
        try:
            image = self._ready.get_nowait()
        except queue.Empty:
            return
        if image is None:
            self.stop()
            self.failed.emit()
            return
        self.handed += 1
        self.frame.emit(to_qimage(image))

    def stop(self) -> None:
        self._timer.stop()
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        while not self._ready.empty():
            self._ready.get_nowait()


def _synthetic(path: str) -> FramesSource:
    # lazy: the card maker (Pillow, OpenCV) only for a synthetic camera
    from devices.emulator import CardHolder
    from kiosk.cards.face.synthetic import camera_frames, holder_person

    person = holder_person(CardHolder.load(path))
    return FramesSource(camera_frames(person, seed=int(time.time()), empty=SYNTHETIC_EMPTY))


def _codes(paths: str) -> FramesSource:
    # lazy: OpenCV only for a synthetic camera
    from kiosk.cards.qr_frames import code_frames

    files = [p for p in paths.split(",") if p]
    for path in files:   # an unreadable picture: no camera (not a camera that fails on its first frame)
        with open(path, "rb"):
            pass
    return FramesSource(code_frames(files, seed=int(time.time()), empty=FPS))


def _devices() -> list:
    # lazy: QtMultimedia loads its FFmpeg backend; only once the camera is asked about
    from PySide6.QtMultimedia import QMediaDevices

    return list(QMediaDevices.videoInputs())


def camera_available(env: dict | None = None) -> bool:
    choice = (env if env is not None else os.environ).get(ENV, "auto")
    if choice == "none":
        return False
    if choice.startswith(("synthetic:", "qr:")):
        return True
    return bool(_devices())


def camera_source(env: dict | None = None) -> FrameSource | None:
    """The source `KAZASU_CAMERA` names (see the module's text), or None when there is no camera."""
    choice = (env if env is not None else os.environ).get(ENV, "auto")
    if choice == "none":
        return None
    if choice.startswith("synthetic:"):
        try:
            return _synthetic(choice.split(":", 1)[1])
        except (OSError, ValueError, KeyError):
            logger.warning("%s names no readable card holder: no camera", ENV)
            return None
    if choice.startswith("qr:"):
        try:
            return _codes(choice.split(":", 1)[1])
        except OSError:
            logger.warning("%s names a picture that cannot be read: no camera", ENV)
            return None
    devices = _devices()
    return CameraSource(devices[0]) if devices else None
