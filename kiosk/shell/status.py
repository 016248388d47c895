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
window's note (status_note). Words, never a colour alone.


The bar stays one or two lines along the bottom of the window at every width and text size: its
words grow with the resident's text size only up to theme.STATUS_MAX_SCALE, not at all on a narrow
window (theme.status_pt; it is the staff's
information, and the room is the resident's), each item is kept whole on its line (never broken
inside a word: 「未/サ/イ」), and the items flow onto a second line when one line cannot hold them
(`StatusLine`); what a second line cannot hold (the window's note, last) is shortened with 「…」 or
left out, as is an item wider than the whole bar (its tooltip and accessible name keep all of it).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

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


class StatusLine(QWidget):
    """The status items side by side, each whole on its line, flowing onto as many lines as the
    width needs (one, or two on a narrow window or at large text): its height follows its width,
    set each time it is laid out, so the status bar under it never grows past what its lines need."""

    GAP = 16
    MAX_LINES = 2
    LEAST_PX = 80   # an item with less room than this at the end of the last line is left out

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("status_line")
        self.items: list[QLabel] = []
        self._lines = 1

    def add(self, item: QLabel) -> None:
        item.setParent(self)
        item.setWordWrap(False)
        self.items.append(item)

    def relayout(self) -> None:
        """Place every item with words in lines of the width there is; an item wider than a whole
        line is cut short with 「…」 (drawn only: its value, name and tooltip stay whole)."""
        width = max(1, self.width())
        shown = [item for item in self.items if getattr(item, "value", item.text)()]
        for item in self.items:
            item.setVisible(item in shown)
        x, y, line_height, lines = 0, 0, 0, 1
        for item in shown:
            _full_text(item)
            need = item.sizeHint()
            w = need.width()
            if x > 0 and x + w > width:
                if lines == self.MAX_LINES:   # no third line: what is left of the last one, or nothing
                    if width - x < self.LEAST_PX:
                        item.setVisible(False)
                        continue
                    _elide(item, width - x)
                    w = width - x
                else:
                    x, y, lines = 0, y + line_height, lines + 1
            if w > width:   # alone on its line and still too wide: shortened, never broken
                _elide(item, width)
                w = width
            item.setGeometry(x, y, w, need.height())
            line_height = max(line_height, need.height())
            x += w + self.GAP
        height = y + line_height
        if self.height() != height or self.minimumHeight() != height:
            self.setFixedHeight(height)
        self._lines = lines

    def lines(self) -> int:
        return self._lines

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self.relayout()


def _full_text(item: QLabel) -> None:
    """A shortened item shows all its words again (ValueLabel keeps them: value())."""
    if getattr(item, "_elided", False):
        item._elided = False
        item.setText(item.value())


def _elide(item: QLabel, width: int) -> None:
    """The item's words shortened with 「…」 so that the item (its words, padding and border, as its
    size hint has them in its own style-sheet font) is at most `width` px wide."""
    item.ensurePolished()
    value = item.value()
    room = width - 2 * 12 - 4   # the style sheet's padding of a status item
    for _ in range(3):          # … less what the label adds around its words, measured
        short = QFontMetrics(item.font()).elidedText(value, Qt.TextElideMode.ElideRight, max(0, room))
        item.setText(short)    # what is drawn …
        over = item.sizeHint().width() - width
        if over <= 0:
            break
        room -= over
    item._value = value        # … while its value stays whole (kiosk.ui.labels.ValueLabel)
    item._elided = True


class StatusPanel:
    """Fills a QStatusBar with one line: the reader and the card, the mesh (online, waiting, last
    sync), the staff signed in, and the window's note. One line (about 34 px) so that every desk
    keeps its room on a 1280×800 screen; the staff menu's button is on the start screen."""

    def __init__(self, bar: QStatusBar, note: str | None = None) -> None:
        self.bar = bar
        bar.setSizeGripEnabled(False)  # a kiosk window is never resized by hand
        bar.setContentsMargins(8, 0, 8, 4)
        self.line = StatusLine()
        # the words' size for the window's width (theme.status_pt; the bar's own sheet wins over the
        # application's)
        self.line.setStyleSheet(f"QLabel {{ font-size: {theme.status_pt()}pt; }}")
        bar.addWidget(self.line, 1)
        self.labels = {}
        for name in ("card", "sync", "notice", "staff"):
            widget = plain(wrap=False)   # whole on its line (StatusLine flows the items)
            widget.setObjectName(f"status_{name}")
            self.line.add(widget)
            self.labels[name] = widget
        self.note = plain(note or "", wrap=False)
        self.note.setObjectName("status_note")
        self.line.add(self.note)
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
        widget._elided = False
        self.line.relayout()

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
