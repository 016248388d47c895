"""Errors of the library desk: a stable `code`, Japanese and English messages, optional details.

Messages name the rule that refused and what to do next; they never contain a name, a PIN or a
My Number (patron numbers and item barcodes may appear: they identify no one outside the library).
"""

from __future__ import annotations

from typing import Any

from kiosk.errors import KioskError


class LibraryError(KioskError):
    code = "library_error"
    message_ja = "図書館の処理でエラーが発生しました。"
    message_en = "The library desk hit an error."

    def __init__(self, message_en: str | None = None, message_ja: str | None = None,
                 **details: Any) -> None:
        super().__init__(message_ja, message_en, **details)


class NotEligibleError(LibraryError):
    code = "not_eligible"
    message_ja = ("この図書館の利用登録の条件を満たしていません。"
                  "市内で働く・学ぶ方は「在勤」「在学」を選んで、もう一度読んでください。")
    message_en = ("The person does not meet this library's registration rules. "
                  "If they work or study here, choose Works here or Studies here and read the card again.")


class GuardianRequiredError(LibraryError):
    code = "guardian_required"


class AlreadyRegisteredError(LibraryError):
    code = "already_registered"
    message_ja = "この方はすでに利用登録されています。利用者番号で検索してください。"
    message_en = "This person is already registered. Look them up by patron number."


class UnknownPatronError(LibraryError):
    code = "unknown_patron"
    message_ja = "利用者が見つかりません。番号を確かめるか、利用登録をしてください。"
    message_en = "No such patron. Check the number or register the person."


class InvalidNumberError(LibraryError):
    code = "invalid_patron_number"
    message_ja = "利用者番号のチェックディジットが合いません。読み取り直すか、「番号を手で入力」で入れ直してください。"
    message_en = "The patron number's check digit does not match. Scan it again, or type it with Type a number."


class UnknownCardError(LibraryError):
    code = "card_not_linked"
    message_ja = ("このカードは図書館カードとして登録されていません。"
                  "「利用登録」で登録するか、利用者カードのバーコードを読んでください。")
    message_en = "This card is not linked to a patron. Register it with Register, or scan the library card's barcode."


class PatronBlockedError(LibraryError):
    code = "patron_blocked"


class LoanLimitError(LibraryError):
    code = "loan_limit"


class ItemOnLoanError(LibraryError):
    code = "item_on_loan"
    message_ja = "この資料は貸出中です。先に返却処理をしてください。"
    message_en = "This item is on loan. Check it in first."


class ConfigError(LibraryError):
    code = "library_config_invalid"
    message_ja = "図書館の設定ファイルが正しくありません。"
    message_en = "The library configuration file is not valid."


class NotThisPatronError(LibraryError):
    code = "not_this_patron"
    message_ja = "読み取ったカードの生年月日がこの利用者の登録と合いません。ご本人のカードか確かめてください。"
    message_en = "The card read does not match this patron's birth date. Check that it is the patron's own card."


class ReissuedError(LibraryError):
    code = "card_reissued"
    message_ja = "この利用者番号はすでに再発行されています。新しい番号で手続きしてください。"
    message_en = "This patron number was already replaced by a reissued card. Use the new number."


class MigrationBusyError(LibraryError):
    code = "library_migration_busy"
    message_ja = ("別のプログラムがこの端末の図書館データを準備しています。"
                  "数分待ってから、もう一度操作してください。")
    message_en = ("Another program on this terminal is preparing the library data. "
                  "Wait a few minutes, then try again.")
