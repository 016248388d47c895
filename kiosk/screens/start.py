"""The start screen: the three desks as large buttons. Shelter and library say honestly that they
are coming soon, and are disabled."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.messages import Bilingual, text
from kiosk.screens.widgets import button, label, vbox


class StartScreen(QWidget):
    counter_chosen = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("start_screen")
        layout = vbox(self, margins=48, spacing=32)
        title = label(text("start.title"), "title", en_pt=18)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        layout.addWidget(title)
        row = QHBoxLayout()
        row.setSpacing(32)
        soon = text("desk.soon")
        self.counter_button = button(text("desk.counter"), primary=True, height=220, name="desk_counter")
        self.counter_button.clicked.connect(self.counter_chosen)
        self.desk_buttons = [self.counter_button]
        for key, name in (("desk.shelter", "desk_shelter"), ("desk.library", "desk_library")):
            desk = text(key)
            b = button(Bilingual(f"{desk.ja}\n（{soon.ja}）", f"{desk.en}\n({soon.en})"), height=220,
                       name=name)
            b.setEnabled(False)
            self.desk_buttons.append(b)
        for b in self.desk_buttons:
            b.setMinimumWidth(320)
            row.addWidget(b, 1)
        layout.addLayout(row)
        layout.addStretch(2)
