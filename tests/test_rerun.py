"""Stable identity and cheap re-runs (issue 13): an article's id depends on its page alone, and an
unchanged input file is skipped before any reading or NLP on a later ingest."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from wirescope.config import Config
from wirescope.jobs import extract, ingest
from wirescope.model import Document
from wirescope.pipeline import Pipeline

CORPUS = Path(__file__).resolve().parents[1] / "src" / "wirescope" / "demo" / "corpus"
FURNITURE = "Follow the Capital Wire desk for live coverage"
STORIES = [
    ("Harbour strike ends after talks", "Dock workers in Rotterdam returned to work on Monday after union leaders "
     "and port operators agreed a two-year pay deal that ends a week of stoppages at the harbour."),
    ("Drought cuts wheat forecast", "The agriculture ministry lowered its wheat harvest forecast by a fifth on "
     "Tuesday, blaming the driest spring on record across the southern plains of the country."),
    ("City approves tram extension", "The city council voted on Wednesday to extend the northern tram line by six "
     "kilometres, a project planners expect to carry forty thousand passengers a day by 2028."),
    ("Museum returns looted bronzes", "The national museum handed back twelve bronze plaques to a delegation from "
     "Benin on Thursday, ending a dispute over artefacts taken during a colonial raid in 1897."),
]


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for f in sorted(CORPUS.glob("*.txt"))[:4]:
        shutil.copy2(f, folder / f.name)
    return folder


def _spy_stages(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Documents each stage ran on, over every Pipeline of the test."""
    seen: dict[str, int] = {}
    original = Pipeline.run_stages

    def run_stages(self: Pipeline, results: list, stages: list) -> list:  # type: ignore[type-arg]
        for st in stages:
            seen[st.name] = seen.get(st.name, 0) + sum(isinstance(r, Document) for r in results)
        return original(self, results, stages)

    monkeypatch.setattr(Pipeline, "run_stages", run_stages)
    return seen


def test_reingesting_an_unchanged_corpus_reads_nothing(corpus: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "w.duckdb")
    seen = _spy_stages(monkeypatch)
    first = ingest([str(corpus)], db)
    assert first["stored"] == 4 and first["read"] == 4 and first["skipped"] == 0
    assert seen["nlp"] == 4
    con = duckdb.connect(db, read_only=True)
    before = con.execute("SELECT count(*), (SELECT count(*) FROM quotes), (SELECT count(*) FROM events) "
                         "FROM articles").fetchone()
    assert con.execute("SELECT count(*), sum(documents) FROM inputs").fetchone() == (4, 4)
    con.close()

    seen.clear()
    second = ingest([str(corpus)], db)
    assert second == {"stored": 0, "unchanged": 4, "rejected": 0, "skipped": 4, "read": 0}
    assert sum(seen.values()) == 0  # no stage, no NLP, ran on any document

    # one file changed (content, size and mtime): only it is read again
    changed = sorted(corpus.iterdir())[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nThe talks resume next week.\n", encoding="utf-8")
    third = ingest([str(corpus)], db)
    assert (third["read"], third["skipped"], third["stored"]) == (1, 3, 1)
    assert seen["nlp"] == 1

    # touched but the same bytes: the mtime differs, so it is hashed and read again, nothing new stored
    other = sorted(corpus.iterdir())[1]
    os.utime(other, ns=(other.stat().st_atime_ns, other.stat().st_mtime_ns + 10**9))
    fourth = ingest([str(corpus)], db)
    assert (fourth["read"], fourth["stored"], fourth["unchanged"]) == (1, 0, 4)
    assert ingest([str(corpus)], db)["read"] == 0
    assert ingest([str(corpus)], db, reread=True)["read"] == 4

    con = duckdb.connect(db, read_only=True)
    after = con.execute("SELECT count(*), (SELECT count(*) FROM quotes), (SELECT count(*) FROM events) "
                        "FROM articles").fetchone()
    assert after is not None and before is not None and after[0] == before[0] + 1
    con.close()


def test_an_input_with_a_rejected_record_is_read_again(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy2(sorted(CORPUS.glob("*.txt"))[0], folder / "good.txt")
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    db = str(tmp_path / "w.duckdb")
    assert ingest([str(folder)], db, config=Config(stages=("boilerplate", "clean")))["rejected"] == 1
    again = ingest([str(folder)], db, config=Config(stages=("boilerplate", "clean")))
    assert (again["skipped"], again["read"], again["rejected"]) == (1, 1, 1)


def _page(title: str, body: str, furniture: bool) -> str:
    return f"{title}\n\n{body}\n\n" + (f"{FURNITURE}\n" if furniture else "")


def test_the_same_file_gets_the_same_id_in_any_batch(tmp_path: Path) -> None:
    """A line recurring across the batch is dropped from the clean text, but not from the id's text."""
    folder = tmp_path / "in"
    folder.mkdir()
    paths = []
    for n, (title, body) in enumerate(STORIES):
        p = folder / f"{n}.txt"
        p.write_text(_page(title, body, furniture=True), encoding="utf-8")
        paths.append(str(p))
    config = Config(stages=("boilerplate", "clean"))
    [alone] = list(extract([paths[-1]], config=config))
    together = list(extract(paths, config=config))[-1]
    assert isinstance(alone, Document) and isinstance(together, Document)
    assert alone.article is not None and together.article is not None
    assert FURNITURE in alone.article.text and FURNITURE not in together.article.text  # the batch matters ...
    assert alone.article.id == together.article.id  # ... but not to the id
    small = list(extract(paths, config=Config(stages=("boilerplate", "clean"), batch_size=1)))[-1]
    assert isinstance(small, Document) and small.article is not None and small.article.id == alone.article.id


def test_the_progress_bar_counts_skipped_inputs(corpus: Path, tmp_path: Path) -> None:
    from wirescope.cli import _progress_bar

    db = str(tmp_path / "p.duckdb")
    ingest([str(corpus)], db)
    bar, tick, skip = _progress_bar(4)
    counts = ingest([str(corpus)], db, progress=tick, skipped=skip)
    task = bar.tasks[0]
    assert counts["skipped"] == 4 and task.completed == 4 == task.total and task.fields["skipped"] == 4


def test_doctor_checks_and_repairs_the_inputs_table(corpus: Path, tmp_path: Path) -> None:
    from wirescope.store.doctor import doctor

    db = str(tmp_path / "d.duckdb")
    ingest([str(corpus)], db)
    sorted(corpus.iterdir())[0].unlink()
    con = duckdb.connect(db)
    con.execute("INSERT INTO inputs SELECT * REPLACE (seen_at - INTERVAL 1 DAY AS seen_at) FROM inputs LIMIT 1")
    con.close()
    report = doctor(db)
    assert report.code == 0
    assert "removed 1 older rows of inputs recorded twice" in report.lines
    assert "inputs: 4 input files recorded as ingested (1 no longer on disk, 0 changed since: read again by the " \
           "next ingest)" in report.lines
    con = duckdb.connect(db)
    con.execute("DROP TABLE inputs")
    con.close()
    report = doctor(db)
    assert report.code == 0 and any(line.startswith("re-created the missing inputs table") for line in report.lines)
    assert ingest([str(corpus)], db)["skipped"] == 0  # read again; nothing stored twice
    con = duckdb.connect(db, read_only=True)
    assert con.execute("SELECT count(*) FROM inputs").fetchone() == (3,)
    con.close()
