"""Japanese line breaking between phrases (文節), as modern browsers do with BudouX.

Japanese has no spaces, so a line breaker may break it between any two characters, which splits
words (「カードをか」「ざす」). Here a Japanese line is broken only between the phrases BudouX's
Japanese model finds (「カードを」「かざす」), after a space (やさしい日本語 puts spaces between its
phrases), and never against 禁則 (kinsoku): no line starts with 、。）」』ー or a small kana, none ends
with （「『. A kana reading in ASCII brackets (入(い)れる) stays whole and on the line of its kanji, a
番地 of an address (「1番3号」「二丁目8番1号」「1-2-3」) stays whole, and a WORD_JOINER already in the
text is never a break. `keep_numbers(line)` joins the 番地 runs of a value for Qt's own breaker.

`is_japanese(line)`: the line has kana (a line of kanji alone may as well be Chinese).
`breaks(line)`: the indices a Japanese line may break before. `segments(line)`: the line cut at
them (joined again they give the line). `keep_phrases(line, loose)`: the line with WORD_JOINER
(U+2060, invisible, no break) between the characters of each phrase but those in `loose`, for Qt's
own line breaker in rich-text labels; only Japanese lines change. widgets.wrap_lines uses `segments` for button text.

The model is loaded once, on the first Japanese line (`parser()`); results are cached per line.
"""

from __future__ import annotations

import re
from functools import lru_cache

import budoux

WORD_JOINER = "\u2060"   # no line break here (Unicode UAX #14), nothing drawn
NO_BREAK_SPACE = "\u00a0"   # a space that joins (「✓ 受付」: the tick never alone on a line)
NO_START = set("、。，．,.・：；:;？！?!）)」』】〕〉》］]｝}’”ー～…‥々ゝゞヽヾ"
               "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ")
NO_END = set("（「『【〔〈《［｛‘“")
KANA = re.compile("[\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
# a 番地 in an address: 「1番3号」「二丁目8番1号」「3番地の2」「1-2-3」 is one unit, never broken inside
_DIGIT = "0-9０-９〇一二三四五六七八九十"
ADDRESS_NUMBER = re.compile(f"[{_DIGIT}]+(?:(?:丁目|番地|番|号|の|[-－‐−])[{_DIGIT}]*)+")


def number_runs(line: str) -> list[tuple[int, int]]:
    """(start, end) of each 番地-like run of numbers in `line` (kept whole on one line)."""
    return [(m.start(), m.end()) for m in ADDRESS_NUMBER.finditer(line)]


def keep_numbers(line: str) -> str:
    """`line` with WORD_JOINER between the characters of each 番地 run, so Qt's own line breaker
    never ends a line at 「…1番3」 with 「号」 on the next (a value label: kiosk.ui.labels.ValueLabel)."""
    runs = number_runs(line)
    if not runs:
        return line
    out, at = [], 0
    for start, end in runs:
        out.append(line[at:start])
        out.append(WORD_JOINER.join(line[start:end]))
        at = end
    out.append(line[at:])
    return "".join(out)


@lru_cache(maxsize=1)
def parser():
    """BudouX's Japanese parser, loaded once (its 50 kB JSON model, on the first Japanese line)."""
    return budoux.load_default_japanese_parser()


def is_japanese(line: str) -> bool:
    return bool(KANA.search(line))


def kinsoku_ok(text: str, i: int) -> bool:
    """May `text` break before index i as far as 禁則 and word joiners go?"""
    before, after = text[i - 1], text[i]
    return not (after in NO_START or before in NO_END or WORD_JOINER in (before, after)
                or NO_BREAK_SPACE in (before, after))


@lru_cache(maxsize=4096)
def breaks(line: str) -> tuple[int, ...]:
    """The indices (0 < i < len(line)) a Japanese line may break before: between BudouX's phrases
    and after a space, where kinsoku allows it, never inside or before a bracketed reading (...)."""
    kept = [i for i, ch in enumerate(line) if ch != WORD_JOINER]   # the parser never sees a joiner
    bare = "".join(line[i] for i in kept)
    at, starts = 0, set()
    for phrase in parser().parse(bare):
        at += len(phrase)
        starts.add(at)
    starts |= {i + 1 for i, ch in enumerate(bare) if ch.isspace() and ch != NO_BREAK_SPACE}
    depth, inside = 0, set()
    for i, ch in enumerate(bare):
        if ch == "(":
            inside.add(i)       # no break before a reading: it belongs to its kanji
            depth += 1
        elif depth:
            inside.add(i)
            if ch == ")":
                depth -= 1
    for start, end in number_runs(bare):   # a 番地 stays whole: 「1番3号」, never 「1番3 / 号」
        inside.update(range(start + 1, end))
    out = []
    for i in sorted(starts):
        if 0 < i < len(bare) and i not in inside and not bare[i].isspace():
            original = kept[i]
            if original - kept[i - 1] == 1 and kinsoku_ok(line, original):   # no joiner between
                out.append(original)
    return tuple(out)


def segments(line: str) -> list[str]:
    """The line cut where it may break (one piece for a line that is not Japanese)."""
    if not is_japanese(line):
        return [line]
    cuts = [0, *breaks(line), len(line)]
    return [line[a:b] for a, b in zip(cuts, cuts[1:])]


@lru_cache(maxsize=4096)
def keep_phrases(line: str, loose: frozenset[str] = frozenset()) -> str:
    """A Japanese line with WORD_JOINER between the characters of each phrase (Qt then breaks it
    only between phrases and after spaces), except the phrases in `loose` (wider than the label:
    Qt may break those between characters, or they would run past its edge); other lines come
    back as they are."""
    if not is_japanese(line):
        return line
    out = []
    for piece in segments(line):
        for n, ch in enumerate(piece):
            if piece in loose:
                out.append(ch)
                continue
            if n and not (ch.isspace() or piece[n - 1].isspace() or WORD_JOINER in (ch, piece[n - 1])):
                out.append(WORD_JOINER)
            out.append(ch)
    return "".join(out)
