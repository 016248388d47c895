"""Fixtures for the kiosk tests: the kiosk theme on pytest-qt's QApplication, the
emulated card on vpcd slot 1 (reader `Virtual PCD 00 01`, port 35964) through the REAL pcscd, and
a kiosk window wired to it with a fresh data folder."""

from __future__ import annotations

import time
from pathlib import Path

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
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _present(reader):
        time.sleep(0.05)


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


@pytest.fixture
def make_window(qtbot, tmp_path):
    """make(source, demo_card) → MainWindow with a fresh store in tmp_path (no mesh)."""
    from kiosk.app import KioskServices, MainWindow
    from kiosk.counter.visit import open_store

    windows = []

    def make(source, demo_card=None):
        store = open_store(tmp_path)
        services = KioskServices(card_source=source, store=store, data_dir=tmp_path,
                                 terminal_id="term-test", site="test-site", demo_card=demo_card,
                                 note="test", sync_ms=60_000)
        window = MainWindow(services)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
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
