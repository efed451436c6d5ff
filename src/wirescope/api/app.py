"""The REST API and the dashboard, in one process over one DuckDB file.

Reads go through a read-only, sandboxed connection (no file or network access from SQL), one cursor per
request. Writes (`POST /api/ingest`) exist only when the server was started with a token (at least
`MIN_TOKEN_CHARS` characters), and need it as `Authorization: Bearer <token>`: documents are run through
the pipeline first, then the store is switched to read-write just long enough to add them. One ingest at a
time: another gets 409 (503 when another process holds the store), both with Retry-After.

Before any route runs, `Guard` answers 421 to a Host header not on the allow-list (loopback names by
default: a DNS-rebinding page cannot reach the API), 403/401 to a write without writes on or without the
token, and 413 to a body over `max_body` bytes, all before the body is read. The SQL console
(`/api/sql`) is off unless `sql=True`; its answers never show the store's absolute path.
"""

from __future__ import annotations

import hmac
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from .. import __version__
from ..errors import StoreBusy, UsageError
from ..kb.ontology import PLOVER_TYPES
from ..store import geo
from ..store import queries as Q
from ..store.duckdb import DuckDBStore

STATIC = Path(__file__).parent / "static"
MAX_LIMIT, MAX_OFFSET = 500, 1_000_000
CSP = ("default-src 'self'; script-src 'self'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

MIN_TOKEN_CHARS = 16
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
MAX_BODY_BYTES = 32 * 1024 * 1024
SQL_MEMORY_LIMIT = "1GB"
RETRY_AFTER_S = 5

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size (1..{MAX_LIMIT})")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip")]
From = Annotated[date | None, Query(alias="from", description="first day, YYYY-MM-DD")]
To = Annotated[date | None, Query(alias="to", description="last day, YYYY-MM-DD")]
Text = Annotated[str | None, Query(max_length=200)]
Quad = Annotated[int | None, Query(ge=1, le=4, description="quad class: 1 verbal cooperation, 2 material "
                                   "cooperation, 3 verbal conflict, 4 material conflict")]


class SecurityHeaders:
    """Pure ASGI middleware: a strict Content-Security-Policy (no inline script) and no MIME sniffing."""

    HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
               (b"referrer-policy", b"no-referrer")]

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + self.HEADERS
            await send(message)

        await self.app(scope, receive, with_headers)


def check_token(token: str | None) -> None:
    """UsageError for a token that would make writes guessable (empty, blank or short)."""
    if token is not None and (len(token.strip()) < MIN_TOKEN_CHARS or token != token.strip()):
        raise UsageError(f"the token must be at least {MIN_TOKEN_CHARS} characters, without surrounding spaces "
                         "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe())'`)")


def host_of(value: str) -> str:
    """The host name of a Host header value, lower-case, without its port ('[::1]:8000' -> '::1')."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class _TooLarge(HTTPException):
    """Raised from `receive` when a body grows past the cap: FastAPI passes HTTPExceptions through."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body larger than {limit:,} bytes")


class Guard:
    """Pure ASGI middleware, outermost: the checks that must come before any body is read or route runs."""

    def __init__(self, app: Any, state: "State", hosts: frozenset[str] | None, max_body: int) -> None:
        self.app, self.state, self.hosts, self.max_body = app, state, hosts, max_body

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        host = host_of(headers.get(b"host", b"").decode("latin-1"))
        if self.hosts is not None and host not in self.hosts:
            await _refuse(send, 421, "this server does not answer for that Host (start it with --allow-host NAME)")
            return
        if scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        if scope.get("path", "").startswith("/api/"):
            refusal = self._write_refusal(headers.get(b"authorization", b"").decode("latin-1"))
            if refusal:
                await _refuse(send, *refusal)
                return
        length = headers.get(b"content-length", b"").decode("latin-1")
        if length.isdigit() and int(length) > self.max_body:
            await _refuse(send, 413, f"request body larger than {self.max_body:,} bytes")
            return
        await self._limited(scope, receive, send)

    def _write_refusal(self, authorization: str) -> tuple[int, str, dict[str, str]] | None:
        token = self.state.token
        if token is None:
            return 403, "writes are off: start the server with a token to allow POST /api/ingest", {}
        scheme, _, given = authorization.partition(" ")
        if scheme.lower() != "bearer" or not given.strip() \
                or not hmac.compare_digest(given.strip().encode(), token.encode()):
            return 401, "a valid 'Authorization: Bearer <token>' header is required", {"www-authenticate": "Bearer"}
        return None

    async def _limited(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """Run the app with the body counted as it arrives (a chunked body has no Content-Length)."""
        seen = {"bytes": 0, "started": False}

        async def counted() -> Any:
            message = await receive()
            if message["type"] == "http.request":
                seen["bytes"] += len(message.get("body", b""))
                if seen["bytes"] > self.max_body:
                    raise _TooLarge(self.max_body)
            return message

        async def watched(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                seen["started"] = True
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if not seen["started"]:
                await _refuse(send, 413, f"request body larger than {self.max_body:,} bytes")


async def _refuse(send: Any, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
    body = json.dumps({"detail": detail}).encode()
    extra = [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close"), *extra]})
    await send({"type": "http.response.body", "body": body})


class ResponseCache:
    """Pure ASGI middleware: successful GET /api/ responses kept in memory (LRU) and replayed for the same
    URL until the store changes. The store is read-only between ingests, so an answer stays right until
    `clear()` (called when an ingest wrote). Bounded in entries and bytes."""

    def __init__(self, app: Any, state: "State", entries: int = 4096, max_bytes: int = 64 << 20) -> None:
        self.app, self.state = app, state
        self.entries, self.max_bytes = entries, max_bytes
        self.items: OrderedDict[bytes, tuple[int, list[tuple[bytes, bytes]], bytes]] = OrderedDict()
        self.size = 0
        self.hits = self.misses = 0
        self.lock = threading.Lock()
        state.cache = self

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
            self.size = 0

    def _key(self, scope: dict[str, Any]) -> bytes | None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope.get("method") != "GET" or not path.startswith("/api/") \
                or path in ("/api/health",):
            return None
        return path.encode() + b"?" + scope.get("query_string", b"")

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        key = self._key(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        with self.lock:
            hit = self.items.get(key)
            if hit is not None:
                self.items.move_to_end(key)
                self.hits += 1
            else:
                self.misses += 1
        if hit is not None:
            status, headers, body = hit
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, self._recorder(key, send))

    def _recorder(self, key: bytes, send: Any) -> Any:
        start: dict[str, Any] = {}
        chunks: list[bytes] = []
        generation = self.state.generation

        async def record(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body") and start.get("status") == 200:
                    self._put(key, generation, start, b"".join(chunks))
            await send(message)

        return record

    def _put(self, key: bytes, generation: int, start: dict[str, Any], body: bytes) -> None:
        if len(body) > self.max_bytes // 64:
            return
        with self.lock:
            if generation != self.state.generation:  # an ingest happened while this was computed
                return
            old = self.items.pop(key, None)
            self.size -= len(old[2]) if old else 0
            self.items[key] = (start["status"], list(start.get("headers", [])), body)
            self.size += len(body)
            while self.items and (len(self.items) > self.entries or self.size > self.max_bytes):
                _, evicted = self.items.popitem(last=False)
                self.size -= len(evicted[2])

    def stats(self) -> dict[str, int]:
        return {"entries": len(self.items), "bytes": self.size, "hits": self.hits, "misses": self.misses}


class Gate:
    """Many readers at once, or one writer alone (while the store is reopened read-write)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False

    @contextmanager
    def read(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writing)
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writing)
            self._writing = True
            self._cond.wait_for(lambda: self._readers == 0)
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


class State:
    def __init__(self, db: str, token: str | None, threads: int | None = None, sql: bool = False,
                 memory_limit: str | None = None) -> None:
        check_token(token)
        self.db, self.token, self.threads, self.sql, self.memory_limit = db, token, threads, sql, memory_limit
        if not Path(db).exists():
            if token is None:
                raise FileNotFoundError(f"no store at {db} (run `wirescope ingest PATH --db {db}` first)")
            DuckDBStore(db).close()  # writes are on: start from an empty store
        # What a SQL answer or error must not show: where the store lives on this machine.
        self.hidden = sorted({str(Path(db).resolve()), str(Path(db).resolve().parent), str(Path.cwd())},
                             key=len, reverse=True)
        self.gate = Gate()
        self.ingest_lock = threading.Lock()
        self.open_lock = threading.Lock()
        self.generation = 0  # bumped by every ingest that wrote, so cached answers of before are dropped
        self.cache: ResponseCache | None = None
        self.health: tuple[int, dict[str, Any], bool] | None = None  # (generation, stats, full text) for /api/health
        self.store: DuckDBStore | None = self._open()

    def _open(self) -> DuckDBStore:
        return DuckDBStore(self.db, read_only=True, sandbox=True, threads=self.threads,
                           memory_limit=self.memory_limit)

    def _current(self) -> DuckDBStore:
        """The read-only store; reopened if a failed write left it closed (503 while it cannot be)."""
        store = self.store
        if store is not None:
            return store
        with self.open_lock:
            if self.store is None:
                try:
                    self.store = self._open()
                except StoreBusy:
                    raise HTTPException(503, "the store is held by another process; retry shortly",
                                        headers={"Retry-After": str(RETRY_AFTER_S)}) from None
            return self.store

    def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call a query function with a fresh cursor under the read gate."""
        with self.gate.read():
            reader = self._current().reader()
            try:
                return fn(reader, *args, **kwargs)
            finally:
                reader.close()

    @contextmanager
    def writable(self) -> Iterator[DuckDBStore]:
        """The store opened read-write, readers held off; read-only again afterwards. StoreBusy when
        another process holds the file."""
        with self.gate.write():
            if self.store is not None:
                self.store.close()
                self.store = None
            try:
                writer = DuckDBStore(self.db)
                try:
                    yield writer
                finally:
                    writer.close()
            finally:
                try:
                    self.store = self._open()
                except StoreBusy:
                    self.store = None  # reopened by the next read that finds the file free
                self.generation += 1
                if self.cache is not None:
                    self.cache.clear()

    def scrub(self, text: str) -> str:
        for path in self.hidden:
            text = text.replace(path, "<store>" if path.endswith(Path(self.db).name) else "<dir>")
        return text


# --- JSON --------------------------------------------------------------------------------------

def _default(value: Any) -> Any:
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "\\x" + bytes(value).hex()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


def _json(data: Any, status: int = 200) -> Response:
    body = json.dumps(data, default=_default, ensure_ascii=False, allow_nan=False)
    return Response(body, status_code=status, media_type="application/json")


def _page(rows: list[dict[str, Any]], limit: int, offset: int) -> Response:
    """A page of a list: rows were fetched with limit + 1 to know whether there is a next page."""
    more = len(rows) > limit
    return _json({"items": rows[:limit], "limit": limit, "offset": offset,
                  "next": offset + limit if more else None})


def _found(item: Any, what: str) -> Response:
    if item is None:
        raise HTTPException(404, f"no such {what}")
    return _json(item)


def _plover_type(value: str | None) -> str | None:
    if value and value.upper() not in PLOVER_TYPES:
        raise HTTPException(422, f"type must be a PLOVER type ({', '.join(PLOVER_TYPES)}), not {value!r}")
    return value.upper() if value else None


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _days(date_from: date | None, date_to: date | None) -> tuple[str | None, str | None]:
    """The range as ISO days; 422 when it is empty (from after to)."""
    if date_from and date_to and date_from > date_to:
        raise HTTPException(422, f"from ({date_from}) is after to ({date_to}): no day is in that range")
    return _day(date_from), _day(date_to)


# --- errors as short sentences -----------------------------------------------------------------

def _error_text(error: dict[str, Any]) -> str:
    """One validation error as a short sentence ("from: not a date (YYYY-MM-DD): '2023-02-30'")."""
    loc = [str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body")]
    name = ".".join(loc) or "request"
    kind, ctx, given = error.get("type", ""), error.get("ctx") or {}, error.get("input")
    if kind.startswith(("date_", "datetime_")):
        what = "not a date (YYYY-MM-DD)"
    elif kind in ("int_parsing", "int_from_float"):
        what = "not a whole number"
    elif kind == "bool_parsing":
        what = "must be true or false"
    elif kind == "greater_than_equal":
        what = f"must be at least {ctx.get('ge')}"
    elif kind == "less_than_equal":
        what = f"must be at most {ctx.get('le')}"
    elif kind == "literal_error":
        what = f"must be one of {ctx.get('expected')}"
    elif kind == "missing":
        return f"{name} is required"
    elif kind == "string_too_short":
        what = "must not be empty" if ctx.get("min_length") == 1 else f"must be at least {ctx.get('min_length')} characters"
    elif kind == "string_too_long":
        what = f"must be at most {ctx.get('max_length')} characters"
    else:
        what = str(error.get("msg", "is not valid")).rstrip(".")
    shown = f": {given!r}" if isinstance(given, (str, int, float)) and len(repr(given)) <= 60 else ""
    return f"{name}: {what}{shown}"


def _validation_handler(request: Request, exc: Exception) -> Response:
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    text = "; ".join(dict.fromkeys(_error_text(dict(e)) for e in errors)) or "the request is not valid"
    return _json({"detail": text}, 422)


def _query_error_handler(request: Request, exc: Exception) -> Response:
    return _json({"detail": str(exc)}, 404 if isinstance(exc, Q.UnknownActor) else 400)


# --- API documentation from local assets (no CDN; the scripts are files, as the CSP wants) --------

DOCS_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>wirescope API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/favicon.svg">{head}</head>
<body>{body}</body></html>"""
SWAGGER_PAGE = DOCS_HTML.format(
    head='<link rel="stylesheet" href="/vendor/swagger-ui.css">',
    body='<div id="swagger-ui"></div><script src="/vendor/swagger-ui-bundle.js"></script>'
         '<script src="/vendor/swagger-init.js"></script>')
REDOC_PAGE = DOCS_HTML.format(
    head="<style>body{margin:0}</style>",
    body='<redoc spec-url="/openapi.json"></redoc><script src="/vendor/redoc.standalone.js"></script>')


# --- ingest ------------------------------------------------------------------------------------

class IngestDocument(BaseModel):
    text: str = Field(min_length=1, max_length=2_000_000, description="raw article text (or HTML)")
    format: Literal["text", "html"] = "text"
    title: str | None = Field(None, max_length=1000)
    published: date | None = None
    publisher: str | None = Field(None, max_length=300)
    url: str | None = Field(None, max_length=2000)


class IngestRequest(BaseModel):
    documents: list[IngestDocument] = Field(min_length=1, max_length=1000)


def _ingest(state: State, request: IngestRequest) -> dict[str, Any]:
    from ..model import Page, Rejected
    from ..pipeline import Context, Pipeline
    from ..stages.dedup import DedupIndex

    pages = [Page(path=d.url or f"api:{n}", raw=d.text, format=d.format, title=d.title,
                  published=_day(d.published), publisher=d.publisher, url=d.url)
             for n, d in enumerate(request.documents)]
    index = DedupIndex()
    state.run(lambda store: store.load_signatures(index))
    results = list(Pipeline(context=Context(state={"dedup": index})).run(pages))
    with state.writable() as writer:
        counts = writer.add(results, signatures=index.signature_bytes)
    rejected = [{"path": r.path, "reason": r.reason, "stage": r.stage} for r in results if isinstance(r, Rejected)]
    ids = [r.article.id for r in results if not isinstance(r, Rejected) and r.article]
    return counts | {"articles": ids, "rejected_documents": rejected}


# --- the app -----------------------------------------------------------------------------------

def create_app(db: str, token: str | None = None, threads: int | None = None, cache: bool = True, *,
               sql: bool = False, allowed_hosts: Iterable[str] | None = LOOPBACK_HOSTS,
               max_body: int = MAX_BODY_BYTES, memory_limit: str | None = None) -> FastAPI:
    """The API and dashboard over the store at `db`; `token` turns on `POST /api/ingest`; `threads` caps
    DuckDB's threads per query (default: one per core); `cache` keeps answers in memory until an ingest;
    `sql` turns on the SQL console; `allowed_hosts` are the Host names answered (None: any);
    `max_body` caps request bodies; `memory_limit` is DuckDB's (e.g. '2GB'; with `sql`, default 1GB)."""
    state = State(db, token, threads, sql, memory_limit or (SQL_MEMORY_LIMIT if sql else None))
    app = FastAPI(title="wirescope", version=__version__, docs_url=None, redoc_url=None,
                  description="Actors, quotes and PLOVER/CAMEO events from news: read-only unless started "
                              "with a token.")
    app.state.wirescope = state
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(Q.QueryError, _query_error_handler)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(SWAGGER_PAGE)

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return HTMLResponse(REDOC_PAGE)

    if cache:
        app.add_middleware(ResponseCache, state=state)
    app.add_middleware(SecurityHeaders)
    hosts = frozenset(host_of(h) for h in allowed_hosts) if allowed_hosts is not None else None
    app.add_middleware(Guard, state=state, hosts=hosts, max_body=max_body)  # outermost: runs first
    _read_routes(app, state)
    _write_routes(app, state)
    app.mount("/", StaticFiles(directory=STATIC, html=True), name="dashboard")
    return app


def app_from_env() -> FastAPI:
    """The app for `uvicorn --factory` worker processes (`wirescope serve --workers N`): read-only, with
    the store and settings from WIRESCOPE_DB, _THREADS, _CACHE, _SQL, _ALLOW_HOSTS (comma-separated; empty:
    any host), _MAX_BODY and _MEMORY_LIMIT."""
    import os

    from .server import warm_up

    threads = os.environ.get("WIRESCOPE_THREADS")
    hosts = os.environ.get("WIRESCOPE_ALLOW_HOSTS")
    cache = os.environ.get("WIRESCOPE_CACHE", "1") == "1"
    app = create_app(os.environ["WIRESCOPE_DB"], None, int(threads) if threads else None, cache=cache,
                     sql=os.environ.get("WIRESCOPE_SQL") == "1",
                     allowed_hosts=hosts.split(",") if hosts else LOOPBACK_HOSTS if hosts is None else None,
                     max_body=int(os.environ.get("WIRESCOPE_MAX_BODY") or MAX_BODY_BYTES),
                     memory_limit=os.environ.get("WIRESCOPE_MEMORY_LIMIT") or None)
    warm_up(app if cache else None)
    return app


def _read_routes(app: FastAPI, state: State) -> None:  # noqa: C901  one small function per route
    @app.get("/api/health", tags=["meta"])
    def health() -> Response:
        # The counts change only with an ingest (the store is read-only between them): computed once per
        # generation, so a monitor polling health costs a dict, not eight table counts.
        known = state.health
        if known is None or known[0] != state.generation:
            generation = state.generation
            known = (generation, state.run(lambda s: s.stats()), state.run(lambda s: s.search_index_ready()))
            state.health = known
        _, stats, full_text = known
        return _json({"ok": True, "version": __version__, "writes": state.token is not None,
                      "full_text": full_text, "stats": stats,
                      "cache": state.cache.stats() if state.cache else None})

    @app.get("/api/search", tags=["search"], summary="Actors, quotes, events and articles matching q")
    def search(q: Annotated[str, Query(min_length=1, max_length=200)],
               limit: Annotated[int, Query(ge=1, le=50)] = 10) -> Response:
        return _json(state.run(Q.search, q, limit))

    @app.get("/api/actors", tags=["actors"], summary="Actors by any name, alias or spelling")
    def actors(q: Text = None, limit: Limit = 50, offset: Offset = 0) -> Response:
        return _page(state.run(Q.find_actors, q, limit + 1, offset), limit, offset)

    @app.get("/api/actors/{actor_id}", tags=["actors"], summary="Actor profile")
    def actor(actor_id: str, top: Annotated[int, Query(ge=1, le=100)] = 10) -> Response:
        return _found(state.run(Q.actor_profile, actor_id, top), "actor")

    @app.get("/api/quotes", tags=["quotes"], summary="Quotes: full-text q, speaker, date range")
    def quotes(q: Text = None, speaker: Text = None, date_from: From = None, date_to: To = None,
               copies: bool = False, limit: Limit = 50, offset: Offset = 0) -> Response:
        rows = state.run(Q.find_quotes, speaker, q, limit + 1, offset, *_days(date_from, date_to), copies)
        return _page(rows, limit, offset)

    @app.get("/api/events", tags=["events"],
             summary="Events by source, target, either side, type, quad class, country, dates, place")
    def events(source: Text = None, target: Text = None, actor: Text = None, type: Text = None,  # noqa: A002
               date_from: From = None, date_to: To = None, place: Text = None, quad: Quad = None,
               country: Text = None, actual: bool = False, copies: bool = True,
               evidence: Annotated[bool, Query(description="add each event's sentence, title, publisher")] = False,
               limit: Limit = 50, offset: Offset = 0) -> Response:
        rows = state.run(Q.search_events, source, target, actor, _plover_type(type), *_days(date_from, date_to),
                         place, actual, copies, limit + 1, offset, quad=quad, country=country, evidence=evidence)
        return _page(rows, limit, offset)

    @app.get("/api/events/cards", tags=["events"],
             summary="One card per story-level event: copies and sources counted, each source's sentence")
    def event_cards(source: Text = None, target: Text = None, actor: Text = None, type: Text = None,  # noqa: A002
                    date_from: From = None, date_to: To = None, place: Text = None, quad: Quad = None,
                    country: Text = None, actual: bool = False,
                    min_sources: Annotated[int, Query(ge=1, le=1000, description="at least this many publishers")] = 1,
                    sort: Literal["date", "sources"] = "date", limit: Limit = 50, offset: Offset = 0) -> Response:
        rows = state.run(Q.event_cards, source, target, actor, _plover_type(type), *_days(date_from, date_to),
                         place, actual, limit + 1, offset, quad=quad, country=country, min_sources=min_sources,
                         sort=sort)
        return _page(rows, limit, offset)

    @app.get("/api/events/summary", tags=["events"],
             summary="How many events match, a date histogram, and counts by type, quad class and country")
    def event_summary(source: Text = None, target: Text = None, actor: Text = None, type: Text = None,  # noqa: A002
                      date_from: From = None, date_to: To = None, place: Text = None, quad: Quad = None,
                      country: Text = None, actual: bool = False, copies: bool = True,
                      interval: Literal["auto", "day", "week", "month"] = "auto") -> Response:
        return _json(state.run(Q.event_summary, source, target, actor, _plover_type(type), *_days(date_from, date_to),
                               place, actual, copies, quad=quad, country=country, interval=interval))

    @app.get("/api/events/map", tags=["events"],
             summary="Events per place on the map (gazetteer coordinates), per country, and how many are unplaced")
    def event_map(source: Text = None, target: Text = None, actor: Text = None, type: Text = None,  # noqa: A002
                  date_from: From = None, date_to: To = None, place: Text = None, quad: Quad = None,
                  country: Text = None, actual: bool = False, copies: bool = True) -> Response:
        def run(store: DuckDBStore) -> dict[str, Any]:
            f = Q.event_filters(store, source, target, actor, _plover_type(type), *_days(date_from, date_to),
                                place, actual, copies, quad=quad, country=country)
            return geo.event_map(store, f.where(), f.bound, f.events)

        return _json(state.run(run))

    @app.get("/api/dyads/{a}/{b}/timeline", tags=["events"],
             summary="Actual events between two actors or countries per day/week/month, copies once",
             responses={404: {"description": "a side matches no actor and no country"}})
    def dyad(a: str, b: str, interval: Literal["day", "week", "month"] = "month") -> Response:
        try:
            return _json(state.run(Q.dyad_timeline, a, b, interval))
        except Q.UnknownActor as exc:
            raise HTTPException(404, str(exc)) from None

    @app.get("/api/network", tags=["events"], summary="Who acts on whom: edges with mean Goldstein")
    def network(actor: Text = None, level: Literal["actor", "country"] = "actor",
                limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> Response:
        return _json(state.run(Q.network, actor, level, limit))

    @app.get("/api/stories", tags=["stories"], summary="Stories with their number of copies")
    def stories(q: Text = None, min_copies: Annotated[int, Query(ge=1, le=1000)] = 1,
                limit: Limit = 50, offset: Offset = 0) -> Response:
        return _page(state.run(Q.find_stories, q, min_copies, limit + 1, offset), limit, offset)

    @app.get("/api/stories/{story_id}", tags=["stories"], summary="A story and its copies")
    def story(story_id: str) -> Response:
        return _found(state.run(Q.get_story, story_id), "story")

    @app.get("/api/articles", tags=["articles"], summary="Articles by words, publisher, dates")
    def articles(q: Text = None, publisher: Text = None, date_from: From = None, date_to: To = None,
                 limit: Limit = 50, offset: Offset = 0) -> Response:
        rows = state.run(Q.find_articles, q, publisher, *_days(date_from, date_to), limit + 1, offset)
        return _page(rows, limit, offset)

    @app.get("/api/articles/{article_id}", tags=["articles"],
             summary="Article text with the spans of its actors, quotes and events")
    def article(article_id: str) -> Response:
        return _found(state.run(Q.get_article, article_id), "article")

    @app.get("/api/sql", tags=["sql"], summary="Read-only SQL console: one SELECT / WITH statement")
    def sql(q: Annotated[str, Query(min_length=1, max_length=20_000)],
            limit: Annotated[int, Query(ge=1, le=Q.MAX_SQL_ROWS)] = 1000) -> Response:
        if not state.sql:
            raise HTTPException(403, "the SQL console is off: start the server with --sql to allow it")
        try:
            answer = _json(state.run(Q.run_sql, q, limit))
        except Q.QueryError as exc:
            raise HTTPException(400, state.scrub(str(exc))) from None
        return Response(state.scrub(bytes(answer.body).decode()), media_type="application/json")


def _write_routes(app: FastAPI, state: State) -> None:
    def authorised(request: Request) -> None:
        if state.token is None:
            raise HTTPException(403, "writes are off: start the server with --token to allow POST /api/ingest")
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), state.token.encode()):
            raise HTTPException(401, "a valid 'Authorization: Bearer <token>' header is required",
                                headers={"WWW-Authenticate": "Bearer"})

    @app.post("/api/ingest", tags=["write"], dependencies=[Depends(authorised)],
              summary="Run documents through the pipeline into the store (needs the server's token)",
              responses={409: {"description": "another ingest is running (see Retry-After)"},
                         503: {"description": "another process holds the store (see Retry-After)"}})
    def ingest(body: IngestRequest) -> Response:
        retry = {"Retry-After": str(RETRY_AFTER_S)}
        if not state.ingest_lock.acquire(blocking=False):
            raise HTTPException(409, "another ingest is running; retry when it has finished", headers=retry)
        try:
            return _json(_ingest(state, body))
        except StoreBusy:
            raise HTTPException(503, "the store is held by another process (an ingest?); retry shortly",
                                headers=retry) from None
        finally:
            state.ingest_lock.release()
