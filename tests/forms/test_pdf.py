"""Rendering the shipped form for every fixture person and reading the PDF back with PyMuPDF.

Checks: no missing glyph anywhere (texttrace glyph ids), exact names and addresses survive text
extraction (𠮷 outside the BMP, 﨑 U+FA11), 和暦 birth dates, embedded subset fonts, every field's
text inside its box, and the draft leaves asked fields blank.
"""

import re

import pymupdf
import pytest
from reportlab.lib.units import mm

from forms.fill import fill_form
from forms.pdf import page_count, render_pdf
from tests.forms.conftest import IDS, KANA, RECORDS, TODAY, answers_for


@pytest.fixture(scope="module")
def rendered(juminhyo, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    result = {}
    for i, record in enumerate(RECORDS):
        filled = fill_form(juminhyo, record, answers_for(record), today=TODAY)
        out = render_pdf(filled, folder / f"person{i}.pdf")
        result[record["name"]] = (filled, out)
    return result


def open_page(path):
    doc = pymupdf.open(path)
    assert doc.page_count == 1
    return doc, doc[0]


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_every_glyph_exists(rendered, record):
    _, out = rendered[record["name"]]
    doc, page = open_page(out)
    drawn = 0
    for span in page.get_texttrace():
        for char in span["chars"]:
            assert char[1] != 0, f"missing glyph for U+{char[0]:04X} in {span['font']}"
            drawn += 1
    assert drawn > 300


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_text_extracts_exactly(rendered, record):
    filled, out = rendered[record["name"]]
    doc, page = open_page(out)
    text = page.get_text()
    flat = text.replace("\n", "")
    assert record["name"] in text
    assert record["address"] in flat            # the subject's address, possibly wrapped
    assert filled.values["requester_address_rest"] in flat
    assert filled.values["requester_birth_wareki"] in text
    assert filled.values["requester_birth_gregorian"] in text
    assert KANA[record["name"]] in text
    assert "令和7年11月23日" in text and "住民票の写し等交付請求書" in text
    assert "₻" not in text


def test_rare_characters_survive_extraction(rendered):
    _, out = rendered["𠮷田　修"]
    text = open_page(out)[1].get_text()
    assert text.count("𠮷田　修") == 2 and "\U00020BB7" in text and "平成31年4月30日" in text
    _, out = rendered["髙橋　﨑子"]
    text = open_page(out)[1].get_text()
    assert "髙橋　﨑子" in text and "\uFA11" in text and "令和元年5月1日" in text


def test_fonts_are_embedded_subsets(rendered):
    _, out = rendered["𠮷田　修"]
    doc, page = open_page(out)
    fonts = page.get_fonts()
    names = {f[3] for f in fonts}
    assert any("IPAmjMincho" in n for n in names) and any("BIZUDGothic" in n for n in names)
    for xref, ext, kind, basefont, *_ in fonts:
        assert ext == "ttf" and kind == "TrueType", basefont
        assert re.match(r"^[A-Z]{6}\+", basefont), basefont
        assert len(doc.xref_stream(_font_file_xref(doc, xref))) > 1000   # the subset font itself
    assert page_count(out) == 1


def _font_file_xref(doc, font_xref):
    descriptor = int(doc.xref_get_key(font_xref, "FontDescriptor")[1].split()[0])
    return int(doc.xref_get_key(descriptor, "FontFile2")[1].split()[0])


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_every_value_stays_inside_its_box(juminhyo, rendered, record):
    filled, out = rendered[record["name"]]
    _, page = open_page(out)
    chars = [(chr(c[0]), pymupdf.Point(c[2]), pymupdf.Rect(c[3]))
             for span in page.get_texttrace() for c in span["chars"]]
    for f in juminhyo.fields:
        if f.box is None or f.box.style != "text" or not filled.values[f.id]:
            continue
        b = f.box
        box = pymupdf.Rect(b.x * mm, b.y * mm, (b.x + b.w) * mm, (b.y + b.h) * mm)
        inside = [(ch, rect) for ch, origin, rect in chars if box.contains(origin)]
        assert "".join(ch for ch, _ in inside) == filled.values[f.id], f.id
        for ch, rect in inside:
            if ch.strip(" \u3000"):
                assert box.x0 <= rect.x0 and rect.x1 <= box.x1 + 0.01, (f.id, ch)
                assert box.y0 <= rect.y0 + 0.5 and rect.y1 <= box.y1 + 0.5, (f.id, ch)


def test_the_long_kyoto_address_wraps_inside_its_box(rendered, juminhyo):
    filled, out = rendered["渡辺　美咲"]
    _, page = open_page(out)
    b = juminhyo.field("subject_address").box
    box = pymupdf.Rect(b.x * mm, b.y * mm, (b.x + b.w) * mm, (b.y + b.h) * mm)
    lines = [line for line in page.get_text("dict", clip=box)["blocks"][0]["lines"]]
    assert len(lines) == 2


def test_draft_leaves_asked_fields_blank(juminhyo, tmp_path):
    record = RECORDS[4]
    filled = fill_form(juminhyo, record, answers_for(record), today=TODAY)
    full = open_page(render_pdf(filled, tmp_path / "full.pdf"))[1]
    draft = open_page(render_pdf(filled, tmp_path / "draft.pdf", draft=True))[1]
    full_text, draft_text = full.get_text(), draft.get_text()
    for asked in ("よしだ　おさむ", "090-1234-5678", "勤務先"):
        assert asked in full_text and asked not in draft_text
    assert full_text.count(record["name"]) == 2 and draft_text.count(record["name"]) == 1
    assert "平成31年4月30日" in draft_text and "住民票の写し（世帯全員）" in draft_text
    # the options are printed for a handwritten tick, but no box is ticked except office ones
    assert len(draft.get_drawings()) < len(full.get_drawings())


def test_a_draft_without_answers_renders(juminhyo, tmp_path):
    filled = fill_form(juminhyo, RECORDS[5], {}, today=TODAY)
    assert filled.missing
    out = render_pdf(filled, tmp_path / "blank.pdf", draft=True)
    text = open_page(out)[1].get_text()
    assert RECORDS[5]["name"] in text and "わたなべ" not in text
