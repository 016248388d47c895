"""A counter visit filled in at home, read from its pre-registration code (no Qt).

`read_visit(texts, data_dir, site)` opens the code(s) with the terminal's site key (`sync.prereg`) and
refuses a shelter's code. `by_hand_person(visit)` is the person record of the by-hand path
(`read_from_card` False: staff still check an identity document, and the form's identity fields stay
for them, as when they type the four facts); `prefilled_answers(visit, forms)` the asked answers: what
the resident typed, and their kana in each kana field the chosen forms ask. `known_procedures(visit)`
keeps only the forms this terminal has.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from forms.registry import list_forms
from sync.prereg.codes import SiteKeys, read_codes
from sync.prereg.errors import PreregError

__all__ = ["PreregError", "WrongDeskError", "by_hand_person", "known_procedures", "prefilled_answers",
           "read_visit"]


class WrongDeskError(PreregError):
    code = "qr_shelter_code"
    message_ja = ("これは避難所用のコードです。窓口では使えません。窓口（手続き）のページで作ったコードを"
                  "読み取るか、手で入力してください。")
    message_en = ("This is a code for a shelter, not for the counter. Scan a code made on the counter's page, "
                  "or type the details by hand.")


def read_visit(texts: list[str], data_dir: Path | str, site: str, *, now: float | None = None) -> dict:
    record = read_codes(texts, SiteKeys.load(data_dir, site), now=now)
    if record["kind"] != "counter":
        raise WrongDeskError()
    return record


def by_hand_person(visit: dict[str, Any]) -> dict[str, Any]:
    p = visit["person"]
    return {"name": p["name"], "address": p["address"], "birth_date": p["birth_date"],
            "sex_code": p["sex_code"], "read_from_card": False}


def known_procedures(visit: dict[str, Any]) -> list[str]:
    have = {f.id for f in list_forms()}
    return [form_id for form_id in visit["procedures"] if form_id in have]


def prefilled_answers(visit: dict[str, Any], form_ids: list[str]) -> dict[str, str]:
    chosen = [f for f in list_forms() if f.id in form_ids]
    answers = {}
    for form in chosen:
        for f in form.fields:
            if f.source != "asked" or f.input is None:
                continue
            if f.input.kind == "kana" and visit["person"].get("kana"):
                answers[f.id] = visit["person"]["kana"]
            elif f.id in visit["answers"]:
                answers[f.id] = visit["answers"][f.id]
    return answers
