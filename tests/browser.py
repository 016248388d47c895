"""Headless Chromium (Debian's `chromium`) driven over the DevTools protocol on a pipe, for the tests of
the resident's pre-registration page: open a URL at phone size, type into fields as a keyboard does
(`Input.insertText`), click, evaluate, take screenshots. No WebDriver or Node package: Chromium's
`--remote-debugging-pipe` reads JSON commands on fd 3 and writes answers on fd 4, each ended by NUL.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
TIMEOUT_S = 60.0


class BrowserError(AssertionError):
    pass


class Chromium:
    """One headless Chromium with one page; `close()` ends it (a context manager too)."""

    def __init__(self, profile: Path, *, width: int = 390, height: int = 844, scale: float = 2.0) -> None:
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def fds() -> None:  # in the child: its fd 3 reads our commands, its fd 4 writes the answers
            a = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD_CLOEXEC, 10)
            b = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD_CLOEXEC, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        profile.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--remote-debugging-pipe", f"--user-data-dir={profile}", "--no-first-run",
             "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
             "--lang=ja-JP", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=fds, close_fds=False)  # os.pipe() ends are close-on-exec: only fd 3 and 4 go over
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._next = 0
        self._answers: dict[int, queue.Queue] = {}
        self.events: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=scale,
                  mobile=True)

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self._from_browser, 1 << 16)
            except OSError:
                return
            if not chunk:
                return
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "id" in message:
                    with self._lock:
                        box = self._answers.get(message["id"])
                    if box is not None:
                        box.put(message)
                else:
                    self.events.append(message)

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        with self._lock:
            self._next += 1
            ident = self._next
            box = self._answers[ident] = queue.Queue()
        message: dict[str, Any] = {"id": ident, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        try:
            answer = box.get(timeout=TIMEOUT_S)
        except queue.Empty:
            raise BrowserError(f"chromium did not answer {method} in {TIMEOUT_S} s") from None
        if "error" in answer:
            raise BrowserError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """A command to the page's session."""
        return self.call(method, self.session, **params)

    def open(self, url: str) -> None:
        """Navigate and wait for the load event."""
        seen = len(self.events)
        self.send("Page.navigate", url=url)
        self.wait_event("Page.loadEventFired", after=seen)

    def reload(self) -> None:
        """Reload as a person does (a service worker still answers; a forced reload would bypass it)."""
        seen = len(self.events)
        self.send("Page.reload")
        self.wait_event("Page.loadEventFired", after=seen)

    def wait_event(self, method: str, *, after: int = 0, timeout: float = TIMEOUT_S) -> dict[str, Any]:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for event in self.events[after:]:
                if event.get("method") == method:
                    return event
            time.sleep(0.02)
        raise BrowserError(f"no {method} within {timeout} s")

    def eval(self, expression: str) -> Any:
        """The value of a JavaScript expression (a promise is awaited)."""
        result = self.send("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression[:80]}: {result['exceptionDetails']}")
        return result.get("result", {}).get("value")

    def wait(self, expression: str, timeout: float = TIMEOUT_S) -> Any:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            value = self.eval(expression)
            if value:
                return value
            time.sleep(0.05)
        raise BrowserError(f"not true within {timeout} s: {expression}")

    def type_into(self, element_id: str, text: str) -> None:
        """Focus a field and type `text` into it as a keyboard (or an input method) does."""
        self.eval(f"document.getElementById({json.dumps(element_id)}).focus()")
        self.send("Input.insertText", text=text)

    def click(self, element_id: str) -> None:
        self.eval(f"document.getElementById({json.dumps(element_id)}).click()")

    def screenshot(self, path: Path, element_id: str | None = None, *, full: bool = False) -> Path:
        params: dict[str, Any] = {"format": "png"}
        if element_id is not None:
            box = self.eval(f"(() => {{ const r = document.getElementById({json.dumps(element_id)})"
                            ".getBoundingClientRect(); return [r.x + scrollX, r.y + scrollY, r.width, r.height]; })()")
            params.update(clip={"x": box[0], "y": box[1], "width": box[2], "height": box[3], "scale": 1},
                          captureBeyondViewport=True)
        elif full:
            height = self.eval("document.documentElement.scrollHeight")
            width = self.eval("document.documentElement.clientWidth")
            params.update(clip={"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
                          captureBeyondViewport=True)
        data = self.send("Page.captureScreenshot", **params)["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        try:
            os.close(self._to_browser)
        except OSError:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        try:
            os.close(self._from_browser)
        except OSError:
            pass

    def __enter__(self) -> "Chromium":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
