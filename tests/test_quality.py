"""Quality flags: garbled, machine-rewritten sentences are flagged; professional text is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEEDS, SHARED, needs_shared
from wirescope.config import Config
from wirescope.demo import corpus_dir
from wirescope.ingest import iter_pages
from wirescope.model import Document
from wirescope.pipeline import Pipeline
from wirescope.stages.quality import assess, orphan_closing_quotes, sentence_flags

STAGES = ("boilerplate", "clean", "meta", "quality")
BBC = SHARED / "corpus" / "bbc"


def articles(paths: list[str]) -> list[Document]:
    return [d for d in Pipeline(Config(stages=STAGES)).run(iter_pages(paths)) if isinstance(d, Document)]


@pytest.mark.parametrize(("sentence", "flag"), [
    ("China supported Russia by refraining from the qualify as an invasion out of deference.",
     "determiner_before_verb"),
    ("“We found the right path,” Wang said. . – earned and worth cherishing.", "stray_punctuation"),
    ("“China supports talks on an equal footing” , Wang said.", "stray_punctuation"),
    ("It keeps ties with Moscow, alongside India and other countries. amid sanctions from Washington.",
     "lowercase_after_stop"),
    ("Another staple of the the firm's business performed poorly.", "repeated_word"),
])
def test_garbled_sentences_are_flagged(sentence: str, flag: str) -> None:
    assert flag in sentence_flags(sentence)


@pytest.mark.parametrize("sentence", [
    "Lavrov's press conference was an attempt to contextualize the war.",
    "Apple Inc. said on Monday that sales rose, according to the U.S. regulator.",
    "Four suits worn on the Please Please Me album cover sold at auction.",
    "The Remain campaign said it had had enough of the debate.",
])
def test_clean_sentences_are_not(sentence: str) -> None:
    assert sentence_flags(sentence) == []


def test_orphan_closing_quote() -> None:
    text = "the two sides signed a pact pledging a “no-nonsense” relationship. limits” in which China"
    assert orphan_closing_quotes(text) == [text.index("limits”") + 6]
    assert orphan_closing_quotes('"I don’t think so,” Grassley said.') == []
    assert orphan_closing_quotes("“A quote that goes on into the next paragraph") == []


def test_flags_name_the_sentence_span() -> None:
    text = "A clean first sentence here. Then the the garbled one.\n\nAnother clean paragraph follows."
    q = assess(text)
    [flag] = [f for f in q.flags if f != "short_text"]
    name, span = flag.split("@")
    start, end = map(int, span.split("-"))
    assert name == "repeated_word" and text[start:end] == "Then the the garbled one."


@needs_shared
def test_the_spun_seed_scores_low() -> None:
    docs = {Path(d.page.path).name[:3]: d.article for d in articles(sorted(str(p) for p in SEEDS.glob("*.txt")))}
    spun = docs["000"]
    assert spun is not None and spun.quality.score < 0.6
    names = {f.split("@")[0] for f in spun.quality.flags}
    assert {"determiner_before_verb", "stray_punctuation", "lowercase_after_stop", "orphan_closing_quote"} <= names


def test_the_demo_corpus_is_not_flagged() -> None:
    assert [d.article.quality.flags for d in articles([str(corpus_dir())])] == [()] * 18  # type: ignore[union-attr]


@pytest.mark.slow
@pytest.mark.skipif(not BBC.is_dir(), reason="../shared is not beside the repository")
def test_professional_text_is_rarely_flagged() -> None:
    docs = articles([str(BBC)])
    flagged = [d for d in docs if any(f != "short_text" for f in d.article.quality.flags)]  # type: ignore[union-attr]
    assert len(docs) == 2095 and len(flagged) / len(docs) < 0.03
