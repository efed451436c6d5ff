"""Republished copies: a corpus of copies generated from the demo corpus is clustered exactly.

From some demo articles the test makes copies the way republishing sites do: the source's boilerplate
swapped for another's, the text cut to its first 60 %, 10-15 % of the words replaced, and all three at
once; each copy is dated a few days after its original. The other demo articles are the unrelated
ones (among them articles on the same topic as a copied story, and the demo's own republished pair
15/16). Every pair of documents must share a cluster exactly when they tell one story, and each copy
must point at its original.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest

from wirescope.config import Config
from wirescope.demo import corpus_dir
from wirescope.ingest import iter_pages
from wirescope.model import Document
from wirescope.pipeline import Context, Pipeline
from wirescope.stages.dedup import DedupIndex, decode, encode, features

GOLD = Path(__file__).resolve().parent / "data" / "demo-gold.json"
STAGES = ("boilerplate", "clean", "meta", "quality", "dedup")
COPIED = ("01", "04", "07", "10", "13", "15", "17")  # 07 has a same-topic twin (06), 15 has 16 and 10
DEMO_PAIR = ("15", "16")  # the demo corpus's own republished copy
_DATE = re.compile(r"\b(?:19|20)\d\d\b")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@dataclass(frozen=True)
class Source:
    """A demo article split into its boilerplate (before and after the article) and its own lines."""

    key: str
    head: list[str]
    lines: list[str]  # headline, dek, byline/date lines, paragraphs
    tail: list[str]
    published: date


def load_sources() -> dict[str, Source]:
    gold = {Path(d["doc"]).name[:2]: d for d in json.loads(GOLD.read_text(encoding="utf-8"))["docs"]}
    out = {}
    for path in sorted(corpus_dir().glob("*.txt")):
        key = path.name[:2]
        raw = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        junk = set(gold[key]["boilerplate"])
        title_at = raw.index(gold[key]["title"])
        body = [ln for ln in raw if ln not in junk]
        out[key] = Source(key, [ln for ln in raw[:title_at] if ln in junk], body,
                          [ln for ln in raw[title_at:] if ln in junk], _published(body))
    return out


def _published(lines: list[str]) -> date:
    from wirescope.stages.meta import find_date

    found = next(d for d in (find_date(ln) for ln in lines[:5] if len(ln.split()) < 15) if d)
    return date.fromisoformat(found)


def _dated(lines: list[str], day: date) -> list[str]:
    """The article's lines with its byline/date lines replaced by one dated `day`."""
    head = [ln for ln in lines[:5] if not (len(ln.split()) < 15 and _DATE.search(ln))]
    return head[:1] + [f"Published {day.isoformat()}"] + head[1:] + lines[5:]


def truncate(lines: list[str], share: float) -> list[str]:
    """The headline and byline lines, then the first `share` of the body's words (cut mid-paragraph)."""
    top, body = lines[:3], lines[3:]
    budget = round(share * sum(len(p.split()) for p in body))
    out = list(top)
    for p in body:
        words = p.split()
        if budget <= 0:
            break
        out.append(" ".join(words[:budget]))
        budget -= len(words)
    return out


def reword(lines: list[str], rate: float, rng: random.Random, vocabulary: list[str]) -> list[str]:
    """Replace `rate` of the words (not the date line) with words of other articles, punctuation kept."""
    out = []
    for ln in lines:
        if ln.startswith("Published "):
            out.append(ln)
            continue
        out.append(_WORD.sub(lambda m: rng.choice(vocabulary) if rng.random() < rate else m.group(), ln))
    return out


def make_corpus(folder: Path, seed: int = 3) -> dict[str, str]:
    """Write originals and copies into `folder` in shuffled order; return file name -> story key."""
    rng = random.Random(seed)
    sources = load_sources()
    vocabulary = [w for s in sources.values() for ln in s.lines for w in _WORD.findall(ln)]
    docs: list[tuple[str, list[str]]] = [(p.name[:2], _lines(p)) for p in sorted(corpus_dir().glob("*.txt"))]
    families = [s for s in sources.values() if s.head or s.tail]
    for key in COPIED:
        src = sources[key]
        other = rng.choice([f for f in families if f.tail != src.tail])
        docs.append((key, other.head + _dated(src.lines, src.published + timedelta(days=1)) + other.tail))
        docs.append((key, src.head + truncate(_dated(src.lines, src.published + timedelta(days=2)), 0.6)
                     + src.tail))
        rate = rng.uniform(0.10, 0.15)
        docs.append((key, src.head + reword(_dated(src.lines, src.published + timedelta(days=1)), rate, rng,
                                            vocabulary) + src.tail))
        rate = rng.uniform(0.10, 0.15)
        mixed = reword(truncate(_dated(src.lines, src.published + timedelta(days=3)), 0.6), rate, rng, vocabulary)
        docs.append((key, other.head + mixed + other.tail))
    order = list(range(len(docs)))
    rng.shuffle(order)
    stories = {}
    for n, i in enumerate(order):
        key, lines = docs[i]
        name = f"{n:03d}.txt"
        (folder / name).write_text("\n\n".join(lines) + "\n", encoding="utf-8")
        stories[name] = DEMO_PAIR[0] if key == DEMO_PAIR[1] else key
    return stories


def run(folder: Path, batch_size: int) -> list[Document]:
    pipeline = Pipeline(Config(stages=STAGES, batch_size=batch_size))
    docs = [d for d in pipeline.run(iter_pages([str(folder)])) if isinstance(d, Document)]
    assert len(docs) == len(list(folder.iterdir()))
    return docs


def pairwise(docs: list[Document], stories: dict[str, str]) -> tuple[float, float, list[str]]:
    """Pairwise precision and recall of the clusters, and the pairs they got wrong."""
    tp = fp = fn = 0
    wrong = []
    for a, b in combinations(docs, 2):
        same = a.article.cluster == b.article.cluster  # type: ignore[union-attr]
        gold = stories[Path(a.page.path).name] == stories[Path(b.page.path).name]
        tp += same and gold
        fp += same and not gold
        fn += gold and not same
        if same != gold:
            wrong.append(f"{'split' if gold else 'merged'} {Path(a.page.path).name} {Path(b.page.path).name}")
    return tp / max(1, tp + fp), tp / max(1, tp + fn), wrong


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("copies")
    return folder, make_corpus(folder)


@pytest.mark.parametrize("batch_size", [64, 5])
def test_every_pair_is_clustered_exactly(copies: tuple[Path, dict[str, str]], batch_size: int) -> None:
    folder, stories = copies
    precision, recall, wrong = pairwise(run(folder, batch_size), stories)
    assert (precision, recall) == (1.0, 1.0), wrong


def test_copies_point_at_the_original(copies: tuple[Path, dict[str, str]]) -> None:
    folder, stories = copies
    docs = run(folder, batch_size=64)
    originals = {}
    for d in docs:
        story, name = stories[Path(d.page.path).name], Path(d.page.path).name
        if d.article.duplicate_of is None:  # type: ignore[union-attr]
            originals[story] = name
    sources = {p.name[:2]: p for p in corpus_dir().glob("*.txt")}
    # An exact copy has its original's id: the id names the record that is not a duplicate.
    by_id = {d.article.id: Path(d.page.path).name for d in docs if d.article.duplicate_of is None}  # type: ignore[union-attr]
    for d in docs:
        a = d.article
        assert a is not None
        story = stories[Path(d.page.path).name]
        original = Path(d.page.path).name if a.duplicate_of is None else by_id[a.duplicate_of]
        assert _lines(folder / original) == _lines(sources[story]), (d.page.path, story)
    assert len(originals) == len(set(stories.values()))


def _lines(path: Path) -> list[str]:
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def test_clusters_carry_over_to_a_later_run(copies: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """`ingest` stores each article's signature and preloads them: a later run finds copies of earlier ones."""
    folder, stories = copies
    names = sorted(stories)
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for i, name in enumerate(names):
        (first if i % 2 else second).joinpath(name).write_text((folder / name).read_text(encoding="utf-8"))
    index = DedupIndex()
    earlier = run_with(first, Context(Config(stages=STAGES), state={"dedup": index}))
    stored = DedupIndex()
    for d in earlier:
        blob, size = index.signature_bytes(d.article.id)  # type: ignore[misc,union-attr]
        stored.add_stored(d.article.id, blob, size, d.article.cluster)  # type: ignore[union-attr]
    later = run_with(second, Context(Config(stages=STAGES), state={"dedup": stored}))
    precision, recall, wrong = pairwise(earlier + later, stories)
    assert (precision, recall) == (1.0, 1.0), wrong


def run_with(folder: Path, context: Context) -> list[Document]:
    pipeline = Pipeline(context.config, context)
    return [d for d in pipeline.run(iter_pages([str(folder)])) if isinstance(d, Document)]


def test_signature_round_trip() -> None:
    from wirescope.model import Article

    article = Article(id="x", path="x", text="one two three four five six seven eight " * 20, publisher="AP",
                      published="2024-03-05")
    f = features(article)
    back = decode(encode(f), f.size)
    assert np.array_equal(back.minhash, f.minhash) and np.array_equal(back.sample, f.sample)
    assert (back.day, back.credited, back.size) == (f.day, f.credited, f.size)


def test_reworded_copies_only_within_the_time_window() -> None:
    """A truncated copy is a copy whenever published; a reworded one only close to its original's date."""
    from dataclasses import replace as dc_replace

    from wirescope.model import Article
    from wirescope.stages.dedup import WINDOW_DAYS, is_copy

    source = load_sources()["07"]
    rng = random.Random(1)
    vocabulary = [w for ln in load_sources()["05"].lines for w in _WORD.findall(ln)]
    original = Article(id="o", path="o", text="\n\n".join(source.lines), published="2023-08-21")
    reworded = dc_replace(original, text="\n\n".join(reword(source.lines, 0.12, rng, vocabulary)))
    truncated = dc_replace(original, text="\n\n".join(truncate(source.lines, 0.6)))
    late = (date(2023, 8, 21) + timedelta(days=WINDOW_DAYS + 300)).isoformat()
    assert is_copy(features(original), features(reworded))[0]
    assert not is_copy(features(original), features(dc_replace(reworded, published=late)))[0]
    assert is_copy(features(original), features(dc_replace(truncated, published=late)))[0]
