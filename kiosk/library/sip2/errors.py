"""Typed errors of the SIP2 client: every failure of the wire or the library system is one of these
(never a bare socket, decode or index error), with Japanese and English words for the desk.

- `Sip2Unavailable` — the ILS does not answer (refused, reset, timed out): the desk goes off-line.
- `Sip2Malformed` — an answer that is not SIP2 2.00 (bad length, field, date, checksum, wrong reply).
- `Sip2LoginRefused` — 94 with ok 0: the account in library.json is wrong.
"""

from __future__ import annotations

from kiosk.library.errors import LibraryError


class Sip2Error(LibraryError):
    code = "ils_error"
    message_ja = "図書館システムとの通信でエラーが発生しました。係員にお知らせください。"
    message_en = "Talking to the library system failed. Please tell the staff."


class Sip2Unavailable(Sip2Error):
    code = "ils_unavailable"
    message_ja = "図書館システムに接続できません。しばらくしてからもう一度お試しください。"
    message_en = "The library system does not answer. Try again in a moment."


class Sip2Malformed(Sip2Error):
    code = "ils_malformed_answer"
    message_ja = "図書館システムの応答が SIP2 の形式ではありません。係員にお知らせください。"
    message_en = "The library system's answer is not valid SIP2. Please tell the staff."


class Sip2LoginRefused(Sip2Error):
    code = "ils_login_refused"
    message_ja = ("図書館システムが端末のログインを拒否しました。library.json の ils.login と "
                  "ils.password を確かめてください。")
    message_en = ("The library system refused this terminal's login. Check ils.login and ils.password "
                  "in library.json.")
