"""Texts of the shelter desk (Japanese first, English second). Kept apart from kiosk/messages.py."""

from __future__ import annotations

from kiosk.messages import Bilingual
from kiosk.shelter.model import NEEDS

TEXTS = {
    "title": ("避難所受付", "Shelter reception"),
    "name": ("氏名（必須）", "Name (required)"),
    "kana": ("ふりがな", "Kana"),
    "birth": ("生年月日", "Birth date"),
    "household": ("世帯の記号", "Household"),
    "needs": ("配慮が必要なこと（押すと選択）", "Needs (tap to choose)"),
    "protect": ("非開示（DV等）", "Do not disclose"),
    "checkin": ("登録して入所", "Check in"),
    "card": ("カードで受付", "Check in by card"),
    "search": ("名前・ふりがなでさがす", "Search by name or kana"),
    "here": ("いま避難所にいる人", "Who is here now"),
    "exit": ("戻る", "Back"),
    "done": ("受付しました", "Checked in"),
    "card_unknown": ("このカードはまだ誰にも登録されていません。手入力で登録してください。",
                     "This card is not linked to anyone yet: check the person in by hand."),
    "protected_mark": ("【非開示】", "[protected]"),
    "address": ("住所", "Address"),
    "sex": ("性別", "Sex"),
    "sex_1": ("男", "male"), "sex_2": ("女", "female"), "sex_9": ("答えない", "not stated"),
    "birth_or_band": ("生年月日か年齢", "Born or age"),
    "detail_allergy": ("どの食物（例 卵・小麦）", "Which foods (e.g. egg, wheat)"),
    "detail_medication": ("どの薬・医療", "Which medicine or care"),
    "detail_language": ("どの言語", "Which language"),
    "detail_pet": ("どの動物", "Which animal"),
    "where": ("いる場所", "Where they stay"),
    "where_shelter": ("避難所内", "in the shelter"),
    "where_home": ("在宅", "at home"), "where_car": ("車中泊", "in a car"), "where_other": ("その他", "other"),
    "place": ("所外の場所（例 ○○町の自宅）", "Where outside (e.g. home in ○○)"),
    "from_headcount": ("先に人数だけ数えた人", "Counted earlier (headcount)"),
    "tab_reception": ("受付", "Reception"),
    "tab_headcount": ("人数だけ数える", "Headcount"),
    "tab_inquiry": ("安否確認", "Family inquiry"),
    "tab_needs": ("物資の集計", "Supplies"),
    "drill": ("訓練モード", "Drill mode"),
    "drill_banner": ("訓練 / DRILL　訓練用のデータです（本番の名簿には入りません）",
                     "Drill data: never part of the real roster"),
    "tapped_out": ("外出にしました（戻ったらもう一度かざす）", "Marked as out (tap again when back)"),
    "tapped_back": ("おかえりなさい（戻りにしました）", "Welcome back (marked as back)"),
    "needs_pin": ("マイナンバーカードの暗証番号（4桁）を入れてください", "Enter the card's 4-digit PIN"),
    "more": ("…ほか {n} 人（もっと入力して絞り込み）", "… {n} more: type more to narrow"),
    "no_card": ("カードが読み取り機にありません。置いてからもう一度押してください。",
                "No card on the reader: place it, then press again."),
    "card_busy": ("カードを読んでいます…", "Reading the card…"),
    "blank_card": ("このカードは未登録です。人を一覧から選び「ICカードを渡す」で結び付けます。",
                   "This card is not linked: pick the person in the list and hand it over."),
    "person_title": ("この人の手続き", "This person"),
    "out": ("一時外出", "Temporarily out"),
    "back": ("戻った", "Back in"),
    "checkout_home": ("退所：帰宅", "Check out: home"),
    "checkout_shelter": ("退所：他の避難所へ", "Check out: another shelter"),
    "checkout_hospital": ("退所：入院", "Check out: hospital"),
    "other_shelter": ("移動先の避難所名", "Name of the other shelter"),
    "stay_home": ("所外へ：在宅", "Outside: at home"),
    "stay_car": ("所外へ：車中泊", "Outside: in a car"),
    "link_card": ("ICカードを渡す（かざして結び付け）", "Hand over an IC card (tap to link)"),
    "add_member": ("この世帯に家族を追加", "Add a family member"),
    "linked": ("ICカードを結び付けました", "The IC card is linked"),
    "card_taken": ("このカードは別の人に結び付いています", "This card is linked to someone else"),
    "moved": ("記録しました", "Recorded"),
    "adding_member": ("世帯「{household}」に追加します：氏名を入れて「登録して入所」",
                      "Adding to household {household}: type the name, then Check in"),
    "headcount_title": ("人数だけ先に数える（詳細はあとで）", "Count heads now, register later"),
    "headcount_record": ("この人数を記録", "Record this count"),
    "headcount_open": ("未登録の人数：{n} 人（登録時に「先に人数だけ数えた人」を選ぶと差し引き）",
                       "Counted, not registered: {n} (choose 'counted earlier' when registering)"),
    "headcount_done": ("{n} 人を記録しました", "{n} people counted"),
    "inquiry_title": ("ご家族からの問い合わせ（非開示の人は決して表示しません）",
                      "Family inquiry (protected people are never shown)"),
    "inquiry_search": ("さがす人の名前・ふりがな", "Name or kana of the person sought"),
    "inquiry_none": ("この避難所の名簿には見つかりません", "Not found on this shelter's roster"),
    "needs_title": ("物資計画用の集計（名前は含みません）", "Needs summary for supplies (no names)"),
    "needs_pdf": ("PDFに保存", "Save as PDF"),
    "staff_only": ("書き出しと閉鎖は職員だけができます。職員に交代してください。",
                   "Only staff may export or close: ask a staff member to sign in."),
    "roster_pdf": ("名簿PDFを保存（職員用）", "Save the roster PDF (staff)"),
    "close": ("避難所を閉鎖…", "Close the shelter…"),
    "close_confirm": ("個人情報を消去して閉鎖", "Erase personal data and close"),
    "close_warning": ("閉鎖すると、この避難所の氏名・住所・生年月日などを端末とサーバーから消去します。元に戻せません。",
                      "Closing erases names, addresses, birth dates… of this shelter here and on the server. It cannot be undone."),
    "closed": ("閉鎖しました。個人情報を消去し、人数の記録（{n} 人）を残しました。",
               "Closed: personal data erased; the counts ({n} people) are kept."),
    "saved": ("保存しました：{path}", "Saved: {path}"),
}


def t(key: str, **values) -> Bilingual:
    ja, en = TEXTS[key]
    return Bilingual(ja.format(**values), en.format(**values)) if values else Bilingual(ja, en)


SHORT_EN = {"language": "interpreter", "car_sleeping": "in a car", "food allergy": "allergy"}


def need(code: str) -> Bilingual:
    """The label of a need on its toggle button (short English, so four fit on a row)."""
    ja, en, _ = NEEDS[code]
    return Bilingual(ja, SHORT_EN.get(code, SHORT_EN.get(en, en)))


def counts(status: dict) -> Bilingual:
    cap = status.get("capacity") or "—"
    return Bilingual(
        f"在所 {status['present']} 人 ／ 定員 {cap}　世帯 {status['households']}　"
        f"外出 {status['temporarily_out']}　所外 {status['outside']['total']}　重複候補 {status['possible_duplicates']}",
        f"Present {status['present']} / capacity {cap} · households {status['households']} · "
        f"out {status['temporarily_out']} · outside {status['outside']['total']} · "
        f"possible duplicates {status['possible_duplicates']}")
