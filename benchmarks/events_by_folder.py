"""Events per article for every folder of the BBC corpus (sport, arts and tech should have none).

    PYTHONPATH=src .venv/bin/python benchmarks/events_by_folder.py [CORPUS_DIR] [--limit N] [--only FOLDER]
        [--jobs N] [--dump EVENTS.tsv]

Default corpus: ../shared/corpus/bbc (one sub-folder per section). Prints, per folder, the articles run,
the events coded, events per article, the share of articles the events stage skipped as non-political
and the most frequent event types; the target for sport is at most 0.05 events per article. `--dump`
writes every event (folder, file, source, type, target, trigger, sentence) to a TSV for reading.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path
from typing import TextIO

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from wirescope.model import Document, Event, Page  # noqa: E402
from wirescope.pipeline import Pipeline  # noqa: E402

DEFAULT = REPO.parent / "shared" / "corpus" / "bbc"


def event_row(folder: str, doc: Document, event: Event) -> str:
    """One TSV line: where the event is, who did what to whom, and its sentence."""
    text = doc.article.text if doc.article else ""
    sentence = " ".join(text[event.span[0] : event.span[1]].split())
    names = [ref.name if ref else "" for ref in (event.source, event.target)]
    return "\t".join([folder, Path(doc.page.path).name, names[0], event.type, names[1], event.trigger or "",
                      sentence])


def folder_rate(pipeline: Pipeline, folder: Path, limit: int | None, dump: TextIO | None
                ) -> tuple[int, int, int, Counter[str]]:
    files = sorted(folder.glob("*.txt"))[:limit]
    pages = [Page(str(f), f.read_text(encoding="utf-8", errors="replace")) for f in files]
    events, skipped, types = 0, 0, Counter[str]()
    for doc in pipeline.run(pages):
        if not isinstance(doc, Document):
            continue
        events += len(doc.events)
        if dump is not None:
            dump.writelines(event_row(folder.name, doc, e) + "\n" for e in doc.events)
        skipped += any(s.startswith("events:") and "story" in s for s in doc.skipped)
        types.update(e.type for e in doc.events)
    return len(pages), events, skipped, types


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="events per article, per corpus folder")
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=None, help="articles per folder")
    parser.add_argument("--only", default=None, help="one folder")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes for the parse and later stages")
    parser.add_argument("--dump", type=Path, default=None, help="write every event to this TSV")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}")
        return 1
    pipeline = Pipeline(jobs=args.jobs)
    dump = args.dump.open("w", encoding="utf-8") if args.dump else None
    for folder in sorted(p for p in args.corpus.iterdir() if p.is_dir()):
        if args.only and folder.name != args.only:
            continue
        start = time.perf_counter()
        n, events, skipped, types = folder_rate(pipeline, folder, args.limit, dump)
        top = ", ".join(f"{t} {c}" for t, c in types.most_common(4))
        print(f"{folder.name:14} {n:4} articles  {events:5} events  {events / max(n, 1):.3f}/article  "
              f"non-political {skipped / max(n, 1):.0%}  [{top}]  {time.perf_counter() - start:.0f} s", flush=True)
    if dump is not None:
        dump.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
