"""The data folder's settings files read into pydantic models, and a refusal put into words.

terminal.json (sync.terminal), kiosk.json (kiosk.shell.settings) and library.json (kiosk.library.config)
are each a pydantic model, checked when the file is read. When a file does not fit, its owner raises
its own typed error (`code`, `message_ja`, `message_en`, `details()` with `file` and `field`); the words
come from here, so all three say it the same way: which file, which setting (a dotted path such as
`loans.period_days`), what it must be, its value now, and what to do.

A model may give its own words for a rule with `rule(ja, en)` (a pydantic custom error that carries
both languages); every other refusal gets words by pydantic's error type. No personal data is in a
settings file, so values may be shown (cut to a few characters).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

RULE = "kazasu_rule"  # the error type of `rule()`
SHOWN_VALUE = 40      # characters of a value shown in a message


def rule(ja: str, en: str) -> PydanticCustomError:
    """A refusal with the model's own words (raise it from a validator)."""
    return PydanticCustomError(RULE, en, {"ja": ja, "en": en})


@dataclass(frozen=True)
class Problem:
    """The first thing wrong in a settings file: where, and what it must be instead."""

    field: str          # dotted path: `loans.period_days`, `desk_idle_s.bank`, `loans.item_types[0].prefix`
    type: str           # pydantic's error type (`missing`, `int_type`, …, or `kazasu_rule`)
    rule_ja: str
    rule_en: str
    value: str | None   # the value now, shown short; None when there is none (a missing setting)


def read_object(path: Path) -> dict[str, Any]:
    """The JSON object in `path`; ValueError when it is not JSON or not an object, OSError when unreadable."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path.name} does not hold a JSON object")
    return data


def first_problem(exc: ValidationError) -> Problem:
    """The first problem pydantic found, in words (missing and unknown settings come first)."""
    errors = exc.errors(include_url=False)
    order = {"missing": 0, "extra_forbidden": 1}
    error = min(errors, key=lambda e: order.get(e["type"], 2))  # stable: else the first in field order
    ja, en = _words(error)
    value = None if error["type"] in ("missing", "extra_forbidden") else _shown(error.get("input"))
    return Problem(field_path(error["loc"]), error["type"], ja, en, value)


def field_path(loc: tuple[Any, ...]) -> str:
    """`("loans", "item_types", 0, "prefix")` → `loans.item_types[0].prefix` (pydantic's `[key]` marker
    of a refused dictionary key is dropped: the key itself is the field)."""
    out = ""
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def message(file: str, problem: Problem, fix_ja: str, fix_en: str) -> tuple[str, str]:
    """(ja, en): the file and the setting, what it must be, its value now, then what to do."""
    rule_ja, rule_en = problem.rule_ja.rstrip("。"), problem.rule_en.rstrip(".")
    now_ja = f"いまの値: {problem.value}。" if problem.value is not None else ""
    now_en = f" Now: {problem.value}." if problem.value is not None else ""
    return (f"{file} の設定「{problem.field}」が正しくありません。{rule_ja}。{now_ja}{fix_ja}",
            f"The setting \"{problem.field}\" in {file} is not valid. {rule_en[:1].upper()}{rule_en[1:]}.{now_en}"
            f" {fix_en}")


def _words(error: dict[str, Any]) -> tuple[str, str]:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == RULE:
        return ctx["ja"], ctx["en"]
    if kind in _LIMITS:
        ja, en, key = _LIMITS[kind]
        return ja.format(ctx[key]), en.format(ctx[key])
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", ""))
        return f"{expected.replace(' or ', ', ')} のどれかにしてください", f"it must be one of {expected}"
    return _BY_TYPE.get(kind, ("値の形が違います", f"it is not valid ({error['msg']})"))


def _shown(value: Any) -> str | None:
    if isinstance(value, (dict, list)):
        return None  # a whole object says nothing useful here; the field path already points into it
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return None  # a rule across settings is about the model itself: there is no one value to show
    return text if len(text) <= SHOWN_VALUE else text[:SHOWN_VALUE] + "…"


_BY_TYPE = {
    "missing": ("この設定は省略できません", "it is required"),
    "extra_forbidden": ("この名前の設定はありません（綴りを確かめてください）",
                        "there is no setting of that name (check the spelling)"),
    "int_type": ("整数（例 14）で書いてください", "it must be a whole number (e.g. 14)"),
    "int_from_float": ("整数（例 14）で書いてください", "it must be a whole number (e.g. 14)"),
    "float_type": ("数（例 1.5）で書いてください", "it must be a number (e.g. 1.5)"),
    "bool_type": ("true か false で書いてください", "it must be true or false"),
    "string_type": ("文字列（\"…\"）で書いてください", "it must be text in quotes (\"…\")"),
    "string_unicode": ("文字列（\"…\"）で書いてください", "it must be text in quotes (\"…\")"),
    "string_pattern_mismatch": ("形式が違います", "it does not have the expected form"),
    "dict_type": ("{ … } のオブジェクトで書いてください", "it must be an object { … }"),
    "model_type": ("{ … } のオブジェクトで書いてください", "it must be an object { … }"),
    "typed_dict_type": ("{ … } のオブジェクトで書いてください", "it must be an object { … }"),
    "list_type": ("[ … ] のリストで書いてください", "it must be a list [ … ]"),
    "date_from_datetime_parsing": ("日付は YYYY-MM-DD で書いてください", "a date is written YYYY-MM-DD"),
    "date_parsing": ("日付は YYYY-MM-DD で書いてください", "a date is written YYYY-MM-DD"),
    "date_type": ("日付は YYYY-MM-DD で書いてください", "a date is written YYYY-MM-DD"),
    "url_parsing": ("https://… の形のアドレスで書いてください", "it must be an address like https://…"),
    "url_scheme": ("https://… の形のアドレスで書いてください", "it must be an address like https://…"),
}

_LIMITS = {
    "greater_than_equal": ("{} 以上にしてください", "it must be at least {}", "ge"),
    "greater_than": ("{} より大きくしてください", "it must be more than {}", "gt"),
    "less_than_equal": ("{} 以下にしてください", "it must be at most {}", "le"),
    "less_than": ("{} より小さくしてください", "it must be less than {}", "lt"),
    "string_too_short": ("{} 文字以上にしてください（空にはできません）", "it must have at least {} character(s)",
                         "min_length"),
    "string_too_long": ("{} 文字までです", "it must have at most {} characters", "max_length"),
    "too_short": ("{} 個以上にしてください", "it must have at least {} item(s)", "min_length"),
    "too_long": ("{} 個までです", "it must have at most {} items", "max_length"),
}
