"""Small helpers for checking a definition file: each raises FormDefinitionError naming the file
and the field (or layout element), so whoever writes a form learns exactly what to fix.
"""

from __future__ import annotations

from typing import Any

from forms.errors import FormDefinitionError


class Checker:
    """Small helpers that raise FormDefinitionError with the file and field filled in."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, problem: str, where: str | None = None) -> None:
        raise FormDefinitionError(self.file, problem, where)

    def get(self, obj: dict, key: str, kind: type | tuple, where: str | None, default: Any = ...):
        if not isinstance(obj, dict):
            self.fail("expected an object", where)
        if key not in obj:
            if default is ...:
                self.fail(f"'{key}' is required", where)
            return default
        value = obj[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if isinstance(value, bool) and bool not in kinds:
            self.fail(f"'{key}' must be {kind}", where)
        if not isinstance(value, kinds):
            names = "/".join(k.__name__ for k in kinds)
            self.fail(f"'{key}' must be of type {names}", where)
        return value

    def text_pair(self, obj: dict, key: str, where: str | None) -> tuple[str, str]:
        pair = self.get(obj, key, dict, where)
        ja, en = self.get(pair, "ja", str, where), self.get(pair, "en", str, where)
        if not ja.strip() or not en.strip():
            self.fail(f"'{key}' needs non-empty ja and en", where)
        return ja, en

    def easy(self, pair: Any, where: str | None) -> str | None:
        """The optional `easy` words (やさしい日本語) beside a pair's ja and en."""
        words = pair.get("easy") if isinstance(pair, dict) else None
        if words is not None and (not isinstance(words, str) or not words.strip()):
            self.fail("'easy' must be non-empty text", where)
        return words

    def rect(self, obj: dict, where: str, page: tuple[float, float]) -> tuple[float, ...]:
        num = (int, float)
        x, y = self.get(obj, "x", num, where), self.get(obj, "y", num, where)
        w, h = self.get(obj, "w", num, where), self.get(obj, "h", num, where)
        if w <= 0 or h <= 0:
            self.fail("w and h must be positive", where)
        if x < 0 or y < 0 or x + w > page[0] + 1e-6 or y + h > page[1] + 1e-6:
            self.fail(f"rectangle ({x}, {y}, {w}, {h}) mm lies outside the page", where)
        return x, y, w, h

    def choice(self, value: Any, allowed: tuple, what: str, where: str | None) -> None:
        if value not in allowed:
            self.fail(f"{what} must be one of {', '.join(allowed)} (got {value!r})", where)
