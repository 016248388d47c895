"""Where a field's value comes from: the card, a value computed from the card, or a question.

`card.*` sources read the person record (what `kazasu card read --json` prints); `computed.*` sources
derive display strings from it and from the date of filling; `asked` fields are answered at the
counter. Adding a computed source is a code change here; everything else about a form is data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from forms.address import split_address, split_prefecture
from forms.wareki import age_on, format_gregorian, format_wareki

SEX_LABELS = {"1": "男", "2": "女", "0": "不明", "9": "適用不能"}
ID_DOCUMENT_CARD = "マイナンバーカード"
CHECK_BY_CHIP = "ICチップ読取"


@dataclass(frozen=True)
class Person:
    """The validated person record."""

    name: str
    address: str
    birth_date: dt.date
    sex_code: str
    read_from_card: bool = True
    my_number: str = field(default="", repr=False)   # only for forms whose legal basis allows it


Compute = Callable[[Person, dt.date], str]

CARD_SOURCES: dict[str, Compute] = {
    "card.name": lambda p, today: p.name,
    "card.address": lambda p, today: p.address,
    "card.birth_date": lambda p, today: format_gregorian(p.birth_date),
    "card.sex_code": lambda p, today: p.sex_code,
    "card.my_number": lambda p, today: p.my_number,
}

COMPUTED_SOURCES: dict[str, Compute] = {
    "computed.birth_date_wareki": lambda p, today: format_wareki(p.birth_date),
    "computed.birth_date_gregorian": lambda p, today: format_gregorian(p.birth_date),
    "computed.age": lambda p, today: f"{age_on(p.birth_date, today)}歳",
    "computed.address_prefecture": lambda p, today: split_prefecture(p.address)[0],
    "computed.address_rest": lambda p, today: split_prefecture(p.address)[1],
    "computed.address_municipality": lambda p, today: split_address(p.address).municipality,
    "computed.address_after_municipality": lambda p, today: split_address(p.address).rest,
    "computed.sex_label": lambda p, today: SEX_LABELS.get(p.sex_code, ""),
    "computed.today_wareki": lambda p, today: format_wareki(today),
    "computed.today_gregorian": lambda p, today: format_gregorian(today),
    "computed.identity_document": lambda p, today: ID_DOCUMENT_CARD if p.read_from_card else "",
    "computed.identity_check_method": lambda p, today: CHECK_BY_CHIP if p.read_from_card else "",
}

ASKED = "asked"


def is_known_source(source: str) -> bool:
    return source == ASKED or source in CARD_SOURCES or source in COMPUTED_SOURCES


def compute(source: str, person: Person, today: dt.date) -> str:
    """The display string of a `card.*` or `computed.*` source."""
    function = CARD_SOURCES.get(source) or COMPUTED_SOURCES[source]
    return function(person, today)
