"""Event views read through `event_sides` (the events of one actor or country, sorted by key) answer
exactly as the same views over the whole events table, on the fixture store and on the demo corpus."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from store_fixture import build_store
from wirescope.demo import corpus_dir
from wirescope.jobs import ingest
from wirescope.store import geo
from wirescope.store import queries as Q
from wirescope.store.duckdb import DuckDBStore

DEMO = ["01_blinken-xi-beijing.txt", "15_xi-putin-moscow.txt", "02_scholz-putin-call.txt",
        "16_putin-backs-china-plan.txt", "04_erdogan-putin-grain-deal.txt", "10_macron-xi-state-visit.txt"]


@pytest.fixture(scope="module", params=["fixture", "demo"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> DuckDBStore:
    path = tmp_path_factory.mktemp("sides") / "s.duckdb"
    if request.param == "fixture":
        build_store(path)
    else:
        ingest([str(corpus_dir() / name) for name in DEMO], str(path))
    return DuckDBStore(str(path), read_only=True)


def _without_sides(store: DuckDBStore, fn: Callable[[], Any]) -> Any:
    """`fn()` with event_sides reported stale: every view reads the events table."""
    ready = store.ready()
    store._ready = dict(ready, event_sides=False)
    try:
        return fn()
    finally:
        store._ready = ready


def _whos(store: DuckDBStore) -> list[str]:
    """Every actor id, name and country code of the store's events, and a name nothing matches."""
    rows = store.con.execute("""SELECT DISTINCT unnest([source_id, target_id, source_name, target_name,
                                                       source_country, target_country]) FROM events""").fetchall()
    return sorted({r[0] for r in rows if r[0]}) + ["nobody at all"]


def test_the_table_is_current_and_holds_each_event_once_per_key(store: DuckDBStore) -> None:
    assert store.ready()["event_sides"]
    want = store.con.execute("""
        SELECT count(*) FROM (SELECT DISTINCT article_id, n, k FROM events,
            unnest(['a' || source_id, 'a' || target_id, 'c' || source_country, 'c' || target_country]) t(k)
            WHERE k IS NOT NULL)""").fetchone()
    assert store.con.execute("SELECT count(*) FROM event_sides").fetchone() == want


def test_event_views_equal_the_events_table(store: DuckDBStore) -> None:
    views: list[tuple[str, Callable[[str], Any]]] = [
        ("events", lambda who: Q.search_events(store, actor=who, limit=500)),
        ("source", lambda who: Q.search_events(store, source=who, actual_only=True, limit=500)),
        ("target", lambda who: Q.search_events(store, target=who, copies=False, limit=500)),
        ("country", lambda who: Q.search_events(store, country=who[:3].upper(), limit=500)),
        ("cards", lambda who: Q.event_cards(store, actor=who, limit=500)),
        ("cards by sources", lambda who: Q.event_cards(store, actor=who, sort="sources", min_sources=2)),
        ("summary", lambda who: Q.event_summary(store, actor=who)),
        ("summary by country", lambda who: Q.event_summary(store, country=who[:3].upper(), actual_only=True)),
        ("map", lambda who: _map(store, who)),
        ("search", lambda who: Q.search(store, who, limit=50)["events"]),
    ]
    checked = 0
    for who in _whos(store):
        for name, view in views:
            want = _without_sides(store, lambda view=view, who=who: view(who))
            assert view(who) == want, (name, who)
            checked += bool(want)
    assert checked > 10  # the views found events (not only empty answers compared)


def _map(store: DuckDBStore, who: str) -> dict[str, Any]:
    f = Q.event_filters(store, actor=who)
    return geo.event_map(store, f.where(), f.bound, f.events)


def test_actor_profiles_equal_the_events_table(store: DuckDBStore) -> None:
    ids = [r[0] for r in store.con.execute("SELECT id FROM actors ORDER BY id").fetchall()]
    assert ids
    for actor_id in ids:
        want = _without_sides(store, lambda actor_id=actor_id: Q.actor_profile(store, actor_id))
        assert Q.actor_profile(store, actor_id) == want


def test_a_stale_table_is_not_read(tmp_path: Path) -> None:
    path = build_store(tmp_path / "s.duckdb")
    store = DuckDBStore(str(path))
    try:
        store.con.execute("DELETE FROM event_sides")  # as if an ingest stored events and died before its update
        store.con.execute("UPDATE store_meta SET value = '0' WHERE key = 'event_sides'")
        store._ready = None
        assert not store.ready()["event_sides"]
        assert Q.search_events(store, actor="RUS")  # read from the events table
    finally:
        store.close()
