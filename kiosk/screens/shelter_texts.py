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
}


def t(key: str) -> Bilingual:
    ja, en = TEXTS[key]
    return Bilingual(ja, en)


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
