"""The library desk's registration and address-change panel (利用登録・住所変更).

`RegistrationPanel(desk, reader, cards_dir, run)`: the librarian chooses a declaration (在勤・在学)
and a guardian's name if needed, the patron taps the My Number card and enters the PIN, or the
librarian types 照合番号B from the card face: the kiosk's one card-secret flow (kiosk.ui.card_secret,
the tries known before the pad shows; a card without a PIN, a forgotten or a blocked PIN go to
照合番号B; when it ends elsewhere than with the person read, the form says why). One card session
(`kiosk.library.reader.LibraryCardReader`) reads the basic four and the card's link token;
then, on the UI thread, the rules decide (eligibility is shown), a patron number is issued, the My
Number card is linked (later visits: a tap, no PIN) and the card PDF is written to `cards_dir`.
The result shows the patron's name and number, a preview of the card (kiosk.ui.pdf_preview) and
「カードを印刷」, which sends the PDF to the kiosk's printer (kiosk.printing, off the UI thread: the
printer's answer, or what to do when it fails, shows under the result). In address-change mode
(`start_update(number)`) the same read updates the patron instead. `done(patron_number)` or
`cancelled()` ends the panel. The person read is dropped as soon as the result is shown (the name
and the preview stay on screen until 貸出へ進む or the desk forgets); the PIN never leaves the card
worker. In `kazasu demo` (`insert_demo`) the form has 「デモカードをかざす」: the demo card on the
reader, then 暗証番号で読む reads it.

`language_buttons`: the patron's language switches (beside the form's and the result's titles, and
under the PIN pad and 照合番号B); the desk opens its chooser from them. After a language change the
result and any refusal are written again in the new language (`retranslate_ui`); the declaration
chosen and the guardian's name typed stay.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QLineEdit, QStackedWidget, QWidget

from devices.card_id import KIND_MY_NUMBER
from kiosk.cards.session import CODE_B
from kiosk.library.card import render_card
from kiosk.library.texts import texts
from kiosk.messages import Bilingual, for_error, text
from kiosk.ui import i18n, theme
from kiosk.ui.action_dock import ActionDock, docked
from kiosk.ui.card_secret import CardSecretScreens
from kiosk.ui.code_b import CodeBScreen
from kiosk.ui.i18n import one_line
from kiosk.ui.labels import button, label, plain, set_bilingual, text_height
from kiosk.ui.language import LanguageButton
from kiosk.ui.layout import row_layout, share_row, vbox
from kiosk.ui.pdf_preview import first_page
from kiosk.ui.pin_pad import PinScreen
from kiosk.ui.theme import set_role

logger = logging.getLogger(__name__)

Run = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], None]
T = texts("library.register.")
ROW_WIDTH = 1200   # a 1280 px window less the page's margins and a scroll bar
PREVIEW_WIDTH = 420   # the card's preview, px (a CR80 card: 85.6 × 54 mm)


def share(buttons, width: int = ROW_WIDTH, spacing: int = 6) -> None:
    """`buttons` share a row `width` px wide at every text scale: a line longer than a button's share
    breaks (a longer language, large text) instead of pushing the row wider than the screen; `width`
    is measured on the 1280 px design (a narrower window gives its share: theme.across)."""
    share_row(buttons, theme.across(width), spacing, every_scale=True)
FIELDS = {"name": "field_name", "address": "field_address", "basis": "basis", "card_type": "field_card_type",
          "municipality_code": "code"}


def value(pair: Bilingual) -> str:
    """A value in the language shown now with the other line's in brackets: 在住 (resident)."""
    shown, other = i18n.shown(pair)
    return f"{shown} ({other})"


def fit_heights(buttons) -> None:
    """After a language change: each button as high as its lines need now (a shorter language gives
    back the room a longer one took)."""
    for widget in buttons:
        widget.setMinimumHeight(max(theme.BUTTON_HEIGHT, theme.MIN_TOUCH, text_height(widget)))


class PrintJobs(QObject):
    """Sends a PDF to the printer on a thread of its own (`lp` may take seconds) and hands the CUPS
    job or the error back on the UI thread (`finished(job, error)`)."""

    finished = Signal(object, object)

    def __init__(self, print_pdf: Callable[[Path], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._print_pdf = print_pdf

    def send(self, pdf: Path) -> None:
        threading.Thread(target=self._work, args=(pdf,), name="kazasu-library-print", daemon=True).start()

    def _work(self, pdf: Path) -> None:
        job, error = None, None
        try:
            job = self._print_pdf(pdf)
        except Exception as exc:  # noqa: BLE001 (a PrintError carries its words; others are unexpected)
            error = exc
        try:
            self.finished.emit(job, error)   # queued to the UI thread
        except RuntimeError:   # the panel went (the kiosk closed) while the printer answered
            logger.debug("a print job ended after its panel", exc_info=True)


def send_to_printer(data_dir: Path) -> Callable[[Path], Any]:
    """The kiosk's printer (kiosk.printing: the queue of kiosk.json, else the default one)."""
    def send(pdf: Path) -> Any:
        from kiosk.printing import print_pdf  # lazy: only when a card is printed

        return print_pdf(pdf, data_dir=data_dir, title="library card")
    return send


class RegistrationPanel(QWidget):
    done = Signal(str)      # the patron number registered or updated
    cancelled = Signal()

    def __init__(self, desk: Any, reader: Any, cards_dir: Path, run: Run,
                 parent: QWidget | None = None, *,
                 insert_demo: Callable[[Callable[[], None]], None] | None = None,
                 print_pdf: Callable[[Path], Any] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("library_register")
        self.desk, self.reader, self.cards_dir, self._run = desk, reader, Path(cards_dir), run
        self.insert_demo = insert_demo   # kazasu demo: puts the demo card on the reader
        self.printer = PrintJobs(print_pdf or send_to_printer(self.cards_dir.parent), self)
        self.printer.finished.connect(self._printed)
        self.updating: str | None = None       # the patron number in address-change mode
        self._checking = False                 # the form says the card is being checked
        self.number: str | None = None
        self.pdf: Path | None = None
        self._result_words: Callable[[], str] | None = None   # the result, written in any language
        self.language_buttons: list[LanguageButton] = []
        self.pages = QStackedWidget(self)
        outer = vbox(self, margins=0, spacing=0)
        outer.addWidget(self.pages, 1)
        self.back_row = QWidget()            # under the PIN pad and 照合番号B: back to the form
        back = QHBoxLayout(self.back_row)
        back.setContentsMargins(32, 0, 32, 8)
        self.back_button = button(T["back"], name="library_register_back")
        self.back_button.clicked.connect(lambda: self._back_to_form())
        back.addWidget(self._language_button())
        back.addStretch(1)
        back.addWidget(self.back_button)
        outer.addWidget(self.back_row)
        self.form = self._form_page()
        self.pin = PinScreen()
        self.code_b = CodeBScreen()
        self.result = self._result_page()
        for page in (self.form, self.pin, self.code_b, self.result):
            self.pages.addWidget(page)
        self.secret = CardSecretScreens(self.pin, self.code_b, reader, run, self)
        self.secret.page_wanted.connect(lambda page: self.pages.setCurrentWidget(
            self.pin if page == "pin" else self.code_b))
        self.secret.step_changed.connect(self._secret_step)
        self.secret.read.connect(self._read)
        self.secret.by_hand.connect(self._back_to_form)
        self.secret.to_tap.connect(self._back_to_form)
        self.secret.failed.connect(self._back_to_form)
        self.code_b.manual_button.hide()    # no typing by hand here: the form is the way back
        # large text, a narrow window: the form's and the result's main buttons under the page, on
        # screen without scrolling (the desk puts the dock under the panel's scroll area)
        self.actions = ActionDock(name="library_register_actions")
        if docked():
            width = theme.layout_width - 2 * 24
            # the main one alone (three would take a third of the screen at 200 %): 照合番号B and
            # cancel stay at the foot of the form
            self.actions.dock(self.form, [self.pin_button], width)
            self.actions.dock(self.result, [self.finish_button], width)
        self.pages.currentChanged.connect(self._page_changed)
        self._page_changed()
        i18n.hub().changed.connect(self._fit_rows)   # a slot of this widget: gone with it

    def _fit_rows(self, _code: str = "") -> None:
        fit_heights([*self.declarations.buttons(), self.pin_button, self.code_b_button, self.cancel_button])

    # -- pages ---------------------------------------------------------------------------------
    def _page_changed(self, _index: int = 0) -> None:
        self.back_row.setVisible(self.pages.currentWidget() in (self.pin, self.code_b))
        if self.actions.rows:
            self.actions.show_for(self.pages.currentWidget())

    def _language_button(self) -> LanguageButton:
        switch = LanguageButton()
        self.language_buttons.append(switch)
        return switch

    def _header(self, title: QWidget) -> QHBoxLayout:
        """A page's title with the language switch at its right."""
        row = QHBoxLayout()
        row.addWidget(title, 1)
        row.addWidget(self._language_button(), 0, Qt.AlignmentFlag.AlignTop)
        return row

    def _form_page(self) -> QWidget:
        page = QWidget()
        layout = vbox(page, margins=24, spacing=12)
        self.title = label(T["title"], "title")
        layout.addLayout(self._header(self.title))
        self.declaration_label = label(T["declaration"], "key")
        layout.addWidget(self.declaration_label)
        row = QHBoxLayout()
        self.declarations = QButtonGroup(page)
        for n, key in enumerate(("none", "work", "study")):
            choice = button(T[key], name=f"library_declaration_{key}")
            choice.setCheckable(True)
            choice.setChecked(key == "none")
            self.declarations.addButton(choice, n)
            row.addWidget(choice)
        layout.addLayout(row)
        share(self.declarations.buttons())
        self.guardian_label = label(T["guardian"], "key")
        layout.addWidget(self.guardian_label)
        self.guardian = QLineEdit()
        self.guardian.setObjectName("library_guardian")
        self.guardian.setAccessibleName(one_line(T["guardian"]))
        self.guardian.setMaxLength(60)
        layout.addWidget(self.guardian)
        layout.addWidget(label(T["place_card"], "hint"))
        self.message = label(None, "error")
        self.message.setObjectName("library_register_message")
        self.message.setVisible(False)
        layout.addWidget(self.message)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        self.pin_button = button(T["with_pin"], primary=True, name="library_register_pin")
        self.code_b_button = button(T["with_code_b"], name="library_register_code_b")
        self.cancel_button = button(T["cancel"], name="library_register_cancel")
        row = [self.pin_button, self.code_b_button, self.cancel_button]
        self.demo_button = None
        if self.insert_demo is not None:
            self.demo_button = button(text("library.demo_card"), name="library_register_demo")
            self.demo_button.clicked.connect(lambda: self.insert_demo(self._demo_card_on))
            row.insert(0, self.demo_button)
        for widget in row:
            buttons.addWidget(widget)
        share([w for w in row if not (docked() and w is self.pin_button)])   # docked: the pin button is in the dock
        layout.addLayout(buttons)
        self.pin_button.clicked.connect(self._ask_pin)
        self.code_b_button.clicked.connect(self._ask_code_b)
        self.cancel_button.clicked.connect(self._cancel)
        return page

    def _result_page(self) -> QWidget:
        page = QWidget()
        layout = vbox(page, margins=24, spacing=12)
        self.result_title = label(T["registered"], "title")
        layout.addLayout(self._header(self.result_title))
        shown = row_layout()   # large text: the preview under the words
        self.result_text = plain("", "value")
        self.result_text.setObjectName("library_register_result")
        shown.addWidget(self.result_text, 1, Qt.AlignmentFlag.AlignTop)
        self.preview = QLabel()
        self.preview.setObjectName("library_card_preview")
        self.preview.setAccessibleName(one_line(T["preview"]))
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setWordWrap(True)
        self.preview.setStyleSheet(f"QLabel#library_card_preview {{ border: 2px solid {theme.BORDER}; }}")
        shown.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(shown)
        self.print_message = label(None, "hint")
        self.print_message.setObjectName("library_print_message")
        self.print_message.setVisible(False)
        layout.addWidget(self.print_message)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        self.print_button = button(T["print"], name="library_register_print")
        self.print_button.clicked.connect(self.print_card)
        self.finish_button = button(T["to_desk"], primary=True, name="library_register_finish")
        self.finish_button.clicked.connect(lambda: self._finish())
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.finish_button)
        share((self.print_button, self.finish_button))
        layout.addLayout(buttons)
        return page

    def _demo_card_on(self) -> None:
        """kazasu demo: the demo card is on the reader; the next step is to read it."""
        self._say(text("tap.present"), "hint")
        self.pin_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- the card: its preview and printing ------------------------------------------------------
    def _show_card(self, pdf: Path | None) -> None:
        """The card's preview beside the result (after a registration), or nothing (an update)."""
        self.print_button.setVisible(pdf is not None)
        self.print_button.setEnabled(pdf is not None)
        self._say_print(None)
        self.preview.clear()
        self.preview.setVisible(pdf is not None)
        if pdf is None:
            return
        picture = first_page(pdf, theme.across(PREVIEW_WIDTH))
        if picture is None:
            set_bilingual(self.preview, T["no_preview"])
            self.preview.setMaximumWidth(theme.across(PREVIEW_WIDTH))
        else:
            self.preview.setPixmap(picture)

    def print_card(self) -> None:
        """The card's PDF to the printer, off the UI thread; the answer shows under the result."""
        if self.pdf is None or not self.print_button.isEnabled():
            return
        self.print_button.setEnabled(False)
        self._say_print(T["printing"], "hint")
        self.printer.send(self.pdf)

    def _printed(self, job: Any, error: BaseException | None) -> None:
        if self.pdf is None:   # finished or forgotten meanwhile: nothing to say
            return
        self.print_button.setEnabled(True)   # again, e.g. after the paper was put in
        if error is not None:
            self._say_print(for_error(error), "error")
        else:
            self._say_print(text("library.register.printed", queue=getattr(job, "queue", "")), "hint")

    def _say_print(self, pair: Bilingual | None, role: str = "hint") -> None:
        if pair is None:
            self.print_message.clear()
            self.print_message.setVisible(False)
            return
        set_role(self.print_message, role)
        set_bilingual(self.print_message, pair)
        self.print_message.setVisible(True)

    # -- starting ------------------------------------------------------------------------------
    def start_register(self) -> None:
        self.updating = None
        set_bilingual(self.title, T["title"])
        self._reset_form(show_choices=True)

    def start_update(self, number: str) -> None:
        self.updating = number
        set_bilingual(self.title, T["update_title"])
        self._reset_form(show_choices=False)

    def _reset_form(self, show_choices: bool) -> None:
        self.number, self.pdf = None, None
        self.declarations.button(0).setChecked(True)
        self.guardian.clear()
        self._say(None)
        for widget in (self.declaration_label, self.guardian_label, self.guardian,
                       *self.declarations.buttons()):
            widget.setVisible(show_choices)
        self.secret.cancel()
        self.pages.setCurrentWidget(self.form)

    def _declaration(self) -> str | None:
        return {0: None, 1: "work", 2: "study"}[self.declarations.checkedId()]

    # -- the card's secret: PIN or 照合番号B --------------------------------------------------
    def _ask_pin(self) -> None:
        self.secret.start()

    def _ask_code_b(self) -> None:
        self.secret.start(secret=CODE_B)

    def _secret_step(self, _step: str) -> None:
        """While the card is asked for its PIN tries, the form says so and its buttons wait."""
        checking = self.secret.busy and self.pages.currentWidget() is self.form
        for widget in (self.pin_button, self.code_b_button):
            widget.setEnabled(not checking)
        if checking:
            self._say(text("tap.checking"), "hint")
        elif self._checking:
            self._say(None)
        self._checking = checking

    def _say(self, pair: Bilingual | None, role: str = "error") -> None:
        """A line on the form: why the card was not read (role "error"), or that it is being checked."""
        self._checking = False
        if pair is None:
            self.message.clear()
            self.message.setVisible(False)
            return
        set_role(self.message, role)
        set_bilingual(self.message, pair)
        self.message.setVisible(True)

    # -- after the read ------------------------------------------------------------------------
    def _read(self, read: dict[str, Any]) -> None:
        """Decide and write on the UI thread; the person read is dropped when this returns."""
        person, card = read["person"], read["card"]
        try:
            if self.updating is not None:
                self._show_update(self.desk.update_from_card(self.updating, person))
                return
            declaration = self._declaration()
            number = self.desk.register(person, declaration=declaration,
                                        guardian=self.guardian.text().strip() or None,
                                        source=read["source"])
            if card.kind == KIND_MY_NUMBER:
                self.desk.link(number, card.kind, card.pseudonym, self.reader.provider.name)
            self._show_registered(number, self._print(number))
        except Exception as exc:  # noqa: BLE001 (library errors carry their own ja/en words)
            self._back_to_form(exc)

    def _print(self, number: str) -> Path:
        """The card PDF under `cards_dir` (mode 0600: it holds the name)."""
        patron = self.desk.patron(number)
        self.cards_dir.mkdir(parents=True, exist_ok=True)
        out = self.cards_dir / f"library-card-{number}.pdf"
        render_card(number, patron["name"], out, self.desk.config, patron["card_type"])
        os.chmod(out, 0o600)
        return out

    def _show_registered(self, number: str, pdf: Path) -> None:
        patron = self.desk.patron(number)
        self.number, self.pdf = number, pdf
        basis = f"basis_{patron['basis']}"
        card = T["card_child"] if patron["card_type"] == "child" else T["card_adult"]
        code = patron.get("municipality_code") or "—"
        linked = T["yes"] if self.desk.state().cards_of(number) else T["no"]
        set_bilingual(self.result_title, T["registered"])

        def words() -> str:
            shown = value(T[basis]) if basis in T else patron["basis"]
            return (f"{one_line(T['field_name'])}: {patron['name']}\n"
                    f"{one_line(T['basis'])}: {shown}\n{one_line(T['code'])}: {code}\n"
                    f"{one_line(T['card'])}: {value(card)}\n"
                    f"{one_line(T['number'])}: {number}\n"
                    f"{one_line(T['linked'])}: {one_line(linked)}\n"
                    f"{one_line(T['pdf'])}: {pdf.parent.name}/{pdf.name}")   # in the data folder

        self._show_result(words)
        self._show_card(pdf)

    def _show_update(self, result: dict[str, Any]) -> None:
        self.number = number = result["patron_number"]
        self.pdf = None
        set_bilingual(self.result_title, T["updated"])
        self._show_card(None)

        def words() -> str:
            changed = "、".join(one_line(T[FIELDS[k]]) for k in result["changed"] if k in FIELDS) or \
                one_line(T["no_change"])
            eligible = one_line(T["yes"] if result["eligible"] else T["not_eligible"])
            return (f"{one_line(T['number'])}: {number}\n{one_line(T['changed'])}: {changed}\n"
                    f"{one_line(T['eligible'])}: {eligible}")

        self._show_result(words)

    def _show_result(self, words: Callable[[], str]) -> None:
        self._result_words = words
        self.result_text.setText(words())
        self.pages.setCurrentWidget(self.result)

    def retranslate_ui(self) -> None:
        """The language changed: the result is written again; the form keeps what it holds."""
        self.guardian.setAccessibleName(one_line(T["guardian"]))
        if self._result_words is not None:
            self.result_text.setText(self._result_words())
        self.preview.setAccessibleName(one_line(T["preview"]))

    def _back_to_form(self, why: BaseException | Bilingual | None = None) -> None:
        """Back to the form (the PIN pad and 照合番号B emptied), saying `why` when there is a reason:
        an error, or the card-secret flow's words (照合番号B locked, the card gone)."""
        self.secret.cancel()
        self.pages.setCurrentWidget(self.form)
        if why is not None:
            self._say(why if isinstance(why, Bilingual) else for_error(why))

    def _clear_result(self) -> None:
        """The result, the name and the card's preview off the screen."""
        self.result_text.setText("")
        self._result_words = None
        self.preview.clear()
        self._say_print(None)

    def _finish(self) -> None:
        number = self.number
        self._clear_result()
        self.number, self.pdf = None, None
        if number is not None:
            self.done.emit(number)

    def _cancel(self) -> None:
        self._reset_form(show_choices=True)
        self.cancelled.emit()

    def forget(self) -> None:
        """Leaving the desk: nothing read stays on screen."""
        self._clear_result()
        self._reset_form(show_choices=True)
