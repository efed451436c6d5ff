"""An incremental ingest into a growing store: its cost follows the batch, not the store.

    .venv/bin/python benchmarks/store_growth.py [--sizes 100000 300000 1000000] [--n 20]

Builds synthetic stores of N events straight with SQL (no NLP): N/10 articles with dedup signatures,
0.3 quotes and 3 mentions per event, 20,000 actors with aliases, the derived tables built once in full
(timed: what every ingest cost before the derived tables were updated incrementally). Then ingests the
same 20 real BBC articles (demo corpus when the BBC corpus is absent) into each and prints the phases:
opening the store and loading the dedup signatures and known persons, the pipeline (NLP, the same work
at every size), storing plus the incremental derived-table update, and the total; then the size of the
write-ahead log the ingest left (small batches are not checkpointed: `WAL_CHECKPOINT_BYTES`) and the
time the next open takes to replay it.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from wirescope.config import Config
from wirescope.jobs import extract
from wirescope.pipeline import Context
from wirescope.stages.actors.linking import PersonIndex
from wirescope.stages.dedup import DedupIndex, encode, features
from wirescope.store.duckdb import DuckDBStore

BBC = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "bbc"
SIGNATURES = 500  # distinct real signatures, repeated over the synthetic articles


def articles(n: int) -> list[str]:
    if BBC.is_dir():
        files = sorted(str(p) for p in BBC.rglob("*.txt"))
        return files[len(files) // 3:][:: max(1, len(files) // (3 * n))][:n]
    from wirescope.demo import corpus_dir

    return sorted(str(p) for p in corpus_dir().glob("*.txt"))[:n]


def signatures() -> list[tuple[bytes, int]]:
    """Real dedup signatures of random texts (their size is what loading them costs)."""
    from wirescope.model import Article

    rng = random.Random(1)
    words = [f"w{i}" for i in range(20000)]
    out = []
    for i in range(SIGNATURES):
        f = features(Article(id=str(i), path="", text=" ".join(rng.choices(words, k=400)),
                             published="2024-01-01"))
        out.append((encode(f), f.size))
    return out


def build(db: str, events: int, sigs: list[tuple[bytes, int]]) -> float:
    """A store of `events` synthetic events; returns the seconds of its full derived-table rebuild."""
    import pyarrow as pa

    store = DuckDBStore(db)
    con = store.con
    n_art, n_act = events // 10, 20000
    con.register("sigs", pa.table({"s": np.arange(len(sigs)), "blob": [b for b, _ in sigs],
                                   "size": [n for _, n in sigs]}))
    con.execute("BEGIN")
    con.execute(f"""INSERT INTO actors SELECT 'syn:' || i, 'Actor ' || i,
        CASE WHEN i % 3 = 0 THEN 'PERSON' ELSE 'ORG' END, 'C' || (i % 150), NULL, NULL FROM range({n_act}) t(i)""")
    con.execute("INSERT INTO aliases SELECT id, name FROM actors UNION ALL SELECT id, lower(name) FROM actors")
    con.execute(f"""INSERT INTO articles (id, path, title, publisher, published, text, minhash, shingles, url)
        SELECT 'syn' || lpad(i::VARCHAR, 8, '0'), 'syn/' || i || '.txt', 'Synthetic story ' || i,
               'Pub ' || (i % 40), DATE '2021-01-01' + (i % 1200)::INTEGER, 'synthetic text ' || i,
               s.blob, s.size, NULL
        FROM range({n_art}) t(i) JOIN sigs s ON s.s = i % {len(sigs)}""")
    con.execute("INSERT INTO stories SELECT id, id, title, published FROM articles")
    con.execute(f"""INSERT INTO mentions (article_id, actor_id, start_char, end_char)
        SELECT 'syn' || lpad((i // 30)::VARCHAR, 8, '0'),
        'syn:' || (hash(i) % {n_act}), (i % 30) * 10, (i % 30) * 10 + 8 FROM range({events * 3}) t(i)""")
    con.execute(f"""INSERT INTO quotes (article_id, n, text, kind, speaker_id, speaker_name, qid, story, is_copy)
        SELECT 'syn' || lpad((i // 3)::VARCHAR, 8, '0') AS a, i % 3,
               'We will discuss item ' || (hash(i) % 5000) || ' and matter ' || (hash(i + 1) % 800) || ' today',
               'direct', 'syn:' || (hash(i) % {n_act}), 'Actor ' || (hash(i) % {n_act}),
               a || ':' || (i % 3), a, false
        FROM range({events * 3 // 10}) t(i)""")
    con.execute(f"""INSERT INTO events (article_id, n, type, cameo, goldstein, quad, source_id, source_name,
            source_country, target_id, target_name, target_country, negated, modality, story, day, is_copy)
        SELECT 'syn' || lpad((i // 10)::VARCHAR, 8, '0') AS a, i % 10, 'CONSULT', '040', 1.0, 1,
               'syn:' || (hash(i) % 2000), 'Actor', 'C' || (hash(i) % 150), 'syn:' || (hash(i + 7) % 2000),
               'Actor', 'C' || (hash(i + 7) % 150), false, 'asserted', a,
               DATE '2021-01-01' + ((i // 10) % 1200)::INTEGER, false
        FROM range({events}) t(i)""")
    con.execute("COMMIT")
    con.execute("CHECKPOINT")
    t = time.perf_counter()
    store.refresh_derived()
    full = time.perf_counter() - t
    store.close()
    return full


def ingest(db: str, paths: list[str]) -> dict[str, float]:
    t0 = time.perf_counter()
    store = DuckDBStore(db)
    index = DedupIndex()
    loaded = store.load_signatures(index)
    people = PersonIndex()
    for row in store.persons():
        people.add(*row)
    t1 = time.perf_counter()
    context = Context(Config(), state={"dedup": index, "people": people})
    results = list(extract(paths, context=context))
    t2 = time.perf_counter()
    counts = store.add(results, signatures=index.signature_bytes)
    t3 = time.perf_counter()
    store.close()
    t4 = time.perf_counter()
    wal = Path(f"{db}.wal")
    log_mb = wal.stat().st_size / 2**20 if wal.exists() else 0.0
    DuckDBStore(db).close()  # the next run's open: replays the write-ahead log this ingest left
    t5 = time.perf_counter()
    return {"open+load": t1 - t0, "pipeline": t2 - t1, "store+derived": t3 - t2, "close": t4 - t3,
            "total": t4 - t0, "stored": counts["stored"], "signatures": loaded, "reopen": t5 - t4, "log_mb": log_mb}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 300_000, 1_000_000])
    ap.add_argument("--n", type=int, default=20)
    args = ap.parse_args()
    paths = articles(args.n)
    sigs = signatures()
    tmp = Path(tempfile.mkdtemp(prefix="store-growth-"))
    try:
        warm = ingest(str(tmp / "warm.duckdb"), paths)  # loads the model and the KB once
        print(f"{len(paths)} real articles; warm-up into an empty store: {warm['total']:.2f} s "
              f"(pipeline {warm['pipeline']:.2f} s)", flush=True)
        print(f"{'events':>9} {'articles':>9} {'full rebuild':>12} | incremental ingest of {len(paths)}: "
              f"{'open+load':>9} {'pipeline':>8} {'store+derived':>13} {'total':>6}")
        for size in args.sizes:
            db = str(tmp / f"s{size}.duckdb")
            full = build(db, size, sigs)
            r = ingest(db, paths)
            assert r["stored"] == len(paths), r
            print(f"{size:>9,} {size // 10:>9,} {full:>10.2f} s | {'':>22}{r['open+load']:>7.2f} s "
                  f"{r['pipeline']:>6.2f} s {r['store+derived']:>11.2f} s {r['total']:>4.2f} s"
                  f"  ({r['signatures']:,} signatures loaded; left a {r['log_mb']:.2f} MB log, "
                  f"which the next open replays in {r['reopen']:.2f} s)", flush=True)
            Path(db).unlink()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
