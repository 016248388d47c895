"""Who may register, and the registration event.

`check_eligibility(config, person, today, declaration, guardian)` decides from the card's address and
birth date alone: a resident (the address's municipality code is the library's), a resident of a listed
neighbour, or anyone who declares working or studying in the municipality (declaration is recorded, the
proof is the librarian's). Age at `today` gives the card type (`child` under `child_card_under`) and
whether a guardian's name is required (under `guardian_required_under`). A refusal names the rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from kiosk.library.config import LibraryConfig
from kiosk.library.errors import GuardianRequiredError, LibraryError, NotEligibleError

DECLARATIONS = {"work": ("在勤", "works there"), "study": ("在学", "studies there")}


@dataclass(frozen=True)
class Eligibility:
    basis: str              # resident | neighbour | work | study
    municipality_code: str | None
    card_type: str          # adult | child
    age: int


def age_on(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def parse_person(person: dict[str, Any]) -> tuple[str, str, dt.date]:
    try:
        name, address = str(person["name"]).strip(), str(person["address"]).strip()
        birth = dt.date.fromisoformat(str(person["birth_date"]))
    except (KeyError, ValueError):
        raise LibraryError("The person file needs name, address and birth_date (YYYY-MM-DD), as "
                           "`kazasu card read --json` prints them.",
                           "本人情報ファイルには name・address・birth_date (YYYY-MM-DD) が必要です"
                           "（kazasu card read --json の出力）。") from None
    if not name or not address:
        raise LibraryError("The person file has an empty name or address.",
                           "本人情報ファイルの氏名または住所が空です。")
    return name, address, birth


def check_eligibility(config: LibraryConfig, person: dict[str, Any], today: dt.date,
                      declaration: str | None = None, guardian: str | None = None) -> Eligibility:
    _, address, birth = parse_person(person)
    rules = config.eligibility
    code = config.municipality_of(address)
    if rules.get("residents", True) and code == config.municipality_code:
        basis = "resident"
    elif rules.get("neighbours", True) and code is not None and code in config.neighbour_codes:
        basis = "neighbour"
    elif declaration is not None:
        if declaration not in DECLARATIONS or declaration not in rules.get("declarations", []):
            raise NotEligibleError(
                f"This library does not register on a declaration of '{declaration}'.",
                f"この図書館は「{declaration}」の申告では登録できません。", rule="declaration",
                declaration=declaration)
        basis = declaration
    else:
        raise NotEligibleError(
            "Rule: residents of the municipality and of its listed neighbours, or people who work or "
            "study there (a declaration: 在勤/在学 at the desk, --declaration work|study on the command "
            "line). The card's address is elsewhere.",
            "条件：市内および近隣自治体に住所がある方、または市内に通勤・通学している方（在勤・在学の"
            "申告が必要）。カードの住所は対象地域外です。", rule="residence",
            municipality_code=code)
    age = age_on(birth, today)
    if age < int(rules.get("guardian_required_under", 0)) and not (guardian or "").strip():
        limit = rules["guardian_required_under"]
        raise GuardianRequiredError(
            f"Rule: under {limit}, a guardian registers with the child. Give the guardian's name.",
            f"条件：{limit}歳未満の方は保護者の同意が必要です。保護者の氏名を入力してください。",
            rule="guardian", age_limit=limit)
    card_type = "child" if age < int(rules.get("child_card_under", 0)) else "adult"
    return Eligibility(basis, code, card_type, age)


def registration_payload(number: str, person: dict[str, Any], eligibility: Eligibility,
                         guardian: str | None, source: str) -> dict[str, Any]:
    name, address, birth = parse_person(person)
    payload: dict[str, Any] = {
        "patron_number": number, "name": name, "address": address, "birth_date": birth.isoformat(),
        "basis": eligibility.basis, "municipality_code": eligibility.municipality_code,
        "card_type": eligibility.card_type, "source": source,
    }
    if guardian and guardian.strip():
        payload["guardian"] = guardian.strip()
    return payload
