"""The shelter reception as the kiosk window drives it (the kiosk.ui.desk.Desk protocol).

The desk (desk.py) reads cards on the kiosk's card thread and asks the kiosk's staff session
what the role may do. Idle: a plain timer, no warning (kiosk.ui.desk.PlainIdleDesk): after its time
without a touch (kiosk.json's `desk_idle_s`, else `idle_s`) the desk forgets everyone shown and the
kiosk goes back to the start screen, as when staff press 戻る.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject

from kiosk.shelter.card import card_reader
from kiosk.shelter.ui.desk import ShelterDesk
from kiosk.ui.desk import DeskHost, PlainIdleDesk


class ShelterKioskDesk(PlainIdleDesk):
    name = "shelter"

    def __init__(self, host: DeskHost, *, store, site: str, terminal: str, card_source, data_dir: Path,
                 parent: QObject | None = None) -> None:
        widget = ShelterDesk(store, site, terminal, read_card=card_reader(card_source, data_dir),
                             runner=host.card, may=host.may)
        super().__init__(host, widget, widget.forget, parent)
