"""library.json as a pydantic model (LibraryRules): the default file and a plug-in's options pass, a file
that does not fit raises ConfigError naming the setting by its dotted path (on the command line too)."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from kiosk.cli import main as kazasu
from kiosk.library.config import DEFAULT_PATH, LibraryConfig
from kiosk.library.errors import ConfigError

DEFAULT = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))


def changed(path: str, value) -> dict:
    """The default rules with the setting at `path` (a.b.c) set to `value` (... removes it)."""
    data = copy.deepcopy(DEFAULT)
    *parents, last = path.split(".")
    node = data
    for key in parents:
        node = node[key]
    if value is ...:
        del node[last]
    else:
        node[last] = value
    return data


def test_the_default_rules_and_a_providers_own_options_pass():
    config = LibraryConfig(copy.deepcopy(DEFAULT))
    assert config.rules.calendar.closed_dates[0] == dt.date(2026, 12, 29)
    plug_in = LibraryConfig(changed("link_provider", {"name": "branch-key", "folder": "b", "rotate": 30}))
    assert plug_in.data["link_provider"]["folder"] == "b"   # handed to the provider as it is
    numbers = LibraryConfig(changed("patron_number", {"prefix": 9, "issuer": 3, "length": 8, "check": "m11"}))
    assert numbers.number_head == "93"   # digits written without quotes read as before


@pytest.mark.parametrize("path, value, field, words_en", [
    ("loans.period_days", 0, "loans.period_days", "more than 0"),
    ("loans.limits", {"book": "ten"}, "loans.limits.book", "whole number"),
    ("loans.item_types", [{"prefix": "9"}], "loans.item_types[0].type", "required"),
    ("patron_number.check", "luhn", "patron_number.check", "one of"),
    ("patron_number.length", 5, "patron_number", "3 digits of serial"),
    ("patron_number.issuer", "O1", "patron_number.issuer", "expected form"),
    ("calendar.weekly_closed", ["mon"], "calendar.weekly_closed[0]", "one of"),
    ("calendar.closed_dates", ["2026-12-32"], "calendar.closed_dates", "YYYY-MM-DD"),
    ("eligibility.declarations", ["work", "play"], "eligibility.declarations[1]", "one of"),
    ("eligibility", ..., "eligibility", "required"),
    ("loan_days", 14, "loan_days", "no setting of that name"),
])
def test_a_setting_that_does_not_fit_is_named(tmp_path, path, value, field, words_en):
    file = tmp_path / "library.json"
    file.write_text(json.dumps(changed(path, value), ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        LibraryConfig.load(data_dir=tmp_path)
    error = refused.value
    assert error.code == "library_config_invalid"
    assert error.details() == {"file": str(file), "field": field}
    assert words_en in error.message_en and f"「{field}」" in error.message_ja


def test_the_command_line_prints_it(tmp_path, capsys):
    bad = tmp_path / "rules.json"
    bad.write_text(json.dumps(changed("calendar.weekly_closed", ["monday"] * 7)), encoding="utf-8")
    code = kazasu(["library", "blocked", "--config", str(bad), "--json", "--data-dir", str(tmp_path)])
    out = capsys.readouterr()
    assert code == 1 and "Traceback" not in out.out + out.err
    error = json.loads(out.out.strip().splitlines()[-1])["error"]
    assert (error["code"], error["field"], error["file"]) == ("library_config_invalid", "calendar.weekly_closed",
                                                             str(bad))
    assert "6" in error["message_en"] and error["message_ja"]
