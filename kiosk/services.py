"""Everything the kiosk window needs from outside, without Qt: `KioskServices`.

The card source, the store, the sync client, the data folder, the terminal and site, the staff
accounts, the kiosk mode and the times; `kazasu demo` and `kazasu run` build it differently
(kiosk/cli/app_commands.py), tests build their own. Without staff accounts (`staff_directory` None or
empty) the window runs in open mode: no sign-in, every screen reachable, each desk's default staff id
on its events. `submit_visit` is the counter's submit (its events, PDFs and printing), run on the
counter's submit thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kiosk.counter import visit as workflow
from kiosk.timeouts import IDLE_TIMEOUT_MS, IDLE_WARNING_MS, SYNC_CHILD_FROM, SYNC_MS


@dataclass
class KioskServices:
    card_source: object
    store: object
    data_dir: Path
    terminal_id: str
    site: str
    demo_card: object | None = None
    sync_client: object | None = None
    staff: str = workflow.DEFAULT_STAFF
    form_id: str = workflow.DEFAULT_FORM
    note: str | None = None          # shown on the status bar (e.g. "in-process card, no pcscd")
    idle_ms: int = IDLE_TIMEOUT_MS   # a desk's wipe after this long without a touch …
    idle_warn_ms: int = IDLE_WARNING_MS  # … and the counter's 「まだお使いですか？」 this long before it
    desk_idle_ms: dict = field(default_factory=dict)  # a desk's own wipe time, where not idle_ms
    sync_ms: int = SYNC_MS
    sync_child_from: int = SYNC_CHILD_FROM  # a backlog this large syncs in a child process
    print_forms: bool = False        # send each visit's PDFs to the printer (kiosk.printing; kazasu run)
    printer: str | None = None       # that CUPS queue; None: kiosk.json's printer, else CUPS' default
    staff_directory: object | None = None  # kiosk.shell.staff.StaffDirectory: sign-in when it has accounts
    locked: bool = False             # kiosk mode: frameless full screen, keys guarded, close refused
    home_desk: str | None = None     # the desk this terminal serves (kiosk.json), opened after sign-in
    resume_desk: str | None = None   # the desk the kiosk was on before a crash (kiosk-state.json)
    demo_staff_hint: bool = False    # the demo's sign-in screen shows its demo staff id and PIN
    second_screen: bool = True       # the counter's resident part on a second monitor when there is one
    display: tuple = (None, None)    # (text scale, high contrast) of kiosk.json; None: the environment's
    signed_in: object | None = None  # a Staff still signed in when the window is built again (display)

    def __post_init__(self) -> None:
        workflow.use_published_forms(self.data_dir)  # the newest valid definitions the municipality sent

    def idle_times(self, desk: str) -> tuple[int, int]:
        """(wipe after, warning before it) in ms for `desk`."""
        return self.desk_idle_ms.get(desk, self.idle_ms), self.idle_warn_ms

    def submit_visit(self, *, person: dict, answers: dict, form_ids: list[str],
                     staff: str | None = None) -> dict:
        """Runs in the submit worker's thread: every form checked, one event per form, then the
        PDFs; report the queue. `staff` is the signed-in staff id (the default when nobody is)."""
        submissions = workflow.submit_visit(
            self.store, person=person, answers=answers, form_ids=form_ids, data_dir=self.data_dir,
            site=self.site, terminal=self.terminal_id, staff=staff or self.staff)
        result = {"submission": submissions[-1], "submissions": submissions,
                  "pending": self.store.status()["pending"]}
        if self.print_forms:  # after the durable commits; a printer problem is reported, PDFs stay
            from kiosk import printing  # lazy: only a terminal that prints, at its first submit

            result["printing"] = printing.print_submissions([s.pdf for s in submissions], self.printer,
                                                            self.data_dir)
        return result
