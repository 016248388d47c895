"""Shared fixtures: the fictitious people, and an emulated My Number card plugged into the real pcscd.

`pcsc_card(person_dict, slot=0)` starts a VpcdLink for a MyNumberCard, waits until pyscard sees the
card on that reader and returns (card, reader_name); the card is pulled at teardown.
`pcsc_card.token(kind, uid, slot=0)` does the same for a FeliCa / Type A token card, and
`pcsc_card.plug(card, slot=0)` for any emulated card object. Without pcscd
the fixture fails with a clear message (it skips only when KAZASU_ALLOW_NO_PCSCD=1).

`kazasu` runs the command line on the test's data folder (tmp_path/"data"), in process or as a real
process: tests/cli_runner.py.

Pictures go to an output folder, never docs/ (tests/shots.py); a test that takes one is marked
`@pytest.mark.shots`, or it fails, so that `make screenshots` retakes them all.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PCSCD_SOCKET = Path("/run/pcscd/pcscd.comm")
PRESENCE_TIMEOUT_S = 3.0

# Offscreen Qt gets one screen of the size the kiosk's screens were drawn for (1280×800) instead of
# the plugin's default: kiosk.app.run fits its window to its screen (kiosk.ui.screen_fit). Set
# before any QApplication is made; a test wanting other screens passes its own configfile.
if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={FIXTURES / 'offscreen-1280x800.json'}"


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "shots: takes pictures for docs/ (tests/shots.py; `make screenshots`)")


@pytest.fixture(autouse=True)
def pictures_are_marked(request):
    """A test that saved a picture (tests/shots.py) must carry the `shots` marker."""
    from tests import shots

    before = len(shots.taken)
    yield
    if len(shots.taken) > before and request.node.get_closest_marker("shots") is None:
        names = ", ".join(p.name for p in shots.taken[before:][:3])
        pytest.fail(f"this test takes pictures ({names}) but is not marked @pytest.mark.shots, so "
                    "`make screenshots` would not retake them", pytrace=False)


@pytest.fixture
def kazasu(tmp_path):
    """The `kazasu` command line with --json on tmp_path/"data" (tests/cli_runner.py)."""
    from tests.cli_runner import Kazasu

    return Kazasu(data_dir=tmp_path / "data")


@pytest.fixture(scope="session")
def people() -> list[dict]:
    return json.loads((FIXTURES / "people.json").read_text(encoding="utf-8"))["people"]


def wait_for_presence(reader: str, present: bool, timeout: float = PRESENCE_TIMEOUT_S) -> bool:
    from devices.pcsc import wait_for_presence as wait

    return wait(reader, present, timeout)


def unpowered(card, timeout: float = 3.0) -> bool:
    """True once the emulated card holds no verified PIN any more (fails after `timeout` seconds).

    Closing a PC/SC session unpowers the card, but the power-off travels through pcscd and vpcd to
    the emulator's thread without an answer, so a test waits for it (bounded) before checking.
    """
    from tests.waiting import wait_until

    return wait_until(lambda: not card.verified, timeout, "the card to be unpowered (no verified PIN)")


def require_pcscd() -> None:
    if PCSCD_SOCKET.exists():
        return
    message = (f"pcscd is not running ({PCSCD_SOCKET} is missing). Start it with `pcscd --foreground &` "
               "or run the tests through scripts/test.sh; set KAZASU_ALLOW_NO_PCSCD=1 to skip instead.")
    if os.environ.get("KAZASU_ALLOW_NO_PCSCD") == "1":
        pytest.skip(message)
    pytest.fail(message)


def reseat(link) -> None:
    from devices.emulator.vpcd import PCSCD_POLL_SETTLE_S

    link.remove()
    time.sleep(PCSCD_POLL_SETTLE_S)   # the behaviour itself: out long enough for pcscd's 400 ms poller
    link.insert()


class PcscCardFactory:
    """Callable fixture object: plugs emulated cards into vpcd slots and pulls them at teardown."""

    def __init__(self) -> None:
        self.links: dict[int, object] = {}

    def __call__(self, person: dict, slot: int = 0):
        from devices.emulator import CardHolder, MyNumberCard

        return self.plug(MyNumberCard(CardHolder.from_dict(person)), slot)

    def token(self, kind: str = "felica", uid: bytes | None = None, slot: int = 0):
        """Plug an emulated FeliCa / Type A token card (PC/SC Part 3 ATR, answers GET DATA)."""
        from devices.emulator import TokenCard

        return self.plug(TokenCard(kind, uid), slot)

    def plug(self, card, slot: int = 0):
        """Plug any emulated card (its `atr` attribute, if any, is what pcscd reports)."""
        from devices.emulator import VpcdLink
        from devices.emulator.vpcd import port_for_slot, reader_for_slot

        reader = reader_for_slot(slot)
        self.pull(slot)
        extra = {"atr": card.atr} if getattr(card, "atr", None) else {}
        link = VpcdLink(card, port=port_for_slot(slot), **extra).start()
        self.links[slot] = link
        if not wait_for_presence(reader, True, PRESENCE_TIMEOUT_S / 2):
            reseat(link)  # pcscd may have missed an earlier removal: pull the card long enough, push again
        if not wait_for_presence(reader, True):
            pytest.fail(f"pcscd did not see the emulated card on {reader} within {PRESENCE_TIMEOUT_S} s")
        return card, reader

    def link(self, slot: int = 0):
        return self.links[slot]

    def pull(self, slot: int) -> None:
        from devices.emulator.vpcd import PCSCD_POLL_SETTLE_S, reader_for_slot

        link = self.links.pop(slot, None)
        if link is not None:
            link.stop()
            wait_for_presence(reader_for_slot(slot), False)
            time.sleep(PCSCD_POLL_SETTLE_S)  # let pcscd's poller see the empty reader

    def close(self) -> None:
        for slot in list(self.links):
            self.pull(slot)


@pytest.fixture
def pcscd() -> None:
    """Fails (or skips with KAZASU_ALLOW_NO_PCSCD=1) when pcscd is not running."""
    require_pcscd()


@pytest.fixture
def pcsc_card(pcscd):
    factory = PcscCardFactory()
    try:
        yield factory
    finally:
        factory.close()
