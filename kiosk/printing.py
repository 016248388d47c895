"""Send a rendered PDF to a printer through CUPS: the configured queue, else the default printer.

Uses the CUPS command-line client (`lp`, `lpstat` from Debian's cups-client; `$CUPS_SERVER` is
honoured, as by every CUPS client). The queue is, in order: the one asked for, `printer` in the
terminal's kiosk.json (the set-up wizard's field), `$KAZASU_PRINTER`, then CUPS' default destination.
Before sending, the queue must exist, be enabled and accept jobs; otherwise a `PrintError` (typed,
with a message in Japanese and English for staff) says what to do. The PDF is never deleted or moved:
when printing fails it stays where it was rendered (`<data>/print/…`) and the error names it, so staff
can print it later (`lp -d QUEUE FILE`). A visit's PDF that CUPS took is removed at once
(`print_submissions`): it holds a person's name and address. Only file names and queue names are
logged, never content.

`print_test_page(queue)` (kazasu print test, the wizard's 「テスト印刷」 through
kiosk.startup.register_wizard_test_print) renders kiosk.testpage and prints it. No Qt here.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from kiosk.errors import KioskError

logger = logging.getLogger(__name__)

LP_TIMEOUT_S = 20.0
SETTINGS_FILE = "kiosk.json"  # kiosk.shell.settings.FILE_NAME, read here without importing the shell
_REQUEST_ID = re.compile(r"request id is (\S+)")


class PrintError(KioskError):
    """Printing failed; the PDF (if any) is kept where it is."""

    code = "print_failed"

    def __init__(self, message_ja: str, message_en: str, *, queue: str | None = None,
                 pdf: Path | None = None) -> None:
        kept_ja = f"書類は {pdf} に保存されています（失われていません）。" if pdf else ""
        kept_en = f" The document is saved at {pdf} (nothing is lost)." if pdf else ""
        self.problem_ja, self.problem_en = message_ja, message_en  # without the saved-file sentence
        self.queue = queue
        self.pdf = str(pdf) if pdf else None
        super().__init__(message_ja + kept_ja, message_en + kept_en)

    def details(self) -> dict[str, Any]:
        return {"queue": self.queue, "pdf": self.pdf}


class PrinterUnreachableError(PrintError):
    code = "printer_unreachable"


class NoPrinterError(PrintError):
    code = "printer_not_configured"


class PrinterNotFoundError(PrintError):
    code = "printer_not_found"


class PrinterNotAcceptingError(PrintError):
    code = "printer_not_accepting"


@dataclass
class QueueState:
    queue: str
    exists: bool
    enabled: bool = False
    accepting: bool = False
    is_default: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class PrintJob:
    queue: str
    job_id: str
    pdf: str
    copies: int = 1

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _run(argv: list[str], *, queue: str | None = None, pdf: Path | None = None) -> subprocess.CompletedProcess:
    """Run a CUPS client program with English messages (they are parsed); no CUPS → a typed error."""
    program = shutil.which(argv[0])
    if program is None:
        raise PrinterUnreachableError(
            f"印刷の仕組み（CUPS の {argv[0]}）がこの端末に入っていません。管理者が "
            "`sudo apt-get install cups cups-client` を実行してください。",
            f"The printing system (CUPS' {argv[0]}) is not installed on this terminal: an administrator "
            "must run `sudo apt-get install cups cups-client`.", queue=queue, pdf=pdf)
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    try:
        result = subprocess.run([program, *argv[1:]], capture_output=True, text=True, env=env,
                                timeout=LP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise _unreachable(queue, pdf) from None
    if _scheduler_down(result.stderr):
        raise _unreachable(queue, pdf)
    return result


def _scheduler_down(stderr: str) -> bool:
    text = stderr.lower()
    return "scheduler is not running" in text or "unable to connect to server" in text


def _unreachable(queue: str | None, pdf: Path | None) -> PrinterUnreachableError:
    return PrinterUnreachableError(
        "印刷サーバー（CUPS）に接続できません。`sudo systemctl start cups` を実行し、"
        "プリンタの電源とケーブルを確認してください。",
        "The print server (CUPS) cannot be reached: run `sudo systemctl start cups` and check the "
        "printer's power and cable.", queue=queue, pdf=pdf)


def require_scheduler(queue: str | None = None, pdf: Path | None = None) -> None:
    """PrinterUnreachableError unless the CUPS scheduler answers (`lpstat -r`); without this check
    a down scheduler would look like a missing printer or no default printer."""
    if not _run(["lpstat", "-r"], queue=queue, pdf=pdf).stdout.startswith("scheduler is running"):
        raise _unreachable(queue, pdf)


def default_queue() -> str | None:
    """CUPS' default destination (`lpstat -d`), or None when there is none."""
    result = _run(["lpstat", "-d"])
    match = re.search(r"system default destination:\s*(\S+)", result.stdout)
    return match.group(1) if match else None


def configured_queue(data_dir: Path | str | None) -> str | None:
    """The queue chosen in the set-up wizard (kiosk.json `printer`), else `$KAZASU_PRINTER`."""
    if data_dir is not None:
        path = Path(data_dir) / SETTINGS_FILE
        try:
            printer = json.loads(path.read_text(encoding="utf-8")).get("printer")
        except (OSError, ValueError, AttributeError):
            printer = None
        if isinstance(printer, str) and printer.strip():
            return printer.strip()
    return os.environ.get("KAZASU_PRINTER") or None


def queue_state(queue: str) -> QueueState:
    """Whether `queue` exists, is enabled (not stopped) and accepts jobs."""
    require_scheduler(queue)
    printers = _run(["lpstat", "-p", queue], queue=queue)
    if printers.returncode != 0 or not printers.stdout.strip():
        return QueueState(queue, exists=False)
    enabled = not re.search(rf"^printer {re.escape(queue)} disabled", printers.stdout, re.MULTILINE)
    accepting_out = _run(["lpstat", "-a", queue], queue=queue).stdout
    accepting = bool(re.search(rf"^{re.escape(queue)} accepting requests", accepting_out, re.MULTILINE))
    return QueueState(queue, exists=True, enabled=enabled, accepting=accepting,
                      is_default=default_queue() == queue)


def resolve_queue(queue: str | None = None, data_dir: Path | str | None = None,
                  pdf: Path | None = None) -> str:
    """The queue to print to: asked, configured, or CUPS' default; NoPrinterError when none."""
    chosen = queue or configured_queue(data_dir) or default_queue()
    if not chosen:
        raise NoPrinterError(
            "プリンタが設定されていません。設定画面でプリンタ名を入力するか、CUPS で既定のプリンタを"
            "設定してください（`lpadmin -d プリンタ名`）。",
            "No printer is configured: type the printer's name in the set-up screen, or set CUPS' "
            "default printer (`lpadmin -d PRINTER`).", pdf=pdf)
    return chosen


def check_queue(queue: str, pdf: Path | None = None) -> QueueState:
    """The queue's state; a typed error when it is missing, stopped or refusing jobs."""
    state = queue_state(queue)
    if not state.exists:
        raise PrinterNotFoundError(
            f"プリンタ「{queue}」が見つかりません。名前を確認するか、`lpstat -p` で一覧を見てください。",
            f"There is no printer '{queue}': check the name, or list them with `lpstat -p`.",
            queue=queue, pdf=pdf)
    if not (state.enabled and state.accepting):
        why_ja = "停止しています" if not state.enabled else "印刷を受け付けていません"
        why_en = "is stopped" if not state.enabled else "is not accepting jobs"
        raise PrinterNotAcceptingError(
            f"プリンタ「{queue}」は{why_ja}。用紙・トナー・紙詰まりを確認し、`cupsenable {queue}` と "
            f"`cupsaccept {queue}` で再開してください。",
            f"The printer '{queue}' {why_en}: check paper, toner and jams, then resume it with "
            f"`cupsenable {queue}` and `cupsaccept {queue}`.", queue=queue, pdf=pdf)
    return state


def print_pdf(pdf: Path | str, queue: str | None = None, *, data_dir: Path | str | None = None,
              title: str = "kazasu", copies: int = 1) -> PrintJob:
    """Send `pdf` to the printer; return the CUPS job. The file is kept whatever happens."""
    pdf = Path(pdf)
    if not pdf.is_file():
        raise PrintError(f"印刷する書類 {pdf} がありません。", f"The document to print, {pdf}, does not exist.")
    require_scheduler(queue, pdf)
    chosen = resolve_queue(queue, data_dir, pdf)
    check_queue(chosen, pdf)
    result = _run(["lp", "-d", chosen, "-t", title, "-n", str(max(1, int(copies))), "--", str(pdf)],
                  queue=chosen, pdf=pdf)
    match = _REQUEST_ID.search(result.stdout)
    if result.returncode != 0 or not match:
        logger.warning("lp refused %s on %s: %s", pdf.name, chosen, result.stderr.strip()[:200])
        raise PrintError(
            f"プリンタ「{chosen}」に送れませんでした（{result.stderr.strip()[:120]}）。",
            f"The document could not be sent to '{chosen}' ({result.stderr.strip()[:120]}).",
            queue=chosen, pdf=pdf)
    logger.info("sent %s to %s as %s", pdf.name, chosen, match.group(1))
    return PrintJob(queue=chosen, job_id=match.group(1), pdf=str(pdf), copies=copies)


def print_submissions(pdfs: list[Path], queue: str | None = None,
                      data_dir: Path | str | None = None) -> dict[str, Any]:
    """Print a visit's PDFs; never raises (a visit is recorded before it is printed).

    Returns {"ok": True, "jobs": [...]} or {"ok": False, "error": {code, message_ja, message_en,
    problem_ja, problem_en (the same without the saved-file sentence), queue, pdf}, "jobs": [the ones
    sent before]}. Each PDF CUPS took is removed from the data folder at once (it holds the person's
    name and address; CUPS prints its own spooled copy): `"removed": true` in its job. A PDF that was
    not printed stays (0600) for staff to print later, until its event's payload is erased.
    """
    jobs: list[dict[str, Any]] = []
    for pdf in pdfs:
        try:
            job = print_pdf(pdf, queue, data_dir=data_dir).to_dict()
            try:
                Path(pdf).unlink()
                job["removed"] = True
            except OSError:
                job["removed"] = False
                logger.warning("printed %s could not be removed", Path(pdf).name)
            jobs.append(job)
        except PrintError as exc:
            logger.warning("printing failed (%s): %s kept", exc.code, Path(pdf).name)
            return {"ok": False, "jobs": jobs, "error": {
                "code": exc.code, "message_ja": exc.message_ja, "message_en": exc.message_en,
                "problem_ja": exc.problem_ja, "problem_en": exc.problem_en, **exc.details()}}
    return {"ok": True, "jobs": jobs}


def print_test_page(queue: str | None = None, data_dir: Path | str | None = None,
                    out_dir: Path | str | None = None) -> dict[str, Any]:
    """Render the test page (Japanese text with 𠮷) into `out_dir` (default <data>/print) and print it."""
    # lazy: the test page's fonts (reportlab) load only when a test page is printed
    from kiosk.testpage import render_test_page

    folder = Path(out_dir or Path(data_dir or ".") / "print")
    folder.mkdir(parents=True, exist_ok=True)
    pdf = render_test_page(folder / "kazasu-test-page.pdf")
    job = print_pdf(pdf, queue, data_dir=data_dir, title="kazasu test page")
    return {"ok": True, **job.to_dict()}
