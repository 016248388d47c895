"""The library's rules as data: one JSON file (`default_library.json` beside this module is the default).

`LibraryConfig.load(path=None, data_dir=None)` reads `path`, else the newest valid `library.rules` the
municipality published to the terminal (sync.published), else `<data-dir>/library.json`, else the
default. The file is the pydantic model `LibraryRules`, checked when it is read: a setting that does
not fit (or one that does not exist: a misspelt name would otherwise do nothing) raises `ConfigError`
with `field` (a dotted path such as `loans.period_days`) and words saying what it must be. It answers:
the municipality code of an address (longest 都道府県+市区町村 prefix in `municipalities`), whether a
code is home or a neighbour, the next patron number body, the item type of a barcode, the loan limit
of a type, and the due date of a loan (closed days skipped).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator, model_validator

from kiosk.library.checkdigit import SCHEMES, append_check
from kiosk.library.errors import ConfigError
from sync.settings_file import Problem, first_problem, message, read_object, rule

DEFAULT_PATH = Path(__file__).resolve().parent / "default_library.json"
CONFIG_FILE = "library.json"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _digits_as_text(value: Any) -> Any:
    """A number written without quotes (2) is the digits "2", as the library has always read it."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Digits = Annotated[str, BeforeValidator(_digits_as_text), Field(pattern=r"^[0-9]+$")]
CheckScheme = Literal[tuple(SCHEMES)]
Weekday = Literal[WEEKDAYS]
Count = Annotated[int, Field(ge=0, strict=True)]


class _Part(BaseModel):
    # defer_build: made when library.json is first read (the library desk is built on first use)
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class PatronNumber(_Part):
    """Patron numbers: prefix + issuer + serial + check digit, `length` digits in all."""

    prefix: Digits
    issuer: Digits
    length: int = Field(strict=True)
    check: CheckScheme

    @model_validator(mode="after")
    def _room_for_serials(self) -> PatronNumber:
        if self.length - len(self.prefix) - len(self.issuer) - 1 < 3:
            raise rule("length は prefix と issuer とチェックディジットのほかに、3桁以上の通し番号が"
                       "入る長さにしてください",
                       "the length must leave at least 3 digits of serial besides prefix, issuer and the check digit")
        return self


class Eligibility(_Part):
    residents: bool = True
    neighbours: bool = True
    declarations: list[Literal["work", "study"]] = Field(default_factory=list)
    child_card_under: Count = 0
    guardian_required_under: Count = 0


class ItemTypeRule(_Part):
    prefix: str = Field(min_length=1)
    type: str = Field(min_length=1)


class Loans(_Part):
    period_days: int = Field(gt=0, strict=True)
    limits: dict[str, Count]
    item_types: list[ItemTypeRule] = Field(default_factory=list)
    default_item_type: str = "book"
    overdue_blocks: bool = True
    item_check: CheckScheme | None = None   # item barcodes' check digit, where they carry one


class Calendar(_Part):
    weekly_closed: list[Weekday] = Field(default_factory=list, max_length=6)
    closed_dates: list[dt.date] = Field(default_factory=list)

    @field_validator("closed_dates", mode="before")
    @classmethod
    def _iso_dates(cls, value: Any) -> Any:
        """Dates as the library has always read them (datetime.date.fromisoformat), not as timestamps."""
        if not isinstance(value, list):
            return value
        try:
            return [dt.date.fromisoformat(day) if isinstance(day, str) else day for day in value]
        except ValueError:
            raise rule("休館日は \"YYYY-MM-DD\" の形の日付のリストで書いてください",
                       'the closed dates are a list of dates written "YYYY-MM-DD"') from None


class IlsSettings(_Part):
    """`ils`: the library's own system (ILS) reached through SIP2 2.00; without it the desk keeps its own
    circulation. `login`/`password` are the SIP account (Koha: a staff user named in SIPconfig.xml),
    `location` its location code (CP), `institution` the institution id (AO), `terminal_password` AC."""

    protocol: Literal["sip2"] = "sip2"
    host: str = Field(min_length=1)
    port: int = Field(6001, ge=1, le=65535, strict=True)
    tls: bool = False
    ca_file: str | None = None          # the CA of the ILS's certificate (None: the system's)
    login: str = ""
    password: str = ""
    location: str = ""
    institution: str = ""
    terminal_password: str = ""
    timeout_seconds: float = Field(5.0, gt=0, le=120)
    encoding: Literal["utf-8", "cp850", "cp1252", "shift_jis", "cp932", "latin-1"] = "utf-8"
    checksums: bool = True              # AY/AZ on every message
    block_message: str = Field("Blocked at the kazasu self-check", min_length=1)


class LinkProvider(BaseModel):
    """Which card link provider the library uses; the other keys are that provider's options."""

    model_config = ConfigDict(extra="allow", frozen=True, defer_build=True)
    name: str = Field("pseudonym", min_length=1)


class LibraryRules(_Part):
    """library.json: one library's rules (kiosk/library/default_library.json shows every setting)."""

    about: str | None = None
    library_name: str | None = None
    library_name_en: str | None = None
    service: str = Field("library", min_length=1)
    link_provider: LinkProvider | None = None
    municipality_code: Digits
    neighbour_codes: list[Digits] = Field(default_factory=list)
    municipalities: dict[str, Digits] = Field(default_factory=dict)
    patron_number: PatronNumber
    eligibility: Eligibility
    loans: Loans
    calendar: Calendar
    ils: IlsSettings | None = None


@dataclass(frozen=True)
class LibraryConfig:
    data: dict[str, Any]                     # the file as written (a link provider's options are read here)
    source: str = CONFIG_FILE                # where it came from, for the words of an error
    rules: LibraryRules = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        try:
            rules = LibraryRules.model_validate(self.data)
        except ValidationError as exc:
            raise config_invalid(self.source, first_problem(exc)) from None
        object.__setattr__(self, "rules", rules)

    @classmethod
    def load(cls, path: Path | str | None = None, data_dir: Path | None = None) -> LibraryConfig:
        if path is None and data_dir is not None:
            published = cls.published(data_dir)
            if published is not None:
                return published
        if path is None and data_dir is not None and (Path(data_dir) / CONFIG_FILE).exists():
            path = Path(data_dir) / CONFIG_FILE
        path = Path(path or DEFAULT_PATH)
        try:
            data = read_object(path)
        except (OSError, ValueError):
            raise ConfigError(f"The library configuration file {path} cannot be read or is not a JSON object "
                              "{ … }. Correct it (kiosk/library/default_library.json shows every setting).",
                              f"図書館の設定ファイル {path} が読めないか、{{ … }} の形の JSON ではありません。"
                              "直してください（kiosk/library/default_library.json にすべての設定の例があります）。",
                              file=str(path)) from None
        return cls(data, str(path))

    @classmethod
    def published(cls, data_dir: Path) -> LibraryConfig | None:
        """The newest `library.rules` vocabulary the municipality published (sync.published) that is
        valid library rules; None when there is none (a bad one never replaces a good one)."""
        # lazy: the published store is read when the rules are loaded
        from sync.published import PublishedStore

        def valid(doc: dict[str, Any]) -> bool:
            try:
                LibraryRules.model_validate(doc["body"])
            except ValidationError:
                return False
            return True

        doc = PublishedStore(data_dir).newest("vocabulary", "library.rules", accept=valid)
        return None if doc is None else cls(doc["body"], f"library.rules (published version {doc['version']})")

    @property
    def ils(self) -> IlsSettings | None:
        """The ILS the desk speaks SIP2 to (None: the desk's own circulation)."""
        return self.rules.ils

    # -- places and people ---------------------------------------------------------------------
    @property
    def municipality_code(self) -> str:
        return self.rules.municipality_code

    @property
    def neighbour_codes(self) -> set[str]:
        return set(self.rules.neighbour_codes)

    @property
    def eligibility(self) -> dict[str, Any]:
        return self.rules.eligibility.model_dump()

    @property
    def service(self) -> str:
        return self.rules.service

    def municipality_of(self, address: str) -> str | None:
        """The code of the longest known 都道府県+市区町村 the address starts with (NFKC, no spaces)."""
        text = unicodedata.normalize("NFKC", address).replace(" ", "")
        best = None
        for place, code in self.rules.municipalities.items():
            key = unicodedata.normalize("NFKC", place)
            if text.startswith(key) and (best is None or len(key) > len(best[0])):
                best = (key, code)
        return best[1] if best else None

    # -- patron numbers ------------------------------------------------------------------------
    @property
    def scheme(self) -> dict[str, Any]:
        return self.rules.patron_number.model_dump()

    @property
    def number_head(self) -> str:
        return self.rules.patron_number.prefix + self.rules.patron_number.issuer

    @property
    def serial_width(self) -> int:
        return self.rules.patron_number.length - len(self.number_head) - 1

    def patron_number(self, serial: int) -> str:
        if not 0 < serial < 10 ** self.serial_width:
            raise ConfigError("The patron number range of this terminal is used up.",
                              "この端末の利用者番号の範囲を使い切りました。")
        return append_check(f"{self.number_head}{serial:0{self.serial_width}d}", self.rules.patron_number.check)

    def serial_of(self, number: str) -> int | None:
        """The serial inside a number of this terminal's range, else None."""
        head = self.number_head
        if len(number) == self.rules.patron_number.length and number.startswith(head):
            return int(number[len(head):-1])
        return None

    # -- loans and the calendar ----------------------------------------------------------------
    @property
    def loan_days(self) -> int:
        return self.rules.loans.period_days

    @property
    def weekly_closed(self) -> list[str]:
        return list(self.rules.calendar.weekly_closed)

    def item_type(self, barcode: str) -> str:
        for item_rule in self.rules.loans.item_types:
            if barcode.startswith(item_rule.prefix):
                return item_rule.type
        return self.rules.loans.default_item_type

    @property
    def item_check(self) -> str | None:
        """The check digit scheme of item barcodes (a number typed by hand is checked), or None."""
        return self.rules.loans.item_check

    def limit(self, item_type: str) -> int:
        return self.rules.loans.limits.get(item_type, 0)

    @property
    def overdue_blocks(self) -> bool:
        return self.rules.loans.overdue_blocks

    def is_closed(self, day: dt.date) -> bool:
        return WEEKDAYS[day.weekday()] in self.rules.calendar.weekly_closed or \
            day in self.rules.calendar.closed_dates

    def due_date(self, loaned_on: dt.date) -> dt.date:
        """loan date + period; a due date on a closed day moves to the next open day."""
        due = loaned_on + dt.timedelta(days=self.loan_days)
        for _ in range(366):
            if not self.is_closed(due):
                return due
            due += dt.timedelta(days=1)
        raise ConfigError()


def config_invalid(source: str, problem: Problem) -> ConfigError:
    """A setting of library.json that does not fit, in words that name it and what it must be."""
    ja, en = message(source, problem, "設定ファイルを直してください（kiosk/library/default_library.json に"
                                      "すべての設定の例があります）。",
                     "Correct the file (kiosk/library/default_library.json shows every setting).")
    return ConfigError(en, ja, file=source, field=problem.field)
