"""Fixtures for the forms tests: people.json converted to person records, with answers for each."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from forms.registry import load_form

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TODAY = dt.date(2025, 11, 23)

KANA = {
    "山田　太郎": "やまだ　たろう", "佐藤　花子": "さとう　はなこ", "鈴木　一郎": "すずき　いちろう",
    "髙橋　﨑子": "たかはし　さきこ", "𠮷田　修": "よしだ　おさむ", "渡辺　美咲": "わたなべ　みさき",
    "SMITH JOHN": "スミス　ジョン", "グエン　ヴァン　アン": "グエン　ヴァン　アン",
    "伊藤　ゆい": "いとう　ゆい", "中村　光": "なかむら　ひかる", "小林　大翔": "こばやし　ひろと",
    "加藤　澄江": "かとう　すみえ",
}


def to_record(person: dict) -> dict:
    """people.json (birth_date YYYYMMDD, key sex) → the record `kazasu card read --json` prints."""
    b = person["birth_date"]
    return {"name": person["name"], "address": person["address"],
            "birth_date": f"{b[:4]}-{b[4:6]}-{b[6:]}", "sex_code": person["sex"]}


def answers_for(record: dict) -> dict:
    return {"visitor": "self", "requester_kana": KANA[record["name"]],
            "requester_phone": "090-1234-5678", "certificate_kind": "all", "copies": 2,
            "include_household_head": "include", "purpose": "employment", "submit_to": "勤務先"}


def load_people() -> list[dict]:
    return json.loads((FIXTURES / "people.json").read_text(encoding="utf-8"))["people"]


PEOPLE = load_people()
RECORDS = [to_record(p) for p in PEOPLE]
IDS = [p["note"].split(";")[0][:30] for p in PEOPLE]


@pytest.fixture(scope="session")
def juminhyo():
    return load_form("juminhyo_request")
