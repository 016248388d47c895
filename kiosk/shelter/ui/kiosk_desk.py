"""The shelter reception as the kiosk window drives it (the kiosk.ui.desk.Desk protocol).

The desk (desk.py) reads cards on the kiosk's card thread and asks the kiosk's staff session
what the role may do. Idle (kiosk.ui.desk.WarnedIdleDesk): `idle_warn_s` before its time without
a touch (kiosk.json's `desk_idle_s`, else `idle_s`) 「まだお使いですか？」 shows over the desk with the
seconds left; 「続ける」 keeps everything typed (a family half typed) and the focus; unanswered, the
desk forgets everyone shown and the kiosk goes back to the start screen, as when staff press 戻る.
In `kazasu demo` the desk has 「デモカードで受付」 (the demo card put on the reader, then read); leaving
the desk takes it off.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject

from kiosk.shelter.card import card_reader
from kiosk.shelter.ui.desk import ShelterDesk
from kiosk.ui.desk import DeskHost, WarnedIdleDesk


class ShelterKioskDesk(WarnedIdleDesk):
    name = "shelter"

    def __init__(self, host: DeskHost, *, store, site: str, terminal: str, card_source, data_dir: Path,
                 parent: QObject | None = None) -> None:
        demo = getattr(host.card, "has_demo_card", False)   # kazasu demo: 「デモカードで受付」
        widget = ShelterDesk(store, site, terminal, read_card=card_reader(card_source, data_dir),
                             runner=host.card, may=host.may, insert_demo=host.card.demo_card_then if demo else None)
        super().__init__(host, widget, widget.forget, parent)
        self.demo = demo

    def forget(self) -> None:
        super().forget()
        if self.demo:
            self.host.card.remove_demo()   # the demo card off the reader with the person
