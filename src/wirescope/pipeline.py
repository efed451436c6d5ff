"""Ordered stages over Documents, in batches, with per-document failures recorded as `Rejected`.

Stage order is checked when the pipeline is built: every field a stage requires must be assigned by
an earlier stage (or be the input `page`).

With ``jobs > 1`` the stages from the first one that needs the parse (``nlp`` and everything after it:
actors, quotes, events) run in worker processes (`wirescope.scale.pool`), one batch per task, while
the stages before it, which see every document in order (boilerplate line statistics, dedup clusters
and their originals), stay one ordered pass in this process. Batches are the same as in one process
and results come back in input order, so ``jobs=1`` and ``jobs=N`` give the same records. Stages that
run in workers must be per-document: they get a fresh `Context` whose `state` is their own.

Each document has a time budget (`Config.doc_timeout` seconds, `--doc-timeout`) over the stages a
process runs on it (`budget.deadline`): a stage that overruns it is interrupted and the document becomes
a `Rejected` saying so, while the batch goes on. A batch stage gets the budgets left of its documents
together; when it overruns them, it runs again one document at a time, each with its own. The first
call of each stage in a process loads what the stage needs, so it gets as much again and is not charged. With
``jobs > 1`` the workers apply the same budget to their stages, and the pool kills a worker that stops
answering altogether.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import logging
import math
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from . import stages as _stages  # noqa: F401
from .budget import PAUSED, BudgetExceeded, deadline, paused
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

        with paused():  # loading is no document's time
            return load_model(self.config.spacy_model)

    @functools.cached_property
    def kb(self) -> Any:
        from .kb.actors import load_kb

        with paused():
            return load_kb(self.config.kb_files)

    def warm_up(self) -> None:
        """Load now what the per-document stages would load on their first document."""
        from .kb.actors import warm_up

        with paused():
            warm_up(self.kb)


class Pipeline:
    def __init__(self, config: Config | None = None, context: Context | None = None,
                 clock: Callable[[], float] = time.perf_counter, jobs: int = 1, doc_timeout: float | None = None) -> None:
        self.config = config or Config()
        self.clock = clock
        self.jobs = max(1, jobs)
        # seconds per document (0: none); a worker that takes this much more is killed and its documents retried
        self.doc_timeout = self.config.doc_timeout if doc_timeout is None else doc_timeout
        self.stage_seconds: dict[str, float] = {}  # time spent in each stage, for benchmarks and --verbose
        self.worker_peak_rss_mb: dict[int, float] = {}  # with jobs > 1: peak memory of each worker process
        self._called: set[str] = set()  # stages run at least once (the budget of their first call, see _first_call)
        _register_stages(self.config.stages)
        self.context = context or Context(self.config)
        self.stages = [STAGES[name] for name in self.config.stages]
        check_order(self.stages)

    def run(self, pages: Iterable[Page | Rejected],
            progress: Callable[[Result], None] | None = None) -> Iterator[Result]:
        """Documents (or Rejected) for every page, in input order."""
        batches = _batches(pages, self.config.batch_size)
        if self.jobs > 1 and self.split < len(self.stages):
            first = list(itertools.islice(batches, 2))
            batches = itertools.chain(first, batches)
            if len(first) > 1:  # one batch or less: not worth starting workers
                yield from self._run_parallel(batches, progress)
                return
        for batch in batches:
            for result in self.run_batch(batch):
                if progress:
                    progress(result)
                yield result

    @functools.cached_property
    def split(self) -> int:
        """Index of the first stage that runs in workers: the first one that requires or assigns the parse."""
        for i, st in enumerate(self.stages):
            if "nlp" in st.requires or "nlp" in st.assigns:
                return i
        return len(self.stages)

    def run_batch(self, batch: list[Page | Rejected]) -> list[Result]:
        results: list[Result] = [p if isinstance(p, Rejected) else Document(page=p) for p in batch]
        return self.run_stages(results, self.stages)

    def run_stages(self, results: list[Result], stages: list[Stage]) -> list[Result]:
        """Apply `stages` in order to the Documents of `results` (a Rejected stays as it is)."""
        results = list(results)
        spent = [0.0] * len(results)  # seconds each document has taken in these stages (its budget)
        for st in stages:
            live = self._live(results, st)
            if live and self.doc_timeout and ("nlp" in st.requires or "nlp" in st.assigns):
                self._warm_up()
            start = self.clock()
            if st.batch:
                self._apply_batch(st, results, live, spent)
            else:
                for i in live:
                    t, p = self.clock(), PAUSED[0]
                    first = self._first_call(st)
                    results[i] = self._apply_one(st, results[i], self._left(spent[i], first))  # type: ignore[arg-type]
                    spent[i] += 0.0 if first else self.clock() - t - (PAUSED[0] - p)
            self.stage_seconds[st.name] = self.stage_seconds.get(st.name, 0.0) + self.clock() - start
        return results

    def _warm_up(self) -> None:
        """Load the model and the KB before the first document that needs them, as a worker does when
        it starts: loading is not any document's time."""
        if not self.context.state.get("warm"):
            self.context.nlp  # noqa: B018
            self.context.warm_up()
            self.context.state["warm"] = True

    def _first_call(self, st: Stage) -> bool:
        """True the first time `st` runs in this pipeline: stages load what they need (lexicons, date
        parsers) on their first document, which gets a budget as much again and is not charged for it."""
        first = st.name not in self._called
        self._called.add(st.name)
        return first

    def _left(self, spent: float, first: bool = False) -> float | None:
        """Seconds of budget a document that has taken `spent` has left (None: no budget)."""
        if not self.doc_timeout:
            return None
        return max(self.doc_timeout - spent, 1e-3) + (self.doc_timeout if first else 0.0)

    def _run_parallel(self, batches: Iterator[list[Page | Rejected]],
                      progress: Callable[[Result], None] | None) -> Iterator[Result]:
        """The stages before `split` here, in order; the rest in `jobs` workers; results in input order.

        One batch more than there are workers is handed out, so a worker that finishes has the next one
        at once while this process prepares another; at most ``2 * jobs + 1`` batches are out at once
        (running, queued, or done and waiting for an earlier one), so memory stays bounded however long
        the input is.
        """
        from .scale.pool import WorkerPool, WorkerSpec

        head, tail = self.stages[: self.split], self.stages[self.split:]
        modules = tuple(dict.fromkeys(st.fn.__module__ for st in tail if st.fn.__module__ != "__main__"))
        config = dataclasses.replace(self.config, doc_timeout=self.doc_timeout)  # the workers' own budget
        spec = WorkerSpec(config, tuple(st.name for st in tail), modules)
        pool = WorkerPool(spec, self.jobs, self.doc_timeout or math.inf)
        held: dict[int, tuple[list[Result], list[int]]] = {}  # batch -> (results so far, positions in workers)
        finished: dict[int, list[Result]] = {}
        next_out = 0
        max_out = 2 * self.jobs + 1
        source = enumerate(batches)
        exhausted = False
        try:
            while True:
                # Feed the pool while the window allows; each batch through the ordered head stages first.
                while not exhausted and len(held) + len(finished) < max_out:
                    item = next(source, None)
                    if item is None:
                        exhausted = True
                        break
                    seq, batch = item
                    results = [p if isinstance(p, Rejected) else Document(page=p) for p in batch]
                    results = self.run_stages(results, head)
                    live = self._live(results, tail[0])
                    if live:
                        held[seq] = (results, live)
                        pool.submit(seq, [results[i] for i in live])  # type: ignore[misc]
                    else:
                        finished[seq] = results
                    if pool.busy > self.jobs:
                        break  # the workers have work and one more: see what came back before reading on
                while next_out in finished:
                    for result in finished.pop(next_out):
                        if progress:
                            progress(result)
                        yield result
                    next_out += 1
                if exhausted and not held and not finished:
                    return
                if held and (exhausted or len(held) + len(finished) >= max_out or pool.busy > self.jobs):
                    for seq, done in pool.collect():
                        results, live = held.pop(seq)
                        for i, r in zip(live, done, strict=True):
                            results[i] = r
                        finished[seq] = results
        finally:
            for name, secs in pool.stage_seconds.items():
                self.stage_seconds[name] = self.stage_seconds.get(name, 0.0) + secs
            self.worker_peak_rss_mb.update(pool.peak_rss_mb)
            pool.close()

    def _live(self, results: list[Result], st: Stage) -> list[int]:
        """Positions of the documents `st` runs on: every Document, but from the parse on not those
        `context.state["stored"]` says are stored already (a resumed ingest: its add skips them anyway)."""
        docs = [i for i, r in enumerate(results) if isinstance(r, Document)]
        stored = self.context.state.get("stored")
        if stored is None or self.stages.index(st) < self.split:
            return docs
        return [i for i in docs if results[i].article is None or not stored(results[i].article.id)]  # type: ignore[union-attr]

    def _timed_out(self, st: Stage, doc: Document, exc: BudgetExceeded) -> Rejected:
        log.debug("stage %s overran the budget on %s", st.name, doc.page.path)
        return Rejected(doc.page.path, f"{exc} (in stage {st.name})", st.name)

    def _apply_one(self, st: Stage, doc: Document, seconds: float | None = None) -> Result:
        try:
            with deadline(seconds, self.doc_timeout):
                return st(doc, self.context)
        except BudgetExceeded as exc:
            return self._timed_out(st, doc, exc)
        except WirescopeError as exc:
            return Rejected(doc.page.path, str(exc), st.name)
        except Exception as exc:  # noqa: BLE001  one bad document must not stop the batch
            log.debug("stage %s failed on %s", st.name, doc.page.path, exc_info=True)
            return Rejected(doc.page.path, f"{type(exc).__name__}: {exc}", st.name)

    def _apply_batch(self, st: Stage, results: list[Result], live: list[int], spent: list[float]) -> None:
        docs = [results[i] for i in live]
        if not docs:
            return
        done: list[Result]
        first = self._first_call(st)
        together = sum(self._left(spent[i]) or 0.0 for i in live) + (self.doc_timeout if first else 0.0)
        t, p = self.clock(), PAUSED[0]
        try:
            with deadline(together if self.doc_timeout else None, self.doc_timeout):
                done = st.fn(docs, self.context)
            for i in live:  # each document is charged its share of the batch (not the first batch's loading)
                spent[i] += 0.0 if first else (self.clock() - t - (PAUSED[0] - p)) / len(live)
        except (Exception, BudgetExceeded):  # noqa: BLE001  retry one by one so only the culprit is rejected
            done = []
            for i, d in zip(live, docs, strict=True):
                t = self.clock()
                done.append(self._apply_batch_single(st, d, self._left(spent[i])))  # type: ignore[arg-type]
                spent[i] += self.clock() - t
        for i, d in zip(live, done, strict=True):
            results[i] = d

    def _apply_batch_single(self, st: Stage, doc: Document, seconds: float | None = None) -> Result:
        try:
            with deadline(seconds, self.doc_timeout):
                return st.fn([doc], self.context)[0]  # type: ignore[arg-type,index]
        except BudgetExceeded as exc:
            return self._timed_out(st, doc, exc)
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
