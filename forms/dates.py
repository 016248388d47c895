"""Dates as people type them at a counter: 和暦, Western with slashes or hyphens, 全角 digits, ages.

`parse_date(text)` reads 「昭和64年1月7日」「平成元年1月8日」「S64.1.7」「H1/1/8」, `1989/1/7`,
`1989-01-07`, `19890107` and 「1989年1月7日」, in full-width or half-width digits, and gives a
`datetime.date`. An era date must lie inside its era (昭和64年 ends on 1月7日, 平成元年 starts on
1月8日): 「昭和64年1月8日」 or 「平成元年1月7日」 is refused, as a municipal system refuses it.

`parse_birth_or_age(text, today)` is for a field that says 「生年月日か年齢」: a date as above, or an
age (「36」「36歳」「３６さい」), which becomes an estimated birth year, marked as an age
(`BirthOrAge.estimated`). Every refusal is a `DateInputError` with what to type instead, in
Japanese and English; nothing here logs what was typed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from forms.errors import FormError
from forms.wareki import ERAS

# era name → its first day; and the era's last day (the day before the next era began)
ERA_START = {name: start for start, name in ERAS}
ERA_END = {name: newer - dt.timedelta(days=1) for (newer, _), (_, name) in zip(ERAS, ERAS[1:])}
ERA_LETTERS = {"M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和"}
MAX_AGE = 130

_ERA = re.compile(r"^(明治|大正|昭和|平成|令和|[MTSHR])\s*(元|\d{1,2})\s*(?:年|[./\-])\s*(\d{1,2})\s*"
                  r"(?:月|[./\-])\s*(\d{1,2})\s*日?$")
_WESTERN = re.compile(r"^(\d{4})\s*(?:年|[./\-])\s*(\d{1,2})\s*(?:月|[./\-])\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_AGE = re.compile(r"^(\d{1,3})\s*(?:歳|才|さい|sai|y|years?(?: old)?)?$", re.IGNORECASE)

EXAMPLES_JA = "「昭和55年4月2日」「1980/4/2」「1980-04-02」"
EXAMPLES_EN = "\"S55.4.2\", \"1980/4/2\" or \"1980-04-02\""


class DateInputError(FormError):
    """A typed date (or age) that cannot be read; says what to type instead."""

    code = "date_input_invalid"

    def __init__(self, message_ja: str, message_en: str, **details) -> None:
        super().__init__(message_ja, message_en, **details)


def normalise(text: str) -> str:
    """全角 digits, letters and punctuation to half-width (NFKC), outer spaces gone, upper case."""
    return unicodedata.normalize("NFKC", str(text or "")).strip().upper()


def _date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateInputError(f"{year}年{month}月{day}日 という日はありません。月と日を確かめてください。",
                             f"There is no day {year}-{month:02d}-{day:02d}. Please check the month and day.",
                             reason="no_such_day") from None


def _era_date(era: str, year_text: str, month: int, day: int) -> dt.date:
    name = ERA_LETTERS.get(era, era)
    year = 1 if year_text == "元" else int(year_text)
    if year < 1:
        raise DateInputError(f"{name}0年 はありません。{name}の最初の年は元年（1年）です。",
                             f"There is no year 0 of {name}: its first year is 元年 (1).", reason="era_year")
    start = ERA_START[name]
    date = _date(start.year + year - 1, month, day)
    end = ERA_END.get(name)
    if date < start or (end is not None and date > end):
        last = f"{end.month}月{end.day}日" if end else ""
        first = f"{start.month}月{start.day}日"
        raise DateInputError(
            f"{name}{year_text}年{month}月{day}日 は{name}の期間にありません（{name}は{start.year}年{first}から"
            f"{f'{end.year}年{last}まで' if end else ''}）。年号を確かめてください。",
            f"{name} {year} ({date.isoformat()}) is outside the {name} era ({start.isoformat()} to "
            f"{end.isoformat() if end else 'today'}). Please check the era.", reason="outside_era")
    return date


def parse_date(text: str) -> dt.date:
    """A date typed as 和暦, `YYYY/M/D`, `YYYY-MM-DD`, `YYYYMMDD` or `YYYY年M月D日` (全角 too)."""
    value = normalise(text)
    if not value:
        raise DateInputError("日付が入力されていません。" + EXAMPLES_JA + " のように入力してください。",
                             f"No date was typed. Type it like {EXAMPLES_EN}.", reason="empty")
    match = _ERA.match(value)
    if match:
        era, year, month, day = match.groups()
        return _era_date(era, year, int(month), int(day))
    match = _WESTERN.match(value) or _COMPACT.match(value)
    if match:
        return _date(*(int(part) for part in match.groups()))
    raise DateInputError(f"日付として読めませんでした。{EXAMPLES_JA} のように入力してください。",
                         f"This could not be read as a date. Type it like {EXAMPLES_EN}.",
                         reason="unreadable")


def parse_birth_date(text: str, today: dt.date | None = None) -> dt.date:
    """A birth date (as `parse_date`), refused if it is after today."""
    date = parse_date(text)
    today = today or dt.date.today()
    if date > today:
        raise DateInputError("生年月日が今日より後になっています。年を確かめてください。",
                             "The birth date is after today. Please check the year.", reason="future")
    return date


@dataclass(frozen=True)
class BirthOrAge:
    """What a 「生年月日か年齢」 field held: a birth date, or an age and the birth year it suggests."""

    birth_date: dt.date | None
    age: int | None
    birth_year: int

    @property
    def estimated(self) -> bool:
        """True when only an age was given (the birth year is an estimate)."""
        return self.birth_date is None


def parse_birth_or_age(text: str, today: dt.date | None = None) -> BirthOrAge:
    """A birth date, or an age in years (「36」「36歳」): then the estimated birth year is the year
    of the last birthday's year minus the age (today's year − age; one year off for those whose
    birthday has not come yet this year, which an estimate accepts)."""
    today = today or dt.date.today()
    value = normalise(text)
    match = _AGE.match(value)
    if match:
        age = int(match.group(1))
        if age > MAX_AGE:
            raise DateInputError(f"{age}歳 は年齢として大きすぎます。生年月日か年齢を確かめてください。",
                                 f"{age} is too high for an age. Please check the birth date or age.",
                                 reason="age_too_high")
        return BirthOrAge(None, age, today.year - age)
    try:
        born = parse_birth_date(value, today)
    except DateInputError as exc:
        if exc.details().get("reason") != "unreadable":
            raise
        raise DateInputError(f"生年月日か年齢として読めませんでした。{EXAMPLES_JA}、または「36」「36歳」"
                             "のように入力してください。",
                             f"This could not be read as a birth date or an age. Type a date like "
                             f"{EXAMPLES_EN}, or an age like \"36\".", reason="unreadable") from None
    return BirthOrAge(born, None, born.year)
