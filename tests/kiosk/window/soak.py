"""The soak: visit after visit at every desk through the real window, with the resident's language
switched at random on every screen that has the switch, 戻る on the check screen and 最初から at
random points, until the time is up. The kiosk runs with faulthandler on; any segmentation fault
ends the soak with the Python stack of the crash (KioskGone).

What it does each round (seeded, so a failing run can be replayed with its seed):
- the counter (half the rounds): the main path of desks.counter_visit, sometimes left by 最初から
  part-way, sometimes with 戻る from the check screen back to the preview (rebuilt) and on;
- the shelter: a check-in typed by hand under a new name, then back to the start;
- the library: the registration form opened and left, the desk left.
"""

from __future__ import annotations

import random
import time
from dataclasses import asdict, dataclass, field

from tests.kiosk.window import desks
from tests.kiosk.window.kiosk_window import KioskWindow

SWITCH_CHANCE = 0.6     # on each screen with the switch: one to three switches
LEAVE_CHANCE = 0.1      # on each counter screen: 最初から now
BACK_CHANCE = 0.3       # on the check screen: 戻る to the preview, then on again
KANA = ("やまだ たろう", "さとう はなこ", "すずき いちろう", "たなか みさき")


class Left(Exception):
    """The visit was left with 最初から: back on the start screen."""


@dataclass
class SoakCount:
    seed: int
    seconds: float = 0.0
    visits: dict = field(default_factory=lambda: {"counter": 0, "shelter": 0, "library": 0})
    left_early: int = 0
    backs: int = 0
    switches: int = 0
    screens: int = 0

    def total(self) -> int:
        return sum(self.visits.values())

    def as_dict(self) -> dict:
        return {**asdict(self), "total_visits": self.total()}


class Soak:
    def __init__(self, k: KioskWindow, seed: int) -> None:
        self.k = k
        self.chance = random.Random(seed)
        self.count = SoakCount(seed)
        self.names = 0

    # -- on every screen -----------------------------------------------------------------------
    def at(self, screen: str, *, counter: bool = False) -> None:
        self.count.screens += 1
        if self.k.find(desks.LANGUAGE_BUTTON, "push button") is not None and self.chance.random() < SWITCH_CHANCE:
            for _ in range(self.chance.randint(1, 3)):
                desks.switch_language(self.k, self.chance.choice(desks.LANGUAGES))
                self.count.switches += 1
        if counter and screen not in ("procedures", "done", "next-person") and self.chance.random() < LEAVE_CHANCE:
            self.k.press("Start over")
            self.k.wait_for("Counter (certificates, filings)")
            raise Left(screen)

    # -- the desks -----------------------------------------------------------------------------
    def counter(self) -> None:
        def at(screen: str) -> None:
            self.at(screen, counter=True)
            if screen == "confirm" and self.chance.random() < BACK_CHANCE:
                self.k.press("Back", "push button")
                self.k.wait_for("Go to check")
                self.count.backs += 1
                self.at("preview-again", counter=True)
                self.k.press("Go to check")
                self.k.wait_for("Submit")

        try:
            desks.counter_visit(self.k, at, kana=self.chance.choice(KANA))
        except Left:
            self.count.left_early += 1
        else:
            desks.leave_counter(self.k)
        self.count.visits["counter"] += 1

    def shelter(self) -> None:
        self.names += 1
        desks.shelter_by_hand(self.k, self.at, name=f"試験　{self.names}号", kana=f"しけん {self.names}",
                              born=f"{1940 + self.names % 80}-04-01")
        desks.leave_shelter(self.k)
        self.count.visits["shelter"] += 1

    def library(self) -> None:
        k = self.k
        k.press("Library")
        k.wait_for("Tap card")
        self.at("library")
        k.press("Register")
        k.wait_for("Read with the PIN")
        self.at("library-register")
        k.press("Cancel")
        k.wait_for("Tap card")
        self.at("library-again")
        k.press("Exit")
        k.wait_for("Library", "push button")
        self.count.visits["library"] += 1

    def run(self, seconds: float, visits: int | None = None) -> SoakCount:
        """Rounds until `seconds` have passed (or `visits` visits were made)."""
        started = time.monotonic()
        while time.monotonic() - started < seconds and (visits is None or self.count.total() < visits):
            desk = self.chance.choices(("counter", "shelter", "library"), weights=(2, 1, 1))[0]
            getattr(self, desk)()
            self.count.seconds = round(time.monotonic() - started, 1)
        return self.count
