"""Story-level event cards: one card per event of a story (the same story, type, source and target,
negated or not), however many copies told it, with its copies and sources counted (GDELT's
NumArticles/NumSources) and each copy's evidence sentence.

Grouping every event of a large store costs seconds, so a page of cards is found in two steps: which
groups are on the page, from a narrowed set of events, then the cards of those groups only.
- sort by sources with `min_sources` >= 2: only stories told by that many publishers can hold such a
  card, and few stories are;
- sort by date: the groups whose first day is on or after day D, where D is the day of the Nth newest
  matching event, are exactly the groups with an event on or after D whose every event is; when there
  are enough of them for the page, the page is the newest of them. Else the whole store is grouped.
"""

from __future__ import annotations

from typing import Any

from .duckdb import DuckDBStore

Rows = list[dict[str, Any]]
EVIDENCE_PER_CARD = 20
CANDIDATES_PER_CARD = 4  # events read back from the newest for each card of a page (sort by date)

STORY = "coalesce(e.story, e.article_id)"
GROUP = f"{STORY}, e.type, e.source_id, coalesce(e.source_id, e.source_name), e.target_id, " \
        "coalesce(e.target_id, e.target_name), e.negated"
KEY = f"hash({STORY}, e.type, coalesce(e.source_id, e.source_name), coalesce(e.target_id, e.target_name), e.negated)"
SOURCES = "count(DISTINCT coalesce(a.publisher, a.id))"


def page_keys(store: DuckDBStore, events: str, where: str, params: list[Any], min_sources: int, sort: str,
              limit: int, offset: int) -> list[tuple[int, str]]:
    """(group key, story) of each card of one page, in page order. `events` is what the filters read
    (`Filters.events`) and `params` the parameters of `FROM {events} e {where}`."""
    order = "sources DESC, date DESC NULLS LAST, g" if sort == "sources" else "date DESC NULLS LAST, sources DESC, g"
    narrow, narrow_params = "", []
    if sort == "sources" and min_sources >= 2:
        narrow = f"""AND {STORY} IN (SELECT coalesce(cluster, id) FROM articles GROUP BY 1
                                     HAVING count(DISTINCT coalesce(publisher, id)) >= ?)"""
        narrow_params = [min_sources]
    elif sort == "date":
        keys = _newest_keys(store, events, where, params, min_sources, order, limit, offset)
        if keys is not None:
            return keys
    rows = store.con.execute(f"""
        SELECT {KEY} AS g, any_value({STORY}), min(e.day) AS date, {SOURCES} AS sources
        FROM {events} e JOIN articles a ON a.id = e.article_id {_and(where, narrow)}
        GROUP BY g HAVING {SOURCES} >= ? ORDER BY {order} LIMIT ? OFFSET ?""",
        params + narrow_params + [min_sources, limit, offset]).fetchall()
    return [(r[0], r[1]) for r in rows]


def _newest_keys(store: DuckDBStore, events: str, where: str, params: list[Any], min_sources: int, order: str,
                 limit: int, offset: int) -> list[tuple[int, str]] | None:
    """The page by date from the stories of the newest events, or None when they do not fill it."""
    want = limit + offset
    found = store.con.execute(f"""SELECT e.day FROM {events} e {_and(where, "AND e.day IS NOT NULL")}
                                  ORDER BY e.day DESC LIMIT 1 OFFSET ?""", params + [want * CANDIDATES_PER_CARD]).fetchone()
    if found is None:
        return None  # fewer dated events than that: grouping them all is cheap
    day = found[0]
    newest = f"AND {STORY} IN (SELECT {STORY} FROM {events} e {_and(where, 'AND e.day >= ?')})"
    rows = store.con.execute(f"""
        SELECT {KEY} AS g, any_value({STORY}), min(e.day) AS date, {SOURCES} AS sources
        FROM {events} e JOIN articles a ON a.id = e.article_id {_and(where, newest)}
        GROUP BY g HAVING {SOURCES} >= ? AND min(e.day) >= ? ORDER BY {order}""",
        params + params + [day, min_sources, day]).fetchall()
    if len(rows) < want:
        return None  # the newest events' groups do not fill the page (e.g. few pass min_sources)
    return [(r[0], r[1]) for r in rows[offset:want]]


def cards_of(store: DuckDBStore, events: str, where: str, params: list[Any], keys: list[tuple[int, str]]) -> Rows:
    """The cards of the groups `keys` ((key, story) pairs), in that order."""
    if not keys:
        return []
    cards = store.query(f"""
        SELECT {KEY} AS _key, {STORY} AS story, e.type, {_first('e.cameo')} AS cameo,
               e.source_id, {_first('e.source_name')} AS source, {_first('e.source_country')} AS source_country,
               e.target_id, {_first('e.target_name')} AS target, {_first('e.target_country')} AS target_country,
               e.negated, {_first('e.modality')} AS modality, min(e.day) AS date, max(e.day) AS last_date,
               round(avg(e.goldstein), 2) AS goldstein, {_first('e.quad')} AS quad,
               {_first('e.location_name')} AS location, {_first('e.location_country')} AS location_country,
               count(*) AS mentions, count(DISTINCT e.article_id) AS copies, {SOURCES} AS sources,
               list(DISTINCT a.publisher ORDER BY a.publisher) FILTER (WHERE a.publisher IS NOT NULL) AS publishers,
               list({{'article_id': e.article_id, 'n': e.n, 'start_char': e.start_char, 'end_char': e.end_char}}
                    ORDER BY e.is_copy, a.published NULLS LAST, e.article_id, e.n)[1:{EVIDENCE_PER_CARD}] AS evidence
        FROM {events} e JOIN articles a ON a.id = e.article_id
        {_and(where, f"AND {STORY} IN (SELECT unnest(?::VARCHAR[])) AND {KEY} IN (SELECT unnest(?::UBIGINT[]))")}
        GROUP BY {GROUP}""", params + [sorted({story for _, story in keys}), [k for k, _ in keys]])
    rank = {k: i for i, (k, _) in enumerate(keys)}
    cards.sort(key=lambda c: rank[c["_key"]])
    for c in cards:
        del c["_key"]
    return cards


def _first(column: str) -> str:
    """The card's value of a column its events may disagree on: the first evidence's (the first non-null in
    evidence order), whatever order the rows are read in (any_value would follow the scan)."""
    return f"first({column} ORDER BY e.is_copy, a.published NULLS LAST, e.article_id, e.n) FILTER ({column} IS NOT NULL)"


def _and(where: str, clause: str) -> str:
    """`where` (a WHERE clause or empty) with one more condition ('AND ...')."""
    if not clause:
        return where
    return f"{where} {clause}" if where else "WHERE " + clause.removeprefix("AND ").lstrip()
