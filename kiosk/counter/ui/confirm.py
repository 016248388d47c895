"""Step 3, 確認 (second half): every value of the filled form, read-only, and one button to submit."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QScrollArea, QVBoxLayout, QWidget

from kiosk.messages import Bilingual, text
from kiosk.ui.labels import button, label, plain, set_bilingual
from kiosk.ui.layout import vbox
from kiosk.ui.lifetime import discard


class ConfirmScreen(QWidget):
    submit = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confirm_screen")
        layout = vbox(self, spacing=10)
        layout.addWidget(label(text("confirm.title"), "title"))
        self.form_title = label(None, "subtitle")
        layout.addWidget(self.form_title)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        # the table of each visit goes into this holder, which the scroll area keeps: a table leaves
        # by kiosk.ui.lifetime.discard, never by takeWidget (that would hand it to Python)
        self.holder = QWidget()
        self.holder_box = QVBoxLayout(self.holder)
        self.holder_box.setContentsMargins(0, 0, 0, 0)
        self.scroll.setWidget(self.holder)
        layout.addWidget(self.scroll, 1)
        self.message = label(None, "error")
        self.message.setVisible(False)
        layout.addWidget(self.message)
        self.submit_button = button(text("confirm.submit"), primary=True, name="confirm_submit")
        self.submit_button.clicked.connect(self.submit)
        layout.addWidget(self.submit_button)
        self._table: QWidget | None = None

    def show_values(self, title: Bilingual, rows: list[tuple[Bilingual, str]]) -> None:
        """rows: (field label, display value) for every field that has a value."""
        self.show_forms(title, [(None, rows)])

    def show_forms(self, title: Bilingual, forms: list[tuple[Bilingual | None, list]],
                   note: Bilingual | None = None) -> None:
        """Several forms one under the other: (form title or None, [(field label, value)]); a value
        is text, or a Bilingual that follows the language shown."""
        self._drop_table()
        set_bilingual(self.form_title, title)
        table = QFrame()
        table.setProperty("role", "card")
        grid = QGridLayout(table)
        grid.setContentsMargins(20, 10, 20, 10)
        grid.setHorizontalSpacing(24)
        n = 0
        if note is not None:
            grid.addWidget(label(note, "hint", en_pt=11), n, 0, 1, 2)
            n += 1
        for form_title, rows in forms:
            if form_title is not None:
                heading = label(form_title, "heading", en_pt=12)
                heading.setObjectName("confirm_form")
                grid.addWidget(heading, n, 0, 1, 2)
                n += 1
            for words, value in rows:
                grid.addWidget(label(words, "key", en_pt=11), n, 0)
                # a value in words of its own (the identity document) follows the language
                grid.addWidget(label(value, en_pt=11) if isinstance(value, Bilingual) else plain(value), n, 1)
                n += 1
        grid.setColumnStretch(1, 1)
        self.holder_box.addWidget(table)
        self._table = table

    def set_busy(self, busy: bool) -> None:
        self.submit_button.setEnabled(not busy)
        if busy:
            self.show_message(None)
            self.submit_button.setText(f"{text('confirm.busy').ja}\n{text('confirm.busy').en}")
        else:
            pair = text("confirm.submit")
            self.submit_button.setText(f"{pair.ja}\n{pair.en}")

    def show_message(self, pair: Bilingual | None) -> None:
        self.message.setVisible(pair is not None)
        if pair is None:
            self.message.clear()
        else:
            set_bilingual(self.message, pair)

    def _drop_table(self, forget: bool = False) -> None:
        discard(self._table, self.holder_box, forget=forget)
        self._table = None

    def clear(self) -> None:
        self._drop_table(forget=True)
        self.form_title.clear()
        self.set_busy(False)
        self.show_message(None)
