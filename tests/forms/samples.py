"""Sample answers for every shipped form, for any fixture person (used by tests and the benchmark).

Each answer set is what a resident would give at the counter: the asked fields only, with one
extra household member or child where the form has rows for them.
"""

from __future__ import annotations

from tests.forms.conftest import KANA, PEOPLE, RECORDS, answers_for

COMMON = {"requester_phone": "090-1234-5678"}


def sample_answers(form_id: str, record: dict) -> dict:
    kana = KANA[record["name"]]
    if form_id == "juminhyo_request":
        return answers_for(record)
    if form_id == "inkan_certificate_request":
        return {**COMMON, "visitor": "self", "requester_kana": kana, "inkan_card_number": "00123456",
                "inkan_copies": 1}
    if form_id == "tennyu_todoke":
        return {"move_date": "2025-11-20", "new_address": "石川県金沢市広坂一丁目１番１号　広坂ハイツ３０２号",
                "household_head": "self", "filer": "self", "requester_kana": kana,
                "mover_relation_1": "head", "mover_kana_2": "やまだ　はなこ", "mover_name_2": "山田　花子",
                "mover_birth_2": "1989-01-08", "mover_sex_2": "2", "mover_relation_2": "spouse",
                "honseki": "東京都千代田区千代田一番", "hittousha": "山田　太郎",
                "card_continue": "continue", "link_kokuho": "yes", "link_child_allowance": "yes"}
    if form_id == "kokuho_shikaku_shutoku":
        return {**COMMON, "requester_kana": kana, "member_relation_1": "head",
                "member_kana_2": "やまだ　はなこ", "member_name_2": "山田　花子",
                "member_birth_2": "2019-04-30", "member_sex_2": "2", "member_relation_2": "child",
                "join_date": "2025-11-20", "join_reason": "moved_in"}
    if form_id == "jidou_teate_ninteiseikyu":
        return {**COMMON, "requester_kana": kana, "occupation": "employee", "pension_scheme": "kosei",
                "spouse": "no", "child_kana_1": "やまだ　はると", "child_name_1": "山田　陽翔",
                "child_birth_1": "2019-05-01", "child_relation_1": "child", "child_living_1": "together",
                "payment_account": "kokin"}
    raise KeyError(form_id)


def record_with_my_number(index: int) -> dict:
    """The person record as a card read with the My Number (the input-support application) gives it."""
    return dict(RECORDS[index], my_number=PEOPLE[index]["my_number"])
