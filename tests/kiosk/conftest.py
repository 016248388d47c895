"""Fixtures for the kiosk tests: the kiosk theme on pytest-qt's QApplication, the emulated card on
vpcd slot 1 (reader `Virtual PCD 00 01`, port 35964) through the REAL pcscd, and one family of
fixtures for what the tests build: a terminal (data folder, store, site, id), a desk's rules, a desk's
screen, the whole kiosk window on it. Pictures: `shoot()` / `save()` (tests/shots.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

SLOT = 1
READER = "Virtual PCD 00 01"


@pytest.fixture(autouse=True)
def kiosk_qapp(qapp):
    from kiosk.ui import theme

    theme.apply(qapp)
    return qapp


def _present(reader: str) -> bool | None:
    from devices.pcsc import list_readers

    for r in list_readers():
        if r.name == reader:
            return r.card_present
    return None


def wait_absent(reader: str, timeout: float = 3.0) -> None:
    """Until pcscd sees no card on `reader` (fails after `timeout` seconds)."""
    from tests.waiting import wait_until

    wait_until(lambda: not _present(reader), timeout, f"no card on {reader}")


@pytest.fixture
def slot1_card(pcscd):
    """make(person) → (card, DemoCard, PcscCardSource) for slot 1; the card starts OUT of the
    reader (the test taps it in) and is pulled at teardown."""
    from devices.emulator import CardHolder, MyNumberCard, VpcdLink
    from devices.emulator.vpcd import port_for_slot
    from kiosk.cards.source import DemoCard, PcscCardSource

    made = []

    def make(person: dict):
        assert _present(READER) is not None, f"{READER} is not known to pcscd"
        wait_absent(READER)
        card = MyNumberCard(CardHolder.from_dict(person))
        link = VpcdLink(card, port=port_for_slot(SLOT))
        demo = DemoCard(card, link=link)
        made.append(demo)
        return card, demo, PcscCardSource(READER)

    yield make
    for demo in made:
        demo.remove()
    wait_absent(READER)


# -- one family of fixtures for terminals, desks and the window ------------------------------------
# `terminal`: a data folder with its event store, a site and a terminal id; `make_desk`: a desk's
# rules (Qt-free) on a terminal; `make_screen`: a desk's Qt screen on the test's terminal, shown at the
# window's size less its status bar; `make_services` / `make_window`: the whole kiosk window on it.
# The desk's kind, the site and the extra arguments of its rules come from each desk's conftest
# (`desk_kind`, `site`, `desk_options`); a test may name another kind.

SITE = "test-site"
TERMINAL = "term-a"
SCREEN_SIZE = (1280, 760)   # the kiosk window less its status bar
WINDOW_SIZE = (1280, 800)


@dataclass
class Terminal:
    """One terminal of a test: its data folder, its event store, its site and terminal id."""

    data_dir: Path
    store: Any
    site: str
    terminal: str
    opened: list = field(default_factory=list, repr=False)

    def open_store(self):
        """Another store on this data folder, as a second process or a restarted kiosk opens it."""
        from sync.store import EventStore

        store = EventStore(self.data_dir / "kazasu.db")
        self.opened.append(store)
        return store

    def close(self) -> None:
        for store in (self.store, *self.opened):
            store.close()


@pytest.fixture
def site() -> str:
    """The site of the test's terminals; each desk's conftest names its own."""
    return SITE


@pytest.fixture
def desk_kind() -> str | None:
    """The desk `make_desk` and `make_screen` build unless told: each desk's conftest names its own."""
    return None


@pytest.fixture
def desk_options() -> dict:
    """More arguments for the desk rules `make_desk` and `make_screen` build (the library's clock)."""
    return {}


@pytest.fixture
def make_terminal(tmp_path, site):
    """make(name) → the Terminal `name` (its folder tmp_path/name, a fresh store): the same one when
    asked again; every store is closed at teardown."""
    made: dict[str, Terminal] = {}

    def make(name: str = TERMINAL) -> Terminal:
        if name not in made:
            from sync.store import EventStore

            folder = tmp_path / name
            made[name] = Terminal(folder, EventStore(folder / "kazasu.db"), site, name)
        return made[name]

    yield make
    for terminal in made.values():
        terminal.close()


@pytest.fixture
def terminal(make_terminal) -> Terminal:
    """The test's terminal (TERMINAL): the one the desks, screens and window of the test work on."""
    return make_terminal()


@pytest.fixture
def make_desk(make_terminal, desk_kind, desk_options):
    """make(name, kind=…, **options) → the rules of a desk (kiosk.shelter.desk / kiosk.library.desk,
    no Qt) on the terminal `name`."""

    def make(name: str = TERMINAL, *, kind: str | None = None, **options):
        kind = kind or desk_kind
        on = make_terminal(name)
        options = {**desk_options, **options}
        if kind == "shelter":
            from kiosk.shelter.desk import ShelterDesk

            return ShelterDesk(on.store, site=on.site, terminal=on.terminal, **options)
        if kind == "library":
            from kiosk.library.desk import LibraryDesk

            if options.get("config") is None:
                options.pop("config", None)   # the desk's own default: the library's configuration
            return LibraryDesk(on.store, on.site, on.terminal, **options)
        raise ValueError(f"no desk rules of kind {kind!r}")

    return make


@pytest.fixture
def card_tasks():
    """The card thread, as the kiosk has one (kiosk.ui.card_thread: card work off the UI thread), with
    no card source of its own (no polling): the screens hand it their card work; stopped at teardown."""
    from kiosk.ui.card_thread import CardThread

    runner = CardThread()
    yield runner
    runner.stop()


@pytest.fixture
def make_screen(qtbot, terminal, desk_kind, desk_options):
    """make(kind=…, holder=qtbot, size=SCREEN_SIZE, **options) → the Qt screen of a desk
    (kiosk.<kind>.ui.desk) on the test's terminal, shown; `options` are the screen's own (runner,
    read_card; the library's identify_card, card_source, data_dir). `holder` keeps the widget (qtbot,
    or a Keeper that deletes it before the theme is set back)."""
    from shiboken6 import isValid

    built = []

    def make(kind: str | None = None, *, holder=None, size: tuple[int, int] = SCREEN_SIZE, **options):
        kind = kind or desk_kind
        if kind == "shelter":
            from kiosk.shelter.ui.desk import ShelterDesk

            widget = ShelterDesk(terminal.store, terminal.site, terminal.terminal, **options)
        elif kind == "library":
            from kiosk.library.ui.desk import LibraryDesk

            identify = options.pop("identify_card")
            widget = LibraryDesk(terminal.store, terminal.site, terminal.terminal, identify, **options)
            if "today" in desk_options:
                widget.desk.today = desk_options["today"]
        else:
            raise ValueError(f"no desk screen of kind {kind!r}")
        (holder or qtbot).addWidget(widget)
        widget.resize(*size)
        widget.show()
        qtbot.waitExposed(widget)
        built.append(widget)
        return widget

    yield make
    for widget in built:   # the library's barcode wedge filters the application's keys: take it out
        wedge = getattr(widget, "wedge", None)
        if wedge is not None and isValid(wedge):
            wedge.uninstall()


@pytest.fixture
def make_services(terminal):
    """make(source, demo_card, **services) → KioskServices on the test's terminal (its folder, site
    and id, a store of its own), no mesh, the sync pass once a minute; `services` override."""

    def make(source=None, demo_card=None, **services):
        from kiosk.services import KioskServices

        values = {"note": "test", "sync_ms": 60_000, **services}
        return KioskServices(card_source=source, store=terminal.open_store(), data_dir=terminal.data_dir,
                             terminal_id=terminal.terminal, site=terminal.site, demo_card=demo_card,
                             **values)

    return make


@pytest.fixture
def make_window(qtbot, make_services):
    """make(source, demo_card, **services) → the kiosk's MainWindow on the test's terminal
    (make_services), 1280×800 and shown, its desks built (kiosk.app builds them once the first screen
    is painted: a test does not race that build, as staff signing in never do); shut down at
    teardown."""
    from kiosk.app import MainWindow

    windows = []

    def make(source=None, demo_card=None, **services):
        window = MainWindow(make_services(source, demo_card, **services))
        qtbot.addWidget(window)
        window.resize(*WINDOW_SIZE)
        window.show()
        windows.append(window)
        qtbot.waitUntil(window.desks_ready, timeout=20_000)
        return window

    yield make
    for window in windows:
        window.exiting = True   # a kiosk-mode window refuses to close otherwise
        window.shutdown()


def assert_text_fits(window) -> None:
    """No visible label or button in the window clips its text or touches the window's edge."""
    from PySide6.QtWidgets import QApplication

    from kiosk.ui import theme
    from tests.kiosk.textfit import text_problems

    QApplication.processEvents()
    assert text_problems(window, padding_y=theme.BUTTON_PAD_Y, border=theme.FOCUS_BORDER) == []


def save(widget, name: str) -> Path:
    """The widget as a picture for docs/screenshots/<name>, in the output folder (tests/shots.py)."""
    from tests import shots

    path = shots.path(name)
    assert widget.grab().save(str(path)), path
    return path


def shoot(widget, name: str) -> Path:
    """Check that every text fits and that the kiosk window still fits a 1280×800 screen (a screen
    whose content needs more makes the window grow, and a real screen would cut it off), then save
    the screenshot (save())."""
    from kiosk.app import MainWindow

    assert_text_fits(widget)
    if isinstance(widget, MainWindow):
        assert (widget.width(), widget.height()) == (1280, 800), \
            f"the kiosk window grew to {widget.width()}×{widget.height()} for {name}"
    return save(widget, name)
