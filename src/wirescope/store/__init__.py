"""Where records live. `Store` is the protocol; `DuckDBStore` the embedded default."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from ..model import Document, Rejected


class Store(Protocol):
    def add(self, results: Iterable[Document | Rejected]) -> dict[str, int]: ...
    def stats(self) -> dict[str, Any]: ...
    def close(self) -> None: ...


def open_store(path: str, read_only: bool = False) -> "Store":
    from .duckdb import DuckDBStore

    return DuckDBStore(path, read_only=read_only)
