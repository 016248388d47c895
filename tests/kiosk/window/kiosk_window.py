"""The kiosk as people run it, in a real X server: `kazasu demo` or `kazasu run` in its own process
(Qt's xcb platform, faulthandler on), with a session bus and the accessibility bus (at-spi) beside it,
driven by what a screen reader sees (atspi_agent.py, under Debian's /usr/bin/python3) and by input
events (xdotool).

`KioskWindow` finds a control by its accessible name ("日本語 / English": either half or the whole,
or a regular expression), presses it with a real click at its middle (or its accessibility action),
types into it, waits for a control or a state to show (by looking again until it does, with a time
limit), reads the window's geometry and takes screenshots. When the kiosk process is gone, every
call says so with the end of its output (a segmentation fault's Python stack, by faulthandler).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.kiosk.window.xserver import Rect, XServer

KAZASU = Path(sys.executable).parent / "kazasu"
AGENT = Path(__file__).resolve().parent / "atspi_agent.py"
SYSTEM_PYTHON = "/usr/bin/python3"            # Debian's, with python3-pyatspi
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
WAIT_S = 30.0          # a control that should show: at most this long (a loaded CI machine)
LOOK_EVERY_S = 0.15    # how often a wait looks at the tree again
START_S = 90.0         # process start → the first screen on the accessibility bus
SIGSEGV = -signal.SIGSEGV
TEXT_ROLES = ("text", "password text", "entry")   # what a screen reader calls a text field


class KioskGone(AssertionError):
    """The kiosk process ended while a test was driving it (a crash when its status is a signal)."""


@dataclass(frozen=True)
class Control:
    path: tuple[int, ...]
    role: str
    name: str
    rect: Rect
    focused: bool
    enabled: bool
    checked: bool
    text: str | None

    @property
    def middle(self) -> tuple[int, int]:
        return self.rect.x + self.rect.w // 2, self.rect.y + self.rect.h // 2


def matches(name: str, wanted: str | re.Pattern) -> bool:
    """`wanted` is the whole accessible name, one of its " / " halves, or a regular expression."""
    if isinstance(wanted, re.Pattern):
        return wanted.search(name) is not None
    return wanted == name or wanted in (part.strip() for part in name.split(" / "))


def intersect(a: Rect, b: Rect) -> Rect:
    x, y = max(a.x, b.x), max(a.y, b.y)
    return Rect(x, y, max(0, min(a.right, b.right) - x), max(0, min(a.bottom, b.bottom) - y))


def visible_part(control: Control, controls: list[Control], screen: Rect) -> tuple[Rect, Rect | None]:
    """The part of `control` inside every ancestor (a scroll area's viewport clips its contents)
    and the screen, and the innermost ancestor that cuts it (None when nothing does)."""
    seen, clipper = control.rect, None
    ancestors = sorted((c for c in controls if c.path == control.path[:len(c.path)] and c is not control),
                       key=lambda c: len(c.path), reverse=True)
    for ancestor in ancestors:
        if ancestor.rect.w <= 0 or ancestor.rect.h <= 0:
            continue
        cut = intersect(seen, ancestor.rect)
        if cut != seen and clipper is None:
            clipper = ancestor.rect
        seen = cut
    cut = intersect(seen, screen)
    if cut != seen and clipper is None:
        clipper = screen
    return cut, clipper


def _kill_group(process: subprocess.Popen, timeout: float = 10.0) -> None:
    """End a helper we started in its own session, with every child it made (its process group)."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class AccessibilityBus:
    """A private session bus with the accessibility bus launched on it (what a desktop session has)."""

    def __init__(self, folder: Path, x: XServer) -> None:
        self.address = f"unix:path={folder / 'session-bus'}"
        self.daemon = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", f"--address={self.address}", "--print-address=1"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True, text=True)
        self.daemon.stdout.readline()   # printed once the bus accepts connections
        self.launcher = subprocess.Popen(
            [BUS_LAUNCHER, "--launch-immediately"], env={**os.environ, **self.env(), **x.env()},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    def env(self) -> dict[str, str]:
        return {"DBUS_SESSION_BUS_ADDRESS": self.address}

    def stop(self) -> None:
        _kill_group(self.launcher)
        _kill_group(self.daemon)
        self.daemon.stdout.close()


class Agent:
    """atspi_agent.py in Debian's Python: one request, one answer."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [SYSTEM_PYTHON, "-u", str(AGENT)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, encoding="utf-8", start_new_session=True,
            env={k: v for k, v in env.items() if not k.startswith("PYTHON")})

    def ask(self, **request):
        self.process.stdin.write(json.dumps(request, ensure_ascii=False) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the accessibility agent ended")
        reply = json.loads(line)
        if not reply["ok"]:
            raise LookupError(reply["error"])
        return reply["result"]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                _kill_group(self.process)
        self.process.stdout.close()


class KioskWindow:
    """`kazasu ARGS` shown on `x`, its output in `folder`/kiosk.log, its screenshots in `shots`.
    `prefix` runs it under another program, e.g. ["gdb", "-batch", "-ex", "run", "-ex", "bt",
    "--args", sys.executable] for the C++ stack of a crash."""

    def __init__(self, x: XServer, folder: Path, args: list[str], shots: Path,
                 env: dict[str, str] | None = None, prefix: list[str] | None = None) -> None:
        self.x, self.folder, self.shots = x, folder, shots
        self.step = 0
        self._stopped, self._ended = False, None
        self._seen: list[Control] = []
        self.bus = AccessibilityBus(folder, x)
        base = {k: v for k, v in os.environ.items() if not k.startswith("KAZASU_")}
        base.pop("QT_QPA_PLATFORM", None)    # the test run's offscreen: this one is a real window
        self.env = {**base, **x.env(), **self.bus.env(), "QT_QPA_PLATFORM": "xcb",
                    "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1", "PYTHONFAULTHANDLER": "1",
                    "PYTHONUNBUFFERED": "1", **(env or {})}
        self.log_path = folder / "kiosk.log"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen([*(prefix or []), str(KAZASU), "-v", *args], env=self.env,
                                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.agent = Agent({**os.environ, **x.env(), **self.bus.env()})
        try:
            self.agent.ask(op="app", part="kazasu", timeout=START_S)
        except Exception:
            ended = self.stop()
            if ended is not None:
                raise KioskGone(f"the kiosk ended with status {ended} before its window showed:\n"
                                f"{self.log()}") from None
            raise

    # -- the process -------------------------------------------------------------------------------
    def log(self, tail: int = 60) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-tail:])

    def check_alive(self) -> None:
        code = self.process.poll()
        if code is not None:
            what = "a segmentation fault" if code == SIGSEGV else f"status {code}"
            raise KioskGone(f"the kiosk ended with {what}; its last output:\n{self.log()}")

    def stop(self) -> int | None:
        """End the kiosk (SIGTERM to its process group, as a session ends it) and the buses; its
        status if it had already ended by itself, else None (the same answer when called again)."""
        if self._stopped:
            return self._ended
        self._stopped = True
        self._ended = self.process.poll()
        self.agent.stop()
        _kill_group(self.process)
        self.bus.stop()
        return self._ended

    # -- what shows --------------------------------------------------------------------------------
    def shown(self) -> list[Control]:
        self.check_alive()
        try:
            nodes = self.agent.ask(op="shown")
        except LookupError:   # the application left the bus: give a dying kiosk time to end
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
            self.check_alive()
            raise
        return [Control(tuple(n["path"]), n["role"], n["name"], Rect(n["x"], n["y"], n["w"], n["h"]),
                        n["focused"], n["enabled"], n["checked"], n["text"]) for n in nodes]

    def find(self, name: str | re.Pattern, role: str | tuple[str, ...] | None = None,
             controls: list[Control] | None = None) -> Control | None:
        """The first showing control with that name (and that role, or one of those roles)."""
        roles = (role,) if isinstance(role, str) else role
        for control in self.shown() if controls is None else controls:
            if matches(control.name, name) and (roles is None or control.role in roles) \
                    and control.rect.w > 0 and control.rect.h > 0:
                return control
        return None

    def wait_until(self, condition, what: str, timeout: float = WAIT_S):
        """Look at the tree until `condition(controls)` gives something true; that is returned."""
        deadline = time.monotonic() + timeout
        while True:
            controls = self.shown()
            found = condition(controls)
            if found:
                self._seen = controls   # what showed when it was found (press looks no further)
                return found
            if time.monotonic() > deadline:
                listing = "\n".join(f"  {c.role}: {c.name}" for c in controls if c.name)
                raise AssertionError(f"{what} did not show within {timeout:.0f} s; shown:\n{listing}")
            time.sleep(LOOK_EVERY_S)

    def wait_for(self, name: str | re.Pattern, role: str | tuple[str, ...] | None = None, *, enabled: bool = True,
                 timeout: float = WAIT_S) -> Control:
        def found(controls):
            control = self.find(name, role, controls)
            return control if control is not None and (control.enabled or not enabled) else None

        return self.wait_until(found, f"{role or 'control'} {name!r}", timeout)

    def wait_gone(self, name: str | re.Pattern, role: str | tuple[str, ...] | None = None,
                  timeout: float = WAIT_S) -> None:
        self.wait_until(lambda controls: self.find(name, role, controls) is None,
                        f"the disappearance of {name!r}", timeout)

    def showing(self, name: str | re.Pattern, role: str | tuple[str, ...] | None = None) -> bool:
        return self.find(name, role) is not None

    # -- what people do ----------------------------------------------------------------------------
    def press(self, name: str | re.Pattern, role: str | tuple[str, ...] | None = None, *, by: str = "click",
              timeout: float = WAIT_S) -> Control:
        """A click at the middle of the control (by="click"; scrolled into view first, with the
        wheel, as a person would), or its accessibility action (by="action", what a screen
        reader's user does)."""
        control = self.wait_for(name, role, timeout=timeout)
        if by == "click":
            self.x.click(*self.into_view(control, name, role))
        else:
            self.agent.ask(op="action", path=list(control.path), role=control.role, name=control.name)
        return control

    def into_view(self, control: Control, name, role, turns: int = 40) -> tuple[int, int]:
        """Where to click `control`: the middle of its part that is not hidden by a scroll area
        (or the screen's edge). While less than all of it shows, the wheel turns over the scroll
        area that hides it."""
        controls = self._seen
        for turn in range(turns):
            if turn:
                controls = self.shown()
            control = self.find(name, role, controls) or control
            seen, clipper = visible_part(control, controls, self.x.screen)
            if seen == control.rect or clipper is None or clipper == self.x.screen:
                break   # all of it shows, or only the screen's edge cuts it (nothing to scroll)
            if seen.w < control.rect.w:   # pages scroll down, never sideways: a layout fault
                raise AssertionError(f"{control.name!r} at {control.rect} is cut off sideways (seen: {seen})")
            wheel = "5" if control.rect.bottom > seen.bottom else "4"   # X's wheel down / up
            middle = clipper.x + clipper.w // 2, clipper.y + clipper.h // 2
            self.x.run("xdotool", "mousemove", str(middle[0]), str(middle[1]), "click", wheel)
        else:
            raise AssertionError(f"{control.name!r} could not be scrolled into view")
        seen, _ = visible_part(control, controls, self.x.screen)
        if seen.w <= 0 or seen.h <= 0:
            raise AssertionError(f"{control.name!r} at {control.rect} is not on the screen "
                                 f"{self.x.screen}")
        return seen.x + seen.w // 2, seen.y + seen.h // 2

    def type_into(self, name: str | re.Pattern, text: str, *, by: str | None = None) -> Control:
        """Click into the field and type `text`: key by key with xdotool when it is ASCII (what a
        keyboard or a barcode scanner sends), else as one committed string through the
        accessibility tree (what an input method commits for kana and kanji: X has no keys for
        them, and xdotool's remapped keys drop characters). Waits until the field shows it."""
        control = self.press(name, TEXT_ROLES, by="click")
        by = by or ("keys" if text.isascii() else "atspi")
        if by == "keys":
            self.x.type_text(text)
        else:
            self.agent.ask(op="set_text", path=list(control.path), role=control.role, name=control.name,
                           text=text)
        def typed(c: Control) -> bool:   # a password field shows one mask character per key
            if c.path != control.path or c.text is None:
                return False
            return len(c.text) >= len(text) if c.role == "password text" else text in c.text

        self.wait_until(lambda controls: any(typed(c) for c in controls), f"{text!r} in {control.name!r}")
        return control

    def key(self, *keys: str) -> None:
        self.x.key(*keys)

    # -- the window against the screen -------------------------------------------------------------
    def geometry(self) -> Rect:
        """The kiosk's main window (xwininfo): the largest window whose title has "kazasu"."""
        rect = self.x.window("kazasu")
        if rect is None:
            raise AssertionError(f"no kiosk window among {self.x.windows()}")
        return rect

    def shot(self, step: str) -> Path:
        """A screenshot of the whole screen as `NN-step.png` in the test's folder."""
        self.check_alive()
        self.step += 1
        return self.x.screenshot(self.shots / f"{self.step:02d}-{step}.png")
