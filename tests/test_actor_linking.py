"""A bare surname is linked across documents to the person earlier articles name in full."""

from __future__ import annotations

from pathlib import Path

from conftest import write_texts
from wirescope.jobs import extract, ingest
from wirescope.model import Document
from wirescope.store import open_store

FULL = "Tory row deepens\n\nTory leader Martin Hollis attacked the plan. Mr Hollis said it was wrong, " \
       "and Martin Hollis repeated it on Monday.\n"
BARE = "Poster launch\n\nMr Hollis unveiled new posters in London. Mr Hollis said voters would decide.\n"
OTHER = "Court case\n\nJudge Ann Hollis and Judge Peter Hollis heard the case. Mr Hollis spoke first.\n"


def _people(doc: Document) -> list[tuple[str, str | None]]:
    return [(a.id, a.country) for a in doc.actors if a.type == "PERSON"]


def test_bare_surname_takes_the_id_and_country_of_the_earlier_full_name(tmp_path: Path) -> None:
    full, bare = [d for d in extract(write_texts(tmp_path, a_full=FULL, b_bare=BARE)) if isinstance(d, Document)]
    assert _people(full) == [("person:holis-mrtn", "GBR")]
    assert _people(bare) == [("person:holis-mrtn", "GBR")]
    assert all(q.speaker and q.speaker.actor_id == "person:holis-mrtn" for q in bare.quotes)


def test_no_link_when_the_surname_is_shared_by_several_people(tmp_path: Path) -> None:
    docs = [d for d in extract(write_texts(tmp_path, a_other=OTHER, b_full=FULL, c_bare=BARE))
            if isinstance(d, Document)]
    assert "person:holis" in [i for i, _ in _people(docs[2])]


def test_ingest_links_against_what_the_store_already_holds(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    ingest(write_texts(tmp_path, a_full=FULL), db)
    ingest(write_texts(tmp_path, b_bare=BARE), db)
    store = open_store(db)
    try:
        ids = {r["id"] for r in store.query("SELECT id FROM actors WHERE type = 'PERSON'")}
    finally:
        store.close()
    assert ids == {"person:holis-mrtn"}
