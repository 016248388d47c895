"""The library checkout desk (図書館 貸出・返却) for librarians.

`LibraryDesk(store, site, terminal, identify_card, config=None, wedge=None, card_source=None,
data_dir=None)`: find the patron by a tap (`identify_card()` returns the card's (kind, token):
`kiosk.library.reader.library_identifier`, run on the card thread), or by scanning the library card's
barcode; then every scanned item is checked out (or, in 返却 mode, checked in). Scans come from a
`BarcodeWedge` (application-wide; one is made and installed if none is given). A damaged label:
「番号を手で入力」 opens a field for the digits under the barcode; a number of a library card's length
and head must carry the right check digit (the library's scheme, kiosk.library.checkdigit), and so
must an item's where library.json gives `loans.item_check`, else the desk says which number and what
to do; then it goes the same way as a scan. The mode button says the
mode now and what a press does (「いまは貸出（押すと返却に）」); every new patron, 次の方 and the
kiosk's wipe start again in 貸出. Loans, overdue items and a block are shown from the local fold, so
the desk works offline. 次の方 forgets the patron; `exited` is emitted by 終了. In `kazasu demo`
(`insert_demo`, `remove_demo`) 「デモカードをかざす」 puts the demo card on the reader and taps it (the
registration's form has the same button); 次の方 and the wipe take it off.

With `card_source` (the kiosk's card source) the desk also registers patrons and changes addresses
from the card (`library_register.RegistrationPanel`, the card link provider from library.json), and
reissues a lost card (new number, old one blocked, new card PDF); cards are written under
`<data_dir>/library-cards/`. 利用停止一覧 lists the blocked patrons kept on the terminal. Live: while the
desk is open, loans, returns and blocks at the site's other terminals show as they are pulled (`pulled()`).

The patron's language switch (kiosk.ui.language: 「ことば / Language」 beside the title of the
checkout page and of the registration pages, one chooser over the desk) re-renders the desk in place:
the patron, the loans, the mode and what the registration form holds stay; the patron line, the loans
and the messages after a scan are written again in the language chosen (`retranslate_ui`). Scans are
taken while the chooser is open too. 次の方, 終了 and the kiosk's wipe (`clear`: idle, shift change,
leaving) go back to Japanese; opening the registration or the blocked list keeps the language.
"""

from __future__ import annotations

import logging
import os
import threading
import unicodedata
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QStackedWidget, QWidget

from kiosk.cards.secret import run_now
from kiosk.library import tables as tb
from kiosk.library.card import render_card
from kiosk.library.checkdigit import is_valid
from kiosk.library.config import LibraryConfig
from kiosk.library.desk import REASON_TEXT
from kiosk.library.desk import LibraryDesk as Desk
from kiosk.library.errors import LibraryError
from kiosk.library.link import provider_for
from kiosk.library.reader import LibraryCardReader
from kiosk.library.texts import texts
from kiosk.library.ui.register import RegistrationPanel, fit_heights, share
from kiosk.messages import Bilingual, for_error, text
from kiosk.ui import i18n, theme
from kiosk.ui.barcode_wedge import BarcodeWedge
from kiosk.ui.i18n import one_line
from kiosk.ui.labels import button, label, plain, render, set_bilingual, text_height
from kiosk.ui.language import LanguageButton, LanguageChooser
from kiosk.ui.layout import page_scroll, vbox

logger = logging.getLogger(__name__)
DESK_WIDTH = 1232   # a 1280 px window less the page's margins
PROGRESS_AFTER_MS = 2000   # a migration still running then: its progress page is shown
PROGRESS_TICK_MS = 200     # how often the page's counts are drawn again
IdentifyCard = Callable[[], tuple[str, str]]
T = texts("library.")
REASONS = texts("library.reason.")   # why loans are stopped, by kiosk.library.desk's reason codes


def first(pair: Bilingual) -> str:
    """The words in the language shown now."""
    return i18n.shown(pair)[0]


def error_lines(exc: BaseException) -> str:
    """An error's words on two lines, in the language shown now."""
    return one_line(for_error(exc), "\n")



def patron_label() -> QLabel:
    """The patron line (name, number, loans), for the desk and its ILS mode alike."""
    line = plain("", "value")
    line.setObjectName("library_patron")
    return line


def loans_list() -> QListWidget:
    """The list of the patron's loans, at least three touch rows high."""
    loans = QListWidget()
    loans.setObjectName("library_loans")
    loans.setAccessibleName(one_line(T["loans_name"]))
    loans.setMinimumHeight(theme.MIN_TOUCH * 3)
    return loans


def one_language_large(buttons) -> None:
    """Large text: the buttons say their words in the language shown only (the accessible name
    keeps both), as high as those lines need; in two languages the rows of the checkout page were
    taller than a 768 px screen and drawn over each other."""
    if theme.text_scale <= 1:
        return
    for widget in buttons:
        widget.one_language_large = True
        render(widget)
        widget.setMinimumHeight(max(theme.BUTTON_HEIGHT, theme.MIN_TOUCH, text_height(widget)))


class LibraryDesk(QWidget):
    exited = Signal()
    prepared = Signal(str)   # the background migration ended ("" or the error's words)

    def __init__(self, store: Any, site: str, terminal: str, identify_card: IdentifyCard,
                 config: LibraryConfig | None = None, wedge: BarcodeWedge | None = None,
                 parent: QWidget | None = None, runner=None, card_source=None,
                 data_dir: Path | None = None, insert_demo: Callable[[Callable[[], None]], None] | None = None,
                 remove_demo: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("library_desk")
        self.insert_demo, self.remove_demo = insert_demo, remove_demo   # kazasu demo's card
        self.desk = Desk(store, site, terminal, config or LibraryConfig.load())
        self.identify_card = identify_card
        self.runner = runner  # kiosk.ui.card_thread.CardThread: the card reads off the UI thread
        self.patron: str | None = None
        self.returning = False
        self.wedge = wedge or BarcodeWedge(self).install()
        self.wedge.scanned.connect(self.on_scan)
        self.wedge.active = self.takes_scans
        self.data_dir = Path(data_dir) if data_dir is not None else Path(store.path).parent
        self._status_words: Callable[[], str] | None = None   # the status, written in any language
        self.pages = QStackedWidget(self)
        vbox(self, margins=0, spacing=0).addWidget(self.pages)
        self.language_chooser = LanguageChooser(self)   # over the desk, hidden until asked for
        self.main = QWidget()
        self.pages.addWidget(self.main)
        self._main_page(self.main)
        self.blocked_page = self._blocked_page()
        self.pages.addWidget(self.blocked_page)
        self.register_panel: RegistrationPanel | None = None
        if card_source is not None:
            reader = LibraryCardReader(card_source, provider_for(self.desk.config, self.data_dir))
            self.register_panel = RegistrationPanel(self.desk, reader, self.cards_dir, self._run,
                                                    insert_demo=insert_demo)
            for switch in self.register_panel.language_buttons:
                self._offer_language(switch)
            self.register_holder = self.register_panel
            if theme.text_scale > 1:   # large text: the form scrolls, the checkout page keeps its size
                self.register_holder = page_scroll(self.register_panel, steady=True)
            if self.register_panel.actions.rows:   # its main buttons on screen under it
                page = QWidget()
                column = vbox(page, margins=0, spacing=0)
                column.addWidget(self.register_holder, 1)
                column.addWidget(self.register_panel.actions)
                self.register_panel.actions.setContentsMargins(24, 4, 24, 8)
                self.register_holder = page
            self.pages.addWidget(self.register_holder)
            self.register_panel.done.connect(self._registered)
            self.register_panel.cancelled.connect(self._back)
        for widget in (self.register_button, self.update_button):
            widget.setVisible(self.register_panel is not None)
        self.ready = True
        self.progress_page = self._progress_page()
        self.pages.addWidget(self.progress_page)
        if tb.remaining(store, site):   # a database of an earlier version: migrated off the UI thread
            self._prepare_in_background()
        elif runner is not None:    # in the kiosk: the tables caught up off the UI thread
            threading.Thread(target=self._warm_up, name="kazasu-library-fold", daemon=True).start()

    def _progress_page(self) -> QWidget:
        page = QWidget()
        layout = vbox(page, margins=24, spacing=12)
        layout.addWidget(label(T["title"], "title"))
        layout.addWidget(label(T["preparing"]))
        self.progress_line = plain("", "value")
        self.progress_line.setObjectName("library_progress")
        layout.addWidget(self.progress_line)
        layout.addStretch(1)
        return page

    def _prepare_in_background(self) -> None:
        """The one-time migration on its own thread; the desk takes no input meanwhile, shows the
        progress page once it has taken PROGRESS_AFTER_MS, and opens when it is done."""
        self.ready = False
        self.main.setEnabled(False)
        self._counts = (0, tb.remaining(self.desk.store, self.desk.site))
        self.desk.cache.progress = self._progress
        self._show_counts()
        self._ticker = QTimer(self)
        self._ticker.timeout.connect(self._show_counts)
        self._ticker.start(PROGRESS_TICK_MS)
        QTimer.singleShot(PROGRESS_AFTER_MS, self, self._show_progress)
        self.prepared.connect(self._prepared)
        threading.Thread(target=self._migrate, name="kazasu-library-migrate", daemon=True).start()

    def _progress(self, done: int, total: int) -> None:
        self._counts = (done, total)            # read by the UI thread's ticker

    def _migrate(self) -> None:
        error = ""
        try:
            self.desk.state()
        except Exception as exc:  # noqa: BLE001 (shown on the progress page, in words)
            logger.warning("library: the one-time migration failed (%s)", type(exc).__name__)
            error = error_lines(exc)
        finally:
            self.desk.store.close()     # this thread's own connection
        self.prepared.emit(error)

    def _show_counts(self) -> None:
        done, total = self._counts
        self.progress_line.setText(first(text("library.preparing_count", done=f"{done:,}",
                                              total=f"{total:,}")))

    def _show_progress(self) -> None:
        if not self.ready:
            self.pages.setCurrentWidget(self.progress_page)

    def _prepared(self, error: str) -> None:
        self._ticker.stop()
        self._show_counts()
        if error:
            self.progress_line.setText(error)   # a later start migrates again (resumed)
            self.pages.setCurrentWidget(self.progress_page)
            return
        self.ready = True
        self.main.setEnabled(True)
        self.pages.setCurrentWidget(self.main)
        self.tap_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _warm_up(self) -> None:
        try:
            self.desk.state()
        except Exception:  # noqa: BLE001 (the desk folds again, and shows any error, when used)
            logger.warning("library: folding the history in the background failed", exc_info=True)
        finally:
            self.desk.store.close()     # this thread's own connection

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        """The desk opens with the focus on カードをかざす, the first step for each patron (the scanner
        types with no text field focused, so the focus on a button leaves the scans alone)."""
        super().showEvent(event)
        if self.pages.currentWidget() is self.main:
            self.tap_button.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def cards_dir(self) -> Path:
        return self.data_dir / "library-cards"

    def _run(self, action, done, failed) -> None:
        """A card action on the card thread (synchronously without a runner, in unit tests)."""
        (self.runner.run if self.runner is not None else run_now)(action, done, failed)

    def _main_page(self, page: QWidget) -> None:
        outer = vbox(page, margins=24, spacing=12)
        # what is shown scrolls down (large text); the buttons stay under it
        shown = QWidget()
        layout = vbox(shown, margins=0, spacing=12)
        self.main_scroll = page_scroll(shown, steady=True)
        self.main_scroll.setObjectName("library_main_scroll")
        outer.addWidget(self.main_scroll, 1)
        header = QHBoxLayout()
        header.addWidget(label(T["title"], "title"), 1)
        self.language_button = LanguageButton()
        self._offer_language(self.language_button)
        header.addWidget(self.language_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(header)
        self.prompt = label(T["scan_patron"])
        layout.addWidget(self.prompt)
        self.patron_line = patron_label()
        layout.addWidget(self.patron_line)
        layout.addWidget(self._manual_row())
        self.status = plain("", "status")
        self.status.setObjectName("library_status")
        layout.addWidget(self.status)
        self.loans = loans_list()
        layout.addWidget(self.loans, 1)
        if theme.text_scale <= 1:   # large text: the staff's row scrolls under the loans, so the
            layout = outer          # patron and the loans keep the room
        staff = QGridLayout()
        self.register_button = button(T["register"], name="library_register")
        self.update_button = button(T["update"], name="library_update")
        self.reissue_button = button(T["reissue"], name="library_reissue")
        self.blocked_button = button(T["blocked_list"], name="library_blocked")
        self.manual_button = button(T["manual"], name="library_manual")
        row_buttons = [self.manual_button, self.register_button, self.update_button, self.reissue_button,
                       self.blocked_button]
        # one row at 100 % on a wide window; else three a row (two at large text on a narrow window):
        # more would break their words between letters
        per_row = (len(row_buttons) if theme.text_scale <= 1 and not theme.narrow()
                   else 2 if theme.text_scale > 1 and theme.narrow() else 3)
        for i, widget in enumerate(row_buttons):
            staff.addWidget(widget, i // per_row, i % per_row)
        # a long line breaks (a longer language, large text; beside the scroll bar at large text)
        for start in range(0, len(row_buttons), per_row):
            share(row_buttons[start:start + per_row],
                  theme.across(DESK_WIDTH - 32) * len(row_buttons[start:start + per_row]) // per_row)
        layout.addLayout(staff)
        layout = outer
        row = QGridLayout()
        self.tap_button = button(T["tap"], primary=True, name="library_tap")
        self.mode_button = button(T["mode_checkout"], name="library_mode")
        self.mode_button.one_language_large = True   # its long words: the language shown only at large text
        render(self.mode_button)
        self.next_button = button(T["next"], name="library_next")
        self.exit_button = button(T["exit"], name="library_exit")
        actions = [self.tap_button, self.mode_button, self.next_button, self.exit_button]
        self.demo_button = None
        if self.insert_demo is not None:
            self.demo_button = button(T["demo_card"], name="library_demo_card")
            self.demo_button.clicked.connect(self.tap_demo_card)
            actions.insert(1, self.demo_button)
        one_language_large(actions + row_buttons)
        per_row = len(actions) if theme.text_scale <= 1 else 2   # large text: two a row (the mode's
        for i, widget in enumerate(actions):                        # words need the width)
            row.addWidget(widget, i // per_row, i % per_row)
        for start in range(0, len(actions), per_row):
            chunk = actions[start:start + per_row]
            share(chunk, theme.across(DESK_WIDTH) * len(chunk) // per_row)   # a narrow window: its width
        layout.addLayout(row)
        self.tap_button.clicked.connect(self.on_tap)
        self.mode_button.clicked.connect(self.toggle_mode)
        self.next_button.clicked.connect(self.clear)
        self.exit_button.clicked.connect(self._exit)
        self.register_button.clicked.connect(self.open_registration)
        self.update_button.clicked.connect(self.open_address_change)
        self.reissue_button.clicked.connect(self.reissue)
        self.blocked_button.clicked.connect(self.show_blocked)
        self.manual_button.clicked.connect(self.open_manual)
        # Tab: the action row, the loans, the staff's row, then the language switch
        QWidget.setTabOrder(self.blocked_button, self.language_button)
        i18n.hub().changed.connect(self._fit_rows)   # a slot of this widget: gone with it

    def _manual_row(self) -> QWidget:
        """The digits of a damaged label typed by hand (hidden until 「番号を手で入力」)."""
        self.manual_box = QWidget()
        self.manual_box.setObjectName("library_manual_box")
        column = vbox(self.manual_box, margins=0, spacing=4)
        column.addWidget(label(T["manual_field"], "key"))
        row = QHBoxLayout()
        self.manual_code = QLineEdit()
        self.manual_code.setObjectName("library_manual_code")
        self.manual_code.setAccessibleName(one_line(T["manual_field"]))
        self.manual_code.setMaxLength(40)
        self.manual_code.setMinimumHeight(theme.MIN_TOUCH)
        self.manual_code.returnPressed.connect(self.enter_manual)
        row.addWidget(self.manual_code, 2)
        self.manual_enter = button(T["manual_enter"], primary=True, name="library_manual_enter")
        self.manual_enter.clicked.connect(self.enter_manual)
        self.manual_close = button(T["manual_close"], name="library_manual_close")
        self.manual_close.clicked.connect(self.close_manual)
        row.addWidget(self.manual_enter, 1)
        row.addWidget(self.manual_close, 1)
        share([self.manual_enter, self.manual_close], theme.across(DESK_WIDTH) // 2)   # half the row
        column.addLayout(row)
        self.manual_box.setVisible(False)
        return self.manual_box

    def _fit_rows(self, _code: str = "") -> None:
        fit_heights([self.manual_button, self.register_button, self.update_button, self.reissue_button,
                     self.blocked_button, self.tap_button, self.mode_button, self.next_button, self.exit_button,
                     *([self.demo_button] if self.demo_button is not None else [])])

    def _offer_language(self, switch: LanguageButton) -> None:
        switch.clicked.connect(lambda: self.language_chooser.open_chooser(switch))

    def _blocked_page(self) -> QWidget:
        page = QWidget()
        layout = vbox(page, margins=24, spacing=12)
        layout.addWidget(label(T["blocked_title"], "title"))
        self.blocked_list = QListWidget()
        self.blocked_list.setObjectName("library_blocked_list")
        self.blocked_list.setAccessibleName(f"{T['blocked_list'].ja} / {T['blocked_list'].en}")
        layout.addWidget(self.blocked_list, 1)
        back = button(T["back"], name="library_blocked_back")
        back.clicked.connect(self._back)
        layout.addWidget(back)
        return page

    # -- staff actions -------------------------------------------------------------------------
    def open_registration(self) -> None:
        self._forget()
        self.register_panel.start_register()
        self.pages.setCurrentWidget(self.register_holder)

    def open_address_change(self) -> None:
        if self.patron is None:
            self._say_pair(T["no_patron"])
            return
        self.register_panel.start_update(self.patron)
        self.pages.setCurrentWidget(self.register_holder)

    def _registered(self, number: str) -> None:
        self.pages.setCurrentWidget(self.main)
        self.show_patron(number)

    def _back(self) -> None:
        self.blocked_list.clear()
        self.pages.setCurrentWidget(self.main)
        self.refresh()

    def reissue(self) -> None:
        """A lost card: a new number (the old one blocked), the new card's PDF; show the new number."""
        if self.patron is None:
            self._say_pair(T["no_patron"])
            return
        try:
            old = self.patron
            new = self.desk.reissue(old)
            patron = self.desk.patron(new)
            self.cards_dir.mkdir(parents=True, exist_ok=True)
            out = render_card(new, patron["name"], self.cards_dir / f"library-card-{new}.pdf",
                              self.desk.config, patron["card_type"])
            os.chmod(out, 0o600)
        except LibraryError as exc:
            self._error(exc)
            return
        self.show_patron(new)
        self._say(lambda: f"{one_line(T['reissued'])}: {old} → {new}（{one_line(T['old_blocked'])}）\n"
                          f"{one_line(T['card_pdf'])}: {out.parent.name}/{out.name}")

    def show_blocked(self) -> None:
        self._forget()
        self._list_blocked()
        self.pages.setCurrentWidget(self.blocked_page)

    def _list_blocked(self) -> None:
        self.blocked_list.clear()
        for entry in self.desk.blocked_patrons():
            ja, en = REASON_TEXT.get(entry["reason"], (entry["reason"], entry["reason"]))
            self.blocked_list.addItem(f"{entry['patron_number']}　{ja} / {en}")

    # -- input ---------------------------------------------------------------------------------
    def on_tap(self) -> None:
        if not self.ready:
            return
        if self.runner is not None:
            self._tap_enabled(False)   # until the card thread answered
        self._run(self.identify_card, self._tapped, self._tap_failed)

    def tap_demo_card(self) -> None:
        """kazasu demo: the demo card on the reader (it stays, as a real card would), then a tap."""
        if self.insert_demo is None or not self.tap_button.isEnabled():
            return
        self._tap_enabled(False)   # until the card thread answered
        self.insert_demo(self.on_tap)

    def _tap_enabled(self, enabled: bool) -> None:
        for widget in (self.tap_button, self.demo_button):
            if widget is not None:
                widget.setEnabled(enabled)

    def _tapped(self, card: tuple[str, str]) -> None:
        self._tap_enabled(True)
        kind, token = card
        try:
            self.show_patron(self.desk.identify(kind, token))
        except Exception as exc:  # noqa: BLE001
            self._tap_failed(exc)

    def _tap_failed(self, exc: BaseException) -> None:
        self._tap_enabled(True)
        self._error(exc)

    def open_manual(self) -> None:
        """「番号を手で入力」: the field for a damaged label's digits, focused (the wedge leaves a
        focused field's keys alone)."""
        self.manual_box.setVisible(True)
        self.manual_code.setFocus(Qt.FocusReason.OtherFocusReason)

    def close_manual(self) -> None:
        self.manual_code.clear()
        self.manual_box.setVisible(False)
        self.tap_button.setFocus(Qt.FocusReason.OtherFocusReason)   # scans go to the wedge again

    def enter_manual(self) -> None:
        """The digits typed: checked (digits only; a library card's check digit), then used as a
        scan; a refusal keeps what was typed, selected, to be corrected."""
        typed = unicodedata.normalize("NFKC", self.manual_code.text()).replace(" ", "").replace("-", "")
        problem = self._manual_problem(typed)
        if problem is not None:
            self._say_pair(problem)
            self.manual_code.setFocus(Qt.FocusReason.OtherFocusReason)
            self.manual_code.selectAll()
            return
        self.manual_code.clear()
        self.on_scan(typed)
        self.manual_code.setFocus(Qt.FocusReason.OtherFocusReason)   # the next label, if any

    def _manual_problem(self, typed: str) -> Bilingual | None:
        if not typed:
            return T["manual_empty"]
        if not typed.isascii() or not typed.isalnum():
            return T["manual_not_digits"]
        config = self.desk.config
        scheme = config.scheme
        number = typed.strip("ABCDabcd")   # NW-7's start and stop letters, if typed
        if len(number) == int(scheme["length"]) and number.startswith(config.number_head):
            check = scheme["check"]        # a library card's number
        else:
            check = config.item_check      # an item's barcode: checked where the library says so
        if check is not None and not (number.isdigit() and is_valid(number, check)):
            return text("library.manual_check", number=number)
        return None

    def takes_scans(self) -> bool:
        """Scans are taken only on the checkout page of a desk on screen (never on another desk's
        screen or the registration's PIN pad: there the wedge lets every key through), and not
        while the idle warning covers it (a scan there would check out an item that the wipe then
        hides: 続ける first)."""
        warning = self.findChild(QWidget, "idle_warning", Qt.FindChildOption.FindDirectChildrenOnly)
        return self.ready and self.isVisible() and self.pages.currentWidget() is self.main and \
            not (warning is not None and warning.isVisible())

    def on_scan(self, code: str) -> None:
        if not self.takes_scans():
            return      # scans (or fast keys on the PIN pad) never act off the checkout page
        number = code.strip().strip("ABCDabcd")
        scheme = self.desk.config.scheme["check"]
        try:
            if len(number) == int(self.desk.config.scheme["length"]) and is_valid(number, scheme) \
                    and number in self.desk.state().patrons:
                self.show_patron(number)
            elif self.returning:
                result = self.desk.checkin(code)
                self._say_pair(text("library.checked_in", item=result["item"]))
                self.refresh()
            elif self.patron is None:
                self._say_pair(T["no_patron"])
            else:
                result = self.desk.checkout(self.patron, code)
                self._say_pair(text("library.checked_out", item=result["item"], due=result["due_date"]))
                self.refresh()
        except LibraryError as exc:
            self._error(exc)

    # -- display -------------------------------------------------------------------------------
    def show_patron(self, number: str) -> None:
        self.pages.setCurrentWidget(self.main)
        self.desk.sweep()       # links of our loans returned elsewhere while offline are erased
        if number != self.patron:
            self.set_mode(False)   # a new patron: checkout, whatever the last one was doing
        self.patron = number
        self._say(None)
        self.refresh()

    def refresh(self) -> None:
        self.loans.clear()
        if self.patron is None:
            self.patron_line.setText("")
            set_bilingual(self.prompt, T["scan_returns"] if self.returning else T["scan_patron"])
            return
        summary = self.desk.summary(self.patron)
        name = self.desk.state().patrons[self.patron]["name"]
        # the patron's line and the loans in the language shown now (a name and numbers are values)
        line = first(text("library.patron_line", name=name, number=self.patron, n=len(summary["loans"])))
        if summary["overdue"]:
            line += "　" + first(text("library.overdue_count", n=summary["overdue"]))
        if summary["blocked"]:
            code = summary["blocked"]
            reason = first(REASONS[code]) if code in REASONS else REASON_TEXT.get(code, (code,))[0]
            line += "　" + first(text("library.blocked_reason", reason=reason))   # reason: already shown-language
        if summary.get("replaced_by"):
            line += "　" + first(text("library.replaced_by", number=summary["replaced_by"]))
        self.patron_line.setText(line)
        set_bilingual(self.prompt, T["scan_returns"] if self.returning else T["scan_items"])
        for loan in summary["loans"]:
            key = "library.loan_overdue" if loan["overdue"] else "library.loan"
            self.loans.addItem(first(text(key, item=loan["item"], due=loan["due_date"])))

    def pulled(self, change) -> None:
        """Events of the site's other terminals arrived while the desk is open (kiosk.ui.desk.Desk:
        told after their commit): the patron's loans and blocks shown again (a loan returned at
        another terminal leaves the list), or the blocked list; a registration under way is left
        alone."""
        if not change.touches("library."):
            return
        if self.pages.currentWidget() is self.main:
            self.refresh()
        elif self.pages.currentWidget() is self.blocked_page:
            self._list_blocked()

    def toggle_mode(self) -> None:
        self.set_mode(not self.returning)
        self.refresh()

    def set_mode(self, returning: bool) -> None:
        """貸出 or 返却; the button says the mode now and what a press does."""
        self.returning = returning
        self.mode_button._words = (T["mode_checkin"] if returning else T["mode_checkout"], None)
        render(self.mode_button)   # its two lines, broken at its width at a large text scale

    def clear(self) -> None:
        """次の方, 終了 and the kiosk's wipe (idle, shift change, leaving the desk): forget the patron
        and everything shown (a registration under way too), close the language chooser and go back
        to Japanese for the next patron."""
        self._forget()
        self.set_mode(False)   # the next patron starts in checkout
        self.manual_code.clear()
        self.manual_box.setVisible(False)
        self.language_chooser.clear()
        i18n.reset()
        if self.remove_demo is not None:
            self.remove_demo()   # kazasu demo: the card off the reader with the patron

    def _forget(self) -> None:
        """Forget the patron and everything shown; the language stays (the same patron may go on to
        the registration)."""
        self.patron = None
        self._say(None)
        self.blocked_list.clear()
        if self.register_panel is not None:
            self.register_panel.forget()
        self.pages.setCurrentWidget(self.main)
        self.refresh()

    def retranslate_ui(self) -> None:
        """The language changed (kiosk.ui.i18n.set_language): write again what this desk wrote by hand;
        the patron, the loans and the mode stay."""
        self.loans.setAccessibleName(one_line(T["loans_name"]))
        self.manual_code.setAccessibleName(one_line(T["manual_field"]))
        self._say(self._status_words)
        if self.patron is not None:
            self.refresh()

    def _say(self, words: Callable[[], str] | None) -> None:
        """Show `words()` on the status line now and again after a language change (None: nothing)."""
        self._status_words = words
        self.status.setText(words() if words is not None else "")
        if words is not None:   # a message under a long page (the manual row open): scrolled to
            QTimer.singleShot(0, self, self._show_status)

    def _show_status(self) -> None:
        """The status line in view, at its new height (the page laid out first)."""
        self.main_scroll.widget().layout().activate()
        self.main_scroll.ensureWidgetVisible(self.status, 0, 0)

    def _say_pair(self, pair: Bilingual) -> None:
        """A message on two lines: the language shown now, the other under it."""
        self._say(lambda: one_line(pair, "\n"))

    def _error(self, exc: Any) -> None:
        self._say(lambda: error_lines(exc))

    def _exit(self) -> None:
        self.clear()
        self.exited.emit()
