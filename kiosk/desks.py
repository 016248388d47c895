"""The kiosk's desks, registered in one place: their names in the order the start screen shows
them, how each is built from the window (kiosk.ui.desk.DeskHost) and the kiosk's services, and
whether it is built with the window or the first time it is opened.

A new desk is a package (kiosk/<name>/ with its rules and a ui/ with its screens and its
`kiosk_desk.py`, the kiosk.ui.desk.Desk the window drives) plus one entry here; its staff right is
"desk.<name>" (kiosk.shell.staff) and its button on the start screen says text("desk.<name>").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from kiosk.counter.ui.kiosk_desk import CounterKioskDesk
from kiosk.services import KioskServices
from kiosk.shelter.ui.kiosk_desk import ShelterKioskDesk
from kiosk.ui.desk import Desk, DeskHost


@dataclass(frozen=True)
class DeskEntry:
    name: str
    build: Callable[[DeskHost, KioskServices], Desk]
    on_first_open: bool = False   # built when first opened, not with the window


def counter(host: DeskHost, services: KioskServices) -> Desk:
    return CounterKioskDesk(host, submit_visit=services.submit_visit, data_dir=services.data_dir,
                            form_id=services.form_id, demo=services.demo_card is not None,
                            second_screen=services.second_screen, site=services.site or "", parent=host)


def shelter(host: DeskHost, services: KioskServices) -> Desk:
    return ShelterKioskDesk(host, store=services.store, site=services.site, terminal=services.terminal_id,
                            card_source=services.card_source, data_dir=services.data_dir, parent=host)


def library(host: DeskHost, services: KioskServices) -> Desk:
    # lazy: the library desk pulls in reportlab's barcode modules (about 0.4 s of the kiosk's start),
    # paid only by a terminal that opens it
    from kiosk.library.ui.kiosk_desk import LibraryKioskDesk

    return LibraryKioskDesk(host, store=services.store, site=services.site, terminal=services.terminal_id,
                            card_source=services.card_source, data_dir=services.data_dir, parent=host)


DESKS: tuple[DeskEntry, ...] = (
    DeskEntry("counter", counter),
    DeskEntry("shelter", shelter),
    DeskEntry("library", library, on_first_open=True),
)
