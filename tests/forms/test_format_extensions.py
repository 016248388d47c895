"""Format additions: the My Number field (legal basis, check digit, 4-4-4 cells, masked on screen),
repeated rows (required only once a row is started, or for the first `min_rows`), digits boxes."""

import copy
import json

import pytest

from forms.definition import parse_definition
from forms.errors import FormDefinitionError, PersonRecordError
from forms.fill import fill_form
from forms.registry import DEFINITIONS_DIR, load_form
from tests.forms.conftest import PEOPLE, RECORDS, TODAY
from tests.forms.samples import record_with_my_number, sample_answers


def raw(form_id):
    return json.loads((DEFINITIONS_DIR / f"{form_id}.json").read_text(encoding="utf-8"))


def test_my_number_needs_the_record_to_carry_it():
    form = load_form("kokuho_shikaku_shutoku")
    filled = fill_form(form, RECORDS[0], sample_answers(form.id, RECORDS[0]), today=TODAY)
    assert not filled.complete
    assert [(e["field"], e["code"]) for e in filled.errors] == \
        [("member_my_number_1", "my_number_unavailable")]


def test_my_number_is_never_given_to_a_form_without_legal_basis():
    form = load_form("juminhyo_request")
    filled = fill_form(form, record_with_my_number(0), sample_answers(form.id, RECORDS[0]),
                       today=TODAY)
    assert filled.complete and filled.person.my_number == ""
    assert PEOPLE[0]["my_number"] not in json.dumps(filled.values)


def test_a_definition_cannot_read_the_my_number_without_legal_basis():
    data = raw("inkan_certificate_request")
    data["fields"].append({"id": "my_number", "label": {"ja": "個人番号", "en": "My Number"},
                           "source": "card.my_number", "required": False,
                           "specific_personal_information": True, "mask_on_screen": True})
    with pytest.raises(FormDefinitionError, match="reads no My Number"):
        parse_definition(data, "x.json")


def test_the_my_number_field_must_be_masked_on_screen():
    data = raw("kokuho_shikaku_shutoku")
    for f in data["fields"]:
        if f["source"] == "card.my_number":
            f["mask_on_screen"] = False
    with pytest.raises(FormDefinitionError, match="mask_on_screen"):
        parse_definition(data, "x.json")


@pytest.mark.parametrize("bad", ["123456789012", "43271914682", "４３２７１９１４６８２９", 432719146829])
def test_a_bad_my_number_is_refused_without_echoing_it(bad):
    record = dict(RECORDS[0], my_number=bad)
    with pytest.raises(PersonRecordError) as caught:
        fill_form(load_form("kokuho_shikaku_shutoku"), record, {}, today=TODAY)
    assert caught.value.details() == {"key": "my_number"}
    assert str(bad) not in caught.value.message_ja + caught.value.message_en


def test_screen_values_mask_all_but_the_last_four():
    form = load_form("jidou_teate_ninteiseikyu")
    record = record_with_my_number(2)
    filled = fill_form(form, record, sample_answers(form.id, record), today=TODAY)
    assert filled.values["claimant_my_number"] == "362654969220"
    assert filled.screen_values()["claimant_my_number"] == "＊＊＊＊ ＊＊＊＊ 9220"
    assert filled.screen_values()["claimant_name"] == record["name"]


def test_repeated_rows_expand_and_are_required_only_once_started():
    form = load_form("tennyu_todoke")
    ids = [f.id for f in form.fields if f.row_group == "movers"]
    assert ids[:5] == ["mover_kana_2", "mover_kana_3", "mover_kana_4", "mover_name_2", "mover_name_3"]
    assert form.field("mover_name_3").box.y - form.field("mover_name_2").box.y == 15
    answers = sample_answers(form.id, RECORDS[0])
    for key in [k for k in answers if k.endswith("_2")]:
        del answers[key]
    assert fill_form(form, RECORDS[0], answers, today=TODAY).complete
    answers["mover_name_3"] = "山田　次郎"
    filled = fill_form(form, RECORDS[0], answers, today=TODAY)
    assert filled.missing == ["mover_kana_3", "mover_birth_3", "mover_sex_3", "mover_relation_3"]


def test_min_rows_makes_the_first_child_required():
    form = load_form("jidou_teate_ninteiseikyu")
    answers = {k: v for k, v in sample_answers(form.id, RECORDS[0]).items()
               if not k.startswith("child_")}
    filled = fill_form(form, record_with_my_number(0), answers, today=TODAY)
    assert filled.missing == ["child_kana_1", "child_name_1", "child_birth_1", "child_relation_1",
                              "child_living_1"]


def test_a_digits_box_needs_groups():
    data = raw("inkan_certificate_request")
    data = copy.deepcopy(data)
    for f in data["fields"]:
        if f["id"] == "inkan_card_number":
            del f["box"]["groups"]
    with pytest.raises(FormDefinitionError, match="groups"):
        parse_definition(data, "x.json")


def test_only_asked_fields_repeat():
    data = raw("tennyu_todoke")
    data["fields"][0]["repeat"] = {"group": "g", "count": 2, "dy": 10}
    with pytest.raises(FormDefinitionError, match="only asked fields can repeat"):
        parse_definition(data, "x.json")
