"""Step 4, 印刷: received, printed, queued for the office; take the card (when one was read); next
person."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from kiosk.messages import Bilingual, text
from kiosk.ui.labels import button, label, set_bilingual
from kiosk.ui.layout import vbox
from kiosk.ui.theme import set_role


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

    def show_printing(self, printing: dict | None) -> None:
        """The printer's outcome (kiosk.printing.print_submissions): when it failed, what staff must
        do instead of 「印刷しました」 (the PDFs are kept in <data>/print/; the message names the file)."""
        error = (printing or {}).get("error") if printing and not printing.get("ok", True) else None
        if error:
            name = Path(error["pdf"]).name if error.get("pdf") else ""
            set_bilingual(self.printed, Bilingual(
                f"印刷できませんでした。{error['problem_ja']}書類は保存されています（print/{name}）。",
                f"Not printed. {error['problem_en']} The document is saved (print/{name})."))
            self.printed.setObjectName("done_print_failed")
            set_role(self.printed, "warning")
        else:
            set_bilingual(self.printed, text("done.printed"))
            self.printed.setObjectName("")
            set_role(self.printed, "subtitle")

    def show_card_line(self, card_read: bool) -> None:
        """「カードをお取りください」 only when a card was read (not on the by-hand path)."""
        self.card.setVisible(card_read)

    def clear(self) -> None:
        self.queued.clear()
        self.card.setVisible(True)
