"""The library desk as the kiosk window drives it (the kiosk.ui.desk.Desk protocol).

Built the first time the library is opened (kiosk.desks): the desk pulls in reportlab's barcode
modules for its cards, which a terminal that never opens it does not load. The desk (desk.py) finds
patrons by a tap on the kiosk's card thread (`kiosk.library.reader.tap_identifier`, with the
card link provider of library.json), registers them from the card and takes barcode scans through
its own application-wide wedge. Idle (kiosk.ui.desk.WarnedIdleDesk): 「まだお使いですか？」 with the
seconds left first, 「続ける」 keeps the patron, the loans and what was typed; unanswered, the desk
forgets the patron and the kiosk goes back to the start screen, as after 終了.
With an `ils` part in library.json the desk is the ILS mode's (kiosk.library.ui.ils_desk: SIP2
to the library's own system).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject

from kiosk.library.config import LibraryConfig
from kiosk.library.ils import IlsDesk
from kiosk.library.link import provider_for
from kiosk.library.reader import link_reader, tap_identifier
from kiosk.library.ui.desk import LibraryDesk
from kiosk.library.ui.ils_desk import IlsLibraryDesk
from kiosk.ui.desk import DeskHost, WarnedIdleDesk


class LibraryKioskDesk(WarnedIdleDesk):
    name = "library"

    def __init__(self, host: DeskHost, *, store, site: str, terminal: str, card_source, data_dir: Path,
                 parent: QObject | None = None) -> None:
        config = LibraryConfig.load(data_dir=data_dir)
        identify = tap_identifier(card_source, provider_for(config, data_dir))
        if config.ils is not None:      # ILS mode: SIP2 to the library's own system
            provider = provider_for(config, data_dir)
            widget = IlsLibraryDesk(IlsDesk(store, site, terminal, config), identify, runner=host.card,
                                    link_card=link_reader(card_source, provider))
        else:
            demo = getattr(host.card, "has_demo_card", False)   # kazasu demo: 「デモカードをかざす」
            widget = LibraryDesk(store, site, terminal, identify, runner=host.card, config=config,
                                 card_source=card_source, data_dir=data_dir,
                                 insert_demo=host.card.demo_card_then if demo else None,
                                 remove_demo=host.card.remove_demo if demo else None)
        super().__init__(host, widget, widget.clear, parent)

    def shutdown(self) -> None:
        super().shutdown()
        self.widget.wedge.uninstall()   # the desk's scanner input, application-wide
        if isinstance(self.widget, IlsLibraryDesk):
            self.widget.shutdown()      # its SIP2 thread and connection
