"""Every word the kiosk shows, Japanese first with English under it, in one place.

`text(key, **values)` gives a `Bilingual` pair for a screen string; `for_error(exc)` turns any error a
person can meet (the typed bases of kiosk.errors: card, forms, sync, the kiosk's own) into words for
residents and staff, with one wording per error code (`register_error_words` adds a desk's). No
message ever holds a PIN, a My Number or a name.

The Japanese of every entry is the source string of Qt's translation system: `translate("kazasu",
source, key)` below is the marker pyside6-lupdate looks for (context "kazasu", the key as the
disambiguation), so `python -m kiosk.ui.i18n update` lists every string in the .ts files of
kiosk/translations/ and a translator fills them in (kiosk/i18n shows them; this module stays free of
Qt, the command line uses it too). A `Bilingual` made by `text()` remembers its key and values, so a
screen can show it again in another language without being rebuilt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from kiosk.errors import is_shown

CONTEXT = "kazasu"


def translate(context: str, source: str, key: str) -> str:
    """The lupdate marker: gives the Japanese source back (the translation happens in kiosk.ui.i18n)."""
    return source


@dataclass(frozen=True)
class Bilingual:
    ja: str
    en: str
    key: str | None = field(default=None, compare=False)   # the entry it came from (None: a value
    values: tuple = field(default=(), compare=False)       # from elsewhere, e.g. a form's label)
    easy: str | None = field(default=None, compare=False)  # やさしい日本語 of an unkeyed pair (a form's
                                                           # `easy` label), shown in a Japanese variant

    def both(self, sep: str = "\n") -> str:
        return f"{self.ja}{sep}{self.en}"


TEXTS: dict[str, tuple[str, str]] = {
    "app.title": (translate("kazasu", "かざす — 窓口端末", "app.title"), "kazasu — counter terminal"),
    "start.title": (translate("kazasu", "ご用件を選んでください", "start.title"), "Please choose a service"),
    "desk.counter": (translate("kazasu", "窓口（証明書・届出）", "desk.counter"), "Counter (certificates, filings)"),
    "desk.shelter": (translate("kazasu", "避難所受付", "desk.shelter"), "Shelter reception"),
    "desk.library": (translate("kazasu", "図書館", "desk.library"), "Library"),
    "step.1": (translate("kazasu", "1 かざす", "step.1"), "Tap"),
    "step.2": (translate("kazasu", "2 暗証番号", "step.2"), "PIN"),
    "step.3": (translate("kazasu", "3 確認", "step.3"), "Check"),
    "step.4": (translate("kazasu", "4 印刷", "step.4"), "Print"),
    "nav.back": (translate("kazasu", "戻る", "nav.back"), "Back"),
    "nav.restart": (translate("kazasu", "最初から", "nav.restart"), "Start over"),
    "tap.title": (translate("kazasu", "マイナンバーカードを読み取り機に置いてください", "tap.title"),
                  "Please place your My Number card on the reader"),
    "tap.hint": (translate("kazasu", "読み取り機は画面の下にあります。カードは置いたままにしてください。", "tap.hint"),
                 "The reader is below the screen. Leave the card on it."),
    "tap.demo": (translate("kazasu", "カードをかざす（デモ）", "tap.demo"), "Tap the demo card"),
    "tap.continue": (translate("kazasu", "このカードで続ける", "tap.continue"), "Continue with this card"),
    "tap.present": (translate("kazasu", "カードがあります", "tap.present"), "A card is on the reader"),
    "tap.checking": (translate("kazasu", "カードを確認しています…", "tap.checking"), "Checking the card…"),
    "tap.no_pin": (translate("kazasu", "カードがない・暗証番号がわからない（係員が入力）", "tap.no_pin"),
                   "No card or no PIN (staff will type it in)"),
    "pin.title": (translate("kazasu", "暗証番号（数字4桁）を入力してください", "pin.title"),
                  "Please enter your 4-digit PIN"),
    "pin.tries": (translate("kazasu", "残り {n} 回まで入力できます。", "pin.tries"), "You have {n} tries left."),
    "pin.tries_unknown": (translate("kazasu", "残りの回数を確認できませんでした。", "pin.tries_unknown"), "The tries left could not be checked."),
    "pin.ok": (translate("kazasu", "決定", "pin.ok"), "OK"),
    "pin.clear": (translate("kazasu", "やり直し", "pin.clear"), "Clear"),
    "pin.delete": (translate("kazasu", "1字消す", "pin.delete"), "Delete"),
    "pin.forgot": (translate("kazasu", "暗証番号がわからない", "pin.forgot"), "I don't know my PIN"),
    "pin.reading": (translate("kazasu", "読み取っています。カードを動かさないでください…", "pin.reading"),
                    "Reading. Please do not move the card…"),
    "pin.wrong": (translate("kazasu", "暗証番号が違います。残り {n} 回です。もう一度ゆっくり入力してください。", "pin.wrong"),
                  "Wrong PIN. {n} tries left. Please enter it again slowly."),
    "pin.last_try": (translate("kazasu", "残り1回です。次に間違えると暗証番号がロックされ、市区町村の窓口で再設定が必要になります。", "pin.last_try"),
                     "One try left. If it is wrong again, the PIN locks and must be reset at the "
                     "municipal office."),
    "pin.last_try_confirm": (translate("kazasu", "わかりました。入力します（係員確認）", "pin.last_try_confirm"), "I understand, enter it (staff confirmed)"),
    "blocked.title": (translate("kazasu", "暗証番号がロックされています", "blocked.title"), "The PIN is locked"),
    "blocked.body": (translate("kazasu", "市区町村の窓口で暗証番号を再設定できます。今日の手続きは、カードの照合番号Bで読み取るか、係員が入力して進められます。", "blocked.body"),
                     "The municipal office can reset it. For today, the card can be read with its check "
                     "code B, or staff can type in the form for you."),
    "error.title": (translate("kazasu", "読み取れませんでした", "error.title"), "The card could not be read"),
    "error.retry": (translate("kazasu", "もう一度", "error.retry"), "Try again"),
    "manual.title": (translate("kazasu", "係員が入力します（カードなし）", "manual.title"), "Staff entry (without the card)"),
    "manual.hint": (translate("kazasu", "本人確認書類を見ながら入力してください。", "manual.hint"), "Type from the identity document."),
    "manual.name": (translate("kazasu", "氏名", "manual.name"), "Name"),
    "manual.address": (translate("kazasu", "住所", "manual.address"), "Address"),
    "manual.birth": (translate("kazasu", "生年月日", "manual.birth"), "Date of birth"),
    "manual.birth_example": (translate("kazasu", "例：昭和55年4月2日・1980/4/2", "manual.birth_example"),
                             "e.g. S55.4.2 or 1980/4/2"),
    "manual.missing": (translate("kazasu", "まだ入力していない項目があります：{items}", "manual.missing"),
                       "Still to fill in: {items_en}"),
    "manual.document": (translate("kazasu", "本人確認書類", "manual.document"), "Identity document"),
    "manual.document_hint": (translate("kazasu", "書類を見ながら入力し、確認したら下のボタンを押してください。"
                                       "書類の番号は記録しません。", "manual.document_hint"),
                             "Type from the document and press the button below once you have seen it. "
                             "Its number is not recorded."),
    "identity.drivers_license": (translate("kazasu", "運転免許証", "identity.drivers_license"), "Driver's licence"),
    "identity.passport": (translate("kazasu", "パスポート", "identity.passport"), "Passport"),
    "identity.residence_card": (translate("kazasu", "在留カード", "identity.residence_card"), "Residence card"),
    "identity.health_insurance": (translate("kazasu", "健康保険証", "identity.health_insurance"),
                                  "Health insurance card"),
    "identity.other": (translate("kazasu", "その他", "identity.other"), "Other"),
    "identity.other_name": (translate("kazasu", "書類の名前（その他のとき）", "identity.other_name"),
                            "Name of the document (if other)"),
    "identity.seen": (translate("kazasu", "書類を確認しました（係員）", "identity.seen"), "I have seen the document (staff)"),
    "identity.seen_note": (translate("kazasu", "係員が確認しました", "identity.seen_note"), "Seen by staff"),
    "identity.checked": (translate("kazasu", "確認", "identity.checked"), "Checked"),
    "confirm.identity": (translate("kazasu", "本人確認", "confirm.identity"), "Identity check"),
    "step.2_manual": (translate("kazasu", "2 係員入力", "step.2_manual"), "By staff"),
    "manual.sex": (translate("kazasu", "性別", "manual.sex"), "Sex"),
    "manual.next": (translate("kazasu", "次へ", "manual.next"), "Next"),
    "manual.from_code": (translate("kazasu", "事前登録のコードから入力", "manual.from_code"), "Fill in from a pre-registration code"),
    "manual.code_scan": (translate("kazasu", "コードを読み取り機にかざしてください", "manual.code_scan"), "Hold the code to the reader"),
    "manual.code_parts": (translate("kazasu", "コード {n} を読み取りました。残りもかざしてください", "manual.code_parts"),
                          "Code {n} read: scan the others too"),
    "manual.code_cancel": (translate("kazasu", "コードを使わない", "manual.code_cancel"), "Do not use a code"),
    "manual.code_filled": (translate("kazasu", "コードの内容を入れました。本人確認書類と見比べてから「次へ」", "manual.code_filled"),
                           "Filled in from the code: check it against the identity document, then Next"),
    "sex.1": (translate("kazasu", "男", "sex.1"), "Male"),
    "sex.2": (translate("kazasu", "女", "sex.2"), "Female"),
    "sex.9": (translate("kazasu", "適用不能", "sex.9"), "Not applicable"),
    "preview.title": (translate("kazasu", "カードから読み取った内容です。請求の内容を選んでください", "preview.title"),
                      "Read from your card. Please choose what you need"),
    "preview.title_manual": (translate("kazasu", "係員が入力した内容です。請求の内容を選んでください", "preview.title_manual"),
                             "Typed in by staff. Please choose what you need"),
    "preview.name": (translate("kazasu", "氏名", "preview.name"), "Name"),
    "preview.address": (translate("kazasu", "住所", "preview.address"), "Address"),
    "preview.birth": (translate("kazasu", "生年月日", "preview.birth"), "Date of birth"),
    "preview.sex": (translate("kazasu", "性別", "preview.sex"), "Sex"),
    "asked.example_kana": (translate("kazasu", "例：やまだ たろう", "asked.example_kana"), "e.g. yamada taro"),
    "asked.example_date": (translate("kazasu", "例：令和7年4月1日・2025/4/1", "asked.example_date"), "e.g. 2025/4/1"),
    "preview.next": (translate("kazasu", "確認へ進む", "preview.next"), "Go to check"),
    "preview.missing": (translate("kazasu", "まだ選んでいない項目があります：{items}", "preview.missing"),
                        "Still to choose: {items_en}"),
    "preview.missing_more": (translate("kazasu", "まだ選んでいない項目があります：{items} ほか{more}件", "preview.missing_more"),
                             "Still to choose: {items_en} and {more} more"),
    "confirm.title": (translate("kazasu", "この内容で請求します。よろしいですか", "confirm.title"), "Please check. Submit this request?"),
    "confirm.submit": (translate("kazasu", "この内容で請求する", "confirm.submit"), "Submit"),
    "confirm.busy": (translate("kazasu", "受け付けています…", "confirm.busy"), "Submitting…"),
    "done.title": (translate("kazasu", "受け付けました", "done.title"), "Your request has been received"),
    "done.printed": (translate("kazasu", "請求書を印刷しました。係員からお受け取りください。", "done.printed"),
                     "The request form has been printed. Please collect it from the staff."),
    "done.queued": (translate("kazasu", "記録は保存され、役所へ送る順番を待っています（送信待ち {n} 件）。", "done.queued"),
                    "The record is saved and waiting to be sent to the office ({n} pending)."),
    "done.card": (translate("kazasu", "カードをお取りください。", "done.card"), "Please take your card."),
    "done.next": (translate("kazasu", "次の方へ", "done.next"), "Next person"),
    "idle.title": (translate("kazasu", "まだお使いですか？", "idle.title"), "Are you still there?"),
    "idle.warning": (translate("kazasu", "操作がないため、あと {n} 秒で最初の画面に戻ります。入力した内容は消えます。", "idle.warning"),
                     "No activity: in {n} s this returns to the start and clears what you entered."),
    "idle.continue": (translate("kazasu", "続ける", "idle.continue"), "Continue"),
    # the counter desk: procedures of the visit, 照合番号B, metrics (staff)
    "procedures.title": (translate("kazasu", "今日の手続きを選んでください（いくつでも）", "procedures.title"),
                         "Please choose today's procedures (as many as you need)"),
    "procedures.hint": (translate("kazasu", "カードを一度読み取るだけで、選んだ書類すべてに記入します。", "procedures.hint"),
                        "One read of the card fills every form you choose."),
    "procedures.next": (translate("kazasu", "次へ（カードを読み取る）", "procedures.next"), "Next (read the card)"),
    "procedures.none": (translate("kazasu", "手続きを一つ以上選んでください。", "procedures.none"), "Please choose at least one procedure."),
    "procedures.my_number": (translate("kazasu", "個人番号も読み取ります", "procedures.my_number"), "reads My Number"),
    "procedures.staff": (translate("kazasu", "係員用：利用状況", "procedures.staff"), "Staff: usage figures"),
    "tap.no_card": (translate("kazasu", "カードがない（係員が入力）", "tap.no_card"), "No card (staff will type it in)"),
    "codeb.title": (translate("kazasu", "照合番号Bで読み取ります（係員が入力）", "codeb.title"), "Reading with check code B (staff types it)"),
    "codeb.hint": (translate("kazasu", "カードの表面を見て入力してください。生年月日は印字どおり（和暦の年）です。", "codeb.hint"),
                   "Type it from the card face; the birth date as printed (era year)."),
    "codeb.no_pin_card": (translate("kazasu", "このカードには暗証番号がありません（顔認証カード）。", "codeb.no_pin_card"),
                          "This card has no PIN (face-authentication card)."),
    "codeb.birth": (translate("kazasu", "生年月日（YYMMDD）", "codeb.birth"), "Birth date (YYMMDD)"),
    "codeb.expiry": (translate("kazasu", "有効期限の年", "codeb.expiry"), "Expiry year (YYYY)"),
    "codeb.security": (translate("kazasu", "セキュリティコード", "codeb.security"), "Security code"),
    "codeb.tries": (translate("kazasu", "照合番号Bは残り {n} 回まで入力できます。", "codeb.tries"), "Check code B: {n} tries left."),
    "codeb.tries_unknown": (translate("kazasu", "残りの回数を確認できませんでした。", "codeb.tries_unknown"), "The tries left could not be checked."),
    "codeb.wrong": (translate("kazasu", "照合番号Bが違います。残り {n} 回です。カードの表面をもう一度確認してください。", "codeb.wrong"),
                    "Wrong check code B. {n} tries left. Please check the card face again."),
    "codeb.blocked": (translate("kazasu", "照合番号Bがロックされています。係員が入力して進められます。", "codeb.blocked"),
                      "Check code B is locked. Staff can type in today's forms."),
    "codeb.invalid": (translate("kazasu", "入力した番号の形が正しくありません（月・日を確認してください）。", "codeb.invalid"),
                      "The numbers are not in the right form (check the month and day)."),
    "codeb.ok": (translate("kazasu", "読み取る", "codeb.ok"), "Read the card"),
    "codeb.manual": (translate("kazasu", "カードを使わずに係員が入力", "codeb.manual"), "Staff types it without the card"),
    "codeb.camera": (translate("kazasu", "カメラで読む", "codeb.camera"), "Read with the camera"),
    "codeb.camera_title": (translate("kazasu", "カードの表面を、黄色の枠に合わせてカメラに向けてください", "codeb.camera_title"),
                           "Hold the front of the card to the camera, inside the yellow frame"),
    "codeb.camera_hint": (translate("kazasu", "数字が読めたら入力画面に戻ります。写真は残しません。", "codeb.camera_hint"),
                          "Once the numbers are read you go back to the number screen. No picture is kept."),
    "codeb.camera_view": (translate("kazasu", "カメラの映像", "codeb.camera_view"), "Camera view"),
    "codeb.camera_looking": (translate("kazasu", "読み取っています。カードを動かさないでください…", "codeb.camera_looking"),
                             "Reading. Please hold the card still…"),
    "codeb.camera_typed": (translate("kazasu", "数字を入力する", "codeb.camera_typed"), "Type the numbers instead"),
    "codeb.camera_read": (translate("kazasu", "カメラで読みました（{printed}生）。カードと見比べてください。", "codeb.camera_read"),
                          "Read by the camera (born {date}). Compare with the card."),
    "codeb.camera_read_unsure": (translate("kazasu", "カメラで読みました（{printed}生）。点線の欄をよく確かめてください。", "codeb.camera_read_unsure"),
                                 "Read by the camera (born {date}). Check the dashed fields."),
    "codeb.camera_check": (translate("kazasu", "（要確認）", "codeb.camera_check"), " (please check)"),
    "codeb.camera_failed": (translate("kazasu", "カメラでは読み取れませんでした。カードの表面を見て数字を入力してください。", "codeb.camera_failed"),
                            "The camera could not read the card. Please type the numbers from the card face."),
    "codeb.camera_none": (translate("kazasu", "カメラが見つかりません。カードの表面を見て数字を入力してください。", "codeb.camera_none"),
                          "No camera was found. Please type the numbers from the card face."),
    "qr.camera": (translate("kazasu", "カメラで読む", "qr.camera"), "Read with the camera"),
    "qr.camera_stop": (translate("kazasu", "カメラを止める", "qr.camera_stop"), "Stop the camera"),
    "qr.camera_hint": (translate("kazasu", "スマートフォンのコードを、黄色の枠に合わせてカメラに向けてください。写真は残しません。", "qr.camera_hint"),
                       "Hold the code on the phone to the camera, inside the yellow frame. No picture is kept."),
    "qr.camera_none": (translate("kazasu", "カメラが見つかりません。コードは読み取り機にかざしてください。", "qr.camera_none"),
                       "No camera was found. Please hold the code to the code reader."),
    "qr.camera_failed": (translate("kazasu", "カメラが止まりました。読み取り機を使うか、もう一度「カメラで読む」を押してください。", "qr.camera_failed"),
                         "The camera stopped. Use the code reader, or press 「Read with the camera」 again."),
    "voice.on": (translate("kazasu", "音声案内を始めます。", "voice.on"), "Spoken guidance is on."),
    "voice.go_on": (translate("kazasu", "エンターキーで、{action}。", "voice.go_on"), "Enter: {action}."),
    "voice.back": (translate("kazasu", "マイナスキーで、{action}。", "voice.back"), "Minus: {action}."),
    "voice.choice": (translate("kazasu", "{n}番、{action}。", "voice.choice"), "{n}: {action}."),
    "voice.keys": (translate("kazasu", "プラスキーで、もう一度聞けます。アスタリスクキーで、説明を聞けます。スラッシュキーと番号で、ボタンを選べます。", "voice.keys"),
                   "Plus: hear it again. Star: help. Slash and a number: choose a button."),
    "voice.no_go_on": (translate("kazasu", "まだ先へ進めません。", "voice.no_go_on"), "You cannot go on yet."),
    "voice.no_back": (translate("kazasu", "この画面からは戻れません。", "voice.no_back"), "There is no way back from here."),
    "voice.no_choice": (translate("kazasu", "{n}番はありません。", "voice.no_choice"), "There is no choice {n}."),
    "voice.digits": (translate("kazasu", "{n}桁入力しました。", "voice.digits"), "{n} digits entered."),
    "voice.field_digits": (translate("kazasu", "{field}、{n}桁です。", "voice.field_digits"), "{field}: {n} digits."),
    "metrics.title": (translate("kazasu", "利用状況（係員用）", "metrics.title"), "Usage figures (staff)"),
    "metrics.hint": (translate("kazasu", "書類ごとの中央値です。個人の情報は記録していません。", "metrics.hint"),
                     "Medians per form. No personal data is kept."),
    "metrics.empty": (translate("kazasu", "まだ記録がありません。", "metrics.empty"), "Nothing recorded yet."),
    "metrics.close": (translate("kazasu", "閉じる", "metrics.close"), "Close"),
    "confirm.my_number": (translate("kazasu", "個人番号は下4桁だけを表示しています。", "confirm.my_number"), "Only the last 4 digits of the My Number are shown."),
    # the language switch (its button is the same in every language), the on-screen keyboard
    "language.button": (translate("kazasu", "ことば・Language", "language.button"), "Language"),
    "language.title": (translate("kazasu", "表示することばを選んでください", "language.title"),
                       "Please choose a language"),
    "language.name": (translate("kazasu", "日本語", "language.name"), "Japanese"),
    "language.close": (translate("kazasu", "閉じる", "language.close"), "Close"),
    "keyboard.kana": (translate("kazasu", "かな", "keyboard.kana"), "Kana"),
    "keyboard.katakana": (translate("kazasu", "カナ", "keyboard.katakana"), "Katakana"),
    "keyboard.delete": (translate("kazasu", "1字消す", "keyboard.delete"), "Delete"),
    "keyboard.space": (translate("kazasu", "空白", "keyboard.space"), "Space"),
    "keyboard.small": (translate("kazasu", "小さい字", "keyboard.small"), "Small kana"),
    "keyboard.close": (translate("kazasu", "閉じる", "keyboard.close"), "Close"),
    "pin.wrong_unknown": (translate("kazasu", "暗証番号が違います。", "pin.wrong_unknown"), "Wrong PIN."),
    "error.pin_blocked": (translate("kazasu", "暗証番号がロックされています。市区町村の窓口で暗証番号を再設定できます。"
                                    "今日は、カードの表面の照合番号Bで読み取るか、係員が入力して進められます。",
                                    "error.pin_blocked"),
                          "The PIN is locked. The municipal office can reset it. For today, the card can be "
                          "read with check code B from its face, or staff can type it in."),
    "error.unexpected": (translate("kazasu", "思わぬエラーが起きました。係員にお知らせください。", "error.unexpected"),
                         "Something unexpected went wrong. Please tell the staff."),
}


ERRORS: dict[str, tuple[str, str]] = {
    "no_card": (translate("kazasu", "カードが読み取り機にありません。カードを置いてください。", "no_card"),
                "There is no card on the reader. Please place the card."),
    "card_removed": (translate("kazasu", "読み取り中にカードが離れました。カードを置き直してください。", "card_removed"),
                     "The card was moved away while reading. Please place it again."),
    "no_reader": (translate("kazasu", "読み取り機が見つかりません。係員にお知らせください。", "no_reader"),
                  "No card reader was found. Please tell the staff."),
    "pcsc_unavailable": (translate("kazasu", "読み取り機のサービスが動いていません。係員にお知らせください。", "pcsc_unavailable"),
                         "The card reader service is not running. Please tell the staff."),
    "not_my_number_card": (translate("kazasu", "マイナンバーカードではないようです。カードを確認してください。", "not_my_number_card"),
                           "This does not seem to be a My Number card. Please check the card."),
}


CATALOG: dict[str, tuple[str, str]] = {**TEXTS, **ERRORS}
"""Every translatable entry: the ones above and those the desks register (`register`)."""


def register(entries: dict[str, tuple[str, str]]) -> None:
    """Add a module's keyed entries (their Japanese inside the same `translate(...)` marker, and the
    module named in kiosk.ui.i18n.tools.SOURCES so lupdate reads it). A key is one entry everywhere."""
    for key, pair in entries.items():
        if CATALOG.get(key, pair) != pair:
            raise ValueError(f"text entry {key!r} is registered twice with different words")
    CATALOG.update(entries)


# English counts: 「1 tries」 → 「1 try」 (the templates are written for many; one number is one)
SINGULAR_EN = {"tries": "try", "people": "person", "records": "record", "items": "item", "persons": "person",
               "forms": "form", "households": "household", "copies": "copy", "books": "book"}
_ONE = re.compile(r"(?<![\d.,])\b1 (" + "|".join(SINGULAR_EN) + r")\b")


def singular_en(words: str) -> str:
    """English with a count of exactly one put in the singular: "You have 1 try left."."""
    return _ONE.sub(lambda m: f"1 {SINGULAR_EN[m.group(1)]}", words)


def text(key: str, **values: object) -> Bilingual:
    ja, en = CATALOG[key]
    return Bilingual(ja.format(**values), singular_en(en.format(**values)), key, tuple(sorted(values.items())))


def source(key: str) -> str:
    """The Japanese source string of an entry (a template, before its values go in)."""
    return CATALOG[key][0]


def wrong_pin(tries_left: int | None) -> Bilingual:
    if tries_left is None:
        return text("pin.wrong_unknown")
    return text("pin.wrong", n=tries_left)


ErrorWords = Callable[[Any], "Bilingual | None"]


def _tries_left(exc: Any) -> int | None:
    return exc.details().get("tries_left")


_WORDS: dict[str, ErrorWords] = {
    **{code: (lambda _exc, code=code: text(code)) for code in ERRORS},
    "wrong_pin": lambda exc: wrong_pin(_tries_left(exc)),
    "pin_blocked": lambda _exc: text("error.pin_blocked"),
    "wrong_code_b": lambda exc: (text("codeb.wrong", n=_tries_left(exc)) if _tries_left(exc) is not None
                                 else text("codeb.invalid")),
    "invalid_code_b_format": lambda _exc: text("codeb.invalid"),
    "code_b_blocked": lambda _exc: text("codeb.blocked"),
}
"""One wording per error code, where the kiosk has keyed (translated) words for it."""


def register_error_words(code: str, words: ErrorWords) -> None:
    """Keyed words for the errors of `code` (a desk registers its own, e.g. kiosk.library.texts):
    `words(exc)` gives them, or None where the error's own words say more. A code has one wording:
    registering a second one for it is refused."""
    if _WORDS.get(code, words) is not words:
        raise ValueError(f"error code {code!r} already has its words")
    _WORDS[code] = words


def for_error(exc: BaseException) -> Bilingual:
    """The words for any error a person can meet, the one way from an error to words: the keyed
    words of its code where there are some (they follow the language shown), else the typed error's
    own (`kiosk.errors.SHOWN`); for anything else, words that say something unexpected happened —
    never a code alone, never another error's words."""
    if not is_shown(exc):
        return text("error.unexpected")
    words = _WORDS.get(exc.code)
    keyed = words(exc) if words is not None else None
    return keyed if keyed is not None else Bilingual(exc.message_ja, exc.message_en)
