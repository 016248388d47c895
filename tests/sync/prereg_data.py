"""The households of the pre-registration tests (fictitious): a family of five with rare kanji.

𠮷 (U+20BB7, outside the BMP), 髙 (U+9AD9), 葛󠄀 (葛 + the variation selector U+E0100, an MJ glyph) and
辻󠄀 (辻 + U+E0100) must come back exactly, code point for code point. `public_text` is a site key's
public half as the pre-registration page carries it.
"""

from __future__ import annotations

import base64
import copy

from cryptography.hazmat.primitives import serialization

FAMILY_OF_FIVE = {
    "kind": "shelter", "address": "東京都新宿区西新宿二丁目８番１号　都庁前ハイツ１０１号",
    "people": [
        {"name": "𠮷田　太郎", "kana": "よしだ　たろう", "birth_date": "1950-04-02", "sex_code": "1",
         "needs": {"elderly": "", "medication": "降圧剤"}, "do_not_disclose": False},
        {"name": "𠮷田　花子", "kana": "よしだ　はなこ", "birth_date": "1953-11-30", "sex_code": "2",
         "needs": {"allergy": "卵・小麦"}, "do_not_disclose": False},
        {"name": "𠮷田　髙志", "kana": "よしだ　たかし", "birth_date": "1980-01-15", "sex_code": "1",
         "needs": {"car_sleeping": ""}, "do_not_disclose": True},
        {"name": "𠮷田　葛\U000E0100子", "kana": "よしだ　かずこ", "birth_date": "2015-07-07", "sex_code": "2",
         "needs": {"pet": "犬（柴犬）"}, "do_not_disclose": False},
        {"name": "𠮷田　辻\U000E0100郎", "kana": "よしだ　つじろう", "birth_date": "2024-02-29", "sex_code": "9",
         "needs": {"infant": "", "other": "車いすを使います"}, "do_not_disclose": False},
    ],
}

COUNTER_VISIT = {
    "kind": "counter",
    "person": {"name": "髙橋　𠮷子", "kana": "たかはし　よしこ", "birth_date": "1985-06-15", "sex_code": "2",
               "address": "東京都新宿区西新宿二丁目８番１号"},
    "procedures": ["juminhyo_request"],
    "answers": {"visitor": "self", "certificate_kind": "all", "copies": "2", "purpose": "employment",
                "requester_phone": "0312345678"},
}


def family() -> dict:
    return copy.deepcopy(FAMILY_OF_FIVE)


def public_text(private) -> str:
    """The public half of a site's private key as the page carries it (X9.62 uncompressed, base64url)."""
    raw = private.public_key().public_bytes(serialization.Encoding.X962,
                                            serialization.PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")
