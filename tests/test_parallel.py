"""`--jobs N`: the NLP stages in worker processes give the same records as one process, in order.

A worker that dies on a document (or hangs where its own time budget cannot interrupt it) is replaced,
and only that document is rejected; a document over its time budget is rejected by the worker itself. The stages below are registered by this module; worker processes import it to get them.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from pathlib import Path

from conftest import run_cli
from wirescope.config import DEFAULT_STAGES, Config
from wirescope.demo import corpus_dir
from wirescope.jobs import count_inputs, extract
from wirescope.model import Document, Rejected
from wirescope.registry import stage

CRASH = "CRASH-THIS-WORKER"
HANG = "HANG-THIS-WORKER"
SLOW = "SLOW-DOCUMENT"


@stage("test_crash_or_hang", requires=("nlp",))
def crash_or_hang(doc: Document, ctx: object) -> Document:
    text = doc.article.text if doc.article else ""
    if CRASH in text:
        os._exit(3)  # as a segfault in a C extension would: no exception, no cleanup
    if HANG in text:  # stuck as in C code that never lets the timer's signal handler run
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(600)
    if SLOW in text:  # slow Python code: the worker's own per-document budget interrupts it
        time.sleep(600)
    return doc


def _corpus(tmp_path: Path) -> list[str]:
    """The demo articles, an exact and a truncated copy of one, junk, and a missing path."""
    src = tmp_path / "in"
    shutil.copytree(corpus_dir(), src)
    story = (src / "15_xi-putin-moscow.txt").read_text(encoding="utf-8")
    (src / "15b_copy.txt").write_text(story, encoding="utf-8")
    (src / "15c_truncated.txt").write_text(story[: len(story) * 2 // 3], encoding="utf-8")
    (src / "99_junk.txt").write_text("Cookie settings\nAccept all\n\n404 page not found\n", encoding="utf-8")
    return [str(src), str(tmp_path / "missing.txt")]


def _jsonl(results: list[Document | Rejected]) -> list[str]:
    return [json.dumps(r.record() if isinstance(r, Document) else [r.path, r.reason, r.stage], sort_keys=True)
            for r in results]


def test_jobs_2_gives_the_records_of_one_process(tmp_path: Path) -> None:
    paths = _corpus(tmp_path)
    config = Config(batch_size=4)  # six batches: both workers busy, results back out of order
    one = list(extract(paths, config=config, jobs=1))
    seen: list[str] = []
    two = list(extract(paths, config=config, jobs=2, progress=lambda r: seen.append(r.path if isinstance(
        r, Rejected) else r.page.path)))
    assert _jsonl(two) == _jsonl(one)
    assert seen == [r.path if isinstance(r, Rejected) else r.page.path for r in one]
    docs = [r for r in two if isinstance(r, Document)]
    assert len(docs) >= 20 and any(d.events for d in docs) and any(d.quotes for d in docs)
    assert any(d.article and d.article.duplicate_of for d in docs)  # the copies found their original
    assert any(isinstance(r, Rejected) and r.path.endswith("missing.txt") for r in two)


def test_a_document_that_kills_or_hangs_its_worker_is_rejected_and_the_rest_go_through(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    names = sorted(p.name for p in corpus_dir().glob("*.txt"))[:5]
    for name in names:
        shutil.copy(corpus_dir() / name, src / name)
    (src / "03b_crash.txt").write_text(f"Ministers met on Monday.\n\nThe talks were held in {CRASH}.\n")
    (src / "05b_hang.txt").write_text(f"Leaders spoke by phone on Tuesday.\n\nThey discussed {HANG} plans.\n")
    (src / "02b_slow.txt").write_text(f"Envoys met on Friday.\n\nThey agreed on {SLOW} terms.\n")
    stages = list(DEFAULT_STAGES)
    stages.insert(stages.index("nlp") + 1, "test_crash_or_hang")
    config = Config(stages=tuple(stages), batch_size=2)
    from wirescope.ingest import iter_pages
    from wirescope.pipeline import Pipeline

    pipeline = Pipeline(config, jobs=2, doc_timeout=6.0)  # generous: CI machines may be busy
    results = list(pipeline.run(iter_pages([str(src)])))
    by_name = {Path(r.path if isinstance(r, Rejected) else r.page.path).name: r for r in results}
    assert list(by_name) == sorted(by_name)  # input order
    crash, hang, slow = by_name.pop("03b_crash.txt"), by_name.pop("05b_hang.txt"), by_name.pop("02b_slow.txt")
    assert isinstance(crash, Rejected) and crash.stage == "worker" and "exit code 3" in crash.reason
    assert isinstance(hang, Rejected) and hang.stage == "worker" and "timed out" in hang.reason
    assert isinstance(slow, Rejected) and slow.stage == "test_crash_or_hang" and "time budget" in slow.reason
    assert set(by_name) == set(names) and all(isinstance(r, Document) for r in by_name.values())
    alone = {Path(r.page.path).name: r for r in extract([str(corpus_dir() / n) for n in names], jobs=1)
             if isinstance(r, Document)}
    for n in names:  # the same records as one process gives (paths aside), also for those retried alone
        got, want = by_name[n].record(), alone[n].record()  # type: ignore[union-attr]
        assert {k: v for k, v in got.items() if k != "path"} == {k: v for k, v in want.items() if k != "path"}


def test_cli_jobs_flag_and_input_count(tmp_path: Path) -> None:
    bad = run_cli("extract", str(corpus_dir()), "--jobs", "0")
    assert bad.returncode == 2 and "--jobs" in bad.stderr
    assert count_inputs([str(corpus_dir())]) == len(list(corpus_dir().glob("*.txt")))
    (tmp_path / "a.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n')
    assert count_inputs([str(tmp_path)]) == 2  # a JSONL file: its non-blank lines
    assert count_inputs(["-"]) is None  # stdin: unknown
