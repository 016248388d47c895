"""`kazasu audit [--since DATE] [--csv FILE]`: who did what and when on this terminal.

One row per event of the terminal's store (time, staff id, kind, terminal, site, chain position,
chain state, sent), from the signed hash chain, which is verified as a whole: a break (an edited,
removed or replayed event) is named with its position and the command exits 1. `--csv FILE` writes the
rows for a spreadsheet. No personal data is ever shown (kiosk.audit).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kiosk.cli import context


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    audit = subparsers.add_parser("audit", parents=[common],
                                  help="who did what and when (event chain, verified); CSV export")
    audit.add_argument("--since", default=None, metavar="DATE",
                       help="only events from this date or date-time on (e.g. 2026-04-01, local time)")
    audit.add_argument("--csv", type=Path, default=None, metavar="FILE", help="also write the rows as CSV")
    audit.set_defaults(handler=cmd_audit)


def cmd_audit(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from kiosk import audit

    result = audit.audit(context.data_dir(args), audit.parse_since(args.since))
    if args.csv:
        result["csv"] = str(audit.write_csv(result["events"], args.csv))
    if args.json:
        return {"ok": result["ok"], **{k: v for k, v in result.items() if k != "ok"}}
    print(audit.render_table(result))
    summary = {"ok": result["ok"], "events": len(result["events"]), "checked": result["checked"]}
    if args.csv:
        summary["csv"] = result["csv"]
    return summary
