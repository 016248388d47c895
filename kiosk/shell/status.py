"""The status bar on every screen: reader connected or not, card present, online or offline, events
waiting, last sync, who is signed in (the staff menu with "sync now" is behind 係員メニュー on the
start screen).

It only shows what it is told: the card worker reports the reader and the card, the sync loop the queue
(`{"pending", "online", "last_sync", "lost", "quarantined", "error"}`: kiosk.shell.sync_service), the
session the staff, and the newest notice to staff the municipality published (status_notice, its own
words: sync.published; hidden when there is none). Lost records, unreadable ones set aside, a full disk,
a damaged database and a wrong key are said in words on the sync item, first, for as long as they last.
Three items (status_card: reader and card; status_sync: online, waiting, last sync; status_staff) on the
one line in the language shown now (Japanese; the resident's choice of English, やさしい日本語… while they are
served, kiosk.ui.i18n), with both lines of each item as its accessible name and tooltip, then the
window's note (status_note). Words, never a colour alone."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QStatusBar

from kiosk.messages import Bilingual
from kiosk.shell.texts import PROBLEM_CODES, t
from kiosk.ui import i18n, theme
from kiosk.ui.labels import plain


def local_time(iso: str | None) -> str | None:
    """'14:05' for an ISO time today (local clock), '11/22 14:05' for another day."""
    if not iso:
        return None
    try:
        when = dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return None
    now = dt.datetime.now().astimezone()
    return when.strftime("%H:%M" if when.date() == now.date() else "%m/%d %H:%M")


EASY_JAPANESE = "ja_easy"  # kiosk.ui.i18n's code of やさしい日本語


def notice_words(notice: dict) -> Bilingual:
    """The newest notice to staff in the municipality's own words: Japanese (やさしい日本語 when it
    sent that and it is shown now), English."""
    easy = notice.get("ja_easy") if i18n.current() == EASY_JAPANESE else None
    pair = t("status.notice", text=easy or notice.get("ja", ""))
    return Bilingual(pair.ja, t("status.notice", text=notice.get("en", "")).en)


class _LanguageRelay(QObject):
    """Shows the panel again in a new language; a child of the bar, so a window that is gone is
    never called."""

    def __init__(self, panel: "StatusPanel", bar: QStatusBar) -> None:
        super().__init__(bar)
        self.panel = panel

    @Slot(str)
    def changed(self, _code: str) -> None:
        self.panel._show()


class StatusPanel:
    """Fills a QStatusBar with one line: the reader and the card, the mesh (online, waiting, last
    sync), the staff signed in, and the window's note. One line (about 34 px) so that every desk
    keeps its room on a 1280×800 screen; the staff menu's button is on the start screen."""

    def __init__(self, bar: QStatusBar, note: str | None = None) -> None:
        self.bar = bar
        bar.setSizeGripEnabled(False)  # a kiosk window is never resized by hand
        bar.setContentsMargins(8, 0, 8, 4)
        self.labels = {}
        for name, stretch in (("card", 3), ("sync", 4), ("notice", 3), ("staff", 1)):
            widget = plain(wrap=theme.text_scale > 1)   # large text: an item may take two lines
            widget.setObjectName(f"status_{name}")
            bar.addWidget(widget, stretch)
            self.labels[name] = widget
        self.note = plain(note or "", wrap=False)
        self.note.setObjectName("status_note")
        bar.addPermanentWidget(self.note)
        self.reader: tuple[bool | None, str | None] = (None, None)
        self.present = False
        self.sync: dict = {"pending": 0, "online": None, "last_sync": None}
        self.staff: tuple[str | None, bool] = (None, False)
        self._relay = _LanguageRelay(self, bar)   # dies with the bar, and with it the connection
        i18n.hub().changed.connect(self._relay.changed)
        self._show()

    def text(self, name: str) -> str:
        """What an item says, Japanese and English."""
        return self.labels[name].accessibleName()

    def set_reader(self, connected: bool | None, name: str | None) -> None:
        self.reader = (connected, name)
        self._show()

    def set_card(self, present: bool) -> None:
        self.present = present
        self._show()

    def set_sync(self, status: dict) -> None:
        self.sync = {**self.sync, **{k: v for k, v in status.items() if v is not None}}
        if "error" in status:  # the loop says when an error is over
            self.sync["error"] = status["error"]
        self._show()

    def set_staff(self, staff_id: str | None, open_mode: bool = False) -> None:
        self.staff = (staff_id, open_mode)
        self._show()

    def _put(self, name: str, pairs: list[Bilingual]) -> None:
        """The first line of each pair on the bar (one line must hold everything at 1280 px), both
        lines in the accessible name and the tooltip."""
        shown = [i18n.shown(pair) for pair in pairs]
        sep = "・" if i18n.current().startswith(i18n.JAPANESE) else " · "
        first = sep.join(words for words, _ in shown)
        both = f"{first} / {' · '.join(words for _, words in shown)}" if shown else ""
        widget = self.labels[name]
        widget.setText(first)
        widget.setAccessibleName(both)
        widget.setToolTip(both)

    def _show(self) -> None:
        connected, name = self.reader
        reader = t("status.reader_none") if connected is False else t("status.reader_ok", name=name or "—")
        card = t("status.card_yes" if self.present else "status.card_no")
        self._put("card", [reader, card])
        online = self.sync.get("online")
        net = t("status.unknown" if online is None else "status.online" if online else "status.offline")
        queue = t("status.pending", n=self.sync.get("pending") or 0)
        when = local_time(self.sync.get("last_sync"))
        last = t("status.last_sync", time=when) if when else t("status.never")
        problems = [t(f"status.{key}", n=self.sync[key]) for key in ("lost", "quarantined")
                    if self.sync.get(key)]
        if self.sync.get("error") in PROBLEM_CODES:
            problems.insert(0, t(f"status.{self.sync['error']}"))
        self._put("sync", [*problems, net, queue, last])
        notices = self.sync.get("notices") or []
        self._put("notice", [notice_words(notices[0])] if notices else [])
        self.labels["notice"].setVisible(bool(notices))
        staff_id, open_mode = self.staff
        self._put("staff", [t("status.staff", staff=staff_id)] if staff_id else
                  [] if open_mode else [t("status.nobody")])
