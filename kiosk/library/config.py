"""The library's rules as data: one JSON file (`default_library.json` beside this module is the default).

`LibraryConfig.load(path=None, data_dir=None)` reads `path`, else `<data-dir>/library.json`, else the
default. It answers: the municipality code of an address (longest 都道府県+市区町村 prefix in
`municipalities`), whether a code is home or a neighbour, the next patron number body, the item type
of a barcode, the loan limit of a type, and the due date of a loan (closed days skipped).
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.library.checkdigit import SCHEMES, append_check
from kiosk.library.errors import ConfigError

DEFAULT_PATH = Path(__file__).resolve().parent / "default_library.json"
CONFIG_FILE = "library.json"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class LibraryConfig:
    data: dict[str, Any]

    @classmethod
    def load(cls, path: Path | str | None = None, data_dir: Path | None = None) -> "LibraryConfig":
        if path is None and data_dir is not None and (Path(data_dir) / CONFIG_FILE).exists():
            path = Path(data_dir) / CONFIG_FILE
        try:
            data = json.loads(Path(path or DEFAULT_PATH).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise ConfigError() from None
        config = cls(data)
        config.validate()
        return config

    def validate(self) -> None:
        try:
            scheme = self.scheme
            assert scheme["check"] in SCHEMES
            assert str(scheme["prefix"]).isdigit() and str(scheme["issuer"]).isdigit()
            assert self.serial_width >= 3
            assert self.loan_days > 0 and all(w in WEEKDAYS for w in self.weekly_closed)
            assert len(self.weekly_closed) < 7
            for day in self.data["calendar"].get("closed_dates", []):
                dt.date.fromisoformat(day)
        except (KeyError, AssertionError, TypeError, ValueError):
            raise ConfigError() from None

    # -- places and people ---------------------------------------------------------------------
    @property
    def municipality_code(self) -> str:
        return self.data["municipality_code"]

    @property
    def neighbour_codes(self) -> set[str]:
        return set(self.data.get("neighbour_codes", []))

    @property
    def eligibility(self) -> dict[str, Any]:
        return self.data["eligibility"]

    @property
    def service(self) -> str:
        return self.data.get("service", "library")

    def municipality_of(self, address: str) -> str | None:
        """The code of the longest known 都道府県+市区町村 the address starts with (NFKC, no spaces)."""
        text = unicodedata.normalize("NFKC", address).replace(" ", "")
        best = None
        for place, code in self.data.get("municipalities", {}).items():
            key = unicodedata.normalize("NFKC", place)
            if text.startswith(key) and (best is None or len(key) > len(best[0])):
                best = (key, code)
        return best[1] if best else None

    # -- patron numbers ------------------------------------------------------------------------
    @property
    def scheme(self) -> dict[str, Any]:
        return self.data["patron_number"]

    @property
    def number_head(self) -> str:
        return str(self.scheme["prefix"]) + str(self.scheme["issuer"])

    @property
    def serial_width(self) -> int:
        return int(self.scheme["length"]) - len(self.number_head) - 1

    def patron_number(self, serial: int) -> str:
        if not 0 < serial < 10 ** self.serial_width:
            raise ConfigError("The patron number range of this terminal is used up.",
                              "この端末の利用者番号の範囲を使い切りました。")
        return append_check(f"{self.number_head}{serial:0{self.serial_width}d}", self.scheme["check"])

    def serial_of(self, number: str) -> int | None:
        """The serial inside a number of this terminal's range, else None."""
        head = self.number_head
        if len(number) == int(self.scheme["length"]) and number.startswith(head):
            return int(number[len(head):-1])
        return None

    # -- loans and the calendar ----------------------------------------------------------------
    @property
    def loan_days(self) -> int:
        return int(self.data["loans"]["period_days"])

    @property
    def weekly_closed(self) -> list[str]:
        return list(self.data["calendar"].get("weekly_closed", []))

    def item_type(self, barcode: str) -> str:
        for rule in self.data["loans"].get("item_types", []):
            if barcode.startswith(rule["prefix"]):
                return rule["type"]
        return self.data["loans"].get("default_item_type", "book")

    def limit(self, item_type: str) -> int:
        return int(self.data["loans"]["limits"].get(item_type, 0))

    @property
    def overdue_blocks(self) -> bool:
        return bool(self.data["loans"].get("overdue_blocks", True))

    def is_closed(self, day: dt.date) -> bool:
        closed = set(self.data["calendar"].get("closed_dates", []))
        return WEEKDAYS[day.weekday()] in self.weekly_closed or day.isoformat() in closed

    def due_date(self, loaned_on: dt.date) -> dt.date:
        """loan date + period; a due date on a closed day moves to the next open day."""
        due = loaned_on + dt.timedelta(days=self.loan_days)
        for _ in range(366):
            if not self.is_closed(due):
                return due
            due += dt.timedelta(days=1)
        raise ConfigError()
