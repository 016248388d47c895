"""Texts of the library desk (checkout and registration), Japanese first, English second, in the
kiosk's one catalog: each Japanese is inside lupdate's translate() marker with a "library." key
(kiosk.ui.i18n.tools.SOURCES lists this file), so English and やさしい日本語 come from the .ts files."""

from __future__ import annotations

from kiosk.library.errors import LibraryError
from kiosk.messages import Bilingual, register, register_error_words, text, translate

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
    # the mode button says the mode now and what a press does
    "library.mode_checkout": (translate("kazasu", "いまは貸出（押すと返却に）", "library.mode_checkout"),
                             "Now: checkout (press for check-in)"),
    "library.mode_checkin": (translate("kazasu", "いまは返却（押すと貸出に）", "library.mode_checkin"),
                            "Now: check-in (press for checkout)"),
    "library.demo_card": (translate("kazasu", "デモカードをかざす", "library.demo_card"),
                         "Tap the demo card"),
    "library.manual": (translate("kazasu", "番号を手で入力", "library.manual"),
                      "Type a number"),
    "library.manual_field": (translate("kazasu", "バーコードの下の数字（資料か利用者カード）", "library.manual_field"),
                            "The digits under the barcode (item or library card)"),
    "library.manual_enter": (translate("kazasu", "この番号で読む", "library.manual_enter"),
                            "Use this number"),
    "library.manual_close": (translate("kazasu", "閉じる", "library.manual_close"),
                            "Close"),
    "library.manual_empty": (translate("kazasu", "番号が入っていません。バーコードの下の数字を入れてから「この番号で読む」を押してください。", "library.manual_empty"),
                            "No number typed: type the digits under the barcode, then press Use this number."),
    "library.manual_not_digits": (translate("kazasu", "番号に使えるのは数字と英字だけです。バーコードの下の数字をそのまま入れてください。", "library.manual_not_digits"),
                                 "A number holds only digits and letters: type the digits under the barcode as printed."),
    "library.manual_check": (translate("kazasu", "{number} は最後の数字（チェックディジット）が合いません。打ち間違いがないか、ラベルの数字をもう一度確かめて入れ直してください。", "library.manual_check"),
                            "{number}: the last digit (check digit) does not match. Check the digits on the label for a typo and type them again."),
    "library.next": (translate("kazasu", "次の方", "library.next"),
                    "Next patron"),
    "library.exit": (translate("kazasu", "終了", "library.exit"),
                    "Exit"),
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
    "library.preparing": (translate("kazasu", "図書館のデータを準備しています（初回のみ）。しばらくお待ちください。", "library.preparing"),
                         "Preparing the library data (once only). Please wait."),
    "library.preparing_count": (translate("kazasu", "{done} / {total} 件", "library.preparing_count"),
                               "{done} / {total} records"),
    "library.no_patron": (translate("kazasu", "先に利用者カードを読んでください。", "library.no_patron"),
                         "Scan or tap the library card first."),
    # written by hand on the checkout page (kiosk.library.ui.desk renders them in the language shown)
    "library.patron_line": (translate("kazasu", "{name}　利用者番号 {number}　貸出中 {n}点", "library.patron_line"),
                           "{name}　Patron number {number}　On loan: {n}"),
    "library.overdue_count": (translate("kazasu", "延滞 {n}点", "library.overdue_count"),
                             "Overdue: {n}"),
    "library.replaced_by": (translate("kazasu", "再発行後の番号 {number}", "library.replaced_by"),
                           "Reissued as {number}"),
    "library.loan": (translate("kazasu", "{item}　返却期限 {due}", "library.loan"),
                    "{item}　Due {due}"),
    "library.loan_overdue": (translate("kazasu", "{item}　返却期限 {due}　延滞", "library.loan_overdue"),
                            "{item}　Due {due}　Overdue"),
    "library.loans_name": (translate("kazasu", "貸出中の資料", "library.loans_name"),
                          "Items on loan"),
    "library.checked_out": (translate("kazasu", "貸出しました：{item}　返却期限 {due}", "library.checked_out"),
                           "Checked out: {item}, due {due}"),
    "library.checked_in": (translate("kazasu", "返却しました：{item}", "library.checked_in"),
                          "Checked in: {item}"),
    "library.reissued": (translate("kazasu", "再発行しました", "library.reissued"),
                        "Reissued"),
    "library.old_blocked": (translate("kazasu", "旧番号は利用停止", "library.old_blocked"),
                           "old number blocked"),
    "library.card_pdf": (translate("kazasu", "利用者カード PDF", "library.card_pdf"),
                        "card PDF"),
    # why loans are stopped (kiosk.library.desk.REASON_TEXT's words, by the same codes)
    "library.reason.lost_card": (translate("kazasu", "紛失届が出ているカード", "library.reason.lost_card"),
                                "card reported lost"),
    "library.reason.library_system": (translate("kazasu", "図書館システムからの利用停止", "library.reason.library_system"),
                                     "blocked by the library system"),
    "library.reason.staff": (translate("kazasu", "職員による利用停止", "library.reason.staff"),
                            "blocked by staff"),
    "library.reason.overdue": (translate("kazasu", "延滞資料があります", "library.reason.overdue"),
                              "overdue items"),
    "library.reason.not_eligible": (translate("kazasu", "転出などで登録条件を満たしていません", "library.reason.not_eligible"),
                                   "no longer meets the registration rules (moved away)"),
    "library.blocked_reason": (translate("kazasu", "【貸出停止中です：{reason}】", "library.blocked_reason"),
                              "[Loans are stopped: {reason}]"),
    # the errors a patron meets at the desk (error_text maps kiosk.library.errors codes to these)
    "library.error.already_registered": (translate("kazasu", "この方はすでに利用登録されています。利用者番号で検索してください。", "library.error.already_registered"),
                                        "This person is already registered. Look them up by patron number."),
    "library.error.library_migration_busy": (translate("kazasu", "別のプログラムがこの端末の図書館データを準備しています。数分待ってから、もう一度操作してください。", "library.error.library_migration_busy"),
                                            "Another program on this terminal is preparing the library data. Wait a few minutes, then try again."),
    "library.error.unknown_patron": (translate("kazasu", "利用者が見つかりません。番号を確かめるか、利用登録をしてください。", "library.error.unknown_patron"),
                                    "No such patron. Check the number or register the person."),
    "library.error.invalid_patron_number": (translate("kazasu", "利用者番号のチェックディジットが合いません。読み取り直すか、「番号を手で入力」で入れ直してください。", "library.error.invalid_patron_number"),
                                           "The patron number's check digit does not match. Scan it again, or type it with Type a number."),
    "library.error.card_not_linked": (translate("kazasu", "このカードは図書館カードとして登録されていません。「利用登録」で登録するか、利用者カードのバーコードを読んでください。", "library.error.card_not_linked"),
                                     "This card is not linked to a patron. Register it with Register, or scan the library card's barcode."),
    "library.error.item_on_loan": (translate("kazasu", "この資料は貸出中です。先に返却処理をしてください。", "library.error.item_on_loan"),
                                  "This item is on loan. Check it in first."),
    "library.error.not_this_patron": (translate("kazasu", "読み取ったカードの生年月日がこの利用者の登録と合いません。ご本人のカードか確かめてください。", "library.error.not_this_patron"),
                                     "The card read does not match this patron's birth date. Check that it is the patron's own card."),
    "library.error.card_reissued": (translate("kazasu", "この利用者番号はすでに再発行されています。新しい番号で手続きしてください。", "library.error.card_reissued"),
                                   "This patron number was already replaced by a reissued card. Use the new number."),
    "library.error.not_a_my_number_card": (translate("kazasu", "マイナンバーカードではありません。マイナンバーカードをかざしてください。", "library.error.not_a_my_number_card"),
                                          "This is not a My Number card. Tap a My Number card."),
    "library.error.not_eligible": (translate("kazasu", "この図書館の利用登録の条件を満たしていません。市内で働く・学ぶ方は「在勤」「在学」を選んで、もう一度読んでください。", "library.error.not_eligible"),
                                  "The person does not meet this library's registration rules. If they work or study here, choose Works here or Studies here and read the card again."),
    "library.error.not_eligible_residence": (translate("kazasu", "条件：市内および近隣自治体に住所がある方、または市内に通勤・通学している方（在勤・在学の申告が必要）。カードの住所は対象地域外です。", "library.error.not_eligible_residence"),
                                            "Rule: residents of the municipality and of its listed neighbours, or people who work or study there (then choose Works here or Studies here). The card's address is elsewhere."),
    "library.error.not_eligible_work": (translate("kazasu", "この図書館は「在勤」の申告では登録できません。「なし」を選ぶか、住んでいる市区町村の図書館を案内してください。", "library.error.not_eligible_work"),
                                       "This library does not register on a declaration of working here. Choose None, or direct them to the library where they live."),
    "library.error.not_eligible_study": (translate("kazasu", "この図書館は「在学」の申告では登録できません。「なし」を選ぶか、住んでいる市区町村の図書館を案内してください。", "library.error.not_eligible_study"),
                                        "This library does not register on a declaration of studying here. Choose None, or direct them to the library where they live."),
    "library.error.guardian_required": (translate("kazasu", "条件：{limit}歳未満の方は保護者の同意が必要です。保護者の氏名を入力してください。", "library.error.guardian_required"),
                                       "Rule: under {limit}, a guardian registers with the child. Give the guardian's name."),
    "library.error.patron_blocked": (translate("kazasu", "この利用者は貸出停止中です。理由は利用者の行にあります。返却はできます。解除は職員が行います。", "library.error.patron_blocked"),
                                    "Loans are stopped for this patron (the reason is on the patron line). Items can still be checked in; staff lift the block."),
    "library.error.loan_limit": (translate("kazasu", "貸出上限に達しています（この種類の資料は{limit}点まで）。返却してから借りてください。", "library.error.loan_limit"),
                                "Loan limit reached: {limit} items of this kind at a time. Check some in first."),
    "library.error.bad_barcode": (translate("kazasu", "資料バーコードは1〜32文字の英数字です。読み直すか、「番号を手で入力」でラベルの数字を入れてください。", "library.error.bad_barcode"),
                                 "An item barcode is 1 to 32 letters or digits: scan it again, or type the label's digits with Type a number."),
    # the ILS mode (kiosk.library.ils, kiosk.library.ui.ils_desk): the desk speaks SIP2 to the library system
    "library.ils.title": (translate("kazasu", "図書館 貸出・返却（図書館システム）", "library.ils.title"),
                         "Library checkout (library system)"),
    "library.ils.renew": (translate("kazasu", "延長", "library.ils.renew"), "Renew"),
    "library.ils.block": (translate("kazasu", "利用停止", "library.ils.block"), "Block card"),
    "library.ils.link": (translate("kazasu", "カード連携", "library.ils.link"), "Link card"),
    "library.ils.linked": (translate("kazasu", "カードを利用者番号 {number} に連携しました。次からはかざすだけで使えます。", "library.ils.linked"),
                          "The card is linked to patron number {number}. From now on a tap is enough."),
    "library.ils.outbox": (translate("kazasu", "送信待ち・拒否", "library.ils.outbox"), "Outbox"),
    "library.ils.outbox_title": (translate("kazasu", "オフライン中の取引（送信待ちと、図書館システムが拒否したもの）", "library.ils.outbox_title"),
                                "Off-line transactions (waiting to be sent, and refused by the library system)"),
    "library.ils.replay": (translate("kazasu", "今すぐ送信", "library.ils.replay"), "Send now"),
    "library.ils.resolve": (translate("kazasu", "処理済みにする", "library.ils.resolve"), "Mark as settled"),
    "library.ils.online": (translate("kazasu", "図書館システムに接続しています", "library.ils.online"),
                          "Connected to the library system"),
    "library.ils.pick_loan": (translate("kazasu", "延長する資料を一覧から選んでください。", "library.ils.pick_loan"),
                             "Choose the item to renew in the list."),
    "library.ils.from_ils": (translate("kazasu", "図書館システムより：", "library.ils.from_ils"),
                            "From the library system:"),
    "library.ils.denied": (translate("kazasu", "【図書館システムで貸出が止められています】", "library.ils.denied"),
                          "[Loans are stopped by the library system]"),
    "library.ils.offline": (translate("kazasu", "図書館システムに接続できません。オフラインで受け付けています（送信待ち {n}件）", "library.ils.offline"),
                           "The library system does not answer: working off-line ({n} waiting to be sent)"),
    "library.ils.refused_count": (translate("kazasu", "図書館システムが拒否した取引 {n}件：職員が確認してください", "library.ils.refused_count"),
                                 "{n} transaction(s) refused by the library system: staff, please check"),
    "library.ils.patron_offline": (translate("kazasu", "利用者番号 {number}（オフライン：貸出状況は接続が戻ると表示されます）", "library.ils.patron_offline"),
                                  "Patron number {number} (off-line: loans are shown when the library system is back)"),
    "library.ils.loan": (translate("kazasu", "{item}", "library.ils.loan"), "{item}"),
    "library.ils.loan_overdue": (translate("kazasu", "{item}　延滞", "library.ils.loan_overdue"), "{item}　Overdue"),
    "library.ils.loan_queued": (translate("kazasu", "{item}　送信待ち", "library.ils.loan_queued"),
                               "{item}　waiting to be sent"),
    "library.ils.checked_out_offline": (translate("kazasu", "貸出を受け付けました（オフライン）：{item}　返却期限 {due}", "library.ils.checked_out_offline"),
                                       "Checkout taken off-line: {item}, due {due}"),
    "library.ils.checked_in_offline": (translate("kazasu", "返却を受け付けました（オフライン）：{item}", "library.ils.checked_in_offline"),
                                      "Return taken off-line: {item}"),
    "library.ils.renewed": (translate("kazasu", "延長しました：{item}　返却期限 {due}", "library.ils.renewed"),
                           "Renewed: {item}, due {due}"),
    "library.ils.blocked": (translate("kazasu", "図書館システムで利用停止にしました：{number}", "library.ils.blocked"),
                           "Blocked in the library system: {number}"),
    "library.ils.block_queued": (translate("kazasu", "利用停止を送信待ちにしました：{number}", "library.ils.block_queued"),
                                "Block waiting to be sent: {number}"),
    "library.ils.sent": (translate("kazasu", "送信しました：{n}件", "library.ils.sent"),
                        "Sent: {n}"),
    "library.error.ils_unavailable": (translate("kazasu", "図書館システムに接続できません。しばらくしてからもう一度お試しください。", "library.error.ils_unavailable"),
                                     "The library system does not answer. Try again in a moment."),
    "library.error.ils_needs_connection": (translate("kazasu", "この手続きには図書館システムとの接続が必要です。接続が戻ってからもう一度お試しください。", "library.error.ils_needs_connection"),
                                          "This needs the library system, which does not answer. Try again when it is back."),
    "library.error.ils_offline_not_allowed": (translate("kazasu", "図書館システムに接続できず、オフラインでの貸出・返却も認められていません。接続が戻るまでお待ちいただくか、カウンターで手続きしてください。", "library.error.ils_offline_not_allowed"),
                                             "The library system does not answer and does not allow off-line loans and returns. Wait until it is back, or go to the counter."),
    "library.error.ils_malformed_answer": (translate("kazasu", "図書館システムの応答が SIP2 の形式ではありません。係員にお知らせください。", "library.error.ils_malformed_answer"),
                                          "The library system's answer is not valid SIP2. Please tell the staff."),
    "library.error.ils_login_refused": (translate("kazasu", "図書館システムが端末のログインを拒否しました。係員にお知らせください。", "library.error.ils_login_refused"),
                                       "The library system refused this terminal's login. Please tell the staff."),
    "library.error.ils_refused_checkout": (translate("kazasu", "貸出できませんでした。", "library.error.ils_refused_checkout"),
                                          "The library system did not check this item out."),
    "library.error.ils_refused_checkin": (translate("kazasu", "返却を受け付けられませんでした。", "library.error.ils_refused_checkin"),
                                         "The library system did not take this return."),
    "library.error.ils_refused_renew": (translate("kazasu", "延長できませんでした。", "library.error.ils_refused_renew"),
                                       "The library system did not renew this item."),
    "library.error.invalid_barcode": (translate("kazasu", "バーコードは1〜64文字の半角英数字です。読み取り直してください。", "library.error.invalid_barcode"),
                                     "A barcode is 1 to 64 printable ASCII characters. Scan it again."),
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
                                    "Read with check code B"),
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
    "library.register.print": (translate("kazasu", "カードを印刷", "library.register.print"),
                              "Print the card"),
    "library.register.printing": (translate("kazasu", "印刷に送っています…", "library.register.printing"),
                                 "Sending to the printer…"),
    "library.register.printed": (translate("kazasu", "利用者カードを印刷に送りました（{queue}）。印刷されたカードを利用者に渡してください。", "library.register.printed"),
                                "The card was sent to the printer ({queue}): hand the printed card to the patron."),
    "library.register.preview": (translate("kazasu", "利用者カードの見本", "library.register.preview"),
                                "Preview of the library card"),
    "library.register.no_preview": (translate("kazasu", "見本を表示できません（poppler-utils がありません）。カードの PDF はそのまま印刷できます。", "library.register.no_preview"),
                                   "No preview (poppler-utils is missing); the card's PDF prints all the same."),
    "library.register.back": (translate("kazasu", "登録画面に戻る", "library.register.back"),
                             "Back to the form"),
    # the registration's result page (labels and values, each in the language shown over the other)
    "library.register.basis": (translate("kazasu", "登録区分", "library.register.basis"), "Basis"),
    "library.register.code": (translate("kazasu", "市区町村コード", "library.register.code"), "Municipality code"),
    "library.register.card": (translate("kazasu", "カード", "library.register.card"), "Card"),
    "library.register.number": (translate("kazasu", "利用者番号", "library.register.number"), "Patron number"),
    "library.register.linked": (translate("kazasu", "マイナンバーカード連携", "library.register.linked"),
                               "My Number card linked"),
    "library.register.pdf": (translate("kazasu", "利用者カード PDF", "library.register.pdf"), "Card PDF"),
    "library.register.yes": (translate("kazasu", "はい", "library.register.yes"), "yes"),
    "library.register.no": (translate("kazasu", "いいえ", "library.register.no"), "no"),
    "library.register.basis_resident": (translate("kazasu", "在住", "library.register.basis_resident"), "resident"),
    "library.register.basis_neighbour": (translate("kazasu", "近隣自治体に在住", "library.register.basis_neighbour"),
                                        "neighbouring municipality"),
    "library.register.basis_work": (translate("kazasu", "在勤", "library.register.basis_work"), "works there"),
    "library.register.basis_study": (translate("kazasu", "在学", "library.register.basis_study"), "studies there"),
    "library.register.card_child": (translate("kazasu", "こども用カード", "library.register.card_child"), "children's card"),
    "library.register.card_adult": (translate("kazasu", "一般カード", "library.register.card_adult"), "adult card"),
    "library.register.changed": (translate("kazasu", "変更", "library.register.changed"), "Changed"),
    "library.register.no_change": (translate("kazasu", "変更なし", "library.register.no_change"), "no change"),
    "library.register.eligible": (translate("kazasu", "登録条件", "library.register.eligible"), "Eligible"),
    "library.register.not_eligible": (translate("kazasu", "いいえ：登録条件を満たしません（貸出停止）", "library.register.not_eligible"),
                                     "no: outside the rules (loans stopped)"),
    "library.register.field_name": (translate("kazasu", "氏名", "library.register.field_name"), "Name"),
    "library.register.field_address": (translate("kazasu", "住所", "library.register.field_address"), "Address"),
    "library.register.field_card_type": (translate("kazasu", "カード種別", "library.register.field_card_type"), "Card type"),
}
register(TEXTS)


FIXED_ERRORS = ("already_registered", "unknown_patron", "invalid_patron_number", "card_not_linked",
                "item_on_loan", "not_this_patron", "card_reissued", "not_a_my_number_card",
                "library_migration_busy")
# the ILS mode's (kiosk.library.ils, kiosk.library.sip2.errors); a refused login's words for the patron
# leave out the staff's hint (library.json), which the command line prints
ILS_ERRORS = ("ils_unavailable", "ils_needs_connection", "ils_offline_not_allowed", "ils_malformed_answer",
              "ils_login_refused", "invalid_barcode")


def error_text(exc: LibraryError) -> Bilingual | None:
    """The keyed words for a library error (kiosk.library.errors, by its code and details), so a
    screen shows it in the language of the moment; None where the error's own words say more.
    Registered with kiosk.messages for every library code: screens get them from `for_error`."""
    code = exc.code
    details = exc.details()
    if code in FIXED_ERRORS or code in ILS_ERRORS:
        return text(f"library.error.{code}")
    if code == "not_eligible":
        rule = details.get("rule")
        if rule == "declaration" and f"library.error.not_eligible_{details.get('declaration')}" in TEXTS:
            return text(f"library.error.not_eligible_{details['declaration']}")
        return text("library.error.not_eligible_residence" if rule == "residence" else "library.error.not_eligible")
    if code == "guardian_required" and "age_limit" in details:
        return text("library.error.guardian_required", limit=details["age_limit"])
    if code == "patron_blocked":
        return text("library.error.patron_blocked")
    if code == "loan_limit" and "limit" in details:
        return text("library.error.loan_limit", limit=details["limit"])
    if code == "library_error" and "item" in details:
        return text("library.error.bad_barcode")
    if code == "ils_refused" and f"library.error.ils_refused_{details.get('action')}" in TEXTS:
        return text(f"library.error.ils_refused_{details['action']}")   # the ILS's own words beside: the screen's
    return None


for _code in (*FIXED_ERRORS, *ILS_ERRORS, "not_eligible", "guardian_required", "patron_blocked", "loan_limit",
              "library_error", "ils_refused"):
    register_error_words(_code, error_text)


def texts(prefix: str) -> dict[str, Bilingual]:
    """The entries under `prefix` as keyed pairs, by their short key ("library.next" → "next");
    templates with {values} are left out (text(key, **values) gives those)."""
    return {key[len(prefix):]: text(key) for key, (ja, _) in TEXTS.items()
            if key.startswith(prefix) and "." not in key[len(prefix):] and "{" not in ja}
