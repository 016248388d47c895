"""The counter desk's controller: drives `CounterDesk` through `CounterFlow`'s states with the card,
submit services, and forgets the person at the end of every visit (次の方へ, 最初から, idle timeout).

A visit starts with its procedures (several forms from `forms.registry.list_forms()`); one read fills
all of them (`workflow.Visit`); confirm records one event per form. The card side is the kiosk's one
card-secret flow (kiosk.ui.card_secret on the counter's PIN pad and 照合番号B screen, reads on the card
thread): the PIN read takes the My Number too only when a chosen form's legal basis allows it; the
controller follows the flow's steps with its own states (checking, pin, code_b, reading) and takes
over at its ends (preview; the error page, by hand when 照合番号B is locked; the tap step when the
card is gone). Each visit's phase times and item counts go, without personal data, to
kiosk.counter.metrics; the staff see them behind the staff button of the procedures step.

Idle: after `idle_ms - warn_ms` without a touch the desk shows 「まだお使いですか？」 with the seconds
left; 続ける puts the person back where they were (focus too) and restarts the countdown; if nobody
answers within `warn_ms`, `restart()` wipes exactly as 最初から does. Both are per desk
(`controller.idle.set_idle`; the timers live in kiosk.ui.idle.IdleGuard).

It holds the person record and the answers only between the read and the wipe; no PIN is kept here
(the PIN pad hands it straight to the card-secret flow, which hands it to the card thread).
"""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QObject, QTimer, Signal

from forms.registry import list_forms
from forms.wareki import format_wareki
from kiosk import messages
from kiosk.cards.secret import Step
from kiosk.cards.session import CODE_B, CardReads
from kiosk.counter import identity, metrics, prereg
from kiosk.counter import visit as workflow
from kiosk.counter.flow import CounterFlow, State
from kiosk.messages import Bilingual, text
from kiosk.timeouts import IDLE_TIMEOUT_MS, IDLE_WARNING_MS
from kiosk.ui import i18n
from kiosk.ui.card_secret import CardSecretScreens
from kiosk.ui.idle import IdleGuard
from kiosk.ui.labels import set_bilingual

logger = logging.getLogger(__name__)

BUSY = (State.CHECKING, State.READING, State.SUBMITTING)
SECRET = (State.CHECKING, State.PIN, State.CODE_B, State.READING)   # the card-secret flow's states
MISSING_NAMED = 3   # the missing items named on the preview; more are counted


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
        self.filled = None          # the first form's FilledForm (for one-form callers)
        self.filled_all: list = []
        self.visit: workflow.Visit | None = None
        self.chosen: list[str] = [form_id]
        self.site = ""              # the kiosk's site: a pre-registration code must be made for it
        self.code_answers: dict = {}  # what the resident typed at home, from a code on the by-hand path
        self.clock = metrics.PhaseClock()
        self.last_submission = None
        self.last_submissions: list = []
        self.asked_to_confirm = False   # 確認へ進む pressed on this preview (the missing items are named)
        self.idle = IdleGuard(view.idle_warning, self.restart, idle_ms, warn_ms, self)
        self.idle.active = lambda: self.flow.state is not State.IDLE
        v = view
        v.nav.back.connect(self.back)
        v.nav.restart.connect(self.restart)
        v.tap.demo_tap.connect(card.insert_demo)
        v.tap.continue_with_card.connect(self.check_card)
        v.tap.manual.connect(lambda: self._go(State.MANUAL))
        v.procedures.chosen.connect(self._procedures_chosen)
        v.procedures.staff_metrics.connect(lambda: self._go(State.METRICS))
        v.metrics.closed.connect(lambda: self._go(State.PROCEDURES))
        self.secret = CardSecretScreens(v.pin, v.code_b, CardReads(card.source), card.run, self)
        self.secret.step_changed.connect(self._secret_step)
        v.code_b.manual.connect(lambda: self._go(State.MANUAL))
        v.manual.person_entered.connect(self._manual_person)
        v.manual.code_scanned.connect(self._code_scanned)
        v.preview.answers_changed.connect(self._answers_changed)
        v.preview.next_clicked.connect(self._to_confirm)
        v.confirm.submit.connect(self._submit)
        v.done.next_person.connect(self.next_person)
        v.error.retry.connect(lambda: self._go(State.WAITING_CARD))
        v.error.manual.connect(lambda: self._go(State.MANUAL))
        card.presence_changed.connect(self._presence)
        submitter.submitted.connect(self._submitted)
        submitter.failed.connect(self._submit_failed)

    # -- entering, leaving, wiping ---------------------------------------------------------
    def enter(self) -> None:
        self.wipe()
        i18n.reset()   # every person starts in Japanese and chooses their language on the screen
        self._go(State.PROCEDURES)

    def restart(self) -> None:
        """最初から (and the idle timeout): forget the person, take the card back, start screen."""
        self.wipe()
        i18n.reset()
        self.card.remove_demo()
        self.flow.go(State.IDLE)
        self.idle.stop()
        self.state_changed.emit(State.IDLE.value)
        self.exited.emit()

    def next_person(self) -> None:
        self.wipe()
        i18n.reset()
        self.card.remove_demo()
        self._go(State.PROCEDURES)

    def wipe(self) -> None:
        """Drop every reference to the person and clear every widget that showed them."""
        self.idle.stop()
        self.person = None
        self.answers = {}
        self.filled = None
        self.filled_all = []
        self.visit = None
        self.chosen = [self.form_id]
        self.code_answers = {}
        self.secret.cancel()
        self.clock.reset()
        self.last_submission = None
        self.last_submissions = []
        self.asked_to_confirm = False
        self.view.clear()

    def touch(self) -> None:
        """Any input restarts the idle countdown while a person is being served (while the warning
        shows, only 続ける answers it)."""
        if self.flow.state not in (State.IDLE, State.PROCEDURES, State.METRICS, State.WAITING_CARD):
            self.idle.start()

    def back(self) -> None:
        target = self.flow.back_target()
        if target is None or self.flow.state in BUSY:
            return
        if target is State.IDLE:
            self.restart()
            return
        if target in (State.WAITING_CARD, State.CHECKING, State.CODE_B, State.PROCEDURES):
            chosen = self.chosen
            self.wipe()
            self.chosen = chosen
            if target is not State.PROCEDURES:
                self.visit = workflow.Visit(chosen)
                self.clock.start("card")
        self._go(target)

    # -- moving between states -------------------------------------------------------------
    def _go(self, target: State) -> None:
        if target not in SECRET and self.secret.flow.step is not Step.IDLE:
            self.secret.cancel()   # leaving the card's secret: the flow forgets it, late answers drop
        self.flow.go(target)
        v = self.view
        page = {State.PROCEDURES: v.procedures, State.METRICS: v.metrics, State.CODE_B: v.code_b,
                State.WAITING_CARD: v.tap, State.CHECKING: v.tap, State.PIN: v.pin,
                State.READING: self._reading_page(),
                State.MANUAL: v.manual, State.PREVIEW: v.preview, State.CONFIRM: v.confirm,
                State.SUBMITTING: v.confirm, State.DONE: v.done, State.ERROR: v.error}[target]
        enter = getattr(self, f"_enter_{target.value}", None)
        if enter is not None:
            enter()
        v.steps.set_by_hand(self.flow.manual)
        v.show_page(page, self.flow.step)
        focus = {State.PROCEDURES: v.procedures.first_focus(), State.METRICS: v.metrics.close_button,
                 State.PIN: v.pin.keys["1"], State.CONFIRM: v.confirm.submit_button,
                 State.WAITING_CARD: v.tap.demo_button if v.tap.demo_button.isVisibleTo(v.tap) else None,
                 State.PREVIEW: v.preview.first_focus(),
                 State.DONE: v.done.next_button, State.ERROR: v.error.manual_button}.get(target)
        if focus is not None:
            focus.setFocus()
        v.nav.back_button.setEnabled(self.flow.back_target() is not None and target not in BUSY)
        v.nav.restart_button.setEnabled(True)
        self.touch()
        self.state_changed.emit(target.value)
        if target in (State.CHECKING, State.CODE_B) and self.secret.flow.step is Step.IDLE:
            purpose = self.visit.my_number_purpose if self.visit else None
            self.secret.start(purpose, CODE_B if target is State.CODE_B else "pin")

    def _enter_procedures(self) -> None:
        forms = list_forms()
        reads = {f.id for f in forms if workflow.reads_my_number(f)}
        self.view.procedures.set_forms(forms, self.chosen, reads)

    def _enter_metrics(self) -> None:
        data_dir = getattr(self.submitter, "data_dir", None)
        rows = metrics.summary(data_dir) if data_dir is not None else []
        titles = {f.id: f.title_ja for f in list_forms()}
        self.view.metrics.show_rows(rows, titles)

    def _procedures_chosen(self, form_ids: list) -> None:
        if self.flow.state is not State.PROCEDURES:
            return
        self.chosen = list(form_ids)
        self.visit = workflow.Visit(self.chosen)
        self._go(State.WAITING_CARD)

    def _enter_waiting_card(self) -> None:
        if self.visit is None:
            self.visit = workflow.Visit(self.chosen)
        self.clock.reset()
        self.clock.start("card")
        self.view.tap.set_checking(False)
        self.view.tap.set_card_present(self.card.present)
        # the preview's widgets for these forms, built while the resident taps the card (after the tap
        # page is drawn): the card read then only fills them
        sections = [(Bilingual(form.title_ja, form.title_en), fields) for form, fields in self.visit.sections()]
        QTimer.singleShot(0, self.view.preview, lambda: self.view.preview.prepare(sections))

    def _enter_checking(self) -> None:
        self.view.tap.set_checking(True)

    def _enter_preview(self) -> None:
        p = self.person
        self.view.preview.set_read_from_card(p.get("read_from_card") is not False)
        self.asked_to_confirm = False
        birth = format_wareki(dt.date.fromisoformat(p["birth_date"]))
        sex = text(f"sex.{p['sex_code']}") if p["sex_code"] in ("1", "2", "9") else Bilingual("—", "—")
        self.view.preview.show_person(p["name"], p["address"], birth, sex)
        self.clock.end("card")
        self.clock.end("confirm")
        self.clock.start("asked")
        if not self.answers:  # the card holder is at the desk: 本人 to start with
            self.answers = workflow.desk_defaults(self.visit, p)
        self._fill()
        defaults = {k: v for f in reversed(self.filled_all) for k, v in f.values.items()}
        sections = [(Bilingual(form.title_ja, form.title_en), fields)
                    for form, fields in self.visit.sections()]
        self.view.preview.build_fields([], self.answers, defaults, sections=sections)
        self._answers_changed()

    def _fill(self) -> None:
        self.filled_all = self.visit.fill(self.person, self.answers)
        self.filled = self.filled_all[0]

    def _enter_confirm(self) -> None:
        self.clock.end("asked")
        self.clock.start("confirm")
        self._fill()
        forms = [(Bilingual(f.form.title_ja, f.form.title_en),
                  [(workflow.field_label(field), value)
                   for field, value in workflow.display_rows(f)]) for f in self.filled_all]
        titles = [f.form.title_ja for f in self.filled_all]
        title = Bilingual("・".join(titles), f"{len(titles)} form(s)") if len(titles) > 1 else forms[0][0]
        note = text("confirm.my_number") if self.person.get("my_number") else None
        shown_forms = forms if len(forms) > 1 else [(None, forms[0][1])]
        document = self.person.get("identity_document")
        if document:   # the by-hand path: which document staff saw (recorded, never printed)
            shown_forms = [(text("confirm.identity"), identity.rows(document)), *shown_forms]
        self.view.confirm.show_forms(title, shown_forms, note)
        self.view.confirm.set_busy(False)

    def check_card(self) -> None:
        if self.flow.state is State.WAITING_CARD:
            self._go(State.CHECKING)

    # -- the card's secret ------------------------------------------------------------------
    def _reading_page(self):
        return self.view.code_b if self.flow.code_b else self.view.pin

    def _secret_step(self, value: str) -> None:
        """The card-secret flow moved: follow it with the counter's states, or take over at its end."""
        if self.flow.state not in SECRET:
            return   # the person left (最初から, 戻る, the card taken away) while the card answered
        flow = self.secret.flow
        step = Step(value)
        if step is Step.READ:
            self.person = dict(flow.result["person"])
            self.answers = {}
            self._go(State.PREVIEW)
        elif step is Step.BY_HAND:
            self._show_error(text("error.title"), flow.words, can_retry=False)
        elif step is Step.FAILED:
            self._show_error(text("error.title"), flow.words)
        elif step is Step.TAP:
            words = flow.words
            self._go(State.WAITING_CARD)
            set_bilingual(self.view.tap.status, words)
        elif step is not Step.IDLE:
            target = (State.CODE_B if step is Step.CHECKING and flow.secret == CODE_B else
                      State.CHECKING if step is Step.CHECKING else State(step.value))
            if target is not self.flow.state:
                self._go(target)

    def _show_error(self, title: Bilingual, message: Bilingual, can_retry: bool = True) -> None:
        self.view.error.show_error(title, message, can_retry)
        self._go(State.ERROR)

    # -- card presence ---------------------------------------------------------------------
    def _presence(self, present: bool) -> None:
        state = self.flow.state
        if state is State.WAITING_CARD:
            self.view.tap.set_card_present(present)
            if present:
                self.check_card()  # a card just arrived: no button needed
        elif state is State.PIN and not present:
            self._go(State.WAITING_CARD)  # the card was taken away before the PIN

    # -- by hand, answers, submitting ------------------------------------------------------
    def _manual_person(self, person: dict) -> None:
        self.person = dict(person, read_from_card=False)
        self.answers, self.code_answers = dict(self.code_answers), {}
        self._go(State.PREVIEW)

    def _code_scanned(self, texts: list) -> None:
        """A pre-registration code on the by-hand screen: its procedures become the visit's, its
        person fills the four facts (staff check them against the identity document), its answers
        wait for 次へ."""
        try:
            code = prereg.read_visit(texts, getattr(self.submitter, "data_dir", None) or ".", self.site)
        except prereg.PreregError as exc:
            self.view.manual.show_problem(exc)
            return
        procedures = prereg.known_procedures(code)
        if procedures and procedures != self.chosen:
            self.chosen = procedures
            self.visit = workflow.Visit(self.chosen)
        self.code_answers = prereg.prefilled_answers(code, self.chosen)
        self.view.manual.fill_from(prereg.by_hand_person(code))

    def _answers_changed(self) -> None:
        if self.person is None:
            return
        self.answers = self.view.preview.answers()
        self._fill()
        words, _ = self._problems()
        errors = workflow.Visit.problems(self.filled_all)[1]
        # what is missing is said once 確認へ進む was pressed (then kept up to date as they answer);
        # a wrong answer (a phone number with letters…) at once
        self.view.preview.set_problems(words if errors or self.asked_to_confirm else None)

    def _problems(self) -> tuple[Bilingual | None, str | None]:
        """Words for what is still wrong or missing (the missing items named, in the screen's order),
        and the id of the first field to put the focus on; (None, None) when all is answered."""
        missing, errors = workflow.Visit.problems(self.filled_all)
        if errors:
            first = errors[0]
            return Bilingual(first["message_ja"], first["message_en"]), first.get("field")
        if not missing:
            return None, None
        fields = {f.id: f for form in self.visit.forms for f in form.fields}
        first = self.view.preview.first_of(missing)
        order = sorted((fid for fid in missing if fid in fields), key=lambda fid: fid != first)
        named = [workflow.field_label(fields[fid]) for fid in order]
        shown, more = named[:MISSING_NAMED], len(named) - MISSING_NAMED   # a few by name, then a count
        words = text("preview.missing_more" if more > 0 else "preview.missing",
                     items="、".join(w.ja for w in shown), items_en=", ".join(w.en for w in shown),
                     items_easy="、".join(w.easy or w.ja for w in shown), more=more)
        return words, first

    def _to_confirm(self) -> None:
        """確認へ進む: on to the check, or, with something still missing, the missing items named and
        the focus on the first of them (never a button that silently does nothing)."""
        if self.flow.state is not State.PREVIEW:
            return
        self.asked_to_confirm = True
        self._answers_changed()
        words, field_id = self._problems()
        if words is None:
            self._go(State.CONFIRM)
            return
        self.view.preview.set_problems(words)
        if field_id is not None:
            self.view.preview.point_at(field_id)

    def _submit(self) -> None:
        if self.flow.state is not State.CONFIRM:
            return
        self._go(State.SUBMITTING)
        self.view.confirm.set_busy(True)
        self.clock.end("confirm")
        self.submitter.submit(dict(self.person), dict(self.answers), list(self.visit.form_ids),
                              self._metrics_rows())

    def _metrics_rows(self) -> list[dict]:
        """One row per application: phase times and item counts, nothing personal."""
        times = self.clock.durations()
        path = "manual" if self.flow.manual else "code_b" if self.flow.code_b else "pin"
        typed: set[str] = set()
        preset = workflow.desk_defaults(self.visit, self.person)
        rows = []
        for filled in self.filled_all:
            items = metrics.count_items(filled, typed, preset)
            rows.append({"form_id": filled.form.id, "path": path, "card_ms": times["card"],
                         "asked_ms": times["asked"], "confirm_ms": times["confirm"],
                         "prefilled": items.prefilled, "typed": items.typed})
        return rows

    def _submitted(self, result) -> None:
        if self.flow.state is not State.SUBMITTING:
            return
        self.last_submission = result["submission"]
        self.last_submissions = list(result.get("submissions", [result["submission"]]))
        self._go(State.DONE)
        self.view.done.show_queue(result.get("pending", 0))
        self.view.done.show_card_line(self.person is not None and self.person.get("read_from_card") is not False)
        self.view.done.show_printing(result.get("printing"))
        self.submitted.emit(result)

    def _submit_failed(self, exc: Exception) -> None:
        if self.flow.state is not State.SUBMITTING:
            return
        self._go(State.CONFIRM)
        self.view.confirm.show_message(messages.for_error(exc))
