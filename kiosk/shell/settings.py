"""The terminal's kiosk settings, without Qt: what the first-run wizard writes and an admin edits.

Two files in the data folder (`--data-dir` / KAZASU_DATA_DIR):
- `terminal.json` (sync.terminal.TerminalConfig, as before): `terminal_id`, `site`, `mesh_url` (https://;
  http:// only to this machine, `settings_mesh_insecure` otherwise);
- `kiosk.json` (this module): `desk` (counter / shelter / library, or null: choose each time),
  `reader` (a PC/SC reader name, or null: the first with a card), `printer` (a printer name, or null:
  the default printer), `idle_s` and `idle_warn_s` (the wipe after that long without a touch, and
  every desk's warning before it), `desk_idle_s` (the same wipe per desk where it differs, e.g.
  `{"shelter": 300, "library": 60}`: a shelter's reception talks longer than a library checkout),
  `text_scale` (1.0 … 2.0) and `contrast` (normal | high): how the kiosk draws its screens for the
  people this terminal serves (a library terminal for older readers at 150 %…), applied at the next
  start; KAZASU_TEXT_SCALE / KAZASU_CONTRAST, when set, win (`display`), `setup_done`.
`KioskSettings` is a pydantic model, checked when it is made (the wizard), read (`load`) or changed: a
value the kiosk cannot use raises `SettingsError` (a StaffError with `field`, and `file` when it came
from kiosk.json) in the words of `RULES`, so a hand-edited kiosk.json says which setting is wrong and
what it must be. Unknown settings are refused too (a misspelt one would otherwise do nothing).
The enrolment code is never stored: it is used once (`enrol`) and forgotten. Printing is not part of
this module: `set_test_print(fn)` lets the printing code offer the wizard's 「テスト印刷」.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Any, Callable, Literal
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from kiosk.shell.staff import DESKS, StaffError
from sync.events import MAX_TEXT
from sync.settings_file import Problem, first_problem, message, read_object, rule
from sync.terminal import TerminalConfig, is_loopback_host, is_web_address

FILE_NAME = "kiosk.json"
IN_TERMINAL_JSON = ("site", "mesh_url")   # shown and edited with the rest, kept in terminal.json
_test_print: Callable[[str | None], Any] | None = None

Desk = Literal[DESKS]
IdleSeconds = Annotated[int, Field(ge=10, le=3600, strict=True)]


MIN_WARN_S = 5   # the warning before the wipe: a resident needs this long to see it and touch it

class KioskSettings(BaseModel):
    """kiosk.json (and the site and mesh address of terminal.json), checked whenever it is made, read
    or changed: a value the kiosk cannot use raises `SettingsError`."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    desk: Desk | None = None
    reader: str | None = Field(None, strict=True)
    printer: str | None = Field(None, strict=True)
    idle_s: IdleSeconds = 120
    idle_warn_s: int = Field(20, ge=MIN_WARN_S, strict=True)   # shorter: no time to answer it
    desk_idle_s: dict[Desk, IdleSeconds] = Field(default_factory=dict)  # per desk, where not idle_s
    text_scale: float = Field(1.0, ge=1.0, le=2.0, strict=True)
    contrast: Literal["normal", "high"] = "normal"
    setup_done: bool = Field(False, strict=True)
    site: str | None = Field(None, max_length=MAX_TEXT, strict=True, exclude=True)      # terminal.json
    mesh_url: str | None = Field(None, strict=True, exclude=True)                       # terminal.json

    def __init__(self, **values: Any) -> None:
        try:
            super().__init__(**values)
        except ValidationError as exc:
            raise SettingsError.refused(first_problem(exc)) from None

    def __setattr__(self, name: str, value: Any) -> None:
        before = dict(self.__dict__)
        try:
            super().__setattr__(name, value)
        except ValidationError as exc:
            # pydantic has already set the value when a rule across settings (an "after" model
            # validator) refuses it: put the settings back as they were
            self.__dict__.clear()
            self.__dict__.update(before)
            raise SettingsError.refused(first_problem(exc)) from None

    @field_validator("mesh_url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if value is not None and not is_web_address(value):
            raise rule(*RULES["mesh_url"])
        if value is not None and urlparse(value).scheme == "http" and not is_loopback_host(urlparse(value).hostname):
            raise rule(*MESH_INSECURE)
        return value

    @model_validator(mode="after")
    def _warning_before_the_wipe(self) -> KioskSettings:
        if self.idle_warn_s >= min(self.idle_seconds(desk) for desk in (None, *DESKS)):
            raise rule(*RULES["idle_s"])
        return self

    @classmethod
    def exists(cls, data_dir: Path | str) -> bool:
        return (Path(data_dir) / FILE_NAME).exists()

    @classmethod
    def load(cls, data_dir: Path | str) -> KioskSettings:
        """kiosk.json of the data folder (the defaults when there is none yet), with terminal.json's
        site and mesh address; SettingsError names the setting that does not fit."""
        path = Path(data_dir) / FILE_NAME
        data: dict[str, Any] = {}
        if path.exists():
            try:
                data = read_object(path)
            except (OSError, ValueError):
                raise settings_unreadable(path) from None
        terminal = TerminalConfig.load(data_dir)
        values = {k: v for k, v in data.items() if k not in IN_TERMINAL_JSON}  # never read from here
        try:
            return cls(**values, site=terminal.site, mesh_url=terminal.mesh_url)
        except SettingsError as exc:
            raise SettingsError.in_file(path, exc.problem) from None

    def display(self, env: dict[str, str] | None = None) -> tuple[float | None, bool | None]:
        """(text scale, high contrast) for theme.apply; None where KAZASU_TEXT_SCALE /
        KAZASU_CONTRAST is set (the environment wins: the theme reads it)."""
        env = os.environ if env is None else env
        scale = None if env.get("KAZASU_TEXT_SCALE") else float(self.text_scale)
        high = None if env.get("KAZASU_CONTRAST") else self.contrast == "high"
        return scale, high

    def idle_seconds(self, desk: str | None) -> int:
        """The wipe after this many seconds without a touch at `desk` (None: the terminal's own)."""
        return self.desk_idle_s.get(desk, self.idle_s) if desk else self.idle_s

    def idle_ms_by_desk(self) -> dict[str, int]:
        return {desk: self.idle_seconds(desk) * 1000 for desk in DESKS}

    def save(self, data_dir: Path | str) -> Path:
        """Write kiosk.json (atomically) and the site / mesh address into terminal.json."""
        data_dir = Path(data_dir)
        data_dir.mkdir(parents=True, exist_ok=True)
        terminal = TerminalConfig.load(data_dir)
        terminal.site = self.site or None
        terminal.mesh_url = self.mesh_url or None
        terminal.save()
        path = data_dir / FILE_NAME
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(self.model_dump(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, path)
        return path


# what each setting must be, in the words the set-up screen shows (and kiosk.json's errors repeat)
RULES: dict[str, tuple[str, str]] = {
    "desk": ("受付は counter / shelter / library のどれかです（null: 毎回選ぶ）。",
             "The desk must be counter, shelter or library (null: choose each time)."),
    "reader": ("読み取り機の名前は文字列か null（カードのある最初の読み取り機）です。",
               "The reader is a reader's name, or null (the first reader with a card)."),
    "printer": ("プリンタの名前は文字列か null（既定のプリンタ）です。",
                "The printer is a printer's name, or null (the default printer)."),
    "idle_s": ("無操作の時間は10〜3600秒、警告は5秒以上でそれより短くしてください。",
               "The idle time is 10–3600 s and the warning at least 5 s and shorter than it."),
    "desk_idle_s": ("受付ごとの無操作の時間は counter / shelter / library に10〜3600秒で書いてください"
                    "（例 {\"shelter\": 300}）。",
                    'The idle time per desk is 10–3600 seconds for counter / shelter / library '
                    '(e.g. {"shelter": 300}).'),
    "text_scale": ("文字の大きさは 1.0〜2.0 倍、配色は normal か high です。",
                   "The text scale is 1.0 to 2.0 and the contrast normal or high."),
    "setup_done": ("setup_done は true か false です。", "setup_done is true or false."),
    "site": (f"拠点IDは{MAX_TEXT}文字までの文字列です。", f"The site id is text of at most {MAX_TEXT} characters."),
    "mesh_url": ("役所サーバのアドレスは https://… の形で入力してください。", "Type the mesh address as https://…"),
}
RULES["idle_warn_s"] = RULES["idle_s"]
RULES["contrast"] = RULES["text_scale"]
CODES = {"desk": "settings_desk_invalid", "mesh_url": "settings_mesh_invalid", "site": "settings_site_invalid",
         "idle_s": "settings_idle_invalid", "idle_warn_s": "settings_idle_invalid",
         "desk_idle_s": "settings_idle_invalid", "text_scale": "settings_display_invalid",
         "contrast": "settings_display_invalid", "reader": "settings_device_invalid",
         "printer": "settings_device_invalid"}


# the mesh receives personal data: plain http only to a server on this machine (sync.transport)
MESH_INSECURE = ("役所サーバへは個人情報を送るため https:// のアドレスだけが使えます"
                 "（http:// はこの機械の中のサーバだけ）。",
                 "The mesh receives personal data: only an https:// address can be used (http:// only for a "
                 "server on this machine).")


def _code(field: str, problem: Problem) -> str:
    if (problem.rule_ja, problem.rule_en) == MESH_INSECURE:
        return "settings_mesh_insecure"
    return CODES.get(field, "settings_invalid")


class SettingsError(StaffError):
    """A kiosk setting that cannot be used: `field` names it, `file` the kiosk.json it came from."""

    def __init__(self, code: str, message_ja: str, message_en: str, field: str | None = None,
                 file: str | None = None, problem: Problem | None = None) -> None:
        super().__init__(code, message_ja, message_en)
        self.field, self.file, self.problem = field, file, problem

    @classmethod
    def refused(cls, problem: Problem) -> SettingsError:
        """A value set by the set-up screen or by code: the rule of the setting, in its own words."""
        field = _setting(problem)
        ja, en = RULES.get(field, (problem.rule_ja, problem.rule_en))
        if _code(field, problem) == "settings_mesh_insecure":
            ja, en = MESH_INSECURE
        if problem.type in ("missing", "extra_forbidden"):
            ja, en = f"「{problem.field}」: {problem.rule_ja}。", f"{problem.field}: {problem.rule_en}."
        return cls(_code(field, problem), ja, en, problem.field or field, problem=problem)

    @classmethod
    def in_file(cls, path: Path, problem: Problem) -> SettingsError:
        field = _setting(problem)
        code = _code(field, problem)
        if code != "settings_mesh_insecure" and problem.type not in ("missing", "extra_forbidden") \
                and field in RULES:
            problem = Problem(problem.field or field, problem.type, *RULES[field], problem.value)
        ja, en = message(str(path), problem, "管理者が設定画面で直すか、ファイルを直してから、もう一度始めてください。",
                         "An administrator corrects it on the settings screen or in the file, then starts "
                         "the kiosk again.")
        return cls(code, ja, en, problem.field or field, str(path))

    def details(self) -> dict[str, Any]:
        return {key: value for key, value in (("field", self.field), ("file", self.file)) if value is not None}


def _setting(problem: Problem) -> str:
    """The top-level setting of a problem (the warning-before-the-wipe rule is about idle_warn_s)."""
    return problem.field.split(".")[0].split("[")[0] or "idle_warn_s"


def settings_unreadable(path: Path) -> StaffError:
    return SettingsError("settings_unreadable",
                         f"設定ファイル {path} が読めないか、{{ … }} の形の JSON ではありません。"
                         "管理者が直すか、設定し直してください。",
                         f"The settings file {path} cannot be read or is not a JSON object {{ … }}. An "
                         "administrator must correct it or set the terminal up again.", file=str(path))


def enrol(data_dir: Path | str, code: str, mesh_url: str, timeout: float = 10.0) -> dict[str, Any]:
    """Register this terminal with the mesh using a one-time code (sync.enrolment)."""
    # lazy: httpx loads only when an admin enrols the terminal
    from sync.enrolment import enroll_terminal

    return enroll_terminal(data_dir, code.strip(), mesh_url, timeout=timeout)


def set_test_print(fn: Callable[[str | None], Any] | None) -> None:
    """The printing code registers `fn(printer_name_or_None)`; the wizard's test print calls it."""
    global _test_print
    _test_print = fn


def test_print_available() -> bool:
    return _test_print is not None


def test_print(printer: str | None) -> Any:
    if _test_print is None:
        raise StaffError("printing_missing", "印刷の機能はまだ入っていません。", "Printing is not installed yet.")
    return _test_print(printer)
