"""Japanese line breaking between phrases (kiosk.ui.linebreak, BudouX): wrapping.wrap_lines on real
button words at several widths (a phrase that fits is never split, 禁則 holds, English breaks at its
spaces as before), and a rich-text label at 200 % whose laid-out lines start only at phrase
boundaries (Qt's own line breaker, kept off mid-phrase by WORD_JOINER)."""

from __future__ import annotations

import time

import pytest
from PySide6.QtGui import QFontMetrics, QTextDocument

from kiosk.messages import Bilingual
from kiosk.ui import a11y, linebreak, theme, wrapping
from kiosk.ui import labels as widgets

SENTENCE = "マイナンバーカードを読み取り機に置いてください"
PHRASES = ["マイナンバーカードを", "読み取り機に", "置いてください"]
LONG = ("証明書を印刷しています。しばらくお待ちください。印刷が終わりましたら、"
        "取り出し口から証明書とマイナンバーカードをお取りください。")


@pytest.fixture
def large(qapp):
    theme.apply(qapp, text_scale=2.0)
    yield qapp
    theme.apply(qapp, text_scale=1.0, high_contrast=False)


def button_font(qapp):
    probe = widgets.button(Bilingual("置く", "Put"))
    probe.ensurePolished()
    return probe.font()


def starts(lines: list[str]) -> list[int]:
    """Where each line after the first starts in the joined text."""
    at, out = 0, []
    for line in lines[:-1]:
        at += len(line)
        out.append(at)
    return out


def test_the_parser_gives_phrases_and_is_loaded_once():
    assert linebreak.segments(SENTENCE) == PHRASES
    assert linebreak.parser() is linebreak.parser()
    began = time.perf_counter()
    for n in range(200):
        linebreak.breaks.__wrapped__(SENTENCE + str(n))   # uncached: the parser's real cost
    assert (time.perf_counter() - began) / 200 < 0.002   # well under 2 ms a line


def test_wrap_lines_never_splits_a_phrase_that_fits(large):
    font = button_font(large)
    fm = QFontMetrics(font)
    widest = max(fm.horizontalAdvance(p) for p in PHRASES)
    phrase_starts = set(starts(PHRASES))
    seen = set()
    for width in range(widest, fm.horizontalAdvance(SENTENCE) + 40, 37):
        lines = wrapping.wrap_lines(SENTENCE, font, width).split("\n")
        assert "".join(lines) == SENTENCE
        assert all(fm.horizontalAdvance(line) <= width for line in lines), (width, lines)
        assert set(starts(lines)) <= phrase_starts, (width, lines)
        seen.add(len(lines))
    assert seen == {1, 2, 3}   # the widths tried break it in three, two and one line(s)
    # the old character breaker would have cut 「カードを」 at this width
    assert wrapping.wrap_lines(SENTENCE, font, widest).split("\n") == PHRASES


def test_a_phrase_wider_than_the_line_breaks_inside_obeying_kinsoku(large):
    font = button_font(large)
    fm = QFontMetrics(font)
    for words in ("「マイナンバーカード」は、ちょっと待ってください。", "キャッシュカードをチャージしてください。"):
        for width in range(fm.horizontalAdvance("あああ"), fm.horizontalAdvance(words), 23):
            lines = wrapping.wrap_lines(words, font, width).split("\n")
            assert "".join(lines) == words
            for line in lines[1:]:
                assert line[0] not in linebreak.NO_START, (width, lines)
            for line in lines[:-1]:
                assert line[-1] not in linebreak.NO_END, (width, lines)


def test_readings_and_spaces_of_easy_japanese(large):
    font = button_font(large)
    fm = QFontMetrics(font)
    words = "カードを 入\u2060(い)れる ところに 置(お)いて ください"
    width = fm.horizontalAdvance("ところに 置(お)いて") + 2
    lines = wrapping.wrap_lines(wrapping.keep_readings(words), font, width).split("\n")
    assert [line.replace(wrapping.WORD_JOINER, "") for line in lines] == [
        "カードを 入(い)れる", "ところに 置(お)いて", "ください"]


def test_english_breaks_at_spaces_as_before(large):
    font = button_font(large)
    fm = QFontMetrics(font)
    words = "Please put your My Number card on the reader"
    for width in (fm.horizontalAdvance("Number") + 1, fm.horizontalAdvance("Please put your") + 1, 900):
        expected, current = [], ""
        for word in words.split(" "):   # greedy, at spaces only
            if current and fm.horizontalAdvance(f"{current} {word}") > width:
                expected.append(current)
                current = word
            else:
                current = f"{current} {word}" if current else word
        expected.append(current)
        assert wrapping.wrap_lines(words, font, width).split("\n") == expected
        assert len(expected) > 1 or width == 900
    assert wrapping.keep_words(words) == words   # no joiners in English


def laid_out_lines(label) -> list[str]:
    """The lines Qt lays out for the label's first (Japanese) paragraph at the label's width."""
    doc = QTextDocument()
    doc.setDefaultFont(label.font())
    doc.setDocumentMargin(0)
    doc.setHtml(label.text())
    doc.setTextWidth(label.contentsRect().width())
    doc.size()   # lays it out
    block = doc.begin()
    text, layout = block.text(), block.layout()
    return [text[layout.lineAt(i).textStart():][:layout.lineAt(i).textLength()]
            for i in range(layout.lineCount())]


@pytest.mark.parametrize("width", [460, 560, 700, 900])   # the widest phrase is about 443 px
def test_a_label_at_200_percent_breaks_only_between_phrases(large, qtbot, width):
    label = widgets.label(Bilingual(LONG, "Your certificate is being printed."))
    qtbot.addWidget(label)
    label.setFixedWidth(width)
    label.show()
    fm = QFontMetrics(label.font())
    assert max(fm.horizontalAdvance(p) for p in linebreak.segments(LONG)) < width
    lines = [line.replace(wrapping.WORD_JOINER, "") for line in laid_out_lines(label)]
    assert len(lines) >= 3 and "".join(lines) == LONG
    boundaries = set(starts(linebreak.segments(LONG)))
    assert set(starts(lines)) <= boundaries, lines
    # the joiners are only drawn text: the accessible name has none
    assert wrapping.WORD_JOINER not in label.accessibleName()
    assert LONG in label.accessibleName()
    assert wrapping.WORD_JOINER not in a11y.plain_text(label)


def test_a_phrase_wider_than_the_label_may_break_inside(large, qtbot):
    """QLabel breaks only at word boundaries: a phrase kept whole that is wider than the label would
    run past its edge, so a label narrower than a phrase gives that phrase no joiners (and gets
    them back when it is wide enough again)."""
    from PySide6.QtGui import QTextOption

    label = widgets.label(Bilingual(LONG, "Your certificate is being printed."))
    qtbot.addWidget(label)
    fm = QFontMetrics(label.font())
    widest = max(fm.horizontalAdvance(p) for p in linebreak.segments(LONG))   # マイナンバーカードを
    label.setFixedWidth(widest - 60)
    label.show()
    doc = QTextDocument()
    doc.setDefaultFont(label.font())
    doc.setDocumentMargin(0)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)   # as QLabel lays it out
    doc.setDefaultTextOption(option)
    doc.setHtml(label.text())
    doc.setTextWidth(label.contentsRect().width())
    doc.size()
    layout = doc.begin().layout()
    assert layout.lineCount() > 4
    assert all(layout.lineAt(i).naturalTextWidth() <= label.contentsRect().width() + 0.5
               for i in range(layout.lineCount()))
    label.setFixedWidth(widest + 20)
    qtbot.waitUntil(lambda: set(starts([line.replace(wrapping.WORD_JOINER, "") for line in laid_out_lines(label)]))
                    <= set(starts(linebreak.segments(LONG))))


def line_heights(label) -> list[float]:
    doc = QTextDocument()
    doc.setDefaultFont(label.font())
    doc.setHtml(label.text())
    doc.setTextWidth(label.contentsRect().width())
    doc.size()
    layout = doc.begin().layout()
    return [layout.lineAt(i).height() for i in range(layout.lineCount())]


def test_the_joiners_do_not_make_lines_taller(large, qtbot):
    """BIZ UD Gothic has no glyph for WORD_JOINER: the fallback font's taller metrics must not
    reach the line height (the joiner is 1 pt)."""
    label = widgets.label(Bilingual(LONG, "Your certificate is being printed."), "title")
    qtbot.addWidget(label)
    label.setFixedWidth(900)
    with_joiners = line_heights(label)
    label.setText(label.text().replace(wrapping.WORD_JOINER, ""))
    assert with_joiners == line_heights(label)[:len(with_joiners)]
    assert len(with_joiners) >= 3


def test_without_joiners_qt_would_split_phrases(large, qtbot):
    """The check above has teeth: the same words without the joiners break mid-phrase."""
    label = widgets.label(Bilingual(LONG, "Your certificate is being printed."))
    qtbot.addWidget(label)
    label.setFixedWidth(560)
    label.setText(label.text().replace(wrapping.WORD_JOINER, ""))
    lines = laid_out_lines(label)
    assert not set(starts(lines)) <= set(starts(linebreak.segments(LONG)))


ADDRESS = "東京都千代田区霞が関一丁目1番3号霞が関ハイツ101号室"


@pytest.mark.parametrize("line, run", [
    ("東京都新宿区西新宿二丁目８番１号", "二丁目８番１号"),
    (ADDRESS, "一丁目1番3号"),
    ("大阪市北区梅田3番地の2", "3番地の2"),
    ("札幌市中央区北1条西2-3-4", "2-3-4"),
])
def test_a_banchi_is_never_a_place_to_break(line, run):
    start = line.index(run)
    assert not [i for i in linebreak.breaks(line) if start < i < start + len(run)]
    assert run.replace("", wrapping.WORD_JOINER)[1:-1] in linebreak.keep_numbers(line)
    assert linebreak.keep_numbers(line).replace(wrapping.WORD_JOINER, "") == line


@pytest.mark.parametrize("width", range(300, 900, 24))
def test_an_address_value_keeps_its_banchi_on_one_line(large, qtbot, width):
    """The address as the preview shows it (a value label): at every width, 「1番3号」 is on one line."""
    value = widgets.plain(ADDRESS, "readout")
    qtbot.addWidget(value)
    value.setFixedWidth(width)
    value.show()
    if QFontMetrics(value.font()).horizontalAdvance("一丁目1番3号") >= value.contentsRect().width():
        pytest.skip("the 番地 alone is wider than the label: it has to break somewhere")
    lines = [line.replace(wrapping.WORD_JOINER, "") for line in laid_out_lines(value)]
    assert "".join(lines) == ADDRESS and len(lines) > 1
    assert any("1番3号" in line for line in lines), lines
    assert value.value() == ADDRESS   # the value itself has no joiners
