"""Check digits (worked examples), the config file, eligibility and the library calendar."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kiosk.library import checkdigit as cd
from kiosk.library.config import LibraryConfig
from kiosk.library.errors import ConfigError, GuardianRequiredError, NotEligibleError
from kiosk.library.patrons import check_eligibility
from tests.kiosk.library.conftest import TODAY, as_read


def test_m10w21_worked_example():
    # body 1234567, weights 2-1 from the right: 7×2=14→1+4=5, 6, 5×2=10→1, 4, 3×2=6, 2, 1×2=2
    # sum 26 → (10 − 6) mod 10 = 4 (same arithmetic as Luhn)
    assert cd.m10w21("1234567") == "4"
    assert cd.is_valid("12345674") and not cd.is_valid("12345675")
    # products added whole (一括): 14+6+10+4+6+2+2 = 44 → 6
    assert cd.m10w21_total("1234567") == "6"


def test_7dr_7dsr_worked_example():
    # 1234567 = 7 × 176366 + 5
    assert cd.seven_dr("1234567") == "5"
    assert cd.seven_dsr("1234567") == "2"
    assert cd.seven_dr("7000") == "0" and cd.seven_dsr("7000") == "7"


def test_m11_worked_example():
    # weights 2,3,4,5,6,7,2 from the right: 14+18+20+20+18+14+2 = 106; 106 mod 11 = 7 → 11 − 7 = 4
    assert cd.m11("1234567") == "4"
    # remainder 0 or 1 → 0: "11" → 1×2 + 1×3 = 5 → 6; "5" → 10 → remainder 10 → 1; "0" → 0 → 0
    assert cd.m11("11") == "6" and cd.m11("5") == "1" and cd.m11("0") == "0"


def test_check_digit_rejects_non_digits():
    with pytest.raises(ValueError):
        cd.check_digit("12a4")
    with pytest.raises(ValueError):
        cd.check_digit("123", "luhn2")
    assert not cd.is_valid("２０１０", "m10w21")  # full-width digits are not a number


def test_patron_numbers_follow_the_scheme():
    config = LibraryConfig.load()
    number = config.patron_number(1)
    assert number == "2010000012" and len(number) == 10 and cd.is_valid(number)
    assert config.serial_of(number) == 1 and config.serial_of("3010000012") is None


@pytest.mark.parametrize("scheme", sorted(cd.SCHEMES))
def test_selectable_scheme(tmp_path, scheme):
    data = dict(LibraryConfig.load().data)
    data["patron_number"] = {"prefix": "9", "issuer": "3", "length": 8, "check": scheme}
    path = tmp_path / "library.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    config = LibraryConfig.load(data_dir=tmp_path)
    number = config.patron_number(42)
    assert number[:7] == "9300042" and cd.is_valid(number, scheme)


def test_bad_config_is_refused(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"patron_number": {"check": "nope"}}), encoding="utf-8")
    with pytest.raises(ConfigError):
        LibraryConfig.load(bad)


def test_eligibility_by_municipality_code(people):
    config = LibraryConfig.load()
    assert config.municipality_of("東京都新宿区西新宿二丁目８番１号") == "131041"
    assert config.municipality_of("東京都　中野区中野四丁目") == "131148"
    resident = check_eligibility(config, as_read(people[0]), TODAY)
    assert (resident.basis, resident.municipality_code, resident.card_type) == ("resident", "131041", "adult")
    neighbour = dict(as_read(people[0]), address="東京都中野区中野四丁目８番１号")
    assert check_eligibility(config, neighbour, TODAY).basis == "neighbour"
    with pytest.raises(NotEligibleError) as refused:
        check_eligibility(config, as_read(people[4]), TODAY)   # 福岡市
    assert refused.value.details()["rule"] == "residence"
    assert "近隣" in refused.value.message_ja and "neighbours" in refused.value.message_en
    assert "𠮷" not in refused.value.message_ja + refused.value.message_en
    studying = check_eligibility(config, as_read(people[4]), TODAY, declaration="study", guardian="保護者")
    assert (studying.basis, studying.card_type) == ("study", "child")
    adult = dict(as_read(people[4]), birth_date="1990-01-01")
    assert check_eligibility(config, adult, TODAY, declaration="work").basis == "work"


def test_children_need_a_guardian(people):
    config = LibraryConfig.load()
    child = dict(as_read(people[10]), address="東京都新宿区歌舞伎町一丁目")   # born 2023
    with pytest.raises(GuardianRequiredError) as refused:
        check_eligibility(config, child, TODAY)
    assert refused.value.details() == {"rule": "guardian", "age_limit": 16}
    result = check_eligibility(config, child, TODAY, guardian="小林　一")
    assert result.card_type == "child" and result.age == 3


def test_due_dates_skip_closed_days():
    config = LibraryConfig.load()
    assert config.due_date(dt.date(2026, 11, 24)) == dt.date(2026, 12, 8)    # Tuesday → Tuesday
    assert config.due_date(dt.date(2026, 11, 23)) == dt.date(2026, 12, 8)    # due Monday (closed)
    # due 2026-12-30 (year-end closing) → 12-31, 1-1..1-3 closed, 1-4 is a Monday → 2027-01-05
    assert config.due_date(dt.date(2026, 12, 16)) == dt.date(2027, 1, 5)
