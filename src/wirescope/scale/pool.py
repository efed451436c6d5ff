"""Worker processes for the per-document stages of a `Pipeline` (``--jobs N``).

Each worker is a fresh interpreter (the ``spawn`` start method: no fork of a parent holding threads,
DuckDB connections or a half-used model) that imports the modules registering the stages it runs,
builds its own `Context` and loads the spaCy model once, then takes one chunk of Documents at a time
over its own pipe and sends back the results with the seconds each stage took.

The parent knows which chunk each worker holds, so when a worker dies (a segfault, an ``os._exit``,
the OOM killer) or overruns its deadline (``doc_timeout`` seconds per document, plus as much again for
the chunk; a worker applies the same per-document budget itself, so this is for a worker stuck where
its timer cannot interrupt it), it is killed and replaced and each document of its chunk is retried once, alone, in a
fresh worker: the document that kills a worker twice becomes a `Rejected` with the reason, and every
other one of the chunk goes through. A stage raising on a document is handled inside the worker as
in one process (a `Rejected` for that document only).
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import math
import multiprocessing
import signal
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from typing import Any

from ..config import Config
from ..model import Document, Rejected

log = logging.getLogger(__name__)
Result = Document | Rejected
START_TIMEOUT = 300.0  # seconds a new worker may take to import spaCy and load the model


@dataclass(frozen=True)
class WorkerSpec:
    """What a worker needs to rebuild the per-document part of the pipeline in its own process."""

    config: Config
    stages: tuple[str, ...]  # the stages the worker runs, in order
    modules: tuple[str, ...]  # modules to import first: those registering the stages (plugins too)
    load_model: bool = True  # load the spaCy model before saying ready (the nlp stage would anyway)


def _worker_main(conn: Connection, spec: WorkerSpec) -> None:
    """A worker's loop: ready, then (seq, docs) in, ("done", seq, results, seconds) out, until None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops us
    try:
        for name in spec.modules:
            importlib.import_module(name)
        from ..pipeline import Context, Pipeline

        config = replace(spec.config, n_process=1)  # a worker is one process; --jobs is the parallelism
        pipeline = Pipeline(config, Context(config))
        stages = [st for st in pipeline.stages if st.name in spec.stages]
        if spec.load_model:
            pipeline.context.nlp  # noqa: B018
            pipeline.context.warm_up()  # the KB and gazetteers too: a worker's deadline starts when it is ready
        conn.send(("ready",))
    except BaseException:  # noqa: BLE001  reported to the parent, which gives up on a worker that cannot start
        conn.send(("failed", traceback.format_exc()))
        return
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        seq, docs = task
        before = dict(pipeline.stage_seconds)
        try:
            results = pipeline.run_stages(list(docs), stages)
            out = [replace(r, nlp=None) if isinstance(r, Document) else r for r in results]
            seconds = {k: v - before.get(k, 0.0) for k, v in pipeline.stage_seconds.items()}
            conn.send(("done", seq, out, seconds, _peak_rss_mb()))
        except Exception:  # noqa: BLE001  e.g. a result that cannot be pickled: the parent retries alone
            conn.send(("error", seq, traceback.format_exc(limit=3)))


def _peak_rss_mb() -> float:
    """This process's peak resident memory in MB (Linux reports KB, macOS bytes)."""
    import resource
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024


class WorkerStartError(RuntimeError):
    """A worker could not import the stages or load the model: no point starting more."""


@dataclass
class _Task:
    chunk: int
    positions: list[int]  # where its documents go in the chunk
    docs: list[Document]
    retry: bool = False  # a retry alone after its worker died: the next death rejects it
    deadline: float = 0.0


@dataclass
class _Worker:
    process: Any
    conn: Connection
    ready: bool = False
    task: _Task | None = None
    started: float = field(default_factory=time.monotonic)


class WorkerPool:
    """`jobs` worker processes running `spec`'s stages over chunks, with results collected by chunk id.

    `submit(chunk, docs)` hands a chunk to the pool (queued until a worker is free); `collect()` waits
    for some work to finish and returns the chunks now complete as ``(chunk, results)``, in any order.
    """

    def __init__(self, spec: WorkerSpec, jobs: int, doc_timeout: float = 60.0,
                 clock: Any = time.monotonic) -> None:
        self.spec = spec
        self.jobs = max(1, jobs)
        self.doc_timeout = doc_timeout
        self.clock = clock
        self.ctx = multiprocessing.get_context("spawn")
        self.workers: list[_Worker] = []
        self.queue: list[_Task] = []
        self.results: dict[int, list[Result | None]] = {}
        self.pending: dict[int, int] = {}  # chunk -> documents not back yet
        self.stage_seconds: dict[str, float] = {}
        self.replaced = 0  # workers that died or overran and were replaced
        self.peak_rss_mb: dict[int, float] = {}  # worker pid -> its peak resident memory, as last reported
        for _ in range(self.jobs):
            self._start_worker()

    # -- workers --------------------------------------------------------------------------------
    def _start_worker(self) -> _Worker:
        parent, child = self.ctx.Pipe(duplex=True)
        process = self.ctx.Process(target=_worker_main, args=(child, self.spec), daemon=True,
                                   name="wirescope-worker")
        process.start()
        child.close()
        worker = _Worker(process, parent, started=self.clock())
        self.workers.append(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        self.workers.remove(worker)
        with contextlib.suppress(OSError):
            worker.conn.close()
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)

    def close(self) -> None:
        """Stop every worker (politely, then by force)."""
        for w in self.workers:
            with contextlib.suppress(OSError, BrokenPipeError):
                w.conn.send(None)
        for w in list(self.workers):
            w.process.join(2)
            self._retire(w)

    # -- work -----------------------------------------------------------------------------------
    @property
    def busy(self) -> int:
        """Chunks submitted and not complete yet."""
        return len(self.pending)

    def submit(self, chunk: int, docs: list[Document]) -> None:
        self.results[chunk] = [None] * len(docs)
        self.pending[chunk] = len(docs)
        self.queue.append(_Task(chunk, list(range(len(docs))), docs))
        self._dispatch()

    def _dispatch(self) -> None:
        for w in self.workers:
            if not self.queue:
                return
            if w.ready and w.task is None:
                task = self.queue.pop(0)
                task.deadline = self.clock() + self.doc_timeout * (len(task.docs) + 1)
                try:
                    w.conn.send((task.chunk, task.docs))
                except (OSError, BrokenPipeError):
                    self.queue.insert(0, task)  # its death is seen by the next collect()
                    continue
                w.task = task

    def collect(self, timeout: float | None = None) -> list[tuple[int, list[Result]]]:
        """Wait (up to `timeout` s) for work to finish; the chunks completed, with their results."""
        done: list[tuple[int, list[Result]]] = []
        limit = None if timeout is None else self.clock() + timeout
        while not done:
            now = self.clock()
            deadlines = [w.task.deadline for w in self.workers if w.task] + \
                        [w.started + START_TIMEOUT for w in self.workers if not w.ready]
            if limit is not None:
                deadlines.append(limit)
            wait_for = max(0.0, min(deadlines) - now) if deadlines else None
            wait_for = None if wait_for is not None and math.isinf(wait_for) else wait_for  # no --doc-timeout
            conns = {w.conn: w for w in self.workers}
            sentinels = {w.process.sentinel: w for w in self.workers}
            ready = wait([*conns, *sentinels], wait_for)
            for obj in ready:
                worker = conns.get(obj) or sentinels.get(obj)  # type: ignore[call-overload]
                if worker is None or worker not in self.workers:
                    continue
                if obj in conns and worker.conn.poll():
                    try:
                        message = worker.conn.recv()
                    except (EOFError, OSError):
                        done.extend(self._died(worker, self._death_reason(worker)))
                        continue
                    done.extend(self._handle(worker, message))
                elif not worker.process.is_alive():
                    done.extend(self._died(worker, self._death_reason(worker)))
            now = self.clock()
            for w in list(self.workers):
                if w.task and now > w.task.deadline:
                    allowed = self.doc_timeout * (len(w.task.docs) + 1)
                    done.extend(self._died(w, f"worker timed out after {allowed:.0f} s"))
                elif not w.ready and now > w.started + START_TIMEOUT:
                    raise WorkerStartError(f"a worker did not start in {START_TIMEOUT:.0f} s")
            self._dispatch()
            if limit is not None and self.clock() >= limit:
                break
        return done

    def _handle(self, worker: _Worker, message: tuple[Any, ...]) -> list[tuple[int, list[Result]]]:
        kind = message[0]
        if kind == "ready":
            worker.ready = True
            return []
        if kind == "failed":
            raise WorkerStartError(f"a worker could not start:\n{message[1]}")
        task = worker.task
        worker.task = None
        if task is None:
            return []
        if kind == "error":
            return self._failed(task, f"worker error: {message[2].strip().splitlines()[-1]}")
        _, _, results, seconds, rss = message
        self.peak_rss_mb[worker.process.pid] = rss
        for k, v in seconds.items():
            self.stage_seconds[k] = self.stage_seconds.get(k, 0.0) + v
        return self._fill(task, results)

    def _fill(self, task: _Task, results: Sequence[Result]) -> list[tuple[int, list[Result]]]:
        slot = self.results[task.chunk]
        for pos, r in zip(task.positions, results, strict=True):
            slot[pos] = r
        self.pending[task.chunk] -= len(task.positions)
        if self.pending[task.chunk]:
            return []
        del self.pending[task.chunk]
        return [(task.chunk, self.results.pop(task.chunk))]  # type: ignore[list-item]

    @staticmethod
    def _death_reason(worker: _Worker) -> str:
        worker.process.join(1)
        code = worker.process.exitcode
        if code is not None and code < 0:
            with contextlib.suppress(ValueError):
                return f"worker killed by {signal.Signals(-code).name}"
        return f"worker died (exit code {code})"

    def _died(self, worker: _Worker, reason: str) -> list[tuple[int, list[Result]]]:
        task = worker.task
        was_ready = worker.ready
        self._retire(worker)
        self.replaced += 1
        if not was_ready:
            raise WorkerStartError(f"a worker could not start: {reason}")
        log.warning("%s; replacing it", reason)
        self._start_worker()
        return self._failed(task, reason) if task is not None else []

    def _failed(self, task: _Task, reason: str) -> list[tuple[int, list[Result]]]:
        """A task whose worker failed: retry each document alone once; reject one that fails again."""
        if task.retry:
            doc = task.docs[0]
            return self._fill(task, [Rejected(doc.page.path, reason, "worker")])
        retries = [_Task(task.chunk, [pos], [doc], retry=True)
                   for pos, doc in zip(task.positions, task.docs, strict=True)]
        self.queue[:0] = retries  # before later chunks: the parent yields in order
        return []
