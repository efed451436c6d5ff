"""textacy's `direct_quotations` against wirescope's quote stage, side by side on PolNeAR documents.

    PYTHONPATH=src python benchmarks/quotes_vs_textacy.py [--split dev] [--limit N]

Both read the same spaCy parses (parsed once, not timed against either). For each system:
  quote recall   share of gold *direct* attributions (PolNeAR content at least half inside quotation
                 marks, see polnear.py) matched by a predicted quote (overlap >= half the longer span)
  speaker acc    share of gold direct attributions with a source that were matched AND whose predicted
                 speaker overlaps the gold Source span (wirescope: the speaker phrase or any mention
                 of the speaker actor; textacy: its speaker tokens)
  crashes        documents on which the extractor raised
  docs/s         documents per second of the extractor alone (wirescope: actors + quotes stages)
textacy is not a wirescope dependency: `pip install textacy` to run this.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import polnear  # noqa: E402
from polnear import Attribution, Pred, Spans  # noqa: E402


def textacy_predict(parsed: list[Any]) -> tuple[list[list[Pred]], int, float]:
    from textacy.extract.triples import direct_quotations

    out: list[list[Pred]] = []
    crashes = 0
    t0 = time.perf_counter()
    for doc in parsed:
        preds: list[Pred] = []
        try:
            for q in direct_quotations(doc):
                content = ((q.content.start_char, q.content.end_char),)
                source = tuple((t.idx, t.idx + len(t.text)) for t in q.speaker)
                preds.append(Pred(content, source, "direct"))
        except Exception:  # noqa: BLE001  counting crashes is the point
            crashes += 1
        out.append(preds)
    return out, crashes, time.perf_counter() - t0


def wirescope_predict(names: list[str], texts: list[str], parsed: list[Any]) -> tuple[list[list[Pred]], int, float]:
    """Like polnear.wirescope_predict, but counting a failing document as a crash."""
    docs = polnear.wirescope_docs(names, texts, parsed)
    out: list[list[Pred]] = []
    crashes, seconds = 0, 0.0
    for d in docs:
        try:
            preds, sec = polnear.wirescope_predict([d])
            out.append(preds[0])
            seconds += sec[0]  # wall seconds
        except Exception:  # noqa: BLE001
            crashes += 1
            out.append([])
    return out, crashes, seconds


def score_direct(texts: list[str], golds: list[list[Attribution]], preds: list[list[Pred]]) -> dict[str, float]:
    from wirescope.stages.quotemarks import find_quotes

    n_gold = n_found = n_src = n_src_ok = 0
    for text, gold, pred in zip(texts, golds, preds, strict=True):
        marks = [(m.start, m.end) for m in find_quotes(text)]
        direct = [g for g in gold if polnear.kind_of(text, g.content, marks) == "direct"]
        pairs = dict(polnear.match(direct, pred))
        n_gold += len(direct)
        n_found += len(pairs)
        for gi, g in enumerate(direct):
            if not g.source:
                continue
            n_src += 1
            pi = pairs.get(gi)
            if pi is not None and _overlaps(g.source, pred[pi].source):
                n_src_ok += 1
    return {"gold_direct": n_gold, "quote_recall": n_found / max(1, n_gold),
            "speaker_acc": n_src_ok / max(1, n_src), "with_source": n_src}


def _overlaps(a: Spans, b: Spans) -> bool:
    return any(min(y, d) > max(x, c) for x, y in a for c, d in b)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="dev", choices=("dev", "train"))
    ap.add_argument("--limit", type=int)
    args = ap.parse_args(argv)
    if not polnear.POLNEAR.exists():
        print("PolNeAR not found; skipping", file=sys.stderr)
        return 0
    data = polnear.load(args.split, args.limit)
    names, texts, golds = [d[0] for d in data], [d[1] for d in data], [d[2] for d in data]
    t0 = time.perf_counter()
    parsed = polnear.parse_texts(texts)
    t_nlp = time.perf_counter() - t0
    rows = []
    try:
        tx, tx_crash, tx_sec = textacy_predict(parsed)
        rows.append(("textacy direct_quotations", score_direct(texts, golds, tx), tx_crash, tx_sec))
    except ImportError:
        print("textacy is not installed (pip install textacy); showing wirescope only", file=sys.stderr)
    ws, ws_crash, ws_sec = wirescope_predict(names, texts, parsed)
    rows.append(("wirescope quotes", score_direct(texts, golds, ws), ws_crash, ws_sec))
    print(f"PolNeAR {args.split}: {len(data)} documents, {rows[0][1]['gold_direct']} gold direct quotes "
          f"({rows[0][1]['with_source']} with a source); spaCy parse {len(data) / t_nlp:.1f} docs/s")
    print(f"  {'system':28s} {'speaker_acc':>11s} {'quote_recall':>12s} {'crashes':>8s} {'docs/s':>8s}")
    for name, sc, crashes, sec in rows:
        print(f"  {name:28s} {sc['speaker_acc']:11.3f} {sc['quote_recall']:12.3f} {crashes:8d} "
              f"{len(data) / sec if sec else float('inf'):8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
