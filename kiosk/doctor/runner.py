"""Run every doctor check in order and build the report.

`DoctorOptions` holds what the checks look at; its `list_readers` and `font_dirs` are injectable so a
broken set-up can be simulated (a PC/SC listing that raises, an empty font folder).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from kiosk.doctor import hardware, printer, site, store
from kiosk.doctor.report import Check, report
from sync.errors import storage_error
from sync.terminal import CONFIG_FILE_NAME

logger = logging.getLogger(__name__)


@dataclass
class DoctorOptions:
    data_dir: Path
    mesh_url: str | None = None
    font_dirs: list[Path] | None = None
    list_readers: Callable[[], list] | None = None
    open_transport: Callable[[str], object] | None = None
    card_check: bool = True
    timeout: float = 3.0
    max_skew_s: float = 120.0
    min_free_gib: float = 1.0
    max_queue_age_h: float = 24.0
    printer: str | None = None          # a CUPS queue to check instead of the configured/default one
    printer_check: bool = True


def configured_pin(data_dir: Path, url: str | None = None) -> str | None:
    """The pin of the TLS key of `url` in terminal.json (sync.transport: `pins`, else the enrolment's)."""
    # lazy: the check imports what it checks, so a missing or broken library fails this check alone
    from sync.client import configured_pin as pin_of

    return pin_of(data_dir, url)


def configured_mesh_url(data_dir: Path) -> str | None:
    """The mesh URL of terminal.json, read without creating the file (doctor changes nothing)."""
    path = Path(data_dir) / CONFIG_FILE_NAME
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("mesh_url") or None
    except (OSError, ValueError):
        return None


def _guarded(name: str, func: Callable[[], Any]) -> list[Check]:
    """Run one check; an unexpected exception becomes a failing check instead of ending the run."""
    try:
        result = func()
    except Exception as exc:  # noqa: BLE001 - the doctor must report, not crash
        typed = exc if hasattr(exc, "message_ja") else storage_error(exc, name)
        if typed is not None:  # a known problem (a missing key, a damaged database): its own words
            logger.warning("doctor check %s: %s", name, getattr(typed, "code", "error"))
            return [Check.problem(name, "fail", typed.message_ja, typed.message_en,
                                  code=getattr(typed, "code", "error"))]
        logger.exception("doctor check %s failed unexpectedly", name)
        return [Check.problem(name, "fail", f"確認中に予期しないエラーが発生しました（{exc.__class__.__name__}）。",
                              f"The check itself failed unexpectedly ({exc.__class__.__name__}): "
                              "see the log (`kazasu -v doctor`).")]
    return result if isinstance(result, list) else [result]


def run_doctor(options: DoctorOptions) -> dict[str, Any]:
    checks: list[Check] = []
    readers: list = []

    def pcsc() -> list[Check]:
        found, listed = hardware.check_pcsc(options.list_readers)
        readers.extend(listed)
        return found

    checks += _guarded("pcscd", pcsc)
    if options.card_check:
        checks += _guarded("card", lambda: hardware.check_card(readers, options.open_transport))
    checks += _guarded("fonts", lambda: hardware.check_fonts(options.font_dirs))
    if options.printer_check:
        checks += _guarded("printer", lambda: printer.check_printer(options.data_dir, options.printer))
    url = options.mesh_url or configured_mesh_url(options.data_dir)
    checks += _guarded("mesh", lambda: site.check_mesh(url, options.timeout, options.max_skew_s,
                                                       pin=configured_pin(options.data_dir, url)))
    if url:
        checks += _guarded("enrolment", lambda: site.check_enrolment(options.data_dir))
    checks += _guarded("disk", lambda: site.check_disk(options.data_dir, options.min_free_gib))
    checks += _guarded("database", lambda: store.check_store(options.data_dir))
    if all(c.status != "fail" for c in checks if c.name == "database"):
        checks += _guarded("queue", lambda: site.check_queue(options.data_dir, options.max_queue_age_h))
    return report(checks)
