"""Per-document limits in one process: a time budget per document (the batch goes on), the parse in
pieces of bounded size that join back to the text, and no sentence longer than MAX_SENTENCE_TOKENS."""

from __future__ import annotations

import contextlib
import signal
import time
from pathlib import Path

import pytest

from conftest import run_cli
from wirescope.budget import BudgetExceeded, deadline, usable
from wirescope.config import Config
from wirescope.demo import corpus_dir
from wirescope.jobs import extract
from wirescope.model import Document, Rejected
from wirescope.registry import stage
from wirescope.stages.nlp import MAX_SENTENCE_TOKENS, load_model, parse_bounded, split_text

SLOW = "SLOW-IN-ONE-PROCESS"
SWALLOWING = "SLOW-AND-SWALLOWS-EXCEPTIONS"
STAGES = ("boilerplate", "clean", "meta", "quality", "dedup", "test_slow")
needs_timer = pytest.mark.skipif(not usable(), reason="no interval timer here")


@stage("test_slow", requires=("article",))
def slow(doc: Document, ctx: object) -> Document:
    text = doc.article.text if doc.article else ""
    if SLOW in text:
        time.sleep(600)
    if SWALLOWING in text:  # code that catches everything (as some HTML extractors do) is interrupted anyway
        for _ in range(600):
            with contextlib.suppress(Exception):
                time.sleep(1)
    return doc


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    for n, path in enumerate(sorted(corpus_dir().glob("*.txt"))[:3]):
        (tmp_path / f"{n}.txt").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "1b.txt").write_text(f"Envoys met on Friday.\n\nThey agreed on {SLOW} terms.\n", encoding="utf-8")
    (tmp_path / "1c.txt").write_text(f"Envoys met on Sunday.\n\nThey agreed on {SWALLOWING}.\n", encoding="utf-8")
    return tmp_path


@needs_timer
def test_a_document_over_its_time_budget_is_rejected_and_the_batch_goes_on(corpus: Path) -> None:
    list(extract([str(corpus / "0.txt")], config=Config(stages=STAGES), jobs=1))  # what stages load once
    results = list(extract([str(corpus)], config=Config(stages=STAGES, doc_timeout=2.0), jobs=1))
    by_name = {Path(r.path if isinstance(r, Rejected) else r.page.path).name: r for r in results}
    assert list(by_name) == ["0.txt", "1.txt", "1b.txt", "1c.txt", "2.txt"]
    for name in ("1b.txt", "1c.txt"):
        r = by_name.pop(name)
        assert isinstance(r, Rejected) and r.stage == "test_slow"
        assert r.reason.startswith("time budget exceeded: more than 2 s") and "test_slow" in r.reason
    assert all(isinstance(r, Document) and r.article for r in by_name.values())


@needs_timer
def test_a_batch_stage_over_the_budget_runs_again_document_by_document() -> None:
    from wirescope.model import Page
    from wirescope.pipeline import Pipeline
    from wirescope.registry import STAGES as REGISTERED

    calls: list[int] = []

    @stage("test_slow_batch", requires=("page",), batch=True)
    def slow_batch(docs: list[Document], ctx: object) -> list[Document]:
        calls.append(len(docs))
        if any(SLOW in d.page.raw for d in docs):
            time.sleep(600)
        return docs

    try:
        pipeline = Pipeline(Config(stages=("test_slow_batch",), doc_timeout=0.5))
        pages = [Page(path=f"{n}.txt", raw=SLOW if n == 1 else "fine", format="text") for n in range(3)]
        out = pipeline.run_batch(pages)  # type: ignore[arg-type]
    finally:
        del REGISTERED["test_slow_batch"]
    assert calls == [3, 1, 1, 1]
    assert [type(r).__name__ for r in out] == ["Document", "Rejected", "Document"]


@needs_timer
def test_deadline_puts_back_an_outer_timer_and_does_nothing_without_a_limit() -> None:
    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(1))
    try:
        signal.setitimer(signal.ITIMER_REAL, 30.0)
        with deadline(5.0):
            pass
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 20.0 < left <= 30.0  # the outer timer runs on
        with deadline(None), deadline(0):
            pass
        with pytest.raises(BudgetExceeded), deadline(0.05):
            time.sleep(5)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert not fired


def test_cli_doc_timeout_flag() -> None:
    bad = run_cli("extract", str(corpus_dir()), "--doc-timeout", "-1")
    assert bad.returncode == 2 and "--doc-timeout" in bad.stderr


def test_split_text_cuts_at_paragraphs_and_joins_back() -> None:
    text = "\n\n".join(f"Paragraph {i} says something about the talks." for i in range(400))
    pieces = split_text(text, 1000)
    assert "".join(pieces) == text and all(len(p) <= 1000 for p in pieces)
    assert all(p.endswith("\n\n") for p in pieces[:-1])
    blob = "x" * 2500  # no break at all: hard cuts
    assert split_text(blob, 1000) == ["x" * 1000, "x" * 1000, "x" * 500]


def test_a_long_text_is_parsed_in_pieces_into_one_doc_much_as_a_whole_parse() -> None:
    nlp = load_model()
    text = "\n\n".join(f"Minister {n} met the envoy of France in Paris on Monday, officials said." for n in range(60))
    [doc] = parse_bounded(nlp, [text], chunk_chars=1000, batch_chars=3000)
    whole = nlp(text)
    assert doc.text == text and len(doc) == len(whole)
    assert [(t.idx, t.text) for t in doc] == [(t.idx, t.text) for t in whole]
    same = sum((a.dep_, a.head.i, a.ent_type_) == (b.dep_, b.head.i, b.ent_type_) for a, b in zip(doc, whole, strict=True))
    assert same >= 0.97 * len(doc)  # a piece's first words see no context before them; the rest is the same


def test_no_sentence_is_longer_than_the_limit() -> None:
    words = "the minister said on tuesday that the talks with the delegation would resume next week in geneva "
    text = "Headline\n\n" + words * 60 + "and, it seems, after that " + words * 30 + "."
    [doc] = parse_bounded(load_model(), [text], chunk_chars=20_000, batch_chars=100_000)
    sents = list(doc.sents)
    assert len(sents) > 5 and max(len(s) for s in sents) <= MAX_SENTENCE_TOKENS
    normal = "Ministers met in Geneva on Tuesday. They agreed to meet again, officials said."
    assert [s.text for s in load_model()(normal).sents] == ["Ministers met in Geneva on Tuesday.",
                                                             "They agreed to meet again, officials said."]


def test_an_html_page_whose_text_is_too_long_is_rejected_before_the_stages_that_follow(tmp_path: Path) -> None:
    paragraphs = "".join(f"<p>Paragraph {i}: the delegation arrived in Geneva on Monday.</p>" for i in range(100))
    page = tmp_path / "p.html"
    page.write_text(f"<html><head><title>Big</title></head><body><article>{paragraphs}</article></body></html>",
                    encoding="utf-8")
    [r] = extract([str(page)], config=Config(stages=("clean",), max_doc_chars=2000))
    assert isinstance(r, Rejected) and r.stage == "clean" and "characters of text, more than 2,000" in r.reason
    [ok] = extract([str(page)], config=Config(stages=("clean",)))
    assert isinstance(ok, Document) and ok.article and len(ok.article.text) > 2000


@needs_timer
def test_loading_in_a_paused_block_is_not_the_documents_time() -> None:
    from wirescope.budget import paused

    with deadline(0.5):
        with paused():
            time.sleep(1.0)  # a load: the clock stands still
        time.sleep(0.1)
