"""The mesh HTTP API (FastAPI): batch upload, per-site feed, enrolment, exception list, health, stats.
OpenAPI at /openapi.json.

Every error has one JSON shape, the same as the command line's: `{"error": {"code", "message_ja",
"message_en", ...}}`. A batch is judged event by event: a malformed event is `rejected` with a reason and
the others are still stored; the same event sent again is a `duplicate` and changes nothing.
The mesh stores events as sent: in production, TLS in front of it protects them in transit.
Identity rules (signed events, chains, revocation, `allow_unsigned`) are in sync.mesh.ingest.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any, Literal

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema
from starlette.exceptions import HTTPException as StarletteHTTPException

from sync.errors import EnrolmentError, EventValidationError, StorageUnavailableError
from sync.events import Event, EventEnvelope, storable_text
from sync.mesh import exceptions, registry
from sync.mesh.backends import open_storage
from sync.mesh.ingest import ingest, summary

logger = logging.getLogger(__name__)

MAX_BATCH = 1000
MAX_FEED_LIMIT = 1000
MAX_CURSOR = 2**63 - 1  # feed cursors are 64-bit integers in SQLite and PostgreSQL (BIGINT)
STORAGE_RETRY_AFTER = 5  # seconds a terminal should wait when the mesh's database is down


class ShownAsEvent:
    """A value kept as it came (the batch judges each event itself, `Event.from_dict`, and answers per
    event; the feed serves what the mesh checked when it stored it), shown in the OpenAPI as the
    `EventEnvelope` schema (sync.events)."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return handler(source)

    @classmethod
    def __get_pydantic_json_schema__(cls, _schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return handler(EventEnvelope.__pydantic_core_schema__)


class BatchIn(BaseModel):
    events: list[Annotated[Any, ShownAsEvent]] = Field(
        description=f"At most {MAX_BATCH} events. Each is judged on its own: one that does not fit the "
                    "EventEnvelope schema is `rejected` with a reason in `results`, the others are stored.")


class EventResult(BaseModel):
    id: str | None
    status: Literal["accepted", "duplicate", "rejected"]
    reason: str | None = None


class EnrollIn(BaseModel):
    code: str
    terminal_id: str
    public_key: str
    services: list[str] = Field(default_factory=list, max_length=16)


class EnrollOut(BaseModel):
    terminal_id: str
    site: str
    enrolled_at: str
    service_keys: dict[str, str] = Field(default_factory=dict)


class BatchOut(BaseModel):
    results: list[EventResult]


class FeedOut(BaseModel):
    site: str
    events: list[Annotated[dict[str, Any], ShownAsEvent]]
    next_cursor: int
    has_more: bool
    cursors: list[int]


class ExceptionOut(BaseModel):
    event_id: str
    terminal: str
    site: str
    kind: str
    reason: str
    first_seen: str
    last_seen: str
    times_seen: int
    resolved_at: str | None


class ExceptionsOut(BaseModel):
    exceptions: list[ExceptionOut]


class ApiError(Exception):
    """An HTTP error with the stable JSON error shape."""

    def __init__(self, status: int, code: str, message_en: str, message_ja: str) -> None:
        super().__init__(message_en)
        self.status, self.code, self.message_en, self.message_ja = status, code, message_en, message_ja

    def response(self) -> JSONResponse:
        return JSONResponse(status_code=self.status, content={"error": {
            "code": self.code, "message_ja": self.message_ja, "message_en": self.message_en}})


def create_app(db_url: str, *, allow_unsigned: bool = False) -> FastAPI:
    """The mesh application over the storage at `db_url` (opened now, closed at shutdown).

    `allow_unsigned`: also accept unsigned events of terminals that are not enrolled (demo, spine)."""
    storage = open_storage(db_url)
    app = FastAPI(title="kazasu mesh", version="1", description="Event sync API of kazasu terminals.")
    app.state.storage = storage
    app.state.allow_unsigned = allow_unsigned
    app.router.add_event_handler("shutdown", storage.close)
    _install_error_handlers(app)

    @app.post("/v1/events/batch", response_model=BatchOut, response_model_exclude_unset=True)
    def post_batch(batch: BatchIn) -> dict[str, Any]:
        if len(batch.events) > MAX_BATCH:
            raise ApiError(413, "batch_too_large", f"At most {MAX_BATCH} events per batch.",
                           f"1回の送信は{MAX_BATCH}件までです。")
        results: list[dict[str, Any] | None] = [None] * len(batch.events)
        valid: list[tuple[int, Event]] = []
        for index, raw in enumerate(batch.events):
            raw_id = raw.get("id") if isinstance(raw, dict) else None
            try:
                valid.append((index, Event.from_dict(raw)))
            except EventValidationError as exc:
                results[index] = {"id": raw_id if isinstance(raw_id, str) else None,
                                  "status": "rejected", "reason": exc.reason}
        judged = ingest(storage, [event for _, event in valid], allow_unsigned=allow_unsigned)
        for (index, event), (status, reason) in zip(valid, judged):
            results[index] = ({"id": event.id, "status": status} if reason is None else
                              {"id": event.id, "status": status, "reason": reason})
        logger.info("batch of %d: %s", len(results),
                    summary([(r["status"], None) for r in results if r]))
        return {"results": results}

    @app.post("/v1/terminals/enroll", response_model=EnrollOut)
    def enroll(body: EnrollIn) -> dict[str, Any]:
        """Register a terminal's Ed25519 public key with a one-time enrolment code."""
        result = registry.enroll(storage, body.code, body.terminal_id, body.public_key,
                                 services=body.services)
        logger.info("enrolled terminal %s for site %s", result["terminal_id"], result["site"])
        return result

    @app.get("/v1/sites/{site}/events", response_model=FeedOut)
    def get_feed(site: str, after: int = Query(0, ge=0, le=MAX_CURSOR),
                 limit: int = Query(100, ge=1, le=MAX_FEED_LIMIT)) -> dict[str, Any]:
        _check_site(site)
        page = storage.feed(site, after=after, limit=limit)
        return {"site": site, "events": page.events, "next_cursor": page.next_cursor,
                "has_more": page.has_more, "cursors": page.cursors}

    @app.get("/v1/exceptions", response_model=ExceptionsOut)
    def get_exceptions(site: str | None = Query(None, max_length=128),
                       open_only: bool = Query(False),
                       limit: int = Query(1000, ge=1, le=MAX_FEED_LIMIT)) -> dict[str, Any]:
        """Events the mesh rejected (newest first): id, terminal, site, kind, reason, times seen."""
        if site is not None:
            _check_site(site)
        return {"exceptions": exceptions.list_exceptions(storage, site, open_only=open_only,
                                                         limit=limit)}

    @app.get("/v1/health")
    def health() -> dict[str, Any]:
        return {"status": "ok", "storage": "ok" if storage.ping() else "error"}

    @app.get("/v1/stats")
    def stats() -> dict[str, Any]:
        return storage.stats()

    return app


def _check_site(site: str) -> None:
    """A site id no event can have (NUL, lone surrogates: PostgreSQL refuses them) is a 422."""
    if not storable_text(site):
        raise ApiError(422, "invalid_request", "The site id is not valid text.",
                       "拠点IDが不正な文字列です。")


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return exc.response()

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        where = "; ".join(".".join(str(p) for p in e.get("loc", ())) + ": " + str(e.get("msg"))
                          for e in exc.errors()[:5])
        return ApiError(422, "invalid_request", f"The request is not valid: {where}",
                        f"リクエストが不正です: {where}").response()

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return ApiError(exc.status_code, code, str(exc.detail),
                        "要求を処理できませんでした。").response()

    @app.exception_handler(EnrolmentError)
    async def enrolment_error(_request: Request, exc: EnrolmentError) -> JSONResponse:
        return JSONResponse(status_code=exc.http_status, content={"error": {
            "code": exc.code, "message_ja": exc.message_ja, "message_en": exc.message_en,
            **exc.details()}})

    @app.exception_handler(StorageUnavailableError)
    async def storage_down(_request: Request, exc: StorageUnavailableError) -> JSONResponse:
        response = ApiError(503, exc.code, exc.message_en, exc.message_ja).response()
        response.headers["Retry-After"] = str(STORAGE_RETRY_AFTER)
        return response

    @app.exception_handler(Exception)
    async def internal_error(_request: Request, exc: Exception) -> JSONResponse:
        logger.error("internal error: %s", type(exc).__name__)
        return ApiError(500, "internal_error", "The mesh failed internally. Retry later.",
                        "メッシュで内部エラーが発生しました。しばらくしてから再度お試しください。").response()
