"""Events per article for every folder of the BBC corpus (sport, arts and tech should have none).

    PYTHONPATH=src .venv/bin/python benchmarks/events_by_folder.py [CORPUS_DIR] [--limit N] [--only FOLDER]

Default corpus: ../shared/corpus/bbc (one sub-folder per section). Prints, per folder, the articles run,
the events coded, events per article, the share of articles the events stage skipped as non-political
and the most frequent event types; the target for sport is at most 0.05 events per article.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from wirescope.model import Document, Page  # noqa: E402
from wirescope.pipeline import Pipeline  # noqa: E402

DEFAULT = REPO.parent / "shared" / "corpus" / "bbc"


def folder_rate(pipeline: Pipeline, folder: Path, limit: int | None) -> tuple[int, int, int, Counter[str]]:
    files = sorted(folder.glob("*.txt"))[:limit]
    pages = [Page(str(f), f.read_text(encoding="utf-8", errors="replace")) for f in files]
    events, skipped, types = 0, 0, Counter[str]()
    for doc in pipeline.run(pages):
        if not isinstance(doc, Document):
            continue
        events += len(doc.events)
        skipped += any(s.startswith("events:") and "story" in s for s in doc.skipped)
        types.update(e.type for e in doc.events)
    return len(pages), events, skipped, types


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="events per article, per corpus folder")
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=None, help="articles per folder")
    parser.add_argument("--only", default=None, help="one folder")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}")
        return 1
    pipeline = Pipeline()
    for folder in sorted(p for p in args.corpus.iterdir() if p.is_dir()):
        if args.only and folder.name != args.only:
            continue
        start = time.perf_counter()
        n, events, skipped, types = folder_rate(pipeline, folder, args.limit)
        top = ", ".join(f"{t} {c}" for t, c in types.most_common(4))
        print(f"{folder.name:14} {n:4} articles  {events:5} events  {events / max(n, 1):.3f}/article  "
              f"non-political {skipped / max(n, 1):.0%}  [{top}]  {time.perf_counter() - start:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
