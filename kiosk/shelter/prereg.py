"""A household pre-registered at home, checked in with one scan of its code (no Qt).

`read_household(texts, data_dir, site)` opens the code(s) with the terminal's site key
(`sync.prereg`) and refuses a counter's code; `check_in_household(desk, household)` registers and
checks in everyone in one transaction, under one household label, with source `qr`. Each person
carries the token `prereg:<code digest>-<n>` as their card: scanning the same code again checks the
same people in (no second record), as a linked card does.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

from kiosk.shelter.desk import DRILL_SUFFIX, ShelterDesk
from kiosk.shelter.roster import Roster
from sync.prereg.codes import SiteKeys, read_codes
from sync.prereg.errors import PreregError

logger = logging.getLogger(__name__)
SOURCE = "qr"


class WrongDeskError(PreregError):
    code = "qr_counter_code"
    message_ja = ("これは窓口（手続き）用のコードです。避難所では使えません。だれも受付していません。"
                  "避難所のページで作ったコードを読み取ってください。")
    message_en = ("This is a code for the city office counter, not for a shelter. No one was checked in. "
                  "Scan a code made on the shelter page.")


def base_site(site: str) -> str:
    """The site a code is made for: the drill desk (`<site>-drill`) reads its real site's codes."""
    return site.removesuffix(DRILL_SUFFIX)


def read_household(texts: list[str], data_dir: Path | str, site: str, *, now: float | None = None) -> dict:
    """The household in the code(s), with `digest` (names no one), or a typed `PreregError`."""
    record = read_codes(texts, SiteKeys.load(data_dir, base_site(site)), now=now)
    if record["kind"] != "shelter":
        raise WrongDeskError()
    # the same code (its parts in any order) gives the same digest: a second scan finds the same people
    parts = sorted("".join(str(t).split()).upper() for t in texts)
    record["digest"] = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]
    return record


def people_fields(household: dict[str, Any]) -> list[dict[str, Any]]:
    """The desk's person fields of each member (the household's address for each)."""
    label = f"世帯-{household['digest'][:6]}"
    return [{"name": p["name"], "kana": p["kana"], "birth_date": p["birth_date"], "sex_code": p["sex_code"],
             "address": household.get("address", ""), "household": label, "needs": p["needs"],
             "do_not_disclose": p["do_not_disclose"]} for p in household["people"]]


def check_in_household(desk: ShelterDesk, household: dict[str, Any], *,
                       roster: Roster | None = None) -> dict[str, Any]:
    """Register and check in every member in one transaction; `people` [{person_id, event_id, new}]."""
    roster = roster or desk.roster()
    results = []
    with desk.store.transaction():
        for n, fields in enumerate(people_fields(household), start=1):
            card = {"kind": "prereg", "pseudonym": f"{household['digest']}-{n}"}
            results.append(desk.register(fields, source=SOURCE, card=card, roster=roster))
    logger.info("shelter: household of %d checked in from a code", len(results))
    return {"household": people_fields(household)[0]["household"], "count": len(results),
            "people": results, "new": sum(1 for r in results if r["new"])}

