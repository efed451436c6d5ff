"""Exports of the store for users' own tooling: parquet, csv, jsonl, PLOVER JSON and GDELT-style TSV.

`parquet`, `csv` and `jsonl` write one table (events by default, joined with their article's metadata);
`plover-json` and `gdelt-tsv` write events, a story's copies counted once. GDELT rows follow the column
layout of the GDELT 1.0 event files (58 tab-separated columns, no header): CAMEO event code, Goldstein
scale, quad class, CAMEO actor codes (country + sector), dates, and the article URL (or path).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from ..kb.actors import actor_code
from ..model import actual_sql
from .duckdb import DuckDBStore

FORMATS = ("parquet", "csv", "jsonl", "plover-json", "gdelt-tsv")
BATCH = 50_000

ACTUAL = actual_sql("e")
TABLES: dict[str, str] = {
    "events": f"""
        SELECT e.article_id || ':' || e.n AS event_id, e.article_id, e.n, e.story, e.is_copy, e.day, e.date,
               e.type, e.cameo, e.goldstein, e.quad, e.source_id, e.source_name, e.source_country,
               e.target_id, e.target_name, e.target_country, e.negated, e.modality,
               {ACTUAL} AS actual,
               e.location_name, e.location_country, e.sentence, e.start_char, e.end_char, e.confidence,
               e.trigger, ar.title, ar.publisher, ar.published, ar.url, ar.path
        FROM events e JOIN articles ar ON ar.id = e.article_id ORDER BY e.day NULLS LAST, e.article_id, e.n""",
    "quotes": """
        SELECT q.qid AS quote_id, q.article_id, q.n, q.story, q.is_copy, q.text, q.kind, q.speaker_id,
               q.speaker_name, q.addressee_id, q.addressee_name, q.cue, q.start_char, q.end_char, q.sentence,
               ar.title, ar.publisher, ar.published, ar.url, ar.path
        FROM quotes q JOIN articles ar ON ar.id = q.article_id ORDER BY ar.published NULLS LAST, q.article_id, q.n""",
    "actors": """
        SELECT a.id, a.name, a.type, a.country, a.role, a.sector,
               (SELECT list(alias ORDER BY alias) FROM aliases WHERE actor_id = a.id) AS aliases,
               (SELECT count(*) FROM mentions WHERE actor_id = a.id) AS mentions
        FROM actors a ORDER BY a.id""",
    "articles": """
        SELECT id, path, url, title, publisher, published, language, text, removed, dek, dateline,
               coalesce(cluster, id) AS story, duplicate_of, quality_score, quality_flags, ingested_at
        FROM articles ORDER BY published NULLS LAST, id""",
    "mentions": "SELECT article_id, actor_id, start_char, end_char FROM mentions ORDER BY article_id, start_char",
    "stories": """
        SELECT s.id, s.title, s.first_published, s.first_article,
               (SELECT count(*) FROM articles a WHERE coalesce(a.cluster, a.id) = s.id) AS copies
        FROM stories s ORDER BY s.first_published NULLS LAST, s.id""",
}

_EVENTS_ONCE = """
    SELECT e.*, ar.url, ar.path, ar.published, ar.title,
           (SELECT count(DISTINCT o.article_id) FROM events o
            WHERE o.story = e.story AND o.type = e.type
              AND o.source_id IS NOT DISTINCT FROM e.source_id AND o.target_id IS NOT DISTINCT FROM e.target_id)
           AS articles,
           (SELECT count(DISTINCT coalesce(a2.publisher, a2.id)) FROM articles a2 WHERE coalesce(a2.cluster, a2.id) = e.story)
           AS sources
    FROM events e JOIN articles ar ON ar.id = e.article_id
    WHERE NOT e.is_copy AND {where}
    ORDER BY e.day NULLS LAST, e.article_id, e.n"""


class ExportError(ValueError):
    pass


def export(store: DuckDBStore, fmt: str, out: str | Path | IO[Any], table: str = "events",
           actual_only: bool = False) -> int:
    """Write the store in `fmt` to `out` (a path, '-' for stdout, or an open file); return rows written.

    `table` picks what parquet/csv/jsonl write; `actual_only` keeps only events that happened
    (plover-json and gdelt-tsv)."""
    if fmt not in FORMATS:
        raise ExportError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if table not in TABLES:
        raise ExportError(f"table must be one of {', '.join(TABLES)}, not {table!r}")
    binary = fmt == "parquet"
    with _open(out, binary) as f:
        if fmt == "parquet":
            return _parquet(store, TABLES[table], f)
        if fmt == "csv":
            return _csv(store, TABLES[table], f)
        if fmt == "jsonl":
            return _jsonl(store, TABLES[table], f)
        where = ACTUAL if actual_only else "true"
        if fmt == "plover-json":
            return _plover(store, _EVENTS_ONCE.format(where=where), f)
        return _gdelt(store, _EVENTS_ONCE.format(where=where), f)


@contextmanager
def _open(out: str | Path | IO[Any], binary: bool) -> Iterator[IO[Any]]:
    if not isinstance(out, (str, Path)):
        yield out
    elif str(out) == "-":
        yield sys.stdout.buffer if binary else sys.stdout
    else:
        with open(out, "wb" if binary else "w", encoding=None if binary else "utf-8",
                  newline=None if binary else "") as f:
            yield f


def _batches(store: DuckDBStore, sql: str) -> Any:
    return store.con.execute(sql).fetch_record_batch(BATCH)


def _parquet(store: DuckDBStore, sql: str, f: IO[bytes]) -> int:
    import pyarrow.parquet as pq

    reader = _batches(store, sql)
    rows = 0
    with pq.ParquetWriter(f, reader.schema) as writer:
        for batch in reader:
            writer.write_batch(batch)
            rows += batch.num_rows
    return rows


def _rows(store: DuckDBStore, sql: str) -> Iterator[dict[str, Any]]:
    cur = store.con.execute(sql)
    cols = [d[0] for d in cur.description]
    while chunk := cur.fetchmany(BATCH):
        for row in chunk:
            yield dict(zip(cols, row, strict=True))


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


def _csv(store: DuckDBStore, sql: str, f: IO[str]) -> int:
    writer: Any = None
    rows = 0
    for row in _rows(store, sql):
        if writer is None:
            writer = csv.DictWriter(f, fieldnames=list(row))
            writer.writeheader()
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else _plain(v)
                         for k, v in row.items()})
        rows += 1
    if writer is None:
        cur = store.con.execute(f"SELECT * FROM ({sql}) LIMIT 0")
        csv.writer(f).writerow([d[0] for d in cur.description])
    return rows


def _jsonl(store: DuckDBStore, sql: str, f: IO[str]) -> int:
    rows = 0
    for row in _rows(store, sql):
        f.write(json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False) + "\n")
        rows += 1
    return rows


def _plover(store: DuckDBStore, sql: str, f: IO[str]) -> int:
    """A JSON array of PLOVER event records (event type, mode/context left to the coder, actors, text)."""
    actors = _actors(store)
    rows = 0
    f.write("[")
    for row in _rows(store, sql):
        f.write(("," if rows else "") + "\n" + json.dumps(plover_record(row, actors), ensure_ascii=False))
        rows += 1
    f.write("\n]\n")
    return rows


def _actors(store: DuckDBStore) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in store.query("SELECT id, type, country, sector FROM actors")}


def plover_record(e: dict[str, Any], actors: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """One event in PLOVER's field names (source_actor: country code, source_agent: sector)."""
    return {
        "id": f"{e['article_id']}:{e['n']}", "date": _plain(e["day"]), "event": e["type"], "mode": "",
        "context": "", "source": e["source_name"], "source_actor": e["source_country"],
        "source_agent": actors.get(e["source_id"] or "", {}).get("sector"), "source_id": e["source_id"],
        "target": e["target_name"], "target_actor": e["target_country"],
        "target_agent": actors.get(e["target_id"] or "", {}).get("sector"), "target_id": e["target_id"],
        "cameo": e["cameo"], "goldstein": e["goldstein"], "quad": e["quad"], "negated": e["negated"],
        "modality": e["modality"], "trigger": e["trigger"], "location": e["location_name"],
        "location_country": e["location_country"], "confidence": e["confidence"],
        "article_id": e["article_id"], "span": [e["start_char"], e["end_char"]],
        "url": e["url"] or e["path"], "published": _plain(e["published"]), "num_articles": e["articles"],
    }


GDELT_COLUMNS = (
    "GLOBALEVENTID SQLDATE MonthYear Year FractionDate "
    + " ".join(f"Actor{i}Code Actor{i}Name Actor{i}CountryCode Actor{i}KnownGroupCode Actor{i}EthnicCode "
               f"Actor{i}Religion1Code Actor{i}Religion2Code Actor{i}Type1Code Actor{i}Type2Code Actor{i}Type3Code"
               for i in (1, 2))
    + " IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions NumSources"
    " NumArticles AvgTone "
    + " ".join(f"{g}Geo_Type {g}Geo_FullName {g}Geo_CountryCode {g}Geo_ADM1Code {g}Geo_Lat {g}Geo_Long "
               f"{g}Geo_FeatureID" for g in ("Actor1", "Actor2", "Action"))
    + " DATEADDED SOURCEURL"
).split()


def _gdelt(store: DuckDBStore, sql: str, f: IO[str]) -> int:
    actors = _actors(store)
    rows = 0
    for n, e in enumerate(_rows(store, sql), start=1):
        f.write("\t".join(_tsv(v) for v in gdelt_row(n, e, actors)) + "\n")
        rows += 1
    return rows


def _tsv(value: Any) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())


def gdelt_row(n: int, e: dict[str, Any], actors: dict[str, dict[str, Any]]) -> list[Any]:
    day: date | None = e["day"]
    cameo = e["cameo"] or ""
    row: dict[str, Any] = dict.fromkeys(GDELT_COLUMNS)
    row.update({
        "GLOBALEVENTID": n, "SQLDATE": day.strftime("%Y%m%d") if day else None,
        "MonthYear": day.strftime("%Y%m") if day else None, "Year": day.year if day else None,
        "FractionDate": round(day.year + (day.timetuple().tm_yday / 365), 4) if day else None,
        "IsRootEvent": 1 if e["sentence"] == 0 else 0, "EventCode": cameo, "EventBaseCode": cameo[:3],
        "EventRootCode": cameo[:2], "QuadClass": e["quad"], "GoldsteinScale": e["goldstein"],
        "NumMentions": e["articles"], "NumSources": e["sources"], "NumArticles": e["articles"],
        "ActionGeo_FullName": e["location_name"],
        "DATEADDED": day.strftime("%Y%m%d") if day else None, "SOURCEURL": e["url"] or e["path"],
    })
    for i, side in ((1, "source"), (2, "target")):
        actor = actors.get(e[f"{side}_id"] or "", {})
        row |= {f"Actor{i}Code": cameo_actor_code(actor, e[f"{side}_country"]), f"Actor{i}Name": e[f"{side}_name"],
                f"Actor{i}CountryCode": e[f"{side}_country"], f"Actor{i}Type1Code": actor.get("sector")}
    return [row[c] for c in GDELT_COLUMNS]


def cameo_actor_code(actor: dict[str, Any], country: str | None) -> str | None:
    """CAMEO-style actor code of a stored actor in an event whose side carries `country`."""
    return actor_code(actor.get("type"), country, actor.get("sector"))
