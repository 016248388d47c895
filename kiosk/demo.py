"""What `kazasu demo` sets up around the window, without Qt: the demo card, pcscd, the embedded mesh.

The demo's mesh (`start_demo_mesh`) is the only in-product user of the demo mode (`mesh serve
--allow-unsigned-demo`): its terminal is not enrolled, so the mesh accepts unsigned events and requests
without credentials; it listens on loopback only, warns at start, and /v1/health says so.

The emulated card for kiosk/data/demo_person.json is plugged into pcscd through vpcd when pcscd runs
(if pcscd is installed but not running and we are root, a `pcscd --foreground` child is started and
stopped on exit). When that cannot be had, the card is used in-process and the status bar says so.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from devices.emulator import CardHolder, MyNumberCard, VpcdLink
from devices.emulator.vpcd import port_for_slot, reader_for_slot
from kiosk.cards.source import DemoCard, InProcessCardSource, PcscCardSource

logger = logging.getLogger(__name__)

DEMO_PERSON = Path(__file__).resolve().parent / "data" / "demo_person.json"
PCSCD_SOCKET = Path("/run/pcscd/pcscd.comm")
PCSCD_START_S = 5.0
READER_WAIT_S = 3.0


@dataclass
class DemoCardSetup:
    source: object
    demo_card: DemoCard
    note: str
    pcscd_child: subprocess.Popen | None = None
    link: object | None = None
    _closed: bool = field(default=False, repr=False)

    def close(self) -> None:
        """Pull the card, and stop the pcscd child if we started one."""
        if self._closed:
            return
        self._closed = True
        try:
            self.demo_card.remove()
        except Exception:  # best effort at exit
            logger.debug("removing the demo card failed", exc_info=True)
        if self.pcscd_child is not None and self.pcscd_child.poll() is None:
            self.pcscd_child.terminate()
            try:
                self.pcscd_child.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.pcscd_child.kill()


def pcscd_available() -> bool:
    """True when a pcscd answers (a context can be established)."""
    if not PCSCD_SOCKET.exists():
        return False
    try:
        # lazy: a pyscard that cannot load means no pcscd here, and the demo card goes in-process
        from devices.pcsc import list_readers

        list_readers()
        return True
    except Exception:
        return False


def start_pcscd() -> subprocess.Popen | None:
    """Start `pcscd --foreground` as our child when it is installed and we are root."""
    binary = shutil.which("pcscd") or ("/usr/sbin/pcscd" if Path("/usr/sbin/pcscd").exists() else None)
    if binary is None or os.geteuid() != 0:
        return None
    child = subprocess.Popen([binary, "--foreground"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + PCSCD_START_S
    while time.monotonic() < deadline:
        if pcscd_available():
            logger.info("started pcscd (pid %d) for the demo", child.pid)
            return child
        if child.poll() is not None:
            return None
        time.sleep(0.05)
    child.terminate()
    return None


def _reader_listed(reader: str) -> bool:
    # lazy: pyscard only when the demo card goes through pcscd (not for --no-pcscd)
    from devices.pcsc import list_readers

    deadline = time.monotonic() + READER_WAIT_S
    while time.monotonic() < deadline:
        if any(r.name == reader for r in list_readers()):
            return True
        time.sleep(0.1)
    return False


def set_up_demo_card(person_file: Path = DEMO_PERSON, slot: int = 0,
                     allow_pcscd: bool = True) -> DemoCardSetup:
    """The demo card through pcscd + vpcd on `slot` if possible, else in-process."""
    card = MyNumberCard(CardHolder.load(person_file))
    child = None
    if allow_pcscd:
        try:
            if not pcscd_available():
                child = start_pcscd()
            if pcscd_available():
                reader = reader_for_slot(slot)
                if _reader_listed(reader):
                    link = VpcdLink(card, port=port_for_slot(slot))
                    note = f"デモ: pcscd + vpcd ({reader})"
                    return DemoCardSetup(PcscCardSource(reader), DemoCard(card, link=link), note, child,
                                         link)
        except Exception:
            logger.warning("pcscd could not be used for the demo card", exc_info=True)
    if child is not None and child.poll() is None:
        child.terminate()
    inprocess = InProcessCardSource(card)
    note = "デモ: pcscd なし（内蔵カード）/ demo: no pcscd, in-process card"
    return DemoCardSetup(inprocess, DemoCard(card, inprocess=inprocess), note)


def start_demo_mesh(demo_dir: Path):
    """The demo's mesh on SQLite in the demo folder, on a free loopback port, in demo mode; started."""
    # lazy: uvicorn and FastAPI load only when the demo starts its mesh
    from sync.mesh.embedded import EmbeddedMesh

    return EmbeddedMesh(f"sqlite:///{demo_dir / 'mesh.db'}", allow_unsigned=True).start()
