"""The counter desk's states and the moves allowed between them, without Qt.

idle → waiting for card → checking (tries left) → PIN → reading → preview → confirm → submitting →
done → (wipe) idle. Side paths: manual (typed by staff when there is no card or no PIN) → preview, and
error (PIN blocked, card unreadable). Every state can go back to idle ("最初から"). `CounterFlow`
refuses any other move, so the screens cannot drift into a state the desk does not know.
"""

from __future__ import annotations

import enum


class State(enum.Enum):
    IDLE = "idle"
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
    State.IDLE: 1, State.WAITING_CARD: 1, State.CHECKING: 1, State.ERROR: 1,
    State.PIN: 2, State.READING: 2, State.MANUAL: 2,
    State.PREVIEW: 3, State.CONFIRM: 3, State.SUBMITTING: 3,
    State.DONE: 4,
}

MOVES: dict[State, set[State]] = {
    State.IDLE: {State.WAITING_CARD},
    State.WAITING_CARD: {State.CHECKING, State.MANUAL},
    State.CHECKING: {State.PIN, State.ERROR, State.WAITING_CARD},
    State.PIN: {State.READING, State.MANUAL, State.WAITING_CARD},
    State.READING: {State.PREVIEW, State.PIN, State.ERROR, State.WAITING_CARD},
    State.MANUAL: {State.PREVIEW, State.WAITING_CARD, State.PIN},
    State.PREVIEW: {State.CONFIRM, State.CHECKING, State.MANUAL, State.WAITING_CARD},
    State.CONFIRM: {State.SUBMITTING, State.PREVIEW},
    State.SUBMITTING: {State.DONE, State.ERROR, State.CONFIRM},
    State.DONE: {State.WAITING_CARD},
    State.ERROR: {State.WAITING_CARD, State.MANUAL},
}


class IllegalMoveError(Exception):
    code = "illegal_state_move"

    def __init__(self, current: State, target: State) -> None:
        super().__init__(f"{current.value} -> {target.value} is not a move of the counter desk")
        self.message_ja = "画面の状態が正しくありません。最初からやり直してください。"
        self.message_en = "The screen got into a wrong state. Please start over."


class CounterFlow:
    """The current state plus the history needed for "戻る"."""

    def __init__(self) -> None:
        self.state = State.IDLE
        self.manual = False  # the person was typed in by staff (no card read)

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
        elif target in (State.IDLE, State.WAITING_CARD, State.CHECKING, State.PIN, State.READING):
            self.manual = False
        self.state = target
        return target

    def back_target(self) -> State | None:
        """Where "戻る" leads from the current state (None: nowhere, e.g. after submitting)."""
        return {
            State.WAITING_CARD: State.IDLE,
            State.CHECKING: State.WAITING_CARD,
            State.PIN: State.WAITING_CARD,
            State.MANUAL: State.WAITING_CARD,
            State.PREVIEW: State.MANUAL if self.manual else State.CHECKING,
            State.CONFIRM: State.PREVIEW,
            State.ERROR: State.WAITING_CARD,
        }.get(self.state)
