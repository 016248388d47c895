"""Errors the forms package raises, in the project's user-facing shape.

Each carries `code`, `message_ja`, `message_en` and `details()`; messages never hold a name, an address
or a My Number (details may hold a field id, a file name or a code point).
"""

from __future__ import annotations

from typing import Any


class FormError(Exception):
    """Base of every forms error."""

    code = "form_error"

    def __init__(self, message_ja: str, message_en: str, **details: Any) -> None:
        super().__init__(message_en)
        self.message_ja = message_ja
        self.message_en = message_en
        self._details = {k: v for k, v in details.items() if v is not None}

    def details(self) -> dict[str, Any]:
        return dict(self._details)


class FormDefinitionError(FormError):
    """A definition file is not valid; names the file and, where it applies, the field."""

    code = "form_definition_invalid"

    def __init__(self, file: str, problem: str, field: str | None = None) -> None:
        where = f"{file}" + (f" (field '{field}')" if field else "")
        super().__init__(
            f"様式定義ファイル {where} に誤りがあります: {problem}",
            f"Form definition {where} is invalid: {problem}",
            file=file, field=field, problem=problem,
        )
        self.file = file
        self.field = field
        self.problem = problem


class UnknownFormError(FormError):
    code = "form_unknown"

    def __init__(self, form_id: str) -> None:
        super().__init__(
            f"様式「{form_id}」はありません。`kazasu forms list` で一覧を確認してください。",
            f"There is no form '{form_id}'. See `kazasu forms list`.",
            form=form_id,
        )


class PersonRecordError(FormError):
    """The person record (what `kazasu card read --json` prints) is missing a key or malformed."""

    code = "person_record_invalid"

    def __init__(self, problem_ja: str, problem_en: str, key: str | None = None) -> None:
        super().__init__(
            f"本人情報が正しくありません: {problem_ja}",
            f"The person record is not valid: {problem_en}",
            key=key,
        )


class MissingAnswersError(FormError):
    """Required asked fields have no answer (only a draft may be printed without them)."""

    code = "form_answers_missing"

    def __init__(self, missing: list[str], errors: list[dict] | None = None,
                 required_because: dict[str, dict] | None = None) -> None:
        super().__init__(
            "入力が必要な項目があります。項目を入力するか、手書き用の下書き（--draft）で印刷してください。",
            "Some required answers are missing or invalid. Answer them, or print a draft (--draft) "
            "to finish by hand.",
            missing=list(missing), invalid=list(errors or []) or None,
            required_because=dict(required_because or {}) or None,
        )
        self.missing = list(missing)


class FontMissingError(FormError):
    code = "font_missing"

    def __init__(self, font: str, searched: list[str]) -> None:
        super().__init__(
            f"フォント {font} が見つかりません。Debian パッケージ fonts-morisawa-bizud-gothic と "
            "fonts-ipamj-mincho を入れるか、KAZASU_FONT_DIRS でフォントの場所を指定してください。",
            f"Font {font} was not found. Install the Debian packages fonts-morisawa-bizud-gothic and "
            "fonts-ipamj-mincho, or point KAZASU_FONT_DIRS at the folder holding it.",
            font=font, searched=searched,
        )


class GlyphMissingError(FormError):
    """No installed font has a glyph for a character; printing a box instead is never acceptable."""

    code = "glyph_missing"

    def __init__(self, char: str, field: str | None = None) -> None:
        codepoint = f"U+{ord(char):04X}"
        super().__init__(
            f"文字 {codepoint} を印刷できるフォントがありません。IPAmj明朝が入っているか確認してください。",
            f"No installed font can print the character {codepoint}. Check that IPAmj Mincho is "
            "installed.",
            codepoint=codepoint, field=field,
        )
