"""Conditional requirements (`required_if`): a field is required only while another answer has a
given value — the agent's details when an agent comes, the bank account when 下記の口座 is chosen,
the spouse's name when there is one, the head's name when the head is someone else."""

import json

import pytest

from forms.definition import RequiredIf, parse_definition
from forms.errors import FormDefinitionError
from forms.fill import fill_form
from forms.registry import DEFINITIONS_DIR, list_forms, load_form
from tests.forms.conftest import RECORDS, TODAY
from tests.forms.samples import record_with_my_number, sample_answers


def raw(form_id):
    return json.loads((DEFINITIONS_DIR / f"{form_id}.json").read_text(encoding="utf-8"))


def test_shipped_forms_carry_the_rules_of_the_real_forms():
    rules = {(form.id, f.id): f.required_if for form in list_forms() for f in form.fields if f.required_if}
    assert rules == {
        ("inkan_certificate_request", "agent_name"): RequiredIf("visitor", ("agent",)),
        ("inkan_certificate_request", "agent_address"): RequiredIf("visitor", ("agent",)),
        ("jidou_teate_ninteiseikyu", "spouse_name"): RequiredIf("spouse", ("yes",)),
        ("jidou_teate_ninteiseikyu", "bank_name"): RequiredIf("payment_account", ("bank",)),
        ("jidou_teate_ninteiseikyu", "account_type"): RequiredIf("payment_account", ("bank",)),
        ("jidou_teate_ninteiseikyu", "account_number"): RequiredIf("payment_account", ("bank",)),
        ("jidou_teate_ninteiseikyu", "account_holder_kana"): RequiredIf("payment_account", ("bank",)),
        ("tennyu_todoke", "household_head_name"): RequiredIf("household_head", ("other",)),
    }


def inkan(answers):
    form = load_form("inkan_certificate_request")
    base = sample_answers(form.id, RECORDS[0])
    base.pop("agent_name", None), base.pop("agent_address", None)
    return fill_form(form, RECORDS[0], {**base, **answers}, today=TODAY)


def test_agent_details_are_required_only_for_an_agent():
    assert inkan({"visitor": "self"}).complete
    filled = inkan({"visitor": "agent"})
    assert filled.missing == ["agent_name", "agent_address"]
    why = filled.required_because["agent_name"]
    assert why["when"] == "visitor" and why["equals"] == "agent"
    agent = next(o for o in load_form("inkan_certificate_request").field("visitor").input.options
                 if o.value == "agent")
    assert why["message_ja"] == f"「来られた方」が「{agent.ja}」のときは「代理人の氏名」が必要です。"
    assert "Agent's name" in why["message_en"] and "agent" in why["message_en"].lower()
    done = inkan({"visitor": "agent", "agent_name": "山田　花子", "agent_address": "東京都新宿区西新宿一丁目１番"})
    assert done.complete and done.values["agent_name"] == "山田　花子" and not done.required_because


def test_the_condition_reads_the_japanese_label_too():
    form = load_form("inkan_certificate_request")
    label = next(o.ja for o in form.field("visitor").input.options if o.value == "agent")
    assert inkan({"visitor": label}).missing == ["agent_name", "agent_address"]


def test_the_bank_account_only_when_the_bank_is_chosen():
    form = load_form("jidou_teate_ninteiseikyu")
    record = record_with_my_number(0)
    base = {k: v for k, v in sample_answers(form.id, record).items()
            if k not in ("bank_name", "account_type", "account_number", "account_holder_kana")}
    assert fill_form(form, record, {**base, "payment_account": "kokin"}, today=TODAY).complete
    bank = fill_form(form, record, {**base, "payment_account": "bank"}, today=TODAY)
    assert bank.missing == ["bank_name", "account_type", "account_number", "account_holder_kana"]
    assert set(bank.required_because) == set(bank.missing)
    spouse = fill_form(form, record, {**base, "payment_account": "kokin", "spouse": "yes"}, today=TODAY)
    assert spouse.missing == ["spouse_name"]


def test_a_default_value_triggers_the_rule():
    data = raw("inkan_certificate_request")
    for f in data["fields"]:
        if f["id"] == "visitor":
            f["input"]["default"] = "agent"
    form = parse_definition(data, "inkan_certificate_request.json")
    answers = {k: v for k, v in sample_answers(form.id, RECORDS[0]).items()
               if k not in ("visitor", "agent_name", "agent_address")}
    filled = fill_form(form, RECORDS[0], answers, today=TODAY)
    assert filled.missing == ["agent_name", "agent_address"]


def broken(change):
    data = raw("inkan_certificate_request")
    field = next(f for f in data["fields"] if f["id"] == "agent_name")
    change(field, data)
    with pytest.raises(FormDefinitionError) as caught:
        parse_definition(data, "inkan_certificate_request.json")
    return caught.value


@pytest.mark.parametrize("change, problem", [
    (lambda f, d: f.update(required_if={"field": "nothing_here", "equals": "agent"}),
     "names the field 'nothing_here', which this form does not have"),
    (lambda f, d: f.update(required_if={"field": "visitor", "equals": "lawyer"}),
     "value 'lawyer' is not an option of 'visitor'"),
    (lambda f, d: f.update(required_if={"field": "inkan_copies", "equals": "1"}),
     "must name an asked, non-repeated choice field"),
    (lambda f, d: f.update(required_if={"field": "agent_name", "equals": "x"}),
     "cannot name the field itself"),
    (lambda f, d: f.update(required=True), "contradict each other"),
    (lambda f, d: f.update(required_if={"field": "visitor"}), "exactly one of 'equals' and 'in'"),
    (lambda f, d: f.update(required_if={"field": "visitor", "equals": "agent", "in": ["agent"]}),
     "exactly one of 'equals' and 'in'"),
    (lambda f, d: f.update(required_if={"field": "visitor", "in": []}), "non-empty list"),
    (lambda f, d: f.update(required_if="visitor"), "must be {"),
])
def test_bad_rules_are_refused_naming_the_field(change, problem):
    error = broken(change)
    assert error.field == "agent_name" and problem in error.problem, error.problem
    assert "agent_name" in error.message_ja and "agent_name" in error.message_en


def test_only_asked_fields_take_a_rule():
    data = raw("inkan_certificate_request")
    data["fields"].append({"id": "odd", "label": {"ja": "x", "en": "x"}, "source": "card.name",
                           "required_if": {"field": "visitor", "equals": "agent"},
                           "specific_personal_information": False})
    with pytest.raises(FormDefinitionError, match="only asked fields can have 'required_if'"):
        parse_definition(data, "x.json")


def test_the_cli_names_the_conditionally_missing_fields(tmp_path):
    from tests.forms.test_forms_cli import kazasu, write_person

    answers = {k: v for k, v in sample_answers("inkan_certificate_request", RECORDS[0]).items()
               if k not in ("agent_name", "agent_address")}
    person = write_person(tmp_path, RECORDS[0], {**answers, "visitor": "agent"})
    out = tmp_path / "x.pdf"
    error = kazasu("forms", "render", "inkan_certificate_request", "--person", str(person),
                   "--out", str(out), ok=False).error
    assert not out.exists()
    assert error["code"] == "form_answers_missing" and error["missing"] == ["agent_name", "agent_address"]
    assert error["required_because"]["agent_address"]["when"] == "visitor"
    assert "代理人の住所" in error["required_because"]["agent_address"]["message_ja"]
    draft = kazasu("forms", "render", "inkan_certificate_request", "--person", str(person),
                   "--out", str(out), "--draft")
    assert draft["missing"] == ["agent_name", "agent_address"]
