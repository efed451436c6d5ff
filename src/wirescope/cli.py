"""`wirescope` command line: thin subcommands over the library (jobs, store queries, dyad coding)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .config import Config
from .ingest import DEFAULT_MAX_DOC_CHARS, ReadOptions
from .model import Document, Rejected

DEFAULT_DB = "wirescope.duckdb"
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
    _jobs_arg(p)


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"not a number of processes (1 or more): {value!r}")
    return n


def _jobs_arg(p: argparse.ArgumentParser) -> None:
    import os

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
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--from-parquet", metavar="DIR", help="load the tables a `wirescope spark` run wrote")
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
    p.add_argument("--db", default=DEFAULT_DB)
    p = sub.add_parser("actors", help="search actors by any name or alias")
    p.add_argument("query", nargs="?")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--limit", type=int, default=30)
    p = sub.add_parser("quotes", help="list quotes")
    p.add_argument("--speaker")
    p.add_argument("--text", help="words the quote contains")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--limit", type=int, default=30)
    p = sub.add_parser("events", help="list events")
    p.add_argument("--actor", help="actor id, name or country code")
    p.add_argument("--type", help="PLOVER type")
    p.add_argument("--actual", action="store_true", help="only asserted, non-negated events")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--limit", type=int, default=30)
    p = sub.add_parser("demo", help="ingest the bundled demo corpus into a fresh store and show it")
    p.add_argument("--db", default="wirescope-demo.duckdb")
    p = sub.add_parser("doctor", help="check a store, re-derive its derived tables, say how to recover a broken one")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--discard-wal", action="store_true",
                   help="set aside (rename) a write-ahead log that cannot be replayed, losing what it holds")
    p = sub.add_parser("code-dyads", help="add a `predicted` PLOVER column to a sentence/source/target TSV")
    p.add_argument("file", help="TSV file ('-' for stdin)")
    p.add_argument("--yield", dest="coarse_yield", action="store_true",
                   help="print the PLV data set's coarse YIELD instead of CONCEDE/RETREAT")
    _serve_export_args(sub)
    return parser


def _serve_export_args(sub: Any) -> None:
    p = sub.add_parser("serve", help="the REST API and the web dashboard over a store")
    p.add_argument("--db", default=DEFAULT_DB)
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
    p.add_argument("--threads", type=int, help="DuckDB threads per query (default: one per core)")
    p.add_argument("--no-cache", action="store_true", help="do not keep answers in memory between ingests")
    p.add_argument("--workers", type=int, default=1, help="server processes (read-only only: no --token)")
    p = sub.add_parser("export", help="write the store as parquet, csv, jsonl, PLOVER JSON or GDELT-style TSV")
    p.add_argument("--format", required=True, choices=("parquet", "csv", "jsonl", "plover-json", "gdelt-tsv"))
    p.add_argument("--table", default="events", choices=("events", "quotes", "actors", "articles", "mentions",
                                                          "stories"), help="what parquet/csv/jsonl write")
    p.add_argument("--actual", action="store_true", help="plover-json/gdelt-tsv: only events that happened")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("-o", "--output", default="-", metavar="FILE", help="output file ('-' for stdout)")


def _options(args: argparse.Namespace) -> ReadOptions:
    return ReadOptions(published=args.published, fetch=args.fetch, text_field=args.text_field,
                       title_field=args.title_field, date_field=args.date_field, url_field=args.url_field,
                       follow_symlinks=args.follow_symlinks, max_doc_chars=args.max_doc_chars)


def _config(args: argparse.Namespace) -> Config:
    return Config(kb_files=tuple(getattr(args, "kb", []) or []),
                  publisher_country=getattr(args, "publisher_country", None))


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


def _progress_bar(total: int | None = None) -> tuple[Any, Callable[[Document | Rejected], None]]:
    """A progress bar on stderr; with the number of documents when known, the share done and the ETA."""
    import rich.progress as rp
    from rich.console import Console

    count: rp.ProgressColumn = rp.MofNCompleteColumn() if total else rp.TextColumn("{task.completed} docs")
    eta: list[rp.ProgressColumn] = [rp.TextColumn("eta"), rp.TimeRemainingColumn()] if total else []
    bar = rp.Progress(rp.TextColumn("[bold]ingest"), rp.BarColumn(), count,
                      rp.TextColumn("{task.fields[rejected]} rejected"), rp.TimeElapsedColumn(), *eta,
                      console=Console(stderr=True), transient=False, redirect_stderr=False)
    task = bar.add_task("ingest", total=total, rejected=0)
    counts = {"rejected": 0}

    def tick(result: Document | Rejected) -> None:
        if isinstance(result, Rejected):
            counts["rejected"] += 1
            _report_rejected(result)
        bar.update(task, advance=1, rejected=counts["rejected"])

    return bar, tick


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
    bar, tick = _progress_bar(count_inputs(args.paths))
    with bar:
        counts = ingest(args.paths, args.db, _options(args), _config(args), progress=tick, jobs=args.jobs)
    print(f"{args.db}: {counts['stored']} stored, {counts['unchanged']} already stored, "
          f"{counts['rejected']} rejected")
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


def cmd_stats(args: argparse.Namespace) -> int:
    store = _open_read(args.db)
    print_table([store.stats()], ["articles", "stories", "actors", "mentions", "quotes", "events", "rejected"])
    return 0


def cmd_actors(args: argparse.Namespace) -> int:
    from .store.queries import find_actors

    rows = find_actors(_open_read(args.db), args.query, limit=args.limit)
    print_table(rows, ["id", "name", "type", "country", "role", "sector", "mentions", "aliases"], "actors")
    return 0


def cmd_quotes(args: argparse.Namespace) -> int:
    from .store.queries import find_quotes

    rows = find_quotes(_open_read(args.db), args.speaker, args.text, limit=args.limit)
    print_table(rows, ["speaker", "kind", "text", "addressee", "published"], "quotes")
    return 0


def cmd_events(args: argparse.Namespace) -> int:
    from .store.queries import find_events

    rows = find_events(_open_read(args.db), args.actor, args.type, args.actual, limit=args.limit)
    print_table(rows, ["date", "source", "type", "cameo", "goldstein", "target", "negated", "modality",
                       "location"], "events")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import corpus_dir
    from .jobs import ingest
    from .store.queries import find_actors, find_events, find_quotes

    Path(args.db).unlink(missing_ok=True)
    bar, tick = _progress_bar()
    with bar:
        counts = ingest([str(corpus_dir())], args.db, progress=tick)
    print(f"demo corpus -> {args.db}: {counts['stored']} articles stored, {counts['rejected']} rejected")
    store = _open_read(args.db)
    print_table([store.stats()], ["articles", "stories", "actors", "mentions", "quotes", "events", "rejected"])
    print_table(find_actors(store, limit=15), ["id", "name", "type", "country", "role", "mentions"], "top actors")
    print_table(find_quotes(store, limit=10), ["speaker", "kind", "text", "published"], "quotes")
    print_table(find_events(store, actual_only=True, limit=15),
                ["date", "source", "type", "cameo", "goldstein", "target", "location"], "events")
    return 0


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
