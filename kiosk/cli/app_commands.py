"""`kazasu demo`, `kazasu run` and `kazasu counter submit`.

demo: the kiosk with the emulated demo card (through pcscd + vpcd when it can be had, else
in-process) and an embedded mesh on SQLite, all under <data-dir>/demo/, with a demo administrator
(staff ID demo, PIN 0000). run: real readers through pcscd and the configured mesh; on the first run
(no kiosk.json) the set-up wizard comes first. Both run in kiosk mode (frameless full screen, the keys
that leave the kiosk do nothing, only staff quit, from the staff menu) unless `--windowed`; both come
back to the desk they were on when the last run crashed (kiosk-state.json). counter submit: the counter workflow without
Qt, for scripts and the
end-to-end test. counter metrics: the desk's figures per form (no personal data) as JSON or CSV.
Qt is imported only inside the demo and run handlers.
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path
from typing import Any

from kiosk.cli import context
from kiosk.errors import KioskError
from kiosk.timeouts import NODE_SYNC_MS, SYNC_MS

logger = logging.getLogger(__name__)

DEFAULT_SITE = "demo-site"


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    demo = subparsers.add_parser("demo", parents=[common],
                                 help="the kiosk with the emulated card and an embedded mesh")
    demo.add_argument("--slot", type=int, default=0, help="vpcd slot for the demo card (default 0)")
    demo.add_argument("--no-pcscd", action="store_true", help="use the in-process card only")
    demo.add_argument("--windowed", action="store_true",
                      help="a normal window without the kiosk lockdown (development)")
    demo.add_argument("--fullscreen", action="store_true", help=argparse.SUPPRESS)  # the default now
    demo.add_argument("--quit-after", type=float, default=None, help=argparse.SUPPRESS)
    demo.set_defaults(handler=cmd_demo)

    run = subparsers.add_parser("run", parents=[common], help="the kiosk with real card readers")
    run.add_argument("--reader", default=None, help="reader name (default: the first with a card)")
    run.add_argument("--windowed", action="store_true",
                     help="a normal window without the kiosk lockdown (development)")
    run.add_argument("--fullscreen", action="store_true", help=argparse.SUPPRESS)  # the default now
    run.add_argument("--quit-after", type=float, default=None, help=argparse.SUPPRESS)
    run.set_defaults(handler=cmd_run)

    counter = subparsers.add_parser("counter", parents=[common], help="the counter desk without the GUI")
    actions = counter.add_subparsers(dest="counter_command", metavar="ACTION", required=True)
    submit = actions.add_parser("submit", parents=[common],
                                help="record an application and print its PDF")
    submit.add_argument("--person", type=Path,
                        help="person record (what `kazasu card read --json` prints)")
    submit.add_argument("--answers", type=Path, help="answers to the asked fields")
    submit.add_argument("--qr", nargs="+", metavar="TEXT",
                        help="instead of --person/--answers: a pre-registration code (every part); the by-hand"
                             " path (staff check an identity document)")
    submit.add_argument("--form", default=None,
                        help="form id (default juminhyo_request, or the code's first procedure)")
    submit.add_argument("--staff", default="counter", help="staff id recorded with the event")
    submit.set_defaults(handler=cmd_counter_submit)
    figures = actions.add_parser("metrics", parents=[common],
                                 help="per form: applications, median time per phase, items")
    figures.add_argument("--csv", type=Path, default=None, metavar="FILE",
                         help="also write the table as CSV to FILE")
    figures.set_defaults(handler=cmd_counter_metrics)


def _load_json(path: Path, what: str) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise InputFileError(what, path) from None
    if not isinstance(data, dict):
        raise InputFileError(what, path)
    return data


class InputFileError(KioskError):
    code = "input_file_invalid"

    def __init__(self, what: str, path: Path) -> None:
        self.path = str(path)
        super().__init__(f"{what} のファイル {path} が読めないか、JSON のオブジェクトではありません。",
                         f"The {what} file {path} cannot be read or is not a JSON object.", file=self.path)


def _site(args: argparse.Namespace, config) -> str:
    return context.site(args) or config.site or DEFAULT_SITE


def cmd_counter_submit(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from kiosk.counter import visit as workflow
    from sync.terminal import TerminalConfig

    data_dir = context.data_dir(args)
    workflow.use_published_forms(data_dir)
    config = TerminalConfig.load(data_dir)
    form_id = args.form
    if args.qr:
        # lazy: the code reader only when a code is given
        from kiosk.counter import prereg

        visit = prereg.read_visit(args.qr, data_dir, _site(args, config))
        form_id = form_id or next(iter(prereg.known_procedures(visit)), None) or "juminhyo_request"
        person, answers = prereg.by_hand_person(visit), prereg.prefilled_answers(visit, [form_id])
    else:
        if args.person is None or args.answers is None:
            raise KioskError("--person と --answers（または --qr）を指定してください。",
                             "Give --person and --answers (or --qr).", code="counter_input_missing")
        person = _load_json(args.person, "person")
        answers = _load_json(args.answers, "answers")
        person.pop("answers", None)
    store = workflow.open_store(data_dir)
    try:
        submission = workflow.submit_application(
            store, person=person, answers=answers, data_dir=data_dir, site=_site(args, config),
            terminal=config.terminal_id, staff=args.staff, form_id=form_id or "juminhyo_request")
    finally:
        store.close()
    return submission.to_dict()


def cmd_counter_metrics(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from kiosk.counter import metrics

    rows = metrics.summary(context.data_dir(args))
    out: dict[str, Any] = {"forms": rows}
    if args.csv is not None:
        Path(args.csv).write_text(metrics.to_csv(rows), encoding="utf-8")
        out["csv"] = str(args.csv)
    return out


def _quit_after(seconds: float | None) -> None:
    """For tests: end Qt's loop after `seconds` (a locked kiosk refuses to close its window)."""
    if seconds:
        # lazy: Qt loads only for `kazasu demo` and `kazasu run`
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        QTimer.singleShot(int(seconds * 1000), lambda: QApplication.instance().exit(0))


DEMO_STAFF = ("demo", "0000")


def _shell(data_dir: Path, *, demo: bool = False) -> dict[str, Any]:
    """The shell's part of KioskServices: staff accounts, the terminal's desk and idle times, the
    desk of a crashed run. The demo gets a demo administrator and settings without the wizard."""
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from kiosk.shell import laststate
    from kiosk.shell.settings import KioskSettings
    from kiosk.shell.staff import StaffDirectory

    directory = StaffDirectory(data_dir)
    if demo:
        if not directory.has_accounts():
            directory.add(DEMO_STAFF[0], "admin", DEMO_STAFF[1])
        if not KioskSettings.exists(data_dir):
            KioskSettings(setup_done=True, site=DEFAULT_SITE).save(data_dir)
    settings = KioskSettings.load(data_dir)
    return {"staff_directory": directory, "home_desk": settings.desk,
            "resume_desk": laststate.last_desk(data_dir), "idle_ms": settings.idle_seconds("counter") * 1000,
            "idle_warn_ms": settings.idle_warn_s * 1000, "desk_idle_ms": settings.idle_ms_by_desk(),
            "display": settings.display(), "demo_staff_hint": demo}


def _check_settings(data_dir: Path, *, full_screen: bool, quit_after: float | None = None) -> None:
    """kiosk.json, terminal.json and library.json (when the data folder has one), checked before any
    window is built: a file that does not fit is shown on the screen instead of the desks
    (kiosk.shell.settings_error), then raised for the command line's {"error": …}. `quit_after`: the
    tests' --quit-after, for a command that has no QApplication yet."""
    # lazy: the settings models load only for `kazasu demo` and `kazasu run`
    from kiosk.library.config import CONFIG_FILE, LibraryConfig
    from kiosk.library.errors import ConfigError
    from kiosk.shell.settings import KioskSettings, SettingsError
    from sync.errors import TerminalConfigError

    try:
        KioskSettings.load(data_dir)  # and terminal.json (made with a new terminal id on first use)
        if (data_dir / CONFIG_FILE).exists():
            LibraryConfig.load(data_dir=data_dir)
    except (SettingsError, TerminalConfigError, ConfigError) as exc:
        # lazy: Qt loads only to show a refused settings file on the screen
        from kiosk.shell.settings_error import show_settings_error
        from kiosk.startup import make_application

        logger.warning("a settings file does not fit: %s (%s)", exc.code, exc.details().get("field", "-"))
        make_application()
        _quit_after(quit_after)
        show_settings_error(exc, full_screen=full_screen)
        raise


def _first_run(data_dir: Path, locked: bool) -> bool:
    """The set-up wizard when this terminal has no kiosk.json yet (or, in kiosk mode, no staff
    account: a locked kiosk without one could be quit by anybody); False if it was not finished."""
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from kiosk.shell.settings import KioskSettings
    from kiosk.shell.staff import StaffDirectory

    set_up = KioskSettings.exists(data_dir) and KioskSettings.load(data_dir).setup_done
    if set_up and (not locked or StaffDirectory(data_dir).has_accounts()):
        return True
    # lazy: Qt loads only for `kazasu demo` and `kazasu run`
    from kiosk.startup import run_setup_wizard

    return run_setup_wizard(data_dir, locked=locked)


def cmd_demo(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: Qt loads only for `kazasu demo` and `kazasu run`. The Qt-free modules first: PySide6's import
    # hook reads the source of every module imported after it (5 MB less, tests/kiosk/test_start_imports.py)
    from kiosk.counter import visit as workflow
    from kiosk.demo import set_up_demo_card, start_demo_mesh
    from kiosk.services import KioskServices
    from sync.client import SyncClient
    from sync.terminal import TerminalConfig
    from kiosk import startup  # isort: skip

    demo_dir = context.data_dir(args) / "demo"
    demo_dir.mkdir(parents=True, exist_ok=True)
    _check_settings(demo_dir, full_screen=not args.windowed, quit_after=args.quit_after)
    config = TerminalConfig.load(demo_dir)
    mesh = start_demo_mesh(demo_dir)  # demo mode: unsigned, no credentials, loopback only
    store = workflow.open_store(demo_dir)
    client = SyncClient(store, mesh.url)
    card = set_up_demo_card(slot=args.slot, allow_pcscd=not args.no_pcscd)
    try:
        services = KioskServices(
            card_source=card.source, store=store, data_dir=demo_dir, terminal_id=config.terminal_id,
            site=_site(args, config), demo_card=card.demo_card, sync_client=client, note=card.note,
            locked=not args.windowed, **_shell(demo_dir, demo=True))
        startup.make_application()
        _quit_after(args.quit_after)
        code = startup.run(services)
        status = store.status()
    finally:
        card.close()
        client.close()
        store.close()
        mesh.stop()
    return {"ok": code == 0, "data_dir": str(demo_dir), "card": card.note, **status}


def cmd_run(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: Qt loads only for `kazasu demo` and `kazasu run`. The Qt-free modules first: PySide6's import
    # hook reads the source of every module imported after it (5 MB less, tests/kiosk/test_start_imports.py)
    from kiosk.cards.source import card_source
    from kiosk.counter import visit as workflow
    from kiosk.services import KioskServices
    from kiosk.shell.settings import KioskSettings
    from sync.terminal import TerminalConfig
    from kiosk import startup  # isort: skip

    data_dir = context.data_dir(args)
    startup.make_application()
    startup.register_wizard_test_print(data_dir)  # the set-up wizard's 「テスト印刷」 prints through CUPS
    _quit_after(args.quit_after)
    _check_settings(data_dir, full_screen=not args.windowed)
    if not _first_run(data_dir, locked=not args.windowed):
        return {"ok": False, "data_dir": str(data_dir), "setup_done": False}
    settings = KioskSettings.load(data_dir)
    config = TerminalConfig.load(data_dir)
    url = context.mesh_url(args) or config.mesh_url
    store = workflow.open_store(data_dir)
    client = None
    if url:
        # lazy: the HTTP client (httpx) loads only for a terminal with a mesh
        from sync.client import SyncClient

        client = SyncClient(store, url)
    note = None if url else "役所サーバ未設定 / no mesh configured"
    try:
        services = KioskServices(
            card_source=card_source(args.reader or settings.reader), store=store, data_dir=data_dir,
            terminal_id=config.terminal_id, site=_site(args, config), sync_client=client, note=note,
            print_forms=True, sync_ms=NODE_SYNC_MS if config.via_node else SYNC_MS,
            locked=not args.windowed, **_shell(data_dir))
        _quit_after(args.quit_after)
        code = startup.run(services)
        status = store.status()
    finally:
        if client is not None:
            client.close()
        store.close()
    return {"ok": code == 0, "data_dir": str(data_dir), **status}
