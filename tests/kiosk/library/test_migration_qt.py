"""The library desk on a database of an earlier version (events, no tables): the one-time migration
runs on its own thread, the desk shows its progress page (bilingual words, "n / total") while the
event loop goes on, then opens on the migrated tables; a migration killed mid-way in another process
resumes when the desk starts."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading

from PySide6.QtCore import QTimer

from kiosk.library import tables as tb
from kiosk.library.ui import desk as ui_desk
from tests.kiosk.library.test_tables import MIGRATE, _library

WAIT_MS = 30_000


def test_the_desk_shows_the_migration_then_opens(qtbot, tmp_path, monkeypatch):
    store = _library(tmp_path / "kazasu.db", 500)                    # 1,000 events
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    run = subprocess.run([sys.executable, "-c", MIGRATE, str(store.path), "3", "go"], env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == -signal.SIGKILL                       # killed after three batches
    assert tb.remaining(store, "lib-mig") == 700
    monkeypatch.setattr(tb, "MIGRATE_BATCH", 100)
    monkeypatch.setattr(ui_desk, "PROGRESS_AFTER_MS", 0)
    gate, seen = threading.Event(), []
    shown = ui_desk.LibraryDesk._progress

    def held(self, done, total):                   # the migration waits after its first batch
        shown(self, done, total)
        seen.append((done, total))
        if done:
            gate.wait(20)

    monkeypatch.setattr(ui_desk.LibraryDesk, "_progress", held)
    widget = ui_desk.LibraryDesk(store, "lib-mig", "t", lambda: ("mynumber", "x"))
    qtbot.addWidget(widget)
    widget.show()
    ticks = []
    timer = QTimer(widget)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    qtbot.waitUntil(lambda: "100 / 700 件" in widget.progress_line.text(), timeout=WAIT_MS)
    assert widget.pages.currentWidget() is widget.progress_page and not widget.ready
    assert not widget.takes_scans() and not widget.main.isEnabled()
    start = len(ticks)
    qtbot.waitUntil(lambda: len(ticks) >= start + 5, timeout=WAIT_MS)   # the event loop goes on
    gate.set()
    qtbot.waitUntil(lambda: widget.ready, timeout=WAIT_MS)
    assert widget.pages.currentWidget() is widget.main and widget.main.isEnabled()
    assert seen[0] == (0, 700) and seen[-1] == (700, 700)             # only what was left
    assert "700 / 700 件" in widget.progress_line.text()
    assert widget.desk.state().patrons["9000000499"]["name"] == "見本　499"
    assert len(widget.desk.state().loans) == 500 and tb.remaining(store, "lib-mig") == 0
