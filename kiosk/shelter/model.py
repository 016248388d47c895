"""Shelter vocabulary as data: event kinds, needs codes, age bands, sources, movement reasons, errors.

Every message meant for people has Japanese and English text; no message ever contains a name.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from typing import Any

from forms.dates import DateInputError, parse_birth_or_age
from kiosk.errors import KioskError
from sync.errors import SyncError

PREFIX = "shelter."
SETUP = "shelter.setup"
REGISTERED = "shelter.person_registered"
CHECKED_IN = "shelter.checked_in"
CHECKED_OUT = "shelter.checked_out"
TEMP_OUT = "shelter.temporarily_out"
RETURNED = "shelter.returned"
CARD_LINKED = "shelter.card_linked"
HEADCOUNT = "shelter.headcount"
NEEDS_UPDATED = "shelter.needs_updated"
STAYING_OUTSIDE = "shelter.staying_outside"
MERGED = "shelter.persons_merged"
HOUSEHOLD_SET = "shelter.household_set"
EXPORTED = "shelter.exported"  # a staff export was written (counts and the last event it held; no names)
CLOSED = "shelter.closed"  # the closing summary after the anonymisation (counts only)
CLOSE_REASON = "避難所閉鎖 / shelter closed"
MOVEMENTS = (CHECKED_IN, CHECKED_OUT, TEMP_OUT, RETURNED, STAYING_OUTSIDE)

# code → (日本語, English, takes a detail such as which allergy or which language)
NEEDS: dict[str, tuple[str, str, bool]] = {
    "elderly": ("高齢者", "elderly", False),
    "disability": ("障害", "disability", False),
    "pregnancy": ("妊産婦", "pregnancy", False),
    "infant": ("乳幼児", "infant", False),
    "allergy": ("食物アレルギー", "food allergy", True),
    "dialysis": ("人工透析", "dialysis", False),
    "oxygen": ("在宅酸素", "oxygen", False),
    "medication": ("常用薬", "medication", True),
    "language": ("通訳・言語", "language / interpreter", True),
    "pet": ("ペット", "pet", True),
    "car_sleeping": ("車中泊", "sleeping in a car", False),
}

NEED_CODE = re.compile(r"[a-z][a-z0-9_]{0,31}")


def published_needs(body: dict[str, Any]) -> dict[str, tuple[str, str, bool]] | None:
    """The needs of a `shelter.needs` vocabulary the municipality published (sync.published):
    `{"needs": {code: {"ja", "en", "detail"}}}`; None when it does not fit (then it is not used)."""
    needs = body.get("needs") if isinstance(body, dict) else None
    if not isinstance(needs, dict) or not needs:
        return None
    out = {}
    for code, words in needs.items():
        if (not isinstance(code, str) or not NEED_CODE.fullmatch(code) or code == OTHER_NEED
                or not isinstance(words, dict)):
            return None
        ja, en, detail = words.get("ja"), words.get("en"), words.get("detail", False)
        if not (isinstance(ja, str) and ja.strip() and isinstance(en, str) and en.strip()
                and isinstance(detail, bool)):
            return None
        out[code] = (ja.strip(), en.strip(), detail)
    return out


def adopt_published_needs(data_dir: Any) -> list[str]:
    """Add the needs of the newest valid published `shelter.needs` vocabulary to NEEDS (a code already
    known keeps its words: records written under it keep their meaning; none is ever removed). The
    codes added."""
    # lazy: the published store is read when a desk opens
    from sync.published import PublishedStore

    doc = PublishedStore(data_dir).newest("vocabulary", "shelter.needs",
                                           accept=lambda d: published_needs(d["body"]) is not None)
    if doc is None:
        return []
    added = [code for code in published_needs(doc["body"]) or {} if code not in NEEDS]
    for code in added:
        NEEDS[code] = published_needs(doc["body"])[code]
    return added


OTHER_NEED = "other"  # a need the desk has no code for, kept in words: {"other": "mobility; …"}
OTHER_LABEL = ("その他", "other")
SOURCES = ("card_pin", "code_b", "ic_card", "by_hand", "import", "qr")
CHECKOUT_REASONS = {"home": ("帰宅", "home"), "another_shelter": ("他の避難所へ", "another shelter"),
                    "hospital": ("入院", "hospital")}
OUTSIDE_PLACES = {"home": ("在宅", "at home"), "car": ("車中泊", "in a car"), "other": ("その他", "other")}
SEX_CODES = ("1", "2", "9", "")

# (label, lowest age, highest age); "unknown" when neither a birth date nor a band is known
AGE_BANDS = (("0-2", 0, 2), ("3-5", 3, 5), ("6-12", 6, 12), ("13-17", 13, 17), ("18-64", 18, 64),
             ("65-74", 65, 74), ("75+", 75, 200))
AGE_BAND_LABELS = tuple(b[0] for b in AGE_BANDS) + ("unknown",)


class ShelterError(KioskError):
    """A shelter-desk failure shown to people: `code`, `message_ja`, `message_en`, `details()`."""

    code = "shelter_error"

    def __init__(self, code: str, message_ja: str, message_en: str, **details: Any) -> None:
        super().__init__(message_ja, message_en, code=code, **details)


# what a desk action may raise with words for people: its own errors and the store's (a full disk, a
# damaged database, a wrong key: sync.errors), shown the same way on the screen
DESK_ERRORS = (ShelterError, SyncError)


def age_on(birth_date: str, today: dt.date) -> int | None:
    try:
        born = dt.date.fromisoformat(birth_date)
    except (TypeError, ValueError):
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def age_band_of(age: int) -> str:
    """The band an age in years falls in."""
    return next((label for label, low, high in AGE_BANDS if low <= age <= high), "unknown")


@functools.lru_cache(maxsize=65536)
def age_band(birth_date: str | None, band: str | None, today: dt.date) -> str:
    """The age band of a person: from the birth date when known, else the band typed at the desk."""
    age = age_on(birth_date, today) if birth_date else None
    if age is None:
        return band if band in AGE_BAND_LABELS else "unknown"
    return age_band_of(age)


@functools.lru_cache(maxsize=65536)  # a pure function of the text; a roster asks it again and again
def normalise_name(text: str | None) -> str:
    """For matching: NFKC, no spaces of any width, katakana folded to hiragana."""
    text = unicodedata.normalize("NFKC", text or "")
    text = re.sub(r"\s+", "", text)
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def need_label(code: str) -> tuple[str, str]:
    """(日本語, English) of a need code, `other` included."""
    return OTHER_LABEL if code == OTHER_NEED else NEEDS[code][:2]


def parse_needs(value: Any, warnings: list[dict[str, Any]] | None = None) -> dict[str, str]:
    """Needs as {code: detail}. Accepts a dict, a list of codes, or `a;allergy:卵;pet` text.

    A code not in NEEDS is never a reason to turn a person away: it is kept in words under `other`
    ("other: <text>", several joined with "; "), and a `shelter_need_unknown` warning naming the code
    is added to `warnings` (when given). `other:<text>` may also be written directly.
    """
    if isinstance(value, dict):
        items = [(str(k), str(v or "")) for k, v in value.items()]
    else:
        parts = value if isinstance(value, list) else str(value or "").split(";")
        items = []
        for part in (str(p).strip() for p in parts):
            if part:
                code, _, detail = part.partition(":")
                items.append((code.strip(), detail.strip()))
    needs: dict[str, str] = {}
    other: list[str] = []
    for code, detail in items:
        if code == OTHER_NEED:
            if detail:
                other.append(detail)
            continue
        if code not in NEEDS:
            words = f"{code}: {detail}" if detail else code
            other.append(words)
            if warnings is not None:
                warnings.append({
                    "code": "shelter_need_unknown", "field": "needs", "need": code[:40],
                    "message_ja": f"配慮の種類「{code}」は一覧にないため、「その他: {words}」として記録しました"
                    f"（一覧: {', '.join(NEEDS)}）。",
                    "message_en": f"Need {code!r} is not in the list: it was kept as \"other: {words}\""
                    f" (known: {', '.join(NEEDS)})."})
            continue
        needs[code] = detail
    if other:
        needs[OTHER_NEED] = "; ".join(dict.fromkeys(other))
    return needs


def clean_person(fields: dict[str, Any], source: str, *, warnings: list[dict[str, Any]] | None = None,
                 lenient: bool = False, today: dt.date | None = None) -> dict[str, Any]:
    """The person fields of a `shelter.person_registered` payload, checked. Only the name is required.

    The birth date is read as people type it (forms.dates: 和暦, `1989/1/7`, 全角 digits); an age
    instead («36», «36歳») keeps `birth_date` empty and adds `age`, the estimated `birth_year` and
    `birth_estimated: true`, with the age band of that age.

    An unknown need is kept as `other` (a warning in `warnings`). With `lenient` (an import of shelter
    cards typed in later) nothing but a missing name refuses the person: a field that cannot be
    understood is left blank (or, for do_not_disclose, taken as protected: the safe reading) and
    named in `warnings` instead.
    """
    name = str(fields.get("name") or "").strip()
    if not name:
        raise ShelterError("shelter_name_missing", "氏名を入力してください（氏名だけは必須です）。",
                           "Enter the name (the only required field).", field="name")
    problems: list[dict[str, Any]] = warnings if warnings is not None else []

    def refuse_or_warn(error: ShelterError, fallback: Any) -> Any:
        if not lenient:
            raise error
        problems.append({"code": error.code, "field": error.details().get("field", ""),
                         "message_ja": error.message_ja + "（空欄として登録しました）",
                         "message_en": error.message_en + " (registered with the field left blank)"})
        return fallback

    birth = str(fields.get("birth_date") or "").strip()
    age: dict[str, Any] = {}   # an age typed instead of a birth date: marked as an age, its year estimated
    if birth:
        try:
            read = parse_birth_or_age(birth, today or dt.date.today())
        except DateInputError as exc:
            birth = refuse_or_warn(ShelterError("shelter_birth_date_invalid", exc.message_ja, exc.message_en,
                                                field="birth_date"), "")
        else:
            birth = "" if read.estimated else read.birth_date.isoformat()
            if read.estimated:
                age = {"age": read.age, "birth_year": read.birth_year, "birth_estimated": True}
    band = str(fields.get("age_band") or "").strip()
    if age and not band:
        band = age_band_of(age["age"])
    if band and band not in AGE_BAND_LABELS:
        band = refuse_or_warn(ShelterError("shelter_age_band_invalid", "年齢区分が正しくありません。",
                                           f"Unknown age band (known: {', '.join(AGE_BAND_LABELS)}).",
                                           field="age_band"), "")
    sex = str(fields.get("sex_code") or "").strip()
    if sex not in SEX_CODES:
        sex = refuse_or_warn(ShelterError("shelter_sex_code_invalid", "性別コードは 1・2・9 のいずれかです。",
                                          "The sex code is 1, 2 or 9.", field="sex_code"), "")
    if source not in SOURCES:
        raise ShelterError("shelter_source_invalid", "登録方法が正しくありません。",
                           f"Unknown source (known: {', '.join(SOURCES)}).", field="source")
    try:
        protected = parse_flag(fields.get("do_not_disclose"))
    except ShelterError as exc:
        if not lenient:
            raise
        protected = True
        problems.append({"code": exc.code, "field": "do_not_disclose",
                         "message_ja": exc.message_ja + "（読めないため、非開示として登録しました）",
                         "message_en": exc.message_en + " (unreadable: registered as do-not-disclose)"})
    return {"name": name, "kana": str(fields.get("kana") or "").strip(), "birth_date": birth,
            "age_band": band, "sex_code": sex, "address": str(fields.get("address") or "").strip(),
            "household": str(fields.get("household") or "").strip(),
            "needs": parse_needs(fields.get("needs"), problems),
            "do_not_disclose": protected, "source": source, **age}


def parse_flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    if text in ("", "no", "n", "false", "0", "いいえ"):
        return False
    if text in ("yes", "y", "true", "1", "はい"):
        return True
    raise ShelterError("shelter_flag_invalid", "非開示欄は yes か no です。",
                       "do_not_disclose is yes or no.", field="do_not_disclose")
