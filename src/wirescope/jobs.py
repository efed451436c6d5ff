"""The library entry points the CLI, the API and the Spark job call: extract and ingest."""

from __future__ import annotations

import collections
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .config import Config
from .ingest import ReadOptions, expand, iter_pages, read_input
from .model import Document, Page, Rejected
from .pipeline import Context, Pipeline

Result = Document | Rejected
HASH_CHUNK = 1 << 20


def extract(paths: Iterable[str], options: ReadOptions | None = None, config: Config | None = None,
            progress: Callable[[Result], None] | None = None, context: Context | None = None,
            jobs: int = 1, pages: Iterable[Page | Rejected] | None = None) -> Iterator[Result]:
    """Run the pipeline over every input path (or over `pages`, when given); yield a Document or a
    Rejected per input document.

    `jobs` > 1 runs the per-document NLP stages in that many worker processes (same records, in order).
    """
    from .stages.actors.linking import PersonIndex, link_people

    pipeline = Pipeline(config, context, jobs=jobs)
    # a bare "Mr Howard" is the Michael Howard of earlier articles (in this run, or the store's)
    people = pipeline.context.state.setdefault("people", PersonIndex())
    yield from link_people(pipeline.run(iter_pages(paths, options) if pages is None else pages, progress), people)


@dataclass(frozen=True)
class InputKey:
    """What makes an input file the same as one ingested before: path, size, mtime and content hash."""

    path: str
    size: int
    mtime_ns: int
    sha: str


def input_key(path: str) -> InputKey | None:
    """The key of the input file at `path`; None when it cannot be had (stdin, unreadable, a name the
    store cannot hold): such an input is always read."""
    if path == "-":
        return None
    try:
        full = os.path.abspath(path)
        full.encode("utf-8")
        st = os.stat(path)
        digest = hashlib.blake2b(digest_size=20)
        with open(path, "rb") as f:
            while chunk := f.read(HASH_CHUNK):
                digest.update(chunk)
    except (OSError, UnicodeError, ValueError):
        return None
    return InputKey(full, st.st_size, st.st_mtime_ns, digest.hexdigest())


@dataclass
class _Tracked:
    key: InputKey | None
    pages: int = 0
    done: int = 0
    read: bool = False  # the reader has given every page of the file
    rejected: bool = False


@dataclass
class InputTracker:
    """Skips input files already ingested unchanged; records each file once all its records are stored.

    Pages go through the pipeline in input order and come back in that order, one result per page, so
    a queue of the file of each page handed out tells the file of each result.
    """

    store: Any
    options: ReadOptions
    skipped: int = 0  # input files
    skipped_documents: int = 0  # the records they gave when they were ingested
    read: int = 0  # pages handed to the pipeline
    on_skip: Callable[[int], None] | None = None  # told the records of each input file skipped
    _queue: collections.deque[_Tracked] = field(default_factory=collections.deque)
    _current: _Tracked | None = None

    def store_rejected(self, rejected: Rejected) -> None:
        """The store refused the record just handed to it: its file is read again next time."""
        if self._current is not None:
            self._current.rejected = True

    def pages(self, paths: Iterable[str]) -> Iterator[Page | Rejected]:
        for item in expand(paths, self.options.follow_symlinks):
            if isinstance(item, Rejected):
                yield self._hand_out(_Tracked(None), item)
                continue
            key = input_key(item)
            seen = None if key is None else self.store.seen_input(key.path, key.size, key.mtime_ns, key.sha)
            if seen is not None:
                self.skipped += 1
                self.skipped_documents += seen
                if self.on_skip:
                    self.on_skip(seen)
                continue
            tracked = _Tracked(key)
            for page in read_input(item, self.options):
                yield self._hand_out(tracked, page)
            tracked.read = True
            self._maybe_record(tracked)

    def _hand_out(self, tracked: _Tracked, page: Page | Rejected) -> Page | Rejected:
        tracked.pages += 1
        self.read += 1
        self._queue.append(tracked)
        return page

    def stored(self, results: Iterable[Result]) -> Iterator[Result]:
        """`results` as they are; a file is recorded when the store has taken its last one (asks the next)."""
        for result in results:
            tracked = self._current = self._queue.popleft()
            tracked.rejected |= isinstance(result, Rejected)
            yield result
            tracked.done += 1
            self._maybe_record(tracked)

    def _maybe_record(self, tracked: _Tracked) -> None:
        if tracked.key is None or not tracked.read or tracked.done != tracked.pages or tracked.rejected:
            return
        k = tracked.key
        self.store.record_input(k.path, k.size, k.mtime_ns, k.sha, tracked.pages)
        tracked.key = None  # once


def count_inputs(paths: Iterable[str], options: ReadOptions | None = None) -> int | None:
    """How many results (documents and rejects) `paths` will give, for the progress bar's total and ETA:
    one per text/HTML file, the lines of JSON lines, the entries of a feed, the HTML responses of a WARC
    (`ingest.count`); None when unknown (stdin, a WARC too large to scan)."""
    from .ingest import format_of
    from .ingest.count import count_results

    limit = (options or ReadOptions()).max_bytes
    n = 0
    for item in expand(paths):
        if item == "-":
            return None
        counted = count_results(item, format_of(item), limit) if isinstance(item, str) else 1
        if counted is None:
            return None
        n += counted
    return n


def ingest(paths: Iterable[str], db: str, options: ReadOptions | None = None, config: Config | None = None,
           progress: Callable[[Result], None] | None = None, jobs: int = 1, reread: bool = False,
           skipped: Callable[[int], None] | None = None) -> dict[str, int]:
    """Run the pipeline into the store at `db`; earlier documents are seen by dedup; returns counts
    (stored, unchanged, rejected; `skipped`: input files ingested before and unchanged since, which are not
    read at all unless `reread`, their records counted as unchanged; `read`: records that went through the
    pipeline). `progress` is told each result, `skipped` the records of each input file skipped."""
    from .stages.actors.linking import PersonIndex
    from .stages.dedup import DedupIndex
    from .store import open_store

    store = open_store(db)
    try:
        index = DedupIndex()
        store.load_signatures(index)  # type: ignore[attr-defined]
        people = PersonIndex()
        for row in store.persons():  # type: ignore[attr-defined]
            people.add(*row)
        # "stored": documents a killed run already stored skip the parse and what follows (`Pipeline._live`)
        context = Context(config or Config(), state={"dedup": index, "people": people,
                                                      "stored": store.has_article})  # type: ignore[attr-defined]
        tracker = InputTracker(store, options or ReadOptions(), on_skip=skipped)
        if reread:
            tracker.store = _Unseen(store)
        results = extract(paths, options, config, progress, context, jobs, pages=tracker.pages(paths))
        counts = store.add(tracker.stored(results), signatures=index.signature_bytes,  # type: ignore[call-arg]
                           progress_rejected=tracker.store_rejected)
        counts["unchanged"] += tracker.skipped_documents
        return {**counts, "skipped": tracker.skipped, "read": tracker.read}
    finally:
        store.close()


class _Unseen:
    """A store that has seen no input (`ingest --reread`), recording inputs in the real one."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def seen_input(self, *key: Any) -> int | None:
        return None

    def record_input(self, *args: Any) -> None:
        self.store.record_input(*args)
