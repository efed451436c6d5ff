"""Ingest throughput: reading + cleaning + dedup (no spaCy), in documents per second on one core.

    .venv/bin/python benchmarks/ingest.py [--corpus bbc|html|all] [--repeat 1] [--tracemalloc]

Corpora (beside the repository, skipped when absent):
- bbc:  ../shared/corpus/bbc/ (2,095 plain-text articles), target >= 200 docs/s;
- html: ../shared/eval/article-extraction-benchmark/html/*.html.gz (181 pages, trafilatura extraction).

Each corpus runs in its own child process pinned to one CPU, so the peak memory (max RSS) is its own.
Printed: documents, wall and CPU seconds, docs/s (by wall time and by CPU time: the machine may be shared),
peak RSS, the Python heap peak with --tracemalloc (which slows the run down), and the time per stage.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPORA = {
    "bbc": (SHARED / "corpus" / "bbc", "*.txt"),
    "html": (SHARED / "eval" / "article-extraction-benchmark" / "html", "*.html.gz"),
}
STAGES = ("boilerplate", "clean", "meta", "quality", "dedup")


def measure(name: str, use_tracemalloc: bool) -> dict[str, Any]:
    """Run the pipeline over one corpus in this process; the figures as a dict."""
    from wirescope.config import Config
    from wirescope.ingest import iter_pages
    from wirescope.model import Document
    from wirescope.pipeline import Pipeline
    from wirescope.registry import READERS

    folder, pattern = CORPORA[name]
    paths = sorted(str(p) for p in folder.rglob(pattern))
    if name == "html" and ".html" not in READERS:
        return {"corpus": name, "skipped": "no HTML reader registered (ingest/html.py)"}
    list(Pipeline(Config(stages=STAGES)).run(iter_pages(paths[:5])))  # imports and lazy models load before the clock starts
    pipeline = Pipeline(Config(stages=STAGES), clock=time.process_time)
    per_stage = pipeline.stage_seconds
    if use_tracemalloc:
        import tracemalloc

        tracemalloc.start()
    rss_before = _max_rss_mb()
    wall, cpu = time.perf_counter(), time.process_time()
    n_docs, n_rejected, clusters = 0, 0, set()
    for r in pipeline.run(iter_pages(paths)):  # streamed: records are not kept, as a store would not
        if isinstance(r, Document) and r.article:
            n_docs += 1
            clusters.add(r.article.cluster)
        else:
            n_rejected += 1
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    out = {
        "corpus": name, "inputs": len(paths), "documents": n_docs, "rejected": n_rejected,
        "wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "docs_per_s_wall": round(len(paths) / max(wall, 1e-9), 1),
        "docs_per_s_cpu": round(len(paths) / max(cpu, 1e-9), 1), "peak_rss_mb": round(_max_rss_mb(), 1),
        "rss_before_mb": round(rss_before, 1), "clusters": len(clusters),
        "stage_ms_per_doc": {k: round(1000 * v / max(1, len(paths)), 3) for k, v in per_stage.items()},
    }
    if use_tracemalloc:
        out["python_heap_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
    return out


def _max_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(name: str, use_tracemalloc: bool) -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    print(json.dumps(measure(name, use_tracemalloc)))


def report(figures: dict[str, Any]) -> None:
    if "skipped" in figures:
        print(f"{figures['corpus']}: skipped ({figures['skipped']})")
        return
    print(f"{figures['corpus']}: {figures['documents']}/{figures['inputs']} documents "
          f"({figures['rejected']} rejected), {figures['clusters']} clusters")
    print(f"  {figures['docs_per_s_wall']} docs/s wall ({figures['wall_s']} s), "
          f"{figures['docs_per_s_cpu']} docs/s CPU ({figures['cpu_s']} s), peak RSS {figures['peak_rss_mb']} MB "
          f"({figures['rss_before_mb']} MB before the run)"
          + (f", Python heap peak {figures['python_heap_peak_mb']} MB" if "python_heap_peak_mb" in figures else ""))
    stages = figures["stage_ms_per_doc"]
    read = 1000 * figures["cpu_s"] / max(1, figures["inputs"]) - sum(stages.values())
    print("  ms/doc (CPU): read " + f"{read:.2f}, " + ", ".join(f"{k} {v:.2f}" for k, v in stages.items()))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", choices=[*CORPORA, "all"], default="all")
    ap.add_argument("--repeat", type=int, default=1, help="runs per corpus (the best is printed)")
    ap.add_argument("--tracemalloc", action="store_true", help="also measure the Python heap peak (slower)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.tracemalloc)
        return 0
    for name in CORPORA if args.corpus == "all" else [args.corpus]:
        folder, _ = CORPORA[name]
        if not folder.is_dir():
            print(f"{name}: skipped ({folder} not found)")
            continue
        runs = [_run_child(name, args.tracemalloc) for _ in range(args.repeat)]
        best = max(runs, key=lambda r: r.get("docs_per_s_cpu", 0))
        report(best)
    return 0


def _run_child(name: str, use_tracemalloc: bool) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", name] + (["--tracemalloc"] if use_tracemalloc else [])
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


if __name__ == "__main__":
    sys.exit(main())
