"""Running the API: one process (reads and, with a token, writes) or several read-only worker processes."""

from __future__ import annotations

import os
import socket
import sys
import threading
from pathlib import Path

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


def warm_up() -> None:
    """Load the map's gazetteer in the background, so the first map request does not wait for it."""
    from ..store.geo import gazetteer

    threading.Thread(target=gazetteer, name="gazetteer", daemon=True).start()


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
        warm_up()
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
