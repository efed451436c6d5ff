"""The library entry points the CLI, the API and the Spark job call: extract and ingest."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from .config import Config
from .ingest import ReadOptions, iter_pages
from .model import Document, Rejected
from .pipeline import Context, Pipeline

Result = Document | Rejected


def extract(paths: Iterable[str], options: ReadOptions | None = None, config: Config | None = None,
            progress: Callable[[Result], None] | None = None, context: Context | None = None) -> Iterator[Result]:
    """Run the pipeline over every input path; yield a Document or a Rejected per input document."""
    pipeline = Pipeline(config, context)
    yield from pipeline.run(iter_pages(paths, options), progress)


def ingest(paths: Iterable[str], db: str, options: ReadOptions | None = None, config: Config | None = None,
           progress: Callable[[Result], None] | None = None) -> dict[str, int]:
    """Run the pipeline into the store at `db`; earlier documents are seen by dedup; returns counts."""
    from .stages.dedup import DedupIndex
    from .store import open_store

    store = open_store(db)
    try:
        index = DedupIndex()
        store.load_signatures(index)  # type: ignore[attr-defined]
        context = Context(config or Config(), state={"dedup": index})
        results = extract(paths, options, config, progress, context)
        return store.add(results, signatures=index.signature_bytes)  # type: ignore[call-arg]
    finally:
        store.close()
