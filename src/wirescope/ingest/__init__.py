"""Readers turn paths into `Page`s. Each input that cannot be read becomes a `Rejected` with a reason.

`iter_pages` walks directories (recursively, sorted), strips `.gz`, picks a reader by suffix from the
registry, and never raises for one bad input: the batch goes on.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..model import Page, Rejected
from ..registry import READERS
from . import text as _text  # noqa: F401  (registers the built-in readers)
from .source import open_bytes, read_limited

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class ReadOptions:
    max_bytes: int = DEFAULT_MAX_BYTES
    published: str | None = None  # --published: used when the input has no date of its own
    fetch: bool = False
    text_field: str | None = None
    title_field: str | None = None
    date_field: str | None = None
    url_field: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


def _load_optional_readers() -> None:
    # Readers with heavier dependencies register themselves on import; a missing one only
    # means that format is rejected with a reason.
    import importlib

    for name in ("html", "warc", "feed", "jsonl"):
        with contextlib.suppress(ImportError):
            importlib.import_module(f"{__name__}.{name}")


_load_optional_readers()


def format_of(path: str) -> str:
    """The reader key of a path: its last suffix, ignoring a trailing .gz ('.warc.gz' -> '.warc')."""
    name = path.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    suffix = Path(name).suffix
    return suffix if suffix in READERS else ".txt"


def expand(paths: Iterable[str]) -> Iterator[str | Rejected]:
    """Input paths with directories walked recursively in sorted order; missing paths rejected."""
    for p in paths:
        if p == "-":
            yield p
            continue
        path = Path(p)
        if path.is_dir():
            for child in sorted(x for x in path.rglob("*") if x.is_file()):
                if not child.name.startswith("."):
                    yield str(child)
        elif path.is_file():
            yield str(path)
        elif path.exists():
            yield Rejected(p, "not a regular file")
        else:
            yield Rejected(p, "no such file or directory")


def iter_pages(paths: Iterable[str], options: ReadOptions | None = None) -> Iterator[Page | Rejected]:
    """Every Page (or Rejected) from every input path, in order."""
    options = options or ReadOptions()
    for item in expand(paths):
        if isinstance(item, Rejected):
            yield item
            continue
        yield from _read_one(item, options)


def _read_one(path: str, options: ReadOptions) -> Iterator[Page | Rejected]:
    reader = READERS[format_of(path)]
    try:
        # Container readers (WARC, feeds, JSONL) also yield a Rejected for one bad record of a
        # file that otherwise goes on; a raised InputError rejects the file (after what it yielded).
        for page in reader(path, options):
            if isinstance(page, Page) and options.published and not page.published:
                page = _with_published(page, options.published)
            yield page
    except InputError as exc:
        yield Rejected(path, str(exc))
    except (OSError, EOFError, ValueError, RecursionError, MemoryError) as exc:
        yield Rejected(path, f"unreadable: {type(exc).__name__}: {exc}")


def _with_published(page: Page, published: str) -> Page:
    from dataclasses import replace

    return replace(page, published=published)


def read_stdin_bytes(limit: int) -> bytes:
    return read_limited(sys.stdin.buffer, limit, "-")


__all__ = ["ReadOptions", "iter_pages", "expand", "format_of", "open_bytes", "read_limited"]
