"""The counter desk's controller: drives `CounterDesk` through `CounterFlow`'s states with the card,
submit services, and forgets the person at the end of every visit (次の方へ, 最初から, idle timeout).

Idle: after `idle_ms - warn_ms` without a touch the desk shows 「まだお使いですか？」 with the seconds
left; 続ける puts the person back where they were (focus too) and restarts the countdown; if nobody
answers within `warn_ms`, `restart()` wipes exactly as 最初から does. Both are per desk
(`controller.idle.set_idle`; the timers live in kiosk.screens.idle.IdleGuard).

It holds the person record and the answers only between the read and the wipe; no PIN is kept here
(the PIN pad hands it straight to the card worker).
"""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QObject, Signal

from kiosk import messages
from kiosk.messages import Bilingual, text
from kiosk.screens.idle import IDLE_TIMEOUT_MS, IDLE_WARNING_MS, IdleGuard
from kiosk.screens.widgets import set_bilingual
from kiosk.workflows import counter as workflow
from kiosk.workflows.counter_flow import CounterFlow, State

logger = logging.getLogger(__name__)

BUSY = (State.CHECKING, State.READING, State.SUBMITTING)


class CounterController(QObject):
    exited = Signal()           # back on the start screen
    state_changed = Signal(str)
    submitted = Signal(object)  # {"submission": Submission, "pending": int}

    def __init__(self, view, card, submitter, form_id: str = workflow.DEFAULT_FORM,
                 idle_ms: int = IDLE_TIMEOUT_MS, warn_ms: int = IDLE_WARNING_MS,
                 parent=None) -> None:
        super().__init__(parent)
        self.view, self.card, self.submitter, self.form_id = view, card, submitter, form_id
        self.flow = CounterFlow()
        self.person: dict | None = None
        self.answers: dict = {}
        self.filled = None
        self.last_submission = None
        self.idle = IdleGuard(view.idle_warning, self.restart, idle_ms, warn_ms, self)
        self.idle.active = lambda: self.flow.state is not State.IDLE
        v = view
        v.nav.back.connect(self.back)
        v.nav.restart.connect(self.restart)
        v.tap.demo_tap.connect(card.insert_demo)
        v.tap.continue_with_card.connect(self.check_card)
        v.tap.manual.connect(lambda: self._go(State.MANUAL))
        v.pin.submitted.connect(self._read)
        v.pin.forgot.connect(lambda: self._go(State.MANUAL))
        v.manual.person_entered.connect(self._manual_person)
        v.preview.answers_changed.connect(self._answers_changed)
        v.preview.next_clicked.connect(lambda: self._go(State.CONFIRM))
        v.confirm.submit.connect(self._submit)
        v.done.next_person.connect(self.next_person)
        v.error.retry.connect(lambda: self._go(State.WAITING_CARD))
        v.error.manual.connect(lambda: self._go(State.MANUAL))
        card.presence_changed.connect(self._presence)
        card.tries_checked.connect(self._tries)
        card.person_read.connect(self._person_read)
        card.failed.connect(self._card_failed)
        submitter.submitted.connect(self._submitted)
        submitter.failed.connect(self._submit_failed)

    # -- entering, leaving, wiping ---------------------------------------------------------
    def enter(self) -> None:
        self.wipe()
        self._go(State.WAITING_CARD)

    def restart(self) -> None:
        """最初から (and the idle timeout): forget the person, take the card back, start screen."""
        self.wipe()
        self.card.remove_demo()
        self.flow.go(State.IDLE)
        self.idle.stop()
        self.state_changed.emit(State.IDLE.value)
        self.exited.emit()

    def next_person(self) -> None:
        self.wipe()
        self.card.remove_demo()
        self._go(State.WAITING_CARD)

    def wipe(self) -> None:
        """Drop every reference to the person and clear every widget that showed them."""
        self.idle.stop()
        self.person = None
        self.answers = {}
        self.filled = None
        self.last_submission = None
        self.view.clear()

    def touch(self) -> None:
        """Any input restarts the idle countdown while a person is being served (while the warning
        shows, only 続ける answers it)."""
        if self.flow.state not in (State.IDLE, State.WAITING_CARD):
            self.idle.start()

    def back(self) -> None:
        target = self.flow.back_target()
        if target is None or self.flow.state in BUSY:
            return
        if target is State.IDLE:
            self.restart()
            return
        if target in (State.WAITING_CARD, State.CHECKING):
            self.wipe()
        self._go(target)

    # -- moving between states -------------------------------------------------------------
    def _go(self, target: State) -> None:
        self.flow.go(target)
        v = self.view
        page = {State.WAITING_CARD: v.tap, State.CHECKING: v.tap, State.PIN: v.pin, State.READING: v.pin,
                State.MANUAL: v.manual, State.PREVIEW: v.preview, State.CONFIRM: v.confirm,
                State.SUBMITTING: v.confirm, State.DONE: v.done, State.ERROR: v.error}[target]
        enter = getattr(self, f"_enter_{target.value}", None)
        if enter is not None:
            enter()
        v.show_page(page, self.flow.step)
        focus = {State.PIN: v.pin.keys["1"], State.CONFIRM: v.confirm.submit_button,
                 State.DONE: v.done.next_button, State.ERROR: v.error.manual_button}.get(target)
        if focus is not None:
            focus.setFocus()
        v.nav.back_button.setEnabled(self.flow.back_target() is not None and target not in BUSY)
        v.nav.restart_button.setEnabled(True)
        self.touch()
        self.state_changed.emit(target.value)

    def _enter_waiting_card(self) -> None:
        self.view.tap.set_checking(False)
        self.view.tap.set_card_present(self.card.present)

    def _enter_checking(self) -> None:
        self.view.tap.set_checking(True)
        self.card.check_tries()

    def _enter_preview(self) -> None:
        from forms.wareki import format_wareki

        p = self.person
        birth = format_wareki(dt.date.fromisoformat(p["birth_date"]))
        sex = text(f"sex.{p['sex_code']}") if p["sex_code"] in ("1", "2", "9") else Bilingual("—", "—")
        self.view.preview.show_person(p["name"], p["address"], birth, sex)
        self.filled = workflow.preview(p, self.answers, self.form_id)
        self.view.preview.build_fields(self.filled.asked_fields(), self.answers, self.filled.values)
        self._answers_changed()

    def _enter_confirm(self) -> None:
        self.filled = workflow.preview(self.person, self.answers, self.form_id)
        form = self.filled.form
        rows = [(Bilingual(f.label_ja, f.label_en), self.filled.values[f.id]) for f in form.fields
                if self.filled.values.get(f.id)]
        self.view.confirm.show_values(Bilingual(form.title_ja, form.title_en), rows)
        self.view.confirm.set_busy(False)

    def check_card(self) -> None:
        if self.flow.state is State.WAITING_CARD:
            self._go(State.CHECKING)

    # -- card results ----------------------------------------------------------------------
    def _presence(self, present: bool) -> None:
        state = self.flow.state
        if state is State.WAITING_CARD:
            self.view.tap.set_card_present(present)
            if present:
                self.check_card()  # a card just arrived: no button needed
        elif state is State.PIN and not present:
            self._go(State.WAITING_CARD)  # the card was taken away before the PIN

    def _tries(self, tries_left) -> None:
        if self.flow.state is not State.CHECKING:
            return
        if tries_left == 0:
            self._show_error(text("blocked.title"), text("blocked.body"), can_retry=False)
            return
        self._go(State.PIN)
        self.view.pin.clear()
        self.view.pin.set_tries(tries_left)
        self.view.pin.keys["1"].setFocus()

    def _read(self, pin: str, allow_last_try: bool) -> None:
        if self.flow.state is not State.PIN:
            return
        self._go(State.READING)
        self.view.pin.set_busy(True)
        self.card.read(pin, allow_last_try)

    def _person_read(self, person: dict) -> None:
        if self.flow.state is not State.READING:
            return  # the person left (最初から) while the card was read: drop it
        self.view.pin.clear()
        self.person = dict(person)
        self.answers = {}
        self._go(State.PREVIEW)

    def _card_failed(self, stage: str, exc: Exception) -> None:
        expected = State.CHECKING if stage == "tries" else State.READING
        if self.flow.state is not expected:
            return
        code = getattr(exc, "code", "")
        if code == "wrong_pin":
            self._go(State.PIN)
            self.view.pin.set_busy(False)
            self.view.pin.show_wrong_pin(exc.details().get("tries_left"))
            self.view.pin.keys["1"].setFocus()
        elif code == "last_try_refused":
            self._go(State.PIN)
            self.view.pin.set_busy(False)
            self.view.pin.set_tries(1)
        elif code == "pin_blocked":
            self._show_error(text("blocked.title"), text("blocked.body"), can_retry=False)
        elif code in ("no_card", "card_removed"):
            self._go(State.WAITING_CARD)
            set_bilingual(self.view.tap.status, messages.for_error(exc))
        else:
            self._show_error(text("error.title"), messages.for_error(exc))

    def _show_error(self, title: Bilingual, message: Bilingual, can_retry: bool = True) -> None:
        self.view.pin.clear()
        self.view.error.show_error(title, message, can_retry)
        self._go(State.ERROR)

    # -- by hand, answers, submitting ------------------------------------------------------
    def _manual_person(self, person: dict) -> None:
        self.person = dict(person, read_from_card=False)
        self.answers = {}
        self._go(State.PREVIEW)

    def _answers_changed(self) -> None:
        if self.person is None:
            return
        self.answers = self.view.preview.answers()
        self.filled = workflow.preview(self.person, self.answers, self.form_id)
        if self.filled.errors:
            first = self.filled.errors[0]
            self.view.preview.set_problems(Bilingual(first["message_ja"], first["message_en"]))
        elif self.filled.missing:
            self.view.preview.set_problems(text("preview.missing"))
        else:
            self.view.preview.set_problems(None)

    def _submit(self) -> None:
        if self.flow.state is not State.CONFIRM:
            return
        self._go(State.SUBMITTING)
        self.view.confirm.set_busy(True)
        self.submitter.submit(dict(self.person), dict(self.answers), self.form_id)

    def _submitted(self, result) -> None:
        if self.flow.state is not State.SUBMITTING:
            return
        self.last_submission = result["submission"]
        self._go(State.DONE)
        self.view.done.show_queue(result.get("pending", 0))
        self.submitted.emit(result)

    def _submit_failed(self, exc: Exception) -> None:
        if self.flow.state is not State.SUBMITTING:
            return
        self._go(State.CONFIRM)
        self.view.confirm.show_message(messages.for_error(exc))
