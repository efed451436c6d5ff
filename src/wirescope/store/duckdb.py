"""The embedded DuckDB store: schema migrations recorded in the database, idempotent per document."""

from __future__ import annotations

import importlib.resources
from typing import Any, Callable, Iterable

import duckdb

from ..model import Document, Rejected

MIGRATIONS_TABLE = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP DEFAULT current_timestamp)"""


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration shipped in store/migrations, in order."""
    files = importlib.resources.files(__package__).joinpath("migrations")
    out = []
    for f in files.iterdir():
        if f.name.endswith(".sql"):
            version = int(f.name.split("_", 1)[0])
            out.append((version, f.name, f.read_text(encoding="utf-8")))
    return sorted(out)


class DuckDBStore:
    def __init__(self, path: str, read_only: bool = False) -> None:
        self.path = path
        self.con = duckdb.connect(path, read_only=read_only)
        if not read_only:
            self.migrate()

    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded in `schema_migrations`; return their names."""
        self.con.execute(MIGRATIONS_TABLE)
        done = {v for (v,) in self.con.execute("SELECT version FROM schema_migrations").fetchall()}
        applied = []
        for version, name, sql in migrations():
            if version in done:
                continue
            self.con.execute("BEGIN")
            self.con.execute(sql)
            self.con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
            self.con.execute("COMMIT")
            applied.append(name)
        return applied

    def has_article(self, article_id: str) -> bool:
        return self.con.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone() is not None

    def add(self, results: Iterable[Document | Rejected],
            signatures: Callable[[str], tuple[bytes, int] | None] | None = None) -> dict[str, int]:
        """Store each result; a document already stored (same id) adds nothing.

        `signatures` gives the dedup signature of an article id so later runs can find copies of it.
        """
        counts = {"stored": 0, "unchanged": 0, "rejected": 0}
        for r in results:
            if isinstance(r, Rejected):
                self.con.execute("INSERT INTO rejected (path, reason, stage) VALUES (?, ?, ?)",
                                 [r.path, r.reason, r.stage])
                counts["rejected"] += 1
            elif r.article is not None and self.has_article(r.article.id):
                counts["unchanged"] += 1
            else:
                self._insert(r, signatures(r.article.id) if signatures and r.article else None)
                counts["stored"] += 1
        return counts

    def _insert(self, doc: Document, signature: tuple[bytes, int] | None) -> None:
        from .rows import rows_of

        self.con.execute("BEGIN")
        try:
            for table, row in rows_of(doc, signature):
                cols = ", ".join(row)
                marks = ", ".join("?" for _ in row)
                # Table and column names come from rows_of, never from input; values are parameters.
                self.con.execute(f"INSERT OR IGNORE INTO {table} ({cols}) VALUES ({marks})", list(row.values()))
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    def load_signatures(self, index: Any) -> int:
        """Put the dedup signatures of stored articles into `index`; return how many."""
        rows = self.con.execute(
            "SELECT id, minhash, shingles, cluster FROM articles WHERE minhash IS NOT NULL").fetchall()
        for doc_id, blob, size, cluster in rows:
            index.add_stored(doc_id, bytes(blob), size, cluster)
        return len(rows)

    def query(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, params or [])
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    def stats(self) -> dict[str, Any]:
        one = self.con.execute
        return {
            table: one(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]
            for table in ("articles", "actors", "mentions", "quotes", "events", "rejected")
        } | {"stories": one("SELECT count(DISTINCT cluster) FROM articles").fetchone()[0]}  # type: ignore[index]

    def close(self) -> None:
        self.con.close()
