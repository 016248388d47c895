"""A counter visit filled in at home (`kazasu counter submit --qr`, kiosk.counter.prereg): the by-hand
path filled from the code — the application is recorded and printed with the resident's words, the
identity fields left for staff who check a document; a shelter's or a bad code records nothing."""

from __future__ import annotations

import json

import pymupdf

from forms.fill import fill_form
from forms.registry import load_form
from kiosk.counter import prereg
from tests.sync.prereg_data import COUNTER_VISIT, family


def codes_for(cli, record: dict, tmp_path) -> list[str]:
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return cli("prereg", "make", "--record", str(path))["codes"]


def test_a_code_fills_the_by_hand_path(tmp_path):
    from tests.cli_runner import Kazasu

    cli = Kazasu(data_dir=tmp_path / "data", site="city-hall-1f")
    codes = codes_for(cli, COUNTER_VISIT, tmp_path)
    visit = prereg.read_visit(codes, tmp_path / "data", "city-hall-1f")
    person = prereg.by_hand_person(visit)
    assert person["read_from_card"] is False and person["name"] == "髙橋　𠮷子"
    answers = prereg.prefilled_answers(visit, prereg.known_procedures(visit))
    assert answers["requester_kana"] == "たかはし　よしこ" and answers["copies"] == "2"
    done = cli("counter", "submit", "--qr", *codes)
    assert done["form"] == "juminhyo_request"
    page = pymupdf.open(done["pdf"])[0].get_text()
    assert "髙橋" in page and "𠮷子" in page and "たかはし" in page and "0312345678" in page
    filled = fill_form(load_form("juminhyo_request"), person, answers)
    # as on the by-hand path: the identity document is checked by staff, not taken from a card
    assert filled.values["office_check_method"] == ""  # a card read would say ICチップ読取


def test_a_shelter_or_bad_code_records_nothing(tmp_path):
    from tests.cli_runner import Kazasu

    cli = Kazasu(data_dir=tmp_path / "data", site="city-hall-1f")
    shelter = codes_for(cli, family(), tmp_path)
    assert cli("counter", "submit", "--qr", *shelter, ok=False).error["code"] == "qr_shelter_code"
    code = codes_for(cli, COUNTER_VISIT, tmp_path)[0]
    assert cli("counter", "submit", "--qr", code[:80], ok=False).error["code"] == "qr_truncated"
    assert cli("queue", "status")["total"] == 0
