"""Running the API: one process (reads and, with a token, writes) or several read-only worker processes."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import sys
import threading
from pathlib import Path
from typing import Any

import uvicorn

from ..errors import UsageError
from .app import LOOPBACK_HOSTS, MAX_BODY_BYTES, check_token, create_app


class _TcpConfig(uvicorn.Config):
    """uvicorn's config whose shared listening socket says it is TCP, so the connections worker processes
    accept get TCP_NODELAY from asyncio (uvicorn creates it with protocol 0, and Nagle's algorithm then
    holds the second write of every keep-alive response for ~40 ms)."""

    def bind_socket(self) -> socket.socket:
        sock = super().bind_socket()
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            return socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
        return sock


def resolve_token(token: str | None, token_file: str | None) -> str | None:
    """The write token: from --token-file, else --token (with a warning: argv shows in `ps`), else
    $WIRESCOPE_TOKEN; None when none is given. UsageError for an empty, blank or short one."""
    if token_file:
        try:
            with open(token_file, encoding="utf-8") as f:
                token = f.read().strip()
        except OSError as exc:
            raise UsageError(f"cannot read the token file {token_file}: {exc.strerror or exc}") from None
        if not token:
            raise UsageError(f"the token file {token_file} is empty")
    elif token is not None:
        print("wirescope: warning: --token shows in the process list (ps) to every user of this machine; "
              "use $WIRESCOPE_TOKEN or --token-file FILE", file=sys.stderr)
    else:
        token = os.environ.get("WIRESCOPE_TOKEN")
    check_token(token)
    return token


def allowed_hosts(host: str, extra: list[str] | None) -> list[str] | None:
    """The Host names the server answers: loopback, the address it listens on (unless a wildcard), and
    every --allow-host; '*' answers any (e.g. behind a proxy that checks Host itself)."""
    names = [*LOOPBACK_HOSTS, *(extra or [])]
    if "*" in names:
        return None
    if host not in ("0.0.0.0", "::", ""):
        names.append(host)
    return names


# The API calls of the dashboard's first pages, as its code writes them (frontend/src/main.js): answered
# once at start so that they come from the response cache (they change only with an ingest).
WARM_URLS = ("/api/actors?limit=12", "/api/stories?limit=8", "/api/events/summary?actual=true",
             "/api/events/cards?actual=true&sort=sources&min_sources=2&limit=4", "/api/events/summary",
             "/api/events/cards?sort=date&limit=25&offset=0", "/api/events/cards?actual=true&sort=date&limit=25&offset=0",
             "/api/events/map", "/api/network?level=actor&limit=60", "/api/stories?limit=50&offset=0",
             "/api/quotes?limit=25&offset=0")


def warm_up(app: Any = None) -> None:
    """In the background: load the map's gazetteer, then ask `app` the first pages' API calls (WARM_URLS)
    so their answers are cached before a person asks."""
    from ..store.geo import gazetteer

    def run() -> None:
        gazetteer()
        if app is not None:
            asyncio.run(_prefetch(app, WARM_URLS))

    threading.Thread(target=run, name="warm-up", daemon=True).start()


async def _prefetch(app: Any, urls: tuple[str, ...]) -> None:
    """GET each URL straight through the ASGI app (no socket); the answers are dropped, the cache keeps them."""
    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        return None

    for url in urls:
        path, _, query = url.partition("?")
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
                 "path": path, "raw_path": path.encode(), "query_string": query.encode(), "root_path": "",
                 "headers": [(b"host", b"localhost")], "client": ("127.0.0.1", 0), "server": ("127.0.0.1", 0)}
        with contextlib.suppress(Exception):  # a store without events, say: the page computes it when asked
            await app(scope, receive, send)


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          threads: int | None = None, cache: bool = True, workers: int = 1, verbose: bool = False, *,
          sql: bool = False, allow_hosts: list[str] | None = None, max_body: int = MAX_BODY_BYTES,
          memory_limit: str | None = None) -> None:
    check_token(token)
    mode = "writes need the token" if token else "read-only"
    mode += ", SQL console on" if sql else ""
    hosts = allowed_hosts(host, allow_hosts)
    log_level = "info" if verbose else "warning"
    if workers <= 1:
        app = create_app(db, token, threads, cache=cache, sql=sql, allowed_hosts=hosts, max_body=max_body,
                         memory_limit=memory_limit)
        print(f"wirescope: serving {db} at http://{host}:{port}/ ({mode})", file=sys.stderr)
        warm_up(app if cache else None)
        uvicorn.run(app, host=host, port=port, log_level=log_level)
        return
    if token:
        raise UsageError("--workers > 1 serves read-only: writes (a token) need a single process")
    if not Path(db).exists():
        raise UsageError(f"no store at {db} (run `wirescope ingest PATH --db {db}` first)")
    from uvicorn.supervisors import Multiprocess

    os.environ.update(WIRESCOPE_DB=db, WIRESCOPE_THREADS=str(threads or ""), WIRESCOPE_CACHE="1" if cache else "0",
                      WIRESCOPE_SQL="1" if sql else "0", WIRESCOPE_ALLOW_HOSTS=",".join(hosts or []),
                      WIRESCOPE_MAX_BODY=str(max_body), WIRESCOPE_MEMORY_LIMIT=memory_limit or "")
    config = _TcpConfig("wirescope.api.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                        log_level=log_level)
    print(f"wirescope: serving {db} at http://{host}:{port}/ ({mode}, {workers} worker processes)", file=sys.stderr)
    Multiprocess(config, sockets=[config.bind_socket()]).run()
