"""Step 3, 確認 (first half): what was read from the card, and the asked fields as touch widgets.

The read values (name, address, birth date in 和暦, sex) are shown large and read-only; each asked
field of the form gets a big widget (kiosk.screens.asked). The widgets are rebuilt for every visit and
destroyed when the person leaves.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QScrollArea, QVBoxLayout, QWidget

from kiosk.messages import Bilingual, text
from kiosk.screens.asked import AskedWidget, widget_for
from kiosk.screens.widgets import button, label, plain, set_bilingual, vbox

READ_ROWS = (("name", "preview.name"), ("address", "preview.address"), ("birth", "preview.birth"),
             ("sex", "preview.sex"))


class PreviewScreen(QWidget):
    answers_changed = Signal()
    next_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preview_screen")
        layout = vbox(self, spacing=10)
        layout.addWidget(label(text("preview.title"), "title", en_pt=15))
        card = QFrame()
        card.setProperty("role", "card")
        grid = QGridLayout(card)
        grid.setContentsMargins(20, 10, 20, 10)
        grid.setHorizontalSpacing(24)
        self.values: dict[str, object] = {}
        # two columns: name | birth date, address | sex (keeps room for the asked fields)
        for n, (key, words) in enumerate(READ_ROWS):
            row, col = (0, 0) if key == "name" else (1, 0) if key == "address" else \
                (0, 2) if key == "birth" else (1, 2)
            grid.addWidget(label(text(words), "key", en_pt=11), row, col)
            value = plain("", "value", wrap=key not in ("birth", "sex"))
            value.setObjectName(f"preview_{key}")
            grid.addWidget(value, row, col + 1)
            self.values[key] = value
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 1)
        layout.addWidget(card)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.fields_box = QWidget()
        self.fields_layout = QVBoxLayout(self.fields_box)
        self.fields_layout.setContentsMargins(0, 0, 0, 0)
        self.fields_layout.setSpacing(8)
        self.fields_layout.addStretch(1)
        self.scroll.setWidget(self.fields_box)
        layout.addWidget(self.scroll, 1)
        self.message = label(None, "warning")
        self.message.setVisible(False)
        layout.addWidget(self.message)
        self.next_button = button(text("preview.next"), primary=True, name="preview_next")
        self.next_button.clicked.connect(self.next_clicked)
        layout.addWidget(self.next_button)
        self.asked: dict[str, AskedWidget] = {}
        self._rows: list[QWidget] = []

    def show_person(self, name: str, address: str, birth_wareki: str, sex: Bilingual) -> None:
        self.values["name"].setText(name)
        self.values["address"].setText(address)
        self.values["birth"].setText(birth_wareki)
        self.values["sex"].setText(f"{sex.ja} / {sex.en}")

    def build_fields(self, fields, answers: dict | None = None, defaults: dict | None = None) -> None:
        """One row per asked field (label + widget); previous answers are put back (after 戻る);
        text fields whose form default comes from the card (e.g. the subject's name) are pre-filled."""
        self._drop_fields()
        for field in fields:
            row = QWidget()
            box = QVBoxLayout(row)
            box.setContentsMargins(0, 4, 0, 4)
            box.setSpacing(4)
            box.addWidget(label(Bilingual(field.label_ja, field.label_en), "key", en_pt=12))
            widget = widget_for(field, row)
            if answers and answers.get(field.id) is not None:
                widget.set_value(answers[field.id])
            elif defaults and field.input and field.input.default_from and defaults.get(field.id):
                widget.set_value(defaults[field.id])
            widget.changed.connect(self.answers_changed)
            box.addWidget(widget)
            self.fields_layout.insertWidget(self.fields_layout.count() - 1, row)
            self.asked[field.id] = widget
            self._rows.append(row)

    def answers(self) -> dict:
        return {fid: w.value() for fid, w in self.asked.items() if w.value() is not None}

    def set_problems(self, problems: Bilingual | None) -> None:
        """None: everything asked is answered (the next button is enabled)."""
        self.next_button.setEnabled(problems is None)
        if problems is None:
            self.message.clear()
            self.message.setVisible(False)
        else:
            set_bilingual(self.message, problems)
            self.message.setVisible(True)

    def _drop_fields(self) -> None:
        for row in self._rows:
            row.setParent(None)  # out of the window tree at once
            row.deleteLater()
        self._rows.clear()
        self.asked.clear()

    def clear(self) -> None:
        for value in self.values.values():
            value.setText("")
        self._drop_fields()
        self.set_problems(None)
        self.scroll.verticalScrollBar().setValue(0)
