"""The counter desk's states and the moves allowed between them, without Qt.

idle → procedures (which forms) → waiting for card → checking (tries left) → PIN → reading → preview →
confirm → submitting → done → (wipe) procedures. Side paths: 照合番号B (I don't know my PIN, a blocked
PIN, or a face-authentication card) → reading; manual (typed by staff when there is no card) →
preview; error (照合番号B locked, card unreadable); the staff's metrics table from the procedures step.
Checking, PIN, 照合番号B and reading follow the card-secret flow (kiosk.cards.secret). Every state can
go back to idle ("最初から"). `CounterFlow` refuses any other move, so the screens cannot drift into a
state the desk does not know.
"""

from __future__ import annotations

import enum

from kiosk.errors import KioskError


class State(enum.Enum):
    IDLE = "idle"
    PROCEDURES = "procedures"
    METRICS = "metrics"
    CODE_B = "code_b"
    WAITING_CARD = "waiting_card"
    CHECKING = "checking"
    PIN = "pin"
    READING = "reading"
    MANUAL = "manual"
    PREVIEW = "preview"
    CONFIRM = "confirm"
    SUBMITTING = "submitting"
    DONE = "done"
    ERROR = "error"


# Which step of "1 かざす → 2 暗証番号 → 3 確認 → 4 印刷" each state belongs to.
STEP = {
    State.IDLE: 1, State.PROCEDURES: 1, State.METRICS: 1, State.WAITING_CARD: 1, State.CHECKING: 1, State.ERROR: 1,
    State.CODE_B: 2,
    State.PIN: 2, State.READING: 2, State.MANUAL: 2,
    State.PREVIEW: 3, State.CONFIRM: 3, State.SUBMITTING: 3,
    State.DONE: 4,
}

MOVES: dict[State, set[State]] = {
    State.IDLE: {State.PROCEDURES, State.WAITING_CARD},
    State.PROCEDURES: {State.WAITING_CARD, State.METRICS},
    State.METRICS: {State.PROCEDURES},
    State.WAITING_CARD: {State.CHECKING, State.MANUAL, State.PROCEDURES},
    State.CHECKING: {State.PIN, State.CODE_B, State.ERROR, State.WAITING_CARD},
    State.PIN: {State.READING, State.CODE_B, State.MANUAL, State.WAITING_CARD},
    State.CODE_B: {State.READING, State.MANUAL, State.WAITING_CARD, State.ERROR},
    State.READING: {State.PREVIEW, State.PIN, State.CODE_B, State.ERROR, State.WAITING_CARD},
    State.MANUAL: {State.PREVIEW, State.WAITING_CARD, State.PIN},
    State.PREVIEW: {State.CONFIRM, State.CHECKING, State.CODE_B, State.MANUAL, State.WAITING_CARD},
    State.CONFIRM: {State.SUBMITTING, State.PREVIEW},
    State.SUBMITTING: {State.DONE, State.ERROR, State.CONFIRM},
    State.DONE: {State.WAITING_CARD, State.PROCEDURES},
    State.ERROR: {State.WAITING_CARD, State.MANUAL},
}


class IllegalMoveError(KioskError):
    code = "illegal_state_move"
    message_ja = "画面の状態が正しくありません。最初からやり直してください。"
    message_en = "The screen got into a wrong state. Please start over."

    def __init__(self, current: State, target: State) -> None:
        super().__init__(current=current.value, target=target.value)
        self.args = (f"{current.value} -> {target.value} is not a move of the counter desk",)


class CounterFlow:
    """The current state plus the history needed for "戻る"."""

    def __init__(self) -> None:
        self.state = State.IDLE
        self.manual = False  # the person was typed in by staff (no card read)
        self.code_b = False  # the card was opened with 照合番号B (no PIN)

    @property
    def step(self) -> int:
        return STEP[self.state]

    def can_go(self, target: State) -> bool:
        return target is State.IDLE or target in MOVES[self.state]

    def go(self, target: State) -> State:
        if not self.can_go(target):
            raise IllegalMoveError(self.state, target)
        if target is State.MANUAL:
            self.manual = True
        elif target in (State.IDLE, State.WAITING_CARD, State.CHECKING, State.PIN, State.CODE_B):
            self.manual = False
        if target is State.CODE_B:
            self.code_b = True
        elif target in (State.IDLE, State.PROCEDURES, State.WAITING_CARD, State.CHECKING, State.PIN):
            self.code_b = False
        self.state = target
        return target

    def back_target(self) -> State | None:
        """Where "戻る" leads from the current state (None: nowhere, e.g. after submitting)."""
        return {
            State.PROCEDURES: State.IDLE,
            State.METRICS: State.PROCEDURES,
            State.WAITING_CARD: State.PROCEDURES,
            State.CHECKING: State.WAITING_CARD,
            State.PIN: State.WAITING_CARD,
            State.CODE_B: State.WAITING_CARD,
            State.MANUAL: State.WAITING_CARD,
            State.PREVIEW: (State.MANUAL if self.manual else
                            State.CODE_B if self.code_b else State.CHECKING),
            State.CONFIRM: State.PREVIEW,
            State.ERROR: State.WAITING_CARD,
        }.get(self.state)
