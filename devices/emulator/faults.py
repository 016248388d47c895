"""Fault injection for the emulated cards: removal after N commands, a slow card, truncated or garbage
answers and unexpected status words. Works in process and through vpcd.

`FaultyCard(card, Faults(...))` wraps any emulated card (attributes such as `verified` or
`pin_tries_left` are read through to it). Commands are numbered from 1 in the order the wrapper sees
them. `remove_after=N`: the card answers N commands, then leaves the field — through vpcd the link is
closed (call `attach(link)`), in process `CardRemovedError` is raised. `delay_s`: every answer is late.
`truncate={n: k}` keeps only k bytes of answer n; `garbage={n, …}` answers random bytes; `status={n: sw}`
replaces answer n with the bare status word `sw`.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from dataclasses import dataclass, field

from devices.errors import CardRemovedError

logger = logging.getLogger(__name__)


@dataclass
class Faults:
    remove_after: int | None = None
    delay_s: float = 0.0
    truncate: dict[int, int] = field(default_factory=dict)
    garbage: set[int] = field(default_factory=set)
    status: dict[int, int] = field(default_factory=dict)
    seed: int = 0


class FaultyCard:
    def __init__(self, card, faults: Faults) -> None:
        self.card, self.faults = card, faults
        self.commands = 0
        self.removed = False
        self._link = None
        self._rng = random.Random(faults.seed)
        self._lock = threading.Lock()

    def __getattr__(self, name: str):  # holder, verified, pin_tries_left, atr, … of the wrapped card
        return getattr(self.card, name)

    def attach(self, link) -> "FaultyCard":
        """The VpcdLink to close when the card is to leave the field."""
        self._link = link
        return self

    def power_off(self) -> None:
        self.card.power_off()

    def power_on(self) -> None:
        self.card.power_on()

    def reset(self) -> None:
        self.card.reset()

    def process(self, apdu: bytes) -> bytes:
        with self._lock:
            f = self.faults
            if self.removed or (f.remove_after is not None and self.commands >= f.remove_after):
                return self._leave()
            self.commands += 1
            n = self.commands
        if f.delay_s:
            time.sleep(f.delay_s)
        response = self.card.process(apdu)
        if n in f.status:
            logger.debug("fault: status %04X for command %d", f.status[n], n)
            return bytes(((f.status[n] >> 8) & 0xFF, f.status[n] & 0xFF))
        if n in f.garbage:
            logger.debug("fault: garbage for command %d", n)
            return self._rng.randbytes(self._rng.randint(0, 40))
        if n in f.truncate:
            logger.debug("fault: answer %d truncated to %d bytes", n, f.truncate[n])
            return response[:f.truncate[n]]
        return response

    def _leave(self) -> bytes:
        self.removed = True
        self.card.power_off()
        if self._link is None:
            raise CardRemovedError()
        logger.debug("fault: the card leaves the field")
        self._link.remove()  # from the link thread: closes the socket, the answer is never sent
        return b""
