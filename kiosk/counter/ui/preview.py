"""Step 3, 確認 (first half): what was read from the card, and the asked fields as touch widgets.

The read values (name, address, birth date in 和暦, sex) are shown large and read-only; each asked
field of the form gets a big widget (kiosk.counter.ui.asked). The asked fields sit in a grid of two
halves, each a label beside its widget: short fields take one half, wide ones (choices with many or
long options, long text) a whole row; a half left open is filled by the next short field, and keyboard
focus follows the grid in reading order. A scroll area stays around the grid as a fallback for
longer forms. The widgets of a set of forms are built once (per language, text scale and window
width) and filled per visit: when the person leaves, every answer is emptied and the grid hidden until
the next visit of the same forms (at most KEPT sets; building them took most of the card read → filled
form time); `prepare` builds them ahead, while the resident taps the card. While a
reading (kana) or a phone number field has the focus, the on-screen keyboard (kana_keyboard.py: the
50-sound grid, or a number pad) shows under the fields and types into it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QFrame, QGridLayout, QLineEdit, QScrollArea, QVBoxLayout, QWidget
from shiboken6 import isValid

from kiosk.counter.ui.asked import AskedWidget, keyboard_mode, widget_for
from kiosk.counter.visit import field_label
from kiosk.messages import Bilingual, text
from kiosk.ui import theme
from kiosk.ui.i18n import JAPANESE, current, shown
from kiosk.ui.kana_keyboard import KanaKeyboard
from kiosk.ui.labels import button, label, plain, set_bilingual
from kiosk.ui.layout import banner, release, vbox
from kiosk.ui.lifetime import discard

READ_ROWS = (("name", "preview.name"), ("address", "preview.address"), ("birth", "preview.birth"),
             ("sex", "preview.sex"))
LABEL_WIDTH = 210   # the field names beside the widgets (English wraps under the Japanese)
LABEL_MAX_SCALE = 1.17   # 200 % text: the names' column grows this much (「relationship」: 245 px)


def label_width() -> int:
    """The field names' column: LABEL_WIDTH, up to LABEL_MAX_SCALE times wider at 200 % text (in
    proportion above 160 %), so that the longest English word of a name (「relationship」, 245 px at
    200 %) is never wider than its column and cut; at 150 % every word fits 210 px, and a wider
    column would push the fields past a 1024 px window."""
    grow = min(theme.text_scale, 2.0) * LABEL_MAX_SCALE / 2.0
    return round(LABEL_WIDTH * max(1.0, grow))
KEPT = 8   # sets of asked fields kept built (the installed forms, a language or two); the oldest goes


class _Grid:
    """The asked fields of one set of forms, built as widgets in a grid of their own."""

    def __init__(self) -> None:
        self.box = QWidget()
        self.layout = QGridLayout(self.box)
        self.layout.setContentsMargins(0, 0, 0, 0)
        self.layout.setHorizontalSpacing(16)
        self.layout.setVerticalSpacing(6)
        self.layout.setColumnStretch(1, 1)
        self.layout.setColumnStretch(3, 1)
        self.rows: list[QWidget] = []
        self.asked: dict[str, AskedWidget] = {}
        self.places: dict[str, tuple[int, int]] = {}


class PreviewScreen(QWidget):
    answers_changed = Signal()
    next_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preview_screen")
        layout = vbox(self, spacing=8)
        self.title = label(text("preview.title"), "heading", en_pt=13)
        self.title.setObjectName("preview_title")
        layout.addWidget(self.title)
        card = QFrame()
        card.setProperty("role", "card")
        grid = QGridLayout(card)
        grid.setContentsMargins(20, 6, 20, 6)
        grid.setHorizontalSpacing(12)
        self.values: dict[str, object] = {}
        # one row: name, address, birth date, sex (a long address wraps; the asked fields get the room)
        self.keys: dict[str, QWidget] = {}
        self.readout_grid = grid
        for key, words in READ_ROWS:
            self.keys[key] = label(text(words), "key", en_pt=10)
            value = plain("", "readout", wrap=key == "address")
            value.setObjectName(f"preview_{key}")
            self.values[key] = value
        grid.setColumnStretch(3, 1)
        self._lay_readout()
        layout.addWidget(card)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.fields_box = QWidget()
        outer = QVBoxLayout(self.fields_box)
        outer.setContentsMargins(0, 0, 0, 0)
        self._outer = outer
        self._grids: dict[tuple, _Grid] = {}   # built sets of asked fields, oldest first
        self._grid: _Grid | None = None   # the one on the screen
        outer.addStretch(1)
        self.scroll.setWidget(self.fields_box)
        layout.addWidget(self.scroll, 1)
        self.message = label(None, "warning")
        self.message.setObjectName("preview_message")
        self.message.setVisible(False)
        layout.addWidget(self.message)
        # the on-screen kana keyboard / number pad, under the fields while a reading or a phone
        # number field has the focus
        self.keyboard = KanaKeyboard()
        layout.addWidget(self.keyboard)
        QApplication.instance().focusChanged.connect(self._focus_changed)
        # 確認へ進む lives in the nav bar between 戻る and 最初から (CounterDesk puts it there), so the
        # asked fields get its row
        self.next_button = button(text("preview.next"), primary=True, name="preview_next")
        # large text or a narrow window: room for 戻る, ことば and 最初から beside it
        self.next_button.setMinimumWidth(420 if theme.text_scale <= 1 and not theme.narrow() else 0)
        self.next_button.clicked.connect(self.next_clicked)
        self.asked: dict[str, AskedWidget] = {}
        self._places: dict[str, tuple[int, int]] = {}   # field id → (row, column) of its widget
        self._chain: list[QWidget] = []
        self._built = ([], None, None)

    def show_person(self, name: str, address: str, birth_wareki: str, sex: Bilingual) -> None:
        self.values["name"].setText(name)
        self.values["address"].setText(address)
        self.values["birth"].setText(birth_wareki)
        self.values["sex"].setText(f"{sex.ja} / {sex.en}")

    def build_fields(self, fields, answers: dict | None = None, defaults: dict | None = None,
                     sections: list | None = None) -> None:
        """Lay the asked fields out in the grid; previous answers are put back (after 戻る); text
        fields whose form default comes from the card (e.g. the subject's name) are pre-filled.
        `sections`: [(Bilingual form title, fields)] for a visit of several forms: each form's
        title as a heading row, then its fields (a field shared with an earlier form is not asked
        again); `fields` is then ignored. The same forms again (the next visit, 戻る) fill the
        widgets built before."""
        self._drop_fields()
        self._built = (fields, defaults, sections)
        if sections is None:
            sections = [(None, fields)]
        self.fields_box.setUpdatesEnabled(False)  # one layout and paint at the end, not one per field
        grid = self._kept(sections)
        self._fill(grid, answers, defaults)
        self._grid, self.asked, self._places = grid, dict(grid.asked), grid.places
        grid.box.show()
        self.fields_box.setUpdatesEnabled(True)
        self._chain_focus()

    def prepare(self, sections: list) -> None:
        """Build the widgets of these forms now, hidden and empty, if they are not built yet: the
        counter calls it while the resident taps the card, so the first visit of a form fills them
        too instead of building them after the card read."""
        if self._grid is None:
            self.fields_box.setUpdatesEnabled(False)
            self._kept(sections)
            self.fields_box.setUpdatesEnabled(True)

    def _kept(self, sections: list) -> _Grid:
        """The grid of `sections` in the language, text scale and width shown now: the kept one, or a
        new one (hidden); the newest last, at most KEPT kept."""
        key = (tuple((title if len(sections) > 1 else None, tuple(section_fields))
                     for title, section_fields in sections), current(), theme.text_scale, theme.narrow())
        grid = self._grids.pop(key, None)
        if grid is None:
            grid = self._build(sections)
        self._grids[key] = grid
        while len(self._grids) > KEPT:
            old = self._grids.pop(next(iter(self._grids)))
            discard(old.box, self._outer, forget=True)
        return grid

    def _build(self, sections: list) -> _Grid:
        grid = _Grid()
        grid.box.hide()   # shown by build_fields
        self._outer.insertWidget(self._outer.count() - 1, grid.box)   # above the stretch
        self.fields_grid = grid.layout
        self._row, self._open_half = 0, None   # open_half: a row whose right half is still free
        for title, section_fields in sections:
            if title is not None and len(sections) > 1:
                heading = label(title, "heading", en_pt=12)
                heading.setObjectName("preview_section")
                self.fields_grid.addWidget(heading, self._row, 0, 1, 4)
                grid.rows.append(heading)
                self._row, self._open_half = self._row + 1, None
            for field in section_fields:
                self._add_field(grid, field)
        return grid

    @staticmethod
    def _fill(grid: _Grid, answers: dict | None, defaults: dict | None) -> None:
        """This visit's values into the widgets: an answer given before (戻る), else the card's value
        for a field whose default comes from it, else empty. The widgets say nothing while they are
        filled (as new ones, whose signals are connected after)."""
        for fid, widget in grid.asked.items():
            field = widget.field
            widget.blockSignals(True)
            try:
                widget.clear()
                if answers and answers.get(fid) is not None:
                    widget.set_value(answers[fid])
                elif defaults and field.input and field.input.default_from and defaults.get(fid):
                    widget.set_value(defaults[fid])
            finally:
                widget.blockSignals(False)

    def _add_field(self, grid: _Grid, field) -> None:
        row, open_half = self._row, self._open_half
        cell = QWidget()
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        widget = widget_for(field, cell)
        box.addWidget(widget)
        name = label(field_label(field), "key", en_pt=10)
        name.setBuddy(widget)
        top = Qt.AlignmentFlag.AlignTop
        if theme.narrow() and theme.text_scale > 1:   # a narrow window at large text: the name over
            place = (row + 1, 1)                      # its field, both the whole width
            self.fields_grid.addWidget(name, row, 0, 1, 4)
            self.fields_grid.addWidget(cell, row + 1, 0, 1, 4)
            row += 2
        elif widget.wide or theme.narrow():   # a narrow window: one field a row
            name.setFixedWidth(label_width())
            place = (row, 1)
            self.fields_grid.addWidget(name, row, 0, top)
            self.fields_grid.addWidget(cell, row, 1, 1, 3)
            row += 1
        elif open_half is not None:
            name.setFixedWidth(label_width())
            place = (open_half, 3)
            self.fields_grid.addWidget(name, open_half, 2, top)
            self.fields_grid.addWidget(cell, open_half, 3)
            open_half = None
        else:
            name.setFixedWidth(label_width())
            place = (row, 1)
            self.fields_grid.addWidget(name, row, 0, top)
            self.fields_grid.addWidget(cell, row, 1)
            open_half, row = row, row + 1
        grid.places[field.id] = place
        if widget.hint is not None:  # the explanation under the group, on a row of its own
            hint = plain("　".join(shown(widget.hint)), "hint", phrases=True)   # built again in another language
            hint.setObjectName(f"asked_{field.id}_hint")
            self.fields_grid.addWidget(hint, row, 1, 1, 3)
            grid.rows.append(hint)
            row += 1
            if open_half is not None and open_half != row - 2:
                open_half = None
        widget.changed.connect(self.answers_changed)
        grid.asked[field.id] = widget
        grid.rows += [name, cell]
        self._row, self._open_half = row, open_half

    def _chain_focus(self) -> None:
        """Tab order = reading order of the grid (row by row, left half before right half), from
        where _add_field put each field (never asked of the layout: kiosk.ui.lifetime)."""
        order = sorted(self._places, key=self._places.get)
        chain = [part for fid in order for part in self.asked[fid].focus_chain()]
        chain.append(self.next_button)
        self._chain = chain
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def _focus_changed(self, _old, new) -> None:
        if not isValid(self) or new is None or not self.isVisible() or self.keyboard.isAncestorOf(new):
            return
        for widget in self.asked.values():
            edit = getattr(widget, "edit", None)
            if edit is new:
                mode = keyboard_mode(widget.field)
                if mode is not None:
                    self.keyboard.attach(edit, mode)
                    # tied to the scroll area: never called after it is gone
                    QTimer.singleShot(0, self.scroll,
                                      lambda e=edit: isValid(e) and self.scroll.ensureWidgetVisible(e))
                    return
        if self.isAncestorOf(new):
            self.keyboard.detach()

    def retranslate_ui(self) -> None:
        """Another language: the card's values laid out again, and the asked fields built again in
        it (sizes follow the words), with every answer, the focus and the scroll position kept."""
        self._lay_readout()
        if not self.asked:
            return
        focus = QApplication.focusWidget()
        focused = next((fid for fid, w in self.asked.items() if focus is not None and w.isAncestorOf(focus)),
                       None)
        part = None
        if focused is not None:
            chain = self.asked[focused].focus_chain()
            part = chain.index(focus) if focus in chain else 0
        position = self.scroll.verticalScrollBar().value()
        fields, defaults, sections = self._built
        self.build_fields(fields, self.answers(), defaults, sections)
        if focused is not None and focused in self.asked:
            chain = self.asked[focused].focus_chain()
            chain[min(part, len(chain) - 1)].setFocus()
        self.fields_box.adjustSize()
        QApplication.processEvents()
        bar = self.scroll.verticalScrollBar()
        bar.setValue(position)
        if bar.value() != position:   # longer words (やさしい日本語) still being laid out: once they are
            QTimer.singleShot(0, self.scroll, lambda: bar.setValue(position))   # tied to the scroll area

    def _lay_readout(self) -> None:
        """Name, address, birth date and sex in one row; in two rows of two at a large text scale
        or in a language other than Japanese (longer words)."""
        per_row = 4 if theme.text_scale <= 1 and current() == JAPANESE and not theme.narrow() else 2
        grid = self.readout_grid
        for n, (key, _) in enumerate(READ_ROWS):
            row, col = divmod(n, per_row)
            grid.addWidget(self.keys[key], row, 2 * col)
            grid.addWidget(self.values[key], row, 2 * col + 1)
            self.values[key].setWordWrap(key == "address" or per_row == 2)
        grid.setColumnStretch(1, 1 if per_row == 2 else 0)

    def set_read_from_card(self, from_card: bool) -> None:
        """The heading says where the values came from: the card, or typed in by staff."""
        set_bilingual(self.title, text("preview.title" if from_card else "preview.title_manual"), en_pt=13)

    def first_of(self, field_ids) -> str | None:
        """Of `field_ids`, the one first on the screen (reading order), or None."""
        shown_ids = [fid for fid in field_ids if fid in self._places]
        return min(shown_ids, key=self._places.get) if shown_ids else None

    def point_at(self, field_id: str) -> None:
        """The focus on a field (its first part) and the field scrolled into view."""
        widget = self.asked.get(field_id)
        if widget is None:
            return
        target = widget.focus_chain()[0]
        target.setFocus()
        self.scroll.ensureWidgetVisible(widget)

    def first_focus(self) -> QWidget:
        """Where the keyboard starts on this page: the first asked field in reading order."""
        return self._chain[0] if self._chain else self.next_button

    def answers(self) -> dict:
        return {fid: w.value() for fid, w in self.asked.items() if w.value() is not None}

    def set_problems(self, problems: Bilingual | None) -> None:
        """What is still missing (None: everything asked is answered). 確認へ進む stays pressable:
        pressed too early, the controller names the missing items and moves the focus there."""
        if problems is not None:
            set_bilingual(self.message, problems)
        banner(self.message, problems is not None)   # its room stays when it goes: nothing jumps

    def _drop_fields(self, forget: bool = False) -> None:
        """The asked fields leave the screen: their grid is hidden, kept for the next visit of the
        same forms (a build fills it again). With `forget` (the person left) every answer in every
        kept grid is emptied at once: nothing of a person waits in a hidden one."""
        self.keyboard.detach()
        if self._grid is not None:
            self._grid.box.hide()
        if forget:
            for grid in self._grids.values():
                self._empty(grid)
        self._grid = None
        self.asked = {}
        self._places = {}
        self._chain = []

    @staticmethod
    def _empty(grid: _Grid) -> None:
        for widget in grid.asked.values():
            widget.blockSignals(True)
            widget.clear()
            widget.blockSignals(False)
            for edit in widget.findChildren(QLineEdit):
                edit.setText("")   # setText, not clear(): the undo history goes too

    def clear(self) -> None:
        for value in self.values.values():
            value.setText("")
        self.keyboard.clear()
        self._drop_fields(forget=True)
        release(self.message)
        set_bilingual(self.title, text("preview.title"), en_pt=13)
        self.scroll.verticalScrollBar().setValue(0)
