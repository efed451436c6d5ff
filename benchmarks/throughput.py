"""Full pipeline vs a bare spaCy `nlp.pipe` over the same BBC articles, in one run.

    .venv/bin/python benchmarks/throughput.py [--n 300] [--processes 1]

Prints articles/s for both and their ratio (pipeline time / spaCy time), plus the time per stage.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from wirescope.config import Config
from wirescope.ingest import iter_pages
from wirescope.model import Document
from wirescope.pipeline import Pipeline

BBC = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "bbc"


def sample(n: int) -> list[str]:
    files = sorted(str(p) for p in BBC.rglob("*.txt"))
    step = max(1, len(files) // n)
    return files[::step][:n]


def timed_pipeline(paths: list[str], config: Config) -> tuple[float, dict[str, float], list[Document]]:
    pipeline = Pipeline(config)
    pipeline.context.nlp  # noqa: B018  load the model before the clock starts
    t0 = time.perf_counter()
    docs = [d for d in pipeline.run(iter_pages(paths)) if isinstance(d, Document)]
    return time.perf_counter() - t0, pipeline.stage_seconds, docs


def bare_spacy(texts: list[str], config: Config) -> float:
    from wirescope.stages.nlp import load_model

    nlp = load_model(config.spacy_model)
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=config.batch_size, n_process=config.n_process):
        pass
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--processes", type=int, default=1)
    args = ap.parse_args()
    if not BBC.is_dir():
        raise SystemExit(f"skip: {BBC} not found")
    config = Config(n_process=args.processes)
    paths = sample(args.n)
    full, per_stage, docs = timed_pipeline(paths, config)
    texts = [d.article.text for d in docs if d.article is not None]
    spacy_s = bare_spacy(texts, config)
    words = sum(len(t.split()) for t in texts)
    print(f"articles: {len(texts)}  words: {words}  processes: {args.processes}")
    print(f"full pipeline : {len(texts) / full:7.1f} articles/s  ({full:.1f} s)")
    print(f"bare spaCy    : {len(texts) / spacy_s:7.1f} articles/s  ({spacy_s:.1f} s, {words / spacy_s:.0f} words/s)")
    print(f"ratio pipeline/spaCy time: {full / spacy_s:.2f}")
    for name, secs in per_stage.items():
        print(f"  stage {name:8s} {secs:7.2f} s  {100 * secs / full:5.1f}% of pipeline")


if __name__ == "__main__":
    main()
