"""The mesh HTTP API (FastAPI): batch upload, per-site feed, enrolment, exception list, health, stats.
OpenAPI at /openapi.json; the resident's pre-registration page at /prereg/{site}/ (sync.mesh.prereg_routes).

Every error has one JSON shape, the same as the command line's: `{"error": {"code", "message_ja",
"message_en", ...}}`. A batch is judged event by event: a malformed event is `rejected` with a reason and
the others are still stored; the same event sent again is a `duplicate` and changes nothing.
Who may call what (docs/sync.md, "Threat model"; credentials in sync.mesh.auth, declared in the
OpenAPI as `terminalSignature` and `operatorToken`): health, enrolment and the pre-registration page
are open; the batch and the feed need an enrolled terminal's signed request, which reads only its own
site and writes only its own events; statistics and exceptions need an operator token and show only
its sites. On a demo mesh (`allow_unsigned`) a request without credentials may do all of that (a
present but wrong credential is still refused). Identity rules of the events themselves are in
sync.mesh.ingest; the bounds on requests, events and pages in sync.mesh.limits.
"""

from __future__ import annotations

import json
import logging
from typing import Annotated, Any, Callable, Literal

from fastapi import Depends, FastAPI, Header, Query, Request, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import APIKeyHeader, HTTPBearer
from pydantic import BaseModel, Field, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema
from starlette.exceptions import HTTPException as StarletteHTTPException

from sync.errors import EnrolmentError, EventValidationError, StorageUnavailableError
from sync.events import Event, EventEnvelope, canonical_json, storable_text
from sync.mesh import exceptions, prereg_keys, publishing, registry
from sync.mesh.auth import (
    DEMO_PRINCIPAL,
    OPERATOR,
    TERMINAL,
    Authenticator,
    AuthError,
    Principal,
    credentials_required,
    operator_required,
    site_forbidden,
    terminal_required,
)
from sync.mesh.backends import open_storage
from sync.mesh.ingest import ingest, summary
from sync.mesh.limits import (
    DEFAULT_LIMITS,
    Limits,
    RequestGuard,
    depth_problem,
    event_problem,
    json_depth,
    size_problem,
)
from sync.mesh.prereg_routes import prereg_routes
from sync.mesh.streams import EVENT_STREAM, STREAM_RETRY_AFTER, LiveResponse, StreamHub, StreamLimitError
from sync.mesh.verify import Verifier, verify_cores
from sync.protocol import PROTOCOL_VERSION, health_fields
from sync.request_auth import HEADER_SIGNATURE

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
    status: Literal["accepted", "duplicate", "rejected", "conflict"]
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
    role: str | None = None
    node: str | None = Field(None, description="The shelter node that relayed this enrolment (sync.node).")
    publisher_key: str | None = Field(None, description="The municipality's publishing key (Ed25519, "
                                      "base64): the terminal pins it and refuses publications it does "
                                      "not verify.")


class PreregKeyOut(BaseModel):
    key_b64: str
    created_at: str | None = None
    retired_at: str | None = None


class PreregKeysOut(BaseModel):
    site: str
    current: PreregKeyOut | None
    retired: list[PreregKeyOut]


class PublicationsOut(BaseModel):
    publications: list[dict[str, Any]]
    cursors: list[int]
    next_cursor: int
    has_more: bool


class SiteTerminalsOut(BaseModel):
    site: str
    terminals: list[dict[str, Any]]


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


class OverflowOut(BaseModel):
    terminal: str
    site: str
    dropped: int
    first_seen: str
    last_seen: str


class ExceptionsOut(BaseModel):
    exceptions: list[ExceptionOut]
    overflow: list[OverflowOut] = Field(default_factory=list)


class ApiError(Exception):
    """An HTTP error with the stable JSON error shape."""

    def __init__(self, status: int, code: str, message_en: str, message_ja: str) -> None:
        super().__init__(message_en)
        self.status, self.code, self.message_en, self.message_ja = status, code, message_en, message_ja

    def response(self) -> JSONResponse:
        return JSONResponse(status_code=self.status, content={"error": {
            "code": self.code, "message_ja": self.message_ja, "message_en": self.message_en}})


TERMINAL_SCHEME = APIKeyHeader(
    name=HEADER_SIGNATURE, scheme_name="terminalSignature", auto_error=False,
    description="An enrolled terminal signs every request with its enrolment key (Ed25519): headers "
                "X-Kazasu-Terminal, X-Kazasu-Time (Unix seconds), X-Kazasu-Nonce and X-Kazasu-Signature "
                "over method, path and query, terminal, time, nonce and the body's SHA-256 "
                "(sync.request_auth).")
OPERATOR_SCHEME = HTTPBearer(
    scheme_name="operatorToken", bearerFormat="kzo_...", auto_error=False,
    description="An operator token from `kazasu mesh operator add`, scoped to some sites.")


def create_app(db_url: str, *, allow_unsigned: bool = False, limits: Limits = DEFAULT_LIMITS,
               enrolment_relay: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
               health_extra: Callable[[], dict[str, Any]] | None = None,
               wire_protocol: int = PROTOCOL_VERSION) -> FastAPI:
    """The mesh application over the storage at `db_url` (opened now, closed at shutdown).

    `allow_unsigned`: a demo mesh — also accept unsigned events of terminals that are not enrolled,
    and requests without credentials (never on a network: `mesh serve --allow-unsigned-demo`).
    A shelter node (sync.node) is this same application with `enrolment_relay` (enrolments go to the
    municipal mesh, which vouches for the terminal's key) and `health_extra` (its uplink's state).
    `wire_protocol`: the protocol version /v1/health states (sync.protocol; 1 emulates an old mesh)."""
    storage = open_storage(db_url)
    authenticator = Authenticator(storage)
    app = FastAPI(title="kazasu mesh", version="1", description="Event sync API of kazasu terminals.")
    app.state.storage = storage
    app.state.allow_unsigned = allow_unsigned
    app.state.limits = limits
    streams = app.state.streams = StreamHub(storage.site_heads, limits)  # live feed positions
    app.router.add_event_handler("shutdown", storage.close)
    verifier = app.state.verifier = Verifier(cores=verify_cores())  # sync.mesh.verify
    app.router.add_event_handler("shutdown", verifier.close)
    app.add_middleware(RequestGuard, limits=limits)
    _install_error_handlers(app)

    async def principal_of(request: Request) -> Principal | None:
        if "principal" not in request.scope:
            query = request.scope.get("query_string") or b""
            target = (request.scope.get("raw_path") or request.url.path.encode()) + (
                b"?" + query if query else b"")
            body = await request.body()
            request.scope["principal"] = await run_in_threadpool(
                authenticator.authenticate, request.method, target, request.headers, body)
        return request.scope["principal"]

    async def terminal(request: Request, _signature: str | None = Security(TERMINAL_SCHEME)
                       ) -> Principal:
        principal = await principal_of(request)
        if principal is None:
            if allow_unsigned:
                return DEMO_PRINCIPAL
            raise credentials_required()
        if principal.kind == OPERATOR:
            raise terminal_required()
        return principal

    async def operator(request: Request, _token: Any = Security(OPERATOR_SCHEME)) -> Principal:
        principal = await principal_of(request)
        if principal is None:
            if allow_unsigned:
                return DEMO_PRINCIPAL
            raise credentials_required()
        if principal.kind == TERMINAL:
            raise operator_required()
        return principal

    @app.post("/v1/events/batch", response_model=BatchOut, response_model_exclude_unset=True)
    def post_batch(batch: BatchIn, writer: Principal = Depends(terminal)) -> Response:
        """Store a batch of the sending terminal's own events (one answer per event, same order)."""
        if len(batch.events) > MAX_BATCH:
            raise ApiError(413, "batch_too_large", f"At most {MAX_BATCH} events per batch.",
                           f"1回の送信は{MAX_BATCH}件までです。")
        results: list[dict[str, Any] | None] = [None] * len(batch.events)
        valid: list[tuple[int, Event]] = []
        for index, raw in enumerate(batch.events):
            raw_id = raw.get("id") if isinstance(raw, dict) else None
            try:
                valid.append((index, checked_event(raw, limits)))
            except EventValidationError as exc:
                results[index] = {"id": raw_id if isinstance(raw_id, str) else None,
                                  "status": "rejected", "reason": exc.reason}
        judged = ingest(storage, [event for _, event in valid], allow_unsigned=allow_unsigned,
                        writer=writer, limits=limits, depth_checked=True, verifier=verifier)
        for (index, event), (status, reason) in zip(valid, judged):
            results[index] = ({"id": event.id, "status": status} if reason is None else
                              {"id": event.id, "status": status, "reason": reason})
        logger.info("batch of %d from %s: %s", len(results), writer.id,
                    summary([(r["status"], None) for r in results if r]))
        if any(status == "accepted" for status, _ in judged):
            streams.notify()  # after the commit (ingest returned): the site's open streams move on
        return batch_answer(results)

    @app.post("/v1/terminals/enroll", response_model=EnrollOut)
    def enroll(body: EnrollIn) -> dict[str, Any]:
        """Register a terminal's Ed25519 public key with a one-time enrolment code."""
        if enrolment_relay is not None:
            return enrolment_relay(body.model_dump())
        result = registry.enroll(storage, body.code, body.terminal_id, body.public_key,
                                 services=body.services)
        result["publisher_key"] = publishing.publisher_key(storage)
        logger.info("enrolled terminal %s for site %s", result["terminal_id"], result["site"])
        return result

    @app.get("/v1/sites/{site}/events", response_model=FeedOut)
    def get_feed(site: str, after: int = Query(0, ge=0, le=MAX_CURSOR),
                 limit: int = Query(100, ge=1, le=MAX_FEED_LIMIT),
                 reader: Principal = Depends(terminal)) -> dict[str, Any]:
        """The site's events after a cursor: a terminal reads only its own site's."""
        _check_site(site)
        if not reader.may_read_site(site):
            raise site_forbidden(site)
        page = storage.feed(site, after=after, limit=min(limit, limits.feed_max_events),
                            max_bytes=limits.feed_max_bytes)
        kept = [(cursor, event) for cursor, event in zip(page.cursors, page.events)
                if json_depth(event["payload"], limits.max_json_depth) <= limits.max_json_depth]
        if len(kept) < len(page.events):  # stored before the depth limit existed: never served
            logger.warning("feed of %s: %d event(s) nested too deep withheld", site,
                           len(page.events) - len(kept))
        return {"site": site, "events": [e for _, e in kept], "next_cursor": page.next_cursor,
                "has_more": page.has_more, "cursors": [c for c, _ in kept]}

    @app.get("/v1/sites/{site}/stream", response_class=LiveResponse, responses={200: {
        "content": {EVENT_STREAM: {"schema": {"type": "string"}}},
        "description": "Server-sent events: `event: position`, `id:` and `data: {\"site\", \"cursor\"}` "
                       "each time the site's feed moves beyond the cursor; `: keep-alive` comments "
                       "between."}})
    async def get_stream(site: str, after: int = Query(0, ge=0, le=MAX_CURSOR),
                         last_event_id: str | None = Header(None, max_length=20),
                         reader: Principal = Depends(terminal)) -> LiveResponse:
        """The site's newest feed positions, pushed as they come (sync.mesh.streams): a terminal
        watches only its own site; it then pulls the feed itself. Bounded per terminal and in all
        (429 `too_many_streams`: poll the feed meanwhile)."""
        _check_site(site)
        if not reader.may_read_site(site):
            raise site_forbidden(site)
        if last_event_id is not None and last_event_id.isdigit():
            after = max(after, min(int(last_event_id), MAX_CURSOR))  # an EventSource resuming
        try:
            slot = streams.open_slot(reader.id)
        except StreamLimitError as exc:
            logger.warning("live stream refused (%s cap %d) for %s", exc.scope, exc.limit, reader.id)
            response = ApiError(429, "too_many_streams",
                                f"Too many open live streams ({exc.scope} cap {exc.limit}). The terminal "
                                "polls the feed instead and tries again later.",
                                f"ライブ通知の接続が多すぎます（上限 {exc.limit}）。端末は代わりに定期的に"
                                "取得し、後で再接続します。").response()
            response.headers["Retry-After"] = str(STREAM_RETRY_AFTER)
            return response  # type: ignore[return-value]
        return LiveResponse(streams.positions(site, after), slot)

    @app.get("/v1/sites/{site}/terminals", response_model=SiteTerminalsOut)
    def get_site_terminals(site: str, reader: Principal = Depends(terminal)) -> dict[str, Any]:
        """The site's terminal directory (ids, keys, revocations), for the site's shelter node."""
        _check_site(site)
        if not reader.may_read_site(site):
            raise site_forbidden(site)
        if reader.kind == TERMINAL and not reader.relay:
            raise ApiError(403, "node_required", "Only a shelter node reads a site's terminal directory.",
                           "拠点の端末一覧を読めるのは避難所ノードだけです。")
        return {"site": site, "terminals": registry.site_terminals(storage, site)}

    @app.get("/v1/publications", response_model=PublicationsOut)
    def get_publications(after: int = Query(0, ge=0, le=MAX_CURSOR),
                         limit: int = Query(100, ge=1, le=publishing.MAX_PAGE),
                         reader: Principal = Depends(terminal)) -> dict[str, Any]:
        """What the municipality published (signed with its key) for the reader's site, after a
        cursor: form definitions, revocations, notices to staff, the desks' vocabularies."""
        return publishing.page(storage, after=after, limit=limit,
                               site=reader.site if reader.kind == TERMINAL else None)

    @app.get("/v1/prereg/keys", response_model=PreregKeysOut)
    def get_prereg_keys(reader: Principal = Depends(terminal)) -> dict[str, Any]:
        """The reader's site's pre-registration keys (sync.mesh.prereg_keys): the current one and those
        a rotation retired that are still accepted — for the site's terminals (`kazasu prereg fetch`)."""
        if reader.kind != TERMINAL or not reader.site:
            raise ApiError(403, "terminal_required", "Only a terminal of a site reads its pre-registration keys.",
                           "事前登録の鍵を読めるのは拠点の端末だけです。")
        return prereg_keys.keyring(storage, reader.site)

    @app.get("/v1/exceptions", response_model=ExceptionsOut)
    def get_exceptions(site: str | None = Query(None, max_length=128),
                       open_only: bool = Query(False),
                       limit: int = Query(1000, ge=1, le=MAX_FEED_LIMIT),
                       reader: Principal = Depends(operator)) -> dict[str, Any]:
        """Events the mesh rejected or kept aside (newest first, at most `limit` per terminal), of the
        operator's sites; `overflow`: rejections only counted because a terminal's share was full."""
        if site is not None:
            _check_site(site)
            if not reader.may_read_site(site):
                raise site_forbidden(site)
        scope = reader.scope()
        return {"exceptions": exceptions.list_exceptions(storage, site, open_only=open_only,
                                                         limit=limit, sites=scope),
                "overflow": exceptions.list_overflow(storage, site, sites=scope)}

    @app.get("/v1/health")
    def health() -> dict[str, Any]:
        """Open to all: whether the mesh and its database answer, and whether it runs as a demo."""
        out: dict[str, Any] = {"status": "ok", "storage": "ok" if storage.ping() else "error",
                               "allow_unsigned_demo": allow_unsigned, **health_fields(wire_protocol)}
        if allow_unsigned:
            out["warning"] = DEMO_WARNING
        if health_extra is not None:
            out.update(health_extra())
        return out

    prereg_routes(app, storage)

    @app.get("/v1/stats")
    def stats(reader: Principal = Depends(operator)) -> dict[str, Any]:
        """Events held, per site (of the operator's sites), terminals and the newest cursor."""
        return storage.stats(reader.scope())

    return app


def checked_event(raw: Any, limits: Limits) -> Event:
    """One event of a batch as received, checked: its depth first, then its envelope
    (Event.from_dict), then its size. The payload's canonical bytes are made once, first (encoding
    gives up on a payload nested past the interpreter's limit): their brackets bound the depth, and
    only a payload with more of them than the limit is walked (`json_depth`); the envelope check and
    the size use the same bytes. EventValidationError with the reason; an envelope refused for being
    over a limit too says so (the limits are what a sender must hear first)."""
    data = payload_bytes_of(raw)
    if data is None or data.count(b"{") + data.count(b"[") > limits.max_json_depth:
        problem = depth_problem(raw, limits)  # nested deep enough to need the walk
        if problem is not None:
            raise EventValidationError(problem)
    try:
        event = Event.from_dict(raw, payload_bytes=data)
    except EventValidationError:
        problem = event_problem(raw, limits)
        if problem is not None:
            raise EventValidationError(problem) from None
        raise
    problem = size_problem(event.payload_bytes(), limits)
    if problem is not None:
        raise EventValidationError(problem)
    return event


def payload_bytes_of(raw: Any) -> bytes | None:
    """The canonical bytes of a received event's payload object, or None when it has none (not an
    object, not JSON text, or so deep that encoding it gave up). Each `{` or `[` in them opens at most one
    level, strings included: when they hold no more than the depth limit, the payload is within it
    without walking it (`json_depth`)."""
    payload = raw.get("payload") if isinstance(raw, dict) else None
    if type(payload) is not dict:
        return None
    try:
        return canonical_json(payload)
    except (ValueError, TypeError, UnicodeEncodeError, RecursionError):
        return None


def batch_answer(results: list[dict[str, Any] | None]) -> Response:
    """The batch's answer as ASCII JSON (an id that is not text, e.g. a lone surrogate, is escaped,
    never a failure), made directly: `BatchOut` documents it."""
    body = json.dumps({"results": results}, ensure_ascii=True, separators=(",", ":"))
    return Response(content=body.encode("ascii"), media_type="application/json")


DEMO_WARNING = ("demo mesh: accepts unsigned events and requests without credentials; never run it on a"
                " network")


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

    @app.exception_handler(AuthError)
    async def auth_error(_request: Request, exc: AuthError) -> JSONResponse:
        return JSONResponse(status_code=exc.status, headers=exc.headers, content={"error": {
            "code": exc.code, "message_ja": exc.message_ja, "message_en": exc.message_en,
            **exc.details}})

    @app.exception_handler(StorageUnavailableError)
    async def storage_down(_request: Request, exc: StorageUnavailableError) -> JSONResponse:
        response = ApiError(503, exc.code, exc.message_en, exc.message_ja).response()
        response.headers["Retry-After"] = str(STORAGE_RETRY_AFTER)
        return response
