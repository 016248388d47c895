"""The PC/SC watcher thread against a fake PC/SC layer: events, hot-plug, lost service, clean stop."""

import queue
import threading
import time

from devices.watcher import (
    CARD_ABSENT,
    CARD_PRESENT,
    PCSC_UNAVAILABLE,
    PNP_READER,
    READER_ADDED,
    READER_REMOVED,
    CardEvent,
    CardWatcher,
)
from tests.waiting import wait_until

PRESENT, CHANGED = 0x20, 0x02


class FakeScard:
    SCARD_SCOPE_USER = 2
    SCARD_STATE_UNAWARE = 0
    SCARD_STATE_PRESENT = PRESENT
    SCARD_STATE_CHANGED = CHANGED

    def __init__(self):
        self.cond = threading.Condition()
        self.readers: dict[str, bool] = {}
        self.service = True
        self.cancelled = False
        self.generation = 0
        self.contexts = 0

    def change(self, fn):
        with self.cond:
            fn()
            self.generation += 1
            self.cond.notify_all()

    def SCardEstablishContext(self, scope):
        with self.cond:
            if not self.service:
                return 0x8010001D, 0
            self.contexts += 1
            return 0, self.contexts

    def SCardReleaseContext(self, context):
        return 0

    def SCardCancel(self, context):
        self.change(lambda: setattr(self, "cancelled", True))
        return 0

    def SCardListReaders(self, context, groups):
        with self.cond:
            if not self.service:
                return 0x8010001D, []
            return (0, list(self.readers)) if self.readers else (0x8010002E, [])

    def _state(self, name):
        if name == PNP_READER:
            return len(self.readers) << 16
        return (self.generation << 16) | (PRESENT if self.readers.get(name) else 0x10)

    def SCardGetStatusChange(self, context, timeout_ms, states):
        deadline = time.monotonic() + timeout_ms / 1000
        with self.cond:
            while True:
                if self.cancelled:
                    self.cancelled = False
                    return 0x80100002, []
                if not self.service:
                    return 0x8010001D, []
                current = [(n, self._state(n)) for n, _ in states]
                if any(s != c for (_, s), (_, c) in zip(states, current)):
                    return 0, [(n, c | CHANGED, []) for n, c in current]
                left = deadline - time.monotonic()
                if left <= 0:
                    return 0x8010000A, []
                self.cond.wait(left)


def collect():
    events: queue.Queue = queue.Queue()
    return events, events.put


def expect(events, *wanted, timeout=2.0):
    got = []
    deadline = time.monotonic() + timeout
    while len(got) < len(wanted) and time.monotonic() < deadline:
        try:
            got.append(events.get(timeout=0.05))
        except queue.Empty:
            pass
    assert got == list(wanted)


def test_initial_state_plug_and_cards():
    fake = FakeScard()
    fake.readers = {"R1": True}
    events, put = collect()
    with CardWatcher(put, poll_s=0.2, backend=fake) as watcher:
        expect(events, CardEvent(READER_ADDED, "R1"), CardEvent(CARD_PRESENT, "R1"))
        fake.change(lambda: fake.readers.update(R1=False))
        expect(events, CardEvent(CARD_ABSENT, "R1"))
        fake.change(lambda: fake.readers.update(R2=True))
        expect(events, CardEvent(READER_ADDED, "R2"), CardEvent(CARD_PRESENT, "R2"))
        fake.change(lambda: fake.readers.pop("R2"))
        expect(events, CardEvent(CARD_ABSENT, "R2"), CardEvent(READER_REMOVED, "R2"))
        assert watcher.running
    assert not watcher.running and events.empty()


def test_lost_service_and_recovery():
    fake = FakeScard()
    fake.readers = {"R1": True}
    events, put = collect()
    watcher = CardWatcher(put, poll_s=0.1, retry_s=0.05, backend=fake).start()
    try:
        expect(events, CardEvent(READER_ADDED, "R1"), CardEvent(CARD_PRESENT, "R1"))
        fake.change(lambda: setattr(fake, "service", False))
        expect(events, CardEvent(CARD_ABSENT, "R1"), CardEvent(READER_REMOVED, "R1"),
               CardEvent(PCSC_UNAVAILABLE))
        time.sleep(0.2)   # the behaviour itself: four retries (every 50 ms) pass …
        assert events.empty()  # … and it was reported once, not at every retry
        fake.change(lambda: setattr(fake, "service", True))
        expect(events, CardEvent(READER_ADDED, "R1"), CardEvent(CARD_PRESENT, "R1"))
    finally:
        watcher.stop()
    assert not watcher.running


def test_stop_is_prompt_and_a_failing_callback_is_survived():
    fake = FakeScard()
    fake.readers = {"R1": False}
    calls = []

    def bad(event):
        calls.append(event)
        raise RuntimeError("callback bug")

    watcher = CardWatcher(bad, poll_s=30.0, backend=fake).start()
    wait_until(lambda: calls, 2, "the first event")
    fake.change(lambda: fake.readers.update(R1=True))
    wait_until(lambda: len(calls) == 2, 2, "the card's event after the failed callback")
    start = time.monotonic()
    watcher.stop()
    assert time.monotonic() - start < 1.0 and not watcher.running  # SCardCancel woke the 30 s wait
    assert [e.kind for e in calls] == [READER_ADDED, CARD_PRESENT]


def test_no_readers_at_start():
    fake = FakeScard()
    events, put = collect()
    with CardWatcher(put, poll_s=0.1, backend=fake):
        time.sleep(0.15)   # the behaviour itself: a poll (every 100 ms) passes and reports nothing
        assert events.empty()
        fake.change(lambda: fake.readers.update(R9=False))
        expect(events, CardEvent(READER_ADDED, "R9"))
