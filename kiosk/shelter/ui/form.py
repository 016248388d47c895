"""The shelter card (避難者カード) on the desk: who, needs (with which allergy, medicine, language, pet),
where they stay (in the shelter, at home, in a car), and whether they were counted in a headcount.

`fields()` gives what `kiosk.shelter.desk.ShelterDesk.register` takes; `where()` says where they stay
(None = in the shelter); `wipe()` forgets everything typed. Only the name is required; a detail field
shows under its need only while the need is chosen. No Qt-free logic lives here.

Every word follows the resident's language (kiosk.ui.i18n): the toggles and the fields' names have a
`retranslate_ui()` that shows them again in the language of the moment; what is typed or chosen
stays.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.shelter import model as m
from kiosk.shelter.texts import need, t
from kiosk.ui import theme
from kiosk.ui.captioned import CaptionedEdit
from kiosk.ui.i18n import shown
from kiosk.ui.labels import button, label, text_height
from kiosk.ui.layout import share_row
from kiosk.ui.wrapping import keep_readings, wrap_lines


def toggle_css() -> str:
    """A chosen toggle, in the palette and text scale in use when the desk is built."""
    return f"QPushButton:checked {{ background: {theme.PRIMARY}; color: {theme.ON_PRIMARY}; font-weight: 700; }}"


def edit_css() -> str:
    """Placeholders (ja / en) fit half a form."""
    return f"QLineEdit {{ font-size: {theme.pt(theme.SUBTITLE_PT)}pt; }}"


NEED_COLUMNS = 3
WHERE = ("shelter", "home", "car", "other")


def form_width() -> int:
    """The form's width in a 1280 px window: 3/5 of the desk less its scroll bar; at a large text
    scale the whole width (the list of who is here goes under it), less two scroll bars."""
    return theme.across(660 if theme.text_scale <= 1 else 1130)


def fit_row(buttons, width: int, spacing: int = 6) -> None:
    """`buttons` share a row `width` px wide and break their lines to their share: at a large text
    scale as widgets.share_row; at 100 % too, for a language with longer words than the Japanese
    (やさしい日本語 breaks at its spaces), where a line may use the button's padding but not its
    border (as at 100 % in Japanese, the check of tests/kiosk/textfit.py)."""
    share_row(buttons, width, spacing, every_scale=True,
              inset=None if theme.text_scale > 1 else 2 * theme.FOCUS_BORDER + 8)


def toggle(pair, name: str) -> QPushButton:
    """A large checkable button: a ✓ and the colour show the choice (colour is never the only cue)."""
    b = button(pair, name=name, height=theme.MIN_TOUCH)  # as low as its two lines allow
    b.setCheckable(True)
    b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
    b.setStyleSheet(toggle_css())
    # the ✓ goes on the (shorter) English line, so a long Japanese label in bold still fits
    b.rerender = lambda b=b, pair=pair: _show_toggle(b, pair)
    b.retranslate_ui = b.rerender   # kiosk.ui.i18n.retranslate: after render(), the ✓ and the breaks again
    b.toggled.connect(lambda _on, b=b: b.rerender())
    b.rerender()
    return b


TAB_NARROW_PT = theme.BODY_PT - 2


def tab_words(b: QPushButton) -> None:
    """A tab at large text or on a narrow window: its words at most theme.TAB_MAX_SCALE of their size
    (not larger at all on a narrow window), one font size for every tab, and in the language shown
    only (both would make the tabs fill the screen); its style and height follow."""
    most = 1.0 if theme.narrow() else theme.TAB_MAX_SCALE   # narrow: 「Family inquiry」 in a third
    size = theme.pt(theme.BODY_PT, most)
    if theme.narrow() and theme.text_scale <= 1:
        size = TAB_NARROW_PT   # five tabs in a row of a 1024 px window: 「✓ Headcount」 whole, bold
    _tab_size(b, size)
    b.one_language = True   # the language shown only (both are its accessible name)
    b.setMinimumHeight(theme.MIN_TOUCH)
    b.rerender()


def _tab_size(b: QPushButton, size: int) -> None:
    b.tab_pt = size
    b.setStyleSheet(toggle_css() + f" QPushButton {{ font-size: {size}pt; }}")
    b.ensurePolished()


def same_tab_size(tabs: list[QPushButton], smallest: int = theme.BODY_PT - 4) -> None:
    """One font size for every tab (tab_words'): the largest, at most the one it has, at which each
    tab's longest English word, with the 「✓ 」 of a chosen tab before its first, fits the tab's
    line (`wrap_width`): a word is never broken between its letters, the tick never alone."""
    size = min(b.tab_pt for b in tabs)
    while size > smallest:
        font = QFont(tabs[0].font())
        font.setPointSize(size)
        font.setBold(True)
        fm = QFontMetrics(font)
        words = []
        for b in tabs:
            english = b.accessibleName().split(" / ")[-1].split()
            words += [f"✓\u00a0{english[0]}", *english[1:]] if english else []
        if all(fm.horizontalAdvance(w) <= b.wrap_width for w in words for b in tabs):
            break
        size -= 1
    for b in tabs:
        _tab_size(b, size)
        b.rerender()


def _show_toggle(b: QPushButton, pair) -> None:
    """The toggle's two lines (✓ when chosen), broken at its `wrap_width` at a large text scale."""
    first, second = shown(pair)
    mark = "✓\u00a0" if b.isChecked() else ""   # joined to its word: never alone on a line
    if getattr(b, "one_language", False):
        words = keep_readings(f"{mark}{first}")
    else:
        words = keep_readings(f"{first}\n{mark}{second}")
    width = getattr(b, "wrap_width", None)
    if width:
        b.ensurePolished()
        font = QFont(b.font())
        font.setBold(font.bold() or b.isChecked())   # a chosen toggle is drawn bold (toggle_css)
        words = wrap_lines(words, font, width)
    b.setText(words)
    b.setAccessibleName(f"{first} / {second}")
    b.setMinimumHeight(max(b.minimumHeight(), text_height(b)))


class OneOf:
    """One button of a set chosen at a time, yet each button a Tab stop of its own (Qt makes the
    buttons of a QButtonGroup one stop, moved through with the arrow keys only)."""

    def __init__(self) -> None:
        self._buttons: list[QPushButton] = []

    def addButton(self, b: QPushButton) -> None:  # noqa: N802 (as QButtonGroup)
        self._buttons.append(b)
        b.clicked.connect(lambda _=False, b=b: self._chosen(b))

    def buttons(self) -> list[QPushButton]:
        return list(self._buttons)

    def _chosen(self, chosen: QPushButton) -> None:
        for b in self._buttons:
            b.setChecked(b is chosen)


class NamedEdit(CaptionedEdit):
    """A field named by its placeholder, 「ja / en」; where the field is too narrow for both (large
    text, a long name) the Japanese alone (the pair stays its accessible name), never a name ended
    with "…". Once filled, its name stays in it, small, at its right end (kiosk.ui.captioned)."""

    FRAME = 2 * (theme.FOCUS_BORDER + 12 + 2)   # the focus border, the style sheet's padding, Qt's margin

    def __init__(self, pair) -> None:
        super().__init__()
        self.pair = pair
        self.retranslate_ui()

    def _name(self) -> None:
        first, second = shown(self.pair)
        both = f"{first} / {second}"
        fits = QFontMetrics(self.font()).horizontalAdvance(both) <= self.width() - self.FRAME
        self.setPlaceholderText(both if fits else first)
        self.set_caption(first)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self._name()

    def retranslate_ui(self) -> None:
        """The field's name in the language shown now (what is typed in it stays)."""
        first, second = shown(self.pair)
        self.setAccessibleName(f"{first} / {second}")
        self._name()


def line_edit(key: str, name: str) -> QLineEdit:
    edit = NamedEdit(t(key))
    edit.setObjectName(name)
    edit.setStyleSheet(edit_css())
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
        self.sex_group = OneOf()
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
        # large text on a narrow window: two a row (a third would break 「medication」 inside)
        columns = 2 if theme.text_scale > 1 and theme.narrow() else NEED_COLUMNS
        width = form_width()
        self.need_buttons: dict[str, QPushButton] = {}
        for i, code in enumerate(m.NEEDS):
            b = toggle(need(code), f"need_{code}")
            self.need_buttons[code] = b
            needs.addWidget(b, i // columns, i % columns)
        # the do-not-disclose toggle takes the grid's free cell(s) after the needs
        self.protect = toggle(t("protect"), "shelter_protect")
        at = len(m.NEEDS)
        needs.addWidget(self.protect, at // columns, at % columns, 1, columns - at % columns)
        for i in range(columns):
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
        places = QGridLayout()
        per_row = len(WHERE) if theme.text_scale <= 1 else 2   # large text: two a row
        self.where_group = OneOf()
        self.where_buttons: dict[str, QPushButton] = {}
        for i, code in enumerate(WHERE):
            b = toggle(t(f"where_{code}"), f"shelter_where_{code}")
            self.where_group.addButton(b)
            self.where_buttons[code] = b
            places.addWidget(b, i // per_row, i % per_row)
        column.addLayout(places)
        self.place = line_edit("place", "shelter_place")
        self.place.setVisible(False)
        for code in WHERE:   # on and off: the one chosen is checked before the one before is not
            self.where_buttons[code].toggled.connect(lambda _on: self.place.setVisible(self.where() is not None))
        column.addWidget(self.place)
        self.from_headcount = toggle(t("from_headcount"), "shelter_from_headcount")
        self.from_headcount.setVisible(False)
        column.addWidget(self.from_headcount)
        # large text: each row's buttons break their lines to their share of the form's width
        fit_row(self.sex_buttons.values(), width)
        for b in self.need_buttons.values():
            fit_row([b], width // columns - 4)
        for b in self.where_buttons.values():
            fit_row([b], width // per_row - 4)
        fit_row([self.from_headcount], width)
        span = columns - at % columns
        fit_row([self.protect], width * span // columns)
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
            for b in group.buttons():
                b.setChecked(False)
        self.where_buttons["shelter"].setChecked(True)
