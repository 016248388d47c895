"""A household pre-registered at home checks in with one scan (`kazasu shelter checkin --qr`,
kiosk.shelter.prereg): everyone at once, exactly as typed; a bad code checks no one in."""

from __future__ import annotations

import json
import time

from kiosk.shelter import model
from sync.prereg import record
from sync.prereg.codes import SiteKeys, make_codes
from tests.sync.prereg_data import COUNTER_VISIT, family

SITE = "site-1"


def codes_for(kazasu, rec: dict, tmp_path) -> list[str]:
    path = tmp_path / "record.json"
    path.write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    return kazasu("prereg", "make", "--record", str(path))["codes"]


def test_the_desk_needs_are_the_codes_needs():
    assert record.NEED_CODES == (*model.NEEDS, model.OTHER_NEED)


def test_one_scan_checks_the_whole_household_in_exactly(kazasu, tmp_path):
    codes = codes_for(kazasu, family(), tmp_path)
    decoded = kazasu("prereg", "decode", *codes)
    assert decoded["people"] == family()["people"]
    done = kazasu("shelter", "checkin", "--qr", *codes)
    assert done["count"] == 5 and done["new"] == 5
    status = kazasu("shelter", "status")
    assert status["present"] == 5 and status["households"] == 1
    assert status["by_need"]["allergy"] == 1 and status["by_need"]["pet"] == 1
    kazasu("shelter", "export", "--format", "csv", "--out", str(tmp_path / "all.csv"))
    text = (tmp_path / "all.csv").read_text(encoding="utf-8-sig")
    for person in family()["people"]:
        assert person["name"] in text  # 𠮷, 髙 and the variation sequences exactly
    assert text.count(done["household"]) == 5
    found = kazasu("shelter", "find", "𠮷田")
    assert found["count"] == 4  # the protected person (do_not_disclose) is never found
    again = kazasu("shelter", "checkin", "--qr", *codes)  # the same code again: the same people
    assert again["new"] == 0 and kazasu("shelter", "status")["present"] == 5


def test_a_bad_code_checks_no_one_in(kazasu, tmp_path):
    code = codes_for(kazasu, family(), tmp_path)[0]
    other = SiteKeys.from_service_key("site-b", bytes(32))
    foreign = make_codes(family(), other.public, "site-b")[0]
    tampered = code[:60] + str((int(code[60]) + 3) % 10) + code[61:]
    mine = SiteKeys.load(tmp_path / "data", SITE)
    too_old = make_codes(family(), mine.public, SITE, created=int(time.time()) - 40 * 86400)[0]
    for bad, expected in ((tampered, "qr_tampered"), (code[:len(code) // 2], "qr_truncated"),
                          (foreign, "qr_foreign_site"), ("12345678", "qr_not_prereg"), (too_old, "qr_too_old")):
        error = kazasu("shelter", "checkin", "--qr", bad, ok=False).error
        assert error["code"] == expected and error["message_ja"] and error["message_en"]
    counter = codes_for(kazasu, COUNTER_VISIT, tmp_path)
    assert kazasu("shelter", "checkin", "--qr", *counter, ok=False).error["code"] == "qr_counter_code"
    assert kazasu("shelter", "status")["present"] == 0
