"""The start screen: the kiosk's desks (the counter, the shelter reception, the library: kiosk.desks)
as large buttons (at a large text scale as high as their words need, so the screen still fits, their
words grown at most theme.TAB_MAX_SCALE: a third of the window must hold 「(certificates,」).
Choosing one emits `chosen(name)`; each button says text("desk.<name>")."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from kiosk.messages import text
from kiosk.ui import theme
from kiosk.ui.labels import button, label, render
from kiosk.ui.layout import vbox

# each desk button gets a third of the 1280 px screen less the margins and gaps, less its padding
DESK_TEXT_WIDTH = (1280 - 2 * 48 - 2 * 32) // 3 - 2 * 24


class StartScreen(QWidget):
    chosen = Signal(str)   # a desk's name

    def __init__(self, desks: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("start_screen")
        large = theme.text_scale > 1   # large text: the words set the buttons' height, less air
        layout = vbox(self, margins=32 if large else 48, spacing=16 if large else 32)
        height = theme.MIN_TOUCH if large else 220
        title = label(text("start.title"), "title", en_pt=18)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        layout.addWidget(title)
        row = QHBoxLayout()
        row.setSpacing(32)
        self.buttons: dict[str, QPushButton] = {}
        for name in desks:
            b = button(text(f"desk.{name}"), primary=True, height=height, name=f"desk_{name}")
            if large:   # a third of the window: 「(certificates,」 would not fit at 200 %
                b.setStyleSheet(f"QPushButton {{ font-size: {theme.pt(theme.BODY_PT, theme.TAB_MAX_SCALE)}pt; }}")
                b.ensurePolished()
                b.setMinimumHeight(height)
            b.clicked.connect(lambda _=False, desk=name: self.chosen.emit(desk))
            # "Counter (certificates, filings)" breaks, never cut (on a narrow screen too)
            b.wrap_width = theme.across(DESK_TEXT_WIDTH)
            render(b)
            b.setMinimumWidth(320)
            row.addWidget(b, 1)
            self.buttons[name] = b
        self.desk_buttons = list(self.buttons.values())
        layout.addLayout(row)
        layout.addStretch(2)
