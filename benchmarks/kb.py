"""KB benchmark: time to load the built-in KB (Phoenix persons/organisations + hand-written data) and
the cost of one lookup per mention, the way the actor stage asks (`kb.match` on gazetteer windows,
`kb.person(name, date=...)` on names).

    PYTHONPATH=src python benchmarks/kb.py
"""

from __future__ import annotations

import gzip
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PHOENIX = ROOT / "src" / "wirescope" / "kb" / "data" / "phoenix"

NAMES = ["Tony Blair", "George Bush", "Gordon Brown", "Jack Straw", "Michael Howard", "Charles Kennedy",
         "Kofi Annan", "Ariel Sharon", "Vladimir Putin", "Jacques Chirac", "Gerhard Schroeder", "John Howard",
         "Mahmoud Abbas", "Hamid Karzai", "Condoleezza Rice", "Unknown Person", "Blair", "Mr Smith"]
SURFACES = ["Hezbollah", "the United Nations", "FARC", "Oxfam", "Labour", "said", "the", "Washington",
            "European Union", "Revolutionary Armed Forces of Colombia", "Downing Street", "police"]


def main() -> None:
    t0 = time.perf_counter()
    from wirescope.kb.actors import builtin_kb

    kb = builtin_kb()
    load = time.perf_counter() - t0
    size = sum(p.stat().st_size for p in PHOENIX.iterdir())
    raw = sum(len(gzip.decompress(p.read_bytes())) if p.suffix == ".gz" else p.stat().st_size
              for p in PHOENIX.iterdir())
    print(f"KB load: {load:.3f} s  ({len(kb.by_fold)} surface forms, {len(kb.by_id)} persons, "
          f"{len(kb.agents)} agent words)")
    print(f"Phoenix data: {size / 1e6:.2f} MB committed ({raw / 1e6:.2f} MB uncompressed)")
    n = 20_000
    t0 = time.perf_counter()
    for i in range(n):
        kb.person(NAMES[i % len(NAMES)], date="2004-05-01")
    per_person = (time.perf_counter() - t0) / n
    t0 = time.perf_counter()
    for i in range(n):
        kb.match(SURFACES[i % len(SURFACES)])
    per_match = (time.perf_counter() - t0) / n
    print(f"kb.person(name, date): {per_person * 1e6:.1f} us per mention")
    print(f"kb.match(surface): {per_match * 1e6:.2f} us per window")
    share_of_pipeline(kb)


BBC = ROOT.parent / "shared" / "corpus" / "bbc" / "politics"
KB_CALLS = ("match", "person", "people", "resolve", "role", "agent", "gender", "country_of")


def share_of_pipeline(kb: object, n: int = 60) -> None:
    """Time spent inside KB calls while the actors stage runs over n BBC articles, against the spaCy
    pass over the same articles (the pipeline takes longer than that, so the share of it is smaller)."""
    from dataclasses import replace

    from wirescope.model import Article, Document, Page
    from wirescope.stages.actors import extract_actors
    from wirescope.stages.nlp import load_model

    if not BBC.exists():
        print("skip: ../shared/corpus/bbc not found")
        return
    texts = [p.read_text(encoding="utf-8") for p in sorted(BBC.glob("*.txt"))[:n]]
    nlp = load_model()
    t0 = time.perf_counter()
    parsed = list(nlp.pipe(texts))
    spacy_s = time.perf_counter() - t0
    spent = [0.0]
    for name in KB_CALLS:
        fn = getattr(kb, name)

        def timed(*a: object, _fn: object = fn, **k: object) -> object:
            t = time.perf_counter()
            try:
                return _fn(*a, **k)  # type: ignore[operator]
            finally:
                spent[0] += time.perf_counter() - t
        setattr(kb, name, timed)
    t0 = time.perf_counter()
    for text, parse in zip(texts, parsed, strict=True):
        doc = Document(Page("x.txt", text), Article(id="x", path="x.txt", text=text), nlp=parse)
        extract_actors(replace(doc), kb)  # type: ignore[arg-type]
    actors_s = time.perf_counter() - t0
    for name in KB_CALLS:
        delattr(kb, name)
    print(f"{n} BBC articles: spaCy {spacy_s:.1f} s, actors stage {actors_s:.2f} s, of which KB calls "
          f"{spent[0]:.2f} s = {spent[0] / spacy_s:.1%} of the spaCy pass (less of the whole pipeline)")


if __name__ == "__main__":
    main()
