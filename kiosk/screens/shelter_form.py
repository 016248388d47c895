"""The shelter card (避難者カード) on the desk: who, needs (with which allergy, medicine, language, pet),
where they stay (in the shelter, at home, in a car), and whether they were counted in a headcount.

`fields()` gives what `kiosk.shelter.desk.ShelterDesk.register` takes; `where()` says where they stay
(None = in the shelter); `wipe()` forgets everything typed. Only the name is required; a detail field
shows under its need only while the need is chosen. No Qt-free logic lives here.
"""

from __future__ import annotations

from PySide6.QtWidgets import (QButtonGroup, QGridLayout, QHBoxLayout, QLineEdit, QPushButton, QSizePolicy,
                               QVBoxLayout, QWidget)

from kiosk import theme
from kiosk.screens.shelter_texts import need, t
from kiosk.screens.widgets import label
from kiosk.shelter import model as m

TOGGLE_CSS = (f"QPushButton:checked {{ background: {theme.PRIMARY}; color: white; font-weight: 700; }}")
EDIT_CSS = f"QLineEdit {{ font-size: {theme.SUBTITLE_PT}pt; }}"  # placeholders (ja / en) fit half a form
NEED_COLUMNS = 3
WHERE = ("shelter", "home", "car", "other")


def toggle(pair, name: str) -> QPushButton:
    """A large checkable button: a ✓ and the colour show the choice (colour is never the only cue)."""
    from kiosk.screens.widgets import button

    b = button(pair, name=name, height=theme.MIN_TOUCH)  # as low as its two lines allow
    b.setCheckable(True)
    b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
    b.setStyleSheet(TOGGLE_CSS)
    # the ✓ goes on the (shorter) English line, so a long Japanese label in bold still fits
    b.toggled.connect(lambda on, b=b, pair=pair: b.setText(f"{pair.ja}\n{'✓ ' if on else ''}{pair.en}"))
    return b


def line_edit(key: str, name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    pair = t(key)
    edit.setPlaceholderText(f"{pair.ja} / {pair.en}")
    edit.setAccessibleName(f"{pair.ja} / {pair.en}")
    edit.setStyleSheet(EDIT_CSS)
    return edit


class ShelterForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 8, 0)
        grid = QGridLayout()
        self.name = line_edit("name", "shelter_name")
        self.kana = line_edit("kana", "shelter_kana")
        self.birth = line_edit("birth_or_band", "shelter_birth")
        self.household = line_edit("household", "shelter_household")
        self.address = line_edit("address", "shelter_address")
        for at, edit in enumerate((self.name, self.kana, self.birth, self.household)):
            grid.addWidget(edit, at // 2, at % 2)
        grid.addWidget(self.address, 2, 0, 1, 2)
        column.addLayout(grid)
        sexes = QHBoxLayout()
        self.sex_group = QButtonGroup(self)
        self.sex_buttons: dict[str, QPushButton] = {}
        for code in ("1", "2", "9"):
            b = toggle(t(f"sex_{code}"), f"shelter_sex_{code}")
            self.sex_group.addButton(b)
            self.sex_buttons[code] = b
            sexes.addWidget(b)
        column.addLayout(sexes)
        column.addWidget(label(t("needs"), "key", en_pt=12, wrap=False))  # no height-for-width in a scroll
        needs = QGridLayout()
        needs.setSpacing(8)
        self.need_buttons: dict[str, QPushButton] = {}
        for i, code in enumerate(m.NEEDS):
            b = toggle(need(code), f"need_{code}")
            self.need_buttons[code] = b
            needs.addWidget(b, i // NEED_COLUMNS, i % NEED_COLUMNS)
        # the do-not-disclose toggle takes the grid's free cell(s) after the needs
        self.protect = toggle(t("protect"), "shelter_protect")
        at = len(m.NEEDS)
        needs.addWidget(self.protect, at // NEED_COLUMNS, at % NEED_COLUMNS, 1, NEED_COLUMNS - at % NEED_COLUMNS)
        for i in range(NEED_COLUMNS):
            needs.setColumnStretch(i, 1)
        column.addLayout(needs)
        # which allergy, medicine, language, pet: a field under the needs while its need is chosen
        self.details: dict[str, QLineEdit] = {}
        for code, (_, _, has_detail) in m.NEEDS.items():
            if has_detail:
                edit = line_edit(f"detail_{code}", f"shelter_detail_{code}")
                edit.setVisible(False)
                self.need_buttons[code].toggled.connect(edit.setVisible)
                self.details[code] = edit
                column.addWidget(edit)
        column.addWidget(label(t("where"), "key", en_pt=12, wrap=False))
        places = QHBoxLayout()
        self.where_group = QButtonGroup(self)
        self.where_buttons: dict[str, QPushButton] = {}
        for code in WHERE:
            b = toggle(t(f"where_{code}"), f"shelter_where_{code}")
            self.where_group.addButton(b)
            self.where_buttons[code] = b
            places.addWidget(b)
        column.addLayout(places)
        self.place = line_edit("place", "shelter_place")
        self.place.setVisible(False)
        for code in WHERE[1:]:
            self.where_buttons[code].toggled.connect(lambda _on: self.place.setVisible(self.where() is not None))
        column.addWidget(self.place)
        self.from_headcount = toggle(t("from_headcount"), "shelter_from_headcount")
        self.from_headcount.setVisible(False)
        column.addWidget(self.from_headcount)
        self.wipe()

    def fields(self) -> dict:
        birth = self.birth.text().strip()
        band = birth if birth in m.AGE_BAND_LABELS else ""
        needs = {code: (self.details[code].text().strip() if code in self.details else "")
                 for code, b in self.need_buttons.items() if b.isChecked()}
        sex = next((code for code, b in self.sex_buttons.items() if b.isChecked()), "")
        return {"name": self.name.text(), "kana": self.kana.text(), "birth_date": "" if band else birth,
                "age_band": band, "sex_code": sex, "address": self.address.text(),
                "household": self.household.text(), "do_not_disclose": self.protect.isChecked(),
                "needs": needs}

    def extra(self) -> dict:
        """What staff typed beside a card read (kana, household, needs, protection): the card gives
        name, address, birth date and sex."""
        f = self.fields()
        return {k: f[k] for k in ("kana", "household", "do_not_disclose", "needs")}

    def where(self) -> str | None:
        code = next((c for c, b in self.where_buttons.items() if b.isChecked()), "shelter")
        return None if code == "shelter" else code

    def wipe(self) -> None:
        for edit in (self.name, self.kana, self.birth, self.household, self.address, self.place,
                     *self.details.values()):
            edit.clear()
        for b in [*self.need_buttons.values(), self.protect, self.from_headcount]:
            b.setChecked(False)
        for group in (self.sex_group, self.where_group):
            group.setExclusive(False)
            for b in group.buttons():
                b.setChecked(False)
            group.setExclusive(True)
        self.where_buttons["shelter"].setChecked(True)
