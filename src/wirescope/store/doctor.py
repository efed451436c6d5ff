"""`wirescope doctor`: check a store, re-derive its derived tables, and say what to do when it cannot open.

A store is the DuckDB file plus, after a crash, its write-ahead log (`FILE.wal`: every change committed
since the last checkpoint, replayed when the file is next opened). When the log cannot be replayed the
store does not open at all; doctor then opens the file alone (from a copy) to say what the store holds
without the log, and prints the command that sets the log aside (renamed, never deleted) so the store
opens again.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from .duckdb import FTS_SCHEMA, DuckDBStore, StoreBusy, StoreError, _connect, derived_ddl

CORE_TABLES = ("articles", "actors", "aliases", "mentions", "quotes", "events", "rejected", "publishers",
               "stories", "store_meta", "schema_migrations")
DERIVED_TABLES = ("actor_index", "dyads", "quote_docs", "quote_terms", "event_sides")
COUNTED = ("articles", "quotes", "events", "actors")


@dataclass
class Report:
    """What doctor found and did; `code` is the exit status (0 healthy or repaired, 1 not, 3 busy)."""

    db: str
    lines: list[str] = field(default_factory=list)
    code: int = 0

    def say(self, line: str) -> None:
        self.lines.append(line)


def doctor(db: str, discard_wal: bool = False) -> Report:
    report = Report(db)
    path = Path(db)
    if not path.is_file():
        report.say(f"no store at {db}")
        report.code = 2
        return report
    _leftovers(path, report)
    wal = Path(f"{db}.wal")
    try:
        _connect(db, read_only=False).close()
    except StoreBusy as exc:
        report.say(str(exc))
        report.code = 3
        return report
    except StoreError as exc:
        if not wal.exists():
            report.say(f"{exc}; it has no write-ahead log to set aside: restore it from a backup or re-ingest")
            report.code = 1
            return report
        if not discard_wal:
            _explain_wal(db, wal, str(exc), report)
            report.code = 1
            return report
        aside = Path(f"{db}.wal.broken-{time.strftime('%Y%m%d-%H%M%S')}")
        os.replace(wal, aside)
        report.say(f"set the write-ahead log aside as {aside}: the store opens at its last checkpoint")
    _repair(db, report)
    return report


def _leftovers(path: Path, report: Report) -> None:
    """Temporary files of a store creation that was killed before its rename (`FILE.new-PID`)."""
    for stray in sorted(path.parent.glob(f"{path.name}.new-*")):
        pid = stray.name.rsplit("-", 1)[-1].removesuffix(".wal")
        if pid.isdigit() and _alive(int(pid)):
            continue
        stray.unlink(missing_ok=True)
        report.say(f"removed {stray.name}: a store creation that did not finish")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _explain_wal(db: str, wal: Path, error: str, report: Report) -> None:
    report.say(error)
    size = wal.stat().st_size
    held = _counts_without_log(db)
    if held is None:
        report.say("without the log the file does not open either: restore it from a backup or re-ingest")
        return
    what = ", ".join(f"{n} {t}" for t, n in held.items())
    report.say(f"without its log, {db} opens at its last checkpoint and holds {what}")
    report.say(f"what would be lost: every change committed after that checkpoint ({size:,} bytes of log), i.e. the "
               "documents of the ingest that was interrupted; ingesting the same inputs again stores them")
    report.say(f"to set the log aside (kept as {wal.name}.broken-<time>) and open the store: "
               f"wirescope doctor --db {db} --discard-wal")


def _counts_without_log(db: str) -> dict[str, int] | None:
    """Row counts of the store file alone (its write-ahead log not replayed), from a copy in a temporary
    directory (DuckDB follows a link to the log beside its target)."""
    with tempfile.TemporaryDirectory(prefix="wirescope-doctor-", dir=Path(db).parent) as tmp:
        alone = Path(tmp) / "store.duckdb"
        shutil.copyfile(db, alone)
        try:
            con = duckdb.connect(str(alone), read_only=True)
        except duckdb.Error:
            return None
        try:
            have = {t for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
            return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[index]
                    for t in COUNTED if t in have}
        except duckdb.Error:
            return None
        finally:
            con.close()


def _repair(db: str, report: Report) -> None:
    store = DuckDBStore(db)  # applies pending migrations
    try:
        have = {t for (t,) in store.con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()}
        missing_core = [t for t in CORE_TABLES if t not in have]
        if missing_core:
            report.say(f"missing tables {', '.join(missing_core)}: this store cannot be repaired here; re-ingest")
            report.code = 1
            return
        missing = [t for t in DERIVED_TABLES if t not in have]
        for table in missing:
            store.con.execute(derived_ddl(table))
        _check_inputs(store, "inputs" in have, report)
        stale = [k for k, ok in store.ready().items() if not ok and (k != "fts" or store.fts)]
        orphans = _orphans(store)
        for table, n in orphans.items():
            report.say(f"{n} rows of {table} belong to no stored article")
        if missing or stale:
            store.refresh_derived()
            what = ", ".join(sorted(set(missing) | set(stale)))
            report.say(f"re-derived {what} from the stored rows")
        else:
            store.con.execute("CHECKPOINT")
        if not store.fts:
            report.say("full-text search unavailable (the duckdb-extension-fts package is missing): "
                       f"{FTS_SCHEMA} not built; quote search falls back to ILIKE")
        counts = ", ".join(f"{n} {t}" for t, n in store.stats().items())
        report.say(f"ok: {counts}")
    finally:
        store.close()


def _check_inputs(store: DuckDBStore, present: bool, report: Report) -> None:
    """The `inputs` table (migration 006: input files ingested, skipped unchanged by later ingests): re-create
    it when missing (empty: the next ingest reads every input again, and stores nothing twice), keep one
    row per path, and say how many recorded files are gone or changed on disk."""
    if not present:
        store.con.execute(derived_ddl("inputs"))
        report.say("re-created the missing inputs table (empty: the next ingest reads every input again)")
        return
    dups = store.con.execute("SELECT count(*) - count(DISTINCT path) FROM inputs").fetchone()
    if dups and dups[0]:
        store.con.execute("DELETE FROM inputs WHERE rowid NOT IN (SELECT arg_max(rowid, seen_at) FROM inputs "
                          "GROUP BY path)")
        report.say(f"removed {dups[0]} older rows of inputs recorded twice")
    rows = store.con.execute("SELECT path, size, mtime_ns FROM inputs").fetchall()
    gone = changed = 0
    for path, size, mtime_ns in rows:
        try:
            st = os.stat(path)
        except OSError:
            gone += 1
            continue
        changed += (st.st_size, st.st_mtime_ns) != (size, mtime_ns)
    note = f" ({gone} no longer on disk, {changed} changed since: read again by the next ingest)" if gone or changed else ""
    report.say(f"inputs: {len(rows)} input files recorded as ingested{note}")


def _orphans(store: DuckDBStore) -> dict[str, int]:
    out = {}
    for table in ("mentions", "quotes", "events"):
        row = store.con.execute(f"SELECT count(*) FROM {table} t WHERE NOT EXISTS "
                                "(SELECT 1 FROM articles a WHERE a.id = t.article_id)").fetchone()
        if row and row[0]:
            out[table] = int(row[0])
    return out
