"""The household read from a pre-registration code, shown for confirmation before anyone is checked in.

`HouseholdPage.show_household(household)` lists each person (name, kana, birth date, sex, needs, the
do-not-disclose mark) and the address; `confirm` checks them all in (the desk records the events),
`cancel` goes back with nothing recorded. Every word follows the resident's language.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QVBoxLayout, QWidget

from kiosk.messages import Bilingual
from kiosk.shelter.texts import need, t
from kiosk.shelter.ui.form import fit_row
from kiosk.shelter.ui.pages import list_css, page_width, wrap_rows
from kiosk.ui.i18n import one_line, shown
from kiosk.ui.labels import button, label, plain, render, set_bilingual


def person_row(person: dict[str, Any]) -> str:
    """One person in the language shown now: who, born, sex, needs (with what was typed), protected."""
    parts = [f"{person['name']}　{person['kana']}".strip()]
    if person.get("birth_date"):
        parts.append(person["birth_date"])
    if person.get("sex_code"):
        parts.append(shown(t(f"sex_{person['sex_code']}"))[0])
    needs = []
    for code, detail in person.get("needs", {}).items():
        words = shown(need(code))[0] if code != "other" else shown(Bilingual("その他", "other"))[0]
        needs.append(f"{words}（{detail}）" if detail else words)
    if needs:
        parts.append("・".join(needs))
    row = "　".join(parts)
    return (shown(t("protected_mark"))[0] + row) if person.get("do_not_disclose") else row


class HouseholdPage(QWidget):
    confirm = Signal()
    cancel = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shelter_qr_household")
        self.household: dict[str, Any] | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.title = label(None, "heading", en_pt=13)
        column.addWidget(self.title)
        self.address = plain("", "readout")
        self.address.setObjectName("shelter_qr_address")
        column.addWidget(self.address)
        self.people = wrap_rows(QListWidget())
        self.people.setObjectName("shelter_qr_people")
        self.people.setStyleSheet(list_css())
        self.people.setAccessibleName(one_line(t("qr")))   # the household's count once one is shown
        column.addWidget(self.people, 1)
        row = QHBoxLayout()
        self.confirm_button = button(t("qr_checkin", n=0), primary=True, name="shelter_qr_confirm")
        self.confirm_button.clicked.connect(self.confirm)
        self.cancel_button = button(t("qr_cancel"), name="shelter_qr_cancel")
        self.cancel_button.clicked.connect(self.cancel)
        row.addWidget(self.confirm_button, 1)
        row.addWidget(self.cancel_button, 1)
        fit_row([self.confirm_button, self.cancel_button], page_width())
        column.addLayout(row)

    def show_household(self, household: dict[str, Any]) -> None:
        self.household = household
        self.retranslate_ui()
        self.confirm_button.setFocus()

    def clear(self) -> None:
        self.household = None
        self.people.clear()
        self.address.clear()
        self.title.clear()

    def retranslate_ui(self) -> None:
        if self.household is None:
            return
        n = len(self.household["people"])
        set_bilingual(self.title, t("qr_confirm", n=n), en_pt=13)
        self.people.setAccessibleName(one_line(t("qr_confirm", n=n)))
        self.confirm_button._words = (t("qr_checkin", n=n), None)
        render(self.confirm_button)
        address = self.household.get("address", "")
        self.address.setText(f"{one_line(t('address'), ' ')}：{address}" if address else "")
        self.people.clear()
        self.people.addItems([person_row(p) for p in self.household["people"]])
