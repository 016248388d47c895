"""The shell's own words (sign-in, staff menu, status bar, wizard, lockdown), Japanese first with
English second, as `kiosk.messages.Bilingual` pairs. No text holds a PIN or a name."""

from __future__ import annotations

from kiosk.messages import Bilingual, register, text, translate

TEXTS: dict[str, tuple[str, str]] = {
    # sign-in
    "signin.title": ("係員のサインイン", "Staff sign-in"),
    "signin.for_desk": ("{desk} を続けるには係員がサインインしてください",
                        "Staff: sign in to continue at {desk}"),
    "signin.id": ("係員ID", "Staff ID"),
    "signin.pin": ("暗証番号", "PIN"),
    "signin.ok": ("サインイン", "Sign in"),
    "signin.card": ("係員カードをかざす", "Tap a staff card"),
    "signin.card_reading": ("係員カードを読み取っています…", "Reading the staff card…"),
    "signin.demo": ("デモ：係員ID demo ／ 暗証番号 0000", "Demo: staff ID demo / PIN 0000"),
    "signin.clear": ("やり直し", "Clear"),
    # staff menu
    "menu.open": ("係員メニュー", "Staff menu"),
    "menu.title": ("係員メニュー", "Staff menu"),
    "menu.unlock": ("係員メニューを開くには、サインイン中の係員の暗証番号を入力してください",
                    "Enter the PIN of the signed-in staff member to open the staff menu"),
    "menu.signed_in": ("サインイン中：{staff}（{role}）", "Signed in: {staff} ({role})"),
    "menu.sync_now": ("今すぐ送信", "Sync now"),
    "menu.sync_started": ("送信を始めました", "Sync started"),
    "menu.queue": ("送信待ちの一覧", "Events waiting"),
    "menu.switch": ("交代（サインアウト）", "Shift change (sign out)"),
    "menu.settings": ("端末の設定", "Terminal settings"),
    "menu.exit": ("かざすを終了", "Quit kazasu"),
    "menu.close": ("閉じる", "Close"),
    "menu.desks": ("受付の選択へ", "Choose a desk"),
    "menu.display": ("見やすさ（文字の大きさ・配色）", "Display (text size, colours)"),
    "menu.voice": ("音声案内（この方の間）", "Spoken guidance (this visit)"),
    "menu.node": ("このPCを避難所ノードにする", "Make this PC the shelter's node"),
    # the shelter's node (kiosk.shell.node_page)
    "node.title": ("このPCを避難所ノードにする", "Make this PC the shelter's node"),
    "node.hint": ("避難所のLANで端末どうしの記録をつなぐPCにします。外への回線が切れても受付は続けられ、"
                  "回線が戻ると記録をまとめて自治体へ送ります。",
                  "This PC links the shelter's terminals on the LAN: reception goes on while the uplink is "
                  "down, and every record goes to the municipality when it is back."),
    "node.upstream": ("自治体のメッシュのアドレス", "Municipal mesh address"),
    "node.code": ("ノード用コード", "Node code"),
    "node.code_hint": ("情報担当から（設定済みなら空欄）", "from IT (empty when already set up)"),
    "node.port": ("待ち受けポート", "Port"),
    "node.go": ("ノードにする", "Set up the node"),
    "node.back": ("戻る", "Back"),
    "node.working": ("設定しています…", "Setting up…"),
    "node.port_invalid": ("ポートは 1～65535 の数字で入力してください。", "Type the port as a number from 1 to 65535."),
    "node.already": ("このPCはすでに拠点 {site} の避難所ノードです。もう一度設定するときコードは不要です。",
                     "This PC is already the shelter node of site {site}. No code is needed to set it up again."),
    "node.done": ("このPCは拠点 {site} の避難所ノードになりました。各端末で下の2つのコマンドを実行してください。",
                  "This PC is now the shelter node of site {site}. Run the two commands below on each terminal."),
    "node.address": ("端末から見たアドレス", "Address for the terminals"),
    "node.pin": ("ノードの鍵のピン", "Pin of the node's key"),
    "node.for_terminals": ("各端末で", "On each terminal"),
    "node.started": ("ノードを起動しました。PCを起動するたびに自動で起動します。",
                     "The node is running, and starts whenever the PC starts."),
    "node.not_started": ("自動起動の設定を保存しました。起動するには systemctl --user enable --now kazasu-node.service "
                         "を実行してください。",
                         "The service is saved. To start it, run systemctl --user enable --now kazasu-node.service."),
    "display.title": ("見やすさ（文字の大きさ・配色）", "Display: text size and colours"),
    "display.hint": ("いまからこの端末を再起動するまで、この大きさと配色で表示します。ずっと使うときは「端末の設定」で選んでください。",
                     "From now until the kiosk restarts. To keep it, choose it in the terminal settings."),
    "display.apply": ("この表示にする", "Use this display"),
    "display.text_size": ("文字の大きさ", "Text size"),
    "display.contrast": ("配色", "Colours"),
    "display.back": ("戻る", "Back"),
    # roles
    "role.volunteer": ("ボランティア", "volunteer"),
    "role.staff": ("職員", "staff"),
    "role.admin": ("管理者", "admin"),
    "role.denied": ("この操作は {role} にはできません。職員または管理者に交代してください。",
                    "A {role} cannot do this. Please hand over to staff or an administrator."),
    # wizard
    "wizard.title": ("はじめての設定", "First-time set-up"),
    "wizard.step": ("{n} / {total}", "step {n} of {total}"),
    "wizard.desk": ("この端末で使う受付", "The desk this terminal serves"),
    "wizard.desk_none": ("毎回選ぶ", "Choose each time"),
    "wizard.site": ("拠点ID", "Site ID"),
    "wizard.site_hint": ("例 tokyo-minato-01", "e.g. tokyo-minato-01"),
    "wizard.mesh": ("役所サーバのアドレス", "Mesh address"),
    "wizard.mesh_hint": ("例 https://mesh.example.lg.jp", "e.g. https://mesh.example.lg.jp"),
    "wizard.code": ("登録コード（あとでも可）", "Enrolment code (or later)"),
    "wizard.node_hint": ("避難所の端末をLANでつなぐPCにするとき", "For the PC linking the shelter's terminals"),
    "wizard.node": ("このPCを避難所ノードにする…", "Make this PC the shelter's node…"),
    "wizard.code_hint": ("例 ABCD-EFGH-JKLM", "e.g. ABCD-EFGH-JKLM"),
    "wizard.reader": ("カード読取機", "Card reader"),
    "wizard.reader_auto": ("自動（カードのある読取機）", "Automatic (the reader with a card)"),
    "wizard.printer": ("プリンタ", "Printer"),
    "wizard.printer_hint": ("空欄なら既定のプリンタ", "empty: the default printer"),
    "wizard.test_print": ("テスト印刷", "Test print"),
    "wizard.text_size": ("文字の大きさ（次の起動から）", "Text size (from the next start)"),
    "wizard.contrast": ("配色（次の起動から）", "Colours (from the next start)"),
    "wizard.scale_100": ("100% 標準", "standard"),
    "wizard.scale_150": ("150% 大", "larger"),
    "wizard.scale_200": ("200% 特大", "largest"),
    "wizard.contrast_normal": ("通常", "Normal"),
    "wizard.contrast_high": ("高コントラスト", "High contrast"),
    "wizard.admin": ("最初の管理者（係員IDと暗証番号 4〜12桁）",
                     "The first administrator (staff ID and a 4–12 digit PIN)"),
    "wizard.admin_pin_again": ("暗証番号（もう一度）", "PIN (again)"),
    "wizard.next": ("次へ", "Next"),
    "wizard.back": ("戻る", "Back"),
    "wizard.finish": ("保存して始める", "Save and start"),
    "wizard.save": ("保存", "Save"),
    "wizard.cancel": ("取り消し", "Cancel"),
    "wizard.saved": ("設定を保存しました", "Settings saved"),
    "wizard.enrolled": ("端末をサーバに登録しました", "The terminal is enrolled with the mesh"),
    "wizard.enrol_later": ("登録できませんでした。あとで「端末の設定」から登録してください。",
                           "Enrolment did not work now. Enrol later from the terminal settings."),
    "wizard.pins_differ": ("2つの暗証番号が違います。もう一度入力してください。",
                           "The two PINs differ. Please type them again."),
    "wizard.printer_none": ("印刷の機能はまだ入っていません", "Printing is not installed yet"),
    # a settings file that does not fit (kiosk.shell.settings_error)
    "settings_error.title": ("この端末の設定に誤りがあるため、かざすを始められません",
                             "A setting of this terminal is wrong: kazasu cannot start"),
    "settings_error.where": ("ファイル {file}　設定 {field}", "File {file}, setting {field}"),
    "settings_error.close": ("閉じる", "Close"),
    # lockdown
    "exit.title": ("終了するには管理者または職員の暗証番号が必要です",
                   "Quitting needs the PIN of a staff member or an administrator"),
    # the status bar's loud problems (for staff: the queue view and `kazasu doctor` say more)
    "status.lost": ("⚠ 記録の欠落 {n} 件", "⚠ {n} record(s) lost"),
    "status.quarantined": ("⚠ 読めない記録 {n} 件", "⚠ {n} unreadable record(s) set aside"),
    "status.disk_full": ("⚠ ディスクがいっぱい（記録できません）", "⚠ disk full: nothing can be recorded"),
    "status.database_corrupt": ("⚠ データベース破損", "⚠ database damaged"),
    "status.key_invalid": ("⚠ 暗号鍵が一致しません", "⚠ wrong encryption key"),
    # a notice to staff the municipality published (sync.published), in its own words
    "status.notice": ("お知らせ：{text}", "Notice: {text}"),
}
PROBLEM_CODES = ("disk_full", "database_corrupt", "key_invalid")  # errors the status bar names


# the status bar is on every screen the resident sees: its words are translated (lupdate reads the
# translate() markers here, kiosk.ui.i18n.tools.SOURCES); the rest of the shell is for staff
RESIDENT_TEXTS: dict[str, tuple[str, str]] = {
    "status.reader_ok": (translate("kazasu", "読取機 {name}", "status.reader_ok"), "Reader {name}"),
    "status.reader_none": (translate("kazasu", "読取機なし", "status.reader_none"), "No reader"),
    "status.card_yes": (translate("kazasu", "● カードあり", "status.card_yes"), "card on the reader"),
    "status.card_no": (translate("kazasu", "○ カードなし", "status.card_no"), "no card"),
    "status.online": (translate("kazasu", "オンライン", "status.online"), "online"),
    "status.offline": (translate("kazasu", "オフライン", "status.offline"), "offline"),
    "status.unknown": (translate("kazasu", "接続確認中", "status.unknown"), "checking"),
    "status.pending": (translate("kazasu", "未送信 {n} 件", "status.pending"), "{n} waiting"),
    "status.last_sync": (translate("kazasu", "最終送信 {time}", "status.last_sync"), "last sync {time}"),
    "status.never": (translate("kazasu", "送信記録なし", "status.never"), "not synced yet"),
    "status.staff": (translate("kazasu", "係員 {staff}", "status.staff"), "staff {staff}"),
    "status.nobody": (translate("kazasu", "未サインイン", "status.nobody"), "nobody signed in"),
}
register(RESIDENT_TEXTS)


def t(key: str, **values: object) -> Bilingual:
    """The pair for `key`, with {placeholders} filled in (keyed, so translatable, for the status bar)."""
    if key in RESIDENT_TEXTS:
        return text(key, **values)
    ja, en = TEXTS[key]
    return Bilingual(ja.format(**values), en.format(**values))
