"""Built-in stages and readers are registered here exactly as a plugin would register its own.

A stage is a callable ``(Document, Context) -> Document`` that declares the Document fields it
requires and the ones it assigns, as spaCy components do; `Pipeline` checks the order at build time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Document, Page, Rejected
    from .pipeline import Context

# Per-document stages take and return a Document; batch stages a list of them.
StageFn = Callable[[Any, "Context"], Any]
ReaderFn = Callable[..., Iterator["Page | Rejected"]]


@dataclass(frozen=True)
class Stage:
    name: str
    fn: StageFn
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    batch: bool = False  # batch stages take and return a list of Documents (e.g. the spaCy pass)

    def __call__(self, doc: "Document", ctx: "Context") -> "Document":
        return self.fn(doc, ctx)


STAGES: dict[str, Stage] = {}
READERS: dict[str, ReaderFn] = {}


def stage(name: str, *, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = (),
          batch: bool = False) -> Callable[[StageFn], StageFn]:
    """Register a stage under `name`."""

    def register(fn: StageFn) -> StageFn:
        STAGES[name] = Stage(name, fn, tuple(requires), tuple(assigns), batch)
        return fn

    return register


def reader(*suffixes: str) -> Callable[[ReaderFn], ReaderFn]:
    """Register an ingest reader for file suffixes (".html", ".warc", ...)."""

    def register(fn: ReaderFn) -> ReaderFn:
        for s in suffixes:
            READERS[s] = fn
        return fn

    return register
