"""Every shipped form for every fixture person: rendered, read back with PyMuPDF, checked.

Every character of name and address is in the extracted text, no drawn glyph is the missing glyph,
every value lies inside its box, and the My Number appears only on forms whose legal basis allows it.
"""

import pymupdf
import pytest
from reportlab.lib.units import mm

from forms.fill import fill_form
from forms.pdf import render_pdf
from forms.registry import list_forms
from tests.forms.conftest import IDS, PEOPLE, TODAY
from tests.forms.samples import record_with_my_number, sample_answers

FORMS = list_forms()
FORM_IDS = [f.id for f in FORMS]
CASES = [(form, i) for form in FORMS for i in range(len(PEOPLE))]
CASE_IDS = [f"{form.id}-{IDS[i]}" for form, i in CASES]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("all")
    result = {}
    for form, i in CASES:
        record = record_with_my_number(i)
        filled = fill_form(form, record, sample_answers(form.id, record), today=TODAY)
        assert filled.complete, (form.id, filled.missing, filled.errors)
        result[form.id, i] = (filled, render_pdf(filled, folder / f"{form.id}-{i}.pdf"))
    return result


def test_five_forms_are_shipped():
    assert FORM_IDS == ["inkan_certificate_request", "jidou_teate_ninteiseikyu",
                        "juminhyo_request", "kokuho_shikaku_shutoku", "tennyu_todoke"]


@pytest.mark.parametrize("form, index", CASES, ids=CASE_IDS)
def test_name_and_address_characters_and_glyphs(rendered, form, index):
    filled, out = rendered[form.id, index]
    doc = pymupdf.open(out)
    assert doc.page_count == 1
    page = doc[0]
    text = page.get_text()
    person = PEOPLE[index]
    assert person["name"] in text
    missing = {ch for ch in person["address"] if ch not in text}
    assert not missing, missing
    assert "₻" not in text
    for span in page.get_texttrace():
        for char in span["chars"]:
            assert char[1] != 0, f"missing glyph for U+{char[0]:04X} in {span['font']}"


@pytest.mark.parametrize("form, index", CASES, ids=CASE_IDS)
def test_every_value_inside_its_box(rendered, form, index):
    filled, out = rendered[form.id, index]
    page = pymupdf.open(out)[0]
    chars = [(chr(c[0]), pymupdf.Point(c[2]), pymupdf.Rect(c[3]))
             for span in page.get_texttrace() for c in span["chars"]]
    for f in form.fields:
        value = filled.values[f.id]
        if f.box is None or f.box.style == "options" or not value:
            continue
        b = f.box
        box = pymupdf.Rect(b.x * mm, b.y * mm, (b.x + b.w) * mm, (b.y + b.h) * mm)
        inside = [(ch, rect) for ch, origin, rect in chars if box.contains(origin)]
        expected = value.replace(" ", "") if b.style == "digits" else value
        assert "".join(ch for ch, _ in inside) == expected, f.id
        for ch, rect in inside:
            if ch.strip(" \u3000"):
                assert box.x0 <= rect.x0 + 0.01 and rect.x1 <= box.x1 + 0.01, (f.id, ch)
                assert box.y0 <= rect.y0 + 0.5 and rect.y1 <= box.y1 + 0.5, (f.id, ch)


@pytest.mark.parametrize("form, index", CASES, ids=CASE_IDS)
def test_my_number_only_where_the_law_allows(rendered, form, index):
    filled, out = rendered[form.id, index]
    digits = "".join(ch for ch in pymupdf.open(out)[0].get_text() if ch.isdigit())
    number = PEOPLE[index]["my_number"]
    if form.reads_my_number:
        assert number in digits
        assert filled.person.my_number == number
        shown = [v for k, v in filled.screen_values().items() if form.field(k).mask_on_screen]
        assert shown and all(number not in v.replace(" ", "") and v.endswith(number[-4:])
                             for v in shown)
    else:
        assert number not in digits
        assert filled.person.my_number == ""
    assert number not in repr(filled.person)


def test_areas_and_municipality_boxes(rendered):
    filled, _ = rendered["kokuho_shikaku_shutoku", 5]
    assert (filled.values["head_prefecture"], filled.values["head_municipality"]) == \
        ("京都府", "京都市中京区")
    assert filled.values["head_address_rest"].startswith("寺町通")
