"""Load the Parquet tables of a Spark job (`wirescope spark`) into a DuckDB store, as `ingest` would store them.

Articles already in the store are left as they are (with their mentions, quotes and events); new ones
are inserted in input order (the ``seq`` column), each followed by the marking of the events and quotes
an earlier copy of its story already holds, exactly as `DuckDBStore.add` does per document; the
derived tables are rebuilt once at the end. DuckDB can also query the files directly:
``SELECT * FROM read_parquet('DIR/events/**/*.parquet', hive_partitioning = true)``.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

TABLES = ("publishers", "articles", "stories", "actors", "aliases", "mentions", "quotes", "events", "rejected")
PER_ARTICLE = ("mentions", "quotes", "events")


def _source(out: str, table: str) -> str | None:
    folder = Path(out) / table
    if not folder.is_dir() or not any(folder.rglob("*.parquet")):
        return None
    return f"read_parquet('{folder.as_posix()}/**/*.parquet', hive_partitioning = true, union_by_name = true)"


def load_parquet(out: str, db: str) -> dict[str, int]:
    """Load the job output under `out` into the store at `db`; counts as `DuckDBStore.add` returns them."""
    from ..errors import UsageError
    from ..store.duckdb import _MARK_EVENT_COPIES, _MARK_QUOTE_COPIES, DuckDBStore

    if not os.path.isdir(out) or _source(out, "articles") is None and _source(out, "rejected") is None:
        raise UsageError(f"no Parquet tables of a `wirescope spark` run under {out}")
    store = DuckDBStore(db)
    con = store.con
    counts = {"stored": 0, "unchanged": 0, "rejected": 0}
    try:
        src = {t: _source(out, t) for t in TABLES}
        cols: dict[str, list[str]] = {}
        for t in TABLES:  # the store's columns the job wrote (others keep their defaults, as in `add`)
            have = {r["column_name"] for r in store.query(f"DESCRIBE SELECT * FROM {src[t]}")} if src[t] else set()
            cols[t] = [r["column_name"] for r in store.query(f"DESCRIBE {t}") if r["column_name"] in have]
            if not cols[t]:
                src[t] = None

        def select(table: str, where: str = "") -> str:
            return f"SELECT {', '.join(cols[table])} FROM {src[table]} {where} ORDER BY seq"

        con.execute("BEGIN")
        if src["rejected"]:
            n = con.execute(f"SELECT count(*) FROM {src['rejected']}").fetchone()
            con.execute(f"INSERT INTO rejected ({', '.join(cols['rejected'])}) {select('rejected')}")
            counts["rejected"] = int(n[0]) if n else 0
        new: list[tuple[str, str | None]] = []
        if src["articles"]:
            con.execute(f"CREATE TEMP TABLE spark_articles AS SELECT * FROM {src['articles']}")
            total = con.execute("SELECT count(*) FROM spark_articles").fetchone()
            new = [(r[0], r[1]) for r in con.execute(
                "SELECT id, cluster FROM spark_articles WHERE id NOT IN (SELECT id FROM articles) ORDER BY seq"
            ).fetchall()]
            counts["stored"] = len(new)
            counts["unchanged"] = (int(total[0]) if total else 0) - len(new)
            con.execute("CREATE TEMP TABLE spark_new AS SELECT id FROM spark_articles "
                        "WHERE id NOT IN (SELECT id FROM articles)")
            for table in ("publishers", "articles", "stories", "actors", "aliases"):
                if src[table]:
                    cond = "WHERE id IN (SELECT id FROM spark_new)" if table == "articles" else ""
                    con.execute(f"INSERT OR IGNORE INTO {table} ({', '.join(cols[table])}) {select(table, cond)}")
            for table in PER_ARTICLE:
                if src[table]:
                    con.execute(f"CREATE TEMP TABLE spark_{table} AS SELECT * FROM {src[table]} "
                                "WHERE article_id IN (SELECT id FROM spark_new)")
            for article_id, cluster in new:  # in input order, as ingest stores them one by one
                for table in PER_ARTICLE:
                    if src[table]:
                        con.execute(f"INSERT INTO {table} ({', '.join(cols[table])}) SELECT "
                                    f"{', '.join(cols[table])} FROM spark_{table} WHERE article_id = ? ORDER BY seq",
                                    [article_id])
                story = cluster or article_id
                others = con.execute("SELECT count(*) FROM articles WHERE cluster = ? AND id <> ?",
                                     [story, article_id]).fetchone()
                if others and others[0]:
                    con.execute(_MARK_EVENT_COPIES, [article_id])
                    con.execute(_MARK_QUOTE_COPIES, [article_id])
        con.execute("COMMIT")
        if counts["stored"]:
            store.refresh_derived()
        return counts
    except Exception:
        _rollback(con)
        raise
    finally:
        store.close()


def _rollback(con: Any) -> None:
    with contextlib.suppress(Exception):  # nothing open
        con.execute("ROLLBACK")
