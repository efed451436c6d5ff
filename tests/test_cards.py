"""Event cards found in two steps (`store.cards`) equal grouping every event at once, page by page."""

from __future__ import annotations

from typing import Any

import pytest

from store_fixture import build_store
from wirescope.store import queries as Q
from wirescope.store.duckdb import DuckDBStore

REFERENCE = """
    SELECT coalesce(e.story, e.article_id) AS story, e.type, e.source_id, e.target_id, e.negated,
           min(e.day) AS date, count(DISTINCT e.article_id) AS copies,
           count(DISTINCT coalesce(a.publisher, a.id)) AS sources
    FROM events e JOIN articles a ON a.id = e.article_id {where}
    GROUP BY coalesce(e.story, e.article_id), e.type, e.source_id, coalesce(e.source_id, e.source_name),
             e.target_id, coalesce(e.target_id, e.target_name), e.negated
    HAVING count(DISTINCT coalesce(a.publisher, a.id)) >= ?"""
FIELDS = ("story", "type", "source_id", "target_id", "negated", "date", "copies", "sources")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> DuckDBStore:
    return DuckDBStore(str(build_store(tmp_path_factory.mktemp("cards") / "fixture.duckdb")), read_only=True)


def _reference(store: DuckDBStore, sort: str, min_sources: int, **filters: Any) -> list[tuple[Any, ...]]:
    f = Q.event_filters(store, **filters)
    rows = store.query(REFERENCE.format(where=f.where()), f.params + [min_sources])
    if sort == "sources":
        rows.sort(key=lambda r: (-r["sources"], -(r["date"].toordinal() if r["date"] else -1)))
    else:
        rows.sort(key=lambda r: (r["date"] is None, -(r["date"].toordinal() if r["date"] else 0), -r["sources"]))
    return [tuple(r[k] for k in FIELDS) for r in rows]


@pytest.mark.parametrize("sort", ["date", "sources"])
@pytest.mark.parametrize("min_sources", [1, 2])
@pytest.mark.parametrize("filters", [{}, {"actual_only": True}, {"actor": "RUS"}])
def test_pages_equal_one_grouping_of_every_event(store: DuckDBStore, sort: str, min_sources: int,
                                                 filters: dict[str, Any]) -> None:
    want = _reference(store, sort, min_sources, **filters)
    for limit in (1, 2, 3, 50):
        got: list[tuple[Any, ...]] = []
        for offset in range(0, len(want) + limit, limit):
            page = Q.event_cards(store, limit=limit, offset=offset, sort=sort, min_sources=min_sources, **filters)
            got += [tuple(c[k] for k in FIELDS) for c in page]
        # ties (same date and sources) may come in another order: compare each tie group as a set
        assert sorted(got, key=str) == sorted(want, key=str), (limit, sort)
        assert [(g[5], g[7]) for g in got] == [(w[5], w[7]) for w in want]


def test_evidence_of_each_source(store: DuckDBStore) -> None:
    cards = Q.event_cards(store, min_sources=2, sort="sources", limit=5)
    assert cards and all(c["sources"] >= 2 and len(c["evidence"]) >= 2 for c in cards)
    assert all(ev["sentence"] for c in cards for ev in c["evidence"])


def test_story_pages_equal_one_page_of_all(store: DuckDBStore) -> None:
    everything = Q.find_stories(store, limit=500)
    assert len(everything) >= 3
    pages = [s for off in range(0, len(everything), 2) for s in Q.find_stories(store, limit=2, offset=off)]
    assert pages == everything
    assert Q.find_stories(store, min_copies=2, limit=500) == [s for s in everything if s["copies"] >= 2]


@pytest.mark.parametrize("q", ["Lavrov", "lavrov", "a.b", "(x", "C++", "100%", "[", "\\", "multipolar world"])
def test_article_search_matches_words_literally_in_any_case(store: DuckDBStore, q: str) -> None:
    want = store.query("""SELECT a.id FROM articles a WHERE (a.title ILIKE ? ESCAPE '\\' OR a.text ILIKE ? ESCAPE '\\')
                          ORDER BY a.published DESC NULLS LAST, a.id""", [f"%{Q._like(q)}%"] * 2)
    assert [a["id"] for a in Q.find_articles(store, q, limit=500)] == [r["id"] for r in want]
