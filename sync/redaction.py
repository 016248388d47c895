"""The redaction primitive: one `sync.redaction` event erases the payloads of earlier events of its site.

Payload (non-personal): `{"reason": TEXT, "event_ids": [ids...], "role": ROLE}` or `{"reason": TEXT,
"kind_prefix": "shelter.", "seen": {"feed": N, "terminals": {TERMINAL: LAST_ID}}, "role": ROLE}`. The
prefix form covers the events of the same site whose kind starts with the prefix AND that the writing
terminal had seen when it wrote the redaction: its own earlier events, and the site's events up to feed
position N (the feed cursor it had stored). A feed position is a position in the feed of the mesh the
writer read (a node's, behind a node), so `terminals` says the same in a form valid on every hop: for
each other terminal of the site, the last of its events the writer held (a terminal's ids only grow, in
its chain order: sync.store.append). Where `terminals` is present, the mesh and the terminals that pull
the redaction go by it and not by `feed`. That does not depend on any clock: events written later, or
written earlier on a terminal it had not heard from yet, stay. (Without `seen`, as written by kazasu
before it, the prefix form covers the events whose id sorts at or before the redaction's: ids carry
their writer's clock, so a clock days off covered too little or too much.) Redaction events themselves
are never erased.

`role` is the role of the signed-in staff member who asked for it (the terminal signs it with the
event); only REDACTING_ROLES may erase, which the terminal checks before it writes the event and the
mesh checks again on arrival (a redaction without a role, as written before roles were carried, is
still read, but the mesh refuses a new one). The roles mirror the kiosk's (kiosk.shell.staff: the
`redact` right of staff and admin).
The terminal store (`EventStore.redact`) and the mesh (sync.mesh.ingest) both apply it; this module
only parses and checks the payload.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

from sync.errors import EventValidationError

KIND = "sync.redaction"
MAX_IDS = 1000
MAX_REASON = 200
REDACTING_ROLES = ("staff", "admin")
ROLE_RE = re.compile(r"^[a-z][a-z_]{0,31}$")
PREFIX_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]*)*$")


@dataclass(frozen=True)
class Targets:
    reason: str
    event_ids: tuple[str, ...] = ()
    kind_prefix: str | None = None
    seen_feed: int | None = None  # prefix form: the feed position the writer had seen everything up to
    role: str | None = None
    # prefix form: per other terminal of the site, the last event id the writer held (None: not sent)
    seen_terminals: tuple[tuple[str, str], ...] | None = None

    def to_payload(self) -> dict[str, Any]:
        out: dict[str, Any] = {"reason": self.reason}
        if self.kind_prefix is not None:
            out["kind_prefix"] = self.kind_prefix
            if self.seen_feed is not None:
                out["seen"] = {"feed": self.seen_feed}
                if self.seen_terminals is not None:
                    out["seen"]["terminals"] = dict(self.seen_terminals)
        else:
            out["event_ids"] = list(self.event_ids)
        if self.role is not None:
            out["role"] = self.role
        return out


def make_targets(*, event_ids: Any = None, kind_prefix: Any = None, reason: Any = None,
                 seen_feed: Any = None, role: Any = None, seen_terminals: Any = None) -> Targets:
    """Check a redaction's targets; raises EventValidationError with a short reason."""
    if role is not None and (not isinstance(role, str) or not ROLE_RE.match(role)):
        raise EventValidationError("redaction role must be a role name like 'staff'")
    if not isinstance(reason, str) or not reason.strip() or len(reason) > MAX_REASON:
        raise EventValidationError(f"redaction reason must be a non-empty text of at most {MAX_REASON}"
                                   " chars")
    if (event_ids is None) == (kind_prefix is None):
        raise EventValidationError("a redaction names either event_ids or kind_prefix (one of them)")
    if kind_prefix is not None:
        if (not isinstance(kind_prefix, str) or not PREFIX_RE.match(kind_prefix)
                or KIND.startswith(kind_prefix)):
            raise EventValidationError("kind_prefix must look like 'shelter.' and must not cover"
                                       " sync.redaction")
        if seen_feed is not None and (not isinstance(seen_feed, int) or isinstance(seen_feed, bool)
                                      or not 0 <= seen_feed < 2**63):
            raise EventValidationError("seen.feed must be a feed position (an integer of 0 or more)")
        return Targets(reason=reason, kind_prefix=kind_prefix, seen_feed=seen_feed, role=role,
                       seen_terminals=_check_terminals(seen_terminals, seen_feed))
    if seen_feed is not None or seen_terminals is not None:
        raise EventValidationError("seen belongs to the kind_prefix form only")
    if not isinstance(event_ids, (list, tuple)) or not 1 <= len(event_ids) <= MAX_IDS:
        raise EventValidationError(f"event_ids must be a list of 1 to {MAX_IDS} event ids")
    for value in event_ids:
        if not _is_uuid(value):
            raise EventValidationError("event_ids must hold UUIDs in canonical lower-case form")
    return Targets(reason=reason, event_ids=tuple(dict.fromkeys(event_ids)), role=role)


def _check_terminals(value: Any, seen_feed: Any) -> tuple[tuple[str, str], ...] | None:
    """`seen.terminals` checked: {terminal id: event id}, at most MAX_IDS, only beside `seen.feed`."""
    if value is None:
        return None
    if seen_feed is None:
        raise EventValidationError("seen.terminals belongs beside seen.feed")
    if not isinstance(value, dict) or len(value) > MAX_IDS:
        raise EventValidationError(f"seen.terminals must map at most {MAX_IDS} terminal ids to event ids")
    for terminal, last in value.items():
        if not isinstance(terminal, str) or not 1 <= len(terminal) <= 128 or not _is_uuid(last):
            raise EventValidationError("seen.terminals must map terminal ids to event ids (UUIDs)")
    return tuple(sorted(value.items()))


def _is_uuid(value: Any) -> bool:
    try:
        return isinstance(value, str) and str(uuid.UUID(value)) == value
    except ValueError:
        return False


def parse(payload: Any) -> Targets:
    """The targets of a `sync.redaction` event's payload (EventValidationError when malformed)."""
    if not isinstance(payload, dict):
        raise EventValidationError("redaction payload must be a JSON object")
    extra = sorted(set(payload) - {"reason", "event_ids", "kind_prefix", "seen", "role"})
    if extra:
        raise EventValidationError(f"unknown redaction field(s): {', '.join(extra)}")
    seen = payload.get("seen")
    if seen is not None and (not isinstance(seen, dict) or "feed" not in seen
                             or not set(seen) <= {"feed", "terminals"}):
        raise EventValidationError("seen must be an object with feed (a feed position) and optionally"
                                   " terminals")
    return make_targets(event_ids=payload.get("event_ids"), kind_prefix=payload.get("kind_prefix"),
                        reason=payload.get("reason"), seen_feed=seen["feed"] if seen else None,
                        role=payload.get("role"), seen_terminals=seen.get("terminals") if seen else None)


def terminals_clause(pairs: tuple[tuple[str, str], ...]) -> tuple[str, list[str]]:
    """SQL (for a table with `terminal` and `id`) matching the events `seen.terminals` covers: each
    named terminal's events up to the last one the writer held. No pair: nothing."""
    if not pairs:
        return "0 = 1", []
    params: list[str] = []
    for terminal, last in pairs:
        params += [terminal, last]
    return "(" + " OR ".join(["(terminal = ? AND id <= ?)"] * len(pairs)) + ")", params


def covers_by_terminals(pairs: tuple[tuple[str, str], ...], terminal: str, event_id: str) -> bool:
    """Whether `seen.terminals` covers one event (by its terminal and id)."""
    last = dict(pairs).get(terminal)
    return last is not None and event_id <= last
