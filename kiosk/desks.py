"""The kiosk's desks, registered in one place: their names in the order the start screen shows
them, how each is built from the window (kiosk.ui.desk.DeskHost) and the kiosk's services, and
whether it is built once the window's first screen is painted and the window is active
(kiosk.app._WhenShown) or the first time it is opened.
Each desk's modules are imported by its builder, so the first screen (staff sign-in, the start
screen) is shown before any desk's code is loaded.

A new desk is a package (kiosk/<name>/ with its rules and a ui/ with its screens and its
`kiosk_desk.py`, the kiosk.ui.desk.Desk the window drives) plus one entry here; its staff right is
"desk.<name>" (kiosk.shell.staff) and its button on the start screen says text("desk.<name>").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from kiosk.services import KioskServices
    from kiosk.ui.desk import Desk, DeskHost


@dataclass(frozen=True)
class DeskEntry:
    name: str
    build: Callable[[DeskHost, KioskServices], Desk]
    on_first_open: bool = False   # built when first opened, not once the first screen is painted


def counter(host: DeskHost, services: KioskServices) -> Desk:
    # lazy: the counter desk's modules (its controller, forms, the store's rules) are about 0.4 s of
    # imports, loaded after the first screen is painted (kiosk.app.MainWindow)
    from kiosk.counter.ui.kiosk_desk import CounterKioskDesk

    return CounterKioskDesk(host, submit_visit=services.submit_visit, data_dir=services.data_dir,
                            form_id=services.form_id, demo=services.demo_card is not None,
                            second_screen=services.second_screen, site=services.site or "", parent=host)


def shelter(host: DeskHost, services: KioskServices) -> Desk:
    # lazy: as the counter's, loaded after the first screen is painted
    from kiosk.shelter.ui.kiosk_desk import ShelterKioskDesk

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
