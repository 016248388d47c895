"""Japanese wrapping: phrases (文節, kiosk.ui.linebreak with BudouX) kept whole on a label's lines, and a
button's Japanese line broken between phrases.

A label's Japanese lines carry WORD_JOINER between the characters of each phrase (Qt's line breaker
would otherwise break between any two kana or kanji); `wrap_lines` breaks a button's line between
phrases (never inside one that fits, never before a closing bracket or a small kana: 禁則).
"""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QFontMetrics, QFontMetricsF

from kiosk.ui import linebreak

WORD_JOINER = linebreak.WORD_JOINER   # no line break here (Unicode UAX #14), nothing drawn


WRAP_WIDTH = 1000   # at a large text scale, button lines longer than this (px) are broken


def keep_readings(words: str) -> str:
    """A kana reading in brackets stays on the line of its kanji (入(い)れる never breaks before
    "("); only what is drawn changes, not the accessible name."""
    return words.replace("(", WORD_JOINER + "(")


def keep_words(line: str, font=None, width: int | None = None) -> str:
    """What a rich-text label shows of a line: a Japanese line's phrases kept whole (WORD_JOINER
    between their characters) but for those wider than `width` px in `font` (a label's width, when
    known: such a phrase would run past the label's edge, so Qt may break it anywhere); any other
    line as it is."""
    loose = frozenset()
    if font is not None and width and linebreak.is_japanese(line):
        fm = QFontMetricsF(font)
        if fm.horizontalAdvance(line.replace(WORD_JOINER, "")) <= width:
            return line   # it fits on one line: there is no break to steer
        loose = frozenset(p for p in linebreak.segments(line)
                          if fm.horizontalAdvance(p.replace(WORD_JOINER, "").strip()) > width)
    return linebreak.keep_phrases(line, loose)


# BIZ UD Gothic has no glyph for WORD_JOINER, so Qt takes it from a fallback font (DejaVu Sans) whose
# taller ascent and descent would make the whole line taller; at 1 pt it cannot.
JOINER_HTML = f"<span style='font-size:1pt'>{WORD_JOINER}</span>"


def joined_html(words: str) -> str:
    """`words` escaped for rich text, each WORD_JOINER in a span too small to change the line height."""
    return escape(words).replace(WORD_JOINER, JOINER_HTML)


def wrap_lines(words: str, font, width: int) -> str:
    """Break each line of `words` so that none is wider than `width` px in `font` where it can be
    helped: a Japanese line between its phrases (kiosk.ui.linebreak; a phrase wider than `width` alone
    breaks between characters, never against 禁則), any other line at its spaces (English), or
    between characters when it has none. For button text at large scales."""
    fm = QFontMetrics(font)

    def fits(piece: str) -> bool:
        return fm.horizontalAdvance(piece) <= width

    out = []
    for line in words.split("\n"):
        if linebreak.is_japanese(line):
            out.extend(_fill(linebreak.segments(line), fits))
            continue
        current = ""
        for token in (line.split(" ") if " " in line else list(line)):
            joiner = " " if " " in line and current else ""
            if current and not fits(current + joiner + token):
                out.append(current)
                current = token
            else:
                current += joiner + token
        out.append(current)
    return "\n".join(out)


def _fill(segments: list[str], fits) -> list[str]:
    """Lines of whole segments (phrases), each as long as `fits` allows; a segment too wide for a
    line of its own is broken between its characters where kinsoku allows."""
    lines, current = [], ""
    for segment in segments:
        if fits((current + segment).rstrip()):
            current += segment
            continue
        if current.strip():
            lines.append(current.rstrip())
        current = segment.lstrip()
        if not fits(current.rstrip()):
            *whole, current = _split_long(current, fits)
            lines.extend(whole)
    lines.append(current.rstrip())
    return lines


def _split_long(text: str, fits) -> list[str]:
    """`text` (one phrase wider than a line) in pieces that fit, broken at the last character where
    kinsoku allows; where it allows none within the width, at the first place after it (a line
    never starts with 、。ー or a small kana, even if it is a character too wide)."""
    pieces, start = [], 0
    for end in range(2, len(text) + 1):
        if end - start < 2 or fits(text[start:end]):
            continue
        allowed = [i for i in range(start + 1, len(text)) if linebreak.kinsoku_ok(text, i)]
        within = [i for i in allowed if i < end]
        cut = within[-1] if within else next(iter(allowed), None)
        if cut is None:
            break
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces
