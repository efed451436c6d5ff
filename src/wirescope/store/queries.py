"""Read queries over the store, shared by the CLI, the REST API and the dashboard.

Every value from a user is a bound parameter; only fixed SQL fragments are concatenated.
"""

from __future__ import annotations

from typing import Any

from .duckdb import DuckDBStore

Rows = list[dict[str, Any]]


def find_actors(store: DuckDBStore, q: str | None = None, limit: int = 50, offset: int = 0) -> Rows:
    """Actors whose name or any alias contains `q` (case-insensitive), most mentioned first."""
    where, params = "", []
    if q:
        where = "WHERE a.id IN (SELECT actor_id FROM aliases WHERE alias ILIKE ?) OR a.name ILIKE ? OR a.id = ?"
        params = [f"%{q}%", f"%{q}%", q]
    return store.query(f"""
        SELECT a.id, a.name, a.type, a.country, a.role, a.sector,
               (SELECT list(DISTINCT alias ORDER BY alias) FROM aliases WHERE actor_id = a.id) AS aliases,
               (SELECT count(*) FROM mentions m WHERE m.actor_id = a.id) AS mentions,
               (SELECT count(DISTINCT article_id) FROM mentions m WHERE m.actor_id = a.id) AS articles
        FROM actors a {where}
        ORDER BY mentions DESC, a.name LIMIT ? OFFSET ?""", params + [limit, offset])


def find_quotes(store: DuckDBStore, speaker: str | None = None, text: str | None = None,
                limit: int = 50, offset: int = 0) -> Rows:
    clauses, params = [], []
    if speaker:
        clauses.append("""(q.speaker_name ILIKE ? OR q.speaker_id IN
                           (SELECT actor_id FROM aliases WHERE alias ILIKE ?) OR q.speaker_id = ?)""")
        params += [f"%{speaker}%", f"%{speaker}%", speaker]
    if text:
        clauses.append("q.text ILIKE ?")
        params.append(f"%{text}%")
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    return store.query(f"""
        SELECT q.speaker_name AS speaker, q.kind, q.text, q.cue, q.addressee_name AS addressee,
               ar.published, ar.title, q.article_id, q.start_char, q.end_char
        FROM quotes q JOIN articles ar ON ar.id = q.article_id {where}
        ORDER BY ar.published DESC NULLS LAST, q.article_id, q.n LIMIT ? OFFSET ?""", params + [limit, offset])


def find_events(store: DuckDBStore, actor: str | None = None, type_: str | None = None,
                actual_only: bool = False, limit: int = 50, offset: int = 0) -> Rows:
    clauses, params = [], []
    if actor:
        clauses.append("""(e.source_id = ? OR e.target_id = ? OR e.source_country = ? OR e.target_country = ?
                          OR e.source_name ILIKE ? OR e.target_name ILIKE ?)""")
        params += [actor, actor, actor.upper(), actor.upper(), f"%{actor}%", f"%{actor}%"]
    if type_:
        clauses.append("e.type = ?")
        params.append(type_.upper())
    if actual_only:
        clauses.append("NOT e.negated AND e.modality IN ('asserted', 'reported')")
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    return store.query(f"""
        SELECT coalesce(e.date, ar.published) AS date, e.source_name AS source, e.source_country,
               e.type, e.cameo, e.goldstein, e.target_name AS target, e.target_country, e.negated,
               e.modality, e.location_name AS location, e.trigger, e.article_id, e.start_char, e.end_char
        FROM events e JOIN articles ar ON ar.id = e.article_id {where}
        ORDER BY date DESC NULLS LAST, e.article_id, e.n LIMIT ? OFFSET ?""", params + [limit, offset])
