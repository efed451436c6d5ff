"""`wirescope` command line: thin subcommands over the library (jobs, store queries, dyad coding)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .config import Config
from .ingest import DEFAULT_MAX_DOC_CHARS, ReadOptions
from .model import Document, Rejected

DEFAULT_DB = os.environ.get("WIRESCOPE_DB") or "wirescope.duckdb"  # every command's store, demo included
log = logging.getLogger("wirescope")


def _date(value: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n <= 0:
        raise argparse.ArgumentTypeError(f"not a positive integer: {value!r}")
    return n


def _input_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or directories ('-' for stdin)")
    p.add_argument("--published", type=_date, help="publication date for inputs that carry none")
    p.add_argument("--kb", action="append", default=[], metavar="FILE", help="extra actor KB (YAML/CSV)")
    p.add_argument("--publisher-country", type=_country, metavar="ISO3",
                   help="home country of the publisher (a prior for domestic officials), e.g. GBR")
    p.add_argument("--fetch", action="store_true", help="fetch link-only feed entries")
    for field in ("text", "title", "date", "url"):
        p.add_argument(f"--{field}-field", help=f"JSONL field holding the {field}")
    p.add_argument("--follow-symlinks", action="store_true",
                   help="follow symbolic links met inside directories (default: reject them)")
    p.add_argument("--max-doc-chars", type=_positive, default=DEFAULT_MAX_DOC_CHARS, metavar="N",
                   help="reject a document longer than N characters (HTML: 5 N for its markup; default %(default)s)")
    p.add_argument("--doc-timeout", type=_seconds, default=Config.doc_timeout, metavar="S",
                   help="reject a document the stages take longer than S seconds on (0: no limit; default %(default)s)")
    _jobs_arg(p)


def _seconds(value: str) -> float:
    try:
        n = float(value)
    except ValueError:
        n = -1.0
    if not 0 <= n < float("inf"):
        raise argparse.ArgumentTypeError(f"not a number of seconds (0 or more): {value!r}")
    return n


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"not a number of processes (1 or more): {value!r}")
    return n


def _jobs_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("-j", "--jobs", type=_jobs, default=os.cpu_count() or 1, metavar="N",
                   help="processes for the NLP stages (default: one per core, here %(default)s)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wirescope", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="say what is loaded and done")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="print one JSON record per input document")
    _input_args(p)
    p.add_argument("--format", choices=("jsonl", "json"), default="jsonl")
    p = sub.add_parser("ingest", help="run the pipeline into a DuckDB store")
    _input_args(p)
    _db_arg(p)
    p.add_argument("--from-parquet", metavar="DIR", help="load the tables a `wirescope spark` run wrote")
    p.add_argument("--reread", action="store_true",
                   help="read every input again, also files ingested before and unchanged since (which are "
                        "skipped by default: same path, size, modification time and content hash)")
    for action in p._actions:
        if action.dest == "paths":
            action.nargs = "*"  # none with --from-parquet
    p = sub.add_parser("spark", help="run the pipeline on Spark; write Parquet tables in the store's schema")
    p.add_argument("paths", nargs="+", metavar="INPUT", help="files, directories or globs (any Hadoop path)")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (any Hadoop path)")
    p.add_argument("--master", help="Spark master (default: spark-submit's, else local[*])")
    p.add_argument("--partitions", type=int, help="partitions (default: twice the cores)")
    p.add_argument("--published", type=_date, help="publication date for inputs that carry none")
    p.add_argument("--kb", action="append", default=[], metavar="FILE", help="extra actor KB (YAML/CSV)")
    p.add_argument("--publisher-country", type=_country, metavar="ISO3",
                   help="home country of the publisher (a prior for domestic officials), e.g. GBR")
    p = sub.add_parser("stats", help="counts of what the store holds")
    _db_arg(p)
    p = sub.add_parser("actors", help="search actors by any name or alias")
    p.add_argument("query", nargs="?")
    _db_arg(p)
    _page_args(p)
    p = sub.add_parser("quotes", help="list quotes (the API's /api/quotes filters)")
    p.add_argument("--speaker", help="speaker id, name or alias")
    p.add_argument("--text", "-q", help="words the quote contains")
    _range_args(p)
    p.add_argument("--copies", action="store_true", help="also the copies of a story already listed")
    _db_arg(p)
    _page_args(p)
    p = sub.add_parser("events", help="list events (the API's /api/events filters), with their evidence")
    p.add_argument("--actor", help="either side: actor id, name or country code")
    p.add_argument("--source", help="the side that acts: actor id, name or country code")
    p.add_argument("--target", help="the side acted on: actor id, name or country code")
    p.add_argument("--type", type=_plover, help="PLOVER type, e.g. CONSULT")
    p.add_argument("--quad", type=int, choices=(1, 2, 3, 4),
                   help="quad class: 1 verbal / 2 material cooperation, 3 verbal / 4 material conflict")
    p.add_argument("--country", help="ISO alpha-3 country of either side")
    p.add_argument("--place", help="place name or country code of the location")
    _range_args(p)
    p.add_argument("--actual", action="store_true", help="only asserted, non-negated events")
    p.add_argument("--no-copies", action="store_true", help="leave out copies of a story already listed")
    p.add_argument("--stories", action="store_true",
                   help="one row per story-level event, with its copies and sources counted")
    p.add_argument("--min-sources", type=_positive, default=1, metavar="N",
                   help="with --stories: only events told by at least N publishers")
    _db_arg(p)
    _page_args(p)
    p = sub.add_parser("demo", help="ingest the bundled demo corpus into a fresh store and show it")
    p.add_argument("--db", default=DEFAULT_DB, help="store to (re)create (default: %(default)s, the one every "
                   "command reads; a store holding other documents is never replaced)")
    p = sub.add_parser("doctor", help="check a store, re-derive its derived tables, say how to recover a broken one")
    _db_arg(p)
    p.add_argument("--discard-wal", action="store_true",
                   help="set aside (rename) a write-ahead log that cannot be replayed, losing what it holds")
    p = sub.add_parser("code-dyads", help="add a `predicted` PLOVER column to a sentence/source/target TSV")
    p.add_argument("file", help="TSV file ('-' for stdin)")
    p.add_argument("--yield", dest="coarse_yield", action="store_true",
                   help="print the PLV data set's coarse YIELD instead of CONCEDE/RETREAT")
    _serve_export_args(sub)
    return parser


def _db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=DEFAULT_DB, help="the store (default: $WIRESCOPE_DB or %(default)s)")


def _page_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--limit", type=_positive, default=30, metavar="N", help="rows (default %(default)s)")
    p.add_argument("--offset", type=int, default=0, metavar="N", help="rows to skip")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the rows as a JSON array (every field)")
    out.add_argument("--csv", action="store_true", help="print the rows as CSV (every field)")


def _range_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="date_from", type=_date, metavar="YYYY-MM-DD", help="first day")
    p.add_argument("--to", dest="date_to", type=_date, metavar="YYYY-MM-DD", help="last day")


def _plover(value: str) -> str:
    from .kb.ontology import PLOVER_TYPES

    if value.upper() not in PLOVER_TYPES:
        raise argparse.ArgumentTypeError(f"not a PLOVER type ({', '.join(PLOVER_TYPES)}): {value!r}")
    return value.upper()


def _serve_export_args(sub: Any) -> None:
    p = sub.add_parser("serve", help="the REST API and the web dashboard over a store")
    _db_arg(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--token-file", metavar="FILE",
                   help="allow POST /api/ingest with the bearer token in FILE (or set $WIRESCOPE_TOKEN; "
                        "else read-only); at least 16 characters")
    p.add_argument("--token", help="the token on the command line: visible in ps, prefer the two above")
    p.add_argument("--allow-host", action="append", metavar="NAME",
                   help="also answer requests for this Host name (default: loopback names and --host; '*': any)")
    p.add_argument("--sql", action="store_true", help="turn on the read-only SQL console (/api/sql)")
    p.add_argument("--max-body-mb", type=_positive, default=32, metavar="MB", help="largest request body (413 above)")
    p.add_argument("--memory-limit", metavar="SIZE",
                   help="DuckDB memory cap, e.g. 2GB (default: DuckDB's; with --sql 1GB)")
    p.add_argument("--threads", type=int, default=1,
                   help="DuckDB threads per query (default 1: concurrent requests use the cores; under 32 "
                        "clients 1 thread served ~410 requests/s, one per core ~300)")
    p.add_argument("--no-cache", action="store_true", help="do not keep answers in memory between ingests")
    p.add_argument("--workers", type=int, default=1, help="server processes (read-only only: no --token)")
    p = sub.add_parser("export", help="write the store as parquet, csv, jsonl, PLOVER JSON or GDELT-style TSV")
    p.add_argument("--format", required=True, choices=("parquet", "csv", "jsonl", "plover-json", "gdelt-tsv"))
    p.add_argument("--table", default="events", choices=("events", "quotes", "actors", "articles", "mentions",
                                                          "stories"), help="what parquet/csv/jsonl write")
    p.add_argument("--actual", action="store_true", help="plover-json/gdelt-tsv: only events that happened")
    _db_arg(p)
    p.add_argument("-o", "--output", default="-", metavar="FILE", help="output file ('-' for stdout)")


def _options(args: argparse.Namespace) -> ReadOptions:
    return ReadOptions(published=args.published, fetch=args.fetch, text_field=args.text_field,
                       title_field=args.title_field, date_field=args.date_field, url_field=args.url_field,
                       follow_symlinks=args.follow_symlinks, max_doc_chars=args.max_doc_chars)


def _config(args: argparse.Namespace) -> Config:
    return Config(kb_files=tuple(getattr(args, "kb", []) or []),
                  publisher_country=getattr(args, "publisher_country", None),
                  doc_timeout=getattr(args, "doc_timeout", Config.doc_timeout),
                  max_doc_chars=getattr(args, "max_doc_chars", Config.max_doc_chars))


def _country(value: str) -> str:
    import pycountry

    code = value.strip().upper()
    if len(code) != 3 or pycountry.countries.get(alpha_3=code) is None:
        raise argparse.ArgumentTypeError(f"not an ISO 3166 alpha-3 country code: {value!r}")
    return code


def _report_rejected(r: Rejected) -> None:
    reason = " ".join(r.reason.split())
    print(f"wirescope: rejected {r.path}: {reason}" + (f" [{r.stage}]" if r.stage != "ingest" else ""),
          file=sys.stderr)


def cmd_extract(args: argparse.Namespace) -> int:
    from .jobs import extract

    rejected = 0
    records = []
    for result in extract(args.paths, _options(args), _config(args), jobs=args.jobs):
        if isinstance(result, Rejected):
            rejected += 1
            _report_rejected(result)
        elif args.format == "jsonl":
            print(json.dumps(result.record(), ensure_ascii=False), flush=True)
        else:
            records.append(result.record())
    if args.format == "json":
        print(json.dumps(records, ensure_ascii=False, indent=1))
    return 1 if rejected else 0


def _progress_bar(total: int | None = None) -> tuple[Any, Callable[[Document | Rejected], None],
                                                   Callable[[int], None]]:
    """A progress bar on stderr; with the number of documents when known, the share done and the ETA.
    Returns the bar, the function told each result, and the one told the records of each input file
    skipped unchanged (they count as done: a re-run of an unchanged corpus ends at N of N)."""
    import rich.progress as rp
    from rich.console import Console

    count: rp.ProgressColumn = rp.MofNCompleteColumn() if total else rp.TextColumn("{task.completed} docs")
    eta: list[rp.ProgressColumn] = [rp.TextColumn("eta"), rp.TimeRemainingColumn()] if total else []
    bar = rp.Progress(rp.TextColumn("[bold]ingest"), rp.BarColumn(), count,
                      rp.TextColumn("{task.fields[rejected]} rejected, {task.fields[skipped]} unchanged"),
                      rp.TimeElapsedColumn(), *eta,
                      console=Console(stderr=True), transient=False, redirect_stderr=False)
    task = bar.add_task("ingest", total=total, rejected=0, skipped=0)
    counts = {"rejected": 0, "skipped": 0}

    def skip(documents: int) -> None:
        counts["skipped"] += documents
        bar.update(task, advance=documents, skipped=counts["skipped"])

    def tick(result: Document | Rejected) -> None:
        if isinstance(result, Rejected):
            counts["rejected"] += 1
            _report_rejected(result)
        else:
            UNDATED["documents"] += 1
            if result.article is not None and not result.article.published:
                UNDATED["undated"] += 1
        bar.update(task, advance=1, rejected=counts["rejected"])

    return bar, tick, skip


UNDATED = {"documents": 0, "undated": 0}  # what the last progress bar saw


def _warn_undated(undated: int, documents: int) -> None:
    """A warning when documents have no publication date: their events get no day, timelines skip them."""
    if undated:
        print(f"wirescope: warning: {undated:,} of {documents:,} documents carry no publication date: their "
              "events have no day and every timeline leaves them out. Give the day they were published with "
              "--published YYYY-MM-DD (or --date-field for JSONL; a feed's date, a URL like /2024/03/05/, a "
              "dateline or a file name like 2024-03-05-title.txt are read when present)", file=sys.stderr)


def cmd_ingest(args: argparse.Namespace) -> int:
    from .errors import UsageError
    from .jobs import count_inputs, ingest

    if args.from_parquet:
        from .scale.parquet import load_parquet

        if args.paths:
            raise UsageError("give either input paths or --from-parquet DIR, not both")
        counts = load_parquet(args.from_parquet, args.db)
        print(f"{args.db}: {counts['stored']} stored, {counts['unchanged']} already stored, "
              f"{counts['rejected']} rejected (from {args.from_parquet})")
        return 0
    if not args.paths:
        raise UsageError("ingest needs input paths (or --from-parquet DIR)")
    bar, tick, skip = _progress_bar(count_inputs(args.paths, _options(args)))
    with bar:
        counts = ingest(args.paths, args.db, _options(args), _config(args), progress=tick, jobs=args.jobs,
                        reread=args.reread, skipped=skip)
    skipped = (f" ({counts['skipped']} input files ingested before and unchanged since: not read again)"
               if counts["skipped"] else "")
    print(f"{args.db}: {counts['stored']} stored, {counts['unchanged']} already stored, "
          f"{counts['rejected']} rejected{skipped}")
    _warn_undated(UNDATED["undated"], UNDATED["documents"])
    return 1 if counts["rejected"] else 0


def cmd_spark(args: argparse.Namespace) -> int:
    from .errors import UsageError

    try:
        from .scale.spark import run_spark_job
    except ImportError as exc:
        raise UsageError(f"Spark is not installed ({exc}): pip install 'wirescope[spark]'") from None
    options = ReadOptions(published=args.published)
    counts = run_spark_job(args.paths, args.out, master=args.master, options=options, config=_config(args),
                           partitions=args.partitions)
    print(f"{args.out}: {counts['documents']} documents ({counts['stored']} distinct, {counts['clusters']} "
          f"stories), {counts['rejected']} rejected")
    return 0


def _open_read(db: str) -> Any:
    from .errors import UsageError
    from .store.duckdb import DuckDBStore

    if not Path(db).exists():
        raise UsageError(f"no store at {db} (run `wirescope ingest PATH --db {db}` first)")
    return DuckDBStore(db, read_only=True)


def print_table(rows: list[dict[str, Any]], columns: Sequence[str], title: str | None = None) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for row in rows:
        table.add_row(*("" if row.get(c) is None else _cell(row[c]) for c in columns))
    Console(width=160).print(table)


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


STATS_COLUMNS = ["articles", "undated", "stories", "actors", "mentions", "quotes", "events", "rejected"]


def _stats(store: Any) -> dict[str, Any]:
    stats = store.stats()
    stats["undated"] = store.con.execute("SELECT count(*) FROM articles WHERE published IS NULL").fetchone()[0]
    return dict(stats)


def cmd_stats(args: argparse.Namespace) -> int:
    store = _open_read(args.db)
    stats = _stats(store)
    print_table([stats], STATS_COLUMNS)
    _warn_undated(stats["undated"], stats["articles"])
    return 0


def _emit(args: argparse.Namespace, rows: list[dict[str, Any]], columns: Sequence[str], title: str) -> None:
    """Rows as a table (the given columns), or with --json / --csv every field."""
    if getattr(args, "json", False):
        print(json.dumps(rows, ensure_ascii=False, indent=1, default=_plain))
    elif getattr(args, "csv", False):
        import csv

        fields = list(dict.fromkeys(k for row in rows for k in row)) or list(columns)
        writer = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _csv_cell(v) for k, v in row.items()})
    else:
        print_table(rows, columns, title)


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _csv_cell(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=_plain)
    return _plain(value) if value is not None and not isinstance(value, (str, int, float, bool)) else value


def _evidence(row: dict[str, Any], width: int = 150) -> str:
    """'Publisher (day): the sentence' for a table cell, cut to `width` characters."""
    where = row.get("publisher") or row.get("title") or row.get("article_id") or ""
    day = row.get("published")
    sentence = " ".join(str(row.get("sentence") or "").split())
    text = f"{where}{f' ({day})' if day else ''}: {sentence}"
    return text if len(text) <= width else text[:width - 1] + "…"


def cmd_actors(args: argparse.Namespace) -> int:
    from .store.queries import find_actors

    rows = find_actors(_open_read(args.db), args.query, limit=args.limit, offset=args.offset)
    _emit(args, rows, ["id", "name", "type", "country", "role", "sector", "mentions", "aliases"], "actors")
    return 0


def cmd_quotes(args: argparse.Namespace) -> int:
    from .store.queries import find_quotes

    _check_range(args)
    rows = find_quotes(_open_read(args.db), args.speaker, args.text, limit=args.limit, offset=args.offset,
                       date_from=args.date_from, date_to=args.date_to, copies=args.copies)
    for row in rows:
        row["article"] = f"{row.get('publisher') or row.get('title') or ''} · {row['article_id']}"
    _emit(args, rows, ["speaker", "kind", "text", "addressee", "published", "article"], "quotes")
    return 0


def _check_range(args: argparse.Namespace) -> None:
    from .errors import UsageError

    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise UsageError(f"--from {args.date_from} is after --to {args.date_to}: no day is in that range")


def cmd_events(args: argparse.Namespace) -> int:
    from .store.queries import event_cards, find_events

    _check_range(args)
    store = _open_read(args.db)
    filters = {"source": args.source, "target": args.target, "date_from": args.date_from, "date_to": args.date_to,
               "place": args.place, "quad": args.quad, "country": args.country}
    if args.stories:
        rows = event_cards(store, actor=args.actor, type_=args.type, actual_only=args.actual, limit=args.limit,
                           offset=args.offset, min_sources=args.min_sources, **filters)
        for row in rows:
            row["evidence_text"] = "\n".join(_evidence(e, 120) for e in row["evidence"][:3])
        _emit(args, rows, ["date", "source", "type", "goldstein", "target", "copies", "sources", "evidence_text"],
              "story-level events")
    else:
        rows = find_events(store, args.actor, args.type, args.actual, limit=args.limit, offset=args.offset,
                           copies=not args.no_copies, evidence=True, **filters)
        for row in rows:
            row["evidence_text"] = _evidence(row)
        _emit(args, rows, ["date", "source", "type", "goldstein", "target", "modality", "location", "evidence_text"],
              "events")
    if not (args.json or args.csv) and rows and not any(r.get("date") for r in rows):
        print("wirescope: warning: none of these events has a day (their documents carry no date); "
              "re-ingest with --published YYYY-MM-DD to place them in time", file=sys.stderr)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import corpus_dir
    from .jobs import count_inputs, ingest
    from .store.queries import find_actors, find_events, find_quotes

    _replace_demo_store(args.db, str(corpus_dir()))
    bar, tick, skip = _progress_bar(count_inputs([str(corpus_dir())]))
    with bar:
        counts = ingest([str(corpus_dir())], args.db, progress=tick, skipped=skip)
    print(f"demo corpus -> {args.db}: {counts['stored']} articles stored, {counts['rejected']} rejected")
    store = _open_read(args.db)
    print_table([_stats(store)], STATS_COLUMNS)
    print_table(find_actors(store, limit=15), ["id", "name", "type", "country", "role", "mentions"], "top actors")
    print_table(find_quotes(store, limit=10), ["speaker", "kind", "text", "published"], "quotes")
    print_table(find_events(store, actual_only=True, limit=15),
                ["date", "source", "type", "cameo", "goldstein", "target", "location"], "events")
    if args.db == DEFAULT_DB:
        print("Next: `wirescope stats`, `wirescope events --stories`, `wirescope serve` (the dashboard)")
    return 0


def _replace_demo_store(db: str, corpus: str) -> None:
    """Remove `db` (and its write-ahead log) for a fresh demo, unless it holds documents of its own."""
    from .errors import UsageError
    from .store.duckdb import DuckDBStore

    path = Path(db)
    if path.exists():
        store = DuckDBStore(db, read_only=True)
        try:
            row = store.con.execute("SELECT count(*) FILTER (WHERE NOT starts_with(path, ?)) FROM articles",
                                    [corpus]).fetchone()
            others = row[0] if row else 0
        finally:
            store.close()
        if others:
            raise UsageError(f"{db} holds {others} documents that are not the demo's: not replaced "
                             "(give another --db for the demo)")
    path.unlink(missing_ok=True)
    Path(f"{db}.wal").unlink(missing_ok=True)


def cmd_doctor(args: argparse.Namespace) -> int:
    from .store.doctor import doctor

    report = doctor(args.db, discard_wal=args.discard_wal)
    for line in report.lines:
        print(f"wirescope doctor: {line}", file=sys.stdout if report.code == 0 else sys.stderr)
    return report.code


def cmd_code_dyads(args: argparse.Namespace) -> int:
    from .dyads import code_dyads

    labels = "plv" if args.coarse_yield else "plover"
    if args.file == "-":
        code_dyads(sys.stdin, sys.stdout, labels=labels)
        return 0
    with open(args.file, encoding="utf-8", newline="") as f:
        code_dyads(f, sys.stdout, labels=labels)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .api.server import resolve_token, serve

    token = resolve_token(args.token, args.token_file)
    serve(args.db, args.host, args.port, token, args.threads, not args.no_cache, args.workers, args.verbose,
          sql=args.sql, allow_hosts=args.allow_host, max_body=args.max_body_mb * 1024 * 1024,
          memory_limit=args.memory_limit)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .errors import UsageError
    from .store.export import ExportError, export

    store = _open_read(args.db)
    try:
        rows = export(store, args.format, args.output, table=args.table, actual_only=args.actual)
    except ExportError as exc:
        raise UsageError(str(exc)) from None
    where = "stdout" if args.output == "-" else args.output
    print(f"wirescope: exported {rows} rows as {args.format} to {where}", file=sys.stderr)
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "extract": cmd_extract, "ingest": cmd_ingest, "stats": cmd_stats, "actors": cmd_actors,
    "quotes": cmd_quotes, "events": cmd_events, "demo": cmd_demo, "code-dyads": cmd_code_dyads,
    "serve": cmd_serve, "export": cmd_export, "doctor": cmd_doctor, "spark": cmd_spark,
}


def main(argv: Sequence[str] | None = None) -> int:
    from .errors import StoreBusy, StoreError, UsageError

    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="wirescope: %(message)s", stream=sys.stderr)
    try:
        return COMMANDS[args.command](args)
    except UsageError as exc:
        print(f"wirescope: error: {exc}", file=sys.stderr)
        return 2
    except StoreBusy as exc:  # another writer: its own exit status, so scripts can wait and retry
        print(f"wirescope: error: {exc}", file=sys.stderr)
        return 3
    except StoreError as exc:
        print(f"wirescope: error: {exc}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"wirescope: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
