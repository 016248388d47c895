"""Dates as typed at a counter: 和暦 at the era boundaries, slashes, hyphens, 全角 digits, ages."""

import datetime as dt

import pytest

from forms.dates import DateInputError, parse_birth_date, parse_birth_or_age, parse_date

D = dt.date
TODAY = D(2026, 12, 6)


@pytest.mark.parametrize("typed, expected", [
    ("昭和64年1月7日", D(1989, 1, 7)),
    ("昭和６４年１月７日", D(1989, 1, 7)),
    ("平成元年1月8日", D(1989, 1, 8)),
    ("平成1年1月8日", D(1989, 1, 8)),
    ("令和元年5月1日", D(2019, 5, 1)),
    ("平成31年4月30日", D(2019, 4, 30)),
    ("大正15年12月24日", D(1926, 12, 24)),
    ("昭和元年12月25日", D(1926, 12, 25)),
    ("明治45年7月29日", D(1912, 7, 29)),
    ("昭和55年4月2日", D(1980, 4, 2)),
    (" 昭和 55 年 4 月 2 日 ", D(1980, 4, 2)),
    ("S55.4.2", D(1980, 4, 2)),
    ("ｓ５５．４．２", D(1980, 4, 2)),
    ("H1/1/8", D(1989, 1, 8)),
    ("1989/1/7", D(1989, 1, 7)),
    ("1989-01-07", D(1989, 1, 7)),
    ("１９８９／１／７", D(1989, 1, 7)),
    ("１９８９－０１－０７", D(1989, 1, 7)),
    ("1989年1月7日", D(1989, 1, 7)),
    ("19890107", D(1989, 1, 7)),
    ("2000/2/29", D(2000, 2, 29)),
])
def test_dates_people_type(typed, expected):
    assert parse_date(typed) == expected


@pytest.mark.parametrize("typed, reason", [
    ("昭和64年1月8日", "outside_era"),     # 平成 began that day
    ("平成元年1月7日", "outside_era"),     # still 昭和
    ("平成31年5月1日", "outside_era"),     # 令和 began that day
    ("令和元年4月30日", "outside_era"),
    ("昭和0年1月1日", "era_year"),
    ("1989/2/30", "no_such_day"),
    ("1999/2/29", "no_such_day"),
    ("1989/13/1", "no_such_day"),
    ("きのう", "unreadable"),
    ("1989", "unreadable"),
    ("", "empty"),
])
def test_dates_refused_with_words(typed, reason):
    with pytest.raises(DateInputError) as caught:
        parse_date(typed)
    exc = caught.value
    assert exc.details()["reason"] == reason
    assert exc.message_ja and exc.message_en and exc.code == "date_input_invalid"


def test_era_words_name_the_era_and_its_last_day():
    with pytest.raises(DateInputError) as caught:
        parse_date("昭和64年1月8日")
    assert "1989年1月7日まで" in caught.value.message_ja
    assert "1989-01-07" in caught.value.message_en


def test_a_birth_date_after_today_is_refused():
    with pytest.raises(DateInputError) as caught:
        parse_birth_date("令和10年1月1日", TODAY)
    assert caught.value.details()["reason"] == "future"
    assert parse_birth_date("令和8年12月6日", TODAY) == TODAY


@pytest.mark.parametrize("typed", ["36", "36歳", "３６歳", "36 歳", "３６さい", "36才"])
def test_an_age_becomes_an_estimated_birth_year(typed):
    got = parse_birth_or_age(typed, TODAY)
    assert got.estimated and got.age == 36 and got.birth_year == 1990 and got.birth_date is None


def test_a_date_in_a_birth_or_age_field_is_a_birth_date():
    got = parse_birth_or_age("昭和64年1月7日", TODAY)
    assert not got.estimated and got.birth_date == D(1989, 1, 7) and got.age is None
    assert got.birth_year == 1989


@pytest.mark.parametrize("typed, reason", [("131", "age_too_high"), ("三十六", "unreadable"),
                                           ("平成元年1月7日", "outside_era")])
def test_birth_or_age_refusals(typed, reason):
    with pytest.raises(DateInputError) as caught:
        parse_birth_or_age(typed, TODAY)
    assert caught.value.details()["reason"] == reason
    if reason == "unreadable":
        assert "36歳" in caught.value.message_ja and "an age" in caught.value.message_en
