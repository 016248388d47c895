"""和暦 formatting at every era boundary, ordinary dates, ages (29 February included)."""

import datetime as dt

import pytest

from forms.errors import FormError
from forms.wareki import WarekiRangeError, age_on, era_of, format_gregorian, format_wareki

D = dt.date


@pytest.mark.parametrize("date, expected", [
    (D(1868, 1, 25), "明治元年1月25日"),
    (D(1868, 12, 31), "明治元年12月31日"),
    (D(1869, 1, 1), "明治2年1月1日"),
    (D(1912, 7, 29), "明治45年7月29日"),
    (D(1912, 7, 30), "大正元年7月30日"),
    (D(1913, 1, 1), "大正2年1月1日"),
    (D(1926, 12, 24), "大正15年12月24日"),
    (D(1926, 12, 25), "昭和元年12月25日"),
    (D(1927, 1, 1), "昭和2年1月1日"),
    (D(1989, 1, 7), "昭和64年1月7日"),
    (D(1989, 1, 8), "平成元年1月8日"),
    (D(1990, 1, 1), "平成2年1月1日"),
    (D(2019, 4, 30), "平成31年4月30日"),
    (D(2019, 5, 1), "令和元年5月1日"),
    (D(2020, 1, 1), "令和2年1月1日"),
    (D(1980, 4, 2), "昭和55年4月2日"),
    (D(1956, 12, 31), "昭和31年12月31日"),
    (D(2000, 2, 29), "平成12年2月29日"),
    (D(2025, 11, 23), "令和7年11月23日"),
])
def test_format_wareki(date, expected):
    assert format_wareki(date) == expected


def test_datetime_is_accepted():
    assert format_wareki(dt.datetime(2019, 5, 1, 9, 30)) == "令和元年5月1日"


def test_era_of():
    assert era_of(D(1989, 1, 8)) == ("平成", 1)
    assert era_of(D(2024, 6, 1)) == ("令和", 6)


@pytest.mark.parametrize("date", [D(1868, 1, 24), D(1800, 1, 1)])
def test_before_meiji_raises_a_clear_error(date):
    with pytest.raises(WarekiRangeError) as info:
        format_wareki(date)
    assert isinstance(info.value, FormError)
    assert "明治" in info.value.message_ja and "Meiji" in info.value.message_en
    assert info.value.details()["date"] == date.isoformat()


def test_gregorian():
    assert format_gregorian(D(1989, 1, 7)) == "1989年1月7日"


@pytest.mark.parametrize("birth, today, age", [
    (D(1980, 4, 2), D(2025, 4, 1), 44),
    (D(1980, 4, 2), D(2025, 4, 2), 45),
    (D(2023, 1, 15), D(2023, 1, 15), 0),
    (D(2000, 2, 29), D(2001, 2, 28), 0),
    (D(2000, 2, 29), D(2001, 3, 1), 1),
    (D(2000, 2, 29), D(2004, 2, 28), 3),
    (D(2000, 2, 29), D(2004, 2, 29), 4),
    (D(1926, 12, 25), D(2025, 12, 24), 98),
])
def test_age_on(birth, today, age):
    assert age_on(birth, today) == age


def test_age_before_birth_is_an_error():
    with pytest.raises(ValueError):
        age_on(D(2020, 1, 1), D(2019, 12, 31))
