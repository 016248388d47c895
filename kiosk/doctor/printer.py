"""The printer check: the configured queue (kiosk.json `printer`, $KAZASU_PRINTER, --printer) or CUPS'
default printer exists, is enabled and accepts jobs.

A terminal with no printer at all (no queue configured, no default, or CUPS not running) gets a
warning, not a failure: it still records every visit and keeps the PDFs in <data>/print/. A printer
that was configured but cannot be reached or refuses jobs is a failure, with what to do.
"""

from __future__ import annotations

from pathlib import Path

from kiosk import printing
from kiosk.doctor.report import FAIL, WARN, Check

NAME = "printer"


def check_printer(data_dir: Path, queue: str | None = None) -> Check:
    configured = queue or printing.configured_queue(data_dir)
    try:
        printing.require_scheduler(configured)
        chosen = printing.resolve_queue(configured, data_dir)
        state = printing.check_queue(chosen)
    except printing.NoPrinterError as exc:
        return _no_printer(exc)
    except printing.PrinterUnreachableError as exc:
        if configured is None:
            return _no_printer(exc)
        return Check.problem(NAME, FAIL, exc.message_ja, exc.message_en, queue=configured)
    except printing.PrintError as exc:
        return Check.problem(NAME, FAIL, exc.message_ja, exc.message_en, queue=exc.queue)
    how = "configured" if configured else "CUPS default"
    return Check.ok(NAME, f"{state.queue} ({how}) enabled and accepting jobs", queue=state.queue,
                    is_default=state.is_default)


def _no_printer(exc: printing.PrintError) -> Check:
    return Check.problem(
        NAME, WARN,
        "プリンタが使えません。申請は記録され、書類は PDF としてデータフォルダーの print/ に保存されます。"
        "印刷するには、設定画面でプリンタ名を入力するか CUPS の既定のプリンタを設定してください"
        f"（詳細: {exc.message_ja}）",
        "No printer can be used: applications are still recorded and their PDFs kept in the data "
        "folder's print/. To print, type the printer's name in the set-up screen or set CUPS' default "
        f"printer (details: {exc.message_en})")
