"""SyncClient: sends the outbox's pending events to the mesh in batches and records the answers.

An event is marked acknowledged only when the mesh answered `accepted` or `duplicate` for its id (both
mean: the mesh holds it). A `rejected` event stays pending with the mesh's reason recorded and counted.
Any transport failure raises MeshUnreachableError; nothing is marked, so nothing is lost. A non-200 answer
raises MeshResponseError, carrying the mesh's `Retry-After` (seconds) when it sent one (429/503).
`sync_once()` is one pass over the queue (pipelined: the next batch is read while the mesh works on the
current one, at most one request in flight); `pull_feed(site)` stores the site's events of other terminals
after the stored cursor (and notes where the mesh put this terminal's own, which finds own events the
terminal lost); `sync_pass(site)` is both, push then pull: what `kazasu sync --once` runs.
`sync.background.BackgroundSync` runs passes in a loop with backoff.

The client carries the terminal's credentials by itself (sync.transport.mesh_http_client): every request
is signed with the store's enrolment identity, the mesh URL must be https (plain http only to loopback),
and the mesh's TLS key must match the pin kept in terminal.json for its address (`pins`, else
`mesh_pin`). Before the first request that sends or pulls, the client asks `/v1/health` once whether
the upstream speaks this protocol (sync.protocol): a too-old one is `upstream_too_old`, nothing sent.
A batch is also bounded by bytes (MAX_REQUEST_BYTES, half the mesh's body limit). A `conflict` answer
(the mesh holds another event under that id; sync.mesh.ingest) is not an acknowledgement: the event
stays pending with the mesh's reason, counted as rejected, so staff see it in the queue view.
"""

from __future__ import annotations

import json
import logging
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import httpx

from sync import protocol
from sync.errors import EventValidationError, MeshResponseError, MeshUnreachableError, SyncError
from sync.events import Event
from sync.store import EventStore
from sync.transport import certificate_problem, mesh_http_client, origin_of

logger = logging.getLogger(__name__)

BATCH_PATH = "/v1/events/batch"
FEED_PATH = "/v1/sites/{site}/events"
HEALTH_PATH = "/v1/health"
MAX_BATCHES_PER_PASS = 100_000  # a hard bound on one pass (100,000 × batch_size events)
FEED_PAGE = 500
MAX_FEED_PAGES_PER_PULL = 10_000
MAX_REQUEST_BYTES = 4 * 1024 * 1024  # a batch's JSON at most (the mesh refuses bodies over 8 MiB)
HELD = ("accepted", "duplicate")
NOT_HELD = ("rejected", "conflict")


class SyncClient:
    def __init__(self, store: EventStore, mesh_url: str, batch_size: int = 500,
                 timeout: float = 10, *, http: httpx.Client | None = None) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.store = store
        self.mesh_url = mesh_url.rstrip("/")
        self.batch_size = batch_size
        self._http = http or mesh_http_client(self.mesh_url, pin=configured_pin(store.path.parent, self.mesh_url),
                                              identity=store.identity, timeout=timeout)
        self._owns_http = http is None
        self._protocol: int | None = None  # the upstream's, once checked (sync.protocol)

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> "SyncClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def sync_once(self) -> dict[str, int]:
        """One pass: every event pending at the start is offered once, in id order, in batches.

        Pipelined, one request in flight: while the mesh works on batch k, this thread reads and
        decrypts batch k+1; once k's answer is in, k+1 is sent and k's answers are recorded while the
        mesh works on k+1. The request runs on a helper thread that never touches the database, and
        a batch is marked only from its own answer, so an interruption anywhere loses nothing.
        """
        totals = {"sent": 0, "accepted": 0, "duplicates": 0, "rejected": 0}
        self.check_upstream()
        batch, body, more = self._read_batch(None)
        if batch:
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kazasu-sync-post") as pool:
                future = self._submit(pool, body)
                for _ in range(MAX_BATCHES_PER_PASS):
                    following, body, more = self._read_batch(batch[-1]) if more else ([], b"", False)
                    answers = self._batch_answers(self._result(future))
                    next_future = self._submit(pool, body) if following else None
                    outcome = self._record(batch, answers)
                    for key in totals:
                        totals[key] += outcome[key]
                    if next_future is None:
                        break
                    batch, future = following, next_future
        result = {**totals, "pending": self.store.status()["pending"]}
        logger.info("sync pass: %s", result)
        return result

    def _read_batch(self, after: str | None) -> tuple[list[str], bytes, bool]:
        """The ids of the next pending events after `after`: at most `batch_size` and
        MAX_REQUEST_BYTES of JSON (always at least one); the request body that sends them (each
        event's JSON made once, its payload as the store holds it: EventStore.pending_wire); and
        whether more may follow."""
        events = self.store.pending_wire(self.batch_size, after=after)
        size = 0
        ids: list[str] = []
        parts: list[bytes] = []
        more = len(events) == self.batch_size
        for count, (event_id, part) in enumerate(events):
            size += len(part) + 2
            if count and size > MAX_REQUEST_BYTES:
                more = True
                break
            ids.append(event_id)
            parts.append(part)
        return ids, b'{"events":[' + b",".join(parts) + b"]}", more

    def pull_feed(self, site: str, *, own_terminal: str | None = None) -> dict[str, int]:
        """Fetch `site`'s feed after the stored cursor; keep other terminals' events, move the cursor.

        Each page is stored with its cursor in one local transaction, so an interruption anywhere
        resumes from the last stored page. Events of `own_terminal` are not stored again: their feed
        positions are noted, and one the store does not hold is recorded as lost (the mesh has it).
        Events that fail validation are skipped but still advance the cursor. Returns `pulled` and
        `cursor`.
        """
        self.check_upstream()
        base = self.store.feed_base(site, self.mesh_url)  # > 0 after a move between node and mesh
        cursor = self.store.feed_cursor(site) - base
        pulled = 0
        for _ in range(MAX_FEED_PAGES_PER_PULL):
            page = self._get(FEED_PATH.format(site=site), {"after": cursor, "limit": FEED_PAGE})
            try:
                raw_events, next_cursor = page["events"], int(page["next_cursor"])
                positions = page.get("cursors") or [None] * len(raw_events)
                has_more = bool(page["has_more"])
            except (KeyError, TypeError, ValueError):
                raise MeshResponseError(self.mesh_url, 200, "bad_answer") from None
            keep: list[tuple[int, Event]] = []
            own: list[tuple[int, Event]] = []
            for position, raw in zip(positions, raw_events):
                try:
                    event = Event.from_dict(raw)
                except EventValidationError:
                    logger.warning("skipped an invalid event in the feed of %s", site)
                    continue
                if event.site != site:
                    continue
                at = base + (int(position) if position is not None else next_cursor)
                (own if own_terminal is not None and event.terminal == own_terminal else keep).append(
                    (at, event))
            pulled += self.store.store_remote_events(site, keep, base + max(next_cursor, cursor),
                                                     own=own)
            cursor = max(next_cursor, cursor)
            if not has_more or not raw_events:
                break
        return {"pulled": pulled, "cursor": base + cursor}

    def sync_pass(self, site: str | None, *, own_terminal: str | None = None) -> dict[str, int]:
        """One whole pass: push what is pending (`sync_once`), then pull the site's feed when a site
        is given. `sync_once`'s counts plus `pulled` (0 without a site) and `lost` (own events this
        terminal no longer holds, all told: see EventStore.lost)."""
        try:
            result = self.sync_once()
            pulled = self.pull_feed(site, own_terminal=own_terminal)["pulled"] if site else 0
        except MeshResponseError as exc:
            if exc.body_code == "terminal_revoked":  # its signed revocation stops its signing now
                try:
                    self.pull_publications(site)
                except SyncError:
                    logger.warning("could not fetch the revocation of this terminal")
            raise
        published = self.pull_publications(site)
        out = {**result, "pulled": pulled, "lost": self.store.problems()["lost"]}
        if published.get("pinned", True):  # a terminal without the municipality's key asks nothing
            out["publications"] = published
        return out

    def pull_publications(self, site: str | None) -> dict[str, Any]:
        """Fetch what the municipality published since the last pass (sync.published): each is kept
        only when it verifies with the key pinned at enrolment; a revocation of this terminal stops
        its signing at once. `{"received", "refused", "kept": [{kind, name, version}], ...}`."""
        # lazy: only a pass that pulls needs it
        from sync.published import PublishedStore, pull

        return pull(self, PublishedStore(self.store.path.parent), site)

    def get_json(self, path: str, params: dict[str, Any]) -> dict[str, Any]:
        """A signed GET of the mesh's JSON answer (the same errors as every request of the client)."""
        return self._get(path, params)

    def ping(self) -> None:
        """Whether the mesh answers now (GET /v1/health): MeshUnreachableError when it does not,
        UpstreamTooOldError when it speaks an older protocol (sync.protocol)."""
        self._protocol = protocol.check_upstream(self.mesh_url, self._request("GET", HEALTH_PATH))

    def check_upstream(self) -> int:
        """The upstream's protocol, asked once per client (GET /v1/health) before anything is sent:
        UpstreamTooOldError for a mesh or node too old to take this terminal's signed requests."""
        if self._protocol is None:
            self._protocol = protocol.check_upstream(self.mesh_url, self._request("GET", HEALTH_PATH))
        return self._protocol

    def send_batch(self, events: list[Event]) -> dict[str, int]:
        """POST one batch, then mark acknowledged / record rejections from the per-event answers."""
        body = self._request("POST", BATCH_PATH, json={"events": [e.to_dict() for e in events]})
        return self.record_answers(events, self._batch_answers(body))

    def record_answers(self, events: list[Event], answers: list[dict[str, Any]]) -> dict[str, int]:
        """Acknowledge the events the mesh holds, record the reasons of those it rejected."""
        return self._record([event.id for event in events], answers)

    def _record(self, ids: list[str], answers: list[dict[str, Any]]) -> dict[str, int]:
        sent_ids = set(ids)
        held: list[str] = []
        duplicates = 0
        rejected: dict[str, str] = {}
        for answer in answers:
            event_id, status = answer.get("id"), answer.get("status")
            if event_id not in sent_ids:
                continue  # an answer for something we did not send: ignore it
            if status in HELD:
                held.append(event_id)
                duplicates += status == "duplicate"
            elif status in NOT_HELD:  # a conflict stays pending with its reason, like a rejection
                rejected[event_id] = str(answer.get("reason") or f"{status} without a reason")
        self.store.mark_acknowledged(held)
        self.store.mark_rejected(rejected)
        return {"sent": len(ids), "accepted": len(held) - duplicates, "duplicates": duplicates,
                "rejected": len(rejected)}

    def _batch_answers(self, body: Any) -> list[dict[str, Any]]:
        results = body.get("results") if isinstance(body, dict) else None
        if not isinstance(results, list):
            raise MeshResponseError(self.mesh_url, 200, "bad_answer")
        return [r for r in results if isinstance(r, dict)]

    def _submit(self, pool: ThreadPoolExecutor, body: bytes) -> Future:
        """Start POSTing a batch's body on the helper thread (it only does HTTP: no database there)."""
        return pool.submit(self._http.request, "POST", self.mesh_url + BATCH_PATH, content=body,
                           headers={"content-type": "application/json"})

    def _result(self, future: Future) -> Any:
        """The decoded answer of a submitted request, with the same errors as `_request`."""
        try:
            response = future.result()
        except httpx.TransportError as exc:
            raise self._unreachable(exc) from None
        return self._decode(response)

    def _get(self, path: str, params: dict[str, Any]) -> dict[str, Any]:
        body = self._request("GET", path, params=params)
        if not isinstance(body, dict):
            raise MeshResponseError(self.mesh_url, 200, "bad_answer")
        return body

    def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            response = self._http.request(method, self.mesh_url + path, **kwargs)
        except httpx.TransportError as exc:
            raise self._unreachable(exc) from None
        return self._decode(response)

    def _unreachable(self, exc: httpx.TransportError) -> SyncError:
        certificate = certificate_problem(self.mesh_url, exc)
        if certificate is not None:
            logger.error("mesh certificate refused: %s", certificate.reason)
            return certificate
        logger.warning("mesh unreachable (%s)", type(exc).__name__)
        return MeshUnreachableError(self.mesh_url, self._pending_count())

    def _decode(self, response: httpx.Response) -> Any:
        if response.status_code != 200:
            code, words = _error_of(response)
            if response.status_code in (401, 403):
                logger.warning("the mesh refused this terminal's request: %s", code)
            raise MeshResponseError(self.mesh_url, response.status_code, code, mesh_message=words,
                                    retry_after=parse_retry_after(response.headers.get("retry-after")))
        try:
            return response.json()
        except ValueError:
            raise MeshResponseError(self.mesh_url, response.status_code, "bad_answer") from None

    def _pending_count(self) -> int | None:
        try:
            return self.store.status()["pending"]
        except Exception:  # the count is a courtesy in the error message, never a second failure
            return None


def _error_of(response: httpx.Response) -> tuple[str | None, tuple[str, str] | None]:
    """The mesh's error code and (Japanese, English) words, when its answer has the error shape."""
    try:
        error = response.json()["error"]
        code = str(error["code"])
    except (ValueError, KeyError, TypeError):
        return None, None
    ja, en = error.get("message_ja"), error.get("message_en")
    return code, (str(ja)[:300], str(en)[:300]) if ja and en else None


def configured_pin(data_dir: Path, url: str | None = None) -> str | None:
    """The pin for `url` in the data folder's terminal.json (sync.terminal), read without creating it:
    the one recorded for its address (`pins`, `kazasu terminal pin`), else the enrolment's `mesh_pin`."""
    try:
        data = json.loads((Path(data_dir) / "terminal.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    pins = data.get("pins")
    if url is not None and isinstance(pins, dict):
        try:
            pin = pins.get(origin_of(url))
        except ValueError:
            pin = None
        if isinstance(pin, str) and pin:
            return pin
    pin = data.get("mesh_pin")
    return pin if isinstance(pin, str) and pin else None


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())
