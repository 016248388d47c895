"""Splitting a Japanese address into 都道府県, 市区町村 and the rest, offline.

The prefecture is one of the 47 names below. The municipality comes from `forms/data/municipalities.csv`,
the national list of local-government codes (総務省「全国地方公共団体コード」, 1,918 rows; source and
how to regenerate it in forms/data/README.md): code, prefecture, municipality as written in an address
(政令市の区 as 札幌市中央区), kind. The longest name that starts the text after the prefecture wins, so
京都市中京区 is chosen over 京都市 and 四日市市 is never cut at its first 市. The code list has no 郡:
a town or village written after one (余市郡余市町) is found after the first 郡 that is followed by a
town or village of the prefecture, and the 郡 is kept in `municipality` as written. An address whose
municipality is not in the file still splits into prefecture + rest, with `municipality_known` false;
nothing here raises for an odd address.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MUNICIPALITIES_CSV = Path(__file__).resolve().parent / "data" / "municipalities.csv"
SPACES = " 　"
MAX_COUNTY_LENGTH = 6  # 郡 names have at most four characters before 郡 (三方上中郡); a margin of two

PREFECTURES: tuple[str, ...] = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県",
    "茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県",
    "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県",
    "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県",
    "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県",
    "徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県",
    "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
)


@dataclass(frozen=True)
class Municipality:
    code: str          # six digits, the last one the check digit
    prefecture: str
    name: str
    kind: str          # city, designated_city, ward, special_ward, town, village


@dataclass(frozen=True)
class AddressParts:
    prefecture: str
    municipality: str
    rest: str
    code: str = ""
    municipality_known: bool = False


def check_digit(code5: str) -> str:
    """The check digit of a five-digit local-government code (weights 6..2, modulus 11)."""
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2)))
    return str((11 - total % 11) % 10)


@cache
def municipalities(path: Path = MUNICIPALITIES_CSV) -> dict[str, tuple[Municipality, ...]]:
    """The municipalities of each prefecture, longest name first."""
    table: dict[str, list[Municipality]] = {name: [] for name in PREFECTURES}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            table[row["prefecture"]].append(
                Municipality(row["code"], row["prefecture"], row["municipality"], row["kind"]))
    return {p: tuple(sorted(ms, key=lambda m: -len(m.name))) for p, ms in table.items()}


def split_prefecture(address: str) -> tuple[str, str]:
    """(都道府県, the rest) of `address`; ("", address) when it starts with no prefecture name."""
    text = address.strip()
    for name in PREFECTURES:
        if text.startswith(name):
            return name, text[len(name):].lstrip(SPACES)
    return "", text


def split_address(address: str) -> AddressParts:
    """都道府県 + 市区町村 + the rest, by the longest municipality name known for the prefecture."""
    prefecture, after = split_prefecture(address)
    candidates = municipalities()[prefecture] if prefecture else _all_longest_first()
    for m in candidates:
        if after.startswith(m.name) and (prefecture or _unique_name(m.name)):
            return AddressParts(prefecture, m.name, after[len(m.name):].lstrip(SPACES), m.code, True)
    county = _county(after, candidates, bool(prefecture))
    if county is not None:
        written, m = county
        return AddressParts(prefecture, written, after[len(written):].lstrip(SPACES), m.code, True)
    return AddressParts(prefecture, "", after, "", False)


def _county(after: str, candidates: tuple[Municipality, ...], has_prefecture: bool
            ) -> tuple[str, Municipality] | None:
    """(郡 + town or village as written, the town or village) when `after` starts with `<name>郡<town>`."""
    for end in range(1, min(len(after), MAX_COUNTY_LENGTH + 1)):
        if after[end] != "郡":
            continue
        tail = after[end + 1:]
        for m in candidates:
            if m.kind in ("town", "village") and tail.startswith(m.name) and (has_prefecture or _unique_name(m.name)):
                return after[:end + 1] + m.name, m
    return None


@cache
def _all_longest_first() -> tuple[Municipality, ...]:
    return tuple(sorted((m for ms in municipalities().values() for m in ms), key=lambda m: -len(m.name)))


def _unique_name(name: str) -> bool:
    """A municipality name found in one prefecture only (used when the address has none)."""
    return sum(m.name == name for ms in municipalities().values() for m in ms) == 1
