"""Camera frames read one at a time while the picture goes on: the reader thread and the page's loop,
shared by the camera pages (kiosk.ui.code_b_camera, kiosk.ui.qr_camera).

`FrameReader(name, read)` is one thread of its own, called `name` and started on the first `submit(bgr)`,
that runs `read(bgr)` on each frame handed to it, in turn, and answers with a Future; `reading` is held
while a frame is read (a test holds it to see the live view before anything is read).

`ReadingCamera` is a page's side: `start(source)` shows a `kiosk.ui.camera.FrameSource` in `self.view`
(a kiosk.ui.guide_view.GuideView the page makes) and hands the newest frame to its reader whenever no
read is under way; the frames in between are only shown. Every `POLL_MS` a finished read goes to the
page's `_take(result)` (or `_broken(exc)`), which calls `_next_read()` when it wants the next frame.
`stop()` ends the picture and forgets every frame (a read under way finishes unheard). A page adds
`_reset()` (called by `start`) and `_failed()` (the source broke).
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future
from typing import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from kiosk.ui.camera import FrameSource, to_bgr

POLL_MS = 30


class FrameReader:
    """One thread, `name`: frames in, `read(frame)` of each out (a Future each)."""

    def __init__(self, name: str, read: Callable) -> None:
        self.name = name
        self._read = read
        self._jobs: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.reading = threading.Lock()   # held while a frame is read (a test holds it to see the view)

    def submit(self, bgr) -> Future:
        future: Future = Future()
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
                self._thread.start()
        self._jobs.put((bgr, future))
        return future

    def _run(self) -> None:
        while True:
            bgr, future = self._jobs.get()
            if not future.set_running_or_notify_cancel():
                continue
            try:
                with self.reading:
                    result = self._read(bgr)
            except Exception as exc:  # a broken frame, no engine: the page says it, the thread goes on
                future.set_exception(exc)
            else:
                future.set_result(result)


class ReadingCamera(QWidget):
    """A camera page's loop: the picture shown in `self.view`, the newest frame read, one at a time."""

    view: QWidget   # a GuideView, made by the page

    def __init__(self, reader: FrameReader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reader = reader
        self.source: FrameSource | None = None
        self._latest: QImage | None = None
        self._pending: Future | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._collect)

    @property
    def running(self) -> bool:
        return self.source is not None

    def start(self, source: FrameSource) -> None:
        self.stop()
        self.source = source
        self._reset()
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

    def _frame(self, image: QImage) -> None:
        self._latest = image
        self.view.set_image(image)
        self._next_read()

    def _next_read(self) -> None:
        if self._pending is not None or self._latest is None:
            return
        bgr = to_bgr(self._latest)
        self._latest = None
        self._pending = self.reader.submit(bgr)

    def _collect(self) -> None:
        pending = self._pending
        if pending is None or not pending.done():
            return
        self._pending = None
        try:
            result = pending.result()
        except Exception as exc:
            self._broken(exc)
        else:
            self._take(result)

    def _reset(self) -> None:
        """A new start: what the page gathered over the frames is forgotten."""

    def _take(self, result) -> None:
        raise NotImplementedError

    def _broken(self, exc: Exception) -> None:
        raise NotImplementedError

    def _failed(self) -> None:
        raise NotImplementedError
