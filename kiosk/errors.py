"""The errors a person can meet, by their typed bases, without Qt.

Four bases carry `code`, `message_ja`, `message_en` and `details()`: the card's (`devices.errors.
CardError`), the forms' (`forms.errors.FormError`), the sync's (`sync.errors.SyncError`) and the
kiosk's own, `KioskError` below (the shelter, library, shell, printing, counter and command-line
errors). `SHOWN` lists them: `kiosk.messages.for_error` turns an error of one of them into words and
the command line prints it as `{"error": {...}}`; anything else is an internal error (words that say
so, a traceback only in the log). Nothing reads `message_ja` off an error of any other kind.
"""

from __future__ import annotations

from typing import Any

from devices.errors import CardError
from forms.errors import FormError
from sync.errors import SyncError


class KioskError(Exception):
    """An error of the kiosk's own desks and tools that a person can meet: a stable `code`, what
    happened and what to do in Japanese and English, and `details()` (extra JSON keys). Subclasses
    set the three as class attributes or pass them in; messages never hold a PIN, a My Number or a
    name."""

    code = "kiosk_error"
    message_ja = "処理を続けられませんでした。係員にお知らせください。"
    message_en = "This could not be done. Please tell the staff."

    def __init__(self, message_ja: str | None = None, message_en: str | None = None, *,
                 code: str | None = None, **details: Any) -> None:
        if code:
            self.code = code
        if message_ja:
            self.message_ja = message_ja
        if message_en:
            self.message_en = message_en
        self._details = details
        super().__init__(self.message_en)

    def details(self) -> dict[str, Any]:
        return dict(getattr(self, "_details", {}))


SHOWN: tuple[type[Exception], ...] = (CardError, FormError, SyncError, KioskError)
"""The typed bases of every error a person can meet."""


def is_shown(exc: BaseException) -> bool:
    """Whether `exc` is an error a person can meet (one of the typed bases), with its own words."""
    return isinstance(exc, SHOWN)
