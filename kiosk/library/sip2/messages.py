"""SIP2 2.00 messages: request builders (what the desk sends) and typed answers (what the ILS says).

A request is a `Request(command, fixed, fields, reply)`; `client.Sip2Client.call` frames it with a
sequence number and checksum and parses the reply with `parse(frame)`, which returns one of the
records below or raises `Sip2Malformed`. Fixed-length fields are checked as the spec writes them
(Y/N flags, 0/1 oks, 4-digit counts, 18-character dates); the ILS's own words come back as
`screen` (AF, repeatable) and `print_lines` (AG).

Requests: 93 login, 99 SC status, 23 patron status, 63 patron information, 11 checkout, 09 checkin,
29 renew, 01 block patron (answered by 24), 35 end patron session, 97 resend. Only the patron's
barcode (AA) and item barcodes (AB) leave the terminal: never a name or a My Number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kiosk.library.sip2.errors import Sip2Malformed
from kiosk.library.sip2.wire import Frame, parse_date, sip_date, split_fields, split_fixed

PROTOCOL = "2.00"
# SIP2 language codes (3 digits) of the kiosk's languages; やさしい日本語 is Japanese to the ILS
LANGUAGES = {"ja": "014", "ja_easy": "014", "en": "001"}
UNKNOWN_LANGUAGE = "000"
# the 14 positions of the patron status (Y: denied / too many / reported)
PATRON_STATUS = ("charge privileges denied", "renewal privileges denied", "recall privileges denied",
                 "hold privileges denied", "card reported lost", "too many items charged",
                 "too many items overdue", "too many renewals", "too many claims of items returned",
                 "too many items lost", "excessive outstanding fines", "excessive outstanding fees",
                 "recall overdue", "too many items billed")
REPEATABLE = frozenset({"AF", "AG", "AS", "AT", "AU", "AV", "BU", "CD", "BM", "BN"})
DATE = 18


@dataclass(frozen=True)
class Request:
    command: str
    fixed: list[str]
    fields: list[tuple[str, str]]
    reply: str                  # the command id of the answer expected


def _yn(value: bool) -> str:
    return "Y" if value else "N"


def login(user: str, password: str, location: str = "") -> Request:
    fields = [("CN", user), ("CO", password)] + ([("CP", location)] if location else [])
    return Request("93", ["0", "0"], fields, "94")


def sc_status(status: int = 0, print_width: int = 80) -> Request:
    return Request("99", [str(status), f"{print_width:03d}", PROTOCOL], [], "98")


def resend() -> Request:
    return Request("97", [], [], "")


def patron_status(institution: str, patron: str, now: dt.datetime, *, language: str = UNKNOWN_LANGUAGE,
                  terminal_password: str = "", patron_password: str = "") -> Request:
    return Request("23", [language, sip_date(now)],
                   [("AO", institution), ("AA", patron), ("AC", terminal_password),
                    ("AD", patron_password)], "24")


def patron_information(institution: str, patron: str, now: dt.datetime, *,
                       language: str = UNKNOWN_LANGUAGE, terminal_password: str = "",
                       summary: str = "charged", start: int = 1, end: int = 50) -> Request:
    """63 with one summary position set: hold, overdue, charged, fine, recall, unavailable holds."""
    positions = ("hold", "overdue", "charged", "fine", "recall", "unavailable")
    flags = "".join("Y" if name == summary else " " for name in positions).ljust(10)
    return Request("63", [language, sip_date(now), flags],
                   [("AO", institution), ("AA", patron), ("AC", terminal_password),
                    ("BP", str(start)), ("BQ", str(end))], "64")


def checkout(institution: str, patron: str, item: str, now: dt.datetime, *, terminal_password: str = "",
             no_block: bool = False, due: dt.datetime | None = None, renewal_policy: bool = True,
             fee_acknowledged: bool | None = None) -> Request:
    """11. `no_block` with `due` is an off-line checkout replayed (the due date the SC gave)."""
    fields = [("AO", institution), ("AA", patron), ("AB", item), ("AC", terminal_password)]
    if fee_acknowledged is not None:
        fields.append(("BO", _yn(fee_acknowledged)))
    # nb due date is read only with no block; else it carries the transaction date (strict servers
    # take nothing but a date in a date field)
    return Request("11", [_yn(renewal_policy), _yn(no_block), sip_date(now), sip_date(due or now)],
                   fields, "12")


def checkin(institution: str, item: str, now: dt.datetime, *, location: str = "",
            terminal_password: str = "", no_block: bool = False,
            returned: dt.datetime | None = None) -> Request:
    """09. `no_block` with `returned` (the moment the patron gave it back) is an off-line return."""
    return Request("09", [_yn(no_block), sip_date(now), sip_date(returned or now)],
                   [("AP", location), ("AO", institution), ("AB", item), ("AC", terminal_password)],
                   "10")


def renew(institution: str, patron: str, item: str, now: dt.datetime, *,
          terminal_password: str = "") -> Request:
    return Request("29", ["N", "N", sip_date(now), sip_date(now)],
                   [("AO", institution), ("AA", patron), ("AB", item), ("AC", terminal_password)],
                   "30")


def block_patron(institution: str, patron: str, message: str, now: dt.datetime, *,
                 terminal_password: str = "", card_retained: bool = False) -> Request:
    return Request("01", [_yn(card_retained), sip_date(now)],
                   [("AO", institution), ("AL", message), ("AA", patron),
                    ("AC", terminal_password)], "24")


def end_session(institution: str, patron: str, now: dt.datetime, *,
                terminal_password: str = "") -> Request:
    return Request("35", [sip_date(now)],
                   [("AO", institution), ("AA", patron), ("AC", terminal_password)], "36")


# -- answers ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Answer:
    command: str
    fields: dict[str, list[str]] = field(repr=False)

    def one(self, fid: str, default: str = "") -> str:
        return self.fields.get(fid, [default])[0]

    @property
    def screen(self) -> tuple[str, ...]:
        """AF: the ILS's words for the patron."""
        return tuple(self.fields.get("AF", ()))

    @property
    def print_lines(self) -> tuple[str, ...]:
        """AG: the ILS's lines for a receipt."""
        return tuple(self.fields.get("AG", ()))


@dataclass(frozen=True)
class LoginAnswer(Answer):
    ok: bool = False


@dataclass(frozen=True)
class AcsStatus(Answer):
    online: bool = False
    checkin_ok: bool = False
    checkout_ok: bool = False
    renewal_policy: bool = False
    status_update_ok: bool = False
    offline_ok: bool = False
    timeout_tenths: int = 0          # 999: no time-out; 000: not known
    retries: int = 0                 # 999: not known
    sync: dt.datetime | None = None
    version: str = ""

    @property
    def supported(self) -> str:
        return self.one("BX")


@dataclass(frozen=True)
class PatronAnswer(Answer):
    """24 (patron status, also the answer to 01) and 64 (patron information)."""

    status: str = " " * 14
    language: str = UNKNOWN_LANGUAGE
    when: dt.datetime | None = None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def patron(self) -> str:
        return self.one("AA")

    @property
    def name(self) -> str:
        return self.one("AE")

    @property
    def valid(self) -> bool | None:
        """BL: a known patron (None when the ILS does not say)."""
        return {"Y": True, "N": False}.get(self.one("BL")) if "BL" in self.fields else None

    @property
    def denied(self) -> list[str]:
        """The patron status positions set (charge privileges denied, card reported lost, …)."""
        return [name for name, flag in zip(PATRON_STATUS, self.status) if flag == "Y"]

    @property
    def may_borrow(self) -> bool:
        return self.valid is not False and self.status[0] != "Y" and self.status[4] != "Y"

    def items(self, fid: str) -> tuple[str, ...]:
        return tuple(self.fields.get(fid, ()))


@dataclass(frozen=True)
class CirculationAnswer(Answer):
    """12 (checkout), 30 (renew) and 10 (checkin)."""

    ok: bool = False
    flags: dict[str, str] = field(default_factory=dict)
    when: dt.datetime | None = None

    @property
    def item(self) -> str:
        return self.one("AB")

    @property
    def title(self) -> str:
        return self.one("AJ")

    @property
    def due(self) -> str:
        """AH, in the ACS's own format (often the 18-character date, not always)."""
        return self.one("AH")

    @property
    def alert(self) -> bool:
        return self.flags.get("alert") == "Y"


@dataclass(frozen=True)
class EndSessionAnswer(Answer):
    ended: bool = False


@dataclass(frozen=True)
class ResendRequest(Answer):
    """96: the ACS did not get our last message whole; send it again."""


FIXED = {
    "94": [("ok", 1)],
    "98": [("online", 1), ("checkin_ok", 1), ("checkout_ok", 1), ("renewal_policy", 1),
           ("status_update_ok", 1), ("offline_ok", 1), ("timeout", 3), ("retries", 3),
           ("sync", DATE), ("version", 4)],
    "24": [("status", 14), ("language", 3), ("when", DATE)],
    "64": [("status", 14), ("language", 3), ("when", DATE), ("hold", 4), ("overdue", 4),
           ("charged", 4), ("fine", 4), ("recall", 4), ("unavailable", 4)],
    "12": [("ok", 1), ("renewal_ok", 1), ("magnetic", 1), ("desensitize", 1), ("when", DATE)],
    "30": [("ok", 1), ("renewal_ok", 1), ("magnetic", 1), ("desensitize", 1), ("when", DATE)],
    "10": [("ok", 1), ("resensitize", 1), ("magnetic", 1), ("alert", 1), ("when", DATE)],
    "36": [("end_session", 1), ("when", DATE)],
    "96": [],
}
REQUIRED = {"98": ("AO", "BX"), "24": ("AO", "AA", "AE"), "64": ("AO", "AA", "AE"),
            "12": ("AO", "AA", "AB"), "30": ("AO", "AA", "AB"), "10": ("AO", "AB"), "36": ("AO", "AA")}
ALLOWED = {"ok": "01", "online": "YN", "checkin_ok": "YN", "checkout_ok": "YN", "renewal_policy": "YN",
           "status_update_ok": "YN", "offline_ok": "YN", "renewal_ok": "YN", "magnetic": "YNU",
           "desensitize": "YNU", "resensitize": "YN", "alert": "YN", "end_session": "YN"}


def _check_fixed(values: dict[str, str]) -> None:
    for name, value in values.items():
        if name in ALLOWED and value not in ALLOWED[name]:
            raise Sip2Malformed(field=name, value=value)
        if name in ("timeout", "retries", "language", "hold", "overdue", "charged", "fine", "recall",
                    "unavailable") and not (value.isascii() and value.isdigit()):
            raise Sip2Malformed(field=name, value=value)
        if name == "status" and any(c not in "YN " for c in value):
            raise Sip2Malformed(field=name, value=value)
        if name == "version" and not (len(value) == 4 and value[1] == "." and value.replace(".", "").isdigit()):
            raise Sip2Malformed(field=name, value=value)


def parse(frame: Frame) -> Answer:
    """The typed answer of a frame from the ACS (`Sip2Malformed` if it is not a valid one)."""
    widths = FIXED.get(frame.command)
    if widths is None:
        raise Sip2Malformed(field="command", value=frame.command,
                            problem="not an answer the desk asks for")
    values, rest = split_fixed(frame.payload, widths)
    _check_fixed(values)
    fields = split_fields(rest, REPEATABLE)
    for fid in REQUIRED.get(frame.command, ()):
        if fid not in fields:
            raise Sip2Malformed(field=fid, problem=f"missing from {frame.command}")
    when = parse_date(values["when"], "transaction date") if "when" in values else None
    c = frame.command
    if c == "94":
        return LoginAnswer(c, fields, ok=values["ok"] == "1")
    if c == "96":
        return ResendRequest(c, fields)
    if c == "98":
        return AcsStatus(c, fields, online=values["online"] == "Y", checkin_ok=values["checkin_ok"] == "Y",
                         checkout_ok=values["checkout_ok"] == "Y",
                         renewal_policy=values["renewal_policy"] == "Y",
                         status_update_ok=values["status_update_ok"] == "Y",
                         offline_ok=values["offline_ok"] == "Y", timeout_tenths=int(values["timeout"]),
                         retries=int(values["retries"]), sync=parse_date(values["sync"], "date/time sync"),
                         version=values["version"])
    if c in ("24", "64"):
        counts = {k: int(values[k]) for k in ("hold", "overdue", "charged", "fine", "recall",
                                              "unavailable") if k in values}
        return PatronAnswer(c, fields, status=values["status"], language=values["language"], when=when,
                            counts=counts)
    if c in ("12", "30", "10"):
        flags = {k: v for k, v in values.items() if k not in ("ok", "when")}
        return CirculationAnswer(c, fields, ok=values["ok"] == "1", flags=flags, when=when)
    return EndSessionAnswer(c, fields, ended=values["end_session"] == "Y")
