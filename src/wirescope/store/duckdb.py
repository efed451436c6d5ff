"""The embedded DuckDB store: schema migrations recorded in the database, idempotent per document.

Copies of one story are linked (``stories``; ``events.is_copy`` / ``quotes.is_copy`` flag what an
earlier copy of the same story already holds) so queries count a story once. Quote text has a DuckDB
full-text index, loaded offline from the ``duckdb-extension-fts`` wheel and rebuilt after each ingest.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.resources
import importlib.util
import logging
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import duckdb

from ..errors import StoreBusy, StoreError, UsageError
from ..model import Document, Rejected, actual_sql
from .relink import relink, settle_countries

log = logging.getLogger(__name__)
__all__ = ["DuckDBStore", "StoreBusy", "StoreError"]

# Rows of these tables are only ever written with their article, which is stored once.
KEYLESS_TABLES = {"mentions"}
_KEYS = {"publishers": ("name",), "articles": ("id",), "stories": ("id",), "actors": ("id",),
         "aliases": ("actor_id", "alias"), "quotes": ("article_id", "n"), "events": ("article_id", "n")}
_ROWS_PER_INSERT = 200
MIGRATIONS_TABLE = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP DEFAULT current_timestamp)"""
FTS_SCHEMA = "fts_main_quote_docs"

_MARK_EVENT_COPIES = """
UPDATE events SET is_copy = true
WHERE article_id = ? AND EXISTS (
    SELECT 1 FROM events o
    WHERE o.story = events.story AND o.article_id <> events.article_id AND NOT o.is_copy
      AND o.type = events.type AND o.cameo IS NOT DISTINCT FROM events.cameo
      AND coalesce(o.source_id, o.source_name) IS NOT DISTINCT FROM coalesce(events.source_id, events.source_name)
      AND coalesce(o.target_id, o.target_name) IS NOT DISTINCT FROM coalesce(events.target_id, events.target_name)
      AND o.negated IS NOT DISTINCT FROM events.negated AND o.modality IS NOT DISTINCT FROM events.modality)"""

# The actor index over the actors in `{actors}` (a table or subquery of ids).
_ACTOR_ROWS = """
WITH sel AS ({actors}),
names AS (SELECT actor_id, list(DISTINCT alias ORDER BY alias) AS aliases FROM aliases
          WHERE actor_id IN (SELECT id FROM sel) GROUP BY actor_id),
counts AS (SELECT actor_id, count(*) AS mentions, count(DISTINCT article_id) AS articles
           FROM mentions WHERE actor_id IN (SELECT id FROM sel) GROUP BY actor_id)
SELECT a.id, a.name, a.type, a.country, a.role, a.sector, coalesce(n.aliases, []) AS aliases,
       lower(strip_accents(concat_ws(chr(10), a.name, a.id, array_to_string(coalesce(n.aliases, []), chr(10)))))
           AS names,
       coalesce(c.mentions, 0) AS mentions, coalesce(c.articles, 0) AS articles
FROM actors a LEFT JOIN names n ON n.actor_id = a.id LEFT JOIN counts c ON c.actor_id = a.id
WHERE a.id IN (SELECT id FROM sel)
ORDER BY mentions DESC, a.name, a.id"""
_ACTOR_INDEX = "INSERT INTO actor_index " + _ACTOR_ROWS.format(actors="SELECT id FROM actors")

# Quotes of the articles `{where}` selects, numbered on from `?` newest first (k only identifies a quote:
# queries order by published, article_id, n, so incremental and full builds answer alike).
_QUOTE_DOCS = """
INSERT INTO quote_docs
SELECT ? + row_number() OVER (ORDER BY ar.published DESC NULLS LAST, q.article_id, q.n) AS k, q.qid,
       q.article_id, q.n, q.text, q.kind, q.cue, q.speaker_id, q.speaker_name, q.addressee_id, q.addressee_name,
       q.start_char, q.end_char, q.is_copy, ar.published, ar.title, ar.publisher
FROM quotes q JOIN articles ar ON ar.id = q.article_id {where} ORDER BY k"""

_QUOTE_TERMS = f"""
CREATE OR REPLACE TABLE quote_terms AS
WITH tf AS (SELECT termid, docid, count(*) AS tf FROM {FTS_SCHEMA}.terms GROUP BY termid, docid)
SELECT tf.termid, docs.name AS k,
       log((st.num_docs - d.df + 0.5) / (d.df + 0.5) + 1)
           * tf.tf * 2.2 / (tf.tf + 1.2 * (0.25 + 0.75 * docs.len / st.avgdl)) AS score,
       q.is_copy
FROM tf JOIN {FTS_SCHEMA}.dict d USING (termid) JOIN {FTS_SCHEMA}.docs docs USING (docid)
     JOIN quote_docs q ON q.k = docs.name CROSS JOIN {FTS_SCHEMA}.stats st
ORDER BY tf.termid, k"""

# Per-dyad groups of the actual events `{where}` selects (copies of a story once).
_DYAD_GROUPS = """
WITH actual AS (
    SELECT source_id, target_id, source_country, target_country, day, type, quad, goldstein FROM events
    WHERE """ + actual_sql("") + """ AND NOT is_copy {where}),
pairs AS (
    SELECT 'actor' AS level, source_id AS s, target_id AS t, day, type, quad, goldstein FROM actual
    WHERE source_id IS NOT NULL AND target_id IS NOT NULL
    UNION ALL
    SELECT 'country', source_country, target_country, day, type, quad, goldstein FROM actual
    WHERE source_country IS NOT NULL AND target_country IS NOT NULL)
SELECT hash(level, least(s, t), greatest(s, t)) AS pair, level, least(s, t) AS lo, greatest(s, t) AS hi,
       s <= t AS forward, day, type, quad, count(*) AS n, sum(goldstein) AS goldstein
FROM pairs GROUP BY ALL ORDER BY pair, day"""
_DYADS = "INSERT INTO dyads " + _DYAD_GROUPS.format(where="")
_NEW = "SELECT id FROM derived_pending WHERE kind = 'article'"
_DYAD_KEY = " AND ".join(f"d.{c} IS NOT DISTINCT FROM g.{c}"
                         for c in ("pair", "level", "lo", "hi", "forward", "day", "type", "quad"))
# Add the groups of the new events to the rows of their dyads, and insert the groups new to the table.
_DYADS_MERGE = (
    "CREATE TEMP TABLE new_dyads AS " + _DYAD_GROUPS.format(where=f"AND article_id IN ({_NEW})") + ";\n"
    f"UPDATE dyads d SET n = d.n + g.n, goldstein = CASE WHEN d.goldstein IS NULL AND g.goldstein IS NULL "
    f"THEN NULL ELSE coalesce(d.goldstein, 0) + coalesce(g.goldstein, 0) END FROM new_dyads g WHERE {_DYAD_KEY};\n"
    f"INSERT INTO dyads SELECT g.* FROM new_dyads g WHERE NOT EXISTS (SELECT 1 FROM dyads d WHERE {_DYAD_KEY});\n"
    "DROP TABLE new_dyads")
# Events by who took part (migration 009): a row per event and per actor id or country code on its sides,
# for the events `{where}` selects; UNION keeps one row when both sides share a key.
_EVENT_SIDE_ROWS = """
WITH ev AS (SELECT * FROM events {where}),
keys AS (
    SELECT 'actor' AS level, source_id AS key, article_id, n FROM ev WHERE source_id IS NOT NULL
    UNION SELECT 'actor', target_id, article_id, n FROM ev WHERE target_id IS NOT NULL
    UNION SELECT 'country', source_country, article_id, n FROM ev WHERE source_country IS NOT NULL
    UNION SELECT 'country', target_country, article_id, n FROM ev WHERE target_country IS NOT NULL)
SELECT k.level, k.key, ev.* FROM keys k JOIN ev USING (article_id, n) ORDER BY k.level, k.key, ev.day"""
_EVENT_SIDES = "INSERT INTO event_sides BY NAME " + _EVENT_SIDE_ROWS.format(where="")
_EVENT_SIDES_NEW = "INSERT INTO event_sides BY NAME " + _EVENT_SIDE_ROWS.format(where=f"WHERE article_id IN ({_NEW})")
# As the dyads: new rows are appended, and the table is sorted again when they reach this share of it.
EVENT_SIDES_UNSORTED_SHARE = 0.1
# The full-text index is rebuilt (DuckDB's fts cannot add documents to an index) when the quotes it does
# not cover reach this share of those it does, or always while the store holds at most FTS_EAGER quotes;
# in between, searches read every quote with ILIKE. `wirescope doctor` rebuilds it at any time.
FTS_EAGER = 10_000
FTS_STALE_SHARE = 0.1
# A checkpoint costs with the size of the tables written to (DuckDB rewrites their indexes and last row
# groups: 9 s at 300k events for a batch of 20 articles), so a small ingest leaves its changes in the
# write-ahead log, which the next open replays (in proportion to the log); the log is checkpointed once
# it passes this size (after an ingest, or at the next open), and after every full rebuild or migration.
# A log a killed process left is replayed and checkpointed at once on open (`_connect`).
WAL_CHECKPOINT_BYTES = 16 * 2**20
# The dyads table is kept sorted by pair (searches read a few row groups); groups inserted since the last
# full sort are appended, and it is sorted again when they reach this share of the table.
DYADS_UNSORTED_SHARE = 0.1

# What a derived table was built from: when these counts change, it is stale (and queries fall back).
_ACTOR_COUNTS = ("SELECT concat_ws(':', (SELECT count(*) FROM actors), (SELECT count(*) FROM aliases), "
                 "(SELECT count(*) FROM mentions))")
_EVENT_COUNTS = "SELECT (SELECT count(*) FROM events)::VARCHAR"

_MARK_QUOTE_COPIES = """
UPDATE quotes SET is_copy = true
WHERE article_id = ? AND EXISTS (
    SELECT 1 FROM quotes o
    WHERE o.story = quotes.story AND o.article_id <> quotes.article_id AND NOT o.is_copy
      AND o.text = quotes.text)"""


class _Absent(importlib.abc.MetaPathFinder):
    """Answers 'no such module' at once for modules known not to be installed."""

    def __init__(self, names: frozenset[str]) -> None:
        self.names = names

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> None:
        if fullname in self.names:
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        return None


def _known_absent_pandas() -> None:
    """DuckDB tries `import pandas` for every bound parameter; without pandas installed each failed import
    searches sys.path again (~0.2 ms a parameter, most of a small query). Remember the absence once."""
    if "pandas" not in sys.modules and importlib.util.find_spec("pandas") is None \
            and not any(isinstance(f, _Absent) for f in sys.meta_path):
        sys.meta_path.insert(0, _Absent(frozenset({"pandas"})))


_known_absent_pandas()


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration shipped in store/migrations, in order."""
    files = importlib.resources.files(__package__).joinpath("migrations")
    out = []
    for f in files.iterdir():
        if f.name.endswith(".sql"):
            version = int(f.name.split("_", 1)[0])
            out.append((version, f.name, f.read_text(encoding="utf-8")))
    return sorted(out)


def fts_extension_path() -> str | None:
    """The DuckDB full-text-search extension shipped by the `duckdb-extension-fts` wheel, if installed."""
    try:
        import duckdb_extension_fts  # type: ignore[import-untyped]
    except ImportError:
        return None
    root = Path(duckdb_extension_fts.__file__).parent / "extensions"
    wanted = root / f"v{duckdb.__version__}" / "fts.duckdb_extension"
    if wanted.is_file():
        return str(wanted)
    found = sorted(root.glob("*/fts.duckdb_extension"))
    return str(found[-1]) if found else None


def load_fts(con: duckdb.DuckDBPyConnection) -> bool:
    """LOAD the fts extension from the wheel (never from the network); False when unavailable."""
    path = fts_extension_path()
    if path is None:
        return False
    try:
        con.execute(f"LOAD '{path}'")  # a file path of an installed package, not user input
        return True
    except duckdb.Error as exc:
        log.info("full-text search unavailable (%s); quote search falls back to ILIKE", exc)
        return False


def _wal(path: str) -> tuple[int, int] | None:
    """(size, mtime in ns) of the write-ahead log of the store at `path`; None when there is none."""
    try:
        st = os.stat(f"{path}.wal")
    except (OSError, ValueError):
        return None
    return (st.st_size, st.st_mtime_ns) if st.st_size else None


def _clean_mark(path: str) -> Path:
    return Path(f"{path}.wal.clean")


def _mark_clean(path: str) -> None:
    """Note that the log of `path` as it is now was left by a clean close (not by a killed process)."""
    wal = _wal(path)
    mark = _clean_mark(path)
    if wal is None:
        mark.unlink(missing_ok=True)
        return
    with contextlib.suppress(OSError):
        mark.write_text(f"{wal[0]} {wal[1]}\n", encoding="ascii")


def _left_clean(path: str, wal: tuple[int, int]) -> bool:
    """True when the log is the one a clean close left (the mark matches its size and time)."""
    try:
        return _clean_mark(path).read_text(encoding="ascii").split() == [str(wal[0]), str(wal[1])]
    except (OSError, ValueError):
        return False


def _connect(path: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    config: dict[str, str | bool | int | float | list[str]] = {
        "autoinstall_known_extensions": "false", "autoload_known_extensions": "false"}
    try:
        wal = None if read_only or path == ":memory:" else _wal(path)
        con = duckdb.connect(path, read_only=read_only, config=config)
        if not read_only:
            # A checkpoint rewrites the indexes and the last row group of every table written to, which
            # costs with the store's size, not the batch's: we choose when (see WAL_CHECKPOINT_BYTES).
            con.execute("PRAGMA disable_checkpoint_on_shutdown")
            clean = wal is not None and _left_clean(path, wal)
            _clean_mark(path).unlink(missing_ok=True)  # the log changes from now on
            if wal is not None and (not clean or wal[0] > WAL_CHECKPOINT_BYTES):
                # Checkpoint what the write-ahead log of a killed run replayed, at once: DuckDB 1.5's own
                # checkpoint at close after such a replay writes row groups whose filtered scans miss rows
                # (`WHERE article_id = ?` found none of a document's mentions); an explicit one is right.
                con.execute("CHECKPOINT")
        return con
    except duckdb.ConnectionException:
        raise  # open in this process with another configuration: the caller decides
    except duckdb.Error as exc:
        raise _open_error(path, exc) from None


def _open_error(path: str, exc: Exception) -> StoreError:
    """A StoreError saying why `path` did not open, and what to do about it."""
    msg = " ".join(str(exc).split("Stack Trace:")[0].split())
    if "Could not set lock" in msg or "Conflicting lock" in msg:
        pid = re.search(r"PID (\d+)", msg)
        who = f"process {pid.group(1)}" if pid else "another process"
        return StoreBusy(f"{path} is in use by {who} (an ingest or `wirescope serve`); one writer at a time: "
                         "try again when it has finished, or post to the server's /api/ingest")
    if "replaying WAL" in msg or "WAL" in msg:
        return StoreError(f"{path} cannot be opened: its write-ahead log {path}.wal does not replay ({msg[:200]}); "
                          f"run `wirescope doctor --db {path}` to see what it holds and how to recover")
    return StoreError(f"{path} cannot be opened as a DuckDB store: {msg[:300]}")


def _create(path: str) -> None:
    """Create a new store with the whole schema, atomically: built and checkpointed in a temporary file
    beside `path`, then renamed. A kill before the rename leaves no store (and a stray temporary file);
    never a store whose write-ahead log holds schema changes DuckDB cannot replay."""
    tmp = f"{path}.new-{os.getpid()}"
    for leftover in (tmp, f"{tmp}.wal"):
        Path(leftover).unlink(missing_ok=True)
    con = _connect(tmp, read_only=False)
    try:
        store = DuckDBStore._over(con, None)
        store.fts = load_fts(con)
        store.migrate()
        con.execute("CHECKPOINT")
    finally:
        con.close()
    Path(f"{tmp}.wal").unlink(missing_ok=True)  # empty after the checkpoint
    os.replace(tmp, path)


class DuckDBStore:
    """A DuckDB file. `sandbox=True` (with `read_only`) also forbids file and network access from SQL;
    `threads` caps DuckDB's worker threads per query (1 suits many concurrent small queries);
    `memory_limit` caps DuckDB's memory ('1GB': a query that needs more fails instead)."""

    _is_reader = False  # a store over a cursor of another's connection (`reader`)

    def __init__(self, path: str, read_only: bool = False, sandbox: bool = False, threads: int | None = None,
                 memory_limit: str | None = None) -> None:
        self.path = path
        if read_only and _pending(path):
            DuckDBStore(path).close()  # bring an older store up to the current schema first
        if not read_only and path != ":memory:" and not Path(path).exists():
            _create(path)
        self.read_only = read_only
        self._ready: dict[str, bool] | None = None
        self.memo: dict[Any, Any] = {}  # look-ups valid until the next refresh (shared with readers)
        self.con = _connect(path, read_only)
        self.fts = load_fts(self.con)
        if not read_only:
            self.migrate()
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        if memory_limit:
            if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", memory_limit.strip(), re.I):
                raise UsageError(f"not a memory size such as '2GB': {memory_limit!r}")
            self.con.execute(f"SET memory_limit = '{memory_limit.strip()}'")
        if sandbox:
            self.con.execute("SET enable_external_access = false")
            self.con.execute("SET lock_configuration = true")
        if read_only:
            self.ready()  # computed once, before readers on other threads copy it

    @classmethod
    def _over(cls, con: duckdb.DuckDBPyConnection, parent: "DuckDBStore | None") -> "DuckDBStore":
        store = cls.__new__(cls)
        if parent is None:  # a bare store over `con` (while creating one)
            store.path, store.read_only, store.con, store.fts = "", False, con, False
            store._ready, store.memo = None, {}
            return store
        store.path, store.read_only, store.con, store.fts = parent.path, parent.read_only, con, parent.fts
        store._is_reader = True
        store._ready = dict(parent._ready) if parent.read_only and parent._ready is not None else None
        store.memo = parent.memo
        return store

    def reader(self) -> "DuckDBStore":
        """A store over a new cursor of the same database: one per thread (connections are not shared)."""
        return DuckDBStore._over(self.con.cursor(), self)

    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded in `schema_migrations`; return their names."""
        done = set()
        if self.con.execute("SELECT 1 FROM duckdb_tables() WHERE table_name = 'schema_migrations'").fetchone():
            done = {v for (v,) in self.con.execute("SELECT version FROM schema_migrations").fetchall()}
        todo = [m for m in migrations() if m[0] not in done]
        if not todo:
            return []
        # DuckDB cannot replay some schema changes from its write-ahead log (ALTER TABLE ... ADD COLUMN on
        # a table with a `DEFAULT current_timestamp` column): each migration starts from an empty log and
        # is checkpointed at once, so the log never holds one.
        self.con.execute("CHECKPOINT")
        self.con.execute(MIGRATIONS_TABLE)
        applied = []
        for version, name, sql in todo:
            self.con.execute("BEGIN")
            self.con.execute(sql)
            self.con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
            self.con.execute("COMMIT")
            self.con.execute("CHECKPOINT")
            applied.append(name)
        self.refresh_derived()
        return applied

    def seen_input(self, path: str, size: int, mtime_ns: int, sha: str) -> int | None:
        """How many records the input file at (absolute) `path` gave when it was ingested with this size,
        mtime and content hash; None when it was not."""
        row = self.con.execute("SELECT documents FROM inputs WHERE path = ? AND size = ? AND mtime_ns = ? "
                               "AND sha = ?", [path, size, mtime_ns, sha]).fetchone()
        return None if row is None else int(row[0])

    def record_input(self, path: str, size: int, mtime_ns: int, sha: str, documents: int) -> None:
        """Remember an input file every record of which is stored: a later ingest skips it unchanged."""
        with self._transaction():
            self.con.execute("DELETE FROM inputs WHERE path = ?", [path])
            self.con.execute("INSERT INTO inputs VALUES (?, ?, ?, ?, ?, now())",
                             [path, size, mtime_ns, sha, documents])

    def has_article(self, article_id: str) -> bool:
        return self.con.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone() is not None

    def add(self, results: Iterable[Document | Rejected],
            signatures: Callable[[str], tuple[bytes, int] | None] | None = None,
            progress_rejected: Callable[[Rejected], None] | None = None) -> dict[str, int]:
        """Store each result; a document already stored (same id) adds nothing; one DuckDB refuses is
        rejected (stage `store`, reported to `progress_rejected`) and the rest go on.

        `signatures` gives the dedup signature of an article id so later runs can find copies of it.
        """
        counts = {"stored": 0, "unchanged": 0, "rejected": 0}
        for r in results:
            if isinstance(r, Document) and r.article is not None and self.has_article(r.article.id):
                counts["unchanged"] += 1
                continue
            if isinstance(r, Document):
                try:
                    self._insert(r, signatures(r.article.id) if signatures and r.article else None)
                    counts["stored"] += 1
                    continue
                except (duckdb.Error, UnicodeError, ValueError, TypeError, OverflowError) as exc:
                    # a value DuckDB will not take: this document is rejected, the run goes on
                    r = Rejected(r.page.path, f"cannot store: {type(exc).__name__}: {_first_line(exc)}", "store")
                    if progress_rejected:
                        progress_rejected(r)
            self.con.execute("INSERT INTO rejected (path, reason, stage) VALUES (?, ?, ?)",
                             [_storable(r.path), _storable(r.reason), r.stage])
            counts["rejected"] += 1
        if counts["stored"] or not self._derived_current():
            self.update_derived()  # also when an earlier run was killed after storing, before this
        return counts

    def _derived_current(self) -> bool:
        self._ready = None
        return all(ok for key, ok in self.ready().items() if key != "fts" or self.fts)

    def _insert(self, doc: Document, signature: tuple[bytes, int] | None) -> None:
        from .rows import rows_of, story_of

        self.con.execute("BEGIN")
        try:
            # One multi-row INSERT per table (a statement costs milliseconds, a row microseconds); rows of
            # keyed tables repeated within the document are left out as INSERT OR IGNORE row by row would.
            groups: dict[tuple[str, tuple[str, ...]], list[list[Any]]] = {}
            seen: set[tuple[Any, ...]] = set()
            for table, row in rows_of(doc, signature):
                values = list(row.values())
                if table not in KEYLESS_TABLES:
                    key = (table, *(repr(row[c]) for c in _KEYS[table]))
                    if key in seen:
                        continue
                    seen.add(key)
                groups.setdefault((table, tuple(row)), []).append(values)
            for (table, columns), rows in groups.items():
                # Table and column names come from rows_of, never from input; values are parameters.
                verb = "INSERT" if table in KEYLESS_TABLES else "INSERT OR IGNORE"
                marks = "(" + ", ".join("?" for _ in columns) + ")"
                for at in range(0, len(rows), _ROWS_PER_INSERT):
                    chunk = rows[at:at + _ROWS_PER_INSERT]
                    self.con.execute(f"{verb} INTO {table} ({', '.join(columns)}) VALUES "
                                     + ", ".join(marks for _ in chunk), [v for r in chunk for v in r])
            # What the derived tables do not hold yet, committed with the article (see update_derived).
            pending = [("article", doc.article.id)] + [("actor", a.id) for a in doc.actors]  # type: ignore[union-attr]
            self.con.executemany("INSERT INTO derived_pending VALUES (?, ?)", pending)
            self._mark_copies(doc.article.id, story_of(doc))  # type: ignore[union-attr]
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    def _mark_copies(self, article_id: str, story: str) -> None:
        """Flag the events and quotes an earlier copy of the same story already holds."""
        others = self.con.execute("SELECT count(*) FROM articles WHERE cluster = ? AND id <> ?",
                                  [story, article_id]).fetchone()
        if others and others[0]:
            self.con.execute(_MARK_EVENT_COPIES, [article_id])
            self.con.execute(_MARK_QUOTE_COPIES, [article_id])

    def refresh_derived(self) -> dict[str, bool]:
        """Rebuild what is derived from the stored rows from all of them: the full-text index over quotes,
        mention counts per actor, and the sorted per-dyad event table (`update_derived` adds one ingest's).

        All or nothing: one transaction (a kill leaves the previous tables, which `ready()` then reports
        stale), checkpointed at once so the write-ahead log stays short."""
        try:
            with self._transaction():
                relink(self.con, incremental=False)  # bare surnames merged, countries settled: base rows first
                settle_countries(self.con, "SELECT id FROM actors")
                fts = self._refresh_search_index()
                for table in ("actor_index", "dyads", "event_sides"):
                    self._recreate(table)
                self.con.execute(_ACTOR_INDEX)
                self.con.execute(_DYADS)
                self.con.execute(_EVENT_SIDES)
                self.con.execute("DELETE FROM derived_pending")
                self._record_derived(sorted_dyads=True, sorted_sides=True)
        finally:
            self._ready = None
            self.memo.clear()
        self.con.execute("CHECKPOINT")
        return {"fts": fts, "actor_index": True, "dyads": True, "event_sides": True}

    def update_derived(self) -> dict[str, bool]:
        """Add the articles stored since the derived tables were last brought up to date (`derived_pending`,
        written in each article's own transaction) to them: the actor index rows of their actors, their
        events' dyad groups, their quotes' search rows; the cost follows the batch, not the store. The
        full-text index is rebuilt only past a threshold (FTS_EAGER, FTS_STALE_SHARE); `refresh_derived`
        instead when a derived table is missing. All or nothing, as `refresh_derived`."""
        have = {t for (t,) in self.con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"
                                                 " AND table_name IN ('actor_index', 'dyads', 'quote_docs', "
                                                 "'event_sides')").fetchall()}
        built = self.con.execute("SELECT count(*) FROM store_meta WHERE key = 'event_sides'").fetchone()
        if len(have) < 4 or not built or not built[0]:
            return self.refresh_derived()  # a table missing, or event_sides never built
        try:
            with self._transaction():
                relink(self.con, incremental=True)  # bare surnames merged, countries settled: base rows first
                settle_countries(self.con, "SELECT id FROM derived_pending WHERE kind = 'actor'")
                self.con.execute("CREATE TEMP TABLE affected_actors AS SELECT DISTINCT id FROM derived_pending "
                                 f"WHERE kind = 'actor' UNION SELECT actor_id FROM mentions WHERE article_id IN ({_NEW})")
                self.con.execute("DELETE FROM actor_index WHERE id IN (SELECT id FROM affected_actors)")
                self.con.execute("INSERT INTO actor_index " + _ACTOR_ROWS.format(actors="SELECT id FROM affected_actors"))
                self.con.execute("DROP TABLE affected_actors")
                last = self.con.execute("SELECT coalesce(max(k), 0) FROM quote_docs").fetchone()
                self.con.execute(_QUOTE_DOCS.format(where=f"WHERE q.article_id IN ({_NEW})"), [last[0] if last else 0])
                for statement in _DYADS_MERGE.split(";\n"):
                    self.con.execute(statement)
                sort_sides = self._add_event_sides()
                self.con.execute("DELETE FROM derived_pending")
                rows = self.con.execute("SELECT count(*) FROM dyads").fetchone()
                total = int(rows[0]) if rows else 0
                sort = total - self._meta_int("dyads_sorted") > DYADS_UNSORTED_SHARE * total
                if sort:  # appended groups have widened too many row groups' ranges: sort again
                    self._recreate("dyads")
                    self.con.execute(_DYADS)
                fts = self.fts and self._fts_due()
                if fts:
                    self._refresh_search_index()
                self._record_derived(sorted_dyads=sort, sorted_sides=sort_sides)
        finally:
            self._ready = None
            self.memo.clear()
        wal = _wal(self.path) if self.path and self.path != ":memory:" else None
        if sort or sort_sides or fts or (wal is not None and wal[0] > WAL_CHECKPOINT_BYTES):  # see WAL_CHECKPOINT_BYTES
            self.con.execute("CHECKPOINT")
        return {"fts": self.search_index_ready(), "actor_index": True, "dyads": True, "event_sides": True}

    def _add_event_sides(self) -> bool:
        """Append the rows of the pending articles' events to event_sides (inside update_derived's
        transaction); sort the whole table again when the unsorted rows pass EVENT_SIDES_UNSORTED_SHARE.
        True when it was sorted."""
        self.con.execute(_EVENT_SIDES_NEW)
        rows = self.con.execute("SELECT count(*) FROM event_sides").fetchone()
        total = int(rows[0]) if rows else 0
        if total - self._meta_int("event_sides_sorted") <= EVENT_SIDES_UNSORTED_SHARE * total:
            return False
        self._recreate("event_sides")
        self.con.execute(_EVENT_SIDES)
        return True

    def _meta_int(self, key: str) -> int:
        row = self.con.execute("SELECT value FROM store_meta WHERE key = ?", [key]).fetchone()
        return int(row[0]) if row and row[0] is not None and str(row[0]).isdigit() else 0

    def _fts_due(self) -> bool:
        """True when the full-text index should be rebuilt now (see FTS_EAGER)."""
        quotes = self.con.execute("SELECT count(*) FROM quotes").fetchone()
        total = int(quotes[0]) if quotes else 0
        indexed = self._meta_int("fts_quotes")
        exists = self.con.execute("SELECT count(*) FROM duckdb_schemas() WHERE schema_name = ?",
                                  [FTS_SCHEMA]).fetchone()
        if not exists or not exists[0] or total <= FTS_EAGER:
            return total != indexed or not exists or not exists[0]
        return total - indexed >= FTS_STALE_SHARE * indexed

    def _record_derived(self, sorted_dyads: bool, sorted_sides: bool = False) -> None:
        """What the derived tables now hold (`ready()` compares), inside the caller's transaction."""
        for key, counts in (("actor_index", _ACTOR_COUNTS), ("dyads", _EVENT_COUNTS), ("event_sides", _EVENT_COUNTS)):
            self.con.execute(f"INSERT OR REPLACE INTO store_meta SELECT ?, ({counts})", [key])
        self.con.execute("INSERT OR REPLACE INTO store_meta SELECT 'quote_docs', (SELECT count(*) FROM quotes)")
        if sorted_dyads:
            self.con.execute("INSERT OR REPLACE INTO store_meta SELECT 'dyads_sorted', (SELECT count(*) FROM dyads)")
        if sorted_sides:
            self.con.execute("INSERT OR REPLACE INTO store_meta SELECT 'event_sides_sorted', "
                             "(SELECT count(*) FROM event_sides)")

    def _recreate(self, table: str) -> None:
        """Drop and re-create an empty derived table from its definition (keeps its keys); creates it when
        missing (a store left so by an older version)."""
        ddl = self.con.execute("SELECT sql FROM duckdb_tables() WHERE table_name = ? AND schema_name = 'main'",
                               [table]).fetchone()
        if table == "quote_docs":
            self._drop_fts()
        if ddl is not None:
            self.con.execute(f"DROP TABLE {table}")
        self.con.execute(ddl[0] if ddl is not None else derived_ddl(table))

    def _drop_fts(self) -> None:
        """Drop the full-text index one object at a time: DuckDB cannot replay the `DROP SCHEMA ... CASCADE`
        of `PRAGMA drop_fts_index` from its write-ahead log (the schema's tables are still there)."""
        for (name,) in self.con.execute("SELECT function_name FROM duckdb_functions() WHERE schema_name = ? "
                                        "AND function_type = 'macro'", [FTS_SCHEMA]).fetchall():
            self.con.execute(f'DROP MACRO IF EXISTS {FTS_SCHEMA}."{name}"')
        for (name,) in self.con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = ?",
                                        [FTS_SCHEMA]).fetchall():
            self.con.execute(f'DROP TABLE IF EXISTS {FTS_SCHEMA}."{name}"')
        self.con.execute(f"DROP SCHEMA IF EXISTS {FTS_SCHEMA}")

    def refresh_search_index(self) -> bool:
        """Rebuild `quote_docs`, the full-text index over it and `quote_terms` (one transaction)."""
        try:
            with self._transaction():
                fts = self._refresh_search_index()
        finally:
            self._ready = None
        return fts

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """All or nothing: commit when the block ends, roll back when it raises (a kill rolls back too)."""
        self.con.execute("BEGIN")
        try:
            yield
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def _refresh_search_index(self) -> bool:
        """Rebuild `quote_docs`, the full-text index over it, and `quote_terms` (the BM25 weight of each
        term in each quote, sorted by term, so a search reads only the row groups of its terms and sums);
        False when the fts extension is unavailable. Inside the caller's transaction."""
        self._recreate("quote_docs")
        self.con.execute(_QUOTE_DOCS.format(where=""), [0])
        self.con.execute("INSERT OR REPLACE INTO store_meta SELECT 'quote_docs', (SELECT count(*) FROM quotes)")
        self._ready = None
        if not self.fts:
            return False
        self.con.execute("PRAGMA create_fts_index('quote_docs', 'k', 'text')")
        self.con.execute(_QUOTE_TERMS)
        self.memo.clear()
        count = self.con.execute("SELECT count(*) FROM quotes").fetchone()[0]  # type: ignore[index]
        self.con.execute("INSERT OR REPLACE INTO store_meta VALUES ('fts_quotes', ?)", [str(count)])
        self._ready = None
        return True

    def ready(self) -> dict[str, bool]:
        """Which derived tables are current (cached on read-only stores, which cannot change under us)."""
        if self._ready is not None and self.read_only:
            return self._ready
        row = self.con.execute(f"""
            SELECT (SELECT value FROM store_meta WHERE key = 'fts_quotes') = (SELECT count(*) FROM quotes)::VARCHAR,
                   (SELECT count(*) FROM duckdb_schemas() WHERE schema_name = ?) > 0,
                   (SELECT value FROM store_meta WHERE key = 'actor_index') = ({_ACTOR_COUNTS}),
                   (SELECT value FROM store_meta WHERE key = 'dyads') = ({_EVENT_COUNTS}),
                   (SELECT value FROM store_meta WHERE key = 'quote_docs') = (SELECT count(*) FROM quotes)::VARCHAR,
                   (SELECT value FROM store_meta WHERE key = 'event_sides') = ({_EVENT_COUNTS})
            """, [FTS_SCHEMA]).fetchone()
        assert row is not None
        self._ready = {"fts": bool(self.fts and row[0] and row[1]), "actor_index": bool(row[2]),
                       "dyads": bool(row[3]), "quote_docs": bool(row[4]), "event_sides": bool(row[5])}
        return self._ready

    def search_index_ready(self) -> bool:
        """True when the full-text index exists, is loadable here, and covers every stored quote."""
        return self.fts and self.ready()["fts"]

    def load_signatures(self, index: Any, limit: int | None = None) -> int:
        """Put the dedup signatures of the latest `limit` stored articles (default
        `stages.dedup.LOAD_WINDOW`) into `index`, oldest first; return how many."""
        from ..stages.dedup import LOAD_WINDOW

        rows = self.con.execute(
            "SELECT * FROM (SELECT id, minhash, shingles, cluster, ingested_at, rowid AS r FROM articles "
            "WHERE minhash IS NOT NULL ORDER BY ingested_at DESC, r DESC LIMIT ?) ORDER BY ingested_at, r",
            [LOAD_WINDOW if limit is None else limit]).fetchall()
        for doc_id, blob, size, cluster, _, _ in rows:
            index.add_stored(doc_id, bytes(blob), size, cluster)
        return len(rows)

    def persons(self) -> list[tuple[str, str, str | None, int]]:
        """(id, name, country, mentions) of every person stored under a full name, for linking bare
        surnames in later documents (see `stages.actors.linking`)."""
        if self.ready()["actor_index"]:  # counted already: no scan of the mentions
            return self.con.execute(
                "SELECT id, name, country, mentions FROM actor_index WHERE type = 'PERSON' AND name LIKE '% %' "
                "AND mentions > 0 ORDER BY id").fetchall()
        return self.con.execute(
            "SELECT a.id, a.name, a.country, count(*) FROM actors a JOIN mentions m ON m.actor_id = a.id "
            "WHERE a.type = 'PERSON' AND a.name LIKE '% %' GROUP BY a.id, a.name, a.country ORDER BY a.id").fetchall()

    def query(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, params or [])
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]

    def stats(self) -> dict[str, Any]:
        one = self.con.execute
        return {
            table: one(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]
            for table in ("articles", "stories", "publishers", "actors", "mentions", "quotes", "events",
                          "rejected")
        }

    def close(self) -> None:
        self.con.close()
        if not self.read_only and self.path and self.path != ":memory:" and not self._is_reader:
            _mark_clean(self.path)


def _first_line(exc: BaseException) -> str:
    return " ".join(str(exc).split("\n")[0].split())[:200]


def _storable(text: str) -> str:
    """`text` without lone surrogates (which DuckDB's UTF-8 strings cannot hold)."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape" if _only_escapes(text) else "replace") \
            .decode("utf-8", "backslashreplace")


def _only_escapes(text: str) -> bool:
    return all(not 0xD800 <= ord(c) < 0xDC80 and not 0xDD00 <= ord(c) <= 0xDFFF for c in text)


def derived_ddl(table: str) -> str:
    """The CREATE TABLE statement of a derived table, from the migration that defines it."""
    found = None
    for _, _, sql in migrations():  # the last definition (a later migration may redefine a table)
        body = re.sub(r"--[^\n]*", "", sql)
        for statement in body.split(";"):
            if re.match(rf"\s*CREATE TABLE {re.escape(table)}\s*\(", statement):
                found = statement.strip()
    if found is None:
        raise KeyError(table)
    return found


def _pending(path: str) -> bool:
    """True when the store at `path` exists but lacks some shipped migration."""
    if path == ":memory:" or not Path(path).exists():
        return False
    try:
        con = _connect(path, read_only=True)
    except duckdb.ConnectionException:  # open in this process with another configuration: leave it be
        return False
    try:
        has = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_migrations'").fetchone()
        if not has or not has[0]:
            return False
        done = {v for (v,) in con.execute("SELECT version FROM schema_migrations").fetchall()}
    finally:
        con.close()
    return any(v not in done for v, _, _ in migrations())
