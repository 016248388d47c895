"""Splitting a Japanese address into 都道府県 and the rest, offline.

Only the 47 prefecture names are used. Splitting the rest into 市区町村 and the remainder needs the
national local-government code list (全国地方公共団体コード) and comes later; until then a form prints
the rest in one box.
"""

from __future__ import annotations

PREFECTURES: tuple[str, ...] = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県",
    "茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県",
    "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県",
    "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県",
    "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県",
    "徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県",
    "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
)


def split_prefecture(address: str) -> tuple[str, str]:
    """(都道府県, the rest) of `address`; ("", address) when it starts with no prefecture name."""
    text = address.strip()
    for name in PREFECTURES:
        if text.startswith(name):
            return name, text[len(name):].lstrip(" 　")
    return "", text
