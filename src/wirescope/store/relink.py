"""Store-level settling of actors after an ingest: bare surnames merged into the full-name person, and each
actor's country taken from all its mentions.

The pipeline links a bare "Mr Frost" only to a full name met earlier in input order (`stages.actors.linking`),
so which articles came first decides whether `person:frost` survives. Once the rows are stored, the store
knows every full name it holds: `relink` merges each bare-surname id the same rule resolves (one person
holding `DOMINANCE` of the surname's mentions) into that person, whatever the order of ingest. `settle_countries`
sets an actor's country to the one most of its mentions carry (ties: the latest article, then the code), not
the one of the first article stored. Both run inside the caller's transaction, before the derived tables
are brought up to date.
"""

from __future__ import annotations

from typing import Any

# Event and quote columns holding an actor: (id column, name column).
_REFS = {"events": (("source_id", "source_name"), ("target_id", "target_name")),
         "quotes": (("speaker_id", "speaker_name"), ("addressee_id", "addressee_name")),
         "quote_docs": (("speaker_id", "speaker_name"), ("addressee_id", "addressee_name"))}

# Persons (with their mention counts) sharing a name word with `{scope}`: every person, or only those an
# incremental update can concern (a surname of the batch's people), so its cost follows the batch.
_PERSONS = """
WITH sel AS (SELECT id, name, country FROM actors WHERE type = 'PERSON' {scope})
SELECT s.id, s.name, s.country, count(m.actor_id) FROM sel s LEFT JOIN mentions m ON m.actor_id = s.id
GROUP BY s.id, s.name, s.country ORDER BY s.id"""
_BATCH_WORDS = """
SELECT DISTINCT w FROM (SELECT unnest(string_split(lower(a.name), ' ')) AS w FROM actors a
    WHERE a.type = 'PERSON' AND a.id IN (SELECT id FROM derived_pending WHERE kind = 'actor')) ORDER BY w"""

# The most frequent country of the mentions of the actors in `{actors}`; ties go to the latest article.
_COUNTRIES = """
WITH counted AS (
    SELECT m.actor_id, m.country, count(*) AS n, max(ar.published) AS latest
    FROM mentions m JOIN articles ar ON ar.id = m.article_id
    WHERE m.country IS NOT NULL AND m.actor_id IN ({actors}) GROUP BY m.actor_id, m.country),
best AS (
    SELECT actor_id, country FROM (
        SELECT actor_id, country, row_number() OVER (PARTITION BY actor_id
            ORDER BY n DESC, latest DESC NULLS LAST, country) AS r FROM counted) WHERE r = 1)
UPDATE actors SET country = best.country FROM best
WHERE actors.id = best.actor_id AND actors.country IS DISTINCT FROM best.country"""


def merges(con: Any, incremental: bool) -> dict[str, tuple[str, str]]:
    """bare-surname actor id -> (id, name) of the full-name person the store's people resolve it to
    (`incremental`: only the surnames of the people the pending articles name)."""
    from ..kb.actors import person_id  # the actors stage, only when a store is written
    from ..model import Actor
    from ..stages.actors.linking import PersonIndex

    if incremental:
        words = [w for (w,) in con.execute(_BATCH_WORDS).fetchall() if w]
        if not words:
            return {}
        rows = con.execute(_PERSONS.format(scope="AND list_has_any(string_split(lower(name), ' '), ?)"),
                           [words]).fetchall()
    else:
        rows = con.execute(_PERSONS.format(scope="")).fetchall()
    index = PersonIndex()
    for aid, name, country, n in rows:
        if n:
            index.add(aid, name, country, n)
    out = {}
    for aid, name, country, _ in rows:
        if " " in name.strip() or aid != person_id(name):
            continue
        # no country source is stored: the country is weak, as one the article did not give the name itself
        person = index.resolve(Actor(id=aid, name=name, type="PERSON", country=country))
        if person is not None and person.id != aid:
            out[aid] = (person.id, person.name)
    return out


def relink(con: Any, incremental: bool) -> list[str]:
    """Merge every bare-surname person the store resolves into its full-name person: mentions, aliases,
    events, quotes (and the search rows of quotes) re-pointed, the bare actor row removed. When
    `incremental` (an incremental update), the actor-level dyad groups of the merged ids are rebuilt
    here for the articles already in the derived tables; the caller adds the pending ones. Returns the
    ids of the people that took in a bare id (their derived rows are stale)."""
    links = merges(con, incremental)
    if not links:
        return []
    con.execute("CREATE TEMP TABLE relinks (old VARCHAR, new VARCHAR, name VARCHAR)")
    con.executemany("INSERT INTO relinks VALUES (?, ?, ?)", [[o, n, name] for o, (n, name) in sorted(links.items())])
    con.execute("UPDATE mentions SET actor_id = r.new FROM relinks r WHERE mentions.actor_id = r.old")
    con.execute("INSERT OR IGNORE INTO aliases SELECT r.new, a.alias FROM aliases a JOIN relinks r ON a.actor_id = r.old")
    con.execute("INSERT OR IGNORE INTO aliases SELECT r.new, x.name FROM actors x JOIN relinks r ON x.id = r.old")
    con.execute("DELETE FROM aliases WHERE actor_id IN (SELECT old FROM relinks)")
    for table, pairs in _REFS.items():
        if table == "quote_docs" and not incremental:
            continue  # rebuilt by the caller
        for id_col, name_col in pairs:
            con.execute(f"UPDATE {table} SET {id_col} = r.new, {name_col} = r.name FROM relinks r "
                        f"WHERE {table}.{id_col} = r.old")
    con.execute("DELETE FROM actors WHERE id IN (SELECT old FROM relinks)")
    if incremental:
        _rebuild_actor_dyads(con)
        _rebuild_event_sides(con)
    people = sorted({n for n, _ in links.values()})
    con.execute("INSERT INTO derived_pending SELECT 'actor', id FROM (SELECT DISTINCT new AS id FROM relinks "
                "UNION SELECT old FROM relinks) ORDER BY id")
    con.execute("DROP TABLE relinks")
    return people


def _rebuild_actor_dyads(con: Any) -> None:
    """The actor-level dyad groups touching a merged id, from the events of the articles the derived
    tables already hold (pending articles are added by the caller's merge)."""
    from .duckdb import _DYAD_GROUPS, _NEW  # noqa: PLC0415 (duckdb imports this module)

    ids = "SELECT old FROM relinks UNION SELECT new FROM relinks"
    con.execute(f"DELETE FROM dyads WHERE level = 'actor' AND (lo IN ({ids}) OR hi IN ({ids}))")
    where = f"AND (source_id IN ({ids}) OR target_id IN ({ids})) AND article_id NOT IN ({_NEW})"
    con.execute(f"INSERT INTO dyads SELECT * FROM ({_DYAD_GROUPS.format(where=where)}) WHERE level = 'actor'")


def _rebuild_event_sides(con: Any) -> None:
    """The event_sides rows of the events touching a merged id (their ids, names and keys changed), for
    the articles the derived tables already hold (pending articles are added by the caller)."""
    from .duckdb import _EVENT_SIDE_ROWS, _NEW  # noqa: PLC0415 (duckdb imports this module)

    ids = "SELECT old FROM relinks UNION SELECT new FROM relinks"
    touched = f"(source_id IN ({ids}) OR target_id IN ({ids})) AND article_id NOT IN ({_NEW})"
    con.execute(f"DELETE FROM event_sides WHERE (article_id, n) IN (SELECT article_id, n FROM events WHERE {touched})")
    con.execute("INSERT INTO event_sides BY NAME " + _EVENT_SIDE_ROWS.format(where="WHERE " + touched))


def settle_countries(con: Any, actors: str) -> None:
    """Each actor of the subquery `actors` takes the country most of its mentions carry."""
    con.execute(_COUNTRIES.format(actors=actors))
