"""Typed errors for everything a person can meet at the card reader.

Each carries a stable `code`, `message_ja` and `message_en` (what happened and what to do next) and
`details()` for extra JSON keys. Messages never contain a PIN, a My Number or a name.
"""

from __future__ import annotations

from typing import Any


class CardError(Exception):
    """Base of every card and reader error shown to people."""

    code = "card_error"
    message_ja = "カードを読み取れませんでした。もう一度カードを置いてください。"
    message_en = "The card could not be read. Please place the card again."

    def __init__(self, message_en: str | None = None, *, message_ja: str | None = None) -> None:
        if message_en is not None:
            self.message_en = message_en
        if message_ja is not None:
            self.message_ja = message_ja
        super().__init__(self.message_en)

    def details(self) -> dict[str, Any]:
        return {}


class PinFormatError(CardError, ValueError):
    code = "invalid_pin_format"
    message_ja = "暗証番号は数字4桁です。入力し直してください。カードには送っていません。"
    message_en = "The PIN is 4 digits. Please enter it again. Nothing was sent to the card."


class WrongPinError(CardError):
    code = "wrong_pin"

    def __init__(self, tries_left: int) -> None:
        self.tries_left = tries_left
        super().__init__(
            f"The PIN is not correct. {tries_left} tries are left; after that the PIN is locked."
            " Please check it before trying again.",
            message_ja=f"暗証番号が違います。残り{tries_left}回間違えるとロックされます。"
            "確認してから入力し直してください。",
        )

    def details(self) -> dict[str, Any]:
        return {"tries_left": self.tries_left}


class PinBlockedError(CardError):
    code = "pin_blocked"
    message_ja = ("暗証番号がロックされています。お住まいの市区町村の窓口で暗証番号の再設定（ロック解除）を"
                  "してください。係員にお知らせください。")
    message_en = ("The PIN is locked. The municipal office where you live can reset it. "
                  "Please tell the staff.")

    def details(self) -> dict[str, Any]:
        return {"tries_left": 0}


class LastTryRefusedError(CardError):
    code = "last_try_refused"
    message_ja = ("暗証番号はあと1回間違えるとロックされます。確認のうえ、最後の1回を使うことを選んでください。"
                  "カードには送っていません。")
    message_en = ("Only one PIN try is left; one more wrong PIN locks it. Confirm that you want to use "
                  "the last try. Nothing was sent to the card.")

    def details(self) -> dict[str, Any]:
        return {"tries_left": 1}


class CodeBFormatError(CardError, ValueError):
    code = "invalid_code_b_format"
    message_ja = ("照合番号Bは数字14桁です（生年月日6桁＋有効期限の西暦年4桁＋セキュリティコード4桁）。"
                  "入力し直してください。カードには送っていません。")
    message_en = ("照合番号B is 14 digits (birth date as printed YYMMDD + expiry year + 4-digit security "
                  "code). Please enter it again. Nothing was sent to the card.")


class WrongCodeBError(CardError):
    code = "wrong_code_b"

    def __init__(self, tries_left: int) -> None:
        self.tries_left = tries_left
        super().__init__(
            f"照合番号B does not match the card. {tries_left} tries are left. Check the birth date as "
            "printed, the expiry year and the security code on the card face, then try again.",
            message_ja=f"照合番号Bがカードと一致しません（残り{tries_left}回）。券面の生年月日・有効期限の年・"
            "セキュリティコードを確認して入力し直してください。",
        )

    def details(self) -> dict[str, Any]:
        return {"tries_left": self.tries_left}


class CodeBBlockedError(CardError):
    code = "code_b_blocked"
    message_ja = ("照合番号Bでの読み取りがロックされています。お住まいの市区町村の窓口にご相談ください。"
                  "係員にお知らせください。")
    message_en = ("Reading with 照合番号B is locked on this card. The municipal office where the holder "
                  "lives can help. Please tell the staff.")

    def details(self) -> dict[str, Any]:
        return {"tries_left": 0}


class PurposeRequiredError(CardError, ValueError):
    code = "purpose_required"
    message_ja = ("マイナンバー（個人番号）を読むには利用目的の入力が必要です。--purpose で目的を書いてください。"
                  "カードには送っていません。")
    message_en = ("Reading the My Number needs a stated purpose (--purpose TEXT). "
                  "Nothing was sent to the card.")


class MyNumberNeedsPinError(CardError):
    code = "my_number_needs_pin"
    message_ja = ("照合番号Bでは基本4情報しか読めません。マイナンバー（個人番号）を読むには"
                  "券面事項入力補助用の暗証番号（数字4桁）が必要です。")
    message_en = ("照合番号B opens only the name, address, birth date and sex. Reading the My Number "
                  "needs the 4-digit PIN.")


class IntegrityError(CardError):
    code = "card_integrity_failed"
    message_ja = ("カードの内容が署名データ（EF 0003）のハッシュと一致しません。このデータは使わず、"
                  "係員にお知らせください。")
    message_en = ("What was read does not match the card's own hash record (EF 0003). Do not use this "
                  "data; please tell the staff.")

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__()

    def details(self) -> dict[str, Any]:
        return {"reason": self.reason}


class UnknownCardError(CardError):
    code = "unknown_card"
    message_ja = ("このカードは識別に使えません（マイナンバーカード・FeliCa・Type A 以外）。"
                  "別のカードを置くか、係員にお知らせください。")
    message_en = ("This card cannot be used as an id (not a My Number card, FeliCa or Type A card). "
                  "Place another card or tell the staff.")


class ServiceNameError(CardError, ValueError):
    code = "invalid_service_name"
    message_ja = "サービス名は英小文字・数字・ハイフン・下線の1〜64文字で指定してください。"
    message_en = "A service name is 1-64 characters: lower-case letters, digits, '-' and '_'."


class ServiceKeyError(CardError):
    code = "service_key_invalid"
    message_ja = ("サービス鍵ファイルが壊れているか読めません（32バイトのはずです）。係員（管理者）に"
                  "お知らせください。鍵を作り直すと以前の仮名とは一致しなくなります。")
    message_en = ("The service key file is damaged or unreadable (it must be 32 bytes). Tell the "
                  "administrator; a new key would make every earlier pseudonym unmatchable.")


class PinNotSetError(CardError):
    code = "pin_not_set"
    message_ja = ("このカードには暗証番号が設定されていません（顔認証マイナンバーカードなど）。"
                  "係員にお知らせください。")
    message_en = ("This card has no PIN set (for example a face-authentication card). "
                  "Please tell the staff.")


class NoCardError(CardError):
    code = "no_card"
    message_ja = "カードが置かれていません。カードをリーダーに置いてください。"
    message_en = "No card is on the reader. Please place the card on the reader."


class NoReaderError(CardError):
    code = "no_reader"
    message_ja = "カードリーダーが見つかりません。リーダーの接続を確認し、係員にお知らせください。"
    message_en = "No card reader was found. Check that the reader is plugged in and tell the staff."


class ReaderBusyError(CardError):
    code = "reader_busy"
    message_ja = "カードリーダーは別の処理で使用中です。しばらく待ってからもう一度お試しください。"
    message_en = "The card reader is in use by another program. Please wait and try again."


class PcscUnavailableError(CardError):
    code = "pcsc_unavailable"
    message_ja = ("カードリーダーのサービス（pcscd）が動いていません。係員が pcscd を起動してください"
                  "（例: sudo systemctl start pcscd、または pcscd --foreground）。")
    message_en = ("The smart card service (pcscd) is not running. Staff: start it "
                  "(e.g. `sudo systemctl start pcscd` or `pcscd --foreground`).")


class NotMyNumberCardError(CardError):
    code = "not_my_number_card"
    message_ja = "マイナンバーカードではないようです。マイナンバーカードを置いてください。"
    message_en = "This does not seem to be a My Number card. Please place your My Number card."


class CardRemovedError(CardError):
    code = "card_removed"
    message_ja = "読み取り中にカードが離れました。カードを置き直して、もう一度お試しください。"
    message_en = "The card was removed while it was being read. Please place it again and retry."


class CardProtocolError(CardError):
    code = "card_protocol_error"
    message_ja = "カードから想定外の応答がありました。カードを置き直してください。続く場合は係員にお知らせください。"
    message_en = ("The card gave an unexpected answer. Please place it again; "
                  "if this happens again, tell the staff.")

    def __init__(self, reason: str | None = None, sw: int | None = None) -> None:
        self.reason = reason
        self.sw = sw
        super().__init__()

    def details(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.reason:
            out["reason"] = self.reason
        if self.sw is not None:
            out["sw"] = f"{self.sw:04X}"
        return out

    def __str__(self) -> str:
        parts = [self.message_en]
        if self.reason:
            parts.append(f"({self.reason})")
        if self.sw is not None:
            parts.append(f"[SW {self.sw:04X}]")
        return " ".join(parts)
