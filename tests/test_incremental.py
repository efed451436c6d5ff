"""Derived tables updated per ingest (actor index, dyads, search rows, stories, event sides) equal a full rebuild; the
full-text index is rebuilt past its threshold only (searches fall back to ILIKE in between); re-running
an ingest stores nothing twice; the dedup index holds at most INDEX_WINDOW articles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from wirescope.demo import corpus_dir
from wirescope.jobs import ingest
from wirescope.stages import dedup
from wirescope.store import duckdb as store_module
from wirescope.store.duckdb import DuckDBStore
from wirescope.store.queries import find_quotes

BATCHES = [["01_blinken-xi-beijing.txt", "15_xi-putin-moscow.txt"],
           ["02_scholz-putin-call.txt", "16_putin-backs-china-plan.txt"],
           ["04_erdogan-putin-grain-deal.txt", "10_macron-xi-state-visit.txt"]]


def derived(db: Path) -> dict[str, Any]:
    """The derived tables' contents, order-free (quote_docs without its key k, Goldstein sums rounded)."""
    store = DuckDBStore(str(db), read_only=True)
    try:
        q = store.con.execute
        return {
            "actor_index": sorted(q("SELECT * FROM actor_index").fetchall()),
            "dyads": sorted(q("SELECT pair, level, lo, hi, forward, day, type, quad, n, round(goldstein, 6) "
                              "FROM dyads").fetchall(), key=repr),
            "quote_docs": sorted(q("SELECT * EXCLUDE (k) FROM quote_docs").fetchall(), key=repr),
            "stories": sorted(q("SELECT * FROM stories").fetchall(), key=repr),
            "event_sides": sorted(q("SELECT * FROM event_sides").fetchall(), key=repr),
            "pending": q("SELECT count(*) FROM derived_pending").fetchone(),
            "ready": store.ready(),
        }
    finally:
        store.close()


@pytest.fixture(scope="module")
def batches(tmp_path_factory: pytest.TempPathFactory) -> list[list[str]]:
    return [[str(corpus_dir() / name) for name in batch] for batch in BATCHES]


def test_incremental_ingests_equal_a_full_rebuild(batches: list[list[str]], tmp_path: Path) -> None:
    db = tmp_path / "inc.duckdb"
    for batch in batches:
        assert ingest(batch, str(db))["stored"] == len(batch)
    incremental = derived(db)
    assert incremental["pending"] == (0,)
    assert all(incremental["ready"].values()), incremental["ready"]
    assert incremental["actor_index"] and incremental["dyads"] and incremental["quote_docs"]
    assert incremental["event_sides"]
    store = DuckDBStore(str(db))
    try:
        store.refresh_derived()
    finally:
        store.close()
    assert derived(db) == incremental
    # one-shot ingest of the same articles: the same derived tables
    one = tmp_path / "one.duckdb"
    ingest([p for batch in batches for p in batch], str(one))
    assert derived(one) == incremental
    # an ingest run again stores nothing twice and leaves the tables as they were
    assert ingest(batches[0], str(db))["unchanged"] == len(batches[0])
    assert derived(db) == incremental


def test_search_index_rebuilt_past_its_threshold(batches: list[list[str]], tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "fts.duckdb"
    ingest(batches[0], str(db))
    monkeypatch.setattr(store_module, "FTS_EAGER", 0)
    monkeypatch.setattr(store_module, "FTS_STALE_SHARE", 10.0)  # never due on its own here
    ingest(batches[1], str(db))
    store = DuckDBStore(str(db))
    try:
        if not store.fts:
            pytest.skip("the fts extension is not installed")
        ready = store.ready()
        assert not ready["fts"] and ready["quote_docs"] and ready["actor_index"] and ready["dyads"]
        # quotes of the new articles are found (ILIKE over quote_docs, unscored) while the index is stale
        text = store.con.execute("SELECT text FROM quotes WHERE article_id IN (SELECT id FROM articles "
                                 "WHERE path LIKE '%02_scholz%') ORDER BY n LIMIT 1").fetchone()
        assert text is not None
        word = max(text[0].split(), key=len).strip(".,;:“”\"'")
        hits = find_quotes(store, text=word, copies=True)
        assert any(word in h["text"] for h in hits) and all(h["score"] is None for h in hits)
        monkeypatch.setattr(store_module, "FTS_STALE_SHARE", 0.0)  # due: the next update rebuilds it
        store.update_derived()
        assert store.ready()["fts"]
        assert all(h["score"] is not None for h in find_quotes(store, text=word, copies=True))
    finally:
        store.close()


def test_dedup_index_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dedup, "INDEX_WINDOW", 3)
    monkeypatch.setattr(dedup, "POSTINGS_WINDOW", 2)
    index = dedup.DedupIndex()
    import random

    from wirescope.model import Article

    words = [f"w{n}" for n in range(5000)]
    texts = [" ".join(random.Random(i).choices(words, k=80)) for i in range(6)]
    for i, text in enumerate(texts):
        feats = dedup.features(Article(id=f"a{i}", path=f"a{i}.txt", text=text))
        index.add(f"a{i}", feats, f"a{i}")
    assert list(index.entries) == ["a3", "a4", "a5"] and len(index.held) == 3
    again = dedup.features(Article(id="x", path="x.txt", text=texts[0]))
    assert index.matches("x", again) == []  # the oldest one left the index altogether
    again = dedup.features(Article(id="y", path="y.txt", text=texts[5]))
    assert [m[1] for m in index.matches("y", again)] == ["a5"]


def test_a_rerun_skips_stored_documents_before_the_parse(batches: list[list[str]], tmp_path: Path) -> None:
    db = tmp_path / "rerun.duckdb"
    first: list[Any] = []
    ingest(batches[0], str(db), progress=first.append)
    assert any(d.events for d in first)
    again: list[Any] = []
    mixed = batches[0] + batches[1][:1]
    # reread: the input files are read again (not skipped as unchanged inputs), their documents are not parsed
    counts = ingest(mixed, str(db), progress=again.append, reread=True)
    assert {k: counts[k] for k in ("stored", "unchanged", "rejected")} == {"stored": 1, "unchanged": 2, "rejected": 0}
    skipped = [d for d in again if d.article.path in batches[0]]
    assert len(skipped) == 2 and not any(d.events or d.actors or d.quotes for d in skipped)
    assert any(d.events for d in again if d.article.path == batches[1][0])
