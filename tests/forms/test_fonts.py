"""Font discovery, per-character font choice, the ToUnicode CMap fix, text fitting, address split."""

import pytest

from forms.address import PREFECTURES, split_prefecture
from forms.errors import FontMissingError, GlyphMissingError
from forms.fonts import FontSet, font_dirs, load_fonts, to_unicode_cmap
from forms.textfit import TextTooLongError, fit_text, wrap


def test_prefectures():
    assert len(PREFECTURES) == 47 and len(set(PREFECTURES)) == 47
    assert split_prefecture("京都府京都市中京区") == ("京都府", "京都市中京区")
    assert split_prefecture("北海道札幌市") == ("北海道", "札幌市")
    assert split_prefecture("神奈川県横浜市") == ("神奈川県", "横浜市")
    assert split_prefecture("東京都　新宿区") == ("東京都", "新宿区")
    assert split_prefecture("新宿区西新宿") == ("", "新宿区西新宿")


def test_per_character_choice_uses_ipamj_only_where_biz_ud_lacks_the_glyph():
    fonts = load_fonts()
    runs = fonts.runs("𠮷田　修")
    assert [text for _, text in runs] == ["𠮷", "田　修"]
    assert "ipamj" in runs[0][0] and "gothic" in runs[1][0]
    assert len(fonts.runs("髙橋　﨑子")) == 1          # BIZ UD has both
    mincho = fonts.runs("渡辺", "mincho")
    assert "mincho" in mincho[0][0]


def test_no_font_has_it_raises_instead_of_a_box():
    with pytest.raises(GlyphMissingError) as info:
        load_fonts().runs("A\U000F0000B", field="requester_name")   # a private-use plane character
    assert info.value.details() == {"codepoint": "U+F0000", "field": "requester_name"}


def test_variation_selectors_are_dropped():
    assert "".join(t for _, t in load_fonts().runs("葛\U000E0100飾")) == "葛飾"


def test_missing_fonts_name_the_debian_packages(tmp_path, monkeypatch):
    with pytest.raises(FontMissingError) as info:
        FontSet([tmp_path])
    assert "fonts-morisawa-bizud-gothic" in info.value.message_en
    assert "fonts-ipamj-mincho" in info.value.message_ja
    monkeypatch.setenv("KAZASU_FONT_DIRS", str(tmp_path))
    assert font_dirs()[0] == tmp_path


def test_font_dirs_env_finds_fonts_in_another_folder(tmp_path, monkeypatch):
    for name, source in (("BIZUDGothic-Regular.ttf", "/usr/share/fonts/truetype/bizud-gothic"),
                         ("ipamjm.ttf", "/usr/share/fonts/truetype/ipamj")):
        (tmp_path / "sub").mkdir(exist_ok=True)
        (tmp_path / "sub" / name).symlink_to(f"{source}/{name}")
    fonts = FontSet([tmp_path])
    assert set(fonts.fonts) == {"gothic", "gothic-bold", "mincho", "ipamj"}
    assert fonts.fonts["mincho"] is fonts.fonts["gothic"]   # optional faces fall back


def test_to_unicode_cmap_writes_surrogate_pairs_and_blocks_of_100():
    cmap = to_unicode_cmap("X", [0, 0x20BB7, 0x7530, 0xFA11] + list(range(0x4E00, 0x4E00 + 150)))
    assert "<01> <D842DFB7>" in cmap
    assert "<02> <7530>" in cmap and "<03> <FA11>" in cmap
    assert "<00>" not in cmap.split("endcodespacerange")[1]
    assert "100 beginbfchar" in cmap and "53 beginbfchar" in cmap


def measure_chars(text, size):
    return len(text.rstrip(" 　")) * size


def test_wrap_prefers_a_space_and_keeps_every_character():
    text = "京都市中京区寺町通御池上る　寺町御池ビル三階"
    lines = wrap(text, 15 * 10, 10, measure_chars)
    assert "".join(lines) == text
    assert lines[0].endswith("　")
    assert all(measure_chars(line, 10) <= 150 for line in lines)


def test_wrap_never_starts_a_line_with_closing_punctuation():
    lines = wrap("あいうえお、かきくけこ", 50, 10, measure_chars)
    assert not any(line.startswith("、") for line in lines)


def test_fit_shrinks_then_wraps_then_refuses():
    fit = fit_text("あ" * 10, 100, 20, 10, 4, measure_chars, allow_wrap=False)
    assert fit.size == 10 and fit.lines == ("あ" * 10,)
    fit = fit_text("あ" * 20, 100, 20, 10, 4, measure_chars, allow_wrap=False)
    assert fit.size == 5
    fit = fit_text("あ" * 20, 100, 30, 10, 4, measure_chars, allow_wrap=True)
    assert fit.size == 10 and len(fit.lines) == 2 and fit.height <= 30
    with pytest.raises(TextTooLongError):
        fit_text("あ" * 200, 100, 10, 10, 6, measure_chars, allow_wrap=True, field="f")


def test_extraction_survives_many_subsets(tmp_path):
    """Over 256 distinct characters make reportlab write several subsets; each gets the fixed map."""
    import pymupdf
    from reportlab.pdfgen.canvas import Canvas

    fonts = load_fonts()
    kanji = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 600) if fonts.has_glyph(
        fonts.fonts["gothic"], chr(c)))[:400]
    text = kanji + "𠮷" + kanji[:10] + "𠮷"
    canvas = Canvas(str(tmp_path / "many.pdf"), initialFontName=fonts.fonts["gothic"].fontName)
    y = 800
    for start in range(0, len(text), 40):
        x = 20
        for name, run in fonts.runs(text[start:start + 40]):
            canvas.setFont(name, 10)
            canvas.drawString(x, y, run)
            x += fonts.width(run, "gothic", 10)
        y -= 14
    canvas.save()
    page = pymupdf.open(tmp_path / "many.pdf")[0]
    assert page.get_text().replace("\n", "") == text
    assert len({f[3] for f in page.get_fonts()}) >= 3      # two BIZ UD subsets and IPAmj
