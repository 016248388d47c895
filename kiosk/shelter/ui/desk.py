"""The shelter desk (避難所受付) in Qt: every check-in path, movements, headcount, inquiry and needs.

`ShelterDesk(store, site, terminal, read_card, runner, may)`. `read_card` is the desk's card reader
(`kiosk.shelter.card.ShelterCardReader`): calling it gives the PIN-free id of the card on the
reader; `tries()` and `read_person(pin=… | code_b=…)` read a new My Number card. Card work runs on the
card thread (`runner`, kiosk.ui.card_thread), or at once when there is none (unit tests). `may(right)` is the kiosk's
answer to what the signed-in role may do (the exports and the close-out are for staff).

Pages (tabs along the top; the who-is-here list sits beside the reception form):
- 受付 reception: the shelter card by hand (only the name is required); コードで受付 waits for a
  pre-registration code from the 2D-code reader (kiosk.ui.qr_scan), shows the household read from it
  (kiosk.shelter.ui.prereg) and checks everyone in on one confirmation; カードで受付 reads the card: a
  linked card (transit FeliCa, Type A, a My Number card seen before) of someone out (or checked out)
  taps them back in with no typing; of someone already here it records nothing and opens their page
  saying so (going out and the check-out are there; a check-out asks first); a new My Number card goes
  through the kiosk's one card-secret flow (kiosk.ui.card_secret: the PIN pad, or
  照合番号B for a card without a PIN, a forgotten or a blocked PIN); when it ends elsewhere than with
  the person read (照合番号B locked, the card gone, an error) the desk is back on reception with words;
  in `kazasu demo` (`insert_demo`) 「デモカードで受付」 puts the demo card on the reader, then reads it;
- a person picked from the list: temporarily out, back, check-out (home, another shelter with its
  name, hospital; each asks 「退所として記録しますか？」 first, and 戻った undoes it), outside (home,
  car), hand over a blank IC card (tap to link), add a family member;
- 人数だけ数える headcount for a surge; 安否確認 the family inquiry (never a protected person);
  物資の集計 the needs summary (and its PDF), and for staff the roster PDF and closing the shelter
  (two presses; refused before the roster was exported);
- 訓練モード drill: the desk works on the separate drill store and site; a banner says 訓練 / DRILL on
  every page and every printout is marked.
Every action is one event in the store (the domain is kiosk.shelter, no Qt). Live: while the desk is open,
check-ins and movements at the site's other terminals show as they are pulled (`pulled()`). The PIN and 照合番号B stay
in their screens until handed to the card thread, and are never logged.

Languages: the resident's language switch (kiosk.ui.language, 「ことば / Language」) sits in the top
bar beside 戻る on every page; its chooser dims the desk. Choosing a language re-renders the desk in
place (kiosk.ui.i18n.set_language): what was typed and chosen, the person shown, the search and the list
stay. Words drawn by hand here (the drill banner, the list's rows, the message after an action) are
kept as entries and drawn again by `retranslate_ui()`. `forget()` (idle timeout, shift change,
leaving the desk) goes back to Japanese; a check-in's `wipe()` does not (a family checks in one
after another in the language they chose).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.cards.secret import Step, run_now
from kiosk.messages import Bilingual, for_error
from kiosk.shelter import desk as shelter_desk
from kiosk.shelter import model as m
from kiosk.shelter import reports
from kiosk.shelter.export import export_pdf
from kiosk.shelter.prereg import check_in_household, read_household
from kiosk.shelter.roster import Roster
from kiosk.shelter.texts import counts, t
from kiosk.shelter.ui.form import OneOf, ShelterForm, fit_row, form_width, line_edit, same_tab_size, tab_words, toggle
from kiosk.shelter.ui.pages import HeadcountPage, InquiryPage, NeedsPage, PersonPage, list_css, wrap_rows
from kiosk.shelter.ui.prereg import HouseholdPage
from kiosk.ui import i18n, theme
from kiosk.ui.action_dock import ActionDock, docked
from kiosk.ui.card_secret import CardSecretScreens
from kiosk.ui.code_b import CodeBScreen
from kiosk.ui.i18n import one_line, shown
from kiosk.ui.labels import button, label, plain, set_bilingual
from kiosk.ui.language import LanguageButton, LanguageChooser
from kiosk.ui.layout import page_scroll, row_layout, share_row
from kiosk.ui.pin_pad import PinScreen
from kiosk.ui.qr_scan import QrScanPage
from sync.prereg.errors import PreregError

DRILL_CSS = ("QLabel {{ background: #B35900; color: white; font-weight: 700; font-size: {pt}pt;"
             " padding: 0px 12px; }}")
LISTED = ("present", "out", "outside")
MAX_LISTED = 200  # rows drawn while typing; the rest is one "N more" row
LIST_STATE = {"out": "list_out", "outside": "list_outside"}   # a row's suffix: its entry (shelter_texts)
TABS = ("reception", "headcount", "inquiry", "needs")
DESK_WIDTH = 1200   # a 1280 px window less the desk's margins (and a scroll bar at large text)


class FormScroll(QScrollArea):
    """The reception form scrolls: its preferred height is a small one, so the form (taller than
    the screen once needs and details open) never makes the window grow past 1280×800. At a large
    text scale the whole desk scrolls too, and the form keeps a screenful of its own."""

    def __init__(self) -> None:
        super().__init__()
        if theme.text_scale > 1:
            self.setMinimumHeight(480)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(super().sizeHint().width(), 240)


class ShelterDesk(QWidget):
    exited = Signal()
    checked_in = Signal(str)  # person id
    moved = Signal(str, str)  # person id, event kind (out, back, check-out, outside)

    def __init__(self, store, site: str, terminal: str,
                 read_card: Callable[[], dict[str, Any] | None] | None = None,
                 parent: QWidget | None = None, runner=None,
                 may: Callable[[str], bool] | None = None,
                 insert_demo: Callable[[Callable[[], None]], None] | None = None) -> None:
        super().__init__(parent)
        self._may = may   # the signed-in role's rights (the kiosk's staff session)
        self.insert_demo = insert_demo   # kazasu demo: puts the demo card on the reader, then calls back
        self.setObjectName("shelter_desk")
        self.site, self.terminal = site, terminal
        self.data_dir = Path(store.path).parent
        self.real_desk = shelter_desk.ShelterDesk(store, site=site, terminal=terminal)
        self._drill_desk: shelter_desk.ShelterDesk | None = None
        self.desk = self.real_desk
        self.read_card = read_card
        self.runner = runner  # kiosk.ui.card_thread.CardThread: card reads off the UI thread
        self.roster = Roster()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 8, 24, 8)
        outer.setSpacing(6)
        main = outer
        if theme.text_scale > 1:   # large text: all but the message below scrolls down as one page
            content = QWidget()
            main = QVBoxLayout(content)
            main.setContentsMargins(0, 0, 0, 0)
            main.setSpacing(6)
            self.page_scroll = page_scroll(content, steady=True)
            outer.addWidget(self.page_scroll, 1)
        self.drill_banner = QLabel()
        self.drill_banner.setObjectName("shelter_drill_banner")
        self.drill_banner.setStyleSheet(DRILL_CSS.format(pt=theme.pt(theme.STATUS_PT)))
        # a label, not a touch target: its words' height and a little, not MIN_TOUCH (the page's room)
        self.drill_banner.ensurePolished()   # its sheet's font, not the default one
        self.drill_banner.setMinimumHeight(self.drill_banner.fontMetrics().height() + 12)
        self.drill_banner.setVisible(False)
        main.addWidget(self.drill_banner)
        main.addLayout(self._top())
        if theme.text_scale > 1:   # large text: the tabs stay on screen above the page, which scrolls
            outer.insertLayout(0, self.tab_row)
        self.stack = QStackedWidget()
        self.reception = self._reception()
        self.person_page = PersonPage()
        self.person_page.move.connect(self.move_person)
        self.person_page.link_card.connect(self.link_card)
        self.person_page.add_member.connect(self.add_member)
        self.pin = PinScreen()
        self.code_b = CodeBScreen()
        self.code_b.manual.connect(lambda: self.show_page("reception"))
        self.secret = CardSecretScreens(self.pin, self.code_b, read_card, self._run, self)
        self.secret.page_wanted.connect(self._secret_page)
        self.secret.step_changed.connect(lambda _step: self._card_button_state())
        self.secret.read.connect(self._register_read)
        self.secret.by_hand.connect(self._secret_ended)
        self.secret.to_tap.connect(self._secret_ended)
        self.secret.failed.connect(self._secret_failed)
        self.headcount_page = HeadcountPage()
        self.headcount_page.record.connect(self.record_headcount)
        self.inquiry = InquiryPage()
        self.needs_page = NeedsPage()
        self.needs_page.save.connect(self.save_needs_pdf)
        self.needs_page.save_roster.connect(self.save_roster_pdf)
        self.needs_page.close_button.clicked.connect(lambda: self._say(t("close_warning")))
        self.needs_page.close_shelter.connect(self.close_shelter)
        self.qr_page = QrScanPage(t("qr_scan"), t("qr_cancel"),
                                  lambda have, count: t("qr_parts", have=have, count=count))
        self.qr_page.scanned.connect(self.read_code)
        self.qr_page.failed.connect(self._error)
        self.qr_page.progress.connect(lambda *_: self._hush())
        self.qr_page.cancelled.connect(lambda: self.show_page("reception"))
        self.household_page = HouseholdPage()
        self.household_page.confirm.connect(self.check_in_household)
        self.household_page.cancel.connect(self._household_cancelled)
        self.pages = {"reception": self.reception, "person": self.person_page, "pin": self.pin,
                      "code_b": self.code_b, "headcount": self.headcount_page, "inquiry": self.inquiry,
                      "needs": self.needs_page, "qr": self.qr_page, "household": self.household_page}
        self.holders: dict[QWidget, QWidget] = {}
        for key, page in self.pages.items():
            # large text: each page scrolls down by itself, and the tallest one (the PIN pad) no
            # longer sets the height of all of them
            # (a narrow or a low window too: 照合番号B's fields would be squeezed)
            holder = page if key == "reception" or not docked(low=True) else page_scroll(page)
            self.holders[page] = holder
            self.stack.addWidget(holder)
        main.addWidget(self.stack, 1)
        # large text, a narrow or a low window: each page's main button stays on screen under the page
        self.actions = ActionDock(name="shelter_actions")
        if docked(low=True):
            self._dock_actions()
            outer.addWidget(self.actions)
        self.message = plain("", "hint")
        self.message.setObjectName("shelter_message")
        outer.addWidget(self.message)
        self._said: Bilingual | None = None   # the message shown, drawn again in a new language
        self.language_chooser = LanguageChooser(self)   # over the desk, hidden until asked for
        self.language_button.clicked.connect(lambda: self.language_chooser.open_chooser(self.language_button))
        self.retranslate_ui()
        self.refresh()
        self.show_page("reception")   # its tab lit from the start

    # -- building ------------------------------------------------------------------------------
    def _top(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(4)
        top = QHBoxLayout()
        title = label(t("title"), "heading", en_pt=13)
        # large text on a narrow window: the title on a line of its own under the switches (beside
        # them it would squeeze ことば and 戻る below their words)
        crowded = theme.text_scale > 1 and theme.narrow()
        if not crowded:
            top.addWidget(title, 0)
        self.counts = label(None, "hint", en_pt=11)
        self.counts.setObjectName("shelter_counts")
        counts_beside = theme.text_scale <= 1 and not theme.narrow()
        if counts_beside:
            top.addWidget(self.counts, 1)
        else:   # large text or a narrow window: the counts take a line of their own under the title
            top.addStretch(1)
        self.language_button = LanguageButton()   # the resident's language, beside 戻る on every page
        self.language_button.setObjectName("shelter_language")
        top.addWidget(self.language_button, 0)
        self.exit_button = button(t("exit"), name="shelter_exit", height=theme.MIN_TOUCH)
        self.exit_button.clicked.connect(self.exited)
        top.addWidget(self.exit_button, 0, Qt.AlignmentFlag.AlignVCenter)   # as high as its words, not the row
        column.addLayout(top)
        if crowded:
            column.addWidget(title)
        if not counts_beside:
            column.addWidget(self.counts)
        tabs = QGridLayout()
        # large text: the tabs' words grow at most TAB_MAX_SCALE and each says them in the language
        # shown only (else they fill the screen), above the page: one row, or two on a narrow window
        # (a fifth of it cannot hold 「Headcount」); lines broken between words, never cut
        large = theme.text_scale > 1
        per_row = 3 if large and theme.narrow() else len(TABS) + 1
        self.tab_group = OneOf()
        self.tabs = {}
        for i, key in enumerate(TABS):
            b = toggle(t(f"tab_{key}"), f"shelter_tab_{key}")
            b.clicked.connect(lambda _=False, k=key: self.show_page(k))
            self.tab_group.addButton(b)
            self.tabs[key] = b
            tabs.addWidget(b, i // per_row, i % per_row)
        self.drill_button = toggle(t("drill"), "shelter_drill")
        self.drill_button.toggled.connect(self.set_drill)
        tabs.addWidget(self.drill_button, len(TABS) // per_row, len(TABS) % per_row)
        for i in range(per_row):
            tabs.setColumnStretch(i, 1)
        for b in [*self.tabs.values(), self.drill_button]:   # large text: lines break
            if large or theme.narrow():   # a narrow window: 「✓ Reception」 fits a fifth of it
                tab_words(b)
            fit_row([b], theme.across(DESK_WIDTH) // per_row - 8)
        if large or theme.narrow():
            same_tab_size([*self.tabs.values(), self.drill_button])
        self.tab_row = tabs
        if not large:
            column.addLayout(tabs)
        return column

    def _dock_actions(self) -> None:
        """The pages' main buttons into the dock under them (kiosk.ui.action_dock)."""
        width = theme.layout_width - 2 * 24
        demo = [self.demo_button] if self.demo_button is not None else []   # kazasu demo's card too
        for page, buttons in ((self.reception, [self.checkin_button, self.card_button, *demo]),
                              (self.pin, [self.pin.ok_button]), (self.code_b, [self.code_b.ok_button]),
                              (self.headcount_page, [self.headcount_page.record_button]),
                              (self.needs_page, [self.needs_page.save_button])):
            self.actions.dock(page, buttons, width)

    def _reception(self) -> QWidget:
        page = QWidget()
        body = row_layout(page)   # large text: the list of who is here goes under the form
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(24)
        left = QVBoxLayout()
        self.form = ShelterForm()
        # the form scrolls rather than grow the window past a 1280×800 screen
        scroll = page_scroll(self.form, area=FormScroll())   # Tab goes to the fields, the area follows
        scroll.setObjectName("shelter_form_scroll")
        left.addWidget(scroll, 1)
        actions = QHBoxLayout()
        self.checkin_button = button(t("checkin"), primary=True, name="shelter_checkin")
        self.checkin_button.clicked.connect(self.check_in_by_hand)
        self.card_button = button(t("card"), name="shelter_card")
        self.card_button.clicked.connect(self.check_in_by_card)
        self.card_button.setEnabled(self.read_card is not None)
        actions.addWidget(self.checkin_button, 1)
        actions.addWidget(self.card_button, 1)
        row = [self.checkin_button, self.card_button]
        self.demo_button = None
        if self.insert_demo is not None:   # kazasu demo: its card put on the reader, then read
            self.demo_button = button(t("demo_card"), name="shelter_demo_card")
            self.demo_button.clicked.connect(self.check_in_with_demo_card)
            actions.addWidget(self.demo_button, 1)
            row.append(self.demo_button)
        if not docked(low=True):   # three: lines break at 100 % too
            share_row(row, form_width(), every_scale=len(row) > 2)
        # docked, the dock shares its width among them (_dock_actions): broken here first to a third
        # of the form, they would keep the height of those lines (a button's height only grows) and
        # the dock would take room the reception page needs (1024×768, やさしい日本語)
        left.addLayout(actions)
        body.addLayout(left, 3)
        # the fields the window and older tests reach directly
        f = self.form
        self.name, self.kana, self.birth, self.household = f.name, f.kana, f.birth, f.household
        self.need_buttons, self.protect = f.need_buttons, f.protect
        here = QVBoxLayout()
        # a household pre-registered at home: one scan of its code (above the list, beside the form)
        self.qr_button = button(t("qr"), name="shelter_qr", height=theme.MIN_TOUCH)
        self.qr_button.clicked.connect(self.scan_code)
        here.addWidget(self.qr_button)
        here.addWidget(label(t("here"), "key", en_pt=12, wrap=False))
        self.search = line_edit("search", "shelter_search")
        self.search.textChanged.connect(self.show_list)
        here.addWidget(self.search)
        self.people = QListWidget()
        self.people.setObjectName("shelter_people")
        self.people.setStyleSheet(list_css())
        wrap_rows(self.people)   # a long row (a name and its state) breaks, never runs off sideways
        self.listed_ids: list[str] = []
        self.people.itemClicked.connect(lambda item: self._picked(self.people.row(item)))
        self.people.itemActivated.connect(lambda item: self._picked(self.people.row(item)))  # Return
        if theme.text_scale > 1:
            self.people.setMinimumHeight(theme.MIN_TOUCH * 6)
        here.addWidget(self.people, 1)
        body.addLayout(here, 2)
        return page

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        """The desk opens with the focus on the first field of the shelter card."""
        super().showEvent(event)
        if self.page() == "reception":
            self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- pages ---------------------------------------------------------------------------------
    def show_page(self, key: str) -> None:
        if key not in ("pin", "code_b") and self.secret.flow.step is not Step.IDLE:
            self.secret.cancel()   # away from the card's secret: the flow forgets it
        self.stack.setCurrentWidget(self.holders[self.pages[key]])
        if self.actions.rows:
            self.actions.show_for(self.pages[key])
        for k, b in self.tabs.items():   # a step inside a tab (a person, the PIN pad, 照合番号B): none lit
            b.setChecked(k == key)
        if key == "headcount":
            self.headcount_page.show_open(self.roster.unregistered_headcount())
        elif key == "inquiry":
            self.inquiry.set_roster(self.roster)
        elif key == "needs":
            self.needs_page.show_summary(reports.needs_summary(self.roster))
            self.needs_page.set_staff(self.may("export"))

    def page(self) -> str:
        return next(k for k, w in self.pages.items() if self.holders[w] is self.stack.currentWidget())

    def refresh(self) -> None:
        """Fold the events again (when the desk opens, after a sync) and redraw everything."""
        self.roster = self.desk.roster()
        self._redraw()

    def pulled(self, change) -> None:
        """Events of the site's other terminals arrived while the desk is open (kiosk.ui.desk.Desk:
        told after their commit): the roster takes them, then the counts, the who-is-here list (its
        search, selection and scroll kept), the person, headcount, inquiry or needs page shown (a
        person gone out at another terminal is shown out here, with the actions that fit). What is
        typed on the form stays. A pulled erasure (a close-out, a redaction) folds again from the
        start."""
        if self.desk.drill or not change.touches(m.PREFIX):
            return   # the drill works on its own store; the counter's and library's events are not ours
        self.roster = self.desk.roster() if change.erased else self.desk.update(self.roster)
        row = self.people.currentRow()
        bar = self.people.verticalScrollBar().value()
        self._redraw()
        self.people.setCurrentRow(row)
        self.people.verticalScrollBar().setValue(bar)
        shown_person = self.roster.people.get(self.person_page.person_id)
        if self.page() == "person" and shown_person is not None:
            self.person_page.show_person(shown_person)

    def _updated(self) -> None:
        """After an action of this desk: only its new events are applied to the roster (a full fold
        of a 5,000-person shelter takes about a second; this takes milliseconds), then redraw."""
        self.roster = self.desk.update(self.roster)
        self._redraw()

    def _redraw(self) -> None:
        set_bilingual(self.counts, counts(self.roster.status()), en_pt=11)
        self.form.from_headcount.setVisible(bool(self.roster.open_headcounts()))
        self.show_list()
        if self.page() in ("headcount", "inquiry", "needs"):
            self.show_page(self.page())

    def show_list(self) -> None:
        """The who-is-here list for the search text (as you type): at most MAX_LISTED rows, then
        one row saying how many more match (type more to narrow it)."""
        mark = shown(t("protected_mark"))[0]
        found = self.roster.search(self.search.text(), include_protected=True, states=LISTED)
        listed = found[:MAX_LISTED]
        self.listed_ids = [p.person_id for p in listed]
        # the list is narrow: a row's state in the language shown now alone (its page says both)
        suffix = {state: f"（{shown(t(key))[0]}）" for state, key in LIST_STATE.items()}
        rows = [f"{mark if p.protected else ''}{p.fields.get('name', '')}　{p.fields.get('kana', '')}".rstrip()
                + suffix.get(p.state, "") for p in listed]
        if len(found) > len(listed):
            rows.append(one_line(t("more", n=len(found) - len(listed))))
        self.people.setUpdatesEnabled(False)
        self.people.clear()
        self.people.addItems(rows)
        self.people.setUpdatesEnabled(True)

    def _picked(self, row: int) -> None:
        if 0 <= row < len(self.listed_ids):
            self.open_person(self.listed_ids[row])

    def _say(self, pair: Bilingual) -> None:
        self._said = pair
        self.message.setText(one_line(pair))

    def _error(self, exc: BaseException) -> None:
        self._say(for_error(exc))

    def _hush(self) -> None:
        self._said = None
        self.message.clear()

    def retranslate_ui(self) -> None:
        """What this desk draws by hand, again in the language shown now (kiosk.ui.i18n.retranslate);
        the fields, choices, the person shown and the list's scroll stay."""
        self.drill_banner.setText("　".join(shown(t("drill_banner"))))
        self.people.setAccessibleName(one_line(t("here")))
        if self._said is not None:
            self.message.setText(one_line(self._said))
        if hasattr(self, "roster"):
            row = self.people.currentRow()
            bar = self.people.verticalScrollBar().value()
            self.show_list()
            self.people.setCurrentRow(row)
            self.people.verticalScrollBar().setValue(bar)

    def _run(self, action: Callable[[], Any], done: Callable[[Any], None],
             failed: Callable[[BaseException], None]) -> None:
        """A card action on the card thread (or at once without a runner)."""
        (self.runner.run if self.runner is not None else run_now)(action, done, failed)

    # -- check-in by hand ------------------------------------------------------------------------
    def check_in_by_hand(self) -> None:
        fields, where = self.form.fields(), self.form.where()
        hid = next(iter(self.roster.open_headcounts()), "") if self.form.from_headcount.isChecked() else ""
        self._done(lambda: self.desk.register(fields, source="by_hand", headcount_id=hid, outside=where,
                                              place=self.form.place.text().strip(), roster=self.roster))

    def _done(self, action: Callable[[], dict]) -> None:
        try:
            result = action()
        except m.DESK_ERRORS as exc:
            self._error(exc)
            return
        self.wipe()
        self._say(t("done"))
        self._updated()
        self.show_page("reception")
        self.checked_in.emit(result["person_id"])

    # -- check-in by card --------------------------------------------------------------------------
    def check_in_by_card(self) -> None:
        if not self.read_card:
            return
        self.card_button.setEnabled(False)
        if self.demo_button is not None:
            self.demo_button.setEnabled(False)
        self._say(t("card_busy"))
        self._run(self.read_card, self._card_read, self._card_failed)

    def check_in_with_demo_card(self) -> None:
        """kazasu demo: the demo card goes on the reader (and stays, as a real card would), then the
        same read as カードで受付."""
        if self.insert_demo is None or not self.card_button.isEnabled():
            return
        self.demo_button.setEnabled(False)   # until the card thread answered
        self.insert_demo(self.check_in_by_card)

    def _card_button_state(self) -> None:
        idle = self.read_card is not None and not self.secret.busy
        self.card_button.setEnabled(idle)
        if self.demo_button is not None:
            self.demo_button.setEnabled(idle)

    def _card_failed(self, exc: BaseException) -> None:
        self._card_button_state()
        self._error(exc)

    def _card_read(self, read: dict[str, Any] | None) -> None:
        self._card_button_state()
        self._hush()
        if not read:
            self._say(t("no_card"))
            return
        card, person = read.get("card"), read.get("person")
        known = self.roster.person_for_card(shelter_desk.card_token(card)) if card else None
        if known is not None:
            self._tap(known)
        elif person:
            self._register_read(read)
        elif card and card.get("kind") == "mynumber" and hasattr(self.read_card, "read_person"):
            self.secret.start()   # the card's tries first: a card without a PIN goes to 照合番号B
        else:
            self._say(t("blank_card"))

    def _tap(self, person) -> None:
        """A linked card: out (or outside, checked out) → back in; already here → nothing recorded:
        their page opens saying so, with going out and the check-out (which asks first) on it."""
        if person.state == "present":
            self.open_person(person.person_id)
            self._say(t("already_in"))
            return
        kind = m.RETURNED if person.state == "out" else m.CHECKED_IN
        try:
            self.desk.move(person.person_id, kind, via="ic_card", roster=self.roster)
        except m.DESK_ERRORS as exc:
            self._error(exc)
            return
        self._updated()
        self._say(t("tapped_back") if kind == m.RETURNED else t("done"))
        self.checked_in.emit(person.person_id)

    def _register_read(self, read: dict[str, Any]) -> None:
        self._done(lambda: self.desk.register({**self.form.extra(), **read["person"]}, card=read.get("card"),
                                              source=read.get("source", "card_pin"), roster=self.roster))

    def _secret_page(self, page: str) -> None:
        """The card-secret flow shows its PIN pad or 照合番号B screen in the desk's pages."""
        self.show_page(page)
        if page == "pin":
            self._say(t("needs_pin"))
        else:
            self._hush()

    def _secret_ended(self, words: Bilingual) -> None:
        """照合番号B locked (by hand from here), or the card gone (tap again): back to reception."""
        self.show_page("reception")
        self._say(words)

    def _secret_failed(self, exc: BaseException) -> None:
        self.show_page("reception")
        self._error(exc)

    # -- check-in with a pre-registration code (a household filled in at home) ----------------------
    def scan_code(self) -> None:
        """The page that waits for the 2D-code reader (keyboard wedge)."""
        self._hush()
        self.show_page("qr")
        self.qr_page.start()

    def read_code(self, texts: list[str]) -> None:
        """A whole code read: open it with the site's key and show the household to confirm."""
        try:
            household = read_household(texts, self.data_dir, self.desk.site)
        except PreregError as exc:
            self._error(exc)
            self.qr_page.start()
            return
        self._hush()
        self.household_page.show_household(household)
        self.show_page("household")

    def check_in_household(self) -> None:
        household = self.household_page.household
        if household is None:
            return
        try:
            result = check_in_household(self.desk, household, roster=self.roster)
        except m.DESK_ERRORS as exc:
            self._error(exc)
            return
        self.household_page.clear()
        self._updated()
        self.show_page("reception")
        n = result["count"]
        self._say(t("qr_done", n=n) if result["new"] else t("qr_again", n=n))
        for person in result["people"]:
            self.checked_in.emit(person["person_id"])

    def _household_cancelled(self) -> None:
        self.household_page.clear()
        self.show_page("reception")

    # -- one person: movements, a blank IC card, a family member -------------------------------------
    def open_person(self, person_id: str) -> None:
        person = self.roster.people.get(person_id)
        if person is None:
            return
        self.person_page.show_person(person)
        self.show_page("person")
        self.person_page.focus_first()

    def move_person(self, kind: str, details: dict) -> None:
        pid = self.person_page.person_id
        try:
            self.desk.move(pid, kind, roster=self.roster, **details)
        except m.DESK_ERRORS as exc:
            self._error(exc)
            return
        self._updated()
        self._say(t("tapped_out") if kind == m.TEMP_OUT else t("moved"))   # out: how to come back in
        self.person_page.show_person(self.roster.people[pid])
        self.moved.emit(pid, kind)
        if kind == m.RETURNED:
            self.checked_in.emit(pid)

    def link_card(self) -> None:
        if not self.read_card:
            return
        self._say(t("card_busy"))
        self._run(self.read_card, self._link_read, self._error)

    def _link_read(self, read: dict[str, Any] | None) -> None:
        if not read or not read.get("card"):
            self._say(t("no_card"))
            return
        pid = self.person_page.person_id
        owner = self.roster.person_for_card(shelter_desk.card_token(read["card"]))
        if owner is not None and owner.person_id != pid:
            self._say(t("card_taken"))
            return
        try:
            self.desk.link_card(pid, read["card"], roster=self.roster)
        except m.DESK_ERRORS as exc:
            self._error(exc)
            return
        self._updated()
        self._say(t("linked"))

    def add_member(self) -> None:
        """A child or anyone without a card, added by hand to the household of the person shown."""
        try:
            household = self.desk.household_of(self.person_page.person_id, roster=self.roster)
        except m.DESK_ERRORS as exc:
            self._error(exc)
            return
        self.wipe()
        self.household.setText(household)
        self._updated()
        self.show_page("reception")
        self._say(t("adding_member", household=household))
        self.name.setFocus()

    # -- headcount, needs PDF, drill -------------------------------------------------------------
    def record_headcount(self, n: int) -> None:
        try:
            self.desk.headcount(n)
        except m.DESK_ERRORS as exc:
            self._error(exc)
            return
        self.headcount_page.reset()
        self._updated()
        self._say(t("headcount_done", n=n))

    def may(self, right: str) -> bool:
        """What the signed-in role may do: the kiosk's staff session decides (`may`, given by the
        kiosk); a volunteer has no "export" (no PDFs, no close-out). Without one (tests, tools): yes."""
        return self._may(right) if self._may is not None else True

    def _staff_only(self) -> bool:
        if self.may("export"):
            return False
        self._say(t("staff_only"))
        return True

    def save_needs_pdf(self) -> Path | None:
        if self._staff_only():
            return None
        out = self._report_path("needs")
        reports.write_needs_pdf(reports.needs_summary(self.roster), out)
        self._say(t("saved", path=str(out)))
        return out

    def _report_path(self, stem: str) -> Path:
        folder = self.desk.store.path.parent / "reports"
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{stem}-{dt.date.today().isoformat()}.pdf"

    def save_roster_pdf(self) -> Path | None:
        """The staff roster PDF (every person, protected ones marked): the export the close-out asks for."""
        if self._staff_only():
            return None
        out = self._report_path("roster")
        people = export_pdf(self.roster, out)
        self.desk.record_export(fmt="pdf", people=people)
        self._updated()
        self._say(t("saved", path=str(out)))
        return out

    def close_shelter(self) -> None:
        """Erase the shelter's personal data (after the export; the domain refuses otherwise)."""
        if self._staff_only():
            return
        try:
            result = self.desk.close()
        except m.DESK_ERRORS as exc:
            self._error(exc)
            return
        self.refresh()
        self._say(t("closed", n=result["summary"]["people"]))

    def set_drill(self, on: bool) -> None:
        """Switch to the drill store and site (or back): nothing typed carries over."""
        if on and self._drill_desk is None:
            self._drill_desk = shelter_desk.ShelterDesk.open(self.data_dir, site=self.site,
                                                             terminal=self.terminal, drill=True)
        target = self._drill_desk if on else self.real_desk
        target.staff = self.desk.staff  # the signed-in staff id follows (the shell sets the current desk's)
        self.desk = target
        self.drill_banner.setVisible(on)
        self.wipe()
        self.person_page.forget()
        self.inquiry.forget()
        self.refresh()
        self.show_page("reception")

    # -- forgetting ------------------------------------------------------------------------------
    def forget(self) -> None:
        """Leaving the desk: the form, the search, the lists and the pages are emptied and the folded
        roster dropped, so nothing of anyone stays in the widgets or the screen's memory."""
        self.wipe()
        self.roster = Roster()
        self.search.clear()
        self.people.clear()
        self.counts.clear()
        self.person_page.forget()
        self.inquiry.forget()
        self.needs_page.forget()
        self.household_page.clear()   # a household read from a code, and a half-read code
        self.qr_page.start()
        self.secret.cancel()   # the PIN pad and 照合番号B emptied too
        self.language_chooser.clear()
        i18n.reset()   # the next person starts in Japanese
        self.show_page("reception")

    def wipe(self) -> None:
        """Forget the person on the form (after each check-in, and when the desk is left)."""
        self.form.wipe()
        self._hush()
