"""The node's uplink to the municipal mesh: forward what its terminals sent, pull down the rest.

One pass (`Uplink.pass_once`), all requests signed with the node's key (role `node` upstream):
1. the site's terminal directory (`GET /v1/sites/{site}/terminals`) → registry.adopt: terminals
   enrolled directly at the mesh become known here, revocations are taken over;
2. the publications (`GET /v1/publications`) → each verified with the publishing key pinned at the
   node's enrolment, kept (sync.mesh.publishing.add; a revocation revokes locally at once); a forged
   one is refused and counted;
3. forward: the site's events this node received from its terminals, in feed order, in batches of
   up to 1000, exactly as stored (each still signed by its terminal), with one request in flight and
   the next batch read meanwhile. The forward cursor (`node_state.forward_cursor`) moves only in the
   transaction that records the mesh's answers, so a node killed mid-forward sends the batch again and
   the mesh answers `duplicate` (its ingest is idempotent by id): every event reaches it once. An event
   the mesh answers `rejected` for a reason that can pass (a chain gap: the terminal's earlier events
   reach the mesh another way first) is retried on every pass (`node_retry`); any other rejection is
   kept as `refused` (shown by `kazasu node status`) and not sent again;
4. pull the site's feed from the mesh after `node_state.upstream_cursor`: events the node does not hold
   (other terminals that sync to the mesh directly) are stored as they are (`node_pulled`: never
   forwarded back), chain heads move to them, redactions among them apply.
Before its first pass (and again after any failure) the node asks the mesh's `/v1/health` whether it
speaks this protocol (sync.protocol): a too-old mesh gets nothing, the node's health says
`uplink: too_old` and its log `upstream_too_old`; it asks again after `backoff_cap`.
A failure anywhere ends the pass (`MeshUnreachableError`, `MeshResponseError`); the loop
(`Uplink.run`) backs off (1 s doubling to `backoff_cap`) and tries again: nothing is lost, the
terminals keep syncing with the node meanwhile. A mesh whose TLS key is not the pinned one (its key was
changed, or someone is in between) is not "down": nothing is sent to it, the health says
`uplink: certificate_mismatch` and the log `mesh_certificate_mismatch`, and it is tried again after
`backoff_cap`; `kazasu node pin --pin HEX` records the mesh's new pin (given by IT, never read from the
server) for the node's next start.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import httpx

from sync.errors import EventValidationError, MeshResponseError, MeshUnreachableError, SyncError
from sync.events import Event, utc_now_iso
from sync.mesh import publishing, redactions, registry
from sync.mesh.publishing import PublicationRefusedError
from sync.mesh.storage import EVENT_COLUMNS, FEED_LOCK, MeshStorage, Tx, event_dict
from sync.node.config import NodeConfig
from sync.protocol import HEALTH_PATH, UpstreamTooOldError, check_upstream
from sync.signing import TerminalIdentity, entry_hash
from sync.transport import MeshCertificateError, mesh_http_client, no_answer

logger = logging.getLogger(__name__)

BATCH = 1000
DELETE_CHUNK = 500  # seqs per DELETE of answered retries (below every backend's parameter limit)
FEED_PAGE = 1000
MAX_PAGES = 10_000
PASSING = ("chain gap", "terminal is not enrolled")  # rejections that a later pass may clear
HELD = ("accepted", "duplicate", "conflict")  # the mesh holds it (a conflict: kept aside there)


class Uplink:
    def __init__(self, storage: MeshStorage, config: NodeConfig, identity: TerminalIdentity, *,
                 timeout: float = 10.0, interval: float = 1.0, backoff_cap: float = 30.0) -> None:
        self.storage, self.config = storage, config
        self.url = config.upstream.rstrip("/")
        self.http = mesh_http_client(self.url, pin=config.upstream_pin, identity=identity, timeout=timeout)
        self.protocol: int | None = None  # the upstream's, once checked (sync.protocol)
        self.interval, self.backoff_cap = interval, backoff_cap
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self.state: dict[str, Any] = {"uplink": "unknown", "last_contact": None, "forwarded": 0,
                                      "pulled": 0, "publications": 0, "publications_refused": 0}

    # -- the loop --------------------------------------------------------------------------------
    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name="kazasu-node-uplink", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=15)
        self.http.close()

    def nudge(self) -> None:
        """Run the next pass now (a terminal just sent something)."""
        self._wake.set()

    def run(self) -> None:
        delay = 1.0
        while not self._stop.is_set():
            try:
                self.pass_once()
                wait, delay = self.interval, 1.0
            except UpstreamTooOldError as exc:
                self.protocol = None
                self.state.update(uplink="too_old", upstream_protocol=exc.protocol)
                wait, delay = self.backoff_cap, 1.0
                logger.error("uplink refused: %s (the municipal mesh speaks protocol %d)", exc.code, exc.protocol)
            except MeshCertificateError as exc:
                self.protocol = None
                self.state.update(uplink="certificate_mismatch")
                wait, delay = self.backoff_cap, 1.0
                logger.error("uplink refused: %s (%s); nothing was sent", exc.code, exc.reason)
            except (MeshUnreachableError, MeshResponseError) as exc:
                self.protocol = None
                self.state["uplink"] = "down"
                wait = exc.retry_after if isinstance(exc, MeshResponseError) and exc.retry_after else delay
                delay = min(self.backoff_cap, delay * 2)
                logger.warning("uplink pass failed (%s); next try in %.0f s", exc.code, wait)
            except SyncError as exc:  # the node's own database: logged, tried again
                wait, delay = delay, min(self.backoff_cap, delay * 2)
                logger.error("uplink pass failed: %s", exc.code)
            except Exception:  # noqa: BLE001 - the loop must outlive one bad pass; no personal data
                wait, delay = delay, min(self.backoff_cap, delay * 2)
                logger.exception("uplink pass failed unexpectedly")
            self._wake.wait(wait)
            self._wake.clear()

    def pass_once(self) -> dict[str, Any]:
        self.check_upstream()
        directory = self.sync_directory()
        published = self.pull_publications()
        forwarded = self.forward()
        pulled = self.pull_feed()
        self.state.update(uplink="up", last_contact=utc_now_iso())
        return {"directory": directory, "publications": published, **forwarded, "pulled": pulled}

    def check_upstream(self) -> int:
        """The mesh's protocol, asked once (GET /v1/health); UpstreamTooOldError when it is too old."""
        if self.protocol is None:
            self.protocol = check_upstream(self.url, self._request("GET", HEALTH_PATH))
            self.state["upstream_protocol"] = self.protocol
        return self.protocol

    # -- requests --------------------------------------------------------------------------------
    def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            response = self.http.request(method, self.url + path, **kwargs)
        except httpx.TransportError as exc:
            raise no_answer(self.url, exc) from None
        return self._decode(response)

    def _decode(self, response: httpx.Response) -> Any:
        if response.status_code != 200:
            try:
                code = str(response.json()["error"]["code"])
            except (ValueError, KeyError, TypeError):
                code = None
            retry = response.headers.get("retry-after")
            raise MeshResponseError(self.url, response.status_code, code,
                                    retry_after=float(retry) if retry and retry.isdigit() else None)
        try:
            return response.json()
        except ValueError:
            raise MeshResponseError(self.url, response.status_code, "bad_answer") from None

    # -- 1. the terminal directory ----------------------------------------------------------------
    def sync_directory(self) -> dict[str, int]:
        body = self._request("GET", f"/v1/sites/{self.config.site}/terminals")
        terminals = [t for t in body.get("terminals", []) if t.get("terminal_id") != self.config.node_id]
        result = registry.adopt(self.storage, terminals, self.config.site)
        if result["added"]:
            with self.storage.transaction(lock=FEED_LOCK) as tx:
                for item in terminals:
                    _recompute_head(tx, item["terminal_id"])
        return result

    # -- 2. publications ------------------------------------------------------------------------
    def pull_publications(self) -> dict[str, int]:
        cursor = int(self._state("publications_cursor") or 0)
        kept = refused = 0
        for _ in range(MAX_PAGES):
            page = self._request("GET", "/v1/publications", params={"after": cursor, "limit": 500})
            for doc in page.get("publications", []):
                try:
                    kept += publishing.add(self.storage, doc, public_key=self.config.publisher_key)
                except PublicationRefusedError as exc:
                    refused += 1
                    logger.warning("refused a publication from the municipal mesh: %s", exc.why)
            cursor = max(cursor, int(page.get("next_cursor", cursor)))
            self._set_state("publications_cursor", str(cursor))
            if not page.get("has_more"):
                break
        self.state["publications"] += kept
        self.state["publications_refused"] += refused
        return {"kept": kept, "refused": refused}

    # -- 3. forwarding ------------------------------------------------------------------------
    def backlog(self) -> int:
        cursor = int(self._state("forward_cursor") or 0)
        with self.storage.reading() as tx:
            new = tx.one("SELECT count(*) FROM mesh_events e LEFT JOIN node_pulled p ON p.event_id = e.id"
                         " WHERE e.site = ? AND e.seq > ? AND p.event_id IS NULL",
                         [self.config.site, cursor])[0]
            retry = tx.one("SELECT count(*) FROM node_retry WHERE refused = 0")[0]
        return int(new) + int(retry)

    def refused(self) -> list[dict[str, Any]]:
        with self.storage.reading() as tx:
            rows = tx.all("SELECT r.event_id, e.terminal, r.reason, r.attempts FROM node_retry r JOIN"
                          " mesh_events e ON e.seq = r.seq WHERE r.refused = 1 ORDER BY r.seq LIMIT 1000")
        return [{"event_id": r[0], "terminal": r[1], "reason": r[2], "attempts": r[3]} for r in rows]

    def _read(self, after: int | None) -> list[tuple[int, dict[str, Any], bool]]:
        """The next batch: (feed position, event, is a retry). Retries first (only when `after` is
        None: the first batch of a pass; at most half a batch, so retries that stay stuck never hold up
        the rest), then events after `after` (default: the forward cursor)."""
        out: list[tuple[int, dict[str, Any], bool]] = []
        with self.storage.reading() as tx:
            if after is None:
                rows = tx.all(f"SELECT e.seq, {_prefixed()} FROM node_retry r JOIN mesh_events e ON"
                              " e.seq = r.seq WHERE r.refused = 0 ORDER BY r.seq LIMIT ?", [BATCH // 2])
                out += [(r[0], event_dict(r[1:]), True) for r in rows]
                after = int(self._state_in(tx, "forward_cursor") or 0)
            if len(out) < BATCH:
                rows = tx.all(f"SELECT e.seq, {_prefixed()} FROM mesh_events e LEFT JOIN node_pulled p ON"
                              " p.event_id = e.id WHERE e.site = ? AND e.seq > ? AND p.event_id IS NULL"
                              " ORDER BY e.seq LIMIT ?", [self.config.site, after, BATCH - len(out)])
                out += [(r[0], event_dict(r[1:]), False) for r in rows]
        return out

    def forward(self) -> dict[str, int]:
        """Send the backlog upstream (pipelined: one request in flight, the next batch read meanwhile)."""
        totals = {"forwarded": 0, "duplicates": 0, "retrying": 0, "refused": 0}
        batch = self._read(None)
        if not batch:
            return totals
        last = int(self._state("forward_cursor") or 0)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kazasu-node-post") as pool:
            future = self._post(pool, batch)
            while True:
                last = max([last, *(seq for seq, _, retry in batch if not retry)])
                following = self._read(last)
                answer = self._answer(future)
                next_future = self._post(pool, following) if following else None
                outcome = self._record(batch, answer)
                for key in totals:
                    totals[key] += outcome[key]
                if next_future is None:
                    break
                batch, future = following, next_future
        self.state["forwarded"] += totals["forwarded"]
        return totals

    def _post(self, pool: ThreadPoolExecutor, batch: list[tuple[int, dict[str, Any], bool]]) -> Future:
        return pool.submit(self.http.request, "POST", self.url + "/v1/events/batch",
                           json={"events": [event for _, event, _ in batch]})

    def _answer(self, future: Future) -> list[dict[str, Any]]:
        try:
            response = future.result()
        except httpx.TransportError as exc:
            raise no_answer(self.url, exc) from None
        body = self._decode(response)
        results = body.get("results") if isinstance(body, dict) else None
        if not isinstance(results, list):
            raise MeshResponseError(self.url, 200, "bad_answer")
        return results

    def _record(self, batch: list[tuple[int, dict[str, Any], bool]],
                results: list[dict[str, Any]]) -> dict[str, int]:
        """The mesh's answers in one transaction with the forward cursor (see the module)."""
        answers = {r.get("id"): r for r in results if isinstance(r, dict)}
        out = {"forwarded": 0, "duplicates": 0, "retrying": 0, "refused": 0}
        newest = max((seq for seq, _, retry in batch if not retry), default=None)
        with self.storage.transaction() as tx:
            held: list[int] = []
            for seq, event, _retry in batch:
                answer = answers.get(event["id"]) or {"status": "rejected", "reason": "no answer"}
                status, reason = answer.get("status"), str(answer.get("reason") or "")
                if status in HELD:
                    out["forwarded"] += status != "duplicate"
                    out["duplicates"] += status == "duplicate"
                    held.append(seq)
                    continue
                passing = reason.startswith(PASSING)
                out["retrying" if passing else "refused"] += 1
                tx.run("INSERT INTO node_retry (seq, event_id, reason, refused) VALUES (?, ?, ?, ?)"
                       " ON CONFLICT (seq) DO UPDATE SET attempts = node_retry.attempts + 1,"
                       " reason = excluded.reason, refused = excluded.refused",
                       [seq, event["id"], reason[:500], 0 if passing else 1])
            for start in range(0, len(held), DELETE_CHUNK):  # a few statements per batch, not one per event
                chunk = held[start:start + DELETE_CHUNK]
                tx.run(f"DELETE FROM node_retry WHERE seq IN ({','.join('?' * len(chunk))})", chunk)
            if newest is not None:
                _set(tx, "forward_cursor", str(newest))
        if out["refused"]:
            logger.error("the municipal mesh refused %d relayed event(s) (kazasu node status)", out["refused"])
        return out

    # -- 4. the mesh's feed of the site ----------------------------------------------------------
    def pull_feed(self) -> int:
        cursor = int(self._state("upstream_cursor") or 0)
        stored = 0
        for _ in range(MAX_PAGES):
            page = self._request("GET", f"/v1/sites/{self.config.site}/events",
                                 params={"after": cursor, "limit": FEED_PAGE})
            events = []
            for raw in page.get("events", []):
                try:
                    events.append(Event.from_dict(raw))
                except EventValidationError:
                    logger.warning("skipped an invalid event in the municipal mesh's feed")
            next_cursor = max(cursor, int(page.get("next_cursor", cursor)))
            with self.storage.transaction(lock=FEED_LOCK) as tx:
                stored += _store_pulled(tx, [e for e in events if e.site == self.config.site])
                _set(tx, "upstream_cursor", str(next_cursor))
            cursor = next_cursor
            if not page.get("has_more") or not events:
                break
        self.state["pulled"] += stored
        return stored

    # -- node_state ----------------------------------------------------------------------------
    def _state(self, key: str) -> str | None:
        with self.storage.reading() as tx:
            return self._state_in(tx, key)

    @staticmethod
    def _state_in(tx: Tx, key: str) -> str | None:
        row = tx.one("SELECT value FROM node_state WHERE key = ?", [key])
        return row[0] if row else None

    def _set_state(self, key: str, value: str) -> None:
        with self.storage.transaction() as tx:
            _set(tx, key, value)

    def status(self) -> dict[str, Any]:
        return {**self.state, "backlog": self.backlog(), "refused_events": len(self.refused())}


def _prefixed() -> str:
    return ", ".join("e." + column.strip() for column in EVENT_COLUMNS.split(","))


def _set(tx: Tx, key: str, value: str) -> None:
    tx.run("INSERT INTO node_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET"
           " value = excluded.value", [key, value])


def _store_pulled(tx: Tx, events: list[Event]) -> int:
    """Keep the events of the mesh's feed this node does not hold; move chain heads; apply redactions."""
    if not events:
        return 0
    marks = ",".join("?" * len(events))
    held = {row[0] for row in tx.all(f"SELECT id FROM mesh_events WHERE id IN ({marks})",
                                     [e.id for e in events])}
    fresh = [e for e in events if e.id not in held]
    statuses = MeshStorage.insert_rows(tx, fresh)
    accepted = [e for e, status in zip(fresh, statuses) if status == "accepted"]
    for event in accepted:
        tx.run("INSERT INTO node_pulled (event_id) VALUES (?) ON CONFLICT (event_id) DO NOTHING", [event.id])
    for event in events:  # the heads follow the mesh's copy of each chain (also own events echoed back)
        if event.auth is not None:
            digest = entry_hash(event)
            if digest is not None:
                tx.run("UPDATE mesh_terminals SET last_seq = ?, last_hash = ? WHERE terminal_id = ?"
                       " AND last_seq < ?", [event.auth["seq"], digest, event.terminal, event.auth["seq"]])
    redactions.apply(tx, accepted, utc_now_iso())
    return len(accepted)


def _recompute_head(tx: Tx, terminal_id: str) -> None:
    """A terminal just adopted may already have events here (pulled before it was known)."""
    row = tx.one(f"SELECT {EVENT_COLUMNS} FROM mesh_events WHERE terminal = ? AND chain_seq IS NOT NULL"
                 " ORDER BY chain_seq DESC LIMIT 1", [terminal_id])
    if row is None:
        return
    event = Event.from_dict(event_dict(row))
    digest = entry_hash(event)
    if digest is not None and event.auth is not None:
        tx.run("UPDATE mesh_terminals SET last_seq = ?, last_hash = ? WHERE terminal_id = ? AND last_seq < ?",
               [event.auth["seq"], digest, terminal_id, event.auth["seq"]])

