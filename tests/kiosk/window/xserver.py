"""A real X server for the window tests (Xvfb at a panel's size, no window manager) and what people
do to it: clicks and typing by input events (xdotool), window geometry (xwininfo), screenshots
(xwd | convert). No Qt here: the kiosk runs in its own process, as it does on a terminal.

Debian packages: xvfb, xdotool, x11-utils (xwininfo), x11-apps (xwd), imagemagick (convert); see
scripts/setup.sh.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

TOOLS = ("Xvfb", "xdotool", "xwininfo", "xwd", "convert")
# one window line of `xwininfo -root -tree`: id "name": ("class" "Class")  WxH+X+Y  +absX+absY
WINDOW_LINE = re.compile(r'^\s*(0x[0-9a-f]+) "(?P<name>[^"]*)":.*?(?P<w>\d+)x(?P<h>\d+)[+-]-?\d+[+-]-?\d+'
                         r'\s+(?P<x>[+-]-?\d+)(?P<y>[+-]-?\d+)\s*$')


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    def inside(self, other: Rect) -> bool:
        return (self.x >= other.x and self.y >= other.y and self.right <= other.right
                and self.bottom <= other.bottom)

    def __str__(self) -> str:
        return f"{self.w}×{self.h}+{self.x}+{self.y}"


class XServer:
    """Xvfb on a display it picks itself (-displayfd), one screen of `width`×`height`×24."""

    def __init__(self, width: int, height: int, log: Path) -> None:
        self.width, self.height = width, height
        self.log = log
        read_end, write_end = os.pipe()
        try:
            with open(log, "wb") as out:
                self.process = subprocess.Popen(
                    ["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{width}x{height}x24",
                     "-nolisten", "tcp", "-noreset"],
                    pass_fds=(write_end,), stdout=out, stderr=out, start_new_session=True)
        finally:
            os.close(write_end)
        with os.fdopen(read_end) as ready:   # Xvfb writes its display number once it accepts clients
            number = ready.readline().strip()
        if not number.isdigit():
            self.stop()
            raise RuntimeError(f"Xvfb did not start: {log.read_text(errors='replace')[-2000:]}")
        self.display = f":{number}"

    @property
    def screen(self) -> Rect:
        return Rect(0, 0, self.width, self.height)

    def env(self) -> dict[str, str]:
        return {"DISPLAY": self.display}

    def run(self, *command: str, input_bytes: bytes | None = None) -> bytes:
        return subprocess.run(command, check=True, capture_output=True, input=input_bytes, timeout=60,
                              env={**os.environ, "DISPLAY": self.display}).stdout

    # -- what is on the screen ---------------------------------------------------------------------
    def windows(self) -> list[tuple[str, Rect]]:
        """Every named window with its geometry in screen coordinates (xwininfo -root -tree)."""
        out = self.run("xwininfo", "-root", "-tree").decode(errors="replace")
        found = []
        for line in out.splitlines():
            m = WINDOW_LINE.match(line)
            if m and m["name"]:
                found.append((m["name"], Rect(int(m["x"]), int(m["y"]), int(m["w"]), int(m["h"]))))
        return found

    def window(self, part: str) -> Rect | None:
        """The geometry of the largest mapped window whose name contains `part`."""
        rects = [rect for name, rect in self.windows() if part in name]
        return max(rects, key=lambda r: r.w * r.h) if rects else None

    def screenshot(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        dump = self.run("xwd", "-root", "-silent")
        self.run("convert", "xwd:-", f"png:{path}", input_bytes=dump)
        return path

    # -- input events ------------------------------------------------------------------------------
    def click(self, x: int, y: int) -> None:
        self.run("xdotool", "mousemove", str(x), str(y), "click", "1")

    def type_text(self, text: str, delay_ms: int = 40) -> None:
        self.run("xdotool", "type", "--delay", str(delay_ms), "--", text)

    def key(self, *keys: str) -> None:
        self.run("xdotool", "key", *keys)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
