"""`wirescope spark INPUT... --out DIR`: the pipeline on a Spark cluster, written as Parquet in the store's schema.

The job runs the same code as `wirescope ingest`, arranged for a cluster:

1. **read**: every input (any Hadoop-compatible path, directory or glob) is read as whole files and turned
   into `Page`s by the same readers (`wirescope.ingest.iter_pages`) as the CLI and the API use. Each
   document gets its input position (input, sorted path, record) as its sequence number.
2. **boilerplate, globally**: each candidate line with the fingerprint of its document, grouped by line:
   a line in `MIN_STORIES` documents of different stories is furniture (`LineStats` rules). The set of
   furniture lines is broadcast.
3. **clean, meta, quality** per partition, then the dedup features (MinHash, sampled shingles, sentence
   hashes) per partition.
4. **dedup, globally**: candidate pairs from a join on the LSH bands of the MinHash (datasketch's
   band layout for `Config.dedup_threshold`) and on rare sampled shingles (`COMMON_POSTINGS`,
   `MIN_SHARED`), verified by `is_copy`; clusters are the connected components (label propagation);
   each cluster's original is the member ranked first by `_rank` (earliest, credited, most complete,
   best quality, first in input).
5. **nlp, actors, quotes, events** per partition, with one `Pipeline` (one spaCy model) per Python
   worker process, built on first use and kept while Spark reuses the worker.
6. **rows**: `store.rows.rows_of` per document (what `DuckDBStore.add` inserts), as Parquet tables
   ``DIR/<table>/`` in the store's column types; articles, mentions, quotes and events partitioned by
   ``published_day`` (the article's publication day). `wirescope ingest --from-parquet DIR --db FILE` loads them.

The choices of step 2 and 4 see the whole input at once, as the local pipeline does within one batch:
locally a cluster's original is fixed at the end of the batch that opened it (`Config.batch_size`), so a
better original arriving in a later batch differs; with the input in one batch both give the same records.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..config import Config
from ..ingest import ReadOptions
from ..model import Document, Page, Rejected

Seq = tuple[int, int, int]  # (input, file rank, record in file)
CROSS_DOCUMENT = ("boilerplate", "dedup")
PARTITION = "published_day"  # partition column: the article's publication day (events have a `date` of their own)
DATED_TABLES = ("articles", "mentions", "quotes", "events")
TABLES = ("publishers", "articles", "stories", "actors", "aliases", "mentions", "quotes", "events", "rejected")
MAX_BAND_GROUP = 1000  # a band shared by more documents than this is a degenerate text (empty, boilerplate)

_PIPELINES: dict[Any, Any] = {}  # per Python worker: the Pipeline of a config, built on first use


def _pipeline(config: Config) -> Any:
    """The worker's Pipeline for `config` (the spaCy model loads once per Python worker, on first use)."""
    from ..pipeline import Pipeline

    key = repr(config)
    if key not in _PIPELINES:
        _PIPELINES[key] = Pipeline(config)
    return _PIPELINES[key]


def local_path(uri: str) -> str:
    """`file:/a/b` as Spark names local files -> `/a/b`, as the local pipeline names them."""
    if uri.startswith("file:"):
        rest = uri[5:]
        return "/" + rest.lstrip("/") if rest.startswith("/") else rest
    return uri


def read_file(path: str, data: bytes, options: ReadOptions) -> list[Page | Rejected]:
    """The Pages of one input file, by the ingest readers (they read a path: a temporary copy here)."""
    from ..ingest import iter_pages

    name = Path(path).name or "input"
    with tempfile.TemporaryDirectory(prefix="wirescope-") as tmp:
        copy = os.path.join(tmp, name)
        with open(copy, "wb") as f:
            f.write(data)
        out: list[Page | Rejected] = []
        for p in iter_pages([copy], options):
            fixed = path + p.path[len(copy):] if p.path.startswith(copy) else p.path
            out.append(replace(p, path=fixed))
        return out


def _head(config: Config) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(per-document stages before the parse, other than the cross-document ones; stages from the parse)."""
    from ..pipeline import Pipeline

    split = Pipeline(replace(config, stages=config.stages)).split
    head = tuple(s for s in config.stages[:split] if s not in CROSS_DOCUMENT)
    return head, config.stages[split:]


def _observations(seq: Seq, page: Page) -> list[tuple[str, tuple[Seq, frozenset[int]]]]:
    """(line key, (seq, story fingerprint)) for each line of a page that could be furniture (`LineStats.observe`)."""
    from ..stages.boilerplate import STORY_MIN_WORDS, fingerprint
    from ..stages.clean import RECURRING_MAX_WORDS, is_junk, line_key, unwrap

    if page.format not in ("text", "json"):
        return []
    content = [ln for ln in unwrap(page.raw.split("\n")) if not is_junk(ln)]
    keys = {line_key(ln) for ln in content if len(ln.split()) <= RECURRING_MAX_WORDS}
    if not keys:
        return []
    fp = fingerprint([ln for ln in content if len(ln.split()) > STORY_MIN_WORDS] or content)
    return [(k, (seq, fp)) for k in keys]


def _is_recurring(seen: Iterable[tuple[Seq, frozenset[int]]]) -> bool:
    from ..stages.boilerplate import MIN_STORIES, same_story

    stories: list[frozenset[int]] = []
    for _, fp in sorted(seen, key=lambda x: x[0]):
        if not any(same_story(fp, other) for other in stories):
            stories.append(fp)
            if len(stories) >= MIN_STORIES:
                return True
    return False


def _clean_partition(items: Iterator[tuple[Seq, Page | Rejected]], config: Config, head: tuple[str, ...],
                     recurring: Any) -> Iterator[tuple[Seq, Any]]:
    """Run the per-document head stages; yield (seq, (Document|Rejected, encoded dedup features or None))."""
    from ..stages.dedup import encode, features

    pipeline = _pipeline(config)
    pipeline.context.state["recurring_lines"] = recurring.value
    stages = [st for st in pipeline.stages if st.name in head]
    for seq, page in items:
        if isinstance(page, Rejected):
            yield seq, (page, None)
            continue
        result = pipeline.run_stages([Document(page=page)], stages)[0]
        if isinstance(result, Document) and result.article is not None:
            f = features(result.article)
            yield seq, (result, (encode(f), f.size))
        else:
            yield seq, (result, None)


def _band_keys(blob: bytes, size: int, bands: int, rows: int) -> list[tuple[int, bytes]]:
    from ..stages.dedup import decode

    mh = decode(blob, size).minhash
    return [(b, mh[b * rows:(b + 1) * rows].tobytes()) for b in range(bands)]


def _sample(blob: bytes, size: int) -> list[int]:
    from ..stages.dedup import decode

    return [int(x) for x in decode(blob, size).sample]


def _pairs(members: Iterable[Seq], limit: int) -> list[tuple[Seq, Seq]]:
    ms = sorted(set(members))
    if len(ms) > limit:
        return []
    return [(a, b) for i, a in enumerate(ms) for b in ms[i + 1:]]


def _verify(pair: tuple[Seq, Seq], fa: tuple[bytes, int], fb: tuple[bytes, int]) -> bool:
    from ..stages.dedup import decode, is_copy

    return is_copy(decode(*fb), decode(*fa))[0]


def _rank_key(seq: Seq, doc: Document, sig: tuple[bytes, int]) -> tuple[Any, ...]:
    from ..stages.dedup import _rank, decode

    return (*_rank(doc, decode(*sig), 0)[:-1], seq)


def _nlp_partition(items: Iterator[tuple[Seq, Any]], config: Config, tail: tuple[str, ...]
                   ) -> Iterator[tuple[Seq, Any]]:
    """The stages from the parse on, in batches of `Config.batch_size`, with the worker's one model."""
    pipeline = _pipeline(config)
    stages = [st for st in pipeline.stages if st.name in tail]
    batch: list[tuple[Seq, Any]] = []

    def flush() -> Iterator[tuple[Seq, Any]]:
        done = pipeline.run_stages([d for _, (d, _) in batch], stages)
        for (seq, (_, sig)), r in zip(batch, done, strict=True):
            yield seq, (replace(r, nlp=None) if isinstance(r, Document) else r, sig)
        batch.clear()

    for item in items:
        if isinstance(item[1][0], Rejected):
            yield item
            continue
        batch.append(item)
        if len(batch) >= config.batch_size:
            yield from flush()
    if batch:
        yield from flush()


def _rows(seq: Seq, result: Document | Rejected, sig: tuple[bytes, int] | None) -> list[tuple[str, dict[str, Any]]]:
    from ..store.rows import rows_of

    if isinstance(result, Rejected):
        return [("rejected", {"path": result.path, "reason": result.reason, "stage": result.stage, "seq": seq})]
    assert result.article is not None
    day = (result.article.published or "")[:10] or None
    out = []
    for table, row in rows_of(result, sig):
        row = dict(row)
        if table in DATED_TABLES:
            row[PARTITION] = day
        row["seq"] = seq
        out.append((table, row))
    return out


def store_schema() -> dict[str, list[tuple[str, str]]]:
    """(column, DuckDB type) of each table `rows_of` writes, from the store's own migrations."""
    from ..store.duckdb import DuckDBStore

    store = DuckDBStore(":memory:")
    try:
        return {t: [(r["column_name"], r["column_type"]) for r in store.query(f"DESCRIBE {t}")] for t in TABLES}
    finally:
        store.close()


def _spark_type(duck: str) -> Any:
    from pyspark.sql import types as T

    if duck.endswith("[]"):
        return T.ArrayType(_spark_type(duck[:-2]))
    base = duck.split("(")[0].upper()
    return {"VARCHAR": T.StringType(), "INTEGER": T.IntegerType(), "BIGINT": T.LongType(),
            "DOUBLE": T.DoubleType(), "FLOAT": T.FloatType(), "BOOLEAN": T.BooleanType(), "BLOB": T.BinaryType(),
            "DATE": T.StringType(), "TIMESTAMP": T.TimestampType(), "SMALLINT": T.IntegerType(),
            "TINYINT": T.IntegerType()}.get(base, T.StringType())


def spark_session(master: str | None = None, app: str = "wirescope") -> Any:
    from pyspark import SparkConf
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app)
    if master or not SparkConf().contains("spark.master"):  # spark-submit sets it; a plain run is local
        builder = builder.master(master or "local[*]")
    # Executors run this interpreter (the one with spaCy and the model) unless told otherwise.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = builder.config("spark.python.worker.reuse", "true").config("spark.ui.enabled", "false") \
        .config("spark.ui.showConsoleProgress", "false") \
        .config("spark.sql.shuffle.partitions", os.environ.get("WIRESCOPE_SPARK_PARTITIONS", "8"))
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def run_spark_job(inputs: list[str], out: str, master: str | None = None, options: ReadOptions | None = None,
                  config: Config | None = None, partitions: int | None = None, spark: Any = None) -> dict[str, int]:
    """Run the pipeline over `inputs` on Spark; write Parquet tables under `out`; return counts."""
    from datasketch.lsh import _optimal_param

    from ..stages.dedup import COMMON_POSTINGS, MIN_SHARED, NUM_PERM

    config = config or Config()
    options = options or ReadOptions()
    own = spark is None
    spark = spark or spark_session(master)
    sc = spark.sparkContext
    sc._jsc.hadoopConfiguration().set("mapreduce.input.fileinputformat.input.dir.recursive", "true")
    parts = partitions or max(2, sc.defaultParallelism * 2)
    head, tail = _head(config)
    try:
        # 1. read: (seq, Page | Rejected), in input order
        files = sc.union([sc.binaryFiles(path, minPartitions=parts).map(lambda kv, i=i: ((i, local_path(kv[0])),
                                                                                       kv[1]))
                          for i, path in enumerate(inputs)])
        ranked = files.sortByKey(numPartitions=parts).zipWithIndex()
        pages = ranked.flatMap(lambda x: [((x[0][0][0], x[1], k), p)
                                          for k, p in enumerate(read_file(x[0][0][1], x[0][1], options))])
        pages = pages.repartition(parts).cache()
        # 2. boilerplate over all documents
        recurring = set()
        if "boilerplate" in config.stages:
            recurring = set(pages.filter(lambda x: isinstance(x[1], Page))
                            .flatMap(lambda x: _observations(*x)).groupByKey(parts)
                            .filter(lambda kv: _is_recurring(kv[1])).keys().collect())
        rec = sc.broadcast(frozenset(recurring))
        # 3. clean, meta, quality; dedup features
        cleaned = pages.mapPartitions(lambda it: _clean_partition(it, config, head, rec)).cache()
        # 4. dedup over all documents
        marks: dict[Seq, tuple[str, str | None]] = {}
        if "dedup" in config.stages:
            marks = _dedup(sc, cleaned, config, parts, _optimal_param, NUM_PERM, COMMON_POSTINGS, MIN_SHARED)
        mk = sc.broadcast(marks)

        def mark(x: tuple[Seq, Any]) -> tuple[Seq, Any]:
            seq, (r, sig) = x
            if not isinstance(r, Document) or r.article is None:
                return x
            m = mk.value.get(seq, (r.article.id, None)) if "dedup" in config.stages else (None, None)
            return seq, (replace(r, article=replace(r.article, cluster=m[0], duplicate_of=m[1])), sig)

        # 5. the NLP stages, in input order within each partition
        done = cleaned.map(mark).sortByKey(numPartitions=parts) \
            .mapPartitions(lambda it: _nlp_partition(it, config, tail)).cache()
        # 6. rows, first copy of an id only (as the store keeps it), as Parquet in the store's types
        first_of: dict[str, Seq] = dict(
            done.filter(lambda x: isinstance(x[1][0], Document) and x[1][0].article is not None)
            .map(lambda x: (x[1][0].article.id, x[0])).reduceByKey(min, parts).collect())
        keep = sc.broadcast(first_of)
        stored = done.filter(lambda x: isinstance(x[1][0], Rejected) or keep.value.get(x[1][0].article.id) == x[0])
        rows = stored.flatMap(lambda x: _rows(x[0], *x[1])).cache()
        _write_tables(spark, rows, out)
        n_docs = done.filter(lambda x: isinstance(x[1][0], Document)).count()
        n_rejected = done.filter(lambda x: isinstance(x[1][0], Rejected)).count()
        return {"documents": n_docs, "stored": len(first_of), "unchanged": n_docs - len(first_of),
                "rejected": n_rejected, "clusters": len({m[0] for m in marks.values()}) + n_docs - len(marks)}
    finally:
        if own:
            spark.stop()


def _dedup(sc: Any, cleaned: Any, config: Config, parts: int, optimal_param: Any, num_perm: int,
           common: int, min_shared: int) -> dict[Seq, tuple[str, str | None]]:
    """seq -> (cluster, duplicate_of) for every document with an article."""
    bands, rows = optimal_param(config.dedup_threshold, num_perm, 0.5, 0.5)
    docs = cleaned.filter(lambda x: x[1][1] is not None).map(lambda x: (x[0], (x[1][0], x[1][1]))).cache()
    sigs = docs.mapValues(lambda v: v[1])
    ids = docs.map(lambda x: (x[1][0].article.id, x[0]))
    by_band = sigs.flatMap(lambda x: [(k, x[0]) for k in _band_keys(x[1][0], x[1][1], bands, rows)])
    by_shingle = sigs.flatMap(lambda x: [(h, x[0]) for h in _sample(*x[1])])
    same_id = ids.groupByKey(parts).flatMap(lambda kv: _pairs(kv[1], 1 << 30)).map(lambda p: (p, True))
    band_pairs = by_band.groupByKey(parts).flatMap(lambda kv: _pairs(kv[1], MAX_BAND_GROUP)).distinct(parts)
    rare_pairs = by_shingle.groupByKey(parts).flatMap(lambda kv: _pairs(kv[1], common + 1)) \
        .map(lambda p: (p, 1)).reduceByKey(lambda a, b: a + b, parts).filter(lambda kv: kv[1] >= min_shared).keys()
    candidates = band_pairs.union(rare_pairs).distinct(parts)
    # verify: attach both signatures
    verified = candidates.map(lambda p: (p[0], p)).join(sigs, parts).map(lambda x: (x[1][0][1], (x[1][0], x[1][1]))) \
        .join(sigs, parts).filter(lambda x: _verify(x[1][0][0], x[1][0][1], x[1][1])).map(lambda x: (x[1][0][0], True))
    edges = verified.union(same_id).keys().distinct(parts).collect()
    # clusters: connected components of the copy pairs (union-find over the edges; a copy pair per
    # republished article, far fewer than the documents), then each one's original by `_rank`
    parent: dict[Seq, Seq] = {}

    def find(x: Seq) -> Seq:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    root = {x: find(x) for x in list(parent) + [s for e in edges for s in e]}
    members = sc.broadcast(root)
    keyed = docs.filter(lambda x: x[0] in members.value) \
        .map(lambda x: (members.value[x[0]], (_rank_key(x[0], x[1][0], x[1][1]), x[0], x[1][0].article.id))) \
        .collect()
    best: dict[Seq, tuple[Any, Seq, str]] = {}
    for comp, item in keyed:
        if comp not in best or item < best[comp]:
            best[comp] = item
    return {seq: (best[comp][2], None if seq == best[comp][1] else best[comp][2]) for comp, (_, seq, _) in keyed}


def _write_tables(spark: Any, rows: Any, out: str) -> None:
    from pyspark.sql import types as T

    schema = store_schema()
    present: dict[str, set[str]] = {}
    for table, keys in rows.map(lambda x: (x[0], frozenset(x[1]))).distinct().collect():
        present.setdefault(table, set()).update(keys)
    for table in TABLES:
        cols = [(c, t) for c, t in schema[table] if c in present.get(table, set())]
        fields = [T.StructField(c, _spark_type(t), True) for c, t in cols]
        extra = [T.StructField("seq", T.ArrayType(T.LongType()), True)]
        if table in DATED_TABLES:
            extra.append(T.StructField(PARTITION, T.StringType(), True))
        st = T.StructType(fields + extra)
        names = [f.name for f in st.fields]
        data = rows.filter(lambda x, t=table: x[0] == t) \
            .map(lambda x, names=names: tuple(list(x[1]["seq"]) if n == "seq" else x[1].get(n) for n in names))
        df = spark.createDataFrame(data, st)
        writer = df.write.mode("overwrite")
        if table in DATED_TABLES:
            writer = writer.partitionBy(PARTITION)
        writer.parquet(os.path.join(out, table))


def read_parquet_events(out: str) -> list[dict[str, Any]]:
    """The events a job wrote (for checks and benchmarks), read with DuckDB."""
    import duckdb

    con = duckdb.connect()
    try:
        cur = con.execute(f"SELECT * FROM read_parquet('{os.path.join(out, 'events')}/**/*.parquet', "
                          "hive_partitioning = true)")
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()
