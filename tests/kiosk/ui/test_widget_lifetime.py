"""Widgets that leave a screen (kiosk.ui.lifetime): the crash of issue 17 and every like it.

The preview rebuilt from Qt's own event loop, in a child process (a segmentation fault would end
pytest itself): before the fix it crashed within a few dozen rebuilds. No code in kiosk/ asks a layout
for its items or hands a widget back to Python (the two habits that broke PySide's bookkeeping), and
the check sees a planted one. `discard` takes a widget out of its layout at once, forgets its words
when asked, and Qt deletes it with its children.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QVBoxLayout, QWidget
from shiboken6 import isValid

ROOT = Path(__file__).resolve().parents[3]
FORBIDDEN_CALLS = {"itemAt", "takeAt", "itemAtPosition", "takeWidget"}


def test_preview_rebuilt_from_the_event_loop_does_not_crash():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-X", "faulthandler", "-m", "tests.kiosk.counter.preview_churn",
                          "120"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, f"status {run.returncode}:\n{run.stderr[-3000:]}"
    assert "survived 120" in run.stdout


def lifetime_breaches(source: str, filename: str = "<source>") -> list[str]:
    """Calls that give PySide a Qt-owned layout item or hand a widget back to Python."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        name = node.func.attr
        hands_back = (name == "setParent" and node.args and isinstance(node.args[0], ast.Constant)
                      and node.args[0].value is None)
        if name in FORBIDDEN_CALLS or hands_back:
            found.append((node.lineno, f"{filename}:{node.lineno} {name}"))
    return [where for _, where in sorted(found)]


def test_no_layout_items_and_no_widget_handed_back_to_python():
    breaches = []
    for path in sorted((ROOT / "kiosk").rglob("*.py")):
        breaches += lifetime_breaches(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert breaches == []


def test_the_check_sees_a_planted_breach():
    planted = ("def rebuild(self):\n"
               "    w = self.grid.itemAt(0).widget()\n"
               "    for row in self.rows:\n"
               "        row.setParent(None)\n"
               "        row.deleteLater()\n")
    assert lifetime_breaches(planted) == ["<source>:2 itemAt", "<source>:4 setParent"]
    assert lifetime_breaches("row.setParent(self.holder)\n") == []


def test_discard_takes_the_widget_out_at_once_and_qt_deletes_it(qtbot):
    from kiosk.ui.lifetime import discard

    page = QWidget()
    qtbot.addWidget(page)
    box = QVBoxLayout(page)
    kept, row = QLabel("残る"), QWidget()
    inner = QVBoxLayout(row)
    name, field = QLabel("山田 太郎"), QLineEdit("やまだ たろう")
    inner.addWidget(name)
    inner.addWidget(field)
    box.addWidget(kept)
    box.addWidget(row)
    page.show()
    discard(row, box, forget=True)
    assert box.indexOf(row) == -1 and box.count() == 1      # out of the layout now
    assert row.isHidden() and name.text() == "" and field.text() == ""   # nothing of the person
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    assert not isValid(row) and not isValid(name) and not isValid(field)   # deleted by Qt, children too
    assert isValid(kept) and kept.text() == "残る"
    discard(row, box)   # a widget already gone is left alone


def test_discard_without_forget_keeps_the_words_until_deleted(qtbot):
    from kiosk.ui.lifetime import discard

    page = QWidget()
    qtbot.addWidget(page)
    box = QVBoxLayout(page)
    field = QLineEdit("やまだ たろう")
    box.addWidget(field)
    discard(field, box)   # a rebuild for the same person (another language): nothing to forget
    assert field.isHidden() and field.text() == "やまだ たろう"
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    assert not isValid(field)
