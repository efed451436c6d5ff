"""Republished copies of a story share a `cluster`; `duplicate_of` points at the copy chosen as original.

Each article is reduced to its word 3-grams ("shingles", hashed stably across runs) and kept as
- a MinHash signature, indexed with datasketch's MinHash LSH (`Config.dedup_threshold` is its Jaccard
  threshold): finds near copies;
- a sample of about one shingle in `SAMPLE_MOD` (those whose hash is 0 modulo it): copies keep the same
  sample, so the share of the smaller sample found in the other is the containment of one text in the
  other. An inverted index over the samples, which ignores shingles common to many articles ("said on
  monday", "the united states"), finds truncated and reworded copies by the rare n-grams they share;
- a small MinHash of the content words of each sentence, to align the sentences of two texts.

Two articles are copies when
- the shorter is contained in the other (`NEAR_CONTAINMENT` of its shingles): exact, near and
  truncated copies, whenever published; or
- nearly every sentence of the shorter has a like sentence in the other (`REWRITE_ALIGNMENT`), they
  share rare n-grams (`REWRITE_CONTAINMENT`) and were published within `WINDOW_DAYS` of each other (or
  a date is unknown): reworded copies. A follow-up story that reuses a few background paragraphs has
  whole sentences that align with nothing, and an unrelated article on the same topic almost none.

The original of a cluster is the member published first, then one with a credited publisher, then the
most complete text (then the better quality score, then the first seen). The stage runs per batch:
every article of a batch is matched first (an article matching several clusters opened in the batch
merges them), then the original of each new cluster is chosen among its members and the cluster is
named after it. Once a batch is out its records cannot change, so a cluster's original is fixed at the
end of the batch that created it: a better original arriving in a later batch (or a later `ingest`
run) joins the cluster and points at the fixed original like any other copy. An exact copy (the same
page text, see `clean.own_text`) has the same `id` as its original, and `duplicate_of` equal to that id;
a copy that differs only in furniture found recurring across the batch is a copy with its own id.

The index lives in `Context.state["dedup"]`, so one `extract` run clusters across all its documents;
`ingest` preloads it from the store (`add_stored`) with what `signature_bytes` gave for earlier runs.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections import Counter, deque
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import chain
from typing import TYPE_CHECKING, Any

import numpy as np

from ..registry import stage

if TYPE_CHECKING:
    from datasketch import MinHashLSH

    from ..model import Article, Document
    from ..pipeline import Context

NUM_PERM = 128
SEED = 7
SAMPLE_MOD = 4
NEAR_CONTAINMENT = 0.8
REWRITE_ALIGNMENT = 0.8
REWRITE_CONTAINMENT = 0.15  # rare n-grams shared; reworded copies keep ~60 % of 3-grams, unrelated ones < 10 %
WINDOW_DAYS = 30
MIN_SHARED = 3  # shared sample shingles below which two texts are never copies (short texts)
COMMON_POSTINGS = 64  # a sampled shingle in more articles than this is a common phrase, not evidence
# Reworded copies follow their original within days: the rare n-gram index holds the latest articles only
# (about 11 KB each); the MinHash LSH and the features of INDEX_WINDOW articles (memory stays bounded
# however large the store grows). `ingest` into a store starts from the latest LOAD_WINDOW stored ones
# (about a day of a large desk's news): loading costs ~0.1 ms an article, so more would cost more than the
# batch; a copy of an article older than that is stored as a new story.
POSTINGS_WINDOW = 50_000
INDEX_WINDOW = 100_000
LOAD_WINDOW = 20_000
MIN_SENTENCE_WORDS = 4
MAX_SENTENCES = 120
SENTENCE_PERM = 16
PAIR_AGREE = 0.55
SENTENCE_AGREE = 0.3  # share of equal MinHash values of two like sentences (reworded: ~0.6, unrelated: ~0)
_WORD = re.compile(r"\w+")
_MASK32 = np.uint64(0xFFFFFFFF)
_MAGIC = b"WS2"
_HEADER = struct.Struct("<3sBiHH")  # magic, flags, published day (or -1), sample length, sentences


@dataclass(frozen=True)
class Features:
    """What dedup keeps of an article (and stores for later runs)."""

    minhash: np.ndarray  # NUM_PERM uint32 values
    sample: np.ndarray  # sorted unique uint32 shingle hashes, those that are 0 mod SAMPLE_MOD
    size: int  # distinct shingles
    day: int | None = None  # publication date as days since 1970-01-01
    credited: bool = False
    sentences: np.ndarray = field(default_factory=lambda: np.zeros((0, SENTENCE_PERM), np.uint8))  # per sentence


def tokens(text: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The lower-cased words of `text`, their stable 32-bit hashes, and the sentence of each word."""
    sentences = [_WORD.findall(sent) for sent in _SENTENCE_SPLIT.split(text.lower())]
    words = [w for sent in sentences for w in sent]
    hashes = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))
    return words, hashes, np.repeat(np.arange(len(sentences)), [len(x) for x in sentences])


def shingle_hashes(text: str) -> np.ndarray:
    """Stable 32-bit hashes of the distinct word 3-grams of `text` (the same in every run)."""
    return _shingles(tokens(text)[1])


def _shingles(w: np.ndarray) -> np.ndarray:
    if len(w) >= 3:
        w = w[:-2] * np.uint64(0x9E3779B97F4A7C15) ^ w[1:-1] * np.uint64(0xC2B2AE3D27D4EB4F) ^ w[2:]
    return np.unique(_mix(w) & _MASK32)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads the combined word hashes over all bits."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


# Sentence ends (a closing mark may follow) and paragraph breaks.
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])[\"”’)]*\s+|\n+")
# Words that carry no content: two sentences sharing only these are not alike.
_STOP = frozenset({
    "the", "a", "an", "of", "to", "in", "on", "at", "for", "and", "or", "but", "that", "this", "with", "by",
    "from", "as", "is", "was", "were", "are", "be", "been", "has", "have", "had", "it", "its", "he", "she",
    "they", "his", "her", "their", "said", "says", "not", "will", "would", "which", "who", "also", "after",
})
def sentence_hashes(text: str) -> np.ndarray:
    """A small MinHash (`SENTENCE_PERM` one-byte values) of the content words of each sentence.

    Sentences of a reworded copy keep most of their words, so their MinHashes agree on most values;
    unrelated sentences agree on next to none (1 in 256 by chance).
    """
    return _sentences(*tokens(text))


def _sentences(words: list[str], hashes: np.ndarray, sentence: np.ndarray) -> np.ndarray:
    content = np.fromiter((w not in _STOP for w in words), dtype=bool, count=len(words))
    counts = np.bincount(sentence[content], minlength=int(sentence.max(initial=-1)) + 1)
    eligible = np.flatnonzero(counts >= MIN_SENTENCE_WORDS)[:MAX_SENTENCES]
    if not len(eligible):
        return np.zeros((0, SENTENCE_PERM), np.uint8)
    keep = content & np.isin(sentence, eligible)
    h = (_mix(hashes[keep]) & _MASK32).astype(np.uint32)
    values = np.outer(h, _A[:SENTENCE_PERM]) + _B[:SENTENCE_PERM]
    ids = sentence[keep]
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    return (np.minimum.reduceat(values, starts, axis=0) & np.uint32(0xFF)).astype(np.uint8)


def alignment(a: np.ndarray, b: np.ndarray) -> float:
    """Share of the sentences of the shorter text that have a like sentence (same words, mostly) in the other.

    A reworded copy may split or join sentences differently, so pairs of adjacent sentences are
    compared too, on both sides (the element-wise minimum of two MinHashes is the MinHash of their
    union): a sentence is aligned when it, or a pair it is part of, is like a sentence or pair there.
    """
    if not len(a) or not len(b):
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    n = len(small)
    items = np.concatenate([small, np.minimum(small[:-1], small[1:])])
    large = np.concatenate([large, np.minimum(large[:-1], large[1:])])
    agree = (items[:, None, :] == large[None, :, :]).mean(axis=2).max(axis=1)
    aligned = agree[:n] >= SENTENCE_AGREE
    # A pair holding one shared sentence and one new one agrees up to ~0.4: a pair counts when it is
    # alike as a whole.
    pairs = agree[n:] >= PAIR_AGREE
    aligned[:-1] |= pairs
    aligned[1:] |= pairs
    return float(np.count_nonzero(aligned)) / n


def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """NUM_PERM affine maps h -> a*h + b (mod 2**32) with odd `a`: bijections of the 32-bit hashes."""
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint64).astype(np.uint32) * np.uint32(2) + np.uint32(1)
    return a, gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint64).astype(np.uint32)


_A, _B = _permutations()


def minhash_values(hashes: np.ndarray) -> np.ndarray:
    """The MinHash of 32-bit hashes (uint32 arithmetic wraps, which is the mod 2**32 of the maps)."""
    if not len(hashes):
        return np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
    return (np.outer(hashes.astype(np.uint32), _A) + _B).min(axis=0)


_DATASKETCH_PERMUTATIONS = np.array([_A, _B])


def _lsh_key(values: np.ndarray) -> Any:
    """A datasketch MinHash over our values (our permutations given, so it does not draw its own)."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, hashvalues=values, permutations=_DATASKETCH_PERMUTATIONS,
                   scheme="affine32")


def features(article: "Article") -> Features:
    words, word_hashes, sentence = tokens(article.text)
    hashes = _shingles(word_hashes)
    sample = hashes[hashes % np.uint64(SAMPLE_MOD) == 0].astype(np.uint32)
    return Features(minhash_values(hashes), sample, len(hashes), day_of(article.published),
                    article.publisher is not None, _sentences(words, word_hashes, sentence))


def day_of(published: str | None) -> int | None:
    try:
        return date.fromisoformat(published[:10]).toordinal() - 719163 if published else None
    except ValueError:
        return None


def jaccard(a: Features, b: Features) -> float:
    return float(np.count_nonzero(a.minhash == b.minhash)) / NUM_PERM


def containment(a: Features, b: Features) -> tuple[float, int]:
    """(share of the smaller text's shingles found in the other, shared sample shingles)."""
    if len(a.sample) and len(b.sample):
        shared = len(np.intersect1d(a.sample, b.sample, assume_unique=True))
        return shared / min(len(a.sample), len(b.sample)), shared
    # Signatures stored without a sample: estimate from Jaccard and the sizes.
    j = jaccard(a, b)
    small = max(1, min(a.size, b.size))
    estimate = min(1.0, j * (a.size + b.size) / ((1 + j) * small))
    return estimate, round(estimate * small / SAMPLE_MOD)


def is_copy(a: Features, b: Features) -> tuple[bool, float]:
    """Whether `a` and `b` are copies of one story, and how strongly (the containment)."""
    c, shared = containment(a, b)
    if shared < MIN_SHARED or c < REWRITE_CONTAINMENT:
        return False, c
    if c >= NEAR_CONTAINMENT:
        return True, c
    near_in_time = a.day is None or b.day is None or abs(a.day - b.day) <= WINDOW_DAYS
    return near_in_time and alignment(a.sentences, b.sentences) >= REWRITE_ALIGNMENT, c


@dataclass
class Entry:
    features: Features
    cluster: str


@dataclass
class DedupIndex:
    """Every article seen (this run and, for `ingest`, earlier ones), queried for copies."""

    threshold: float = 0.5
    entries: dict[str, Entry] = field(default_factory=dict)
    originals: dict[str, str] = field(default_factory=dict)  # cluster -> id of its original, once fixed
    postings: dict[int, list[str]] = field(default_factory=dict)  # sampled shingle -> article ids
    recent: deque[str] = field(default_factory=deque)  # the articles in `postings`, oldest first
    held: deque[str] = field(default_factory=deque)  # the articles in `entries`, oldest first
    lsh: Any = None

    def __post_init__(self) -> None:
        from datasketch import MinHashLSH

        self.lsh: MinHashLSH = MinHashLSH(threshold=self.threshold, num_perm=NUM_PERM)

    def add(self, doc_id: str, feats: Features, cluster: str) -> None:
        if doc_id in self.entries:
            return
        self.entries[doc_id] = Entry(feats, cluster)
        self.lsh.insert(doc_id, _lsh_key(feats.minhash))
        for h in feats.sample.tolist():
            ids = self.postings.setdefault(h, [])
            if len(ids) <= COMMON_POSTINGS:
                ids.append(doc_id)
        self.recent.append(doc_id)
        if len(self.recent) > POSTINGS_WINDOW:
            self._forget(self.recent.popleft())
        self.held.append(doc_id)
        if len(self.held) > INDEX_WINDOW:
            self._drop(self.held.popleft())

    def _drop(self, doc_id: str) -> None:
        """Take the oldest article out of the index altogether (its copies are no longer found; `originals`
        keeps one id per story so a later copy of a held member still joins its fixed story)."""
        del self.entries[doc_id]
        self.lsh.remove(doc_id)

    def _forget(self, doc_id: str) -> None:
        """Take an old article out of the rare n-gram index (LSH still finds its near copies)."""
        for h in self.entries[doc_id].features.sample.tolist():
            ids = self.postings.get(h)
            if ids and doc_id in ids:
                ids.remove(doc_id)
                if not ids:
                    del self.postings[h]

    def candidates(self, feats: Features) -> set[str]:
        found = set(self.lsh.query(_lsh_key(feats.minhash)))
        get = self.postings.get
        lists = (ids for ids in map(get, feats.sample.tolist()) if ids and len(ids) <= COMMON_POSTINGS)
        counts = Counter(chain.from_iterable(lists))
        return found | {i for i, n in counts.items() if n >= MIN_SHARED}

    def matches(self, doc_id: str, feats: Features) -> list[tuple[float, str]]:
        """(strength, id) of every article this one is a copy of, strongest first."""
        if doc_id in self.entries:
            return [(2.0, doc_id)]
        found = []
        for cand in self.candidates(feats):
            ok, score = is_copy(feats, self.entries[cand].features)
            if ok:
                found.append((score, cand))
        return sorted(found, reverse=True)

    def cluster_of(self, doc_id: str) -> str:
        return self.entries[doc_id].cluster

    def rename_cluster(self, new: str, members: list[str]) -> None:
        for m in members:
            self.entries[m].cluster = new

    def signature_bytes(self, doc_id: str) -> tuple[bytes, int] | None:
        """The stored form of an article's features (see `decode`) and its shingle count."""
        entry = self.entries.get(doc_id)
        return (encode(entry.features), entry.features.size) if entry else None

    def add_stored(self, doc_id: str, blob: bytes, size: int, cluster: str | None) -> None:
        """Re-add an article read back from the store (incremental ingest); its cluster's original is fixed."""
        cluster = cluster or doc_id
        self.add(doc_id, decode(blob, size), cluster)
        self.originals.setdefault(cluster, cluster)  # clusters are named after their original


def encode(f: Features) -> bytes:
    flags = 1 if f.credited else 0
    head = _HEADER.pack(_MAGIC, flags, -1 if f.day is None else f.day, len(f.sample), len(f.sentences))
    return (head + f.minhash.astype("<u4").tobytes() + f.sample.astype("<u4").tobytes()
            + f.sentences.astype(np.uint8).tobytes())


def decode(blob: bytes, size: int) -> Features:
    """Features from `encode`'s bytes; also reads the first format (bare MinHash values as uint64)."""
    if not blob.startswith(_MAGIC):
        return Features(np.frombuffer(blob, dtype="<u8").astype(np.uint32), np.zeros(0, np.uint32), size)
    _, flags, day, n_sample, n_sent = _HEADER.unpack_from(blob)
    at = _HEADER.size
    minhash = np.frombuffer(blob, dtype="<u4", count=NUM_PERM, offset=at).astype(np.uint32)
    at += 4 * NUM_PERM
    sample = np.frombuffer(blob, dtype="<u4", count=n_sample, offset=at).astype(np.uint32)
    at += 4 * n_sample
    sentences = np.frombuffer(blob, dtype=np.uint8, count=n_sent * SENTENCE_PERM, offset=at)
    return Features(minhash, sample, size, None if day < 0 else day, bool(flags & 1),
                    sentences.reshape(n_sent, SENTENCE_PERM).copy())


def index_of(ctx: "Context") -> DedupIndex:
    """The run's index; `Config.dedup_threshold` is the Jaccard threshold of its LSH."""
    if "dedup" not in ctx.state:
        ctx.state["dedup"] = DedupIndex(threshold=ctx.config.dedup_threshold)
    return ctx.state["dedup"]  # type: ignore[no-any-return]


def _rank(doc: "Document", feats: Features, position: int) -> tuple[Any, ...]:
    """Sort key of a candidate original: earliest date, credited source, most complete text, quality."""
    a = doc.article
    assert a is not None
    day = feats.day if feats.day is not None else 1 << 30
    return day, not feats.credited, -feats.size, -a.quality.score, position


@stage("dedup", requires=("article",), assigns=("article",), batch=True)
def dedup(docs: list["Document"], ctx: "Context") -> list["Document"]:
    index = index_of(ctx)
    feats = [features(d.article) for d in docs]  # type: ignore[arg-type]
    clusters: list[str] = []
    for doc, f in zip(docs, feats, strict=True):
        a = doc.article
        assert a is not None
        cluster = _cluster_for(index, index.matches(a.id, f), clusters, docs) or a.id
        index.add(a.id, f, cluster)
        clusters.append(cluster)
    originals = _choose_originals(index, docs, feats, clusters)
    return [_mark(d, index.originals[c], is_original) for d, c, is_original in zip(docs, clusters, originals,
                                                                                   strict=True)]


def _cluster_for(index: DedupIndex, found: list[tuple[float, str]], clusters: list[str],
                 docs: list["Document"]) -> str | None:
    """The cluster of the strongest match, preferring one fixed by an earlier batch; clusters opened in
    this batch that the article also matches are merged into it (their records are not out yet)."""
    if not found:
        return None
    matched = [index.cluster_of(cand) for _, cand in found]
    fixed = [c for c in matched if c in index.originals]
    target = fixed[0] if fixed else matched[0]
    for c in set(matched) - {target} - set(fixed):
        members = [i for i, x in enumerate(clusters) if x == c]
        index.rename_cluster(target, [docs[i].article.id for i in members])  # type: ignore[union-attr]
        for i in members:
            clusters[i] = target
    return target


def _choose_originals(index: DedupIndex, docs: list["Document"], feats: list[Features],
                      clusters: list[str]) -> list[bool]:
    """Fix the original of every cluster this batch created; rename those clusters after it."""
    new: dict[str, list[int]] = {}
    for i, c in enumerate(clusters):
        if c not in index.originals:
            new.setdefault(c, []).append(i)
    chosen: set[int] = set()
    for members in new.values():
        best = min(members, key=lambda i: _rank(docs[i], feats[i], i))
        chosen.add(best)
        original = docs[best].article.id  # type: ignore[union-attr]
        index.rename_cluster(original, [docs[i].article.id for i in members])  # type: ignore[union-attr]
        index.originals[original] = original
        for i in members:
            clusters[i] = original
    return [i in chosen for i in range(len(docs))]


def _mark(doc: "Document", original: str, is_original: bool) -> "Document":
    a = doc.article
    assert a is not None
    return replace(doc, article=replace(a, cluster=original, duplicate_of=None if is_original else original))
