"""Readers turn paths into `Page`s. Each input that cannot be read becomes a `Rejected` with a reason.

`iter_pages` walks directories (recursively, sorted), strips `.gz`, picks a reader by suffix from the
registry, and never raises for one bad input: the batch goes on. Symbolic links met while walking a
directory are not followed (each is rejected with the reason) unless `follow_symlinks`; a link named on
the command line is followed. Unreadable directories, link loops, FIFOs, sockets and devices are rejected
with their reason, never skipped silently. A page longer than `max_doc_chars` (HTML: `HTML_FACTOR` times
that, for its markup) is rejected before any stage runs. Paths with bytes that are not UTF-8 are shown
with those bytes escaped (`\\xff`) in records, rejects and the store.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import InputError
from ..model import Page, Rejected
from ..registry import READERS
from . import text as _text  # noqa: F401  (registers the built-in readers)
from .source import open_bytes, read_limited

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_DOC_CHARS = 2_000_000  # characters of one document's text: the stages' memory and time grow with it
_SURROGATE = re.compile("[\ud800-\udfff]")
HTML_FACTOR = 5  # an HTML page may be this many times larger: its markup goes in `clean`


@dataclass(frozen=True)
class ReadOptions:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_doc_chars: int = DEFAULT_MAX_DOC_CHARS
    follow_symlinks: bool = False
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


def safe_path(path: str) -> str:
    """`path` as text that can be stored and printed: bytes that were not UTF-8 (lone surrogates from
    `os.fsdecode`) become `\\xNN`, any other lone surrogate `\\udNNN`."""
    if not _SURROGATE.search(path):
        return path
    try:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", path)


def safe_text(text: str) -> str:
    """`text` without lone surrogates (JSON `\\ud800` escapes, undecodable file names), which UTF-8 cannot
    hold: each becomes U+FFFD."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def expand(paths: Iterable[str], follow_symlinks: bool = False) -> Iterator[str | Rejected]:
    """Input paths with directories walked recursively in sorted order; what cannot be read is rejected
    with the reason (missing, unreadable directory, link not followed, link loop, FIFO...)."""
    for p in paths:
        if p == "-":
            yield p
            continue
        try:
            st = os.stat(p)  # a link named on the command line is followed
        except FileNotFoundError:
            yield Rejected(safe_path(p), "broken symbolic link" if os.path.islink(p) else "no such file or directory")
            continue
        except OSError as exc:
            yield Rejected(safe_path(p), _os_reason(exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk(p, follow_symlinks, {(st.st_dev, st.st_ino)})
        else:
            yield _regular(p, st)


def _walk(directory: str, follow: bool, seen: set[tuple[int, int]]) -> Iterator[str | Rejected]:
    try:
        with os.scandir(directory) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield Rejected(safe_path(directory), f"unreadable directory: {_os_reason(exc)}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue  # hidden files and directories (.git, .DS_Store) are not inputs
        path = entry.path
        try:
            if entry.is_symlink():
                if not follow:
                    yield Rejected(safe_path(path), "symbolic link, not followed (use --follow-symlinks)")
                    continue
                st = os.stat(path)
            else:
                st = entry.stat(follow_symlinks=False)
        except FileNotFoundError:
            yield Rejected(safe_path(path), "broken symbolic link")
            continue
        except OSError as exc:
            yield Rejected(safe_path(path), _os_reason(exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in seen:
                yield Rejected(safe_path(path), "symbolic link loop: a directory that contains this link")
                continue
            yield from _walk(path, follow, seen | {key})
        else:
            yield _regular(path, st)


def _regular(path: str, st: os.stat_result) -> str | Rejected:
    if stat.S_ISREG(st.st_mode):
        return path
    kind = ("FIFO" if stat.S_ISFIFO(st.st_mode) else "socket" if stat.S_ISSOCK(st.st_mode)
            else "device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "special file")
    return Rejected(safe_path(path), f"not a regular file ({kind})")


def _os_reason(exc: OSError) -> str:
    import errno

    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return exc.strerror or type(exc).__name__


def iter_pages(paths: Iterable[str], options: ReadOptions | None = None) -> Iterator[Page | Rejected]:
    """Every Page (or Rejected) from every input path, in order."""
    options = options or ReadOptions()
    for item in expand(paths, options.follow_symlinks):
        if isinstance(item, Rejected):
            yield item
            continue
        yield from _read_one(item, options)


def read_input(path: str, options: ReadOptions) -> Iterator[Page | Rejected]:
    """Every Page (or Rejected) of one input file (one that `expand` gave), in order."""
    return _read_one(path, options)


def _read_one(path: str, options: ReadOptions) -> Iterator[Page | Rejected]:
    reader = READERS[format_of(path)]
    shown = safe_path(path)
    pages = 0
    try:
        # Container readers (WARC, feeds, JSONL) also yield a Rejected for one bad record of a
        # file that otherwise goes on; a raised InputError rejects the file (after what it yielded).
        for page in reader(path, options):
            pages += 1
            yield _checked(page, shown, options)
    except InputError as exc:
        yield Rejected(shown, safe_text(str(exc)))
    except (OSError, EOFError, ValueError, RecursionError, MemoryError) as exc:
        yield Rejected(shown, safe_text(f"unreadable: {type(exc).__name__}: {_short(exc)}"))
    except Exception as exc:  # noqa: BLE001  one input never stops the run, whatever a reader raises
        where = f" after {pages} records" if pages else ""
        yield Rejected(shown, safe_text(f"reader failed{where}: {type(exc).__name__}: {_short(exc)}"))


def _checked(page: Page | Rejected, shown: str, options: ReadOptions) -> Page | Rejected:
    """The page with a printable path, its --published date as the fallback, or a Rejected when it is
    too long."""
    if isinstance(page, Rejected):
        return replace(page, path=safe_path(page.path), reason=safe_text(page.reason))
    where = safe_path(page.path)
    limit = options.max_doc_chars * (HTML_FACTOR if page.format == "html" else 1)
    if len(page.raw) > limit:
        return Rejected(where, f"document too long: {len(page.raw):,} characters, more than {limit:,} "
                               f"(--max-doc-chars {options.max_doc_chars:,})")
    changes: dict[str, object] = {}
    if where != page.path:
        changes["path"] = where
    if options.published and not page.published and not page.fallback_published:
        changes["fallback_published"] = options.published  # after every date the page itself offers
    for name in ("raw", "title", "publisher", "url"):
        value = getattr(page, name)
        if isinstance(value, str) and (clean := safe_text(value)) is not value:
            changes[name] = clean
    return replace(page, **changes) if changes else page  # type: ignore[arg-type]


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200]


def read_stdin_bytes(limit: int) -> bytes:
    return read_limited(sys.stdin.buffer, limit, "-")


__all__ = ["DEFAULT_MAX_DOC_CHARS", "ReadOptions", "iter_pages", "expand", "format_of", "open_bytes", "read_limited", "safe_path",
           "safe_text"]
