"""From the text of one crop to one part of 照合番号B, with a confidence in 0–1.

* `parse_birth`: 「昭和55年 2月17日生」 → 550217 (the era year as printed, 元年 = 01), or a Gregorian
  「1985年 3月 4日生」 (a foreign resident's card) → 850304 (how such a card forms 照合番号B is
  UNCONFIRMED, mynumber-card.md §5.3). Known look-alikes of an era's first character (合和 → 令和)
  are mapped; an era misread otherwise is mended when only one era gives a real date, at a lower
  confidence.
* `parse_expiry`: 「2035年 2月17日まで有効」 → 2035 (the card prints the expiry in the Gregorian calendar).
* `parse_security_code`: the four digits under the photo.
Text is NFKC-normalised first (full-width digits) and letters that OCR confuses with digits are mapped
in digit positions. A part that cannot be parsed is `value=None`, confidence 0.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

# era, first day, last day
ERAS = (("明治", dt.date(1868, 10, 23), dt.date(1912, 7, 29)), ("大正", dt.date(1912, 7, 30), dt.date(1926, 12, 24)),
        ("昭和", dt.date(1926, 12, 25), dt.date(1989, 1, 7)), ("平成", dt.date(1989, 1, 8), dt.date(2019, 4, 30)),
        ("令和", dt.date(2019, 5, 1), dt.date(9999, 12, 31)))
DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "|": "1", "i": "1",
                                  "Z": "2", "z": "2", "S": "5", "s": "5", "B": "8", "b": "6", "g": "9", "q": "9"})
# characters the recogniser (trained mostly on Chinese text) reads in place of an era's first character
ERA_LOOKALIKES = str.maketrans({"合": "令", "今": "令", "命": "令", "冷": "令", "召": "昭", "照": "昭",
                                "乎": "平", "太": "大", "朋": "明"})
MENDED = 0.6  # confidence factor when a character had to be guessed
EXPIRY_YEARS = (2015, 2050)


@dataclass
class FieldReading:
    """One part of 照合番号B as read: its digits (or None) and how sure the reader is."""

    value: str | None
    confidence: float
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "confidence": round(self.confidence, 3), **self.extra}


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _digits_between_units(text: str) -> str:
    """Map digit look-alikes to digits where a number stands: before 年, 月, 日 and at the end."""
    return re.sub(r"([^年月日明大昭平令治正和成元生ま有効で]+)(?=[年月日]|$)",
                  lambda m: m.group(1).translate(DIGIT_LOOKALIKES), text)


def _era_date(era: str, year: int, month: int, day: int) -> dt.date | None:
    for name, first, last in ERAS:
        if name == era:
            try:
                date = dt.date(first.year + year - 1, month, day)
            except ValueError:
                return None
            return date if first <= date <= last else None
    return None


def parse_birth(text: str, score: float) -> FieldReading:
    t = _digits_between_units(normalise(text))
    m = re.search(r"(..)?(元|\d{1,2})年(\d{1,2})月(\d{1,2})日", t)
    gregorian = re.search(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日", t)
    if gregorian and not (m and m.group(1) and any(m.group(1) == e[0] for e in ERAS)):
        year, month, day = (int(g) for g in gregorian.groups())
        try:
            date = dt.date(year, month, day)
        except ValueError:
            return FieldReading(None, 0.0)
        return FieldReading(f"{year % 100:02d}{month:02d}{day:02d}", score,
                            {"era": None, "date": date.isoformat(), "calendar": "gregorian"})
    if not m:
        return FieldReading(None, 0.0)
    printed_era = (m.group(1) or "").translate(ERA_LOOKALIKES)
    year = 1 if m.group(2) == "元" else int(m.group(2))
    month, day = int(m.group(3)), int(m.group(4))
    if printed_era in {e[0] for e in ERAS}:
        candidates, factor = [printed_era], 1.0
    else:  # one character of the era misread (or lost): any era sharing a character, else all
        candidates = [e[0] for e in ERAS if set(e[0]) & set(printed_era)] or [e[0] for e in ERAS]
        factor = MENDED
    found = [(era, d) for era in candidates if (d := _era_date(era, year, month, day)) is not None]
    if len(found) != 1:
        return FieldReading(None, 0.0)
    era, date = found[0]
    return FieldReading(f"{year:02d}{month:02d}{day:02d}", score * factor,
                        {"era": era, "date": date.isoformat(), "calendar": "japanese"})


def parse_expiry(text: str, score: float) -> FieldReading:
    t = _digits_between_units(normalise(text))
    m = re.search(r"(\d{4})年(?:(\d{1,2})月(\d{1,2})日)?", t)
    if not m:
        return FieldReading(None, 0.0)
    year = int(m.group(1))
    if not EXPIRY_YEARS[0] <= year <= EXPIRY_YEARS[1]:
        return FieldReading(None, 0.0)
    extra: dict[str, Any] = {}
    factor = 1.0
    if m.group(2):
        try:
            extra["date"] = dt.date(year, int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            factor = MENDED  # the month or day is misread: the year may be too
    else:
        factor = MENDED
    return FieldReading(f"{year:04d}", score * factor, extra)


def parse_security_code(text: str, score: float) -> FieldReading:
    t = unicodedata.normalize("NFKC", text).translate(DIGIT_LOOKALIKES)  # spaces kept: they part groups
    runs = re.findall(r"\d+", t)
    fours = [r for r in runs if len(r) == 4]
    if len(fours) == 1 and len("".join(runs)) == 4:
        return FieldReading(fours[0], score)
    if fours:  # other digits in the crop too (the serial above): take the last group of four, less sure
        return FieldReading(fours[-1], score * MENDED)
    return FieldReading(None, 0.0)


def cross_check(birth: FieldReading, expiry: FieldReading) -> None:
    """A card is valid until a birthday: when both dates were read and their month and day differ, one
    of them is misread, so both lose confidence."""
    b, e = birth.extra.get("date"), expiry.extra.get("date")
    if b and e and b[5:] != e[5:] and not (b[5:] == "02-29" and e[5:] in ("02-28", "03-01")):
        birth.confidence *= MENDED
        expiry.confidence *= MENDED
