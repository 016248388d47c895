"""Judging and storing a batch of events: who may write what, signatures and chains, ids that belong
to their writer, then the insert.

The rule (decided for kazasu, see docs/sync.md "Terminal identity" and "Threat model"):
- a terminal writes only its OWN events (`writer`: the terminal whose signed request carried the batch);
  a shelter NODE (enrolled with a node code, sync.node) relays the events of its own site's enrolled
  terminals, each still signed by its terminal (the node's signature covers only its request);
- an event from an ENROLLED terminal must be signed, by that terminal's key, for the site the terminal
  was enrolled for, at the next position of its chain (seq = last + 1, prev_hash = the chain hash of
  the last accepted event); a revoked terminal's events are all rejected;
- a signed event from a terminal the mesh does not know is rejected;
- an unsigned event from an unknown (unenrolled) terminal is accepted only on a demo mesh
  (`allow_unsigned`, `mesh serve --allow-unsigned-demo`);
- a `sync.redaction` must carry a well-formed payload naming the signed-in staff role that asked for it,
  a role allowed to erase (sync.redaction.REDACTING_ROLES), and, except on a demo mesh, come from an
  enrolled terminal of its site;
- an id belongs to its writer: an event whose id the mesh already holds is a `duplicate` only when it
  is the same event (same terminal, kind, site, staff, time and payload digest). Anything else is a
  `conflict`: when the event is otherwise valid it takes its chain position, is kept aside in
  `mesh_conflicts` (nothing is lost), is listed in the exception list, and the terminal keeps it
  pending with the reason, so its owner hears about it; the event already held is not touched.
Two phases: everything that does not depend on the chain heads — the writer, the limits, the redaction
rule, the terminal's enrolment and above all the Ed25519 signature — is checked first, OUTSIDE the
global feed lock (so N mesh processes on one PostgreSQL verify in parallel; the signatures of a batch
together, a long batch spread over the machine's cores: sync.mesh.verify); then one transaction
under FEED_LOCK re-reads the chain heads and revocations, decides duplicate / conflict / chain position,
and stores. Reasons never contain payload data. Every rejection and conflict is kept in the exception
list (sync.mesh.exceptions) under the terminal that sent it, in the same transaction.
After a batch that erased payloads, the storage scrubs the old copies out of its own files.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from typing import Any

from sync import redaction
from sync.errors import EventValidationError
from sync.events import Event, utc_now_iso
from sync.mesh import exceptions, redactions
from sync.mesh.auth import TERMINAL, Principal
from sync.mesh.limits import DEFAULT_LIMITS, Limits, json_depth
from sync.mesh.registry import TerminalRecord, get_terminal
from sync.mesh.storage import ACCEPTED, DUPLICATE, FEED_LOCK, MeshStorage, Tx, event_dict
from sync.mesh.verify import Check, Verifier, verify_all
from sync.signing import event_signing_bytes, public_key_from_b64

logger = logging.getLogger(__name__)

REJECTED = "rejected"
BAD_SIGNATURE = "bad signature: the event was altered or not signed by this terminal"
INLINE = Verifier(cores=1)  # no worker processes: the mesh host's own tools, tests of the rules
CONFLICT = "conflict"
_CHUNK = 500
_HELD_COLUMNS = ("id, terminal, kind, site, staff, created_at, schema_version, payload_hash,"
                 " CASE WHEN payload_hash IS NULL AND redacted_at IS NULL THEN payload END")


@dataclass
class Offer:
    """One event after the checks made outside the lock."""

    event: Event
    reason: str | None = None  # rejected before the lock
    record: TerminalRecord | None = None
    chain_hash: str | None = None  # of a signed event whose signature verified
    filed_under: str = ""  # the terminal the exception row is kept under (the writer)
    check: Check | None = None  # the signature still to verify (sync.mesh.verify), then None
    replay: Check | None = None  # not verified: the mesh held this very event, signature and all
    result: tuple[str, str | None] | None = field(default=None)


def ingest(storage: MeshStorage, events: list[Event], *, allow_unsigned: bool,
           writer: Principal | None = None, limits: Limits = DEFAULT_LIMITS,
           depth_checked: bool = False, verifier: Verifier = INLINE) -> list[tuple[str, str | None]]:
    """(status, reason) per event, same order. `writer`: who sent the batch (None: the mesh host's
    own tools, e.g. a carried bundle, whose signature was checked by the caller). `depth_checked`:
    the caller already refused every payload nested deeper than the limit (the batch route does, on
    each event as received), so it is not walked again. `verifier`: how the batch's signatures are
    checked (the mesh application's spreads a long batch over the cores)."""
    if not events:
        return []
    offers = prepare(storage, events, allow_unsigned=allow_unsigned, writer=writer, limits=limits,
                     depth_checked=depth_checked, verifier=verifier)
    with storage.transaction(lock=FEED_LOCK) as tx:
        erased = commit(tx, offers, limits)
    if erased:
        storage.scrub_erased()
    return [offer.result or (REJECTED, "not judged") for offer in offers]


# -- phase 1: outside the lock ------------------------------------------------------------------
def prepare(storage: MeshStorage, events: list[Event], *, allow_unsigned: bool,
            writer: Principal | None, limits: Limits, depth_checked: bool = False,
            verifier: Verifier = INLINE) -> list[Offer]:
    with storage.reading() as tx:
        records = {terminal: get_terminal(tx, terminal) for terminal in {e.terminal for e in events}}
    keys: dict[str, bytes] = {}
    offers = []
    for event in events:
        offer = Offer(event, record=records[event.terminal],
                      filed_under=writer.id if writer is not None and writer.kind == TERMINAL
                      else event.terminal)
        offer.reason = static_reason(offer, writer, allow_unsigned, limits, keys, depth_checked)
        offers.append(offer)
    signed = [offer for offer in offers if offer.check is not None]
    if signed:  # an event offered again exactly as held (a resend) was verified when it was stored
        with storage.reading() as tx:
            stored = _stored_envelopes(tx, [offer.event.id for offer in signed])
        for offer in signed:
            if _replayed(stored.get(offer.event.id), offer.event):
                offer.replay, offer.check = offer.check, None
        signed = [offer for offer in signed if offer.check is not None]
    for offer, valid in zip(signed, verifier.verify([offer.check for offer in signed])):
        data = offer.check[2]
        offer.check = None
        if valid:
            offer.chain_hash = hashlib.sha256(data).hexdigest()
        else:
            offer.reason = BAD_SIGNATURE
    return offers


def static_reason(offer: Offer, writer: Principal | None, allow_unsigned: bool, limits: Limits,
                  keys: dict[str, bytes], depth_checked: bool = False) -> str | None:
    """Why the event is refused whatever the chain heads are, or None. The signature of an event that
    passes everything else is left in `offer.check` for `prepare` to verify with the batch's others."""
    event, record = offer.event, offer.record
    if writer is not None and writer.kind == TERMINAL and event.terminal != writer.id and writer.relay:
        if record is None or record.site != writer.site:
            return (f"event of terminal {event.terminal} relayed by node {writer.id}: a node relays only"
                    " enrolled terminals of its own site")
    elif writer is not None and writer.kind == TERMINAL and event.terminal != writer.id:
        return (f"event of terminal {event.terminal} sent by terminal {writer.id}: a terminal sends only"
                " its own events")
    if not depth_checked and json_depth(event.payload, limits.max_json_depth) > limits.max_json_depth:
        return f"payload nested deeper than {limits.max_json_depth} levels"
    if event.kind == redaction.KIND and not event.redacted:
        problem = redaction_reason(event, record, allow_unsigned)
        if problem is not None:
            return problem
    if record is None:
        if event.auth is not None:
            return "terminal is not enrolled on this mesh"
        if not allow_unsigned:
            return "unsigned event: this mesh accepts only signed events of enrolled terminals"
        return None
    if record.revoked_at is not None:
        return "terminal has been revoked"
    if event.auth is None:
        return "unsigned event from an enrolled terminal"
    if event.site != record.site:
        return "site does not match the terminal's enrolment"
    data = event_signing_bytes(event)
    if data is None:
        return BAD_SIGNATURE
    if record.terminal_id not in keys:
        keys[record.terminal_id] = public_key_from_b64(record.public_key).public_bytes_raw()
    offer.check = (keys[record.terminal_id], event.auth["signature"], data)
    return None


def redaction_reason(event: Event, record: TerminalRecord | None, allow_unsigned: bool) -> str | None:
    try:
        targets = redaction.parse(event.payload)
    except EventValidationError as exc:
        return f"invalid redaction: {exc.reason}"
    if targets.role not in redaction.REDACTING_ROLES:
        return (f"redaction refused: the staff role {targets.role or '(none)'} may not erase records"
                f" ({' or '.join(redaction.REDACTING_ROLES)} may)")
    if record is None and not allow_unsigned:
        return "redaction refused: only an enrolled terminal of the site may erase records"
    return None


# -- phase 2: under the feed lock ---------------------------------------------------------------
def commit(tx: Tx, offers: list[Offer], limits: Limits) -> int:
    """Decide and store; returns how many payloads were erased."""
    live = [o for o in offers if o.reason is None]
    held: dict[str, tuple | Event] = _held(tx, [o.event.id for o in live])  # type: ignore[assignment]
    # an event kept aside has its id held in the feed (whose rows are never deleted): only those ids
    # can be in mesh_conflicts, and a batch of new ids (the common case) needs no second query
    aside = _kept_aside(tx, [o.event.id for o in live if o.event.id in held])
    heads: dict[str, TerminalRecord | None] = {}
    accepted: list[Event] = []
    conflicts: list[tuple[Event, str]] = []
    changed: set[str] = set()
    for offer in offers:
        event = offer.event
        if offer.reason is not None:
            offer.result = (REJECTED, offer.reason)
            continue
        mine = held.get(event.id)
        if isinstance(mine, Event):  # stored earlier in this batch: its identity made only now
            mine = held[event.id] = _identity(mine)
        if mine is not None and _same(mine, event):
            offer.result = (DUPLICATE, None)
            continue
        if offer.replay is not None:  # held as this very event before the lock, not now: verify it now
            if not verify_all([offer.replay])[0]:
                offer.result = (REJECTED, BAD_SIGNATURE)
                offer.reason = BAD_SIGNATURE
                continue
            offer.chain_hash = hashlib.sha256(offer.replay[2]).hexdigest()
            offer.replay = None
        if mine is not None and (event.id, event.terminal) in aside:
            offer.result = (CONFLICT, _conflict_reason())  # offered again: the same answer
            continue
        reason = None
        if offer.record is not None:
            if event.terminal not in heads:
                heads[event.terminal] = get_terminal(tx, event.terminal)  # fresh, under the lock
            reason = chain_reason(event, heads[event.terminal])
        if reason is not None:
            offer.result = (REJECTED, reason)
            offer.reason = reason
            continue
        head = heads.get(event.terminal)
        if head is not None and event.auth is not None:
            head.last_seq, head.last_hash = event.auth["seq"], offer.chain_hash or ""
            changed.add(event.terminal)
        if mine is not None:
            offer.result = (CONFLICT, _conflict_reason())
            conflicts.append((event, mine[0]))
            aside[(event.id, event.terminal)] = event.payload_hash()
            continue
        held[event.id] = event
        accepted.append(event)
        offer.result = (ACCEPTED, None)
    statuses = MeshStorage.insert_new_rows(tx, accepted)
    if DUPLICATE in statuses:  # held after all (only the per-event fallback can say so): a duplicate
        held_now = {event.id for event, status in zip(accepted, statuses) if status == DUPLICATE}
        for offer in offers:
            if offer.result == (ACCEPTED, None) and offer.event.id in held_now:
                offer.result = (DUPLICATE, None)
        accepted = [event for event, status in zip(accepted, statuses) if status == ACCEPTED]
    _keep_aside(tx, conflicts)
    now = utc_now_iso()
    erased = redactions.apply(tx, accepted, now, aside=[event for event, _ in conflicts])
    refused = [(o.event, o.result[1] or "", o.filed_under) for o in offers
               if o.result is not None and o.result[0] in (REJECTED, CONFLICT)]
    exceptions.record(tx, refused, accepted, now, per_terminal=limits.exceptions_per_terminal)
    for terminal_id in changed:
        head = heads[terminal_id]
        assert head is not None
        tx.run("UPDATE mesh_terminals SET last_seq = ?, last_hash = ? WHERE terminal_id = ?",
               [head.last_seq, head.last_hash, terminal_id])
    if conflicts:
        logger.warning("%d event(s) conflict with ids already held; kept aside", len(conflicts))
    return erased


def chain_reason(event: Event, head: TerminalRecord | None) -> str | None:
    """The chain checks that need the current head (read under the lock)."""
    if head is None:
        return "terminal is not enrolled on this mesh"
    if head.revoked_at is not None:
        return "terminal has been revoked"
    seq = event.auth["seq"] if event.auth else 0
    if seq <= head.last_seq:
        return f"chain position {seq} is already taken (replayed or forked chain)"
    if seq != head.last_seq + 1:
        return f"chain gap: expected position {head.last_seq + 1}, got {seq}"
    if event.auth and event.auth["prev_hash"] != head.last_hash:
        return "chain broken: prev_hash is not the hash of the terminal's previous event"
    return None


def _conflict_reason() -> str:
    return ("conflict: another event with this id is already on the mesh; this one is kept aside"
            " there and needs staff (exception list)")


def _identity(event: Event) -> tuple:
    return (event.terminal, event.kind, event.site, event.staff, event.created_at,
            event.schema_version, event.payload_hash())


def _same(held: tuple, event: Event) -> bool:
    """The held event is this one: same writer and fields, same payload digest (an unsigned event
    erased on its terminal has no digest any more: its other fields decide)."""
    mine = _identity(event)
    return held == mine or (mine[-1] is None and held[:-1] == mine[:-1])


def _held(tx: Tx, ids: list[str]) -> dict[str, tuple]:
    """The identity of each held event among `ids` (what makes a resend a duplicate)."""
    held: dict[str, tuple] = {}
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start:start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for (event_id, terminal, kind, site, staff, created_at, version, digest,
             payload) in tx.all(f"SELECT {_HELD_COLUMNS} FROM mesh_events WHERE id IN ({marks})", chunk):
            if digest is None and payload is not None:  # stored before payload hashes were kept
                digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()
            held[event_id] = (terminal, kind, site, staff, created_at, version, digest)
    return held


def _stored_envelopes(tx: Tx, ids: list[str]) -> dict[str, tuple[tuple, tuple]]:
    """(identity, signed envelope) of each held event among `ids` (read before the lock)."""
    stored: dict[str, tuple[tuple, tuple]] = {}
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start:start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for (event_id, terminal, kind, site, staff, created_at, version, digest, payload, seq, prev,
             signature, sig_version) in tx.all(
                f"SELECT {_HELD_COLUMNS}, chain_seq, prev_hash, signature, sig_version FROM mesh_events"
                f" WHERE id IN ({marks})", chunk):
            if digest is None and payload is not None:  # stored before payload hashes were kept
                digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()
            stored[event_id] = ((terminal, kind, site, staff, created_at, version, digest),
                                (seq, prev, signature, sig_version or 1))
    return stored


def _replayed(stored: tuple[tuple, tuple] | None, event: Event) -> bool:
    """The mesh holds this very signed event: same writer, fields, payload digest, chain position,
    link and signature (so verifying it again would answer as it did when it was stored)."""
    if stored is None or event.auth is None:
        return False
    auth = event.auth
    return (stored[0][-1] is not None and stored[0] == _identity(event)
            and stored[1] == (auth["seq"], auth["prev_hash"], auth["signature"], auth.get("v", 1)))


def _kept_aside(tx: Tx, ids: list[str]) -> dict[tuple[str, str], str | None]:
    aside: dict[tuple[str, str], str | None] = {}
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start:start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for event_id, terminal, digest in tx.all(
                f"SELECT id, terminal, payload_hash FROM mesh_conflicts WHERE id IN ({marks})", chunk):
            aside[(event_id, terminal)] = digest
    return aside


def _keep_aside(tx: Tx, conflicts: list[tuple[Event, str]]) -> None:
    """Store conflicting events whole in mesh_conflicts (erased later by redactions like the feed)."""
    received = utc_now_iso()
    for event, held_by in conflicts:
        row = event_dict_row(event)
        tx.run("INSERT INTO mesh_conflicts (id, terminal, site, kind, staff, created_at, schema_version,"
               " payload, received_at, chain_seq, prev_hash, signature, sig_version, payload_hash,"
               " redacted_at, held_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
               " ON CONFLICT (id, terminal) DO NOTHING",
               [*row[:8], received, *row[8:], received if event.redacted else None, held_by])


def event_dict_row(event: Event) -> list[Any]:
    """id, terminal, site, kind, staff, created_at, schema_version, payload, then the envelope."""
    auth = event.auth
    return [event.id, event.terminal, event.site, event.kind, event.staff, event.created_at,
            event.schema_version, event.payload_bytes().decode("utf-8"),
            *((auth["seq"], auth["prev_hash"], auth["signature"], auth.get("v", 1)) if auth
              else (None, None, None, None)), event.payload_hash()]


def summary(results: list[tuple[str, str | None]]) -> dict[str, Any]:
    return {s: sum(1 for status, _ in results if status == s)
            for s in (ACCEPTED, DUPLICATE, REJECTED, CONFLICT)}


def conflicts_of(storage: MeshStorage, site: str) -> list[dict[str, Any]]:
    """The events of `site` kept aside on an id conflict, as stored (for staff and tests)."""
    with storage.reading() as tx:
        rows = tx.all("SELECT id, kind, site, terminal, staff, created_at, schema_version, payload,"
                      " chain_seq, prev_hash, signature, sig_version, payload_hash, redacted_at, held_by"
                      " FROM mesh_conflicts WHERE site = ? ORDER BY received_at, id", [site])
    return [{**event_dict(row[:14]), "held_by": row[14]} for row in rows]
