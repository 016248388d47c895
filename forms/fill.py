"""Filling a form: person record + answers → display strings for every field.

`fill_form(form, person, answers)` checks the person record (what `kazasu card read --json` prints:
name, address, birth_date YYYY-MM-DD, sex_code, optional answers), computes the card and computed
fields, checks each answer, and reports what is missing or wrong. A field with `required_if` is missing
only while the choice it names holds one of the listed values (its answer, or its default); why is in
`required_because[field]` (the other field, the value, a ja/en message naming both fields). It never raises for a
missing or
invalid answer: those are in `missing` and `errors`, so a kiosk can ask again and a draft can still
be printed. A malformed person record raises `PersonRecordError`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from forms import mynumber
from forms.answers import AnswerError, check_answer, is_blank
from forms.definition import MY_NUMBER_SOURCE, FieldDef, FormDefinition
from forms.errors import PersonRecordError
from forms.sources import Person, compute
from forms.wareki import WarekiRangeError, format_wareki

SEX_CODES = ("0", "1", "2", "9")


@dataclass
class FilledForm:
    form: FormDefinition
    person: Person
    values: dict[str, str]
    missing: list[str]
    errors: list[dict[str, str]]
    today: dt.date
    answered: set[str] = field(default_factory=set)
    required_because: dict[str, dict[str, str]] = field(default_factory=dict)

    def asked_fields(self) -> list[FieldDef]:
        """The fields answered at the counter (what a draft leaves blank)."""
        return self.form.asked_fields()

    @property
    def complete(self) -> bool:
        return not self.missing and not self.errors

    def screen_values(self) -> dict[str, str]:
        """`values` as a screen may show them: fields with `mask_on_screen` masked."""
        return {f.id: mynumber.masked(self.values[f.id]) if f.mask_on_screen else self.values[f.id]
                for f in self.form.fields}


def person_from_record(record: Any) -> Person:
    """Check a person record and return it as a `Person`; `PersonRecordError` names the bad key."""
    if not isinstance(record, dict):
        raise PersonRecordError("JSON のオブジェクトではありません", "it is not a JSON object")
    for key in ("name", "address", "birth_date", "sex_code"):
        if not isinstance(record.get(key), str) or not record[key].strip():
            raise PersonRecordError(f"「{key}」がないか空です", f"'{key}' is missing or empty", key)
    try:
        birth = dt.date.fromisoformat(record["birth_date"].strip())
        if len(record["birth_date"].strip()) != 10:
            raise ValueError
        format_wareki(birth)
    except (ValueError, WarekiRangeError):
        raise PersonRecordError("生年月日は YYYY-MM-DD の形式で、明治以降の日付にしてください",
                                "birth_date must be a YYYY-MM-DD date from the Meiji era on",
                                "birth_date") from None
    if record["sex_code"] not in SEX_CODES:
        raise PersonRecordError("性別コードは 0, 1, 2, 9 のいずれかです",
                                "sex_code must be one of 0, 1, 2, 9", "sex_code")
    read_from_card = record.get("read_from_card", True)
    if not isinstance(read_from_card, bool):
        raise PersonRecordError("read_from_card は true か false です",
                                "read_from_card must be true or false", "read_from_card")
    number = record.get("my_number")
    if number is not None and not mynumber.is_valid(number):
        raise PersonRecordError("個人番号は検査用数字の正しい12桁の数字です",
                                "my_number must be 12 digits with a valid check digit", "my_number")
    return Person(record["name"].strip(), record["address"].strip(), birth, record["sex_code"],
                  read_from_card, number or "")


def fill_form(form: FormDefinition, person: dict, answers: dict | None = None, *,
              today: dt.date | None = None) -> FilledForm:
    """Fill `form` for `person`; `answers` defaults to `person["answers"]` when not given."""
    checked = person_from_record(person)
    if not form.reads_my_number:
        checked = replace(checked, my_number="")   # a form without a legal basis never sees it
    if answers is None:
        answers = person.get("answers") or {}
    if not isinstance(answers, dict):
        raise PersonRecordError("answers はオブジェクトです", "'answers' must be an object", "answers")
    today = today or dt.date.today()
    if today < checked.birth_date:
        raise PersonRecordError("生年月日が今日より後です", "birth_date is after today", "birth_date")
    values: dict[str, str] = {}
    missing: list[str] = []
    errors: list[dict[str, str]] = []
    answered: set[str] = set()
    started_rows = {(f.row_group, f.row) for f in form.fields
                    if f.row_group and not is_blank(answers.get(f.id))}
    required_because: dict[str, dict[str, str]] = {}
    for f in form.fields:
        if not f.asked:
            values[f.id] = compute(f.source, checked, today)
            if f.source == MY_NUMBER_SOURCE and not values[f.id]:
                errors.append(_my_number_unavailable(f))
            continue
        raw = answers.get(f.id)
        if is_blank(raw):
            values[f.id] = _default(f, checked, today)
            row_needed = (not f.row_group or f.row_required
                          or (f.row_group, f.row) in started_rows)
            if not values[f.id] and f.required and row_needed:
                missing.append(f.id)
            elif not values[f.id] and f.required_if is not None:
                reason = _condition_met(form, f, answers)
                if reason is not None:
                    missing.append(f.id)
                    required_because[f.id] = reason
            continue
        try:
            values[f.id] = check_answer(f, raw)
            answered.add(f.id)
        except AnswerError as exc:
            values[f.id] = ""
            errors.append({"field": f.id, "code": exc.code, "message_ja": exc.message_ja,
                           "message_en": exc.message_en})
    unknown = sorted(set(answers) - {f.id for f in form.fields})
    for key in unknown:
        errors.append({"field": key, "code": "unknown_field",
                       "message_ja": f"この様式に「{key}」という項目はありません。",
                       "message_en": f"This form has no field '{key}'."})
    return FilledForm(form, checked, values, missing, errors, today, answered, required_because)


def _choice_value(f: FieldDef, raw: Any) -> str | None:
    """The option value a choice field holds: its answer (value or Japanese label) or its default."""
    if is_blank(raw):
        raw = f.input.default if f.input else None
    for option in (f.input.options if f.input else ()):
        if raw in (option.value, option.ja):
            return option.value
    return None


def _condition_met(form: FormDefinition, f: FieldDef, answers: dict) -> dict[str, str] | None:
    """Why `f` is required now (ja/en naming both fields), or None when its `required_if` does not hold."""
    rule = f.required_if
    other = form.field(rule.field)
    value = _choice_value(other, answers.get(other.id))
    if value not in rule.values:
        return None
    option = next(o for o in other.input.options if o.value == value)
    return {"when": other.id, "equals": value,
            "message_ja": f"「{other.label_ja}」が「{option.ja}」のときは「{f.label_ja}」が必要です。",
            "message_en": f"'{f.label_en}' is required when '{other.label_en}' is '{option.en}'."}


def _my_number_unavailable(f: FieldDef) -> dict[str, str]:
    return {"field": f.id, "code": "my_number_unavailable",
            "message_ja": f"「{f.label_ja}」には、カードから読み取った個人番号が必要です"
                          "（本人情報に個人番号がありません）。",
            "message_en": f"'{f.label_en}' needs the My Number read from the card; the person "
                          "record has none."}


def _default(f: FieldDef, person: Person, today: dt.date) -> str:
    spec = f.input
    if spec is None:
        return ""
    if spec.default_from:
        return compute(spec.default_from, person, today)
    if spec.default is None:
        return ""
    return check_answer(f, spec.default)


__all__ = ["FilledForm", "fill_form", "person_from_record"]
