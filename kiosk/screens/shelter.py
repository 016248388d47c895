"""The shelter desk (避難所受付) in Qt: check-in by hand or by card, and who is here now.

`ShelterDesk(store, site, terminal, read_card)`: `read_card()` returns a dict with `card` (what
`kazasu card id` prints, optional), `person` (what `kazasu card read` prints, optional) and `source`
(card_pin / code_b / ic_card), or None when nothing was read. A linked card checks its person in; a
card with a person read registers them. Check-in by hand needs only the name; needs are large toggle
buttons (a ✓ and the colour show the choice). The list on the right shows who is present, filtered as
you type (name or kana); protected people are marked for staff. After each check-in the form is
wiped. The domain lives in kiosk.shelter (no Qt); every action is one event in the store.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLineEdit, QListWidget, QPushButton,
                               QScrollArea, QSizePolicy, QVBoxLayout, QWidget)

from kiosk import theme
from kiosk.screens.shelter_texts import counts, need, t
from kiosk.screens.widgets import button, label, plain, set_bilingual
from kiosk.shelter import desk as shelter_desk
from kiosk.shelter import model as m
from kiosk.shelter.roster import Roster

TOGGLE_CSS = (f"QPushButton:checked {{ background: {theme.PRIMARY}; color: white; font-weight: 700; }}")
LIST_CSS = f"QListWidget {{ font-size: {theme.VALUE_PT}pt; }} QListWidget::item {{ padding: 6px 4px; }}"
NEED_COLUMNS = 3


class ShelterDesk(QWidget):
    exited = Signal()
    checked_in = Signal(str)  # person id

    def __init__(self, store, site: str, terminal: str,
                 read_card: Callable[[], dict[str, Any] | None] | None = None,
                 parent: QWidget | None = None, runner=None) -> None:
        super().__init__(parent)
        self.setObjectName("shelter_desk")
        self.desk = shelter_desk.ShelterDesk(store, site=site, terminal=terminal)
        self.read_card = read_card
        self.runner = runner  # kiosk.card_tasks.CardTaskRunner: the card read off the UI thread
        self.roster = Roster()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 12, 24, 12)
        top = QHBoxLayout()
        top.addWidget(label(t("title"), "title", en_pt=16), 0)
        self.counts = label(None, "subtitle", en_pt=13)
        top.addWidget(self.counts, 1)
        self.exit_button = button(t("exit"), name="shelter_exit")
        self.exit_button.clicked.connect(self.exited)
        top.addWidget(self.exit_button, 0)
        outer.addLayout(top)
        body = QHBoxLayout()
        body.setSpacing(24)
        # the form scrolls rather than grow the window past a 1280×800 screen
        form = QWidget()
        form.setLayout(self._form())
        scroll = QScrollArea()
        scroll.setObjectName("shelter_form_scroll")
        scroll.setWidget(form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body.addWidget(scroll, 2)
        body.addLayout(self._here(), 1)
        outer.addLayout(body, 1)
        self.message = plain("", "hint")
        self.message.setObjectName("shelter_message")
        outer.addWidget(self.message)
        self.refresh()

    # -- building ------------------------------------------------------------------------------
    def _field(self, grid: QGridLayout, at: int, key: str, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        pair = t(key)
        edit.setPlaceholderText(f"{pair.ja} / {pair.en}")
        edit.setAccessibleName(f"{pair.ja} / {pair.en}")
        grid.addWidget(edit, at // 2, at % 2)
        return edit

    def _form(self) -> QVBoxLayout:
        column = QVBoxLayout()
        grid = QGridLayout()
        self.name = self._field(grid, 0, "name", "shelter_name")
        self.kana = self._field(grid, 1, "kana", "shelter_kana")
        self.birth = self._field(grid, 2, "birth", "shelter_birth")
        self.household = self._field(grid, 3, "household", "shelter_household")
        column.addLayout(grid)
        column.addWidget(label(t("needs"), "key", en_pt=12))
        needs = QGridLayout()
        needs.setSpacing(8)
        self.need_buttons: dict[str, QPushButton] = {}
        for i, code in enumerate(m.NEEDS):
            b = self._toggle(need(code), f"need_{code}")
            self.need_buttons[code] = b
            needs.addWidget(b, i // NEED_COLUMNS, i % NEED_COLUMNS)
        # the do-not-disclose toggle takes the grid's free cell(s) after the needs
        self.protect = self._toggle(t("protect"), "shelter_protect")
        at = len(m.NEEDS)
        needs.addWidget(self.protect, at // NEED_COLUMNS, at % NEED_COLUMNS, 1, NEED_COLUMNS - at % NEED_COLUMNS)
        for i in range(NEED_COLUMNS):
            needs.setColumnStretch(i, 1)
        column.addLayout(needs)
        actions = QHBoxLayout()
        self.checkin_button = button(t("checkin"), primary=True, name="shelter_checkin")
        self.checkin_button.clicked.connect(self.check_in_by_hand)
        self.card_button = button(t("card"), name="shelter_card")
        self.card_button.clicked.connect(self.check_in_by_card)
        self.card_button.setEnabled(self.read_card is not None)
        actions.addWidget(self.checkin_button, 1)
        actions.addWidget(self.card_button, 1)
        column.addLayout(actions)
        column.addStretch(1)
        return column

    def _toggle(self, pair, name: str) -> QPushButton:
        b = button(pair, name=name, height=theme.MIN_TOUCH)  # as low as its two lines allow
        b.setCheckable(True)
        b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        b.setStyleSheet(TOGGLE_CSS)
        b.toggled.connect(lambda on, b=b, pair=pair: b.setText(
            f"{'✓ ' if on else ''}{pair.ja}\n{pair.en}"))
        return b

    def _here(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.addWidget(label(t("here"), "heading", en_pt=13))
        self.search = QLineEdit()
        self.search.setObjectName("shelter_search")
        pair = t("search")
        self.search.setPlaceholderText(f"{pair.ja} / {pair.en}")
        self.search.setAccessibleName(f"{pair.ja} / {pair.en}")
        self.search.textChanged.connect(self.show_list)
        column.addWidget(self.search)
        self.people = QListWidget()
        self.people.setObjectName("shelter_people")
        self.people.setStyleSheet(LIST_CSS)
        self.people.setAccessibleName(f"{t('here').ja} / {t('here').en}")
        column.addWidget(self.people, 1)
        return column

    # -- actions -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Fold the events again (after a check-in or a sync) and redraw counts and list."""
        self.roster = self.desk.roster()
        set_bilingual(self.counts, counts(self.roster.status()), en_pt=13)
        self.show_list()

    def show_list(self) -> None:
        mark = t("protected_mark").ja
        self.people.clear()
        for p in self.roster.search(self.search.text(), include_protected=True, states=("present",)):
            name, kana = p.fields.get("name", ""), p.fields.get("kana", "")
            self.people.addItem(f"{mark if p.protected else ''}{name}　{kana}".rstrip())

    def _say(self, pair) -> None:
        self.message.setText(f"{pair.ja} / {pair.en}")

    def check_in_by_hand(self) -> None:
        fields = {"name": self.name.text(), "kana": self.kana.text(), "birth_date": self.birth.text(),
                  "household": self.household.text(), "do_not_disclose": self.protect.isChecked(),
                  "needs": [c for c, b in self.need_buttons.items() if b.isChecked()]}
        self._done(lambda: self.desk.register(fields, source="by_hand"))

    def check_in_by_card(self) -> None:
        if not self.read_card:
            return
        if self.runner is None:
            try:
                read = self.read_card()
            except Exception as exc:  # noqa: BLE001 (card errors carry their own ja/en messages)
                self._card_failed(exc)
                return
            self._card_read(read)
            return
        self.card_button.setEnabled(False)
        self.runner.run(self.read_card, self._card_read, self._card_failed)

    def _card_failed(self, exc: BaseException) -> None:
        self.card_button.setEnabled(self.read_card is not None)
        if hasattr(exc, "message_ja") and hasattr(exc, "message_en"):
            self.message.setText(f"{exc.message_ja} / {exc.message_en}")
        else:
            self._say(t("card_unknown"))

    def _card_read(self, read: dict[str, Any] | None) -> None:
        self.card_button.setEnabled(self.read_card is not None)
        if not read:
            return
        card, person = read.get("card"), read.get("person")
        known = self.roster.person_for_card(shelter_desk.card_token(card)) if card else None
        if known is not None:
            self._done(lambda: self.desk.check_in(known.person_id, "ic_card"))
        elif person:
            extra = {"kana": self.kana.text(), "household": self.household.text(),
                     "do_not_disclose": self.protect.isChecked(),
                     "needs": [c for c, b in self.need_buttons.items() if b.isChecked()]}
            self._done(lambda: self.desk.register({**extra, **person}, card=card,
                                                  source=read.get("source", "card_pin")))
        else:
            self._say(t("card_unknown"))

    def _done(self, action: Callable[[], dict]) -> None:
        try:
            result = action()
        except m.ShelterError as exc:
            self.message.setText(f"{exc.message_ja} / {exc.message_en}")
            return
        self.wipe()
        self._say(t("done"))
        self.refresh()
        self.checked_in.emit(result["person_id"])

    def forget(self) -> None:
        """Leaving the desk: the form, the search and the who-is-here list are emptied and the
        folded roster dropped, so nothing of anyone stays in the widgets or the screen's memory."""
        self.wipe()
        self.roster = Roster()
        self.search.clear()
        self.people.clear()
        self.counts.clear()

    def wipe(self) -> None:
        """Forget the person on the form (after each check-in, and when the desk is left)."""
        for edit in (self.name, self.kana, self.birth, self.household):
            edit.clear()
        for b in [*self.need_buttons.values(), self.protect]:
            b.setChecked(False)
        self.message.clear()
