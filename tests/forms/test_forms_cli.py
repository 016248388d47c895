"""`kazasu forms list` and `kazasu forms render` through the real command (a subprocess)."""

import argparse
import json

import pymupdf
import pytest

from kiosk.cli import context, forms_commands
from tests.cli_runner import Kazasu
from tests.forms.conftest import RECORDS, answers_for

kazasu = Kazasu().process   # the real command, as a subprocess, with --json


def write_person(tmp_path, record, answers=None):
    path = tmp_path / "person.json"
    data = dict(record, answers=answers) if answers is not None else dict(record)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_forms_list_json():
    forms = kazasu("forms", "list")["forms"]
    assert [f["id"] for f in forms] == ["inkan_certificate_request", "jidou_teate_ninteiseikyu",
                                        "juminhyo_request", "kokuho_shikaku_shutoku", "tennyu_todoke"]
    assert {"id": "juminhyo_request", "title_ja": "住民票の写し等交付請求書",
            "title_en": "Request for a copy of the residence record"} in forms


@pytest.mark.parametrize("form_id", ["inkan_certificate_request", "tennyu_todoke",
                                     "kokuho_shikaku_shutoku", "jidou_teate_ninteiseikyu"])
def test_render_names_each_missing_and_invalid_field(tmp_path, form_id):
    from tests.forms.samples import record_with_my_number, sample_answers

    record = record_with_my_number(0)
    answers = sample_answers(form_id, record)
    required = [k for k in answers if k in ("requester_kana", "move_date", "inkan_copies")][:1]
    for key in required:
        del answers[key]
    answers["requester_phone" if form_id != "tennyu_todoke" else "honseki"] = "x" * 200
    person = write_person(tmp_path, record, answers)
    out = tmp_path / "x.pdf"
    done = kazasu("forms", "render", form_id, "--person", str(person), "--out", str(out), ok=False)
    assert not out.exists()
    error = done.error
    assert error["missing"] == required
    assert [e["field"] for e in error["invalid"]] == \
        ["honseki" if form_id == "tennyu_todoke" else "requester_phone"]
    assert record["my_number"] not in done.out and record["name"] not in done.out


def test_render_my_number_form_without_my_number_exits_1(tmp_path):
    from tests.forms.samples import sample_answers

    person = write_person(tmp_path, RECORDS[0], sample_answers("kokuho_shikaku_shutoku", RECORDS[0]))
    done = kazasu("forms", "render", "kokuho_shikaku_shutoku", "--person", str(person),
                  "--out", str(tmp_path / "x.pdf"), ok=False)
    assert done.error["invalid"][0]["code"] == "my_number_unavailable"


def test_render_complete(tmp_path):
    record = RECORDS[4]
    person = write_person(tmp_path, record, answers_for(record))
    out = tmp_path / "yoshida.pdf"
    done = kazasu("forms", "render", "juminhyo_request", "--person", str(person),
                  "--out", str(out), "--today", "2025-11-23")
    assert done.json == {"form": "juminhyo_request", "out": str(out.resolve()), "pages": 1,
                                  "missing": []}
    text = pymupdf.open(out)[0].get_text()
    assert "𠮷田　修" in text and "令和7年11月23日" in text and "よしだ　おさむ" in text


def test_render_without_answers_fails_and_lists_missing(tmp_path):
    person = write_person(tmp_path, RECORDS[0], {"copies": 1})
    out = tmp_path / "x.pdf"
    done = kazasu("forms", "render", "juminhyo_request", "--person", str(person), "--out", str(out),
                  ok=False)
    error = done.error
    assert error["code"] == "form_answers_missing"
    assert error["missing"] == ["visitor", "requester_kana", "certificate_kind", "purpose"]
    assert RECORDS[0]["name"] not in done.out
    assert not out.exists()


def test_render_draft_succeeds_with_missing_answers(tmp_path):
    person = write_person(tmp_path, RECORDS[5])
    out = tmp_path / "draft.pdf"
    result = kazasu("forms", "render", "juminhyo_request", "--person", str(person),
                    "--out", str(out), "--draft").json
    assert result["pages"] == 1 and "requester_kana" in result["missing"]
    assert out.stat().st_size > 10_000


@pytest.mark.parametrize("content, code", [
    (None, "person_file_invalid"),
    ("{not json", "person_file_invalid"),
    ('["a list"]', "person_file_invalid"),
    ('{"name": "x", "address": "y", "birth_date": "1980/04/02", "sex_code": "1"}',
     "person_record_invalid"),
])
def test_bad_person_file(tmp_path, content, code):
    path = tmp_path / "person.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    done = kazasu("forms", "render", "juminhyo_request", "--person", str(path),
                  "--out", str(tmp_path / "x.pdf"), ok=False)
    assert done.error["code"] == code


def test_unknown_form_without_json_prints_both_languages(tmp_path):
    person = write_person(tmp_path, RECORDS[0])
    err = kazasu("forms", "render", "no_such_form", "--person", str(person),
                 "--out", str(tmp_path / "x.pdf"), json=False, ok=False).err
    assert "no_such_form" in err and "エラー" in err


def test_handlers_in_process(tmp_path):
    """The module on its own (register + handlers), independent of the other command modules."""
    common = context.common_options()
    parser = argparse.ArgumentParser(parents=[common])
    forms_commands.register(parser.add_subparsers(dest="command"), common)
    person = write_person(tmp_path, RECORDS[3], answers_for(RECORDS[3]))
    args = parser.parse_args(["forms", "render", "juminhyo_request", "--person", str(person),
                              "--out", str(tmp_path / "t.pdf")])
    assert args.handler(args)["missing"] == []
    args = parser.parse_args(["forms", "list"])
    assert "juminhyo_request" in [f["id"] for f in args.handler(args)["forms"]]
