"""Filling a form: person record + answers → display strings for every field.

`fill_form(form, person, answers)` checks the person record (what `kazasu card read --json` prints:
name, address, birth_date YYYY-MM-DD, sex_code, optional answers), computes the card and computed
fields, checks each answer, and reports what is missing or wrong. It never raises for a missing or
invalid answer: those are in `missing` and `errors`, so a kiosk can ask again and a draft can still
be printed. A malformed person record raises `PersonRecordError`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from forms.answers import AnswerError, check_answer, is_blank
from forms.definition import FieldDef, FormDefinition
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

    def asked_fields(self) -> list[FieldDef]:
        """The fields answered at the counter (what a draft leaves blank)."""
        return self.form.asked_fields()

    @property
    def complete(self) -> bool:
        return not self.missing and not self.errors


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
    return Person(record["name"].strip(), record["address"].strip(), birth, record["sex_code"],
                  read_from_card)


def fill_form(form: FormDefinition, person: dict, answers: dict | None = None, *,
              today: dt.date | None = None) -> FilledForm:
    """Fill `form` for `person`; `answers` defaults to `person["answers"]` when not given."""
    checked = person_from_record(person)
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
    for f in form.fields:
        if not f.asked:
            values[f.id] = compute(f.source, checked, today)
            continue
        raw = answers.get(f.id)
        if is_blank(raw):
            values[f.id] = _default(f, checked, today)
            if not values[f.id] and f.required:
                missing.append(f.id)
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
    return FilledForm(form, checked, values, missing, errors, today, answered)


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
