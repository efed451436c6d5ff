"""`wirescope spark` on `local[2]` stores what the local pipeline stores: documents, clusters, quotes, events.

Skips when pyspark or a Java runtime is missing (`pip install -e '.[spark]'`, Java 17).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

from conftest import run_cli
from wirescope.config import Config
from wirescope.demo import corpus_dir

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("pyspark") is None, reason="pyspark is not installed"),
    pytest.mark.skipif(shutil.which("java") is None and not os.environ.get("JAVA_HOME"), reason="no Java runtime"),
    pytest.mark.slow,
]

QUERIES = {
    "documents": "SELECT id, path, title, published, text FROM articles ORDER BY id",
    "clusters": "SELECT id, cluster, duplicate_of FROM articles ORDER BY id",
    "stories": "SELECT id, first_article FROM stories ORDER BY id",
    "quotes": "SELECT article_id, n, text, kind, speaker_id, addressee_id, is_copy FROM quotes ORDER BY 1, 2",
    "events": "SELECT article_id, n, type, cameo, source_id, target_id, negated, modality, is_copy "
              "FROM events ORDER BY 1, 2",
    "rejected": "SELECT path, reason, stage FROM rejected ORDER BY 1",
}


def _corpus(root: Path) -> Path:
    """18 demo articles, exact and truncated copies of most of them, and junk: 44 documents."""
    src = root / "in"
    shutil.copytree(corpus_dir(), src)
    for i, p in enumerate(sorted(corpus_dir().glob("*.txt"))):
        text = p.read_text(encoding="utf-8")
        if i % 3 != 2:
            (src / f"copy_{p.name}").write_text(text, encoding="utf-8")
        if i % 2 == 0:
            (src / f"part_{p.name}").write_text(text[: len(text) * 3 // 4], encoding="utf-8")
    (src / "zz_junk.txt").write_text("Cookie settings\nAccept all\n", encoding="utf-8")
    (src / "zz_empty.txt").write_text("", encoding="utf-8")
    return src


def _rows(db: str) -> dict[str, list[tuple]]:
    from wirescope.store.duckdb import DuckDBStore

    store = DuckDBStore(db, read_only=True)
    try:
        return {k: [tuple(r.values()) for r in store.query(q)] for k, q in QUERIES.items()}
    finally:
        store.close()


def test_spark_local_2_stores_what_the_local_pipeline_stores(tmp_path: Path) -> None:
    from wirescope.jobs import ingest

    src = _corpus(tmp_path)
    assert len(list(src.iterdir())) >= 40
    local_db = str(tmp_path / "local.duckdb")
    # One batch: the Spark job picks originals and furniture lines over the whole input, as one batch does.
    ingest([str(src)], local_db, config=Config(batch_size=64))
    out = tmp_path / "out"
    env_ip = os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    assert env_ip
    from wirescope.scale.spark import run_spark_job

    counts = run_spark_job([str(src)], str(out), master="local[2]", partitions=4)
    assert counts["documents"] + counts["rejected"] == len(list(src.iterdir()))
    assert (out / "events").is_dir() and any((out / "events").glob("published_day=*"))
    spark_db = str(tmp_path / "spark.duckdb")
    proc = run_cli("ingest", "--from-parquet", str(out), "--db", spark_db)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    local, spark = _rows(local_db), _rows(spark_db)
    assert len(local["events"]) > 20 and len(local["quotes"]) > 20
    assert len({c for _, c, d in local["clusters"] if d}) >= 8  # the copies are found
    for key in QUERIES:
        assert spark[key] == local[key], key
