"""Logs: JSON lines in a size-rotated file in the data folder, and never any personal data.

`configure(data_dir, verbose)` (called by the command line for every command, the kiosk included)
sets the root logger up with two handlers, both formatting through `PersonalDataFormatter`:
- stderr, human-readable, WARNING (INFO with -v) — as before;
- `<data>/logs/kazasu.log`, one JSON object per line (`ts` UTC, `level`, `logger`, `msg`, and `exc`
  — the exception's type and traceback — when there is one), INFO, rotated by size
  ($KAZASU_LOG_MAX_BYTES, default 5 MiB; $KAZASU_LOG_BACKUPS old files, default 5), mode 0600. The
  folder and the file are made at the first record, so a command that logs nothing leaves no trace.

`PersonalDataFormatter` refuses a record that carries personal data: it writes, instead, a notice that
names only why (the field names, or the kind of value found): a known personal field passed as
`extra=` or as a key of a dict argument (pin, name, address, birth date, My Number, 照合番号B, …), a
card or person object as an argument, a message template that announces such a value, a valid My
Number or a 14-digit 照合番号B in the text, or a Japanese name written with an ideographic space
(山田　太郎). kazasu's own code never logs such data; the filter is the net under it.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
import re
import sys
import traceback
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from devices.my_number import is_valid_my_number

LOG_FOLDER = "logs"
LOG_FILE = "kazasu.log"
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_BACKUPS = 5

PERSONAL_FIELDS = frozenset({
    "pin", "pin2", "new_pin", "code_b", "codeb", "security_code", "my_number", "mynumber",
    "individual_number", "name", "kana", "name_kana", "requester_kana", "requester_name", "address",
    "birth_date", "birthdate", "birth", "sex", "sex_code", "phone", "person", "holder", "resident",
})
PERSONAL_TYPES = frozenset({"BasicFour", "CardHolder", "CodeB", "Person", "FilledForm", "Patron"})
_ANNOUNCING = re.compile(r"\bpin\b|暗証|my[ _]?number|マイナンバー|個人番号|照合番号|code[ _]?b\b|氏名|住所|"
                         r"生年月日|birth", re.IGNORECASE)
_MY_NUMBER = re.compile(r"(?<![\w-])(\d{4})[ -]?(\d{4})[ -]?(\d{4})(?![\w-])")
_CODE_B = re.compile(r"(?<![\w-])\d{14}(?![\w-])")
_CJK = r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"
_NAME = re.compile(rf"{_CJK}+\u3000{_CJK}+")
_RESERVED = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


def _is_my_number(digits: str) -> bool:
    return is_valid_my_number(digits)


def personal_reasons(record: logging.LogRecord) -> list[str]:
    """Why `record` must not be written (empty: it may)."""
    reasons = sorted(k for k in vars(record) if k not in _RESERVED and k.lower() in PERSONAL_FIELDS)
    args = record.args if isinstance(record.args, tuple) else (record.args,) if record.args else ()
    for arg in args:
        if isinstance(arg, dict):
            reasons += sorted(k for k in arg if isinstance(k, str) and k.lower() in PERSONAL_FIELDS)
        elif type(arg).__name__ in PERSONAL_TYPES:
            reasons.append(type(arg).__name__)
    if args and isinstance(record.msg, str) and _ANNOUNCING.search(record.msg):
        reasons.append("announced in the message")
    text = _text_of(record)
    if any(_is_my_number("".join(m.groups())) for m in _MY_NUMBER.finditer(text)):
        reasons.append("my_number in the text")
    if _CODE_B.search(text):
        reasons.append("code_b in the text")
    if _NAME.search(text):
        reasons.append("name in the text")
    return reasons


def _text_of(record: logging.LogRecord) -> str:
    try:
        text = record.getMessage()
    except Exception:  # a bad format string: judge the template and the arguments themselves
        text = f"{record.msg} {record.args!r}"
    if record.exc_info and record.exc_info[1] is not None:
        text += " " + "".join(traceback.format_exception_only(record.exc_info[1]))
    return text


def refused(record: logging.LogRecord, reasons: list[str]) -> logging.LogRecord:
    """A new record that says `record` was refused and why (the original is left as it is)."""
    level = max(record.levelno, logging.WARNING)
    return logging.makeLogRecord({
        "name": record.name, "levelno": level, "levelname": logging.getLevelName(level),
        "created": record.created, "msecs": record.msecs, "relativeCreated": record.relativeCreated,
        "msg": "log record refused: it carried personal data (%s)",
        "args": (", ".join(dict.fromkeys(reasons)),), "refused": True})


class PersonalDataFormatter(logging.Formatter):
    """Formats a record with `inner`, or, when the record carries personal data, the notice of its
    refusal instead. The record itself is not changed (other handlers, e.g. a test's, see it as it was)."""

    def __init__(self, inner: logging.Formatter) -> None:
        super().__init__()
        self.inner = inner
        self._last: tuple[logging.LogRecord | None, str] = (None, "")

    def format(self, record: logging.LogRecord) -> str:
        # a rotating handler formats each record twice (its size check, then the write), both under
        # the handler's lock: the second time is the first's text
        last, text = self._last
        if last is record:
            return text
        reasons = personal_reasons(record)
        text = self.inner.format(refused(record, reasons) if reasons else record)
        self._last = (record, text)
        return text


class JsonLinesFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname, "logger": record.name, "msg": record.getMessage()}
        if getattr(record, "refused", False):
            entry["refused"] = True
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def _report_handler_error(handler: logging.Handler) -> None:
    """What logging.Handler.handleError does, without the record's message and arguments (which
    could be the very data the formatter refused)."""
    if logging.raiseExceptions and sys.stderr:
        kind = sys.exc_info()[0]
        sys.stderr.write(f"kazasu: a log record could not be written by {type(handler).__name__} "
                         f"({kind.__name__ if kind else 'error'})\n")


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (not the stream of when it was made)."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self):  # noqa: ANN201
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:  # noqa: ANN001 - set by StreamHandler.__init__, ignored
        pass

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        _report_handler_error(self)


class LazyRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A RotatingFileHandler that makes its folder, and its file with mode 0600, at the first record."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        _report_handler_error(self)

    def _open(self):  # noqa: ANN202 - the base class's signature
        path = Path(self.baseFilename)
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600))
        return super()._open()


def log_path(data_dir: Path | str) -> Path:
    return Path(data_dir) / LOG_FOLDER / LOG_FILE


def configure(data_dir: Path | str | None, verbose: bool = False) -> None:
    """(Re)configure the root logger; earlier kazasu handlers are closed and replaced."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "kazasu", False)]:
        root.removeHandler(handler)
        handler.close()
    stderr = StderrHandler()
    stderr.setLevel(logging.INFO if verbose else logging.WARNING)
    stderr.setFormatter(PersonalDataFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")))
    handlers: list[logging.Handler] = [stderr]
    if data_dir is not None:
        file = LazyRotatingFileHandler(
            log_path(data_dir), maxBytes=int(os.environ.get("KAZASU_LOG_MAX_BYTES", DEFAULT_MAX_BYTES)),
            backupCount=int(os.environ.get("KAZASU_LOG_BACKUPS", DEFAULT_BACKUPS)), encoding="utf-8",
            delay=True)
        file.setLevel(logging.INFO)
        file.setFormatter(PersonalDataFormatter(JsonLinesFormatter()))
        handlers.append(file)
    for handler in handlers:
        handler.kazasu = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.captureWarnings(True)
