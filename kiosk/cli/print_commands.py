"""`kazasu print test [--queue Q]` and `kazasu print file PDF [--queue Q]`: printing through CUPS.

`test` renders the test page (Japanese text with 𠮷, a frame and a 100 mm ruler) into
<data-dir>/print/ and sends it to the queue: --queue, else `printer` in kiosk.json (the set-up wizard),
else $KAZASU_PRINTER, else CUPS' default printer. `file` sends a PDF already rendered (e.g. a counter
form whose printing failed). `status` shows the chosen queue's state. A printer that cannot be reached
is a typed error (`printer_unreachable`, `printer_not_found`, `printer_not_accepting`,
`printer_not_configured`) naming the PDF, which stays where it is. See kiosk.printing.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kiosk.cli import context


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    printing = subparsers.add_parser("print", parents=[common], help="print through CUPS (test page, a PDF)")
    actions = printing.add_subparsers(dest="print_command", metavar="ACTION", required=True)
    test = actions.add_parser("test", parents=[common], help="print the test page (Japanese text, 𠮷, ruler)")
    test.add_argument("--queue", default=None, help="CUPS queue (default: the configured or default printer)")
    test.set_defaults(handler=cmd_print_test)
    file = actions.add_parser("file", parents=[common], help="print a PDF")
    file.add_argument("pdf", type=Path, metavar="PDF")
    file.add_argument("--queue", default=None, help="CUPS queue (default: the configured or default printer)")
    file.add_argument("--copies", type=int, default=1)
    file.set_defaults(handler=cmd_print_file)
    status = actions.add_parser("status", parents=[common], help="the chosen printer's state")
    status.add_argument("--queue", default=None, help="CUPS queue (default: the configured or default printer)")
    status.set_defaults(handler=cmd_print_status)


def cmd_print_test(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from kiosk.printing import print_test_page

    return print_test_page(args.queue, data_dir=context.data_dir(args))


def cmd_print_file(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from kiosk.printing import print_pdf

    job = print_pdf(args.pdf, args.queue, data_dir=context.data_dir(args), title=args.pdf.name,
                    copies=args.copies)
    return {"ok": True, **job.to_dict()}


def cmd_print_status(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from kiosk.printing import queue_state, require_scheduler, resolve_queue

    require_scheduler(args.queue)  # CUPS down is said as such, not as "no printer configured"
    state = queue_state(resolve_queue(args.queue, context.data_dir(args)))
    return {"ok": state.exists and state.enabled and state.accepting, **state.to_dict()}
