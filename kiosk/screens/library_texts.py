"""Texts of the library desk (checkout and registration), Japanese first, English second, in the
kiosk's one catalog: each Japanese is inside lupdate's translate() marker with a "library." key
(kiosk.i18n.tools.SOURCES lists this file), so English and やさしい日本語 come from the .ts files."""

from __future__ import annotations

from kiosk.messages import Bilingual, register, text, translate

TEXTS: dict[str, tuple[str, str]] = {
    "library.title": (translate("kazasu", "図書館 貸出・返却", "library.title"),
                     "Library checkout"),
    "library.scan_patron": (translate("kazasu", "利用者カードをかざすか、バーコードを読んでください", "library.scan_patron"),
                           "Tap or scan the library card"),
    "library.scan_items": (translate("kazasu", "資料のバーコードを読んでください（貸出）", "library.scan_items"),
                          "Scan items to check out"),
    "library.scan_returns": (translate("kazasu", "返却する資料のバーコードを読んでください", "library.scan_returns"),
                            "Scan items to check in"),
    "library.tap": (translate("kazasu", "カードをかざす", "library.tap"),
                   "Tap card"),
    "library.returns": (translate("kazasu", "返却モード", "library.returns"),
                       "Check-in mode"),
    "library.loans_mode": (translate("kazasu", "貸出モード", "library.loans_mode"),
                          "Checkout mode"),
    "library.next": (translate("kazasu", "次の方", "library.next"),
                    "Next patron"),
    "library.exit": (translate("kazasu", "終了", "library.exit"),
                    "Exit"),
    "library.blocked": (translate("kazasu", "貸出停止中です", "library.blocked"),
                       "Loans are stopped for this patron"),
    "library.register": (translate("kazasu", "利用登録", "library.register"),
                        "Register"),
    "library.update": (translate("kazasu", "住所変更", "library.update"),
                      "Address change"),
    "library.reissue": (translate("kazasu", "カード再発行", "library.reissue"),
                       "Reissue card"),
    "library.blocked_list": (translate("kazasu", "利用停止一覧", "library.blocked_list"),
                            "Blocked patrons"),
    "library.blocked_title": (translate("kazasu", "利用停止中の利用者（この端末に保存・オフラインでも使えます）", "library.blocked_title"),
                             "Blocked patrons (kept on this terminal, works offline)"),
    "library.back": (translate("kazasu", "戻る", "library.back"),
                    "Back"),
    "library.no_patron": (translate("kazasu", "先に利用者カードを読んでください。", "library.no_patron"),
                         "Scan or tap the library card first."),
    "library.register.title": (translate("kazasu", "利用登録", "library.register.title"),
                              "Register a patron"),
    "library.register.update_title": (translate("kazasu", "住所変更（カードを読み直します）", "library.register.update_title"),
                                     "Address change (read the card again)"),
    "library.register.declaration": (translate("kazasu", "市外の方の申告", "library.register.declaration"),
                                    "Declaration (non-residents)"),
    "library.register.none": (translate("kazasu", "なし", "library.register.none"),
                             "None"),
    "library.register.work": (translate("kazasu", "在勤", "library.register.work"),
                             "Works here"),
    "library.register.study": (translate("kazasu", "在学", "library.register.study"),
                              "Studies here"),
    "library.register.guardian": (translate("kazasu", "保護者の氏名（16歳未満の方）", "library.register.guardian"),
                                 "Guardian's name (under 16)"),
    "library.register.with_pin": (translate("kazasu", "暗証番号で読む", "library.register.with_pin"),
                                 "Read with the PIN"),
    "library.register.with_code_b": (translate("kazasu", "照合番号Bで読む", "library.register.with_code_b"),
                                    "Read with 照合番号B"),
    "library.register.cancel": (translate("kazasu", "やめる", "library.register.cancel"),
                               "Cancel"),
    "library.register.place_card": (translate("kazasu", "マイナンバーカードをカードリーダーに置いてください", "library.register.place_card"),
                                   "Place the My Number card on the reader"),
    "library.register.registered": (translate("kazasu", "登録しました", "library.register.registered"),
                                   "Registered"),
    "library.register.updated": (translate("kazasu", "登録内容を更新しました", "library.register.updated"),
                                "Patron updated"),
    "library.register.to_desk": (translate("kazasu", "貸出へ進む", "library.register.to_desk"),
                                "Go to checkout"),
    "library.register.back": (translate("kazasu", "登録画面に戻る", "library.register.back"),
                             "Back to the form"),
}
register(TEXTS)


def texts(prefix: str) -> dict[str, Bilingual]:
    """The entries under `prefix` as keyed pairs, by their short key ("library.next" → "next")."""
    return {key[len(prefix):]: text(key) for key in TEXTS
            if key.startswith(prefix) and "." not in key[len(prefix):]}
