"""Speed of dyad event coding (`code_dyads`) in one thread (one core; BLAS/OpenMP threads set to 1).

    PYTHONPATH=src .venv/bin/python benchmarks/events.py [FILE.tsv] [--limit N]

Default input: ../shared/eval/plover/PLV_train.tsv (sentence, source, target columns). Prints
sentences/s end to end (TSV in, TSV out, spaCy parse included), and the split between the spaCy
parse and the event-coding step on top of it (features + linear model).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import csv  # noqa: E402
import io  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from wirescope.dyads import code_dyads  # noqa: E402
from wirescope.stages import dyad_classifier as dc  # noqa: E402

DEFAULT = REPO.parent / "shared" / "eval" / "plover" / "PLV_train.tsv"


def load_tsv(path: Path, limit: int | None) -> str:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(lines[: (limit + 1) if limit else None])


def time_code_dyads(text: str, classifier: dc.DyadClassifier) -> tuple[int, float, float]:
    """Rows coded, wall seconds, CPU seconds (CPU time is what a dedicated core would need)."""
    start, cpu = time.perf_counter(), time.process_time()
    n = code_dyads(io.StringIO(text), io.StringIO(), classifier=classifier)
    return n, time.perf_counter() - start, time.process_time() - cpu


def time_split(rows: list[tuple[str, str, str]], classifier: dc.DyadClassifier) -> tuple[float, float]:
    start = time.perf_counter()
    docs = list(dc.parse_many(r[0] for r in rows))
    parsed = time.perf_counter()
    for doc, row in zip(docs, rows, strict=True):
        classifier.classify(dc.doc_features(doc, row[1], row[2]))
    return parsed - start, time.perf_counter() - parsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="dyad coding speed")
    parser.add_argument("tsv", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    if not args.tsv.exists():
        print(f"no input at {args.tsv}; pass a TSV with sentence, source, target columns")
        return 1
    text = load_tsv(args.tsv, args.limit)
    classifier = dc.DyadClassifier.load()
    time_code_dyads("sentence\tsource\ttarget\nA met B.\tA\tB\n", classifier)  # warm-up: load spaCy
    n, seconds, cpu = time_code_dyads(text, classifier)
    print(f"code_dyads: {n} sentences in {seconds:.2f} s wall = {n / seconds:.0f} sentences/s; "
          f"{cpu:.2f} s CPU = {n / cpu:.0f} sentences/s per core (one thread)")
    reader = csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE, quotechar=None)
    rows = [(r["sentence"], r["source"], r["target"]) for r in reader]
    parse_s, code_s = time_split(rows, classifier)
    share = code_s / (parse_s + code_s)
    print(f"spaCy parse: {parse_s:.2f} s ({len(rows) / parse_s:.0f}/s); event coding on top: {code_s:.2f} s "
          f"({len(rows) / code_s:.0f}/s) = {share:.1%} of the total")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
