"""Keep the kiosk running: start it, and start it again when it crashes. No Qt.

`python -m kiosk.shell.supervisor [--delay S] [--max-delay S] -- kazasu run ...`
- exit status 0 (staff quit with their PIN) ends the supervisor with 0;
- any other status, or death by a signal (a segfault, an abort, the OOM killer), restarts the child
  after `delay` seconds, doubled after each crash that came less than `stable` seconds after its
  start (capped at `max_delay`), so a crash loop does not spin the CPU;
- SIGTERM / SIGINT / SIGHUP to the supervisor are passed to the child, which is waited for, and the
  supervisor ends (systemd stop, a shutdown).
Each start and each exit is one line on stderr (pid, status, attempt): nothing else of the child's.
The restarted kiosk reads the desk it was on from kiosk-state.json (kiosk.shell.laststate).
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time


class Supervisor:
    def __init__(self, command: list[str], *, delay: float = 1.0, max_delay: float = 30.0,
                 stable: float = 60.0) -> None:
        self.command, self.delay, self.max_delay, self.stable = command, delay, max_delay, stable
        self.child: subprocess.Popen | None = None
        self.stopping = False
        self.starts = 0

    def _say(self, message: str) -> None:
        print(f"kazasu-supervisor: {message}", file=sys.stderr, flush=True)

    def _forward(self, signum, _frame) -> None:
        self.stopping = True
        if self.child is not None and self.child.poll() is None:
            self.child.send_signal(signum)

    def run(self) -> int:
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, self._forward)
        wait = self.delay
        while True:
            started = time.monotonic()
            self.starts += 1
            self.child = subprocess.Popen(self.command)
            self._say(f"started pid {self.child.pid} (start {self.starts})")
            code = self.child.wait()
            how = f"signal {-code}" if code < 0 else f"status {code}"
            self._say(f"pid {self.child.pid} ended with {how}")
            if self.stopping:
                return 0 if code in (0, -signal.SIGTERM, -signal.SIGINT) else 1
            if code == 0:
                return 0
            wait = self.delay if time.monotonic() - started >= self.stable else min(wait * 2, self.max_delay)
            wait = max(wait, self.delay)
            self._say(f"restarting in {wait:.1f} s")
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline and not self.stopping:
                time.sleep(0.05)
            if self.stopping:
                return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kazasu-supervisor", description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=1.0, help="seconds before a restart (default 1)")
    parser.add_argument("--max-delay", type=float, default=30.0, help="cap of the doubled delay")
    parser.add_argument("--stable", type=float, default=60.0,
                        help="a run this long resets the delay (default 60 s)")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- the kiosk command")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the kiosk command after --, e.g. -- kazasu run")
    return Supervisor(command, delay=args.delay, max_delay=args.max_delay, stable=args.stable).run()


if __name__ == "__main__":
    sys.exit(main())
