"""Republished copies: exact (same clean text) and near copies (MinHash LSH) share a story cluster.

The index lives in `Context.state["dedup"]` so one `extract` run clusters across all its documents, and
the store can preload it with the signatures of earlier runs for incremental ingest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..registry import stage

if TYPE_CHECKING:
    from datasketch import MinHash

    from ..model import Document
    from ..pipeline import Context

NUM_PERM = 128
SHINGLE = 3
_WORD = re.compile(r"\w+")


def shingles(text: str, n: int = SHINGLE) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < n:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + n]).encode() for i in range(len(words) - n + 1)}


def signature(text: str) -> tuple["MinHash", int]:
    from datasketch import MinHash

    sh = shingles(text)
    mh = MinHash(num_perm=NUM_PERM, seed=7)
    mh.update_batch(list(sh))
    return mh, len(sh)


@dataclass
class DedupIndex:
    """Signatures of every document seen, queried for near copies by Jaccard or containment."""

    threshold: float = 0.3
    lsh: object = None
    entries: dict[str, tuple["MinHash", int, str]] = field(default_factory=dict)  # id -> (sig, size, cluster)

    def __post_init__(self) -> None:
        from datasketch import MinHashLSH

        self.lsh = MinHashLSH(threshold=self.threshold, num_perm=NUM_PERM)

    def add(self, doc_id: str, sig: "MinHash", size: int, cluster: str) -> None:
        if doc_id not in self.entries:
            self.entries[doc_id] = (sig, size, cluster)
            self.lsh.insert(doc_id, sig)  # type: ignore[attr-defined]

    def match(self, doc_id: str, sig: "MinHash", size: int) -> str | None:
        """The id of the best earlier copy of this document, or None."""
        if doc_id in self.entries:
            return doc_id
        best, best_score = None, 0.0
        for cand in self.lsh.query(sig):  # type: ignore[attr-defined]
            csig, csize, _ = self.entries[cand]
            score = copy_score(sig.jaccard(csig), size, csize)
            if score > best_score:
                best, best_score = cand, score
        return best if best_score >= 0.6 else None

    def signature_bytes(self, doc_id: str) -> tuple[bytes, int] | None:
        """The stored form of a document's signature (hash values as bytes, shingle count)."""
        entry = self.entries.get(doc_id)
        if entry is None:
            return None
        return entry[0].hashvalues.astype("<u8").tobytes(), entry[1]

    def add_stored(self, doc_id: str, blob: bytes, size: int, cluster: str) -> None:
        """Re-add a signature read back from the store (incremental ingest)."""
        import numpy as np
        from datasketch import MinHash

        sig = MinHash(num_perm=NUM_PERM, seed=7, scheme="affine32",
                      hashvalues=np.frombuffer(blob, dtype="<u8").astype(np.uint64))
        self.add(doc_id, sig, size, cluster)

    def cluster_of(self, doc_id: str) -> str:
        return self.entries[doc_id][2]


def copy_score(jaccard: float, size_a: int, size_b: int) -> float:
    """Max of Jaccard and the containment of the smaller text in the larger, estimated from Jaccard."""
    small = max(1, min(size_a, size_b))
    containment = jaccard * (size_a + size_b) / ((1 + jaccard) * small)
    return max(jaccard, min(1.0, containment) if jaccard >= 0.2 else 0.0)


def index_of(ctx: "Context") -> DedupIndex:
    if "dedup" not in ctx.state:
        ctx.state["dedup"] = DedupIndex()
    return ctx.state["dedup"]  # type: ignore[no-any-return]


@stage("dedup", requires=("article",), assigns=("article",))
def dedup(doc: "Document", ctx: "Context") -> "Document":
    a = doc.article
    assert a is not None
    index = index_of(ctx)
    sig, size = signature(a.text)
    original = index.match(a.id, sig, size)
    if original is None:
        index.add(a.id, sig, size, a.id)
        return replace(doc, article=replace(a, cluster=a.id, duplicate_of=None))
    cluster = index.cluster_of(original)
    index.add(a.id, sig, size, cluster)
    return replace(doc, article=replace(a, cluster=cluster, duplicate_of=original if original != a.id else None))
