"""Realistic but fictitious events of the three desks (counter, shelter, library) for demos and load.

Every name, address and number here is invented (addresses are in the fictitious 見本県/架空市), and no
My Number is ever generated: the counter desk queues applications without it. Deterministic for a seed.
"""

from __future__ import annotations

import random
from typing import Any, Iterator

SURNAMES = [("佐藤", "サトウ"), ("鈴木", "スズキ"), ("高橋", "タカハシ"), ("田中", "タナカ"),
            ("伊藤", "イトウ"), ("渡辺", "ワタナベ"), ("山本", "ヤマモト"), ("中村", "ナカムラ"),
            ("小林", "コバヤシ"), ("加藤", "カトウ"), ("吉田", "ヨシダ"), ("山田", "ヤマダ")]
GIVEN = [("太郎", "タロウ", "1"), ("花子", "ハナコ", "2"), ("翔太", "ショウタ", "1"),
         ("陽菜", "ヒナ", "2"), ("健一", "ケンイチ", "1"), ("美咲", "ミサキ", "2"),
         ("大輝", "ダイキ", "1"), ("結衣", "ユイ", "2"), ("誠", "マコト", "1"), ("千尋", "チヒロ", "9")]
TOWNS = ["見本県架空市桜町", "見本県架空市港南", "見本県試験郡例村大字見本", "見本県架空市緑が丘"]
FORMS = ["juminhyo_copy", "moving_in", "moving_out", "seal_registration", "child_allowance",
         "national_health_insurance"]
NEEDS = ["infant", "elderly", "care", "allergy", "language", "pregnant", "wheelchair", "medication"]
STAFF = ["staff-001", "staff-002", "staff-003", "volunteer-017", "librarian-04"]
# (kind, relative weight)
KINDS = [("counter.application_submitted", 4), ("shelter.checked_in", 4), ("shelter.checked_out", 1),
         ("library.card_issued", 2), ("library.item_checked_out", 3)]


def _person(rng: random.Random) -> dict[str, Any]:
    surname, surname_kana = rng.choice(SURNAMES)
    given, given_kana, sex = rng.choice(GIVEN)
    year, month, day = rng.randint(1935, 2023), rng.randint(1, 12), rng.randint(1, 28)
    address = f"{rng.choice(TOWNS)}{rng.randint(1, 5)}丁目{rng.randint(1, 30)}番{rng.randint(1, 20)}号"
    return {"name": f"{surname}　{given}", "kana": f"{surname_kana}　{given_kana}",
            "birth_date": f"{year:04d}-{month:02d}-{day:02d}", "sex_code": sex, "address": address}


def _payload(kind: str, rng: random.Random, n: int) -> dict[str, Any]:
    if kind == "counter.application_submitted":
        return {"application_id": f"APP-{n:08d}", "applicant": _person(rng),
                "forms": rng.sample(FORMS, rng.randint(1, 3)), "identity_checked_by": "mynumber_card",
                "printed": True}
    if kind == "shelter.checked_in":
        return {"person": _person(rng), "household": f"H-{rng.randint(1, 400):04d}",
                "needs": rng.sample(NEEDS, rng.choice([0, 0, 0, 1, 1, 2])),
                "do_not_disclose": rng.random() < 0.03,
                "method": rng.choice(["mynumber_card", "ic_card", "manual"])}
    if kind == "shelter.checked_out":
        return {"household": f"H-{rng.randint(1, 400):04d}", "reason": rng.choice(["home", "relatives",
                                                                                   "hospital", "other"])}
    if kind == "library.card_issued":
        return {"patron_number": f"P{rng.randint(1, 99_999_999):08d}", "patron": _person(rng),
                "linked_mynumber_card": rng.random() < 0.6}
    return {"patron_number": f"P{rng.randint(1, 99_999_999):08d}",
            "item_barcode": f"9784{rng.randint(0, 999_999_999):09d}", "due": "2026-12-31"}


def synthetic_events(count: int, seed: int | None = None) -> Iterator[tuple[str, dict[str, Any], str]]:
    """Yield `count` tuples (kind, payload, staff)."""
    rng = random.Random(seed)
    kinds = [kind for kind, _ in KINDS]
    weights = [weight for _, weight in KINDS]
    for n in range(count):
        kind = rng.choices(kinds, weights)[0]
        yield kind, _payload(kind, rng, n), rng.choice(STAFF)
