"""SyncClient: sends the outbox's pending events to the mesh in batches and records the answers.

An event is marked acknowledged only when the mesh answered `accepted` or `duplicate` for its id (both
mean: the mesh holds it). A `rejected` event stays pending with the mesh's reason recorded and counted.
Any transport failure raises MeshUnreachableError; nothing is marked, so nothing is lost.
`sync_once()` is one pass over the queue; a background thread with backoff and the feed pull will call it
(and `send_batch`) in a later step.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

from sync.errors import MeshResponseError, MeshUnreachableError
from sync.events import Event
from sync.store import EventStore

logger = logging.getLogger(__name__)

BATCH_PATH = "/v1/events/batch"
MAX_BATCHES_PER_PASS = 100_000  # a hard bound on one pass (100,000 × batch_size events)


class SyncClient:
    def __init__(self, store: EventStore, mesh_url: str, batch_size: int = 500,
                 timeout: float = 10, *, http: httpx.Client | None = None) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.store = store
        self.mesh_url = mesh_url.rstrip("/")
        self.batch_size = batch_size
        self._http = http or httpx.Client(timeout=timeout)
        self._owns_http = http is None

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> "SyncClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def sync_once(self) -> dict[str, int]:
        """One pass: every event pending at the start is offered once, in id order, in batches."""
        totals = {"sent": 0, "accepted": 0, "duplicates": 0, "rejected": 0}
        after: str | None = None
        for _ in range(MAX_BATCHES_PER_PASS):
            events = self.store.pending(self.batch_size, after=after)
            if not events:
                break
            outcome = self.send_batch(events)
            for key in totals:
                totals[key] += outcome[key]
            if len(events) < self.batch_size:
                break
            after = events[-1].id
        result = {**totals, "pending": self.store.status()["pending"]}
        logger.info("sync pass: %s", result)
        return result

    def send_batch(self, events: list[Event]) -> dict[str, int]:
        """POST one batch, then mark acknowledged / record rejections from the per-event answers."""
        answers = self._post([event.to_dict() for event in events])
        sent_ids = {event.id for event in events}
        held: list[str] = []
        duplicates = 0
        rejected: dict[str, str] = {}
        for answer in answers:
            event_id, status = answer.get("id"), answer.get("status")
            if event_id not in sent_ids:
                continue  # an answer for something we did not send: ignore it
            if status in ("accepted", "duplicate"):
                held.append(event_id)
                duplicates += status == "duplicate"
            elif status == "rejected":
                rejected[event_id] = str(answer.get("reason") or "rejected without a reason")
        self.store.mark_acknowledged(held)
        self.store.mark_rejected(rejected)
        return {"sent": len(events), "accepted": len(held) - duplicates, "duplicates": duplicates,
                "rejected": len(rejected)}

    def _post(self, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        url = self.mesh_url + BATCH_PATH
        try:
            response = self._http.post(url, json={"events": events})
        except httpx.TransportError as exc:
            logger.warning("mesh unreachable (%s)", type(exc).__name__)
            raise MeshUnreachableError(self.mesh_url, self._pending_count()) from None
        if response.status_code != 200:
            raise MeshResponseError(self.mesh_url, response.status_code, _error_code(response))
        try:
            results = response.json()["results"]
            if not isinstance(results, list):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            raise MeshResponseError(self.mesh_url, response.status_code, "bad_answer") from None
        return [r for r in results if isinstance(r, dict)]

    def _pending_count(self) -> int | None:
        try:
            return self.store.status()["pending"]
        except Exception:  # the count is a courtesy in the error message, never a second failure
            return None


def _error_code(response: httpx.Response) -> str | None:
    try:
        return response.json()["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return None
