"""Fitting text into a box: the largest size at which it fits on one line, or wrapped over several.

Pure functions over a width function, so they are tested without drawing. Wrapping is per character
(Japanese has no spaces between words), prefers a break at a space in the second half of a line, and
never starts a line with closing punctuation or a small kana (a light form of 禁則処理).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from forms.errors import FormError

LINE_HEIGHT = 1.2
SIZE_STEP = 0.5
ABSOLUTE_MIN_SIZE = 4.0
NO_LINE_START = set("、。，．,.)）」』】〕〉》ー々ゝゞぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ・：；!?！？")
SPACES = " 　"

WidthFn = Callable[[str, float], float]


@dataclass(frozen=True)
class Fit:
    size: float
    lines: tuple[str, ...]

    @property
    def height(self) -> float:
        return self.size * LINE_HEIGHT * len(self.lines)


class TextTooLongError(FormError):
    code = "form_text_too_long"

    def __init__(self, field: str | None) -> None:
        super().__init__("文字が多すぎて枠に収まりません。", "The text is too long to fit in its box.",
                         field=field)


def wrap(text: str, width: float, size: float, measure: WidthFn) -> list[str]:
    """Greedy per-character line breaking of `text` into lines no wider than `width`.

    Spaces at a break stay at the end of the first line (they take no visible room; `visible_width`
    ignores them), so joining the lines always gives back `text` exactly.
    """
    lines: list[str] = []
    line = ""
    for char in text:
        if not line.strip(SPACES) or measure(line + char, size) <= width:
            line += char
            continue
        if char in SPACES:
            lines.append(line + char)
            line = ""
            continue
        cut = _break_point(line)
        head, tail = line[:cut], line[cut:]
        if not tail and char in NO_LINE_START and len(head) > 1:
            head, tail = head[:-1], head[-1]
        while tail and tail[0] in NO_LINE_START and len(head) > 1:
            head, tail = head[:-1], head[-1] + tail
        lines.append(head)
        line = tail + char
    if line:
        lines.append(line)
    return lines


def visible_width(line: str, size: float, measure: WidthFn) -> float:
    return measure(line.rstrip(SPACES), size)


def _break_point(line: str) -> int:
    for i in range(len(line) - 1, len(line) // 2, -1):
        if line[i] in SPACES:
            return i + 1
    return len(line)


def fit_text(text: str, width: float, height: float, size: float, min_size: float,
             measure: WidthFn, allow_wrap: bool, field: str | None = None) -> Fit:
    """The largest size (from `size` down) at which `text` fits `width` × `height` points.

    One line is preferred at every size; with `allow_wrap` several lines are tried before shrinking
    further. Text that does not fit even at `min_size` raises `TextTooLongError` (never overflows).
    """
    current = size
    while current >= max(min_size, ABSOLUTE_MIN_SIZE) - 1e-9:
        if measure(text, current) <= width and current * LINE_HEIGHT <= height + 1e-6:
            return Fit(current, (text,))
        if allow_wrap:
            lines = wrap(text, width, current, measure)
            fits = all(visible_width(line, current, measure) <= width for line in lines)
            if fits and current * LINE_HEIGHT * len(lines) <= height + 1e-6:
                return Fit(current, tuple(lines))
        current -= SIZE_STEP
    raise TextTooLongError(field)
