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
