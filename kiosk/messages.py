"""Every word the kiosk shows, Japanese first with English under it, in one place.

`text(key, **values)` gives a `Bilingual` pair for a screen string; `for_error(exc)` turns any typed
error (devices, forms, sync) into words for residents and staff. No message ever holds a PIN, a My
Number or a name.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bilingual:
    ja: str
    en: str

    def both(self, sep: str = "\n") -> str:
        return f"{self.ja}{sep}{self.en}"


TEXTS: dict[str, tuple[str, str]] = {
    "app.title": ("かざす — 窓口端末", "kazasu — counter terminal"),
    "start.title": ("ご用件を選んでください", "Please choose a service"),
    "desk.counter": ("窓口（証明書・届出）", "Counter (certificates, filings)"),
    "desk.shelter": ("避難所受付", "Shelter reception"),
    "desk.library": ("図書館", "Library"),
    "step.1": ("1 かざす", "Tap"),
    "step.2": ("2 暗証番号", "PIN"),
    "step.3": ("3 確認", "Check"),
    "step.4": ("4 印刷", "Print"),
    "nav.back": ("戻る", "Back"),
    "nav.restart": ("最初から", "Start over"),
    "tap.title": ("マイナンバーカードを読み取り機に置いてください",
                  "Please place your My Number card on the reader"),
    "tap.hint": ("読み取り機は画面の下にあります。カードは置いたままにしてください。",
                 "The reader is below the screen. Leave the card on it."),
    "tap.demo": ("カードをかざす（デモ）", "Tap the demo card"),
    "tap.continue": ("このカードで続ける", "Continue with this card"),
    "tap.present": ("カードがあります", "A card is on the reader"),
    "tap.checking": ("カードを確認しています…", "Checking the card…"),
    "tap.no_pin": ("カードがない・暗証番号がわからない（係員が入力）",
                   "No card or no PIN (staff will type it in)"),
    "pin.title": ("暗証番号（数字4桁）を入力してください",
                  "Please enter your 4-digit PIN"),
    "pin.tries": ("残り {n} 回まで入力できます。", "You have {n} tries left."),
    "pin.tries_unknown": ("残りの回数を確認できませんでした。", "The tries left could not be checked."),
    "pin.ok": ("決定", "OK"),
    "pin.clear": ("やり直し", "Clear"),
    "pin.delete": ("1字消す", "Delete"),
    "pin.forgot": ("暗証番号がわからない", "I don't know my PIN"),
    "pin.reading": ("読み取っています。カードを動かさないでください…",
                    "Reading. Please do not move the card…"),
    "pin.wrong": ("暗証番号が違います。残り {n} 回です。もう一度ゆっくり入力してください。",
                  "Wrong PIN. {n} tries left. Please enter it again slowly."),
    "pin.last_try": ("残り1回です。次に間違えると暗証番号がロックされ、市区町村の窓口で再設定が必要になります。",
                     "One try left. If it is wrong again, the PIN locks and must be reset at the "
                     "municipal office."),
    "pin.last_try_confirm": ("わかりました。入力します（係員確認）", "I understand, enter it (staff confirmed)"),
    "blocked.title": ("暗証番号がロックされています", "The PIN is locked"),
    "blocked.body": ("市区町村の窓口で暗証番号を再設定できます。今日の手続きは係員が入力して進められます。",
                     "The municipal office can reset it. Staff can type in today's form for you."),
    "error.title": ("読み取れませんでした", "The card could not be read"),
    "error.retry": ("もう一度", "Try again"),
    "manual.title": ("係員が入力します（カードなし）", "Staff entry (without the card)"),
    "manual.hint": ("本人確認書類を見ながら入力してください。", "Type from the identity document."),
    "manual.name": ("氏名", "Name"),
    "manual.address": ("住所", "Address"),
    "manual.birth": ("生年月日（西暦 例 1980-04-02）", "Birth date (e.g. 1980-04-02)"),
    "manual.sex": ("性別", "Sex"),
    "manual.next": ("次へ", "Next"),
    "manual.invalid_date": ("生年月日を 1980-04-02 の形で入力してください。",
                            "Enter the birth date as 1980-04-02."),
    "sex.1": ("男", "Male"),
    "sex.2": ("女", "Female"),
    "sex.9": ("適用不能", "Not applicable"),
    "preview.title": ("カードから読み取った内容です。請求の内容を選んでください",
                      "Read from your card. Please choose what you need"),
    "preview.name": ("氏名", "Name"),
    "preview.address": ("住所", "Address"),
    "preview.birth": ("生年月日", "Date of birth"),
    "preview.sex": ("性別", "Sex"),
    "preview.next": ("確認へ進む", "Go to check"),
    "preview.missing": ("まだ選んでいない項目があります。", "Some items are still to be chosen."),
    "confirm.title": ("この内容で請求します。よろしいですか", "Please check. Submit this request?"),
    "confirm.submit": ("この内容で請求する", "Submit"),
    "confirm.busy": ("受け付けています…", "Submitting…"),
    "done.title": ("受け付けました", "Your request has been received"),
    "done.printed": ("請求書を印刷しました。係員からお受け取りください。",
                     "The request form has been printed. Please collect it from the staff."),
    "done.queued": ("記録は保存され、役所へ送る順番を待っています（送信待ち {n} 件）。",
                    "The record is saved and waiting to be sent to the office ({n} pending)."),
    "done.card": ("カードをお取りください。", "Please take your card."),
    "done.next": ("次の方へ", "Next person"),
    "status.reader": ("読取機", "Reader"),
    "status.card_yes": ("カードあり", "card present"),
    "status.card_no": ("カードなし", "no card"),
    "status.queue": ("送信待ち {n}件", "{n} pending"),
    "status.sync_offline": ("未接続", "offline"),
    "idle.title": ("まだお使いですか？", "Are you still there?"),
    "idle.warning": ("操作がないため、あと {n} 秒で最初の画面に戻ります。入力した内容は消えます。",
                     "No activity: in {n} s this returns to the start and clears what you entered."),
    "idle.continue": ("続ける", "Continue"),
    # the counter desk: procedures of the visit, 照合番号B, metrics (staff)
    "procedures.title": ("今日の手続きを選んでください（いくつでも）",
                         "Please choose today's procedures (as many as you need)"),
    "procedures.hint": ("カードを一度読み取るだけで、選んだ書類すべてに記入します。",
                        "One read of the card fills every form you choose."),
    "procedures.next": ("次へ（カードを読み取る）", "Next (read the card)"),
    "procedures.none": ("手続きを一つ以上選んでください。", "Please choose at least one procedure."),
    "procedures.my_number": ("個人番号も読み取ります", "reads My Number"),
    "procedures.staff": ("係員用：利用状況", "Staff: usage figures"),
    "tap.no_card": ("カードがない（係員が入力）", "No card (staff will type it in)"),
    "codeb.title": ("照合番号Bで読み取ります（係員が入力）", "Reading with check code B (staff types it)"),
    "codeb.hint": ("カードの表面を見て入力してください。生年月日は印字どおり（和暦の年）です。",
                   "Type it from the card face; the birth date as printed (era year)."),
    "codeb.no_pin_card": ("このカードには暗証番号がありません（顔認証カード）。",
                          "This card has no PIN (face-authentication card)."),
    "codeb.birth": ("生年月日（YYMMDD）", "Birth date (YYMMDD)"),
    "codeb.expiry": ("有効期限の年", "Expiry year (YYYY)"),
    "codeb.security": ("セキュリティコード", "Security code"),
    "codeb.tries": ("照合番号Bは残り {n} 回まで入力できます。", "Check code B: {n} tries left."),
    "codeb.tries_unknown": ("残りの回数を確認できませんでした。", "The tries left could not be checked."),
    "codeb.wrong": ("照合番号Bが違います。残り {n} 回です。カードの表面をもう一度確認してください。",
                    "Wrong check code B. {n} tries left. Please check the card face again."),
    "codeb.blocked": ("照合番号Bがロックされています。係員が入力して進められます。",
                      "Check code B is locked. Staff can type in today's forms."),
    "codeb.invalid": ("入力した番号の形が正しくありません（月・日を確認してください）。",
                      "The numbers are not in the right form (check the month and day)."),
    "codeb.ok": ("読み取る", "Read the card"),
    "codeb.manual": ("カードを使わずに係員が入力", "Staff types it without the card"),
    "metrics.title": ("利用状況（係員用）", "Usage figures (staff)"),
    "metrics.hint": ("書類ごとの中央値です。個人の情報は記録していません。",
                     "Medians per form. No personal data is kept."),
    "metrics.empty": ("まだ記録がありません。", "Nothing recorded yet."),
    "metrics.close": ("閉じる", "Close"),
    "confirm.my_number": ("個人番号は下4桁だけを表示しています。", "Only the last 4 digits of the My Number are shown."),
}

ERRORS: dict[str, tuple[str, str]] = {
    "no_card": ("カードが読み取り機にありません。カードを置いてください。",
                "There is no card on the reader. Please place the card."),
    "card_removed": ("読み取り中にカードが離れました。カードを置き直してください。",
                     "The card was moved away while reading. Please place it again."),
    "no_reader": ("読み取り機が見つかりません。係員にお知らせください。",
                  "No card reader was found. Please tell the staff."),
    "pcsc_unavailable": ("読み取り機のサービスが動いていません。係員にお知らせください。",
                         "The card reader service is not running. Please tell the staff."),
    "not_my_number_card": ("マイナンバーカードではないようです。カードを確認してください。",
                           "This does not seem to be a My Number card. Please check the card."),
}


def text(key: str, **values: object) -> Bilingual:
    ja, en = TEXTS[key]
    return Bilingual(ja.format(**values), en.format(**values))


def wrong_pin(tries_left: int | None) -> Bilingual:
    if tries_left is None:
        return Bilingual("暗証番号が違います。", "Wrong PIN.")
    return text("pin.wrong", n=tries_left)


def for_error(exc: BaseException) -> Bilingual:
    """Words for any error a person can meet; a fallback that never shows a code alone."""
    code = getattr(exc, "code", "")
    if code in ERRORS:
        return Bilingual(*ERRORS[code])
    if code == "pin_blocked":
        return Bilingual(f"{TEXTS['blocked.title'][0]}。{TEXTS['blocked.body'][0]}",
                         f"{TEXTS['blocked.title'][1]}. {TEXTS['blocked.body'][1]}")
    if code == "wrong_pin":
        details = exc.details() if callable(getattr(exc, "details", None)) else {}
        return wrong_pin(getattr(exc, "tries_left", details.get("tries_left")))
    ja = getattr(exc, "message_ja", None)
    en = getattr(exc, "message_en", None)
    if ja and en:
        return Bilingual(ja, en)
    return Bilingual("思わぬエラーが起きました。係員にお知らせください。",
                     "Something unexpected went wrong. Please tell the staff.")
