"""The shipped definitions load; broken definitions give errors that name the file and the field."""

import copy
import json

import pytest

from forms.errors import FormDefinitionError, UnknownFormError
from forms.registry import DEFINITIONS_DIR, list_forms, load_definition_file, load_form

SHIPPED = json.loads((DEFINITIONS_DIR / "juminhyo_request.json").read_text(encoding="utf-8"))


def test_shipped_definitions_load():
    forms = list_forms()
    assert len(forms) == 5
    form = load_form("juminhyo_request")
    assert form.title_ja == "住民票の写し等交付請求書"
    assert form.reads_my_number is False
    assert form.page_size == "A4" and form.page_mm == (210.0, 297.0)
    assert not any(f.specific_personal_information for f in form.fields)
    ids = {f.id for f in form.fields}
    for needed in ("request_date", "visitor", "requester_name", "requester_kana",
                   "requester_birth_wareki", "requester_phone", "subject_name", "certificate_kind",
                   "copies", "include_household_head", "include_domicile", "include_my_number",
                   "include_resident_code", "purpose", "submit_to", "office_id_document"):
        assert needed in ids
    copies = form.field("copies").input
    assert (copies.kind, copies.min, copies.max) == ("number", 1, 10)
    assert [o.ja for o in form.field("purpose").input.options] == [
        "就職", "年金", "自動車登録", "不動産登記", "相続", "その他"]
    assert form.field("include_my_number").input.default == "omit"
    assert form.field("requester_kana").input.kind == "kana"
    assert form.field("requester_kana").confirm_with_resident


def test_load_form_unknown_and_path_like_ids():
    assert load_form("juminhyo_request").id == "juminhyo_request"
    for bad in ("nope", "../juminhyo_request", "Juminhyo_request"):
        with pytest.raises(UnknownFormError):
            load_form(bad)


def write(tmp_path, data, name="juminhyo_request.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def field_index(data, field_id):
    return next(i for i, f in enumerate(data["fields"]) if f["id"] == field_id)


def broken(mutate):
    data = copy.deepcopy(SHIPPED)
    mutate(data)
    return data


@pytest.mark.parametrize("mutate, field, words", [
    (lambda d: d["fields"][field_index(d, "purpose")].update(source="card.phone"),
     "purpose", "unknown source 'card.phone'"),
    (lambda d: d["fields"][field_index(d, "copies")]["box"].update(x=200),
     "copies", "outside the page"),
    (lambda d: d["fields"][field_index(d, "copies")]["box"].update(w=-3),
     "copies", "positive"),
    (lambda d: d["fields"][field_index(d, "copies")]["input"].update(kind="slider"),
     "copies", "input kind"),
    (lambda d: d["fields"][field_index(d, "copies")]["input"].update(min=11),
     "copies", "'min' is greater"),
    (lambda d: d["fields"][field_index(d, "purpose")]["input"].update(options=[]),
     "purpose", "at least one option"),
    (lambda d: d["fields"][field_index(d, "requester_name")].update(
        specific_personal_information=True), "requester_name", "reads no My Number"),
    (lambda d: d["fields"][field_index(d, "requester_kana")].pop("input"),
     "requester_kana", "'input'"),
    (lambda d: d["fields"][field_index(d, "requester_kana")]["box"].update(style="barcode"),
     "requester_kana", "box style"),
    (lambda d: d["fields"].append(dict(d["fields"][0])), SHIPPED["fields"][0]["id"],
     "duplicate"),
    (lambda d: d["layout"].__setitem__(3, {"type": "circle", "x": 1, "y": 1}),
     "layout[3]", "element type"),
    (lambda d: d["layout"][0].update(y=400), "layout[0]", "outside the page"),
])
def test_broken_field_is_named(tmp_path, mutate, field, words):
    path = write(tmp_path, broken(mutate))
    with pytest.raises(FormDefinitionError) as info:
        load_definition_file(path)
    err = info.value
    assert err.file == "juminhyo_request.json"
    assert err.field == field
    assert words in err.message_en
    assert "juminhyo_request.json" in err.message_ja and field in err.message_ja
    assert err.details()["field"] == field


@pytest.mark.parametrize("mutate, words", [
    (lambda d: d.update(format=2), "'format'"),
    (lambda d: d["page"].update(size="B5"), "page size"),
    (lambda d: d.pop("my_number"), "'my_number'"),
    (lambda d: d["title"].update(en=""), "'title'"),
])
def test_broken_form_level(tmp_path, mutate, words):
    with pytest.raises(FormDefinitionError) as info:
        load_definition_file(write(tmp_path, broken(mutate)))
    assert info.value.file == "juminhyo_request.json" and words in info.value.message_en


def test_bad_json_and_id_mismatch(tmp_path):
    bad = tmp_path / "juminhyo_request.json"
    bad.write_text("{ not json", encoding="utf-8")
    with pytest.raises(FormDefinitionError, match="not valid JSON"):
        load_definition_file(bad)
    renamed = write(tmp_path, SHIPPED, name="other_form.json")
    with pytest.raises(FormDefinitionError, match="must match the file name"):
        load_definition_file(renamed)


def test_a_new_form_is_a_file(tmp_path, monkeypatch):
    data = copy.deepcopy(SHIPPED)
    data["id"] = "inkan_request"
    data["title"] = {"ja": "印鑑登録証明書交付申請書", "en": "Seal registration certificate"}
    write(tmp_path, data, "inkan_request.json")
    monkeypatch.setenv("KAZASU_FORM_DIRS", str(tmp_path))
    assert "inkan_request" in [f.id for f in list_forms()]
    assert load_form("inkan_request").title_ja == "印鑑登録証明書交付申請書"


def test_one_broken_file_is_an_error_not_skipped(tmp_path, monkeypatch):
    write(tmp_path, broken(lambda d: d["fields"][0].update(source="card.nope")))
    monkeypatch.setenv("KAZASU_FORM_DIRS", str(tmp_path))
    with pytest.raises(FormDefinitionError):
        list_forms()
