"""Ordered stages over Documents, in batches, with per-document failures recorded as `Rejected`.

Stage order is checked when the pipeline is built: every field a stage requires must be assigned by
an earlier stage (or be the input `page`).
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from . import stages as _stages  # noqa: F401
from .config import Config
from .errors import WirescopeError
from .model import Document, Page, Rejected
from .registry import STAGES, Stage

log = logging.getLogger(__name__)
Result = Document | Rejected


def _register_stages(names: Iterable[str]) -> None:
    """Import the built-in module of each named stage not registered yet (a plugin registers its own)."""
    import importlib

    for name in names:
        if name not in STAGES:
            importlib.import_module(f"{__package__}.stages.{name}")


@dataclass
class Context:
    """Shared, read-mostly resources for stages: config, the spaCy model, the KB, the dedup index."""

    config: Config = field(default_factory=Config)
    state: dict[str, Any] = field(default_factory=dict)

    @functools.cached_property
    def nlp(self) -> Any:
        from .stages.nlp import load_model

        return load_model(self.config.spacy_model)

    @functools.cached_property
    def kb(self) -> Any:
        from .kb.actors import load_kb

        return load_kb(self.config.kb_files)


class Pipeline:
    def __init__(self, config: Config | None = None, context: Context | None = None,
                 clock: Callable[[], float] = time.perf_counter) -> None:
        self.config = config or Config()
        self.clock = clock
        self.stage_seconds: dict[str, float] = {}  # time spent in each stage, for benchmarks and --verbose
        _register_stages(self.config.stages)
        self.context = context or Context(self.config)
        self.stages = [STAGES[name] for name in self.config.stages]
        check_order(self.stages)

    def run(self, pages: Iterable[Page | Rejected],
            progress: Callable[[Result], None] | None = None) -> Iterator[Result]:
        """Documents (or Rejected) for every page, in input order."""
        for batch in _batches(pages, self.config.batch_size):
            for result in self.run_batch(batch):
                if progress:
                    progress(result)
                yield result

    def run_batch(self, batch: list[Page | Rejected]) -> list[Result]:
        results: list[Result] = [p if isinstance(p, Rejected) else Document(page=p) for p in batch]
        for st in self.stages:
            live = [i for i, r in enumerate(results) if isinstance(r, Document)]
            start = self.clock()
            if st.batch:
                self._apply_batch(st, results, live)
            else:
                for i in live:
                    results[i] = self._apply_one(st, results[i])  # type: ignore[arg-type]
            self.stage_seconds[st.name] = self.stage_seconds.get(st.name, 0.0) + self.clock() - start
        return results

    def _apply_one(self, st: Stage, doc: Document) -> Result:
        try:
            return st(doc, self.context)
        except WirescopeError as exc:
            return Rejected(doc.page.path, str(exc), st.name)
        except Exception as exc:  # noqa: BLE001  one bad document must not stop the batch
            log.debug("stage %s failed on %s", st.name, doc.page.path, exc_info=True)
            return Rejected(doc.page.path, f"{type(exc).__name__}: {exc}", st.name)

    def _apply_batch(self, st: Stage, results: list[Result], live: list[int]) -> None:
        docs = [results[i] for i in live]
        done: list[Result]
        try:
            done = st.fn(docs, self.context)
        except Exception:  # noqa: BLE001  retry one by one so only the culprit is rejected
            done = [self._apply_batch_single(st, d) for d in docs]  # type: ignore[arg-type]
        for i, d in zip(live, done, strict=True):
            results[i] = d

    def _apply_batch_single(self, st: Stage, doc: Document) -> Result:
        try:
            return st.fn([doc], self.context)[0]  # type: ignore[arg-type,index]
        except Exception as exc:  # noqa: BLE001
            return Rejected(doc.page.path, f"{type(exc).__name__}: {exc}", st.name)


def check_order(stages: list[Stage]) -> None:
    """Raise ValueError when a stage requires a field no earlier stage assigns."""
    available = {"page"}
    for st in stages:
        missing = [r for r in st.requires if r not in available]
        if missing:
            raise ValueError(f"stage {st.name!r} requires {missing} but no earlier stage assigns it")
        available.update(st.assigns)


def _batches(items: Iterable[Page | Rejected], size: int) -> Iterator[list[Page | Rejected]]:
    batch: list[Page | Rejected] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
