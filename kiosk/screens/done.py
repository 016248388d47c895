"""Step 4, 印刷: received, printed, queued for the office; take the card; next person."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from kiosk.messages import text
from kiosk.screens.widgets import button, label, set_bilingual, vbox


class DoneScreen(QWidget):
    next_person = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("done_screen")
        layout = vbox(self, margins=48, spacing=24)
        layout.addStretch(1)
        self.title = label(text("done.title"), "success", en_pt=18)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.title)
        self.printed = label(text("done.printed"), "subtitle")
        self.queued = label(None, "subtitle")
        self.queued.setObjectName("done_queued")
        self.card = label(text("done.card"), "warning")
        for w in (self.printed, self.queued, self.card):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(w)
        self.next_button = button(text("done.next"), primary=True, height=96, name="done_next")
        self.next_button.clicked.connect(self.next_person)
        layout.addWidget(self.next_button)
        layout.addStretch(2)

    def show_queue(self, pending: int) -> None:
        set_bilingual(self.queued, text("done.queued", n=pending))

    def clear(self) -> None:
        self.queued.clear()
