"""The library entry points the CLI, the API and the Spark job call: extract and ingest."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from .config import Config
from .ingest import ReadOptions, iter_pages
from .model import Document, Rejected
from .pipeline import Context, Pipeline

Result = Document | Rejected


def extract(paths: Iterable[str], options: ReadOptions | None = None, config: Config | None = None,
            progress: Callable[[Result], None] | None = None, context: Context | None = None,
            jobs: int = 1) -> Iterator[Result]:
    """Run the pipeline over every input path; yield a Document or a Rejected per input document.

    `jobs` > 1 runs the per-document NLP stages in that many worker processes (same records, in order).
    """
    from .stages.actors.linking import PersonIndex, link_people

    pipeline = Pipeline(config, context, jobs=jobs)
    # a bare "Mr Howard" is the Michael Howard of earlier articles (in this run, or the store's)
    people = pipeline.context.state.setdefault("people", PersonIndex())
    yield from link_people(pipeline.run(iter_pages(paths, options), progress), people)


def count_inputs(paths: Iterable[str]) -> int | None:
    """How many documents `paths` hold, when every input file is one document; None when unknown."""
    from .ingest import expand, format_of

    single = {".txt", ".text", ".html", ".htm", ".xhtml"}
    n = 0
    for item in expand(paths):
        if isinstance(item, str) and (item == "-" or format_of(item) not in single):
            return None
        n += 1
    return n


def ingest(paths: Iterable[str], db: str, options: ReadOptions | None = None, config: Config | None = None,
           progress: Callable[[Result], None] | None = None, jobs: int = 1) -> dict[str, int]:
    """Run the pipeline into the store at `db`; earlier documents are seen by dedup; returns counts."""
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
        results = extract(paths, options, config, progress, context, jobs)
        return store.add(results, signatures=index.signature_bytes)  # type: ignore[call-arg]
    finally:
        store.close()
