"""Filling the shipped form for every fixture person; missing, invalid and kana answers."""

import copy
import datetime as dt

import pytest

from forms.errors import PersonRecordError
from forms.fill import fill_form
from forms.wareki import format_wareki
from tests.forms.conftest import IDS, RECORDS, TODAY, answers_for


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_every_person_fills_completely(juminhyo, record):
    filled = fill_form(juminhyo, record, answers_for(record), today=TODAY)
    assert filled.missing == [] and filled.errors == [] and filled.complete
    v = filled.values
    assert v["requester_name"] == record["name"]
    assert v["subject_name"] == record["name"] and v["subject_address"] == record["address"]
    assert v["requester_prefecture"] + v["requester_address_rest"] == record["address"]
    assert v["requester_prefecture"].endswith(("都", "道", "府", "県"))
    assert v["requester_birth_wareki"] == format_wareki(dt.date.fromisoformat(record["birth_date"]))
    assert v["request_date"] == "令和7年11月23日"
    assert v["copies"] == "2" and v["purpose"] == "就職"
    assert v["include_my_number"] == "省略する" and v["include_resident_code"] == "省略する"
    assert v["include_household_head"] == "記載する"
    assert v["office_id_document"] == "マイナンバーカード"
    assert filled.answered >= {"requester_kana", "copies", "purpose"}


def test_era_boundary_people(juminhyo):
    by_name = {r["name"]: fill_form(juminhyo, r, answers_for(r), today=TODAY).values
               for r in RECORDS}
    assert by_name["佐藤　花子"]["requester_birth_wareki"] == "昭和64年1月7日"
    assert by_name["鈴木　一郎"]["requester_birth_wareki"] == "平成元年1月8日"
    assert by_name["髙橋　﨑子"]["requester_birth_wareki"] == "令和元年5月1日"
    assert by_name["𠮷田　修"]["requester_birth_wareki"] == "平成31年4月30日"
    assert by_name["加藤　澄江"]["requester_birth_wareki"] == "昭和元年12月25日"
    assert by_name["加藤　澄江"]["requester_birth_gregorian"] == "1926年12月25日"


def test_missing_answers_are_listed(juminhyo):
    filled = fill_form(juminhyo, RECORDS[0], {"copies": 1}, today=TODAY)
    assert filled.missing == ["visitor", "requester_kana", "certificate_kind", "purpose"]
    assert not filled.complete
    asked = [f.id for f in filled.asked_fields()]
    assert "requester_kana" in asked and "requester_name" not in asked
    # defaults: subject is the requester, My Number and resident code left out
    assert filled.values["subject_name"] == RECORDS[0]["name"]
    assert filled.values["include_my_number"] == "省略する"


def test_answers_come_from_the_person_record(juminhyo):
    record = dict(RECORDS[0], answers=answers_for(RECORDS[0]))
    assert fill_form(juminhyo, record, today=TODAY).complete


@pytest.mark.parametrize("kana, ok", [
    ("やまだ　たろう", True), ("ヤマダ タロウ", True), ("ｶﾀｶﾅ", True), ("ちょーく・ばん", True),
    ("山田", False), ("yamada", False), ("やまだ1", False), ("やまだ\u200bたろう", False),
])
def test_kana_validation(juminhyo, kana, ok):
    answers = dict(answers_for(RECORDS[0]), requester_kana=kana)
    filled = fill_form(juminhyo, RECORDS[0], answers, today=TODAY)
    if ok:
        assert filled.errors == []
    else:
        assert [e["field"] for e in filled.errors] == ["requester_kana"]
        assert filled.errors[0]["code"] == "not_kana" or filled.errors[0]["code"] == "control_character"
        assert filled.values["requester_kana"] == ""


def test_half_width_katakana_is_normalised(juminhyo):
    answers = dict(answers_for(RECORDS[0]), requester_kana="ﾔﾏﾀﾞ ﾀﾛｳ")
    assert fill_form(juminhyo, RECORDS[0], answers, today=TODAY).values["requester_kana"] == "ヤマダ タロウ"


@pytest.mark.parametrize("field, value, code", [
    ("copies", 0, "out_of_range"), ("copies", 11, "out_of_range"), ("copies", "two", "not_a_number"),
    ("copies", True, "not_a_number"), ("purpose", "観光", "not_an_option"),
    ("submit_to", "あ" * 31, "too_long"), ("requester_phone", "call me", "bad_format"),
    ("no_such_field", "x", "unknown_field"),
])
def test_invalid_answers(juminhyo, field, value, code):
    answers = dict(answers_for(RECORDS[0]), **{field: value})
    filled = fill_form(juminhyo, RECORDS[0], answers, today=TODAY)
    assert [(e["field"], e["code"]) for e in filled.errors] == [(field, code)]
    assert filled.errors[0]["message_ja"] and filled.errors[0]["message_en"]
    assert not filled.complete


def test_choice_accepts_value_or_japanese_label_and_full_width_numbers(juminhyo):
    answers = dict(answers_for(RECORDS[0]), purpose="相続", copies="１０")
    values = fill_form(juminhyo, RECORDS[0], answers, today=TODAY).values
    assert values["purpose"] == "相続" and values["copies"] == "10"


def test_age_and_sex_sources():
    from forms.fill import person_from_record
    from forms.sources import compute
    person = person_from_record(RECORDS[9])  # 中村　光, sex code 9
    assert compute("computed.age", person, TODAY) == "85歳"
    assert compute("computed.sex_label", person, TODAY) == "適用不能"
    assert compute("card.birth_date", person, TODAY) == "1940年2月10日"


@pytest.mark.parametrize("change, key", [
    (lambda r: r.pop("name"), "name"),
    (lambda r: r.update(address="  "), "address"),
    (lambda r: r.update(birth_date="19800402"), "birth_date"),
    (lambda r: r.update(birth_date="1980-02-30"), "birth_date"),
    (lambda r: r.update(birth_date="1860-01-01"), "birth_date"),
    (lambda r: r.update(sex_code="M"), "sex_code"),
    (lambda r: r.update(answers=["x"]), "answers"),
])
def test_bad_person_record(juminhyo, change, key):
    record = copy.deepcopy(RECORDS[0])
    change(record)
    with pytest.raises(PersonRecordError) as info:
        fill_form(juminhyo, record, today=TODAY)
    assert info.value.details().get("key") == key
    assert RECORDS[0]["name"] not in info.value.message_ja


def test_read_from_card_false_leaves_the_identity_document_for_the_clerk(juminhyo):
    record = dict(RECORDS[0], read_from_card=False)
    values = fill_form(juminhyo, record, answers_for(RECORDS[0]), today=TODAY).values
    assert values["office_id_document"] == "" and values["office_check_method"] == ""
