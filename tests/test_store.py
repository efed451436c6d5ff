"""The store and its queries on a store filled straight from model dataclasses."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from store_fixture import CHN, LAVROV, XSS_ID, build_store, documents
from wirescope.store import queries as Q
from wirescope.store.duckdb import DuckDBStore, migrations


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("store") / "fixture.duckdb")


@pytest.fixture()
def store(db: Path) -> DuckDBStore:
    s = DuckDBStore(str(db), read_only=True, sandbox=True)
    yield s
    s.close()


def test_migrations_recorded_and_ingest_idempotent(tmp_path: Path) -> None:
    path = build_store(tmp_path / "s.duckdb")
    s = DuckDBStore(str(path))
    versions = [v for (v,) in s.con.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()]
    assert versions == [v for v, _, _ in migrations()]
    before = s.stats()
    assert s.add(documents()) == {"stored": 0, "unchanged": 4, "rejected": 0}
    assert s.stats() == before
    s.close()


def test_older_store_is_migrated_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                "applied_at TIMESTAMP DEFAULT current_timestamp)")
    version, name, sql = migrations()[0]
    con.execute(sql)
    con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
    con.execute("INSERT INTO articles (id, path, text, published) VALUES ('a', 'a.txt', 'x', DATE '2023-01-02')")
    con.execute("INSERT INTO events (article_id, n, type, negated, modality) VALUES ('a', 0, 'AGREE', false, 'asserted')")
    con.close()
    s = DuckDBStore(str(path), read_only=True)
    assert s.query("SELECT story, day, is_copy FROM events") == [
        {"story": "a", "day": date(2023, 1, 2), "is_copy": False}]
    assert Q.find_stories(s)[0]["id"] == "a"
    s.close()


def test_actor_search_any_spelling_gives_one_actor(store: DuckDBStore) -> None:
    for q in ("Lavrov", "Sergey", "sergei lavrov"):
        rows = Q.find_actors(store, q)
        assert [r["id"] for r in rows] == [LAVROV], q
    assert {"Sergei Lavrov", "Sergey Lavrov"} <= set(Q.find_actors(store, "Lavrov")[0]["aliases"])
    assert Q.find_actors(store, "%") == []  # wildcards are literal


def test_actor_profile(store: DuckDBStore) -> None:
    p = Q.actor_profile(store, LAVROV)
    assert p is not None and p["name"] == "Sergei Lavrov"
    assert [m["stories"] for m in p["mentions_over_time"]] == [1, 1]  # March (2 copies, 1 story), May
    assert {q["text"] for q in p["top_quotes"]} == {"We are sincerely pleased with these successes,",
                                                   "A multipolar world order will take an era,"}
    partners = {r["id"]: r for r in p["top_partners"]}
    assert partners[CHN]["given"] == 1 and partners["person:xi-jnpng"]["received"] == 1
    assert p["events_given"] == [{"type": "ACCUSE", "events": 1, "goldstein_sum": -2.0}]
    assert Q.actor_profile(store, "nobody") is None


def test_copies_are_flagged_so_a_story_counts_once(store: DuckDBStore) -> None:
    flags = store.query("SELECT article_id, bool_and(is_copy) AS copy FROM events GROUP BY 1 ORDER BY 1")
    assert {r["article_id"]: r["copy"] for r in flags}["story2"] is True
    assert {r["article_id"]: r["copy"] for r in flags}["story1"] is False
    story = Q.get_story(store, "story1")
    assert story is not None and [c["id"] for c in story["copies"]] == ["story1", "story2"]
    assert [c["first"] for c in story["copies"]] == [True, False]
    stories = {s["id"]: s for s in Q.find_stories(store)}
    assert stories["story1"]["copies"] == 2 and stories["story1"]["publishers"] == ["Copy Daily", "Wire One"]
    assert [s["id"] for s in Q.find_stories(store, min_copies=2)] == ["story1"]


def test_dyad_timeline_by_country_counts_actual_events_once(store: DuckDBStore) -> None:
    t = Q.dyad_timeline(store, "RUS", "CHN", "month")
    by_month = {str(b["bucket"])[:7]: b for b in t["buckets"]}
    assert set(by_month) == {"2023-03", "2023-05"}
    march = by_month["2023-03"]
    # CONSULT (Xi -> Lavrov) and AGREE (Russia -> China); the negated AID, the future drills and the copy are out
    assert march["events"] == 2 and march["by_type"] == {"CONSULT": 1, "AGREE": 1}
    assert march["cooperation"] == 2 and march["conflict"] == 0 and march["goldstein"] == 9.0
    assert march["a_to_b"] == 1 and march["b_to_a"] == 1
    assert by_month["2023-05"]["conflict"] == 1 and by_month["2023-05"]["by_quad"] == {"3": 1}
    assert t["totals"]["events"] == 3


def test_dyad_timeline_by_actor_id_and_name(store: DuckDBStore) -> None:
    by_id = Q.dyad_timeline(store, LAVROV, CHN, "day")
    assert by_id["totals"]["by_type"] == {"ACCUSE": 1}
    by_name = Q.dyad_timeline(store, "Lavrov", "Xi Jinping", "week")
    assert by_name["totals"]["by_type"] == {"CONSULT": 1}
    with pytest.raises(Q.QueryError):
        Q.dyad_timeline(store, "RUS", "CHN", "year")


def test_event_search_filters(store: DuckDBStore) -> None:
    assert len(Q.search_events(store, source="RUS", target="CHN")) == 5  # both copies, all modalities
    actual = Q.search_events(store, source="RUS", target="CHN", actual_only=True, copies=False)
    assert [e["type"] for e in actual] == ["ACCUSE", "AGREE"]
    assert [e["type"] for e in Q.search_events(store, type_="accuse", date_from="2023-05-01", date_to="2023-05-31")] \
        == ["ACCUSE"]
    assert {e["article_id"] for e in Q.search_events(store, place="Beijing")} == {"story1", "story2"}
    assert Q.search_events(store, source="Lavrov")[0]["type"] == "ACCUSE"
    assert len(Q.find_events(store, "Lavrov")) == 3
    assert Q.search_events(store, source="nobody at all") == []


def test_quote_search_full_text_and_fallback(store: DuckDBStore) -> None:
    assert store.search_index_ready()
    hits = Q.find_quotes(store, text="multipolar worlds")  # stemmed full-text match
    assert [h["article_id"] for h in hits] == ["story3"]
    assert len(Q.find_quotes(store, speaker="Lavrov")) == 2
    assert len(Q.find_quotes(store, speaker="Lavrov", copies=True)) == 3
    assert len(Q.find_quotes(store, speaker="Lavrov", date_from="2023-04-01")) == 1
    store.fts = False  # no extension: every word must appear
    assert [h["article_id"] for h in Q.find_quotes(store, text="multipolar world")] == ["story3"]
    assert Q.find_quotes(store, text="multipolar worlds") == []


def test_article_with_spans(store: DuckDBStore) -> None:
    a = Q.get_article(store, "story1")
    assert a is not None and a["story"] == "story1"
    for kind in ("actors", "quotes", "events"):
        for span in a["spans"][kind]:
            assert 0 <= span["start"] < span["end"] <= len(a["text"])
    assert a["text"][a["spans"]["events"][0]["start"]:a["spans"]["events"][0]["end"]] == "met"
    assert [c["id"] for c in a["copies"]] == ["story1", "story2"]
    assert Q.get_article(store, XSS_ID)["text"].count("<script>") == 1


def test_network_edges(store: DuckDBStore) -> None:
    net = Q.network(store, level="country")
    pairs = {(e["source"], e["target"]): e for e in net["edges"]}
    assert pairs[("RUS", "CHN")]["events"] == 2 and pairs[("RUS", "UKR")]["goldstein_avg"] == -2.0
    assert {n["id"] for n in net["nodes"]} == {"RUS", "CHN", "UKR"}
    assert all(LAVROV in (e["source"], e["target"]) for e in Q.network(store, actor=LAVROV)["edges"])


@pytest.mark.parametrize("sql", [
    "DROP TABLE events", "SELECT 1; DROP TABLE events", "PRAGMA version", "COPY events TO 'x.csv'",
    "FROM events", "-- hi\nDELETE FROM events", "ATTACH 'x.duckdb'", "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM query('DROP TABLE events')", "SELECT nope FROM", "",
])
def test_sql_console_refuses_anything_but_one_select(store: DuckDBStore, sql: str) -> None:
    with pytest.raises(Q.QueryError):
        Q.run_sql(store, sql)


def test_sql_console_runs_selects(store: DuckDBStore) -> None:
    out = Q.run_sql(store, "/* c */ WITH t AS (SELECT type FROM events) SELECT type, count(*) AS n FROM t "
                           "GROUP BY type ORDER BY n DESC, type", limit=2)
    assert out["columns"] == ["type", "n"] and len(out["rows"]) == 2 and out["truncated"] is True
    assert Q.run_sql(store, "SELECT count(*) FROM events")["rows"] == [[10]]


# --- exports -------------------------------------------------------------------------------------

def test_exports(db: Path, tmp_path: Path) -> None:
    import csv
    import json

    import pyarrow.parquet as pq

    from wirescope.store.export import GDELT_COLUMNS, export

    s = DuckDBStore(str(db), read_only=True)
    assert export(s, "parquet", tmp_path / "e.parquet") == 10
    assert pq.read_table(tmp_path / "e.parquet").num_rows == 10
    assert export(s, "csv", tmp_path / "q.csv", table="quotes") == 4
    assert len(list(csv.DictReader((tmp_path / "q.csv").open(encoding="utf-8")))) == 4
    assert export(s, "jsonl", tmp_path / "a.jsonl", table="articles") == 4
    assert json.loads((tmp_path / "a.jsonl").read_text().splitlines()[0])["removed"] == ["Back to top button"]
    assert export(s, "plover-json", tmp_path / "p.json", actual_only=True) == 4  # the copy and 2 unreal out
    plover = json.loads((tmp_path / "p.json").read_text())
    assert {e["event"] for e in plover} == {"CONSULT", "AGREE", "ACCUSE"}
    assert export(s, "gdelt-tsv", tmp_path / "g.tsv") == 6
    rows = [line.split("\t") for line in (tmp_path / "g.tsv").read_text().splitlines()]
    assert all(len(r) == len(GDELT_COLUMNS) == 58 for r in rows)
    agree = dict(zip(GDELT_COLUMNS, next(r for r in rows if r[26] == "057"), strict=True))
    assert agree["SQLDATE"] == "20230321" and agree["EventRootCode"] == "05" and agree["QuadClass"] == "1"
    assert agree["Actor1Code"] == "RUS" and agree["Actor2CountryCode"] == "CHN" and agree["NumArticles"] == "2"
    assert agree["GoldsteinScale"] == "8.0"
    s.close()


def test_export_cli(db: Path, tmp_path: Path) -> None:
    from conftest import run_cli

    out = tmp_path / "events.tsv"
    proc = run_cli("export", "--format", "gdelt-tsv", "--db", str(db), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert len(out.read_text().splitlines()) == 6
    assert run_cli("export", "--format", "xml", "--db", str(db)).returncode == 2


def test_like_wildcards_are_literal(store: DuckDBStore) -> None:
    assert Q.find_quotes(store, text="__xss")  # underscores match themselves
    assert [a["id"] for a in Q.find_articles(store, "__xss")] == ["xss0000000000000000"]
    assert Q.find_articles(store, "100%") == [] and Q.find_actors(store, "_") == []


@pytest.mark.parametrize(("a", "b"), [("RUS", "CHN"), ("CHN", "RUS"), (LAVROV, "person:xi-jnpng"),
                                      ("Lavrov", "Xi"), ("RUS", "UKR"), ("Lavrov", "CHN"), ("USA", "RUS")])
def test_dyad_table_and_event_scan_agree(store: DuckDBStore, a: str, b: str) -> None:
    assert store.ready()["dyads"]
    fast = {i: Q.dyad_timeline(store, a, b, i) for i in Q.INTERVALS}
    store._ready = dict(store.ready(), dyads=False)  # force the scan over events
    for interval, result in fast.items():
        assert Q.dyad_timeline(store, a, b, interval) == result, (a, b, interval)


def test_quote_search_without_derived_tables(store: DuckDBStore) -> None:
    indexed = {(q["article_id"], q["n"]) for q in Q.find_quotes(store, speaker="Lavrov", copies=True)}
    store._ready = dict(store.ready(), quote_docs=False, fts=False)
    assert {(q["article_id"], q["n"]) for q in Q.find_quotes(store, speaker="Lavrov", copies=True)} == indexed
    assert [q["article_id"] for q in Q.find_quotes(store, text="multipolar world")] == ["story3"]
