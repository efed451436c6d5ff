"""All local cores: `--jobs 1` vs `--jobs 2` vs bare spaCy `nlp.pipe` with as many processes, same articles.

    .venv/bin/python benchmarks/scale.py [--n 400] [--jobs 1 2] [--spark]

Each configuration runs in a fresh interpreter (so peak memory is its own) over the same N BBC articles
(an even sample of ../shared/corpus/bbc). Times are wall clock from before the pipeline (or model) is
built to the last result, model loading and worker start included; "steady" leaves out everything
before the first result. Prints articles/s, the ratios the issue asks for (jobs N / jobs 1, pipeline /
bare spaCy with the same number of processes), peak RSS per process, and whether the records of every
run are identical (JSONL less timings). `--spark` adds the Spark job on `local[N]` for the largest N.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BBC = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "bbc"


def sample(n: int) -> list[str]:
    files = sorted(str(p) for p in BBC.rglob("*.txt"))
    step = max(1, len(files) // n)
    return files[::step][:n]


def _rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _digest(records: list[str]) -> str:
    return hashlib.sha256("\n".join(records).encode()).hexdigest()[:16]


def run_pipeline(paths: list[str], jobs: int) -> dict[str, Any]:
    from wirescope.ingest import iter_pages
    from wirescope.model import Document
    from wirescope.pipeline import Pipeline

    t0 = time.perf_counter()
    pipeline = Pipeline(jobs=jobs)
    first = None
    records = []
    n_docs = n_events = 0
    for r in pipeline.run(iter_pages(paths)):
        first = first or time.perf_counter()
        if isinstance(r, Document):
            n_docs += 1
            n_events += len(r.events)
            records.append(json.dumps(r.record(), sort_keys=True))
        else:
            records.append(json.dumps([r.path, r.reason, r.stage]))
    end = time.perf_counter()
    return {"articles": len(paths), "docs": n_docs, "seconds": end - t0, "steady_seconds": end - (first or t0),
            "first_batch": min(len(paths), pipeline.config.batch_size), "digest": _digest(records),
            "events": n_events,
            "rss_parent_mb": _rss_mb(resource.RUSAGE_SELF),
            "rss_workers_mb": sorted(pipeline.worker_peak_rss_mb.values()),
            "stage_seconds": pipeline.stage_seconds}


def run_spacy(paths: list[str], processes: int) -> dict[str, Any]:
    from wirescope.config import DEFAULT_STAGES, Config
    from wirescope.ingest import iter_pages
    from wirescope.model import Document
    from wirescope.pipeline import Pipeline
    from wirescope.stages.nlp import load_model

    head = DEFAULT_STAGES[: DEFAULT_STAGES.index("nlp")]
    config = Config(stages=head)
    texts = [d.article.text[: config.max_nlp_chars] for d in Pipeline(config).run(iter_pages(paths))
             if isinstance(d, Document) and d.article is not None]
    t0 = time.perf_counter()
    nlp = load_model(None)
    first = None
    for _ in nlp.pipe(texts, batch_size=config.batch_size, n_process=processes):
        first = first or time.perf_counter()
    end = time.perf_counter()
    return {"articles": len(paths), "docs": len(texts), "seconds": end - t0, "steady_seconds": end - (first or t0),
            "first_batch": min(len(texts), config.batch_size), "rss_parent_mb": _rss_mb(resource.RUSAGE_SELF),
            "rss_workers_mb": [_rss_mb(resource.RUSAGE_CHILDREN)] if processes > 1 else []}


def run_spark(paths: list[str], cores: int) -> dict[str, Any]:
    from wirescope.scale.spark import run_spark_job

    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        counts = run_spark_job(paths, out, master=f"local[{cores}]")
        seconds = time.perf_counter() - t0
        from wirescope.scale.spark import read_parquet_events

        events = read_parquet_events(out)
    return {"articles": len(paths), "docs": counts["documents"], "seconds": seconds, "steady_seconds": seconds,
            "first_batch": 0, "events": len(events), "rss_parent_mb": _rss_mb(resource.RUSAGE_SELF),
            "rss_workers_mb": [_rss_mb(resource.RUSAGE_CHILDREN)]}


def child(kind: str, n: int, procs: int) -> None:
    paths = sample(n)
    runner = {"pipeline": run_pipeline, "spacy": run_spacy, "spark": run_spark}[kind]
    print(json.dumps(runner(paths, procs)))


def measure(kind: str, n: int, procs: int) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, __file__, "--child", kind, "--n", str(n), "--jobs", str(procs)],
                          capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"{kind} x{procs} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def show(label: str, m: dict[str, Any]) -> float:
    rate = m["articles"] / m["seconds"]
    steady = (m["articles"] - m["first_batch"]) / m["steady_seconds"] if m["steady_seconds"] else rate
    workers = ", ".join(f"{x:.0f}" for x in m["rss_workers_mb"]) or "-"
    print(f"{label:22s} {rate:6.2f} articles/s  ({m['seconds']:6.1f} s; steady {steady:5.2f}/s)  "
          f"peak RSS parent {m['rss_parent_mb']:.0f} MB, workers {workers} MB")
    return rate


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--spark", action="store_true", help="also the Spark job on local[max jobs]")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not BBC.is_dir():
        print(f"skip: {BBC} not found (../shared is not beside the repository)")
        return
    if args.child:
        child(args.child, args.n, args.jobs[0])
        return
    print(f"{args.n} BBC articles, {len(args.jobs)} process counts, each run in a fresh interpreter")
    pipe: dict[int, float] = {}
    digests = set()
    for j in args.jobs:
        m = measure("pipeline", args.n, j)
        pipe[j] = show(f"pipeline --jobs {j}", m)
        digests.add(m["digest"])
        stages = ", ".join(f"{k} {v:.1f}" for k, v in m["stage_seconds"].items())
        print(f"{'':22s} stage seconds (all processes): {stages}; events {m['events']}")
        spacy = show(f"bare nlp.pipe x{j}", measure("spacy", args.n, j))
        print(f"{'':22s} pipeline / bare spaCy x{j}: {pipe[j] / spacy:.2f}")
    base = args.jobs[0]
    for j in args.jobs[1:]:
        print(f"speed-up --jobs {j} / --jobs {base}: {pipe[j] / pipe[base]:.2f}")
    print(f"identical records across --jobs: {'yes' if len(digests) == 1 else 'NO'}")
    if args.spark:
        j = max(args.jobs)
        m = measure("spark", args.n, j)
        rate = show(f"spark local[{j}]", m)
        print(f"{'':22s} spark / --jobs {j}: {rate / pipe[j]:.2f}; events {m['events']}")


if __name__ == "__main__":
    main()
