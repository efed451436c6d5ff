"""Quote attribution on PolNeAR (brat standoff): content-span F1 and source accuracy, direct vs indirect.

    PYTHONPATH=src python benchmarks/polnear.py [--split dev|train] [--limit N] [--misses]

Data: ../shared/eval/polnear/<split>/text/<name>.txt and attributions/<name>_<annotator>.ann with
Source, Cue and Content text-bound annotations tied by Attribution events. Files annotated by several
annotators are scored against one of them, chosen the same way every time (the smallest annotator id).

Matching: a predicted quote matches a gold attribution when their content spans overlap by at least
half of the longer of the two (one-to-one, best overlap first). A gold attribution is *direct* when
quotation marks cover at least half of its content, else *indirect*; predicted quotes are classed by
the same rule, so the per-class precision compares like with like. Source accuracy: share of matched
pairs whose predicted speaker phrase (or any mention of the predicted speaker actor) overlaps the gold
Source span; a gold attribution without a source is skipped for source accuracy. Two annotation
conventions are read as meant: a relative pronoun as Source ("the senator, who said ...") stands for
its antecedent, so a predicted phrase or mention ending right before the pronoun (only spaces, a comma
or a dash between) finds it (counted apart as `source_via_relative`); and a Source/Cue pair whose labels
were swapped ("..., said Hester" with Source "said", Cue "Hester": the source's text is a cue of other
attributions in the file, the cue's text of none) is read the right way round.

The stages run directly on the text files (nlp + actors + quotes): no cleaning, so offsets agree.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "eval" / "polnear"
Spans = tuple[tuple[int, int], ...]


@dataclass
class Attribution:
    content: Spans
    source: Spans = ()
    cue: Spans = ()


@dataclass
class Pred:
    content: Spans
    source: Spans = ()
    kind: str = "direct"


@dataclass
class Tally:
    gold: int = 0
    pred: int = 0
    matched: int = 0
    with_source: int = 0
    source_ok: int = 0
    source_relative: int = 0  # source_ok through the antecedent of a relative pronoun

    def report(self) -> dict[str, float | int]:
        p = self.matched / self.pred if self.pred else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        acc = self.source_ok / self.with_source if self.with_source else 0.0
        return {"gold": self.gold, "pred": self.pred, "precision": round(p, 3), "recall": round(r, 3),
                "f1": round(f, 3), "source_acc": round(acc, 3), "source_n": self.with_source,
                "source_via_relative": self.source_relative}


# --- gold ----------------------------------------------------------------------------------------


def _spans(field_: str) -> Spans:
    return tuple((int(a), int(b)) for a, b in (part.split() for part in field_.split(";")))


def parse_ann(path: Path) -> list[Attribution]:
    """Attributions of one brat file (events tying Content, Source and Cue text-bound annotations)."""
    tb: dict[str, Spans] = {}
    words: dict[str, str] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        # an annotated text with a line break spills onto lines of its own: only "T<n>\t" and "E<n>\t" count
        if re.match(r"T\d+\t", line):
            tid, rest, *said = line.split("\t", 2)
            kind, _, offs = rest.partition(" ")
            tb[tid] = _spans(offs)
            words[tid] = said[0].strip().lower() if said else ""
        elif re.match(r"E\d+\t", line):
            args = line.split("\t")[1].split()
            events.append(dict(a.split(":", 1) for a in args))
    cue_words = Counter(words[ev["Cue"]] for ev in events if ev.get("Cue") in words)
    out = []
    for ev in events:
        if "Content" not in ev or ev["Content"] not in tb:
            continue
        source, cue = ev.get("Source", ""), ev.get("Cue", "")
        if source in words and cue in words and cue_words[words[source]] and cue_words[words[cue]] == 1:
            # labels swapped ("..., said Hester": Source "said", Cue "Hester"): the source's text is a cue of
            # other attributions in the file, the cue's text is no other attribution's cue
            source, cue = cue, source
        out.append(Attribution(tb[ev["Content"]], tb.get(source, ()), tb.get(cue, ())))
    return out


def gold_files(split: str) -> dict[str, Path]:
    """One annotation file per text: the smallest annotator id when several annotated it."""
    chosen: dict[str, Path] = {}
    for p in sorted((POLNEAR / split / "attributions").glob("*.ann")):
        name = re.sub(r"_[0-9a-f]{4}$", "", p.stem)
        chosen.setdefault(name, p)
    return chosen


def load(split: str, limit: int | None = None) -> list[tuple[str, str, list[Attribution]]]:
    docs = []
    for name, ann in sorted(gold_files(split).items())[:limit]:
        text = (POLNEAR / split / "text" / f"{name}.txt").read_text(encoding="utf-8")
        docs.append((name, text, parse_ann(ann)))
    return docs


# --- wirescope -------------------------------------------------------------------------------------


def parse_texts(texts: list[str], model: str | None = None) -> list[Any]:
    from wirescope.stages.nlp import load_model

    return list(load_model(model).pipe(texts, batch_size=16))


def wirescope_docs(names: list[str], texts: list[str], parsed: list[Any]) -> list[Any]:

    from wirescope.model import Article, Document, Page

    return [Document(page=Page(n, t), article=Article(id=n, path=n, text=t), nlp=d)
            for n, t, d in zip(names, texts, parsed, strict=True)]


def wirescope_predict(documents: list[Any]) -> tuple[list[list[Pred]], tuple[float, float]]:
    """Predictions per document and the seconds (wall, CPU) spent in the actors and quotes stages."""
    from dataclasses import replace

    from wirescope.kb.actors import load_kb
    from wirescope.stages.actors import actor_lookup, extract_actors
    from wirescope.stages.quotes import extract_quotes

    kb = load_kb()
    if documents:  # one-time loads (name tables, cue lists, gazetteers) are not a per-article cost
        warm = replace(documents[0], actors=extract_actors(documents[0], kb))
        extract_quotes(warm, actor_lookup(warm))
    out, t0, c0 = [], time.perf_counter(), time.process_time()
    for d in documents:
        d = replace(d, actors=extract_actors(d, kb))
        lookup = actor_lookup(d)
        preds = []
        for f in extract_quotes(d, lookup):
            if f.speaker is None and f.speaker_span is None:
                continue  # a scare quote, not an attribution
            src: list[tuple[int, int]] = [f.speaker_span] if f.speaker_span else []
            actor = lookup.actor(f.speaker.actor_id) if f.speaker else None
            if actor is not None:
                src += list(actor.mentions)
            preds.append(Pred(((f.span[0], f.span[1]),), tuple(src), f.kind))
        out.append(preds)
    return out, (time.perf_counter() - t0, time.process_time() - c0)


# --- scoring -------------------------------------------------------------------------------------


def _length(spans: Spans) -> int:
    return sum(b - a for a, b in spans)


def _inter(x: Spans, y: Spans) -> int:
    return sum(max(0, min(b, d) - max(a, c)) for a, b in x for c, d in y)


def overlap_ok(gold: Spans, pred: Spans) -> bool:
    return _inter(gold, pred) >= 0.5 * max(_length(gold), _length(pred), 1)


QUOTE_CHARS = re.compile(r"[\u201c\u201d\"\u2018\u2019']")


def quoted_share(text: str, spans: Spans, marks: list[tuple[int, int]]) -> float:
    inside = sum(max(0, min(b, d) - max(a, c)) for a, b in spans for c, d in marks)
    return inside / max(1, _length(spans))


def kind_of(text: str, spans: Spans, marks: list[tuple[int, int]]) -> str:
    return "direct" if quoted_share(text, spans, marks) >= 0.5 else "indirect"


RELATIVE = ("who", "whom", "which", "that")
BETWEEN_ANTECEDENT = re.compile(r"[\s,\u2014\u2013-]*")  # "the senator, who", "Clinton \u2014 who"


def source_match(text: str, gold: Spans, pred: Spans) -> tuple[bool, bool]:
    """Whether the predicted source phrases/mentions find the gold Source, and whether through the
    antecedent of a relative pronoun: PolNeAR marks "who" in "the senator, who said ..." as the source;
    a record names the senator, so a predicted phrase ending right before the pronoun (spaces, a comma
    or a dash between) counts as that source."""
    if _inter(gold, pred) > 0:
        return True, False
    if len(gold) != 1 or text[gold[0][0]:gold[0][1]].strip().lower() not in RELATIVE:
        return False, False
    start = gold[0][0]
    ok = any(b <= start and BETWEEN_ANTECEDENT.fullmatch(text, b, start) for _, b in pred)
    return ok, ok


def match(gold: list[Attribution], preds: list[Pred]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index), best overlap first."""
    cands = [(-_inter(g.content, p.content), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(preds)
             if overlap_ok(g.content, p.content)]
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, gi, pi in sorted(cands):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


@dataclass
class Scores:
    by_kind: dict[str, Tally] = field(default_factory=lambda: {"direct": Tally(), "indirect": Tally(), "all": Tally()})

    def add(self, text: str, gold: list[Attribution], preds: list[Pred]) -> list[str]:
        from wirescope.stages.quotemarks import find_quotes

        marks = [(m.start, m.end) for m in find_quotes(text)]
        gk = [kind_of(text, g.content, marks) for g in gold]
        pk = [kind_of(text, p.content, marks) for p in preds]
        for k in gk:
            self.by_kind[k].gold += 1
            self.by_kind["all"].gold += 1
        for k in pk:
            self.by_kind[k].pred += 1
            self.by_kind["all"].pred += 1
        misses = []
        pairs = match(gold, preds)
        for gi, pi in pairs:
            ok, relative = source_match(text, gold[gi].source, preds[pi].source)
            for k in (gk[gi], "all"):
                t = self.by_kind[k]
                t.matched += 1 if k == "all" or pk[pi] == gk[gi] else 0
                if gold[gi].source:
                    t.with_source += 1
                    t.source_ok += ok
                    t.source_relative += relative
            if gold[gi].source and not ok:
                misses.append(f"source: {_t(text, gold[gi].source)!r} got {_t(text, preds[pi].source[:1])!r}"
                              f" for {_t(text, gold[gi].content)[:70]!r}")
        seen = {gi for gi, _ in pairs}
        misses += [f"missed {gk[i]}: {_t(text, g.content)[:90]!r}" for i, g in enumerate(gold) if i not in seen]
        return misses


def _t(text: str, spans: Iterable[tuple[int, int]]) -> str:
    return " ".join(text[a:b] for a, b in spans).replace("\n", " ")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="dev", choices=("dev", "train"))
    ap.add_argument("--limit", type=int)
    ap.add_argument("--misses", action="store_true", help="print missed attributions and wrong sources")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--model", help="a spaCy package name or model directory (default: the small English model)")
    args = ap.parse_args(argv)
    if not POLNEAR.exists():
        print(f"PolNeAR not found at {POLNEAR}; skipping", file=sys.stderr)
        return 0
    data = load(args.split, args.limit)
    names, texts = [n for n, _, _ in data], [t for _, t, _ in data]
    from wirescope.stages.nlp import load_model

    load_model(args.model)  # both passes are timed after their one-time loads
    t0, c0 = time.perf_counter(), time.process_time()
    parsed = parse_texts(texts, args.model)
    t_nlp, c_nlp = time.perf_counter() - t0, time.process_time() - c0
    preds, (t_ws, c_ws) = wirescope_predict(wirescope_docs(names, texts, parsed))
    scores = Scores()
    for (name, text, gold), p in zip(data, preds, strict=True):
        for m in scores.add(text, gold, p):
            if args.misses:
                print(f"  {name}: {m}")
    result = {k: t.report() for k, t in scores.by_kind.items()}
    result["docs"] = len(data)
    # CPU seconds too: on a loaded machine wall time stretches the two passes unevenly
    result["seconds"] = {"spacy": round(t_nlp, 2), "actors+quotes": round(t_ws, 2),
                         "share_of_spacy": round(t_ws / t_nlp, 3) if t_nlp else None,
                         "cpu_spacy": round(c_nlp, 2), "cpu_actors+quotes": round(c_ws, 2),
                         "cpu_share_of_spacy": round(c_ws / c_nlp, 3) if c_nlp else None}
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print(f"PolNeAR {args.split}: {len(data)} documents")
        for k in ("direct", "indirect", "all"):
            r = result[k]
            print(f"  {k:8s} gold={r['gold']:5d} pred={r['pred']:5d} P={r['precision']:.3f} R={r['recall']:.3f} "
                  f"F1={r['f1']:.3f}  source_acc={r['source_acc']:.3f} (n={r['source_n']}, "
                  f"{r['source_via_relative']} via a relative pronoun's antecedent)")
        s = result["seconds"]
        print(f"  time: spaCy {s['spacy']}s, actors+quotes {s['actors+quotes']}s ({s['share_of_spacy']:.1%} of spaCy); "
              f"CPU {s['cpu_spacy']}s, {s['cpu_actors+quotes']}s ({s['cpu_share_of_spacy']:.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
