"""The counter's submit thread: the visit's events, PDFs and printing (KioskServices.submit_visit) and
the metrics row, off the UI thread; the result or the error comes back as a signal."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal, Slot

from kiosk.counter import metrics
from kiosk.ui.threads import BLOCKING, Threaded

logger = logging.getLogger(__name__)


class _SubmitWorker(QObject):
    submitted = Signal(object)
    failed = Signal(object)

    def __init__(self, submit, data_dir) -> None:
        super().__init__()
        self.submit_fn = submit
        self.data_dir = data_dir

    @Slot(object, object, object, object, object)
    def submit(self, person, answers, form_ids, metrics_rows, staff) -> None:
        extra = {"staff": staff} if staff else {}
        try:
            result = self.submit_fn(person=person, answers=answers, form_ids=list(form_ids), **extra)
        except Exception as exc:
            logger.warning("submitting failed: %s", getattr(exc, "code", type(exc).__name__))
            self.failed.emit(exc)
            return
        self._record_metrics(metrics_rows)
        self.submitted.emit(result)

    def _record_metrics(self, rows) -> None:
        if not rows or self.data_dir is None:
            return
        try:
            metrics.record(self.data_dir, rows)
        except Exception:  # metrics never stop a visit
            logger.warning("metrics not recorded", exc_info=True)

    @Slot()
    def stop(self) -> None:
        pass


class SubmitService(Threaded):
    """Runs the counter workflow (record the event, then print) off the UI thread."""

    submitted = Signal(object)
    failed = Signal(object)
    _stop_worker = Signal()
    _do_submit = Signal(object, object, object, object, object)

    def __init__(self, submit_visit, data_dir, parent=None) -> None:
        """`submit_visit(person=, answers=, form_ids=)` returns {"submission", "submissions",
        "pending"} (KioskServices.submit_visit); the metrics file goes to `data_dir`."""
        super().__init__(parent)
        self.data_dir = data_dir
        self.staff: str | None = None  # the signed-in staff id (the shell sets it); None: the default
        worker = _SubmitWorker(submit_visit, self.data_dir)
        self._do_submit.connect(worker.submit)
        self._stop_worker.connect(worker.stop, BLOCKING)
        worker.submitted.connect(self.submitted)
        worker.failed.connect(self.failed)
        self._start_thread(worker, "kazasu-submit")

    def submit(self, person: dict, answers: dict, form_ids: list[str] | str,
               metrics_rows: list[dict] | None = None) -> None:
        ids = [form_ids] if isinstance(form_ids, str) else list(form_ids)
        self._do_submit.emit(person, answers, ids, list(metrics_rows or []), self.staff)
