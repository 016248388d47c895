"""The terminal's kiosk settings, without Qt: what the first-run wizard writes and an admin edits.

Two files in the data folder (`--data-dir` / KAZASU_DATA_DIR):
- `terminal.json` (sync.terminal.TerminalConfig, as before): `terminal_id`, `site`, `mesh_url` (https://;
  http:// only to this machine, `settings_mesh_insecure` otherwise);
- `kiosk.json` (this module): `desk` (counter / shelter / library, or null: choose each time),
  `reader` (a PC/SC reader name, or null: the first with a card), `printer` (a printer name, or null:
  the default printer), `idle_s` and `idle_warn_s` (the wipe after that long without a touch, and the
  counter's warning before it), `desk_idle_s` (the same wipe per desk where it differs, e.g.
  `{"shelter": 300, "library": 60}`: a shelter's reception talks longer than a library checkout),
  `text_scale` (1.0 … 2.0) and `contrast` (normal | high): how the kiosk draws its screens for the
  people this terminal serves (a library terminal for older readers at 150 %…), applied at the next
  start; KAZASU_TEXT_SCALE / KAZASU_CONTRAST, when set, win (`display`), `setup_done`.
The enrolment code is never stored: it is used once (`enrol`) and forgotten. Printing is not part of
this module: `set_test_print(fn)` lets the printing code offer the wizard's 「テスト印刷」.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlparse

from kiosk.shell.staff import DESKS, StaffError
from sync.transport import is_loopback_host

FILE_NAME = "kiosk.json"
_test_print: Callable[[str | None], Any] | None = None


@dataclass
class KioskSettings:
    desk: str | None = None
    reader: str | None = None
    printer: str | None = None
    idle_s: int = 120
    idle_warn_s: int = 20
    desk_idle_s: dict[str, int] = field(default_factory=dict)   # per desk, where it differs from idle_s
    text_scale: float = 1.0
    contrast: str = "normal"
    setup_done: bool = False
    site: str | None = None       # kept in terminal.json
    mesh_url: str | None = None   # kept in terminal.json

    @classmethod
    def exists(cls, data_dir: Path | str) -> bool:
        return (Path(data_dir) / FILE_NAME).exists()

    @classmethod
    def load(cls, data_dir: Path | str) -> "KioskSettings":
        from sync.terminal import TerminalConfig

        path = Path(data_dir) / FILE_NAME
        data: dict[str, Any] = {}
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                raise settings_unreadable(path) from None
            if not isinstance(data, dict):
                raise settings_unreadable(path)
        known = {f.name for f in fields(cls)} - {"site", "mesh_url"}
        settings = cls(**{k: v for k, v in data.items() if k in known})
        terminal = TerminalConfig.load(data_dir)
        settings.site, settings.mesh_url = terminal.site, terminal.mesh_url
        return settings

    def check(self) -> None:
        """Raise StaffError (ja/en) for a value the kiosk cannot use."""
        if self.desk not in (None, *DESKS):
            raise StaffError("settings_desk_invalid", "受付は counter / shelter / library のどれかです。",
                             "The desk must be counter, shelter or library.")
        if self.mesh_url:
            parsed = urlparse(self.mesh_url)
            if parsed.scheme not in ("http", "https") or not parsed.netloc:
                raise StaffError("settings_mesh_invalid",
                                 "役所サーバのアドレスは https://… の形で入力してください。",
                                 "Type the mesh address as https://…")
            if parsed.scheme == "http" and not is_loopback_host(parsed.hostname):
                raise StaffError("settings_mesh_insecure",
                                 "役所サーバへは個人情報を送るため https:// のアドレスだけが使えます"
                                 "（http:// はこの機械の中のサーバだけ）。",
                                 "The mesh receives personal data: only an https:// address can be used "
                                 "(http:// only for a server on this machine).")
        if not isinstance(self.desk_idle_s, dict) or not set(self.desk_idle_s) <= set(DESKS):
            raise StaffError("settings_idle_invalid", "受付ごとの無操作の時間は counter / shelter / library に"
                             "秒数で書いてください（例 {\"shelter\": 300}）。",
                             'The idle time per desk is seconds for counter / shelter / library '
                             '(e.g. {"shelter": 300}).')
        if isinstance(self.text_scale, bool) or not isinstance(self.text_scale, (int, float)) or \
                not 1.0 <= self.text_scale <= 2.0 or self.contrast not in ("normal", "high"):
            raise StaffError("settings_display_invalid", "文字の大きさは 1.0〜2.0 倍、配色は normal か high です。",
                             "The text scale is 1.0 to 2.0 and the contrast normal or high.")
        for desk in (None, *DESKS):
            idle = self.idle_seconds(desk)
            if not isinstance(idle, int) or isinstance(idle, bool) or not (10 <= idle <= 3600) or \
                    not (0 <= int(self.idle_warn_s) < idle):
                raise StaffError("settings_idle_invalid", "無操作の時間は10〜3600秒、警告はそれより短くしてください。",
                                 "The idle time is 10–3600 s and the warning shorter than it.")

    def display(self, env: dict[str, str] | None = None) -> tuple[float | None, bool | None]:
        """(text scale, high contrast) for theme.apply; None where KAZASU_TEXT_SCALE /
        KAZASU_CONTRAST is set (the environment wins: the theme reads it)."""
        env = os.environ if env is None else env
        scale = None if env.get("KAZASU_TEXT_SCALE") else float(self.text_scale)
        high = None if env.get("KAZASU_CONTRAST") else self.contrast == "high"
        return scale, high

    def idle_seconds(self, desk: str | None) -> int:
        """The wipe after this many seconds without a touch at `desk` (None: the terminal's own)."""
        return self.desk_idle_s.get(desk, self.idle_s) if desk and isinstance(self.desk_idle_s, dict) \
            else self.idle_s

    def idle_ms_by_desk(self) -> dict[str, int]:
        return {desk: self.idle_seconds(desk) * 1000 for desk in DESKS}

    def save(self, data_dir: Path | str) -> Path:
        """Write kiosk.json (atomically) and the site / mesh address into terminal.json."""
        from sync.terminal import TerminalConfig

        self.check()
        data_dir = Path(data_dir)
        data_dir.mkdir(parents=True, exist_ok=True)
        terminal = TerminalConfig.load(data_dir)
        terminal.site = self.site or None
        terminal.mesh_url = self.mesh_url or None
        terminal.save()
        data = {k: v for k, v in asdict(self).items() if k not in ("site", "mesh_url")}
        path = data_dir / FILE_NAME
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, path)
        return path


def settings_unreadable(path: Path) -> StaffError:
    return StaffError("settings_unreadable", f"設定ファイル {path} が読めません。管理者が設定し直してください。",
                      f"The settings file {path} cannot be read. An administrator must set the terminal up again.")


def enrol(data_dir: Path | str, code: str, mesh_url: str, timeout: float = 10.0) -> dict[str, Any]:
    """Register this terminal with the mesh using a one-time code (sync.enrolment)."""
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
