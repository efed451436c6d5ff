"""The store settles actors after an ingest, whatever the input order: a bare surname stored before the
full name is merged into that person, and an actor's country is the one most of its mentions carry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import write_texts
from wirescope.jobs import ingest
from wirescope.store.duckdb import DuckDBStore

BARE = "Poster launch\n\nMr Hollis unveiled new posters in London. Mr Hollis said voters would decide, " \
       "and Mr Hollis criticised France.\n"
FULL = "Tory row deepens\n\nTory leader Martin Hollis attacked the plan. Mr Hollis said it was wrong, " \
       "and Martin Hollis repeated it on Monday.\n"
OTHER = "Court case\n\nJudge Ann Hollis and Judge Peter Hollis heard the case. Mr Hollis spoke first.\n"
FRENCH = "Talks in Paris\n\nFrench minister Pierre Dulac met union leaders on Monday. Mr Dulac said talks " \
         "would go on.\n"
BELGIAN = "Budget row\n\nBelgian minister Pierre Dulac presented the budget. Mr Dulac said it was fair, and " \
          "Mr Dulac rejected criticism from the opposition.\n"
BELGIAN2 = "Budget vote\n\nBelgian finance minister Pierre Dulac won the vote. Mr Dulac thanked MPs and " \
           "Mr Dulac promised reforms.\n"
PERSON = "person:holis-mrtn"


def _tables(db: Path) -> dict[str, Any]:
    """Every row a relink touches, order-free (quote_docs without its key k)."""
    store = DuckDBStore(str(db), read_only=True)
    try:
        q = store.con.execute
        out = {t: sorted(q(f"SELECT * FROM {t}").fetchall(), key=repr)
               for t in ("actors", "aliases", "mentions", "actor_index")}
        out["events"] = sorted(q("SELECT source_id, source_name, target_id, target_name, type FROM events").fetchall(),
                               key=repr)
        out["quotes"] = sorted(q("SELECT speaker_id, speaker_name, addressee_id, text FROM quotes").fetchall(), key=repr)
        out["quote_docs"] = sorted(q("SELECT * EXCLUDE (k) FROM quote_docs").fetchall(), key=repr)
        out["dyads"] = sorted(q("SELECT pair, level, lo, hi, forward, day, type, quad, n, round(goldstein, 6) "
                                "FROM dyads").fetchall(), key=repr)
        out["event_sides"] = sorted(q("SELECT * FROM event_sides").fetchall(), key=repr)
        out["ready"] = store.ready()
        return out
    finally:
        store.close()


def _persons(tables: dict[str, Any]) -> set[str]:
    return {row[0] for row in tables["actors"] if row[2] == "PERSON"}


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_bare_surname_before_the_full_name_is_merged_into_it(tmp_path: Path, jobs: int) -> None:
    db = tmp_path / "s.duckdb"
    ingest(write_texts(tmp_path, a_bare=BARE, b_full=FULL), str(db), jobs=jobs)
    tables = _tables(db)
    assert _persons(tables) == {PERSON}
    assert {row[1] for row in tables["mentions"] if row[1].startswith("person:")} == {PERSON}
    assert ("person:holis-mrtn", "Hollis") in tables["aliases"]
    speakers = {row[:2] for row in tables["quotes"]} | {row[6:8] for row in tables["quote_docs"]}
    assert speakers == {(PERSON, "Martin Hollis")}
    assert {row[:2] for row in tables["events"] if row[0] and row[0].startswith("person:")} == {(PERSON, "Martin Hollis")}
    assert ("country:FRA", PERSON) in {row[2:4] for row in tables["dyads"] if row[1] == "actor"}
    assert all(tables["ready"].values())


def test_jobs_1_and_2_store_the_same_rows(tmp_path: Path) -> None:
    paths = write_texts(tmp_path, a_bare=BARE, b_full=FULL)
    for jobs in (1, 2):
        ingest(paths, str(tmp_path / f"s{jobs}.duckdb"), jobs=jobs)
    assert _tables(tmp_path / "s1.duckdb") == _tables(tmp_path / "s2.duckdb")


def test_a_later_ingest_relinks_what_an_earlier_one_stored_and_equals_a_rebuild(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    ingest(write_texts(tmp_path, a_bare=BARE), str(db))
    assert _persons(_tables(db)) == {"person:holis"}
    ingest(write_texts(tmp_path, b_full=FULL), str(db))
    incremental = _tables(db)
    assert _persons(incremental) == {PERSON}
    store = DuckDBStore(str(db))
    try:
        store.refresh_derived()
    finally:
        store.close()
    assert _tables(db) == incremental


def test_no_merge_when_the_store_holds_several_people_of_that_surname(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    ingest(write_texts(tmp_path, a_bare=BARE, b_other=OTHER, c_full=FULL), str(db))
    assert "person:holis" in _persons(_tables(db))


def test_the_store_country_is_the_one_most_mentions_carry(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    ingest(write_texts(tmp_path, a=FRENCH), str(db))
    first = _tables(db)
    assert ("person:dulak-pr", "FRA") in {row[:4:3] for row in first["actors"]}
    ingest(write_texts(tmp_path, b=BELGIAN, c=BELGIAN2), str(db))
    tables = _tables(db)
    assert ("person:dulak-pr", "BEL") in {row[:4:3] for row in tables["actors"]}
    assert ("person:dulak-pr", "BEL") in {row[:4:3] for row in tables["actor_index"]}
