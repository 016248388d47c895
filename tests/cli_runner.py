"""The one way tests run the `kazasu` command line: in process (`kiosk.cli.main`, its output captured)
or as a real subprocess (the installed `kazasu` script), with the same result either way.

    kazasu = Kazasu(data_dir=tmp_path / "data")     # or the `kazasu` fixture (tests/conftest.py)
    status = kazasu("queue", "status")               # in process, with --json; must exit 0
    status["pending"]                                # the result reads like its JSON answer
    error = kazasu("shelter", "close", ok=False).error          # must exit 1: the error object
    done = kazasu.process("card", "read", "--pin-stdin", stdin=pin + "\\n")   # a real process
    serve = kazasu.start("mesh", "serve", "--port", "0")        # a background process (Popen)

Both ways return a `CliResult`: the argv, the exit status, stdout, stderr and the parsed JSON answer.
The runner's data folder, site and mesh URL go in front of the command as the common options
`--data-dir`, `--site` and `--mesh` (an option given again after the command wins), so one line means
the same in both ways. A real process gets the test's environment without any inherited KAZASU_*
variable (a developer's KAZASU_MESH_URL never reaches a test), with PYTHONUNBUFFERED=1 and the
runner's and the call's `env` on top; in process the test's own environment stays (monkeypatch.setenv
works) and `env` is laid over it for the call. `stdin` is the text the command reads (a PIN, a
照合番号B); without it a real process reads nothing (/dev/null).
"""

from __future__ import annotations

import contextlib
import io
import json as jsonlib
import os
import selectors
import signal
import subprocess
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

KAZASU = Path(sys.executable).parent / "kazasu"   # the console script of the environment under test
RUN_TIMEOUT_S = 120.0
FAILED = 1                                        # every failure of a kazasu command exits 1


@dataclass
class CliResult:
    """What one `kazasu` command did: exit status, output, and its JSON answer (`json`)."""

    argv: list[str]
    code: int
    out: str
    err: str

    @property
    def json(self) -> Any:
        """The JSON answer: the last non-empty line of stdout (commands that report progress print
        earlier lines)."""
        lines = [line for line in self.out.splitlines() if line.strip()]
        if not lines:
            raise AssertionError(f"no JSON answer from {self}")
        try:
            return jsonlib.loads(lines[-1])
        except ValueError:
            raise AssertionError(f"the answer is not JSON: {self}") from None

    @property
    def error(self) -> dict:
        """The `{"error": {...}}` object of a failed command."""
        answer = self.json
        if not isinstance(answer, dict) or "error" not in answer:
            raise AssertionError(f"no error object in the answer of {self}")
        return answer["error"]

    def __getitem__(self, key: str) -> Any:
        return self.json[key]

    def __contains__(self, key: str) -> bool:
        return key in self.json

    def get(self, key: str, default: Any = None) -> Any:
        return self.json.get(key, default)

    def __str__(self) -> str:
        return (f"`kazasu {' '.join(self.argv)}` (exit {self.code})\n--- stdout\n{self.out[-4000:]}"
                f"\n--- stderr\n{self.err[-4000:]}")


@dataclass(frozen=True)
class Kazasu:
    """Runs `kazasu` commands for a test: `runner(...)` in process, `.process(...)` as a real
    subprocess, `.start(...)` in the background. `using(...)` is the same runner with other defaults.
    `program` is what a real process runs (the PyInstaller bundle's `kazasu`, say); with
    `inherit_env=False` it gets `env` and nothing else (a clean environment)."""

    data_dir: Path | None = None
    site: str | None = None
    mesh: str | None = None
    json: bool = True
    env: dict[str, str] = field(default_factory=dict)
    program: Path = KAZASU
    inherit_env: bool = True

    def using(self, **changes: Any) -> Kazasu:
        return replace(self, **changes)

    def argv(self, argv: tuple[str, ...], *, json: bool | None = None, data_dir: Path | None = None,
             site: str | None = None, mesh: str | None = None) -> list[str]:
        """The full argument list: the common options, then the command."""
        front: list[str] = []
        if self.json if json is None else json:
            front.append("--json")
        for option, value in (("--data-dir", data_dir or self.data_dir), ("--site", site or self.site),
                              ("--mesh", mesh or self.mesh)):
            if value is not None:
                front += [option, str(value)]
        return [*front, *map(str, argv)]

    def command(self, *argv: str, **options: Any) -> list[str]:
        """The command line of a real process (for wrappers such as the supervisor)."""
        return [str(self.program), *self.argv(argv, **options)]

    def environment(self, env: dict[str, str] | None = None) -> dict[str, str]:
        """The environment of a real process: the test's, minus inherited KAZASU_* variables (or,
        without `inherit_env`, only the runner's and the call's)."""
        if not self.inherit_env:
            return {**self.env, **(env or {})}
        base = {k: v for k, v in os.environ.items() if not k.startswith("KAZASU_")}
        return {**base, "PYTHONUNBUFFERED": "1", **self.env, **(env or {})}

    # -- in process ----------------------------------------------------------------------------
    def __call__(self, *argv: str, stdin: str | None = None, ok: bool | None = True,
                 env: dict[str, str] | None = None, **options: Any) -> CliResult:
        """`kiosk.cli.main` in this process with stdout and stderr captured. `ok`: True, the command
        must exit 0; False, it must fail (exit 1); None, no check."""
        from kiosk.cli import main

        args = self.argv(argv, **options)
        out, err = io.StringIO(), io.StringIO()
        with _environ({**self.env, **(env or {})}), _stdin(stdin), \
                contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(args)
            except SystemExit as exc:   # argparse: a usage error (2), --help or --version (0)
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        return _checked(CliResult(args, code, out.getvalue(), err.getvalue()), ok)

    # -- as a real process ---------------------------------------------------------------------
    def process(self, *argv: str, stdin: str | None = None, ok: bool | None = True,
                env: dict[str, str] | None = None, timeout: float = RUN_TIMEOUT_S,
                cwd: Path | None = None, **options: Any) -> CliResult:
        """The installed `kazasu` as a subprocess, waited for (at most `timeout` seconds)."""
        args = self.argv(argv, **options)
        done = subprocess.run([str(self.program), *args], input=stdin,
                              stdin=subprocess.DEVNULL if stdin is None else None, capture_output=True,
                              text=True, timeout=timeout, env=self.environment(env), cwd=cwd)
        return _checked(CliResult(args, done.returncode, done.stdout, done.stderr), ok)

    def start(self, *argv: str, env: dict[str, str] | None = None, stdout: Any = subprocess.PIPE,
              stderr: Any = subprocess.PIPE, preexec_fn: Any = None, **options: Any) -> subprocess.Popen:
        """The installed `kazasu` in the background (emulate, mesh serve, run): stop it with stop().
        `preexec_fn` runs in the child before it starts (a lower file limit, say)."""
        return subprocess.Popen(self.command(*argv, **options), env=self.environment(env),
                                stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr, text=True,
                                preexec_fn=preexec_fn)


def read_line(process: subprocess.Popen, timeout: float, stream: str = "stdout") -> str:
    """The next line a background process writes on `stream` ("stdout" or "stderr"); fails (with its
    stderr) when none comes in time or the process ended."""
    pipe = getattr(process, stream)
    selector = selectors.DefaultSelector()
    selector.register(pipe, selectors.EVENT_READ)
    try:
        if not selector.select(timeout):
            raise AssertionError(f"no {stream} line from {process.args} within {timeout} s")
        line = pipe.readline()
    finally:
        selector.close()
    if not line:
        process.wait(5)
        err = process.stderr.read() if process.stderr and stream == "stdout" else ""
        raise AssertionError(f"{process.args} ended ({process.returncode}) without a line: {err}")
    return line


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 10) -> int:
    """Send `sig` (SIGTERM: a clean stop) unless it has ended; kill it if it does not end in time.
    The exit status."""
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    return process.returncode


def _checked(result: CliResult, ok: bool | None) -> CliResult:
    if ok is True:
        assert result.code == 0, f"expected success: {result}"
    elif ok is False:
        assert result.code == FAILED, f"expected a failure (exit {FAILED}): {result}"
    return result


@contextlib.contextmanager
def _environ(env: dict[str, str]):
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextlib.contextmanager
def _stdin(text: str | None):
    if text is None:
        yield
        return
    saved = sys.stdin
    sys.stdin = io.StringIO(text)
    try:
        yield
    finally:
        sys.stdin = saved
