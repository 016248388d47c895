"""Step 1 of the counter desk, before the card: the procedures of this visit.

Every installed form (`forms.registry.list_forms()`) is a big toggle button with its Japanese and
English title; staff or the resident choose as many as the visit needs, and one read of the card then
fills all of them. Forms that may read the My Number say so on their button. A small staff button at
the bottom leads to the metrics table (off the resident's path)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from kiosk.messages import Bilingual, text
from kiosk.ui import theme
from kiosk.ui.i18n import shown
from kiosk.ui.labels import button, label, set_bilingual, text_height
from kiosk.ui.layout import row_layout, vbox
from kiosk.ui.lifetime import discard
from kiosk.ui.wrapping import wrap_lines

COLUMNS = 2
SCREEN_WIDTH = 1280


class ProceduresScreen(QWidget):
    chosen = Signal(list)   # form ids, in the order shown
    staff_metrics = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("procedures_screen")
        layout = vbox(self, spacing=12)
        layout.addWidget(label(text("procedures.title"), "title"))
        layout.addWidget(label(text("procedures.hint"), "subtitle"))
        self.grid = QGridLayout()
        self.grid.setSpacing(16)
        layout.addLayout(self.grid)
        self.message = label(None, "warning")
        self.message.setVisible(False)
        layout.addWidget(self.message)
        layout.addStretch(1)
        row = row_layout()
        self.staff_button = button(text("procedures.staff"), height=52, name="procedures_staff")
        self.staff_button.clicked.connect(self.staff_metrics)
        self.next_button = button(text("procedures.next"), primary=True, name="procedures_next")
        self.next_button.setMinimumWidth(420)
        self.next_button.clicked.connect(self._next)
        row.addWidget(self.staff_button)
        row.addStretch(1)
        row.addWidget(self.next_button)
        layout.addLayout(row)
        self.buttons: dict[str, QPushButton] = {}
        self._order: list[str] = []
        self._titles: dict[str, tuple[Bilingual, bool]] = {}

    def set_forms(self, forms, selected: list[str] | None = None,
                  reads_number: set[str] | None = None) -> None:
        """(Re)build the toggles from the installed forms; `selected` are pre-chosen; the forms in
        `reads_number` say on their button that they also read the My Number."""
        for b in self.buttons.values():
            discard(b, self.grid)
        self.buttons.clear()
        self._order = []
        columns = COLUMNS if theme.text_scale <= 1 else 1   # large text: one wide column
        self._titles = {}
        for n, form in enumerate(forms):
            self._titles[form.id] = (Bilingual(form.title_ja, form.title_en),
                                     form.id in (reads_number or set()))
            b = button(Bilingual(form.title_ja, form.title_en), height=96, name=f"procedure_{form.id}")
            b._words = None   # its words are set here (the title, the My Number note, the ✓)
            b.setCheckable(True)
            b.setProperty("plain_text", self._words_for(form.id, columns))
            b.toggled.connect(self._update)
            self.grid.addWidget(b, n // columns, n % columns)
            b.show()  # at once, not on the next event loop turn (the page may be showing)
            self.buttons[form.id] = b
            self._order.append(form.id)
        self.select(selected or [])

    def _words_for(self, form_id: str, columns: int = COLUMNS) -> str:
        """The title in the language shown now, and the My Number note (one line, both languages:
        three lines a button); at a large text scale long lines are broken to fit the column."""
        title, reads = self._titles[form_id]
        words = "\n".join(shown(title))
        if reads:
            words += "\n" + " / ".join(shown(text("procedures.my_number")))
        if theme.text_scale > 1 or theme.narrow():   # large text, a narrow window: broken, not cut
            b = self.buttons.get(form_id)
            font = b.font() if b is not None else self.font()
            width = min(SCREEN_WIDTH, theme.layout_width)
            words = wrap_lines(words, font, (width - 64 - 28) // columns - 2 * (20 + 4) - 40)
        return words

    def retranslate_ui(self) -> None:
        columns = COLUMNS if theme.text_scale <= 1 else 1
        for fid, b in self.buttons.items():
            b.setProperty("plain_text", self._words_for(fid, columns))
        if self.buttons:
            self._update()

    def select(self, form_ids: list[str]) -> None:
        for fid, b in self.buttons.items():
            b.setChecked(fid in form_ids)
        self._update()

    def selected(self) -> list[str]:
        return [fid for fid in self._order if self.buttons[fid].isChecked()]

    def _update(self) -> None:
        for b in self.buttons.values():  # a check mark too, so colour is never the only cue
            mark = "✓\u00a0" if b.isChecked() else ""   # NBSP: the tick stays on its word
            b.setText(mark + b.property("plain_text"))
            b.setMinimumHeight(max(96, text_height(b)))
        self.next_button.setEnabled(bool(self.selected()))
        self.message.setVisible(not self.selected())
        if not self.selected():
            set_bilingual(self.message, text("procedures.none"))

    def _next(self) -> None:
        if self.selected():
            self.chosen.emit(self.selected())

    def first_focus(self) -> QWidget:
        return self.next_button if self.next_button.isEnabled() else next(iter(self.buttons.values()),
                                                                          self.next_button)

    def clear(self) -> None:
        """Nothing personal is shown here; the choice is reset by the controller."""
        self.message.setVisible(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
