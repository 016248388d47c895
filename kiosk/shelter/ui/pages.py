"""The shelter desk's other pages: one person (movements, handing over an IC card, adding a family
member), the headcount for a surge, the family inquiry, and the needs summary for supplies (with the
staff's roster PDF and the close-out).

Each page only shows and asks; the desk (kiosk/shelter/ui/desk.py) records the events. The inquiry
page searches with `Roster.find`, which never returns a protected person, so the answer for a
protected person is the same as for someone who is not here.

Every word follows the resident's language (kiosk.ui.i18n): labels and buttons by themselves, and what a
page writes by hand (a person's state, the inquiry's rows, the needs summary's rows) again from its
`retranslate_ui()`, from what the page keeps (the person shown, the query, the summary).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QListWidget, QPushButton, QVBoxLayout, QWidget

from kiosk.shelter import model as m
from kiosk.shelter.roster import Person, Roster
from kiosk.shelter.texts import need, reason, state, t
from kiosk.shelter.ui.form import fit_row, line_edit
from kiosk.ui import theme
from kiosk.ui.i18n import one_line, shown
from kiosk.ui.labels import button, label, plain, set_bilingual
from kiosk.ui.layout import key_size, row_layout


def page_width() -> int:
    """A page's width: the desk less its margins (at a large text scale, less two scroll bars too)."""
    return theme.across(1220 if theme.text_scale <= 1 else 1130)


def wrap_rows(widget: QListWidget) -> QListWidget:
    """A list whose long rows (another language, large text) break onto more lines, never run off
    sideways."""
    widget.setWordWrap(True)
    widget.setTextElideMode(Qt.TextElideMode.ElideNone)
    widget.setResizeMode(QListWidget.ResizeMode.Adjust)   # laid out again at its width, rows sized to fit
    widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    # its scroll bar always there: the width rows are broken at never changes under them (a bar that
    # appears later would leave the first rows sized for the wider view, and cut)
    widget.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    return widget


def list_css() -> str:
    # the side padding is the list's, not the rows': a row's size is worked out without its own
    # padding, so a row padded at its sides could break onto a line it has no room for (and be cut)
    return (f"QListWidget {{ font-size: {theme.pt(theme.VALUE_PT)}pt; padding: 0px 4px; }}"
            " QListWidget::item { padding: 6px 0px; }")


def state_text(p: Person) -> str:
    """The person's state in the language shown now only (「在所」, in English "here": never the two
    run together as 「在所 here」); after a check-out, why (and the other shelter's name)."""
    text = shown(state(p.state))[0]
    if p.state == "left":
        code = p.movement.get("reason", "")
        where = p.movement.get("shelter_name", "")
        why = shown(reason(code))[0] if code else ""
        if why or where:
            text += f"（{why}{'・' if why and where else ''}{where}）"
    return text


class PersonPage(QWidget):
    """One person picked from the who-is-here list: `move(kind, details)`, `link_card()`,
    `add_member()` are requests to the desk. A check-out asks first: its button opens a question
    in place of the buttons (which check-out, that the person leaves the list, how to undo it) with
    「はい、退所にする」 and 「やめる」; only the first records it."""

    move = Signal(str, dict)
    link_card = Signal()
    add_member = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.person_id = ""
        self.person: Person | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(label(t("person_title"), "heading", en_pt=13))
        self.who = plain("", "readout")
        self.who.setObjectName("shelter_person_who")
        outer.addWidget(self.who)
        self.actions = QWidget()   # the movements; a check-out's question takes their place
        column = QVBoxLayout(self.actions)
        column.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.actions)
        grid = QGridLayout()
        grid.setSpacing(10)
        self.buttons: dict[str, QPushButton] = {}
        actions = (("out", m.TEMP_OUT, {}), ("back", m.RETURNED, {}),
                   ("checkout_home", m.CHECKED_OUT, {"reason": "home"}),
                   ("checkout_hospital", m.CHECKED_OUT, {"reason": "hospital"}),
                   ("stay_home", m.STAYING_OUTSIDE, {"where": "home"}),
                   ("stay_car", m.STAYING_OUTSIDE, {"where": "car"}))
        per_row = 3 if theme.text_scale <= 1 else 2   # large text: two a row, lines broken to fit
        for i, (key, kind, details) in enumerate(actions):
            b = button(t(key), name=f"shelter_{key}", height=theme.MIN_TOUCH)
            b.clicked.connect(lambda _=False, k=kind, d=details, w=key: self._asked(k, dict(d), w))
            grid.addWidget(b, i // per_row, i % per_row)
            fit_row([b], page_width() // per_row - 10)
            self.buttons[key] = b
        for i in range(per_row):
            grid.setColumnStretch(i, 1)
        column.addLayout(grid)
        other = row_layout()   # large text: the other shelter's name above its button
        self.other_shelter = line_edit("other_shelter", "shelter_other_shelter")
        other.addWidget(self.other_shelter, 1)
        b = button(t("checkout_shelter"), name="shelter_checkout_shelter", height=theme.MIN_TOUCH)
        b.clicked.connect(lambda: self._asked(m.CHECKED_OUT, {
            "reason": "another_shelter", "shelter_name": self.other_shelter.text().strip()}, "checkout_shelter"))
        other.addWidget(b, 1)
        fit_row([b], page_width() // 2 if theme.text_scale <= 1 else page_width())
        self.buttons["checkout_shelter"] = b
        column.addLayout(other)
        row = QHBoxLayout()
        for key, signal in (("link_card", self.link_card), ("add_member", self.add_member)):
            b = button(t(key), name=f"shelter_{key}", height=theme.MIN_TOUCH)
            b.clicked.connect(signal)
            row.addWidget(b, 1)
            self.buttons[key] = b
        fit_row([self.buttons["link_card"], self.buttons["add_member"]], page_width())
        column.addLayout(row)
        outer.addWidget(self._confirm_box())
        outer.addStretch(1)

    def _confirm_box(self) -> QWidget:
        """The question a check-out asks before it is recorded (hidden until then)."""
        self.confirm = QFrame()
        self.confirm.setObjectName("shelter_checkout_confirm")
        self.confirm.setStyleSheet(f"QFrame#shelter_checkout_confirm {{ border: 3px solid {theme.PRIMARY};"
                                   " border-radius: 10px; }")
        box = QVBoxLayout(self.confirm)
        self.confirm_what = label(None, "heading", en_pt=13)
        self.confirm_what.setObjectName("shelter_confirm_what")
        box.addWidget(self.confirm_what)
        box.addWidget(label(t("confirm_checkout"), "hint", en_pt=12))
        row = QHBoxLayout()
        self.confirm_yes = button(t("confirm_yes"), primary=True, name="shelter_confirm_yes", height=theme.MIN_TOUCH)
        self.confirm_no = button(t("confirm_no"), name="shelter_confirm_no", height=theme.MIN_TOUCH)
        self.confirm_yes.clicked.connect(self._confirmed)
        self.confirm_no.clicked.connect(self.cancel_confirm)
        row.addWidget(self.confirm_yes, 1)
        row.addWidget(self.confirm_no, 1)
        fit_row([self.confirm_yes, self.confirm_no], page_width())
        box.addLayout(row)
        self.confirm.setVisible(False)
        self._pending: tuple[str, dict] | None = None
        return self.confirm

    def _asked(self, kind: str, details: dict, key: str) -> None:
        """A movement pressed: a check-out asks first (unless the other shelter's name is missing:
        the desk refuses it at once, saying what to type); the others are recorded at once."""
        if kind != m.CHECKED_OUT or (details.get("reason") == "another_shelter" and not details["shelter_name"]):
            self.cancel_confirm()
            self.move.emit(kind, details)
            return
        self._pending = (kind, details)
        set_bilingual(self.confirm_what, t(key), en_pt=13)
        self.actions.setVisible(False)   # in their place: the page keeps its height
        self.confirm.setVisible(True)
        self.confirm_yes.setFocus(Qt.FocusReason.OtherFocusReason)

    def _confirmed(self) -> None:
        pending = self._pending
        self.cancel_confirm()
        if pending is not None:
            self.move.emit(*pending)

    def cancel_confirm(self) -> None:
        self._pending = None
        self.confirm.setVisible(False)
        self.actions.setVisible(True)

    def show_person(self, p: Person) -> None:
        if p.person_id != self.person_id:
            self.cancel_confirm()   # a question is about the person it was asked for
        self.person_id, self.person = p.person_id, p
        self._show_who()
        self.buttons["out"].setEnabled(p.state == "present")
        self.buttons["back"].setEnabled(p.state in ("out", "outside", "left", "registered"))

    def _show_who(self) -> None:
        p = self.person
        f = p.fields
        mark = shown(t("protected_mark"))[0] if p.protected else ""
        household = shown(t("household_is", household=f.get("household") or "—"))[0]
        self.who.setText(f"{mark}{f.get('name', '')}　{f.get('kana', '')}\n{household}　{state_text(p)}")

    def retranslate_ui(self) -> None:
        if self.person is not None:
            self._show_who()

    def focus_first(self) -> None:
        """The keyboard's focus on the first action this person can take."""
        first = next((b for b in self.buttons.values() if b.isEnabled()), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def forget(self) -> None:
        self.person_id, self.person = "", None
        self.who.clear()
        self.other_shelter.clear()
        self.cancel_confirm()


class HeadcountPage(QWidget):
    """A surge: count heads with large − / + keys, record the count; details come later."""

    record = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count = 0
        column = QVBoxLayout(self)
        column.addWidget(label(t("headcount_title"), "heading", en_pt=13))
        row = QHBoxLayout()
        self.keys: dict[str, QPushButton] = {}
        for step in (-1, +1, +5, +10):
            text = f"{step:+d}"
            b = QPushButton(text)
            b.setObjectName(f"shelter_count_{'minus' if step < 0 else 'plus'}{abs(step)}")
            b.setProperty("role", "key")
            b.setAccessibleName(text)
            key_size(b, theme.KEY_SIZE + 40, theme.KEY_SIZE)   # or what its text needs (large text)
            b.clicked.connect(lambda _=False, s=step: self.add(s))
            row.addWidget(b)
            self.keys[text] = b
        self.display = plain("0", "pin")
        self.display.setObjectName("shelter_count_display")
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row.insertWidget(2, self.display, 1)
        column.addLayout(row)
        self.record_button = button(t("headcount_record"), primary=True, name="shelter_count_record")
        self.record_button.clicked.connect(lambda: self.record.emit(self.count))
        column.addWidget(self.record_button)
        self.open = label(None, "subtitle", en_pt=13)
        self.open.setObjectName("shelter_count_open")
        column.addWidget(self.open)
        column.addStretch(1)
        self.add(0)

    def add(self, step: int) -> None:
        self.count = max(0, self.count + step)
        self.display.setText(str(self.count))
        self.record_button.setEnabled(self.count > 0)

    def show_open(self, n: int) -> None:
        set_bilingual(self.open, t("headcount_open", n=n), en_pt=13)

    def reset(self) -> None:
        self.count = 0
        self.add(0)


class InquiryPage(QWidget):
    """「この人はいますか」: matches by name or kana with their state; protected people never."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.roster = Roster()
        column = QVBoxLayout(self)
        column.addWidget(label(t("inquiry_title"), "heading", en_pt=13))
        self.query = line_edit("inquiry_search", "shelter_inquiry")
        self.query.textChanged.connect(self.show_matches)
        column.addWidget(self.query)
        self.results = QListWidget()
        self.results.setObjectName("shelter_inquiry_results")
        self.results.setStyleSheet(list_css())
        wrap_rows(self.results)
        column.addWidget(self.results, 1)
        self.retranslate_ui()

    def set_roster(self, roster: Roster) -> None:
        self.roster = roster
        self.show_matches()

    def show_matches(self) -> None:
        self.results.clear()
        text = self.query.text()
        if not m.normalise_name(text):
            return
        matches = self.roster.find(text)
        for p in matches:
            self.results.addItem(f"{p.fields.get('name', '')}　{p.fields.get('kana', '')}　{state_text(p)}")
        if not matches:
            self.results.addItem(one_line(t("inquiry_none")))

    def retranslate_ui(self) -> None:
        self.results.setAccessibleName(one_line(t("inquiry_title")))
        self.show_matches()

    def forget(self) -> None:
        self.roster = Roster()
        self.query.clear()
        self.results.clear()


class NeedsPage(QWidget):
    """The needs summary for supplies (counts only) and its PDF; for staff at the end, the roster PDF
    (the export the close-out asks for) and closing the shelter, which asks for a second press."""

    save = Signal()
    save_roster = Signal()
    close_shelter = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(label(t("needs_title"), "heading", en_pt=13), 1)
        self.save_button = button(t("needs_pdf"), name="shelter_needs_pdf")
        self.save_button.clicked.connect(self.save)
        top.addWidget(self.save_button)
        column.addLayout(top)
        self.table = QListWidget()
        self.table.setObjectName("shelter_needs_table")
        self.table.setStyleSheet(f"QListWidget {{ font-size: {theme.pt(theme.STATUS_PT)}pt; }}"
                                 " QListWidget { padding: 0px 4px; } QListWidget::item { padding: 2px 0px; }")
        wrap_rows(self.table)
        self.summary: dict | None = None
        column.addWidget(self.table, 1)
        staff = QHBoxLayout()
        self.roster_button = button(t("roster_pdf"), name="shelter_roster_pdf", height=theme.MIN_TOUCH)
        self.roster_button.clicked.connect(self.save_roster)
        self.close_button = button(t("close"), name="shelter_close", height=theme.MIN_TOUCH)
        self.close_button.clicked.connect(lambda: self.confirm_button.setVisible(True))
        self.confirm_button = button(t("close_confirm"), primary=True, name="shelter_close_confirm",
                                     height=theme.MIN_TOUCH)
        self.confirm_button.clicked.connect(self._confirmed)
        self.confirm_button.setVisible(False)
        for b in (self.roster_button, self.close_button, self.confirm_button):
            staff.addWidget(b, 1)
        fit_row([self.roster_button, self.close_button, self.confirm_button], page_width())
        column.addLayout(staff)
        self.retranslate_ui()

    def set_staff(self, staff: bool) -> None:
        """Volunteers see the counts only: no PDFs, no close-out."""
        for b in (self.save_button, self.roster_button, self.close_button):
            b.setVisible(staff)
        if not staff:
            self.confirm_button.setVisible(False)

    def _confirmed(self) -> None:
        self.confirm_button.setVisible(False)
        self.close_shelter.emit()

    def show_summary(self, summary: dict) -> None:
        """The summary (kiosk.shelter.reports.needs_summary) as rows in the language shown now."""
        self.summary = summary
        self.table.clear()
        for group, item, count in needs_lines(summary):
            indent = "　" if item.key in SUB_ROWS else ""   # "of which …" under its row
            self.table.addItem(f"{one_line(group, ' ')}｜{indent}{one_line(item, ' ')}：{count}")

    def retranslate_ui(self) -> None:
        self.table.setAccessibleName(one_line(t("needs_title")))
        if self.summary is not None:
            self.show_summary(self.summary)

    def forget(self) -> None:
        self.summary = None
        self.table.clear()
        self.confirm_button.setVisible(False)


SUB_ROWS = ("shelter.row_free_of", "shelter.row_of_which")


def needs_lines(summary: dict) -> list[tuple]:
    """The needs summary as (group, item, count), each group and item a keyed entry (the rows of
    kiosk.shelter.reports.needs_rows, which the PDF prints in Japanese and English); allergens,
    medicines, languages and animals are what staff typed, shown as they are."""
    p, meals, inf, med = summary["people"], summary["meals"], summary["infants"], summary["medical"]
    rows: list[tuple] = []
    group = t("group_people")
    rows += [(group, t("row_in_shelter"), p["in_shelter"]), (group, t("row_outside"), p["outside"]),
             (group, t("row_unregistered"), p["unregistered_headcount"]), (group, t("row_total"), p["total"])]
    group = t("group_meals")
    rows += [(group, t("row_meals"), meals["total"]), (group, t("row_regular"), meals["regular"]),
             (group, t("row_allergy_free"), meals["allergy_free"])]
    rows += [(group, t("row_free_of", name=name), n) for name, n in meals["by_allergen"].items()]
    group = t("group_infants")
    rows += [(group, t("row_formula"), inf["formula"]), (group, t("row_diapers"), inf["diapers"])]
    group = t("group_medical")
    rows += [(group, need("dialysis"), med["dialysis"]), (group, need("oxygen"), med["oxygen"]),
             (group, need("medication"), med["medication"])]
    rows += [(group, t("row_of_which", name=kind), n) for kind, n in med["medication_by_kind"].items()]
    group = t("group_care")
    rows += [(group, need(code), n) for code, n in summary["care"].items()]
    rows += [(group, need("language"), summary["language"]["total"])]
    rows += [(group, t("row_of_which", name=lang), n) for lang, n in summary["language"]["by_language"].items()]
    rows += [(group, t("row_pets"), summary["pets"]["total"])]
    rows += [(group, t("row_of_which", name=kind), n) for kind, n in summary["pets"]["by_kind"].items()]
    return rows
