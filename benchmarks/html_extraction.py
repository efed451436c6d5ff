"""HTML article extraction: wirescope's `extract_html` against trafilatura's default `extract()`.

Data: ../shared/eval/article-extraction-benchmark/ (181 pages `html/<id>.html.gz`, gold bodies in
`ground-truth.json` {id: {articleBody, url}}). Score: word-4-gram shingle F1 per page, averaged.

    PYTHONPATH=src .venv/bin/python benchmarks/html_extraction.py [--data DIR] [--limit N] [--check]

`--check` exits 1 when wirescope's mean F1 is below trafilatura's default.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/eval/article-extraction-benchmark"
_WORD = re.compile(r"\w+")

Shingle = tuple[str, ...]


def shingles(text: str | None, n: int = 4) -> set[Shingle]:
    """Lowercased word n-grams; a text shorter than n words is one shingle of all its words."""
    words = _WORD.findall((text or "").lower())
    if len(words) < n:
        return {tuple(words)} if words else set()
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def shingle_prf(predicted: str | None, gold: str | None, n: int = 4) -> tuple[float, float, float]:
    """Precision, recall, F1 of predicted shingles against gold shingles.

    Both empty is a perfect answer (nothing to find, nothing found); one side empty scores 0.
    """
    p, g = shingles(predicted, n), shingles(gold, n)
    if not p and not g:
        return 1.0, 1.0, 1.0
    common = len(p & g)
    if not common:
        return 0.0, 0.0, 0.0
    precision, recall = common / len(p), common / len(g)
    return precision, recall, 2 * precision * recall / (precision + recall)


@dataclass(frozen=True)
class Case:
    id: str
    url: str
    html: str
    gold: str


def load_cases(data: Path, limit: int | None = None) -> Iterator[Case]:
    from wirescope.ingest.html import decode_html

    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    for i, (key, entry) in enumerate(sorted(truth.items())):
        if limit is not None and i >= limit:
            return
        raw = gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes())
        # Both extractors get the same decoded string, so only extraction is compared.
        yield Case(key, entry.get("url", ""), decode_html(raw), entry.get("articleBody", ""))


def trafilatura_default(case: Case) -> str | None:
    import trafilatura

    return trafilatura.extract(case.html, url=case.url)


def wirescope_extract(case: Case) -> str | None:
    from wirescope.errors import InputError
    from wirescope.stages.html import extract_html

    try:
        return extract_html(case.html, case.url).text
    except InputError:
        return None  # scored as an empty answer


def score(cases: list[Case], extractor: Callable[[Case], str | None]) -> tuple[list[float], float]:
    """Per-page F1 and docs/s of one extractor."""
    start = time.perf_counter()
    outputs = [extractor(c) for c in cases]
    elapsed = time.perf_counter() - start
    return [shingle_prf(o, c.gold)[2] for o, c in zip(outputs, cases, strict=True)], len(cases) / elapsed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--check", action="store_true", help="exit 1 if wirescope < trafilatura default")
    ap.add_argument("--worst", type=int, default=0, help="list the N pages wirescope scores worst on")
    args = ap.parse_args(argv)
    if not (args.data / "ground-truth.json").is_file():
        print(f"skipped: no benchmark data at {args.data}")
        return 0
    logging.disable(logging.WARNING)  # trafilatura logs every discarded page
    cases = list(load_cases(args.data, args.limit))
    base, base_rate = score(cases, trafilatura_default)
    ours, our_rate = score(cases, wirescope_extract)
    base_mean, our_mean = sum(base) / len(base), sum(ours) / len(ours)
    print(f"pages: {len(cases)}")
    print(f"trafilatura extract() default  mean F1 {base_mean:.4f}  {base_rate:6.1f} docs/s")
    print(f"wirescope extract_html         mean F1 {our_mean:.4f}  {our_rate:6.1f} docs/s")
    print(f"ratio wirescope/trafilatura    {our_mean / base_mean:.4f}")
    for i in sorted(range(len(cases)), key=lambda i: ours[i])[:args.worst]:
        print(f"  {ours[i]:.3f} (default {base[i]:.3f})  {cases[i].id[:12]}  {cases[i].url}")
    return 1 if args.check and our_mean < base_mean else 0


if __name__ == "__main__":
    sys.exit(main())
