"""The counter desk's bars: the step bar (1 かざす → 2 暗証番号 → 3 確認 → 4 印刷; on the by-hand path
2 係員入力) at the top and the nav bar (戻る, 最初から, the screen's main button between them) at the
bottom. At a large text size or on a narrow window the nav bar holds every screen's main buttons in a
row of their own above 戻る and 最初から (kiosk.ui.action_dock), and the step bar shows each step on one
line in the language shown (the other language is in its accessible name).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.messages import text
from kiosk.ui import theme
from kiosk.ui.action_dock import ActionDock, inline
from kiosk.ui.i18n import shown
from kiosk.ui.labels import ValueLabel, button, plain


class StepBar(QFrame):
    """1 かざす → 2 暗証番号 → 3 確認 → 4 印刷, the current step highlighted (colour and weight and
    a bar under it, so colour is never the only cue)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "steps")
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 6, 16, 0)  # the labels' own padding keeps text off the edge
        self.steps: list[ValueLabel] = []
        for n in range(1, 5):
            step = plain("", "step", wrap=theme.text_scale > 1)  # large text: two lines, never cut
            step.setAlignment(Qt.AlignmentFlag.AlignCenter)
            row.addWidget(step, 1)
            if n < 4 and theme.text_scale <= 1:   # large text: the numbers say the order, room for words
                arrow = plain("→", "step", wrap=False)
                row.addWidget(arrow)
            self.steps.append(step)
        self.current = 0
        self.by_hand = False   # staff type the person in: step 2 is their entry, not a PIN
        self.setAccessibleName("手順 / Steps")
        self.set_current(0)

    def set_current(self, current: int) -> None:
        self.current = current
        for n, step in enumerate(self.steps, start=1):
            step.setProperty("current", "true" if n == current else "false")
            step.setProperty("done", "true" if n < current else "false")
            marker = "（いまここ / now）" if n == current else ""
            key = "step.2_manual" if n == 2 and self.by_hand else f"step.{n}"
            first, second = (words.removeprefix(f"{n} ") for words in shown(text(key)))
            # large text: the language shown only (one line, not two: the room is the page's)
            step.setText(f"{n} {first}" if theme.text_scale > 1 else f"{n} {first}  {second}")
            step.setAccessibleName(f"{first} {second}{marker}")
            step.style().unpolish(step)
            step.style().polish(step)

    def set_by_hand(self, by_hand: bool) -> None:
        """The by-hand path (no card read): step 2 reads 「係員入力」 instead of 「暗証番号」."""
        if by_hand != self.by_hand:
            self.by_hand = by_hand
            self.set_current(self.current)

    def retranslate_ui(self) -> None:
        self.set_current(self.current)


class NavBar(QWidget):
    """戻る (back) and 最初から (start over), at the bottom of every screen; between them, a screen's
    main button may sit (`add_action`; the desk shows only the current screen's)."""

    back = Signal()
    restart = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 4, 24, 4)
        column.setSpacing(6)
        # the screens' main buttons (large text, a narrow or a low window): above 戻る and 最初から,
        # or between them at 100 % on a wide window
        self.dock = ActionDock(name="counter_actions")
        row = QHBoxLayout()
        if not inline():
            column.addWidget(self.dock)
        column.addLayout(row)
        self.back_button = button(text("nav.back"), name="nav_back")
        self.restart_button = button(text("nav.restart"), name="nav_restart")
        for b in (self.back_button, self.restart_button):
            b.setMinimumWidth(200)
        self.back_button.clicked.connect(self.back)
        self.restart_button.clicked.connect(self.restart)
        row.addWidget(self.back_button)
        row.addStretch(1)
        self.actions = QHBoxLayout()
        if inline():
            self.actions.addWidget(self.dock)
        row.addLayout(self.actions)
        row.addStretch(1)
        self.trailing = QHBoxLayout()   # e.g. the language switch, beside 最初から
        row.addLayout(self.trailing)
        row.addWidget(self.restart_button)

    def add_trailing(self, widget: QWidget) -> None:
        self.trailing.addWidget(widget)

    def add_action(self, widget: QWidget) -> None:
        self.actions.addWidget(widget)
        widget.setVisible(False)
