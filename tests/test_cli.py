"""The command line as a user runs it: records, exit codes, and bad input named with its reason."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import needs_shared, run_cli

CONTRACT = {"id", "path", "title", "publisher", "published", "language", "text", "removed", "cluster",
            "duplicate_of", "quality", "actors", "quotes", "events"}

ARTICLE = """Ministers agree to resume grain talks

ANKARA — Turkish Foreign Minister Hakan Fidan met Ukrainian Foreign Minister Dmytro Kuleba in Ankara on
Tuesday to discuss grain shipments across the Black Sea.

"We will keep working until the ships move again," Fidan told reporters after the meeting.

Share this article
"""


@needs_shared
def test_extract_seeds_prints_two_complete_records(seed_records: list[dict]) -> None:
    assert len(seed_records) == 2
    for record in seed_records:
        assert set(record) >= CONTRACT, CONTRACT - set(record)
        assert record["text"] and record["language"] == "en"
        for actor in record["actors"]:
            for start, end in actor["mentions"]:
                assert 0 <= start < end <= len(record["text"])
        for q in record["quotes"]:
            assert record["text"][q["span"][0]:q["span"][1]]


def test_bad_inputs_are_named_and_the_good_one_comes_out(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 news from M\xfcnchen".encode("latin-1") * 20)
    missing = tmp_path / "missing.txt"
    proc = run_cli("extract", str(tmp_path), str(missing))
    assert proc.returncode == 1
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [Path(r["path"]).name for r in records] == ["good.txt"]
    assert records[0]["title"] == "Ministers agree to resume grain talks"
    assert "Share this article" in records[0]["removed"]
    err = proc.stderr.splitlines()
    assert "Traceback" not in proc.stderr
    reasons = {Path(line.split(": ")[1].split()[-1]).name: line for line in err if line.startswith("wirescope: rejected")}
    assert "empty file" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"]
    assert "no such file" in reasons["missing.txt"]


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run_cli("extract").returncode == 2
    assert run_cli("extract", str(tmp_path), "--published", "yesterday").returncode == 2
    assert run_cli("stats", "--db", str(tmp_path / "none.duckdb")).returncode == 2


def test_published_option_and_json_format(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    proc = run_cli("extract", str(path), "--format", "json", "--published", "2023-07-05")
    assert proc.returncode == 0, proc.stderr
    [record] = json.loads(proc.stdout)
    assert record["published"] == "2023-07-05"
    assert record["dateline"] == "ANKARA"


def test_ingest_twice_stores_nothing_new_and_records_rejects(tmp_path: Path) -> None:
    import duckdb

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    db = str(tmp_path / "w.duckdb")
    first = run_cli("ingest", str(src), "--db", db)
    assert first.returncode == 1 and "1 stored" in first.stdout, first.stdout + first.stderr
    second = run_cli("ingest", str(src / "a.txt"), "--db", db)
    assert second.returncode == 0 and "0 stored, 1 already stored" in second.stdout
    con = duckdb.connect(db, read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (1,)
    [(path, reason)] = con.execute("SELECT path, reason FROM rejected").fetchall()
    assert path.endswith("bad.txt") and "binary" in reason
    con.close()
    listing = run_cli("actors", "Fidan", "--db", db)
    assert "Hakan Fidan" in listing.stdout and "TUR" in listing.stdout
    quotes = run_cli("quotes", "--speaker", "Fidan", "--db", db)
    assert "keep working" in quotes.stdout
    events = run_cli("events", "--actor", "TUR", "--db", db)
    assert "CONSULT" in events.stdout


def test_demo_prints_actors_quotes_and_events(tmp_path: Path) -> None:
    proc = run_cli("demo", "--db", str(tmp_path / "demo.duckdb"))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "18 articles stored" in out
    for heading in ("top actors", "quotes", "events"):
        assert heading in out
    assert "Vladimir Putin" in out and "country:RUS" in out


# --- issue 14: one default store, the API's filters, --json/--csv, evidence, undated warnings ----------

def _fixture_db(tmp_path: Path) -> str:
    from store_fixture import build_store

    return str(build_store(tmp_path / "fixture.duckdb"))


def test_events_filters_and_formats_match_the_api(tmp_path: Path) -> None:
    db = _fixture_db(tmp_path)
    proc = run_cli("events", "--source", "RUS", "--target", "CHN", "--from", "2023-03-01", "--to", "2023-03-31",
                   "--actual", "--no-copies", "--json", "--db", db)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert [r["type"] for r in rows] == ["AGREE"]
    assert rows[0]["sentence"] == "Russia and China agreed to deepen ties." and rows[0]["publisher"] == "Wire One"
    conflict = json.loads(run_cli("events", "--quad", "3", "--country", "UKR", "--json", "--db", db).stdout)
    assert [(r["type"], r["target"]) for r in conflict] == [("ACCUSE", "Ukraine")]
    csv_out = run_cli("events", "--place", "Beijing", "--csv", "--db", db).stdout.splitlines()
    assert csv_out[0].startswith("date,source_id,source,") and len(csv_out) == 3
    table = run_cli("events", "--type", "accuse", "--db", db).stdout
    assert "evidence" in table and "Wire Two (2023-05-02): MOSCOW — Sergey Lavrov accused China" in table
    stories = json.loads(run_cli("events", "--stories", "--min-sources", "2", "--json", "--db", db).stdout)
    assert {s["type"] for s in stories} == {"CONSULT", "AGREE", "AID", "COOPERATE"}
    assert all(s["sources"] == 2 and len(s["evidence"]) == 2 for s in stories)
    bad = run_cli("events", "--from", "2023-05-01", "--to", "2023-04-01", "--db", db)
    assert bad.returncode == 2 and "is after --to" in bad.stderr
    assert run_cli("events", "--type", "HUG", "--db", db).returncode == 2


def test_quotes_and_actors_filters_and_formats(tmp_path: Path) -> None:
    db = _fixture_db(tmp_path)
    quotes = json.loads(run_cli("quotes", "--speaker", "Lavrov", "--from", "2023-04-01", "--json", "--db", db).stdout)
    assert [q["article_id"] for q in quotes] == ["story3"]
    assert len(json.loads(run_cli("quotes", "--speaker", "Lavrov", "--copies", "--json", "--db", db).stdout)) == 3
    table = run_cli("quotes", "-q", "multipolar", "--db", db).stdout
    assert "Wire Two · story3" in table
    actors = run_cli("actors", "Sergey", "--csv", "--db", db).stdout.splitlines()
    assert actors[0].startswith("id,name,type") and "person:lavrov-srg" in actors[1]


def test_demo_then_stats_use_one_default_store(tmp_path: Path) -> None:
    proc = run_cli("demo", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "18 articles stored" in proc.stdout and (tmp_path / "wirescope.duckdb").exists()
    stats = run_cli("stats", cwd=tmp_path)
    assert stats.returncode == 0, stats.stderr
    assert "18" in stats.stdout and "undated" in stats.stdout
    events = run_cli("events", "--source", "CHN", "--json", "--limit", "5", cwd=tmp_path)
    assert events.returncode == 0 and json.loads(events.stdout)
    # a store holding other documents is never replaced by the demo
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert run_cli("ingest", str(other / "a.txt"), "--published", "2023-07-05", "--jobs", "1",
                   cwd=other).returncode == 0
    refused = run_cli("demo", cwd=other)
    assert refused.returncode == 2 and "not the demo's" in refused.stderr


def test_undated_documents_are_counted_with_advice(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    proc = run_cli("ingest", str(tmp_path / "a.txt"), "--db", db, "--jobs", "1")
    assert proc.returncode == 0, proc.stderr
    assert "warning: 1 of 1 documents carry no publication date" in proc.stderr and "--published" in proc.stderr
    assert "1 of 1 documents carry no publication date" in run_cli("stats", "--db", db).stderr
    dated = tmp_path / "2023-07-05-fidan.txt"
    dated.write_text(ARTICLE.replace("grain talks", "grain talks again"), encoding="utf-8")
    proc = run_cli("ingest", str(dated), "--db", db, "--jobs", "1")
    assert "warning" not in proc.stderr


def test_python_dash_m_runs_the_same_command_line() -> None:
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "wirescope", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "extract" in out.stdout
