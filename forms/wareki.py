"""和暦 (Japanese era dates) and ages.

Eras start on the day the new era began (大正 1912-07-30, 昭和 1926-12-25, 平成 1989-01-08,
令和 2019-05-01). 明治 is accepted from 1868-01-25 (明治元年1月1日 in the old lunisolar calendar,
converted to the Gregorian calendar); Japan used the lunisolar calendar until 明治5年, so dates in
明治1–5 are a proleptic Gregorian rendering, which is what municipal systems print too. Earlier dates
raise `WarekiRangeError`. The first year of an era is written 元年.
"""

from __future__ import annotations

import datetime as dt

from forms.errors import FormError

MEIJI_START = dt.date(1868, 1, 25)

# (first day, era name), newest first.
ERAS: tuple[tuple[dt.date, str], ...] = (
    (dt.date(2019, 5, 1), "令和"),
    (dt.date(1989, 1, 8), "平成"),
    (dt.date(1926, 12, 25), "昭和"),
    (dt.date(1912, 7, 30), "大正"),
    (MEIJI_START, "明治"),
)


class WarekiRangeError(FormError):
    code = "wareki_out_of_range"

    def __init__(self, date: dt.date) -> None:
        super().__init__(
            "明治より前の日付は和暦で表せません（明治は1868年1月25日から扱います）。",
            "Dates before the Meiji era cannot be written in 和暦 (Meiji is handled from 1868-01-25).",
            date=date.isoformat(),
        )


def era_of(date: dt.date) -> tuple[str, int]:
    """The era name and era year of `date` (year 1 for 元年)."""
    for start, name in ERAS:
        if date >= start:
            return name, date.year - start.year + 1
    raise WarekiRangeError(date)


def format_wareki(date: dt.date) -> str:
    """`date` in 和暦, e.g. 平成元年1月8日, 昭和64年1月7日, 令和7年11月23日."""
    if isinstance(date, dt.datetime):
        date = date.date()
    name, year = era_of(date)
    year_text = "元" if year == 1 else str(year)
    return f"{name}{year_text}年{date.month}月{date.day}日"


def format_gregorian(date: dt.date) -> str:
    """`date` as written on Japanese forms in the Western calendar, e.g. 1989年1月7日."""
    return f"{date.year}年{date.month}月{date.day}日"


def age_on(birth: dt.date, today: dt.date) -> int:
    """Full years of age on `today`.

    A person born on 29 February has their birthday on 1 March in common years, which is how ages are
    counted in everyday use in Japan (the legal "age increases the day before the birthday" rule only
    matters for school years and is not applied here).
    """
    if today < birth:
        raise ValueError("today is before the birth date")
    years = today.year - birth.year
    if (today.month, today.day) < (birth.month, birth.day):
        years -= 1
    return years


def parse_iso_date(text: str) -> dt.date:
    """`YYYY-MM-DD` (also accepts `YYYYMMDD`) as a date; ValueError otherwise."""
    text = text.strip()
    if len(text) == 8 and text.isdigit():
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    return dt.date.fromisoformat(text)
