"""A kill -9 at any point of an ingest never loses the store: after the same ingest runs again, the store
equals one written by a clean run (document ids, clusters, per-document counts, row hashes, derived tables).

The ingests run in child processes (tests/crash_driver.py) that SIGKILL themselves at named points: after
the store is created, inside a document's transaction, after a commit (in the write-ahead log only),
inside the derived-table rebuild, between its commit and its checkpoint, and at the end before closing.
Each run after a kill resumes the store the kill left (kills on top of kills), and a last run completes.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from store_fixture import build_store
from wirescope.cli import main
from wirescope.demo import corpus_dir
from wirescope.store.duckdb import DuckDBStore

ROOT = Path(__file__).resolve().parents[1]
DEMO = ["01_blinken-xi-beijing.txt", "15_xi-putin-moscow.txt"]
# In this order each point is reached: the run after a kill resumes what it left.
NEW_STORE_KILLS = ["created", "in-transaction-2", "committed-2", "derived-incremental", "derived",
                   "before-checkpoint", "closing"]
EXISTING_STORE_KILLS = ["opened", "in-transaction-1", "derived-incremental", "derived", "before-checkpoint"]

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the driver forks")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two demo articles and a republished copy of the first (one story in two copies)."""
    out = tmp_path_factory.mktemp("corpus")
    for name in DEMO:
        shutil.copy(corpus_dir() / name, out / name)
    first = (corpus_dir() / DEMO[0]).read_text(encoding="utf-8")
    (out / "05_copy.txt").write_text(first.rstrip() + "\n\nThe talks were followed closely in Brussels and Tokyo, diplomats there said on Wednesday.\n", encoding="utf-8")
    return out


def _drive(plan: list[dict[str, Any]], tmp: Path) -> list[dict[str, Any]]:
    plan_file = tmp / f"plan-{len(list(tmp.glob('plan-*')))}.json"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.run([sys.executable, str(ROOT / "tests" / "crash_driver.py"), str(plan_file)],
                          capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines()]


def snapshot(db: Path) -> dict[str, Any]:
    """What a store holds, without times: ids, clusters, per-document counts, hashes of every row."""
    store = DuckDBStore(str(db), read_only=True)
    try:
        q = store.con.execute
        out: dict[str, Any] = {
            "articles": q("SELECT id, cluster, duplicate_of FROM articles ORDER BY id").fetchall(),
            "clusters": dict(q("SELECT path, cluster FROM articles").fetchall()),
            "per_doc": q("""SELECT a.id, (SELECT count(*) FROM quotes q WHERE q.article_id = a.id),
                                  (SELECT count(*) FROM events e WHERE e.article_id = a.id),
                                  (SELECT count(*) FROM mentions m WHERE m.article_id = a.id)
                           FROM articles a ORDER BY a.id""").fetchall(),
            "stories": q("SELECT id, first_article FROM stories ORDER BY id").fetchall(),
            "ready": store.ready(),
            "stats": store.stats(),
        }
        for table in ("articles", "quotes", "events", "mentions", "actors", "aliases", "stories", "quote_docs",
                      "quote_terms", "actor_index", "dyads"):
            cols = [c for (c,) in q("SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                                    "AND schema_name = 'main' AND column_name <> 'ingested_at'",
                                    [table]).fetchall()]
            row = q(f"SELECT sum(hash({', '.join(cols)})), count(*) FROM {table}").fetchone()
            out[f"hash:{table}"] = row
        return out
    finally:
        store.close()


def test_killed_ingests_resume_to_the_clean_result(corpus: Path, tmp_path: Path) -> None:
    paths = [str(p) for p in sorted(corpus.iterdir())]
    new, old = tmp_path / "new.duckdb", tmp_path / "old.duckdb"
    plan: list[dict[str, Any]] = [
        {"db": str(tmp_path / "clean.duckdb"), "paths": paths, "kill": None},
        {"db": str(tmp_path / "base.duckdb"), "paths": paths[:2], "kill": None},
    ]
    # A new store killed at every point in turn (each run resuming what the last one left), then resumed.
    plan += [{"db": str(new), "paths": paths, "kill": point} for point in NEW_STORE_KILLS]
    plan += [{"db": str(new), "paths": paths, "kill": None}]
    results = _drive(plan, tmp_path)
    assert [r["code"] for r in results[:2]] == [0, 0], results[:2]
    assert [r["signal"] for r in results[2:-1]] == [signal.SIGKILL] * len(NEW_STORE_KILLS), results  # all reached
    assert results[-1]["code"] == 0, results[-1]

    clean = snapshot(tmp_path / "clean.duckdb")
    assert clean["stats"]["articles"] == 3 and clean["stats"]["quotes"] and clean["stats"]["events"]
    assert clean["clusters"][str(corpus / "05_copy.txt")] == clean["clusters"][str(corpus / DEMO[0])]
    assert all(clean["ready"].values())
    assert snapshot(new) == clean

    # An existing store (the first two articles) killed at every point while adding the rest, then
    # resumed, equals the same two ingests run without a kill.
    reference = tmp_path / "reference.duckdb"
    shutil.copy(tmp_path / "base.duckdb", reference)
    shutil.copy(tmp_path / "base.duckdb", old)
    plan = [{"db": str(reference), "paths": paths, "kill": None}]
    plan += [{"db": str(old), "paths": paths, "kill": point} for point in EXISTING_STORE_KILLS]
    plan += [{"db": str(old), "paths": paths, "kill": None}]
    results = _drive(plan, tmp_path)
    assert results[0]["code"] == 0 and results[-1]["code"] == 0, results
    assert [r["signal"] for r in results[1:-1]] == [signal.SIGKILL] * len(EXISTING_STORE_KILLS), results
    expected = snapshot(reference)
    assert expected["stats"]["articles"] == 3
    assert snapshot(old) == expected


def test_doctor_rebuilds_a_missing_derived_table_and_explains_a_broken_log(tmp_path: Path) -> None:
    db = build_store(tmp_path / "s.duckdb")
    con = duckdb.connect(str(db))
    con.execute("DROP TABLE quote_terms")  # what an older version's interrupted rebuild could leave
    con.execute("DELETE FROM store_meta WHERE key = 'dyads'")
    con.close()
    assert main(["doctor", "--db", str(db)]) == 0
    store = DuckDBStore(str(db), read_only=True)
    assert all(store.ready().values())
    store.close()

    # A log DuckDB cannot replay (the schema change of an old migration, written without a checkpoint):
    # doctor says what the file alone holds and the command, then sets the log aside when asked.
    broken = tmp_path / "broken.duckdb"
    script = (
        "import duckdb, os\n"
        f"con = duckdb.connect({str(broken)!r})\n"
        "con.execute('CREATE TABLE articles (id VARCHAR, seen TIMESTAMP DEFAULT current_timestamp)')\n"
        "con.execute('CHECKPOINT')\n"
        "con.execute('ALTER TABLE articles ADD COLUMN url VARCHAR')\n"
        "os._exit(0)\n")
    subprocess.run([sys.executable, "-c", script], check=True)
    proc = subprocess.run([sys.executable, "-m", "wirescope.cli", "doctor", "--db", str(broken)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1
    assert f"wirescope doctor --db {broken} --discard-wal" in proc.stderr
    assert "would be lost" in proc.stderr and "Traceback" not in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "wirescope.cli", "stats", "--db", str(broken)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2 and "wirescope doctor" in proc.stderr and "Traceback" not in proc.stderr


def test_a_second_writer_is_told_and_exits_3(tmp_path: Path) -> None:
    db = build_store(tmp_path / "busy.duckdb")
    article = tmp_path / "a.txt"
    article.write_text("Russia and China signed a trade deal in Moscow on Monday, officials said.", encoding="utf-8")
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, time\n"
                               f"con = duckdb.connect({str(db)!r})\nprint('held', flush=True)\ntime.sleep(120)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        for args in (["ingest", str(article), "--db", str(db)], ["stats", "--db", str(db)]):
            proc = subprocess.run([sys.executable, "-m", "wirescope.cli", *args], capture_output=True, text=True,
                                  cwd=ROOT, timeout=300)
            assert proc.returncode == 3, proc.stderr
            assert f"in use by process {holder.pid}" in proc.stderr and "Traceback" not in proc.stderr
    finally:
        holder.kill()
        holder.wait()


def test_a_small_ingest_leaves_its_log_which_replays_and_checkpoints_to_the_same_store(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from wirescope.jobs import ingest
    from wirescope.store import duckdb as store_module

    paths = [str(p) for p in sorted(corpus.iterdir())]
    db = tmp_path / "s.duckdb"
    ingest(paths[:2], str(db))
    monkeypatch.setattr(store_module, "FTS_EAGER", 0)  # no full-text rebuild, no re-sort: nothing forces a checkpoint
    monkeypatch.setattr(store_module, "FTS_STALE_SHARE", 10.0)
    monkeypatch.setattr(store_module, "DYADS_UNSORTED_SHARE", 10.0)
    monkeypatch.setattr(store_module, "EVENT_SIDES_UNSORTED_SHARE", 10.0)
    ingest(paths[2:], str(db))
    wal, mark = Path(f"{db}.wal"), Path(f"{db}.wal.clean")
    assert wal.stat().st_size > 0 and mark.exists()  # the batch stayed in the log, left by a clean close
    replayed = snapshot(db)  # read-only: replayed in memory
    assert replayed["stats"]["articles"] == 3
    DuckDBStore(str(db)).close()  # a clean log: replayed, not checkpointed, still clean
    assert wal.stat().st_size > 0 and mark.exists()
    mark.unlink()  # as a killed process leaves it: the next open checkpoints at once
    DuckDBStore(str(db)).close()
    assert not wal.exists() or wal.stat().st_size == 0
    assert snapshot(db) == replayed
