"""Checking the answers to asked fields and turning them into display strings.

`check_answer(field, value)` returns the display string or raises `AnswerError` with a ja/en message.
In kana answers half-width katakana are made full-width (NFKC on those runs only, so a full-width
space stays as typed); kana answers may hold spaces, the long-vowel mark ー and the middle dot ・.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from forms.dates import DateInputError, parse_date
from forms.definition import FieldDef
from forms.errors import FormError
from forms.wareki import WarekiRangeError, format_wareki


class AnswerError(FormError, ValueError):
    """An answer the field does not take: `code` (e.g. not_a_number) and what to type instead."""

    code = "answer_invalid"

    def __init__(self, code: str, message_ja: str, message_en: str) -> None:
        super().__init__(message_ja, message_en)
        self.code = code


def _is_hiragana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u3096" or ch in "ゝゞ"


def _is_katakana(ch: str) -> bool:
    return "\u30a1" <= ch <= "\u30fa" or ch in "ヽヾ"


KANA_NEUTRAL = set(" 　ー・")
HALF_WIDTH_KANA = re.compile("[\uff61-\uff9f]+")


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def check_answer(field: FieldDef, value: Any) -> str:
    spec = field.input
    assert spec is not None
    label = field.label_ja
    if spec.kind == "choice":
        for option in spec.options:
            if value in (option.value, option.ja):
                return option.ja
        raise AnswerError("not_an_option", f"「{label}」は選択肢から選んでください。",
                          f"Choose one of the options for '{field.label_en}'.")
    if spec.kind == "number":
        text = unicodedata.normalize("NFKC", str(value)).strip()
        if isinstance(value, bool) or not re.fullmatch(r"-?\d+", text):
            raise AnswerError("not_a_number", f"「{label}」は数字で入力してください。",
                              f"Enter a whole number for '{field.label_en}'.")
        number = int(text)
        if not spec.min <= number <= spec.max:
            raise AnswerError("out_of_range", f"「{label}」は{spec.min}から{spec.max}までです。",
                              f"'{field.label_en}' must be from {spec.min} to {spec.max}.")
        return str(number)
    if spec.kind == "date":   # as people write it: 和暦, 2025/4/1, 2025-04-01, 全角 (forms.dates)
        try:
            return format_wareki(parse_date(str(value)))
        except DateInputError as exc:
            raise AnswerError("not_a_date", f"「{label}」: {exc.message_ja}",
                              f"'{field.label_en}': {exc.message_en}") from None
        except WarekiRangeError:
            raise AnswerError("not_a_date", f"「{label}」は明治より後の日付で入力してください。",
                              f"Enter a date from the Meiji era on for '{field.label_en}'.") from None
    if not isinstance(value, str):
        raise AnswerError("not_text", f"「{label}」は文字で入力してください。",
                          f"Enter text for '{field.label_en}'.")
    text = value.strip()
    if spec.kind == "kana":
        text = HALF_WIDTH_KANA.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
        allowed = {"hiragana": (_is_hiragana,), "katakana": (_is_katakana,),
                   "either": (_is_hiragana, _is_katakana)}[spec.script]
        if not all(ch in KANA_NEUTRAL or any(test(ch) for test in allowed) for ch in text):
            words = {"hiragana": ("ひらがな", "hiragana"), "katakana": ("カタカナ", "katakana"),
                     "either": ("ひらがなかカタカナ", "hiragana or katakana")}[spec.script]
            raise AnswerError("not_kana", f"「{label}」は{words[0]}で入力してください。",
                              f"Use {words[1]} only for '{field.label_en}'.")
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text):
        raise AnswerError("control_character", f"「{label}」に使えない文字があります。",
                          f"'{field.label_en}' contains a character that cannot be used.")
    if spec.max_length is not None and len(text) > spec.max_length:
        raise AnswerError("too_long", f"「{label}」は{spec.max_length}文字以内です。",
                          f"'{field.label_en}' is limited to {spec.max_length} characters.")
    if spec.pattern is not None and not re.fullmatch(spec.pattern, text):
        raise AnswerError("bad_format", f"「{label}」の形式が正しくありません。",
                          f"'{field.label_en}' is not in the expected format.")
    return text
