"""The library desk in ILS mode (図書館 貸出・返却 with the library's own system), for librarians.

`IlsLibraryDesk(desk, identify_card, runner=None, wedge=None, tasks=None)` with `desk` a
`kiosk.library.ils.IlsDesk`: a tap (the card thread, `identify_card()` → (kind, token)) or a scanned
patron barcode shows the patron from the ILS (63: name, items charged, overdue, a stop); each scanned
item is checked out, or in 返却 mode checked in; 延長 renews the loan chosen in the list; 利用停止 sends
01 for the patron shown; カード連携 links the card on the reader to the patron shown (`link_card()` on the
card thread, then the ILS checks the barcode: `IlsDesk.link`). The ILS's own words (AF) are shown as
it gives them under the desk's own words, which follow the patron's language (the ILS is asked in it:
014 Japanese, 001 English).

Every SIP2 exchange runs on the desk's own thread (`kiosk.ui.tasks.TaskRunner`, kazasu-library-ils),
never on the UI thread. When the ILS does not answer the desk says so on a banner and goes on
off-line (check-outs with the desk's due date, check-ins) into the outbox; a timer replays it every
REPLAY_MS. 送信待ち・拒否 lists what waits and what the ILS refused (staff: 今すぐ送信, 処理済みにする).
A scan with no patron shown is taken as the patron's barcode (a library card); with a patron shown, as
an item. 次の方 ends the patron's session (35).
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QStackedWidget, QWidget

from kiosk.library.ils import IlsDesk
from kiosk.library.texts import texts
from kiosk.library.ui.desk import DESK_WIDTH, loans_list, patron_label
from kiosk.library.ui.register import fit_heights, share
from kiosk.messages import Bilingual, for_error, text
from kiosk.ui import i18n, theme
from kiosk.ui.barcode_wedge import BarcodeWedge
from kiosk.ui.i18n import one_line
from kiosk.ui.labels import button, label, plain, render, set_bilingual
from kiosk.ui.language import LanguageButton, LanguageChooser
from kiosk.ui.layout import page_scroll, vbox
from kiosk.ui.tasks import TaskRunner

T = texts("library.")
I = texts("library.ils.")   # noqa: E741 (the ILS mode's words)
REPLAY_MS = 30_000
IdentifyCard = Callable[[], tuple[str, str]]
LinkCard = Callable[[], tuple[str, str, str]]      # (kind, token, provider name) of the card on the reader


def first(pair: Bilingual) -> str:
    return i18n.shown(pair)[0]


class IlsLibraryDesk(QWidget):
    exited = Signal()

    def __init__(self, desk: IlsDesk, identify_card: IdentifyCard, runner=None,
                 wedge: BarcodeWedge | None = None, tasks: TaskRunner | None = None,
                 link_card: LinkCard | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("library_ils_desk")
        self.desk = desk
        self.identify_card = identify_card
        self.link_card = link_card
        self.runner = runner
        self.tasks = tasks or TaskRunner(self, name="kazasu-library-ils")
        self.patron: str | None = None
        self.shown: dict[str, Any] | None = None
        self.returning = False
        self._words: Callable[[], str] | None = None
        self.wedge = wedge or BarcodeWedge(self).install()
        self.wedge.scanned.connect(self.on_scan)
        self.wedge.active = self.takes_scans
        self.pages = QStackedWidget(self)
        vbox(self, margins=0, spacing=0).addWidget(self.pages)
        self.language_chooser = LanguageChooser(self)
        self.main = QWidget()
        self.pages.addWidget(self.main)
        self._main_page(self.main)
        self.outbox_page = self._outbox_page()
        self.pages.addWidget(self.outbox_page)
        self.timer = QTimer(self)
        self.timer.setInterval(REPLAY_MS)
        self.timer.timeout.connect(self.replay)
        self.timer.start()
        self._banner()

    # -- pages --------------------------------------------------------------------------------------
    def _main_page(self, page: QWidget) -> None:
        outer = vbox(page, margins=24, spacing=12)
        shown = QWidget()
        layout = vbox(shown, margins=0, spacing=12)
        self.main_scroll = page_scroll(shown, steady=True)
        outer.addWidget(self.main_scroll, 1)
        header = QHBoxLayout()
        header.addWidget(label(I["title"], "title"), 1)
        self.language_button = LanguageButton()
        self.language_button.clicked.connect(lambda: self.language_chooser.open_chooser(self.language_button))
        header.addWidget(self.language_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(header)
        self.banner = plain("", "status")
        self.banner.setObjectName("library_ils_banner")
        layout.addWidget(self.banner)
        self.prompt = label(T["scan_patron"])
        layout.addWidget(self.prompt)
        self.patron_line = patron_label()
        layout.addWidget(self.patron_line)
        self.status = plain("", "status")
        self.status.setObjectName("library_status")
        layout.addWidget(self.status)
        self.loans = loans_list()
        layout.addWidget(self.loans, 1)
        staff = QHBoxLayout()
        self.renew_button = button(I["renew"], name="library_renew")
        self.block_button = button(I["block"], name="library_ils_block")
        self.outbox_button = button(I["outbox"], name="library_outbox")
        self.link_button = button(I["link"], name="library_link")
        self.link_button.setVisible(self.link_card is not None)
        self.staff_row = [self.renew_button, self.block_button, self.link_button, self.outbox_button]
        for widget in self.staff_row:
            staff.addWidget(widget)
        # a long line breaks (a longer language, large text) instead of widening the row
        share([w for w in self.staff_row if w is not self.link_button or self.link_card is not None], DESK_WIDTH)
        # large text: the staff's row scrolls under the loans, so the patron and the loans keep the room
        (layout if theme.text_scale > 1 else outer).addLayout(staff)
        row = QHBoxLayout()
        self.tap_button = button(T["tap"], primary=True, name="library_tap")
        self.mode_button = button(T["mode_checkout"], name="library_mode")
        self.mode_button.one_language_large = True   # its long words: the language shown only at large text
        render(self.mode_button)
        self.next_button = button(T["next"], name="library_next")
        self.exit_button = button(T["exit"], name="library_exit")
        self.action_row = [self.tap_button, self.mode_button, self.next_button, self.exit_button]
        for widget in self.action_row:
            row.addWidget(widget)
        share(self.action_row, DESK_WIDTH)
        outer.addLayout(row)
        self.tap_button.clicked.connect(self.on_tap)
        self.mode_button.clicked.connect(self.toggle_mode)
        self.next_button.clicked.connect(self.clear)
        self.exit_button.clicked.connect(self._exit)
        self.renew_button.clicked.connect(self.renew)
        self.block_button.clicked.connect(self.block)
        self.outbox_button.clicked.connect(self.show_outbox)
        self.link_button.clicked.connect(self.link)

    def _outbox_page(self) -> QWidget:
        page = QWidget()
        layout = vbox(page, margins=24, spacing=12)
        layout.addWidget(label(I["outbox_title"], "title"))
        self.outbox_status = plain("", "status")
        self.outbox_status.setObjectName("library_outbox_status")
        layout.addWidget(self.outbox_status)
        self.outbox_list = QListWidget()
        self.outbox_list.setObjectName("library_outbox_list")
        self.outbox_list.setWordWrap(True)
        self.outbox_list.setAccessibleName(f"{I['outbox'].ja} / {I['outbox'].en}")
        layout.addWidget(self.outbox_list, 1)
        row = QHBoxLayout()
        self.replay_button = button(I["replay"], name="library_replay")
        self.resolve_button = button(I["resolve"], name="library_resolve")
        back = button(T["back"], name="library_outbox_back")
        self.outbox_row = [self.replay_button, self.resolve_button, back]
        for widget in self.outbox_row:
            row.addWidget(widget)
        share(self.outbox_row, DESK_WIDTH)
        layout.addLayout(row)
        self.replay_button.clicked.connect(self.replay)
        self.resolve_button.clicked.connect(self.resolve)
        back.clicked.connect(self._back)
        return page

    # -- work off the UI thread ---------------------------------------------------------------------
    def _ils(self, action: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """`action` (SIP2) on the desk's thread; then `done(result)` or the error's words here."""
        self.desk.language = i18n.current()
        self.tasks.run(action, lambda result: (done(result), self._banner()),
                       lambda exc: (self._error(exc), self._banner()))

    @property
    def busy(self) -> bool:
        return self.tasks.busy

    # -- input --------------------------------------------------------------------------------------
    def takes_scans(self) -> bool:
        return self.isVisible() and self.pages.currentWidget() is self.main

    def on_tap(self) -> None:
        run = self.runner.run if self.runner is not None else _run_now
        if self.runner is not None:
            self.tap_button.setEnabled(False)
        run(self.identify_card, self._tapped, self._tap_failed)

    def _tapped(self, card: tuple[str, str]) -> None:
        self.tap_button.setEnabled(True)
        try:
            barcode = self.desk.identify(*card)
        except Exception as exc:  # noqa: BLE001 (its words are shown)
            self._error(exc)
            return
        self.show_patron(barcode)

    def _tap_failed(self, exc: BaseException) -> None:
        self.tap_button.setEnabled(True)
        self._error(exc)

    def on_scan(self, code: str) -> None:
        if not self.takes_scans():
            return
        code = code.strip()
        if self.returning:
            self._ils(lambda: self.desk.checkin(code), self._checked_in)
        elif self.patron is None:
            self.show_patron(code)
        else:
            patron = self.patron
            self._ils(lambda: self.desk.checkout(patron, code), self._checked_out)

    # -- actions ------------------------------------------------------------------------------------
    def show_patron(self, barcode: str) -> None:
        self.patron = barcode
        self._say(None)
        self._ils(lambda: self.desk.patron(barcode), self._patron_shown)

    def _patron_shown(self, shown: dict[str, Any]) -> None:
        if shown["patron_number"] != self.patron:
            return          # another patron came meanwhile
        self.shown = shown
        self.refresh()
        if shown.get("screen"):
            self._say(lambda: self._with_ils_words(None, shown["screen"]))

    def _checked_out(self, result: dict[str, Any]) -> None:
        key = "library.ils.checked_out_offline" if result["offline"] else "library.checked_out"
        self._say(lambda: self._with_ils_words(text(key, item=result["item"], due=result["due_date"]),
                                               result["screen"], result["print_lines"]))
        self._reload()

    def _checked_in(self, result: dict[str, Any]) -> None:
        key = "library.ils.checked_in_offline" if result["offline"] else "library.checked_in"
        self._say(lambda: self._with_ils_words(text(key, item=result["item"]), result["screen"],
                                               result["print_lines"]))
        self._reload()

    def renew(self) -> None:
        row = self.loans.currentRow()
        items = (self.shown or {}).get("loans", [])
        if self.patron is None or not 0 <= row < len(items):
            self._say(lambda: one_line(I["pick_loan"], "\n"))
            return
        patron, item = self.patron, items[row]
        self._ils(lambda: self.desk.renew(patron, item), self._renewed)

    def _renewed(self, result: dict[str, Any]) -> None:
        self._say(lambda: self._with_ils_words(text("library.ils.renewed", item=result["item"],
                                                    due=result["due_date"]), result["screen"],
                                               result["print_lines"]))
        self._reload()

    def link(self) -> None:
        """カード連携: the card on the reader (a My Number card: its per-service pseudonym) becomes this
        patron's library card; the ILS checks the barcode first. Later a tap finds the patron."""
        if self.patron is None:
            self._say(lambda: one_line(T["no_patron"], "\n"))
            return
        patron = self.patron
        run = self.runner.run if self.runner is not None else _run_now
        run(self.link_card, lambda card: self._ils(lambda: self.desk.link(patron, *card), self._linked),
            self._error)

    def _linked(self, _result: Any) -> None:
        self._say(lambda: one_line(text("library.ils.linked", number=self.patron or ""), "\n"))

    def block(self) -> None:
        if self.patron is None:
            self._say(lambda: one_line(T["no_patron"], "\n"))
            return
        patron = self.patron
        self._ils(lambda: self.desk.block(patron), self._blocked)

    def _blocked(self, result: dict[str, Any]) -> None:
        key = "library.ils.block_queued" if result["offline"] else "library.ils.blocked"
        self._say(lambda: self._with_ils_words(text(key, number=result["patron_number"]),
                                               result.get("screen", [])))
        self._reload()

    def _reload(self) -> None:
        if self.patron is not None:
            patron = self.patron
            self.tasks.run(lambda: self.desk.patron(patron), self._patron_reloaded, lambda exc: None)

    def _patron_reloaded(self, shown: dict[str, Any]) -> None:
        if shown["patron_number"] == self.patron:
            self.shown = shown
            self.refresh()

    def replay(self) -> None:
        if self.tasks.busy:
            return          # a scan is on its way: the next tick
        self.tasks.run(self.desk.replay, self._replayed, lambda exc: self._banner())

    def _replayed(self, result: dict[str, Any]) -> None:
        self._banner()
        if self.pages.currentWidget() is self.outbox_page:
            words = text("library.ils.sent", n=result["sent"]) if result["online"] else \
                text("library.ils.offline", n=result["pending"])
            self.outbox_status.setText(one_line(words, "\n"))
            self._fill_outbox()

    def show_outbox(self) -> None:
        self.outbox_status.setText("")
        self._fill_outbox()
        self.pages.setCurrentWidget(self.outbox_page)

    def _fill_outbox(self) -> None:
        self.outbox_list.clear()
        self._outbox_rows: list[int | None] = []
        for entry in self.desk.pending():
            self.outbox_list.addItem(f"送信待ち / waiting {entry['seq']}: {_what(entry)}")
            self._outbox_rows.append(None)
        for entry in self.desk.refused():
            words = " ".join(entry.get("screen", [])) or "-"
            self.outbox_list.addItem(f"拒否 / refused {entry['seq']}: {_what(entry)}\n"
                                     f"　{I['from_ils'].ja} / {I['from_ils'].en} {words}")
            self._outbox_rows.append(entry["seq"])

    def resolve(self) -> None:
        row = self.outbox_list.currentRow()
        rows = getattr(self, "_outbox_rows", [])
        if 0 <= row < len(rows) and rows[row] is not None:
            self.desk.resolve(rows[row])
        self._fill_outbox()
        self._banner()

    def _back(self) -> None:
        self.outbox_list.clear()
        self.pages.setCurrentWidget(self.main)

    # -- display ------------------------------------------------------------------------------------
    def _banner(self) -> None:
        pending = self.desk.queue.count()
        refused = self.desk.queue.count("refused")
        lines = []
        if not self.desk.online:
            lines.append(one_line(text("library.ils.offline", n=pending), "\n"))
        if refused:
            lines.append(one_line(text("library.ils.refused_count", n=refused), "\n"))
        self.banner.setText("\n".join(lines))
        self.banner.setVisible(bool(lines))

    def refresh(self) -> None:
        self.loans.clear()
        set_bilingual(self.prompt, T["scan_returns"] if self.returning else
                      (T["scan_items"] if self.patron else T["scan_patron"]))
        shown = self.shown
        if self.patron is None or shown is None:
            self.patron_line.setText("")
            return
        if shown["offline"]:
            self.patron_line.setText(first(text("library.ils.patron_offline", number=self.patron)))
            for item in shown["queued"]:
                self.loans.addItem(first(text("library.ils.loan_queued", item=item)))
            return
        line = first(text("library.patron_line", name=shown["name"], number=self.patron, n=len(shown["loans"])))
        if shown.get("overdue"):
            line += "　" + first(text("library.overdue_count", n=len(shown["overdue"])))
        if shown.get("may_borrow") is False:
            line += "　" + first(I["denied"])
        self.patron_line.setText(line)
        overdue = set(shown.get("overdue", []))
        for item in shown["loans"]:
            key = "library.ils.loan_overdue" if item in overdue else "library.ils.loan"
            self.loans.addItem(first(text(key, item=item)))

    def toggle_mode(self) -> None:
        self.set_mode(not self.returning)
        self.refresh()

    def set_mode(self, returning: bool) -> None:
        """貸出 or 返却; the button says the mode now and what a press does (as the desk's own)."""
        self.returning = returning
        self.mode_button._words = (T["mode_checkin"] if returning else T["mode_checkout"], None)
        render(self.mode_button)

    def clear(self) -> None:
        """次の方, 終了 and the kiosk's wipe: the patron's session ends (35 to the ILS), everything
        shown is forgotten, back to Japanese."""
        if self.patron is not None:
            patron = self.patron
            self.tasks.run(lambda: self.desk.end_session(patron), lambda _: None, lambda exc: None)
        self.patron = None
        self.shown = None
        self.set_mode(False)   # the next patron starts at checkout
        self._say(None)
        self.pages.setCurrentWidget(self.main)
        self.refresh()
        self.language_chooser.clear()
        i18n.reset()

    def retranslate_ui(self) -> None:
        fit_heights([*self.staff_row, *self.action_row, *self.outbox_row])
        self.loans.setAccessibleName(one_line(T["loans_name"]))
        self._say(self._words)
        self.refresh()
        self._banner()

    def _with_ils_words(self, own: Bilingual | None, screen: list[str], print_lines: list[str] = ()) -> str:
        """The desk's words (language shown, the other under it), then the ILS's own as it gave them:
        its screen message (AF), then its print lines (AG)."""
        lines = [one_line(own, "\n")] if own is not None else []
        if screen:
            lines.append(first(I["from_ils"]) + " " + " ".join(screen))
        lines += [f"　{line}" for line in print_lines if line.strip()]
        return "\n".join(lines)

    def _say(self, words: Callable[[], str] | None) -> None:
        self._words = words
        self.status.setText(words() if words is not None else "")

    def _error(self, exc: BaseException) -> None:
        details = exc.details() if callable(getattr(exc, "details", None)) else {}
        self._say(lambda: self._with_ils_words(for_error(exc), list(details.get("screen", [])),
                                               list(details.get("print_lines", []))))

    def _exit(self) -> None:
        self.clear()
        self.exited.emit()

    def shutdown(self) -> None:
        self.timer.stop()
        self.tasks.stop()
        self.desk.client.close()


def _what(entry: dict[str, Any]) -> str:
    kind = {"checkout": "貸出 / checkout", "checkin": "返却 / check-in", "block": "利用停止 / block"}[entry["kind"]]
    parts = [kind, entry.get("patron", ""), entry.get("item", ""), entry.get("at", "").replace("T", " ")]
    return "  ".join(p for p in parts if p)


def _run_now(action, done, failed) -> None:
    try:
        result = action()
    except Exception as exc:  # noqa: BLE001 (its words are shown)
        failed(exc)
    else:
        done(result)
