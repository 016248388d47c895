"""The shelter's 「生年月日か年齢」: dates as people type them, or an age marked as an age."""

import datetime as dt

import pytest

from kiosk.shelter import model as m

TODAY = dt.date(2026, 12, 6)


@pytest.mark.parametrize("typed", ["36", "36歳", "３６歳"])
def test_an_age_is_kept_as_an_age_with_an_estimated_year(typed):
    person = m.clean_person({"name": "避難　花子", "birth_date": typed}, "by_hand", today=TODAY)
    assert person["birth_date"] == ""
    assert person["age"] == 36 and person["birth_year"] == 1990 and person["birth_estimated"] is True
    assert person["age_band"] == "18-64"


@pytest.mark.parametrize("typed", ["昭和64年1月7日", "1989/1/7", "１９８９－０１－０７", "19890107"])
def test_a_date_in_any_usual_form_is_the_birth_date(typed):
    person = m.clean_person({"name": "避難　花子", "birth_date": typed}, "by_hand", today=TODAY)
    assert person["birth_date"] == "1989-01-07"
    assert "age" not in person and "birth_estimated" not in person


def test_an_unreadable_birth_says_what_to_type():
    with pytest.raises(m.ShelterError) as caught:
        m.clean_person({"name": "避難　花子", "birth_date": "むかし"}, "by_hand", today=TODAY)
    exc = caught.value
    assert exc.code == "shelter_birth_date_invalid"
    assert "36歳" in exc.message_ja and "age" in exc.message_en
