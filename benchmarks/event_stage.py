"""Cost of the events stage on top of the spaCy pass, on a sample of the BBC corpus, on one core.

    .venv/bin/python benchmarks/event_stage.py [--n 200] [--repeat 3]

Runs the whole pipeline over the sample with the `nlp` (spaCy) and `events` stages timed in place,
then times the events stage again alone over the parsed documents (best of `--repeat`), and prints
both figures with the share of the spaCy time the events stage adds (target: at most 10%).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from wirescope.config import Config  # noqa: E402
from wirescope.ingest import iter_pages  # noqa: E402
from wirescope.model import Document  # noqa: E402
from wirescope.pipeline import Pipeline  # noqa: E402
from wirescope.stages.events import code_events  # noqa: E402

BBC = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "bbc"
TIMED = ("nlp", "events")


def pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def sample(n: int) -> list[str]:
    """Every k-th article over the five sections, so all of them are in the sample."""
    files = sorted(str(p) for p in BBC.rglob("*.txt"))
    step = max(1, len(files) // n)
    return files[::step][:n]


def timed_run(paths: list[str]) -> tuple[dict[str, float], list[Document]]:
    """The whole pipeline over `paths`, and the time of each stage in TIMED."""
    pipeline = Pipeline(Config(n_process=1))
    pipeline.context.nlp  # noqa: B018  load the model (and the KB) before the clock starts
    pipeline.context.kb  # noqa: B018
    docs = [d for d in pipeline.run(iter_pages(paths)) if isinstance(d, Document) and d.nlp is not None]
    return {k: v for k, v in pipeline.stage_seconds.items() if k in TIMED}, docs


def events_alone(docs: list[Document], repeat: int) -> float:
    """Best wall time of the events stage over already parsed documents."""
    ctx = Pipeline(Config(n_process=1)).context
    ctx.kb  # noqa: B018
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        for doc in docs:
            code_events(doc, ctx)
        best = min(best, time.perf_counter() - t)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    if not BBC.is_dir():
        print(f"skip: {BBC} not found")
        return 0
    pin_one_core()
    spent, docs = timed_run(sample(args.n))
    sentences = sum(len(list(d.nlp.sents)) for d in docs)
    events = sum(len(d.events) for d in docs)
    alone = events_alone(docs, args.repeat)
    spacy_s, in_run = spent["nlp"], spent["events"]
    print(f"articles: {len(docs)}  sentences: {sentences}  events: {events} ({events / len(docs):.1f}/article)")
    print(f"spaCy pass (nlp stage): {spacy_s:7.2f} s  {1000 * spacy_s / len(docs):6.1f} ms/article")
    print(f"events stage, in run  : {in_run:7.2f} s  {1000 * in_run / len(docs):6.1f} ms/article  "
          f"= {in_run / spacy_s:.1%} on top of spaCy")
    print(f"events stage, alone   : {alone:7.2f} s  {1000 * alone / len(docs):6.1f} ms/article  "
          f"{sentences / alone:,.0f} sentences/s  = {alone / spacy_s:.1%} on top of spaCy (target <= 10%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
