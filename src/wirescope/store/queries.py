"""Read queries over the store, shared by the CLI, the REST API and the dashboard.

Every value from a user is a bound parameter; only fixed SQL fragments are concatenated. "Actual"
events are the ones the text asserts happened (not negated, modality asserted or reported); copies of a
story already counted (``is_copy``) are left out of counts so a republished story counts once.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import duckdb

from ..model import actual_sql
from .duckdb import FTS_SCHEMA, DuckDBStore

Rows = list[dict[str, Any]]
ACTUAL = actual_sql("e")
INTERVALS = ("day", "week", "month")
MAX_PLACES = 8  # spellings in one `place` filter
COOPERATION, CONFLICT = (1, 2), (3, 4)


class QueryError(ValueError):
    """A request the store refuses (bad SQL for the console, an unknown interval, ...)."""


class UnknownActor(QueryError):
    """A name, id or country code that matches no actor and no country (404 in the API)."""


# --- actors ------------------------------------------------------------------------------------

def find_actors(store: DuckDBStore, q: str | None = None, limit: int = 50, offset: int = 0) -> Rows:
    """Actors whose name, id or any alias contains `q` (case- and accent-insensitive), most mentioned first."""
    if not store.ready()["actor_index"]:
        return _find_actors_unindexed(store, q, limit, offset)
    where, params = "", []
    if q:
        where, params = "WHERE contains(names, ?)", [_fold(q)]
    return store.query(f"""
        SELECT id, name, type, country, role, sector, aliases, mentions, articles FROM actor_index {where}
        ORDER BY mentions DESC, name, id LIMIT ? OFFSET ?""", params + [limit, offset])


def _fold(text: str) -> str:
    """Lower case without accents, as actor_index.names is (DuckDB's strip_accents, in Python)."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _find_actors_unindexed(store: DuckDBStore, q: str | None, limit: int, offset: int) -> Rows:
    where, params = "", []
    if q:
        where = ("WHERE a.id IN (SELECT actor_id FROM aliases WHERE alias ILIKE ? ESCAPE '\\') "
                 "OR a.name ILIKE ? ESCAPE '\\' OR a.id = ?")
        params = [f"%{_like(q)}%", f"%{_like(q)}%", q]
    return store.query(f"""
        WITH hit AS (SELECT a.* FROM actors a {where}),
        counts AS (SELECT actor_id, count(*) AS mentions, count(DISTINCT article_id) AS articles
                   FROM mentions WHERE actor_id IN (SELECT id FROM hit) GROUP BY actor_id),
        names AS (SELECT actor_id, list(DISTINCT alias ORDER BY alias) AS aliases
                  FROM aliases WHERE actor_id IN (SELECT id FROM hit) GROUP BY actor_id)
        SELECT h.id, h.name, h.type, h.country, h.role, h.sector, coalesce(n.aliases, []) AS aliases,
               coalesce(c.mentions, 0) AS mentions, coalesce(c.articles, 0) AS articles
        FROM hit h LEFT JOIN counts c ON c.actor_id = h.id LEFT JOIN names n ON n.actor_id = h.id
        ORDER BY mentions DESC, h.name, h.id LIMIT ? OFFSET ?""", params + [limit, offset])


def _like(text: str) -> str:
    """Escape LIKE wildcards so user text matches literally (DuckDB's default escape is backslash)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def get_actor(store: DuckDBStore, actor_id: str) -> dict[str, Any] | None:
    rows = store.query("""
        SELECT a.*, (SELECT list(DISTINCT alias ORDER BY alias) FROM aliases WHERE actor_id = a.id) AS aliases
        FROM actors a WHERE a.id = ?""", [actor_id])
    return rows[0] if rows else None


def actor_profile(store: DuckDBStore, actor_id: str, top: int = 10) -> dict[str, Any] | None:
    """An actor with mentions over time, top quotes, top partners, and events given and received."""
    actor = get_actor(store, actor_id)
    if actor is None:
        return None
    return actor | {
        "mentions_over_time": _mentions_over_time(store, actor_id),
        "top_quotes": _top_quotes(store, actor_id, top),
        **_partners_and_types(store, actor_id, top),
        "recent_events": search_events(store, actor=actor_id, actual_only=True, limit=top),
    }


def _mentions_over_time(store: DuckDBStore, actor_id: str) -> Rows:
    return store.query("""
        SELECT date_trunc('month', ar.published) AS month, count(*) AS mentions,
               count(DISTINCT coalesce(ar.cluster, ar.id)) AS stories
        FROM mentions m JOIN articles ar ON ar.id = m.article_id
        WHERE m.actor_id = ? AND ar.published IS NOT NULL GROUP BY month ORDER BY month""", [actor_id])


def _top_quotes(store: DuckDBStore, actor_id: str, top: int) -> Rows:
    """The speaker's quotes carried by the most stories, then the most recent."""
    return store.query("""
        SELECT text, kind, stories, published, latest.article_id, latest.start_char, latest.end_char FROM (
            SELECT q.text, any_value(q.kind) AS kind, count(DISTINCT q.story) AS stories,
                   max(ar.published) AS published,
                   first({'article_id': q.article_id, 'start_char': q.start_char, 'end_char': q.end_char}
                         ORDER BY ar.published DESC NULLS LAST, q.article_id) AS latest
            FROM quotes q JOIN articles ar ON ar.id = q.article_id
            WHERE q.speaker_id = ? AND NOT q.is_copy GROUP BY q.text)
        ORDER BY stories DESC, published DESC NULLS LAST, text LIMIT ?""", [actor_id, top])


def _partners_and_types(store: DuckDBStore, actor_id: str, top: int) -> dict[str, Rows]:
    """Top partners and events given and received by type, from one scan of the events (the actor's
    actual, first-copy events, kept for the three answers)."""
    events = "(SELECT * FROM event_sides WHERE level = 'actor' AND key = $1)" \
        if store.ready().get("event_sides") else "events"  # the actor's rows only: a few row groups
    rows = store.query(f"""
        WITH mine AS MATERIALIZED (
            SELECT e.source_id, e.source_name, e.source_country, e.target_id, e.target_name, e.target_country,
                   e.type, e.goldstein, e.day, e.article_id, e.n
            FROM {events} e WHERE (e.source_id = $1 OR e.target_id = $1) AND {ACTUAL} AND NOT e.is_copy),
        sides AS (
            SELECT target_id AS id, target_name AS name, target_country AS country, goldstein, 'given' AS dir,
                   day, article_id, n
            FROM mine WHERE source_id = $1
            UNION ALL
            SELECT source_id, source_name, source_country, goldstein, 'received', day, article_id, n
            FROM mine WHERE target_id = $1)
        SELECT 'partner' AS part, id, {_latest('name')} AS name, {_latest('country')} AS country, NULL AS type,
               count(*) AS events, count(*) FILTER (WHERE dir = 'given') AS given,
               count(*) FILTER (WHERE dir = 'received') AS received,
               round(sum(goldstein), 2) AS goldstein_sum, round(avg(goldstein), 2) AS goldstein_avg
        FROM sides WHERE id IS NOT NULL AND id <> $1 GROUP BY id
        UNION ALL
        SELECT dir, NULL, NULL, NULL, any_value(type), count(*), NULL, NULL, round(sum(goldstein), 2), NULL
        FROM (SELECT type, goldstein, 'given' AS dir FROM mine WHERE source_id = $1
              UNION ALL SELECT type, goldstein, 'received' FROM mine WHERE target_id = $1)
        GROUP BY dir, type""", [actor_id])
    partners = sorted((r for r in rows if r["part"] == "partner"), key=lambda r: (-r["events"], r["id"]))[:top]
    keep = ("id", "name", "country", "events", "given", "received", "goldstein_sum", "goldstein_avg")

    def by_type(part: str) -> Rows:
        mine = [{"type": r["type"], "events": r["events"], "goldstein_sum": r["goldstein_sum"]}
                for r in rows if r["part"] == part]
        return sorted(mine, key=lambda r: (-r["events"], r["type"]))

    return {"top_partners": [{k: r[k] for k in keep} for r in partners],
            "events_given": by_type("given"), "events_received": by_type("received")}


def _latest(column: str) -> str:
    """A partner's name or country as its latest event gave it (not the scan order's first)."""
    return f"first({column} ORDER BY day DESC NULLS LAST, article_id, n) FILTER ({column} IS NOT NULL)"


# --- who: an actor id, a country code or a name --------------------------------------------------

@dataclass(frozen=True)
class Side:
    """What one side of an event may be: any of these actor ids, or any actor of this country."""

    text: str
    ids: tuple[str, ...] = ()
    country: str | None = None

    def sql(self, role: str) -> tuple[str, list[Any]]:
        """A filter on the `role` (source|target) columns of events aliased `e`."""
        assert role in ("source", "target")
        parts, params = [], []
        if self.ids:
            parts.append(f"e.{role}_id IN ({', '.join('?' for _ in self.ids)})")
            params += list(self.ids)
        if self.country:
            parts.append(f"e.{role}_country = ?")
            params.append(self.country)
        if not parts:
            return "false", []
        return "(" + " OR ".join(parts) + ")", params


_COUNTRY = re.compile(r"[A-Za-z]{3}")


def resolve(store: DuckDBStore, who: str) -> Side:
    """An actor id, a 3-letter country code (any actor of that country) or a name or alias."""
    who = who.strip()
    if _COUNTRY.fullmatch(who) and who.isupper():
        return Side(who, country=who)
    if store.con.execute("SELECT 1 FROM actors WHERE id = ?", [who]).fetchone():  # primary key look-up
        return Side(who, ids=(who,))
    ids = [r["actor_id"] for r in store.query(
        "SELECT DISTINCT actor_id FROM aliases WHERE lower(alias) = lower(?) ORDER BY 1 LIMIT 50", [who])]
    return Side(who, ids=tuple(ids), country=who.upper() if _COUNTRY.fullmatch(who) else None)


def known(store: DuckDBStore, side: Side) -> bool:
    """Whether a side names anything: an actor, or a country (ISO 3166 alpha-3, or one the store has)."""
    if side.ids:
        return True
    if not side.country:
        return False
    import pycountry

    if pycountry.countries.get(alpha_3=side.country) is not None:
        return True
    return store.con.execute("SELECT 1 FROM actors WHERE country = ? LIMIT 1", [side.country]).fetchone() is not None


# --- events ------------------------------------------------------------------------------------

@dataclass
class Filters:
    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)
    # What event queries read (`FROM {events} e`): the events table, or a subquery of event_sides holding
    # every event the clauses can match (the events of one actor or country), whose parameters come first.
    events: str = "events"
    events_params: list[Any] = field(default_factory=list)

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def where(self) -> str:
        return ("WHERE " + " AND ".join(self.clauses)) if self.clauses else ""

    @property
    def bound(self) -> list[Any]:
        """The parameters of `FROM {events} e {where()}`, in that order."""
        return self.events_params + self.params

    def narrow(self, store: DuckDBStore, side: Side) -> None:
        """Read the events of `side` from event_sides (sorted by key: a few row groups) instead of all
        events, when that table is current; the clauses still decide which of them match."""
        if self.events != "events" or not (side.ids or side.country) or not store.ready().get("event_sides"):
            return
        # An event holds a row per key of its sides; with several keys asked for, only one of its rows is
        # read: its source's when that is asked for, else its target's, else its country's (no DISTINCT:
        # that would hold every column of every row).
        ids, inlist = list(side.ids), "(" + ", ".join("?" for _ in side.ids) + ")"
        keys, params = [], []
        if ids:
            once = f" AND (key = source_id OR source_id IS NULL OR source_id NOT IN {inlist})" if len(ids) > 1 else ""
            keys.append(f"level = 'actor' AND key IN {inlist}{once}")
            params += ids + (ids if once else [])
        if side.country:
            once = f" AND (source_id IS NULL OR source_id NOT IN {inlist}) " \
                   f"AND (target_id IS NULL OR target_id NOT IN {inlist})" if ids else ""
            keys.append(f"level = 'country' AND key = ?{once}")
            params += [side.country] + (ids + ids if ids else [])
        self.events = f"(SELECT * EXCLUDE (level, key) FROM event_sides WHERE {' OR '.join(f'({k})' for k in keys)})"
        self.events_params = params


def event_filters(store: DuckDBStore, source: str | None = None, target: str | None = None,
                  actor: str | None = None, type_: str | None = None, date_from: str | None = None,
                  date_to: str | None = None, place: str | None = None, actual_only: bool = False,
                  copies: bool = True, *, quad: int | None = None, country: str | None = None) -> Filters:
    """The WHERE clause shared by every event view (list, story cards, summary): the API's filters."""
    f = Filters()
    for role, who in (("source", source), ("target", target)):
        if who:
            side = resolve(store, who)
            f.add(*_side(side.sql(role)))
            f.narrow(store, side)
    if actor:
        side = resolve(store, actor)
        s, sp = side.sql("source")
        t, tp = side.sql("target")
        f.add(f"({s} OR {t})", *sp, *tp)
        f.narrow(store, side)
    _common_event_filters(f, type_, date_from, date_to, place, actual_only, copies)
    if quad is not None:
        f.add("e.quad = ?", int(quad))
    if country:
        f.add("(e.source_country = ? OR e.target_country = ?)", country.upper(), country.upper())
        f.narrow(store, Side(country, country=country.upper()))
    return f


EVENT_COLUMNS = """e.day AS date, e.source_id, e.source_name AS source, e.source_country, e.type, e.cameo,
        e.goldstein, e.quad, e.target_id, e.target_name AS target, e.target_country, e.negated,
        e.modality, e.location_name AS location, e.location_country, e.trigger, e.is_copy,
        e.article_id, e.n, e.start_char, e.end_char, e.story"""


def search_events(store: DuckDBStore, source: str | None = None, target: str | None = None,
                  actor: str | None = None, type_: str | None = None, date_from: str | None = None,
                  date_to: str | None = None, place: str | None = None, actual_only: bool = False,
                  copies: bool = True, limit: int = 50, offset: int = 0, *, quad: int | None = None,
                  country: str | None = None, evidence: bool = False) -> Rows:
    """Events filtered by source, target, either side (`actor`), PLOVER type, day range, place, quad class
    and country (either side); with `evidence`, each row also has its article's title and publisher and
    the sentence that states the event."""
    f = event_filters(store, source, target, actor, type_, date_from, date_to, place, actual_only, copies,
                      quad=quad, country=country)
    rows = store.query(f"""
        SELECT {EVENT_COLUMNS}
        FROM {f.events} e {f.where()}
        ORDER BY e.day DESC NULLS LAST, e.article_id, e.n LIMIT ? OFFSET ?""", f.bound + [limit, offset])
    return with_evidence(store, rows) if evidence else rows


# --- evidence: the sentence an event or a quote was read from ---------------------------------------

EVIDENCE_WINDOW = 400  # characters read on each side of a span to find its sentence
_SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n\s*")


def sentence_around(text: str, start: int, end: int, offset: int = 0) -> tuple[str, int, int]:
    """The sentence of `text` holding the span [start, end) and its own (start, end); `text` may be a
    window of a longer text beginning at `offset` (spans and the answer are in the whole text's
    characters). An event's span usually is its sentence already; a trigger's span grows to it."""
    lo, hi = max(0, start - offset), max(0, min(len(text), end - offset))
    left = 0
    for before in _SENTENCE_END.finditer(text, 0, lo):
        left = before.end()
    after = _SENTENCE_END.search(text, max(lo, hi - 1))
    right = after.start() + (text[after.start()] in ".!?") if after else len(text)
    right = max(right, hi)
    while left < right and text[left].isspace():
        left += 1
    sentence = text[left:right].rstrip()
    return sentence, offset + left, offset + left + len(sentence)


def with_evidence(store: DuckDBStore, rows: Rows) -> Rows:
    """Rows with `article_id`, `start_char` and `end_char`, plus their article's `title`, `publisher` and
    `published` and the `sentence` (and its `sentence_start`/`sentence_end`) that holds the span."""
    wanted = {(r["article_id"], r["start_char"], r["end_char"]) for r in rows if r.get("start_char") is not None}
    if not wanted:
        return rows
    spans = sorted(wanted, key=lambda w: (w[0], w[1] or 0, w[2] or 0))
    values = ", ".join("(?, ?, ?)" for _ in spans)
    found = store.query(f"""
        WITH s(article_id, start_char, end_char) AS (VALUES {values})
        SELECT s.article_id, s.start_char, s.end_char, a.title, a.publisher, a.published,
               greatest(s.start_char - {EVIDENCE_WINDOW}, 0) AS offset,
               substr(a.text, greatest(s.start_char - {EVIDENCE_WINDOW}, 0) + 1,
                      s.end_char - greatest(s.start_char - {EVIDENCE_WINDOW}, 0) + {EVIDENCE_WINDOW}) AS window
        FROM s JOIN articles a ON a.id = s.article_id""", [v for span in spans for v in span])
    info: dict[tuple[Any, Any, Any], dict[str, Any]] = {}
    for f in found:
        sentence, s0, s1 = sentence_around(f["window"] or "", f["start_char"], f["end_char"], f["offset"])
        info[(f["article_id"], f["start_char"], f["end_char"])] = {
            "title": f["title"], "publisher": f["publisher"], "published": f["published"],
            "sentence": sentence, "sentence_start": s0, "sentence_end": s1}
    return [r | info.get((r.get("article_id"), r.get("start_char"), r.get("end_char")), {}) for r in rows]


# --- story-level events: one card per event of a story, however many copies told it ----------------

def event_cards(store: DuckDBStore, source: str | None = None, target: str | None = None,
                actor: str | None = None, type_: str | None = None, date_from: str | None = None,
                date_to: str | None = None, place: str | None = None, actual_only: bool = False,
                limit: int = 50, offset: int = 0, *, quad: int | None = None, country: str | None = None,
                min_sources: int = 1, sort: str = "date") -> Rows:
    """One card per story-level event (the same story, type, source and target, negated or not), with
    how many copies (articles) and sources (publishers) told it, as GDELT's NumArticles/NumSources,
    and each copy's evidence sentence (the first EVIDENCE_PER_CARD). See `cards` for how a page is found."""
    from . import cards as C

    if sort not in ("date", "sources"):
        raise QueryError(f"sort must be date or sources, not {sort!r}")
    f = event_filters(store, source, target, actor, type_, date_from, date_to, place, actual_only, True,
                      quad=quad, country=country)
    keys = C.page_keys(store, f.events, f.where(), f.bound, min_sources, sort, limit, offset)
    cards = C.cards_of(store, f.events, f.where(), f.bound, keys)
    flat = with_evidence(store, [ev for c in cards for ev in c["evidence"]])
    by_span = {(ev["article_id"], ev["n"]): ev for ev in flat}
    for c in cards:
        c["evidence"] = [by_span[(ev["article_id"], ev["n"])] for ev in c["evidence"]]
    return cards


def _histogram_interval(store: DuckDBStore, f: Filters) -> str:
    row = store.con.execute(f"SELECT min(e.day), max(e.day) FROM {f.events} e {f.where()}", f.bound).fetchone()
    if not row or row[0] is None:
        return "day"
    days = (row[1] - row[0]).days
    return "month" if days > 730 else "week" if days > 120 else "day"


def event_summary(store: DuckDBStore, source: str | None = None, target: str | None = None,
                  actor: str | None = None, type_: str | None = None, date_from: str | None = None,
                  date_to: str | None = None, place: str | None = None, actual_only: bool = False,
                  copies: bool = True, *, quad: int | None = None, country: str | None = None,
                  interval: str = "auto", top: int = 12) -> dict[str, Any]:
    """What the events matching the filters add up to: their number, a date histogram (per day, week or
    month; 'auto' picks one from the range), and facets: counts by type, quad class and country."""
    if interval not in (*INTERVALS, "auto"):
        raise QueryError(f"interval must be auto, day, week or month, not {interval!r}")
    f = event_filters(store, source, target, actor, type_, date_from, date_to, place, actual_only, copies,
                      quad=quad, country=country)
    if interval == "auto":
        interval = _histogram_interval(store, f)
    w, p, ev = f.where(), f.bound, f.events
    # One scan for the histogram and the type and quad facets (grouping sets), one for the countries.
    sets = store.query(f"""
        SELECT GROUPING(bucket) AS g_bucket, GROUPING(e.type) AS g_type, bucket, e.type, e.quad, count(*) AS events,
               count(*) FILTER (WHERE e.quad IN (1, 2)) AS cooperation,
               count(*) FILTER (WHERE e.quad IN (3, 4)) AS conflict
        FROM (SELECT *, CAST(date_trunc(?, e.day) AS DATE) AS bucket FROM {ev} e {w}) e
        GROUP BY GROUPING SETS ((bucket), (e.type), (e.quad))""", [interval, *p])
    histogram = sorted(({"bucket": r["bucket"], "events": r["events"], "cooperation": r["cooperation"],
                         "conflict": r["conflict"]} for r in sets if r["g_bucket"] == 0),
                       key=lambda b: (b["bucket"] is None, b["bucket"] or date.min))
    types = sorted(({"value": r["type"], "events": r["events"]} for r in sets if r["g_type"] == 0),
                   key=lambda t: (-t["events"], t["value"] or ""))[:top]
    quads = sorted(({"value": r["quad"], "events": r["events"]} for r in sets
                    if r["g_bucket"] == 1 and r["g_type"] == 1), key=lambda q: (q["value"] is None, q["value"] or 0))
    # an event counts once for each distinct country of its two sides
    countries = store.query(f"""
        SELECT c AS value, sum(n) AS events FROM (
            SELECT e.source_country AS c, count(*) AS n FROM {ev} e {w} GROUP BY 1
            UNION ALL
            SELECT e.target_country, count(*) FROM {ev} e
            {w + " AND" if w else "WHERE"} e.target_country IS DISTINCT FROM e.source_country GROUP BY 1)
        WHERE c IS NOT NULL GROUP BY c ORDER BY events DESC, c LIMIT ?""", p + p + [top])
    dated = [b for b in histogram if b["bucket"] is not None]
    return {"events": sum(b["events"] for b in histogram), "interval": interval, "histogram": dated,
            "undated": sum(b["events"] for b in histogram if b["bucket"] is None),
            "facets": {"type": types, "quad": quads, "country": countries}}


def _side(pair: tuple[str, list[Any]]) -> tuple[Any, ...]:
    return (pair[0], *pair[1])


def _common_event_filters(f: Filters, type_: str | None, date_from: str | None, date_to: str | None,
                          place: str | None, actual_only: bool, copies: bool) -> None:
    if type_:
        f.add("e.type = ?", type_.upper())
    if date_from:
        f.add("e.day >= CAST(? AS DATE)", date_from)
    if date_to:
        f.add("e.day <= CAST(? AS DATE)", date_to)
    if place and _is_country_code(place):  # "RUS": the country, not every name holding "rus"
        f.add("e.location_country = ?", place)
    elif place:  # "Vilnius|Lithuanian capital": any of the spellings (a map marker's)
        names = [p.strip() for p in place.split("|") if p.strip()][:MAX_PLACES] or [place]
        f.add("(" + " OR ".join(["e.location_name ILIKE ? ESCAPE '\\' OR e.location_country = ?"] * len(names)) + ")",
              *[v for n in names for v in (f"%{_like(n)}%", n.upper())])
    if actual_only:
        f.add(ACTUAL)
    if not copies:
        f.add("NOT e.is_copy")


def _is_country_code(text: str) -> bool:
    """An ISO alpha-3 code written in capitals (the map's country markers pass these)."""
    import pycountry

    return len(text) == 3 and text.isupper() and pycountry.countries.get(alpha_3=text) is not None


def find_events(store: DuckDBStore, actor: str | None = None, type_: str | None = None,
                actual_only: bool = False, limit: int = 50, offset: int = 0, **filters: Any) -> Rows:
    """Events with `actor` (id, country code or name) on either side and the other filters of
    `search_events`; the CLI's `events` listing. With only an actor that no id, alias or country
    matches, events whose side's name contains it."""
    rows = search_events(store, actor=actor, type_=type_, actual_only=actual_only, limit=limit, offset=offset,
                         **filters)
    if actor and not rows and not any(v for k, v in filters.items() if k != "evidence"):
        rows = _events_by_name(store, actor, type_, actual_only, limit, offset)  # "Lavrov" in "Sergei Lavrov"
        if filters.get("evidence"):
            rows = with_evidence(store, rows)
    return rows


def _events_by_name(store: DuckDBStore, name: str, type_: str | None, actual_only: bool,
                    limit: int, offset: int) -> Rows:
    f = Filters()
    pattern = f"%{_like(name)}%"
    f.add("(e.source_name ILIKE ? ESCAPE '\\' OR e.target_name ILIKE ? ESCAPE '\\')", pattern, pattern)
    _common_event_filters(f, type_, None, None, None, actual_only, True)
    return store.query(f"""
        SELECT {EVENT_COLUMNS}
        FROM events e {f.where()}
        ORDER BY e.day DESC NULLS LAST, e.article_id, e.n LIMIT ? OFFSET ?""", f.params + [limit, offset])


def dyad_timeline(store: DuckDBStore, a: str, b: str, interval: str = "month") -> dict[str, Any]:
    """Actual events between `a` and `b` (both directions) per day/week/month: counts by PLOVER type and
    quad class, cooperation vs conflict, Goldstein sum; copies of a story counted once. Events with no
    date (neither in the text nor a publication date) come last, in a bucket whose `bucket` is None."""
    if interval not in INTERVALS:
        raise QueryError(f"interval must be one of {', '.join(INTERVALS)}, not {interval!r}")
    sa, sb = resolve(store, a), resolve(store, b)
    for side in (sa, sb):
        if not known(store, side):
            raise UnknownActor(f"no actor or country matches {side.text!r}")
    level = _pair_level(sa, sb)
    if level and store.ready()["dyads"]:
        groups = _dyad_groups_from_pairs(store, sa, sb, level, interval)
    else:
        groups = _dyad_groups_from_events(store, sa, sb, interval)
    buckets, totals = _summarise(groups)
    return {"a": _side_json(sa), "b": _side_json(sb), "interval": interval, "buckets": buckets, "totals": totals}


Groups = dict[tuple[Any, str, Any, str], list[float]]  # (bucket, type, quad, dir) -> [events, goldstein]


def _pair_level(sa: Side, sb: Side) -> str | None:
    """'actor' when both sides are actor ids only, 'country' when both are countries only, else None."""
    if sa.ids and sb.ids and not sa.country and not sb.country and len(sa.ids) * len(sb.ids) <= 100:
        return "actor"
    if sa.country and sb.country and not sa.ids and not sb.ids:
        return "country"
    return None


def _keys(side: Side) -> list[str]:
    return list(side.ids) if side.ids else [side.country or ""]


def _dyad_groups_from_pairs(store: DuckDBStore, sa: Side, sb: Side, level: str, interval: str) -> Groups:
    """From the `dyads` table, sorted by the pair's hash: only a few vectors are read; summed here (a
    DuckDB hash aggregate costs more than the few hundred rows of a dyad). Days come as integers (days
    since 1970-01-01), cheaper to fetch than dates."""
    ka = set(_keys(sa))
    pairs = sorted({(min(x, y), max(x, y)) for x in ka for y in _keys(sb)})
    where = " OR ".join("(pair = hash(?, ?, ?) AND level = ? AND lo = ? AND hi = ?)" for _ in pairs)
    marks = ", ".join("?" for _ in ka)
    params = [*ka, *[v for lo, hi in pairs for v in (level, lo, hi, level, lo, hi)]]
    rows = store.con.execute(f"""
        SELECT date_diff('day', DATE '1970-01-01', day), type, quad,
               (CASE WHEN forward THEN lo ELSE hi END) IN ({marks}), n, goldstein
        FROM dyads WHERE {where}""", params).fetchall()
    groups: Groups = {}
    buckets: dict[Any, Any] = {}
    for day, type_, quad, a_to_b, n, goldstein in rows:
        bucket = buckets.get(day, _MISSING)
        if bucket is _MISSING:
            bucket = buckets[day] = _truncate(_EPOCH + timedelta(days=day) if day is not None else None, interval)
        key = (bucket, type_, quad, "a_to_b" if a_to_b else "b_to_a")
        acc = groups.get(key)
        if acc is None:
            groups[key] = [n, goldstein or 0.0]
        else:
            acc[0] += n
            acc[1] += goldstein or 0.0
    return groups


_EPOCH = date(1970, 1, 1)
_MISSING = object()


def _truncate(day: date | None, interval: str) -> date | None:
    """The first day of the day/week (Monday)/month holding `day`, as DuckDB's date_trunc gives."""
    if day is None or interval == "day":
        return day
    if interval == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def _dyad_groups_from_events(store: DuckDBStore, sa: Side, sb: Side, interval: str) -> Groups:
    a_src, ap1 = sa.sql("source")
    b_tgt, bp1 = sb.sql("target")
    b_src, bp2 = sb.sql("source")
    a_tgt, ap2 = sa.sql("target")
    rows = store.con.execute(f"""
        SELECT CAST(date_trunc(?, e.day) AS DATE) AS bucket, e.type, e.quad,
               CASE WHEN {a_src} AND {b_tgt} THEN 'a_to_b' ELSE 'b_to_a' END AS dir,
               count(*) AS n, sum(e.goldstein) AS goldstein
        FROM events e
        WHERE {ACTUAL} AND NOT e.is_copy
          AND (({a_src} AND {b_tgt}) OR ({b_src} AND {a_tgt}))
        GROUP BY ALL""",
        [interval, *ap1, *bp1, *ap1, *bp1, *bp2, *ap2]).fetchall()
    return {(bucket, type_, quad, dir_): [n, g or 0.0] for bucket, type_, quad, dir_, n, g in rows}


def _side_json(side: Side) -> dict[str, Any]:
    return {"query": side.text, "actor_ids": list(side.ids), "country": side.country}


def _empty() -> dict[str, Any]:
    return {"events": 0, "goldstein": 0.0, "cooperation": 0, "conflict": 0, "a_to_b": 0, "b_to_a": 0,
            "by_quad": {}, "by_type": {}}


def _summarise(groups: Groups) -> tuple[Rows, dict[str, Any]]:
    """Buckets in time order (undated last) and totals, from the (bucket, type, quad, dir) groups."""
    buckets: dict[Any, dict[str, Any]] = {}
    total = _empty()
    for (bucket, type_, quad, dir_), (n, goldstein) in groups.items():
        b = buckets.get(bucket)
        if b is None:
            b = buckets[bucket] = {"bucket": bucket, **_empty()}
        for acc in (b, total):
            _add(acc, type_, quad, dir_, int(n), goldstein)
    for acc in (*buckets.values(), total):
        acc["goldstein"] = round(acc["goldstein"], 3)
    order = sorted(buckets, key=lambda k: (k is None, k or date.min))
    return [buckets[k] for k in order], total


def _add(acc: dict[str, Any], type_: str, quad: int | None, dir_: str, n: int, goldstein: float) -> None:
    acc["events"] += n
    acc["goldstein"] += goldstein
    acc[dir_] += n
    if quad in COOPERATION:
        acc["cooperation"] += n
    elif quad in CONFLICT:
        acc["conflict"] += n
    by_quad, by_type = acc["by_quad"], acc["by_type"]
    q = str(quad) if quad is not None else "unknown"
    by_quad[q] = by_quad.get(q, 0) + n
    by_type[type_] = by_type.get(type_, 0) + n


def network(store: DuckDBStore, actor: str | None = None, level: str = "actor", limit: int = 100) -> dict[str, Any]:
    """Who acts on whom: edges (source, target, events, mean Goldstein) of actual events, copies once."""
    if level not in ("actor", "country"):
        raise QueryError(f"level must be actor or country, not {level!r}")
    src, tgt = ("source_id", "target_id") if level == "actor" else ("source_country", "target_country")
    f = Filters()
    f.add(ACTUAL)
    f.add("NOT e.is_copy")
    f.add(f"e.{src} IS NOT NULL AND e.{tgt} IS NOT NULL AND e.{src} <> e.{tgt}")
    if actor:
        side = resolve(store, actor)
        s, sp = side.sql("source")
        t, tp = side.sql("target")
        f.add(f"({s} OR {t})", *sp, *tp)
    edges = store.query(f"""
        SELECT e.{src} AS source, e.{tgt} AS target, any_value(e.source_name) AS source_name,
               any_value(e.target_name) AS target_name, count(*) AS events,
               round(avg(e.goldstein), 2) AS goldstein_avg, round(sum(e.goldstein), 2) AS goldstein_sum
        FROM events e {f.where()}
        GROUP BY ALL ORDER BY events DESC, source, target LIMIT ?""", f.params + [limit])
    return {"level": level, "nodes": _nodes(edges, level), "edges": edges}


def _nodes(edges: Rows, level: str) -> Rows:
    nodes: dict[str, dict[str, Any]] = {}
    for e in edges:
        for key, name in ((e["source"], e["source_name"]), (e["target"], e["target_name"])):
            node = nodes.setdefault(key, {"id": key, "name": key if level == "country" else name, "events": 0})
            node["events"] += e["events"]
    return list(nodes.values())


# --- quotes ------------------------------------------------------------------------------------

QUOTE_COLUMNS = """speaker_name AS speaker, speaker_id, kind, text, cue, addressee_name AS addressee, addressee_id,
    published, title, publisher, article_id, n, start_char, end_char, is_copy"""


def find_quotes(store: DuckDBStore, speaker: str | None = None, text: str | None = None,
                limit: int = 50, offset: int = 0, date_from: str | None = None, date_to: str | None = None,
                copies: bool = False) -> Rows:
    """Quotes by speaker (id, name or alias), words of the text (full-text, ILIKE without the index) and date.

    With words and the index: every word must occur (stemmed), best BM25 first. Otherwise newest first."""
    words = text.split() if text else []
    if not store.ready()["quote_docs"]:
        return _find_quotes_unindexed(store, speaker, words, limit, offset, date_from, date_to, copies)
    f = _quote_filters(speaker, date_from, date_to, copies, "d.")
    terms = _query_terms(store, text) if words and store.search_index_ready() else None
    if terms is not None:
        return _ranked_quotes(store, terms, speaker, date_from, date_to, copies, limit, offset)
    for word in words:
        f.add("text ILIKE ? ESCAPE '\\'", f"%{_like(word)}%")
    return store.query(f"""
        SELECT {QUOTE_COLUMNS}, NULL AS score FROM quote_docs d {f.where()}
        ORDER BY published DESC NULLS LAST, article_id, n LIMIT ? OFFSET ?""",
        f.params + [limit, offset])


def _find_quotes_unindexed(store: DuckDBStore, speaker: str | None, words: list[str], limit: int, offset: int,
                           date_from: str | None, date_to: str | None, copies: bool) -> Rows:
    """The same from the base tables, for a store whose derived tables are not built (yet)."""
    f = _quote_filters(speaker, date_from, date_to, copies)
    for word in words:
        f.add("text ILIKE ? ESCAPE '\\'", f"%{_like(word)}%")
    return store.query(f"""
        SELECT {QUOTE_COLUMNS}, NULL AS score FROM (
            SELECT q.*, ar.published, ar.title, ar.publisher FROM quotes q JOIN articles ar ON ar.id = q.article_id)
        {f.where()} ORDER BY published DESC NULLS LAST, article_id, n LIMIT ? OFFSET ?""", f.params + [limit, offset])


def _quote_filters(speaker: str | None, date_from: str | None, date_to: str | None, copies: bool,
                   alias: str = "") -> Filters:
    """Filters on a quote's speaker, day and copy flag (columns of quote_docs, prefixed by `alias`)."""
    assert alias in ("", "d.")
    f = Filters()
    if speaker:
        f.add(f"""({alias}speaker_name ILIKE ? ESCAPE '\\' OR {alias}speaker_id = ? OR {alias}speaker_id IN
                   (SELECT actor_id FROM aliases WHERE alias ILIKE ? ESCAPE '\\'))""",
              f"%{_like(speaker)}%", speaker, f"%{_like(speaker)}%")
    if date_from:
        f.add(f"{alias}published >= CAST(? AS DATE)", date_from)
    if date_to:
        f.add(f"{alias}published <= CAST(? AS DATE)", date_to)
    if not copies:
        f.add(f"NOT {alias}is_copy")
    return f


def _ranked_quotes(store: DuckDBStore, terms: list[int], speaker: str | None, date_from: str | None,
                   date_to: str | None, copies: bool, limit: int, offset: int) -> Rows:
    """Quotes holding every term, best BM25 first: the precomputed weights of quote_terms summed per quote
    (as the fts extension's match_bm25 scores, k1 = 1.2, b = 0.75), then the page's rows by key."""
    if not terms or len(terms) > MAX_QUERY_TERMS:
        return []
    # One posting list per term (each an equality on the sorted termid: a few row groups), joined on the
    # quote: only quotes holding every term remain, scored by the sum of their terms' weights.
    posting = "(SELECT k, score FROM quote_terms WHERE termid = ?" + ("" if copies else " AND NOT is_copy") + ")"
    joins = " ".join(f"JOIN {posting} t{i} USING (k)" for i in range(1, len(terms)))
    total = " + ".join(f"t{i}.score" for i in range(len(terms)))
    hits = f"hits AS (SELECT k, {total} AS score FROM {posting} t0 {joins})"
    params: list[Any] = list(terms)
    f = _quote_filters(speaker, date_from, date_to, True, "d.")
    params += f.params
    # ties newest first, as listings (k only identifies a quote)
    page = f"""page AS (SELECT h.k, h.score FROM hits h JOIN quote_docs d
                       ON d.k = h.k {f.where()}
                       ORDER BY h.score DESC, d.published DESC NULLS LAST, d.article_id, d.n LIMIT ? OFFSET ?)"""
    return store.query(f"""
        WITH {hits}, {page}
        SELECT {QUOTE_COLUMNS}, p.score FROM page p JOIN quote_docs d ON d.k = p.k
        ORDER BY p.score DESC, d.published DESC NULLS LAST, d.article_id, d.n""", params + [limit, offset])


MAX_QUERY_TERMS = 12
_TOKEN_JUNK = re.compile(r"[0-9!@#$%^&*()_+={}\[\]:;<>,.?~\\/|'\"`-]+")


def _query_terms(store: DuckDBStore, text: str | None) -> list[int] | None:
    """The fts index's term ids for the words of `text`, tokenised as its `tokenize` macro does (lower
    case, accents stripped, punctuation and digits as spaces), stopwords dropped, stemmed (porter).
    [] when some word is in no quote (nothing can match); None when only stopwords are left."""
    words = _fold(_TOKEN_JUNK.sub(" ", _fold(text or ""))).split()
    stop = store.memo.get("stopwords")
    if stop is None:
        stop = store.memo["stopwords"] = {r[0] for r in store.con.execute(
            f"SELECT sw FROM {FTS_SCHEMA}.stopwords").fetchall()}
    words = sorted({w for w in words if w not in stop})
    if not words:
        return None
    missing = [w for w in words if ("term", w) not in store.memo]
    if missing:
        rows = store.con.execute(f"""
            SELECT w, d.termid FROM (SELECT unnest(?::VARCHAR[]) AS w) t
            LEFT JOIN {FTS_SCHEMA}.dict d ON d.term = stem(t.w, 'porter')""", [missing]).fetchall()
        for w, termid in rows:
            store.memo[("term", w)] = termid
    ids = [store.memo[("term", w)] for w in words]
    return [] if any(i is None for i in ids) else sorted(set(ids))


# --- stories and articles ----------------------------------------------------------------------

def find_stories(store: DuckDBStore, q: str | None = None, min_copies: int = 1, limit: int = 50,
                 offset: int = 0) -> Rows:
    """Stories (clusters of copies), newest first, with how many copies and which publishers."""
    f = Filters()
    if q:
        f.add("s.title ILIKE ? ESCAPE '\\'", f"%{_like(q)}%")
    if min_copies <= 1:  # every story qualifies: the page from `stories` alone, then its copies (fast)
        page = f"""SELECT s.id FROM stories s {f.where()} ORDER BY s.first_published DESC NULLS LAST, s.id
                   LIMIT {int(limit)} OFFSET {int(offset)}"""
        f = Filters([f"s.id IN ({page})"], f.params)
        offset = 0
    return store.query(f"""
        SELECT s.id, s.title, s.first_published, s.first_article, count(a.id) AS copies,
               list(DISTINCT a.publisher ORDER BY a.publisher) FILTER (WHERE a.publisher IS NOT NULL) AS publishers
        FROM stories s JOIN articles a ON coalesce(a.cluster, a.id) = s.id {f.where()}
        GROUP BY ALL HAVING count(a.id) >= ?
        ORDER BY s.first_published DESC NULLS LAST, s.id LIMIT ? OFFSET ?""", f.params + [min_copies, limit, offset])


def get_story(store: DuckDBStore, story_id: str) -> dict[str, Any] | None:
    rows = store.query("SELECT * FROM stories WHERE id = ?", [story_id])
    if not rows:
        return None
    copies = store.query("""
        SELECT a.id, a.title, a.publisher, a.published, a.path, a.url, a.duplicate_of, a.quality_score,
               len(a.removed) AS removed_lines, a.id = s.first_article AS first,
               (SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events,
               (SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS quotes
        FROM articles a JOIN stories s ON s.id = ?
        WHERE coalesce(a.cluster, a.id) = ? ORDER BY first DESC, a.published, a.id""", [story_id, story_id])
    return rows[0] | {"copies": copies}


def find_articles(store: DuckDBStore, q: str | None = None, publisher: str | None = None,
                  date_from: str | None = None, date_to: str | None = None, limit: int = 50, offset: int = 0) -> Rows:
    f = Filters()
    if q:  # a case-blind regular expression of the literal words: six times faster than ILIKE on long texts
        f.add("(regexp_matches(a.title, ?, 'i') OR regexp_matches(a.text, ?, 'i'))", _regex(q), _regex(q))
    if publisher:
        f.add("a.publisher = ?", publisher)
    if date_from:
        f.add("a.published >= CAST(? AS DATE)", date_from)
    if date_to:
        f.add("a.published <= CAST(? AS DATE)", date_to)
    return store.query(f"""
        SELECT a.id, a.title, a.publisher, a.published, a.path, coalesce(a.cluster, a.id) AS story
        FROM articles a {f.where()}
        ORDER BY a.published DESC NULLS LAST, a.id LIMIT ? OFFSET ?""", f.params + [limit, offset])


_REGEX_SPECIAL = re.compile(r"([\\.^$|?*+()\[\]{}])")


def _regex(text: str) -> str:
    """A regular expression (RE2) matching `text` literally."""
    return _REGEX_SPECIAL.sub(r"\\\1", text)


def get_article(store: DuckDBStore, article_id: str) -> dict[str, Any] | None:
    """An article's text with the spans of its actor mentions, quotes and events, and its story copies."""
    rows = store.query("""
        SELECT id, path, url, title, publisher, published, language, text, removed, dek, dateline, cluster,
               duplicate_of, quality_score, quality_flags, coalesce(cluster, id) AS story
        FROM articles WHERE id = ?""", [article_id])
    if not rows:
        return None
    article = rows[0]
    return article | {"spans": _spans(store, article_id),
                      "copies": find_articles_in_story(store, article["story"])}


def find_articles_in_story(store: DuckDBStore, story: str) -> Rows:
    return store.query("""
        SELECT id, title, publisher, published FROM articles WHERE coalesce(cluster, id) = ?
        ORDER BY published, id""", [story])


def _spans(store: DuckDBStore, article_id: str) -> dict[str, Rows]:
    return {
        "actors": store.query("""
            SELECT m.start_char AS start, m.end_char AS "end", m.actor_id, a.name, a.type, a.country
            FROM mentions m JOIN actors a ON a.id = m.actor_id
            WHERE m.article_id = ? ORDER BY m.start_char""", [article_id]),
        "quotes": store.query("""
            SELECT start_char AS start, end_char AS "end", n, text, kind, speaker_id, speaker_name, cue
            FROM quotes WHERE article_id = ? ORDER BY start_char""", [article_id]),
        "events": store.query("""
            SELECT start_char AS start, end_char AS "end", n, type, cameo, goldstein, quad, source_id,
                   source_name, target_id, target_name, negated, modality, trigger, day AS date, location_name
            FROM events WHERE article_id = ? ORDER BY start_char""", [article_id]),
    }


# --- everything at once, and SQL for power users -----------------------------------------------

def search(store: DuckDBStore, q: str, limit: int = 10) -> dict[str, Rows]:
    """Actors, quotes, events and articles matching `q`, for the dashboard's search box. The four
    searches run at once, each on its own cursor: the article scan (one row group per ~120k articles)
    would otherwise keep a single core busy while the others wait."""
    parts: dict[str, Callable[[DuckDBStore], Rows]] = {
        "actors": lambda s: find_actors(s, q, limit=limit), "quotes": lambda s: find_quotes(s, text=q, limit=limit),
        "events": lambda s: _search_events(s, q, limit), "articles": lambda s: find_articles(s, q, limit=limit)}
    with ThreadPoolExecutor(len(parts), thread_name_prefix="search") as pool:
        futures = {name: pool.submit(_on_reader, store, part) for name, part in parts.items()}
        return {name: future.result() for name, future in futures.items()}


def _on_reader(store: DuckDBStore, fn: Callable[[DuckDBStore], Rows]) -> Rows:
    reader = store.reader()
    try:
        return fn(reader)
    finally:
        reader.close()


def _search_events(store: DuckDBStore, q: str, limit: int) -> Rows:
    """Events of the actor or country `q` names, else events whose side's name holds it."""
    events = search_events(store, actor=q, limit=limit)
    return events or _events_by_name(store, q, None, False, limit, 0)


_LEADING = re.compile(r"\s*(?:--[^\n]*(?:\n|$)|/\*.*?\*/)?", re.S)
MAX_SQL_ROWS = 10_000


def _first_word(sql: str) -> str:
    pos = 0
    while True:
        m = _LEADING.match(sql, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    word = re.match(r"[A-Za-z]+", sql[pos:])
    return word.group(0).lower() if word else ""


def check_select(store: DuckDBStore, sql: str) -> None:
    """Refuse anything but one SELECT (or WITH ... SELECT) statement."""
    if _first_word(sql) not in ("select", "with"):
        raise QueryError("only a single SELECT or WITH ... SELECT statement is allowed")
    try:
        statements = store.con.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryError(f"SQL does not parse: {exc}") from None
    if len(statements) != 1:
        raise QueryError(f"exactly one statement is allowed, got {len(statements)}")
    if statements[0].type != duckdb.StatementType.SELECT:
        raise QueryError("only a single SELECT or WITH ... SELECT statement is allowed")


def run_sql(store: DuckDBStore, sql: str, limit: int = 1000, timeout: float = 10.0) -> dict[str, Any]:
    """Run one read-only SELECT (the console): columns, up to `limit` rows, whether more were cut off.

    Callers should pass a read-only, sandboxed store (no file or network access from SQL)."""
    check_select(store, sql)
    limit = max(1, min(limit, MAX_SQL_ROWS))
    timer = threading.Timer(timeout, store.con.interrupt)
    timer.start()
    try:
        cur = store.con.execute(sql)
        rows = cur.fetchmany(limit + 1)
    except duckdb.InterruptException:
        raise QueryError(f"query stopped after {timeout:g} s") from None
    except duckdb.Error as exc:
        raise QueryError(str(exc).strip()) from None
    finally:
        timer.cancel()
    columns = [d[0] for d in cur.description] if cur.description else []
    return {"columns": columns, "rows": [list(r) for r in rows[:limit]], "truncated": len(rows) > limit}
