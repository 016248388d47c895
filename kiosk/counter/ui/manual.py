"""The by-hand path (no card, or no PIN): staff type the four facts from an identity document, say
which document it was and that they saw it, and the visit continues with the same form. The result
is a person record like the card's, with `identity_document` (kiosk.counter.identity).

The birth date is read as people write it (forms.dates: 和暦 such as 「昭和64年1月7日」,
`1989/1/7`, `1989-01-07`, 全角 digits); each field keeps its name beside it once filled, and the
greyed example text reads as an example (「例：…」). 次へ stays pressable: pressed too early, it says
which items are still empty and puts the focus on the first of them.

「事前登録のコードから入力」 waits for a pre-registration code on the 2D-code reader
(kiosk.ui.qr_scan): `code_scanned(texts)` goes to the controller, which fills the four facts with
`fill_from(person)` — staff still check them against the identity document and press 次へ."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QFormLayout, QGridLayout, QHBoxLayout, QLineEdit, QWidget

from forms.dates import DateInputError, parse_birth_date
from kiosk.counter import identity
from kiosk.messages import Bilingual, for_error, text
from kiosk.ui import theme
from kiosk.ui.labels import button, label, set_bilingual
from kiosk.ui.layout import banner, release, share_row, vbox
from kiosk.ui.qr_scan import QrScanPage

SEX_CODES = ("1", "2", "9")


class ManualScreen(QWidget):
    person_entered = Signal(object)
    code_scanned = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("manual_screen")
        layout = vbox(self, spacing=10)
        layout.addWidget(label(text("manual.title"), "title"))
        layout.addWidget(label(text("manual.hint"), "subtitle"))
        form = QFormLayout()
        form.setVerticalSpacing(10)
        self.name = self._line("manual_name", text("manual.name"))
        self.address = self._line("manual_address", text("manual.address"))
        self.birth = self._line("manual_birth", text("manual.birth"))
        example = text("manual.birth_example")
        self.birth.setPlaceholderText(f"{example.ja} / {example.en}")
        for key, field in (("manual.name", self.name), ("manual.address", self.address),
                           ("manual.birth", self.birth)):
            name = label(text(key), "key", en_pt=12)
            name.setBuddy(field)
            form.addRow(name, field)
        sex_row = QHBoxLayout()
        self.sex_group = QButtonGroup(self)
        self.sex_group.setExclusive(True)
        self.sex_buttons = {}
        for code in SEX_CODES:
            b = button(text(f"sex.{code}"), name=f"manual_sex_{code}")
            b.setCheckable(True)
            self.sex_group.addButton(b)
            self.sex_buttons[code] = b
            sex_row.addWidget(b)
        sex_row.addStretch(1)
        form.addRow(label(text("manual.sex"), "key", en_pt=12), sex_row)
        form.addRow(label(text("manual.document"), "key", en_pt=12), self._documents())
        if theme.text_scale > 1 or theme.narrow():   # large text, narrow: names above, rows whole
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
            share_row(list(self.sex_buttons.values()), theme.layout_width - 2 * 32 - 40, 12, every_scale=True)
        layout.addLayout(form)
        self.code_button = button(text("manual.from_code"), name="manual_from_code")
        self.code_button.clicked.connect(self.wait_for_code)
        layout.addWidget(self.code_button)
        self.scan = QrScanPage(text("manual.code_scan"), text("manual.code_cancel"),
                               lambda have, count: text("manual.code_parts", n=f"{have}/{count}"))
        self.scan.setVisible(False)
        self.scan.scanned.connect(self.code_scanned)
        self.scan.failed.connect(self.show_problem)
        self.scan.cancelled.connect(lambda: self.scan.setVisible(False))
        layout.addWidget(self.scan)
        self.message = label(None, "error")
        self.message.setObjectName("manual_message")
        self.message.setVisible(False)
        layout.addWidget(self.message)
        self.next_button = button(text("manual.next"), primary=True, name="manual_next")
        self.next_button.clicked.connect(self._next)
        layout.addWidget(self.next_button)
        layout.addStretch(1)
        self.clear()

    def _documents(self) -> QWidget:
        """The kinds of identity document (one of them), 「その他」's name, and 「確認しました」: three
        kinds a row, two at a large text size or on a narrow window (their words break inside their
        share of the row, never past it)."""
        holder = QWidget()
        column = vbox(holder, margins=0, spacing=8)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        self.document_group = QButtonGroup(self)
        self.document_group.setExclusive(True)
        self.document_buttons: dict[str, object] = {}
        per_row = 2 if theme.text_scale > 1 or theme.narrow() else 3
        for n, kind in enumerate(identity.KINDS):
            b = button(text(f"identity.{kind}"), name=f"manual_document_{kind}")
            b.setCheckable(True)
            self.document_group.addButton(b)
            self.document_buttons[kind] = b
            grid.addWidget(b, n // per_row, n % per_row)
        kinds = list(self.document_buttons.values())
        for start in range(0, len(kinds), per_row):
            share_row(kinds[start:start + per_row], (theme.layout_width - 2 * 32 - 40) * min(
                per_row, len(kinds) - start) // per_row, 8, every_scale=True)
        column.addLayout(grid)
        self.document_other = self._line("manual_document_other", text("identity.other_name"))
        self.document_other.setMaxLength(identity.OTHER_MAX)
        other = text("identity.other_name")
        self.document_other.setPlaceholderText(f"{other.ja} / {other.en}")
        column.addWidget(self.document_other)
        self.document_other.setVisible(False)
        self.document_buttons["other"].toggled.connect(self.document_other.setVisible)
        column.addWidget(label(text("manual.document_hint"), "hint", en_pt=11))
        self.document_seen = button(text("identity.seen"), name="manual_document_seen")
        self.document_seen.setCheckable(True)
        share_row([self.document_seen], theme.layout_width - 2 * 32 - 40, 8, every_scale=True)
        column.addWidget(self.document_seen)
        return holder

    def _line(self, name: str, pair) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setAccessibleName(f"{pair.ja} / {pair.en}")
        return field

    def _sex(self) -> str | None:
        return next((code for code, b in self.sex_buttons.items() if b.isChecked()), None)

    def _document(self) -> str | None:
        return next((kind for kind, b in self.document_buttons.items() if b.isChecked()), None)

    def missing(self) -> list[tuple[Bilingual, QWidget]]:
        """(name, where the focus goes) of every item still empty, top to bottom."""
        out = []
        for key, field in (("manual.name", self.name), ("manual.address", self.address),
                           ("manual.birth", self.birth)):
            if not field.text().strip():
                out.append((text(key), field))
        if self._sex() is None:
            out.append((text("manual.sex"), self.sex_buttons[SEX_CODES[0]]))
        kind = self._document()
        if kind is None:
            out.append((text("manual.document"), self.document_buttons[identity.KINDS[0]]))
        elif kind == "other" and not self.document_other.text().strip():
            out.append((text("identity.other_name"), self.document_other))
        if not self.document_seen.isChecked():
            out.append((text("identity.seen"), self.document_seen))
        return out

    def _show(self, pair: Bilingual | None) -> None:
        if pair is not None:
            set_bilingual(self.message, pair)
        banner(self.message, pair is not None)   # its room stays when it goes: nothing jumps

    def _next(self) -> None:
        missing = self.missing()
        if missing:
            self._show(text("manual.missing", items="、".join(w.ja for w, _ in missing),
                            items_en=", ".join(w.en for w, _ in missing)))
            missing[0][1].setFocus()
            return
        try:
            birth = parse_birth_date(self.birth.text())
        except DateInputError as exc:
            self._show(Bilingual(exc.message_ja, exc.message_en))
            self.birth.setFocus()
            self.birth.selectAll()
            return
        document = identity.record(self._document(), self.document_seen.isChecked(),
                                   self.document_other.text())
        self._show(None)
        self.person_entered.emit({"name": self.name.text().strip(), "address": self.address.text().strip(),
                                  "birth_date": birth.isoformat(), "sex_code": self._sex(),
                                  "identity_document": document})

    def wait_for_code(self) -> None:
        self._show(None)
        self.scan.setVisible(True)
        self.scan.start()

    def show_problem(self, words) -> None:
        """A code that cannot be used (its refusal's words), or any other words for staff."""
        if not isinstance(words, Bilingual):
            words = for_error(words)
        self._show(words)

    def fill_from(self, person: dict) -> None:
        """The four facts from a code, for staff to check against the identity document."""
        self.scan.setVisible(False)
        self.name.setText(person.get("name", ""))
        self.address.setText(person.get("address", ""))
        self.birth.setText(person.get("birth_date", ""))
        for code, b in self.sex_buttons.items():
            b.setChecked(code == person.get("sex_code"))
        self.show_problem(text("manual.code_filled"))

    def clear(self) -> None:
        self.scan.setVisible(False)
        self.scan.start()
        for field in (self.name, self.address, self.birth, self.document_other):
            field.setText("")  # setText (not clear()) also drops the undo history
        for group in (self.sex_group, self.document_group):
            group.setExclusive(False)
            for b in group.buttons():
                b.setChecked(False)
            group.setExclusive(True)
        self.document_seen.setChecked(False)
        release(self.message)
