"""Running the API: one process (reads and, with a token, writes) or several read-only worker processes."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import uvicorn

from ..errors import UsageError
from .app import create_app


class _TcpConfig(uvicorn.Config):
    """uvicorn's config whose shared listening socket says it is TCP, so the connections worker processes
    accept get TCP_NODELAY from asyncio (uvicorn creates it with protocol 0, and Nagle's algorithm then
    holds the second write of every keep-alive response for ~40 ms)."""

    def bind_socket(self) -> socket.socket:
        sock = super().bind_socket()
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            return socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
        return sock


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          threads: int | None = None, cache: bool = True, workers: int = 1, verbose: bool = False) -> None:
    mode = "writes need the token" if token else "read-only"
    log_level = "info" if verbose else "warning"
    if workers <= 1:
        app = create_app(db, token, threads, cache=cache)
        print(f"wirescope: serving {db} at http://{host}:{port}/ ({mode})", file=sys.stderr)
        uvicorn.run(app, host=host, port=port, log_level=log_level)
        return
    if token:
        raise UsageError("--workers > 1 serves read-only: writes (--token) need a single process")
    if not Path(db).exists():
        raise UsageError(f"no store at {db} (run `wirescope ingest PATH --db {db}` first)")
    from uvicorn.supervisors import Multiprocess

    os.environ.update(WIRESCOPE_DB=db, WIRESCOPE_THREADS=str(threads or ""), WIRESCOPE_CACHE="1" if cache else "0")
    config = _TcpConfig("wirescope.api.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                        log_level=log_level)
    print(f"wirescope: serving {db} at http://{host}:{port}/ ({mode}, {workers} worker processes)", file=sys.stderr)
    Multiprocess(config, sockets=[config.bind_socket()]).run()
