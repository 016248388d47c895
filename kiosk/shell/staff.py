"""Staff accounts and roles, without Qt: who may sign in, with which PIN or staff IC card, and what
each role may reach.

Accounts live in `<data-dir>/staff.db` (SQLite): id, role, a scrypt hash of the PIN (salted, slow: a
stolen terminal does not give the PINs away), and optionally a SHA-256 of a staff IC card's id
(FeliCa IDm / Type A UID as `kazasu card id` reads it). Five wrong PINs in a row lock the account for
a minute. A PIN, or a card id, is never stored in the clear and never logged.

Roles: volunteer (shelter check-in only, no exports), staff (every desk, exports, sync, the staff
tables, erasing records: `redact`), admin (also the terminal settings and enrolment). `allowed(role,
what)` is the one rule. The role of whoever is signed in travels in every redaction event, and the
mesh accepts redactions only from the roles with `redact` (sync.redaction.REDACTING_ROLES).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import re
import secrets
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from kiosk.errors import KioskError

DB_NAME = "staff.db"
ROLES = ("volunteer", "staff", "admin")
DESKS = ("counter", "shelter", "library")
_STAFF_RIGHTS = {"desk.counter", "desk.shelter", "desk.library", "export", "sync_now", "queue",
                 "metrics", "exit", "redact"}
RIGHTS: dict[str, frozenset[str]] = {
    "volunteer": frozenset({"desk.shelter"}),
    "staff": frozenset(_STAFF_RIGHTS),
    "admin": frozenset(_STAFF_RIGHTS | {"settings", "enrol", "staff_accounts"}),
}
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")
PIN_PATTERN = re.compile(r"[0-9]{4,12}")
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 14, 8, 1
MAX_FAILURES = 5
LOCK_S = 60.0


class StaffError(KioskError):
    """A typed error with words for staff in Japanese and English."""

    code = "staff_error"

    def __init__(self, code: str, message_ja: str, message_en: str) -> None:
        super().__init__(message_ja, message_en, code=code)


def bad_id() -> StaffError:
    return StaffError("staff_id_invalid", "係員IDは英数字と . _ - の32文字までです。",
                      "A staff ID is up to 32 letters, digits, '.', '_' or '-'.")


def bad_pin() -> StaffError:
    return StaffError("staff_pin_invalid", "係員の暗証番号は数字4〜12桁です。",
                      "A staff PIN is 4 to 12 digits.")


def bad_role(role: str) -> StaffError:
    return StaffError("staff_role_invalid", f"役割は {' / '.join(ROLES)} のどれかです（{role[:20]!r} は使えません）。",
                      f"The role must be one of {', '.join(ROLES)} (not {role[:20]!r}).")


def sign_in_failed() -> StaffError:
    return StaffError("staff_sign_in_failed", "係員IDまたは暗証番号が違います。もう一度入力してください。",
                      "The staff ID or PIN is wrong. Please try again.")


def locked_out(seconds: int) -> StaffError:
    return StaffError("staff_locked", f"暗証番号を続けて間違えたため、{seconds} 秒お待ちください。",
                      f"Too many wrong PINs: please wait {seconds} seconds.")


def unknown_card() -> StaffError:
    return StaffError("staff_card_unknown", "登録されていない係員カードです。"
                                            "係員IDと暗証番号でサインインしてください。",
                      "This staff card is not registered. Sign in with your staff ID and PIN.")


def my_number_card() -> StaffError:
    return StaffError("staff_card_mynumber", "マイナンバーカードは係員カードに使えません。係員カード（FeliCa・Type A）"
                      "か、係員IDと暗証番号を使ってください。",
                      "A My Number card cannot be a staff card. Use a staff card (FeliCa, Type A) or the "
                      "staff ID and PIN.")


def allowed(role: str | None, what: str) -> bool:
    """May a signed-in `role` reach `what` (a desk "desk.<name>", "export", "settings", ...)?"""
    return role in RIGHTS and what in RIGHTS[role]


def hash_pin(pin: str, *, salt: bytes | None = None, n: int = SCRYPT_N) -> str:
    """scrypt$n$r$p$salt$hash (base64): slow on purpose."""
    if not isinstance(pin, str) or not PIN_PATTERN.fullmatch(pin):
        raise bad_pin()
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def check_pin(pin: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        want = base64.b64decode(digest)
        got = hashlib.scrypt(str(pin).encode(), salt=base64.b64decode(salt), n=int(n), r=int(r),
                             p=int(p), dklen=len(want))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, want)


def card_hash(kind: str, token: str) -> str:
    return hashlib.sha256(f"kazasu-staff-card:{kind}:{token.upper()}".encode()).hexdigest()


@dataclass(frozen=True)
class Staff:
    staff_id: str
    role: str

    def may(self, what: str) -> bool:
        return allowed(self.role, what)

    def to_dict(self) -> dict[str, str]:
        return {"id": self.staff_id, "role": self.role}


class StaffDirectory:
    """The terminal's staff accounts (one small SQLite file; one connection per use)."""

    def __init__(self, data_dir: Path | str) -> None:
        self.path = Path(data_dir) / DB_NAME

    def _db(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=5)
        db.execute("CREATE TABLE IF NOT EXISTS staff (id TEXT PRIMARY KEY, role TEXT NOT NULL,"
                   " pin_hash TEXT NOT NULL, card_hash TEXT UNIQUE, failures INTEGER NOT NULL DEFAULT 0,"
                   " locked_until REAL NOT NULL DEFAULT 0)")
        return db

    def add(self, staff_id: str, role: str, pin: str, *, card: tuple[str, str] | None = None,
            replace: bool = False) -> Staff:
        """Add (or with `replace`, update) an account. `card` is (kind, token) of a staff IC card."""
        if not isinstance(staff_id, str) or not ID_PATTERN.fullmatch(staff_id):
            raise bad_id()
        if role not in ROLES:
            raise bad_role(str(role))
        pin_hash = hash_pin(pin)
        card_digest = card_hash(*card) if card else None
        with self._open() as db:
            exists = db.execute("SELECT 1 FROM staff WHERE id = ?", [staff_id]).fetchone()
            if exists and not replace:
                raise StaffError("staff_exists", f"係員ID {staff_id} はもう登録されています（変更は --replace）。",
                                 f"Staff ID {staff_id} exists already (use --replace to change it).")
            try:
                db.execute("INSERT OR REPLACE INTO staff (id, role, pin_hash, card_hash) VALUES (?, ?, ?, ?)",
                           [staff_id, role, pin_hash, card_digest])
            except sqlite3.IntegrityError:
                raise StaffError("staff_card_taken", "この係員カードは別の係員に登録されています。",
                                 "This staff card belongs to another staff member.") from None
        return Staff(staff_id, role)

    def remove(self, staff_id: str) -> bool:
        with self._open() as db:
            return db.execute("DELETE FROM staff WHERE id = ?", [staff_id]).rowcount > 0

    def list(self) -> list[Staff]:
        with self._open() as db:
            rows = db.execute("SELECT id, role FROM staff ORDER BY id").fetchall()
        return [Staff(i, r) for i, r in rows]

    def has_accounts(self) -> bool:
        if not self.path.exists():
            return False
        with self._open() as db:
            return db.execute("SELECT 1 FROM staff LIMIT 1").fetchone() is not None

    def sign_in(self, staff_id: str, pin: str, *, now: float | None = None) -> Staff:
        """The account for id + PIN, or StaffError (the same words for an unknown id and a wrong PIN)."""
        now = time.time() if now is None else now
        error: StaffError | None = None
        with self._open() as db:
            row = db.execute("SELECT role, pin_hash, failures, locked_until FROM staff WHERE id = ?",
                             [staff_id]).fetchone()
            if row is None:
                check_pin(pin, hash_pin("0000"))  # about the same time for an unknown id
                error = sign_in_failed()
            elif row[3] > now:
                error = locked_out(math.ceil(row[3] - now))
            elif not check_pin(pin, row[1]):
                failures = row[2] + 1
                lock = now + LOCK_S if failures >= MAX_FAILURES else 0
                db.execute("UPDATE staff SET failures = ?, locked_until = ? WHERE id = ?",
                           [0 if lock else failures, lock, staff_id])
                error = sign_in_failed()
            else:
                db.execute("UPDATE staff SET failures = 0, locked_until = 0 WHERE id = ?", [staff_id])
        if error is not None:
            raise error
        return Staff(staff_id, row[0])

    def by_card(self, kind: str, token: str) -> Staff:
        with self._open() as db:
            row = db.execute("SELECT id, role FROM staff WHERE card_hash = ?",
                             [card_hash(kind, token)]).fetchone()
        if row is None:
            raise unknown_card()
        return Staff(*row)

    def _open(self):
        return _Connection(self._db())


class _Connection:
    """A connection that commits on success and always closes."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        return self.db

    def __exit__(self, kind, *_exc) -> None:
        try:
            if kind is None:
                self.db.commit()
        finally:
            self.db.close()
