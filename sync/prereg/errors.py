"""The typed errors of a pre-registration code: each checks no one in and says what to do."""

from __future__ import annotations

from typing import Any

from sync.errors import SyncError


class PreregError(SyncError):
    """A code that cannot be used: `code`, `message_ja`, `message_en`, `details()`."""

    code = "qr_invalid"
    message_ja = ("このコードは読めません。コードをもう一度読み取るか、係員が手で入力してください。")
    message_en = "This code cannot be read. Scan it again, or staff type the details by hand."

    def __init__(self, message_en: str | None = None, *, message_ja: str | None = None,
                 **details: Any) -> None:
        super().__init__(message_en, message_ja=message_ja)
        self._details = details

    def details(self) -> dict[str, Any]:
        return dict(self._details)


class NotACodeError(PreregError):
    code = "qr_not_prereg"
    message_ja = ("これは事前登録のコードではありません。事前登録のページで作ったコードを読み取ってください。")
    message_en = ("This is not a pre-registration code. Scan the code made on the pre-registration page.")


class TruncatedError(PreregError):
    code = "qr_truncated"
    message_ja = ("コードの一部しか読み取れませんでした。画面を明るくして、コード全体をもう一度読み取ってください。"
                  "だれも受付していません。")
    message_en = ("Only part of the code was read. Make the screen brighter and scan the whole code again. "
                  "No one was checked in.")


class TamperedError(PreregError):
    code = "qr_tampered"
    message_ja = ("コードの中身が作られたときと違います（書き換えられたか、壊れています）。だれも受付していません。"
                  "ご本人にページでコードを作り直してもらうか、手で入力してください。")
    message_en = ("The code's contents are not what was made (changed or damaged). No one was checked in. "
                  "Ask the resident to make the code again on the page, or type the details by hand.")


class ForeignSiteError(PreregError):
    code = "qr_foreign_site"
    message_ja = ("このコードは別の場所（{site}）あてに作られたため、ここでは読めません。だれも受付していません。"
                  "この場所のポスターのページでコードを作り直してもらうか、手で入力してください。")
    message_en = ("This code was made for another place ({site}) and cannot be read here. No one was "
                  "checked in. Ask the resident to make a code on this place's page, or type by hand.")

    def __init__(self, site: str) -> None:
        super().__init__(self.message_en.format(site=site), message_ja=self.message_ja.format(site=site),
                         site=site)


class UnknownKeyError(PreregError):
    code = "qr_key_unknown"
    message_ja = ("このコードは、この場所の古い鍵か別の鍵で作られています。だれも受付していません。"
                  "ページを開き直してコードを作り直してもらうか、手で入力してください。")
    message_en = ("This code was made with an old or other key of this place. No one was checked in. "
                  "Ask the resident to reopen the page and make the code again, or type by hand.")


class TooOldError(PreregError):
    code = "qr_too_old"

    def __init__(self, age_days: int, max_days: int) -> None:
        super().__init__(
            f"This code was made {age_days} days ago; codes older than {max_days} days are not accepted "
            "(the details may have changed). No one was checked in. Make a new code on the page, or "
            "type by hand.",
            message_ja=f"このコードは{age_days}日前に作られました。{max_days}日より古いコードは使えません"
                       "（内容が変わっているかもしれません）。だれも受付していません。ページでコードを作り直すか、"
                       "手で入力してください。",
            age_days=age_days, max_days=max_days)


class FromFutureError(PreregError):
    code = "qr_from_future"
    message_ja = ("このコードの作成日時が未来になっています（スマートフォンの時計がずれています）。"
                  "だれも受付していません。時計を直してコードを作り直すか、手で入力してください。")
    message_en = ("This code says it was made in the future (the phone's clock is wrong). No one was "
                  "checked in. Set the clock and make the code again, or type by hand.")


class IncompleteError(PreregError):
    code = "qr_incomplete"

    def __init__(self, have: list[int], count: int) -> None:
        missing = [i for i in range(1, count + 1) if i not in have]
        names = ", ".join(str(i) for i in missing)
        super().__init__(
            f"This code is in {count} parts and part(s) {names} are not read yet. Scan every numbered "
            "code. No one was checked in yet.",
            message_ja=f"このコードは{count}枚に分かれています。{names}枚目がまだ読み取られていません。"
                       "番号のついたコードをすべて読み取ってください。まだだれも受付していません。",
            count=count, missing=missing)


class TooLargeError(PreregError):
    code = "qr_too_large"
    message_ja = "入力が多すぎてコードにできません。人数や文章を減らしてください。"
    message_en = "There is too much to fit in codes. Enter fewer people or shorter texts."


class RecordInvalidError(PreregError):
    code = "qr_record_invalid"
    message_ja = ("コードの中の項目が読めません（このページの新しい版で作られたのかもしれません）。"
                  "だれも受付していません。手で入力してください。")
    message_en = ("The items in the code cannot be read (it may come from a newer page). No one was "
                  "checked in. Type the details by hand.")
