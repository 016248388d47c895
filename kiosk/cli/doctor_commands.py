"""`kazasu doctor [--json]`: check this kiosk's set-up and say what is wrong and what to do.

Checks pcscd and the readers, a PIN-free card check when a card is present, the fonts (with a
rare-kanji glyph), the printer (the configured queue or CUPS' default: present, enabled, accepting),
the mesh (reachability, enrolment, clock skew) when a mesh URL is given or configured, free disk space in the data
folder, the database (integrity, its key, every payload decrypts, no write lost) and the queue's health. Prints a table
(or one JSON
object `{"ok": bool, "checks": [...]}` with --json) and exits 1 when any check fails. Nothing personal
is printed. The checks themselves live in `kiosk.doctor` (no Qt).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kiosk.cli import context


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    doctor = subparsers.add_parser("doctor", parents=[common],
                                   help="check pcscd, readers, fonts, printer, mesh, clock, disk and queue")
    doctor.add_argument("--font-dir", action="append", type=Path, dest="font_dirs",
                        help="look for fonts only in this folder (repeatable; default: "
                             "$KAZASU_FONT_DIRS and the Debian font folders)")
    doctor.add_argument("--no-card", dest="card_check", action="store_false",
                        help="skip the PIN-free card check")
    doctor.add_argument("--printer", default=None,
                        help="CUPS queue to check (default: the configured printer, else CUPS' default)")
    doctor.add_argument("--no-printer", dest="printer_check", action="store_false",
                        help="skip the printer check")
    doctor.add_argument("--timeout", type=float, default=3.0, help="seconds for the mesh (default 3)")
    doctor.add_argument("--max-skew", type=float, default=120.0,
                        help="warn when the clock is off the mesh's by more (seconds, default 120)")
    doctor.add_argument("--min-free-gib", type=float, default=1.0,
                        help="warn when the data folder has less free space (GiB, default 1)")
    doctor.add_argument("--max-queue-age", type=float, default=24.0,
                        help="warn when an event has waited longer to be sent (hours, default 24)")
    doctor.set_defaults(handler=doctor_command)


def doctor_command(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from kiosk.doctor import DoctorOptions, run_doctor
    from kiosk.doctor.report import render_table

    options = DoctorOptions(
        data_dir=context.data_dir(args), mesh_url=context.mesh_url(args), font_dirs=args.font_dirs,
        card_check=args.card_check, timeout=args.timeout, max_skew_s=args.max_skew,
        min_free_gib=args.min_free_gib, max_queue_age_h=args.max_queue_age, printer=args.printer,
        printer_check=args.printer_check)
    result = run_doctor(options)
    if args.json:
        return result
    print(render_table(result))
    failed = sum(c["status"] == "fail" for c in result["checks"])
    return {"ok": result["ok"], "failed": failed}
