"""Helpers for tests that run the nlp, actors and quotes stages on sentences written for the test."""

from __future__ import annotations

from dataclasses import replace

from wirescope.kb.actors import load_kb
from wirescope.model import Article, Document, Page, Quote
from wirescope.stages.actors import extract_actors
from wirescope.stages.nlp import load_model
from wirescope.stages.quotes import extract_quotes, to_quotes


def analyse(text: str, published: str | None = None, kb_files: tuple[str, ...] = ()) -> Document:
    """A Document with parse, actors and quotes for `text` (used as the clean article text)."""
    nlp = load_model()
    doc = Document(page=Page("test.txt", text), article=Article(id="t", path="test.txt", text=text,
                                                                 published=published))
    doc = replace(doc, nlp=nlp(text))
    doc = replace(doc, actors=extract_actors(doc, load_kb(kb_files)))
    return replace(doc, quotes=to_quotes(extract_quotes(doc)))


def actor_named(doc: Document, word: str):  # noqa: ANN201  (Actor)
    """The actor whose name contains `word`."""
    hits = [a for a in doc.actors if word in a.name]
    assert hits, f"no actor named {word!r} in {[a.name for a in doc.actors]}"
    return hits[0]


def span_of(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def quotes(text: str) -> list[Quote]:
    """The quotes of `text`, each span checked to index the clean text."""
    doc = analyse(text)
    for q in doc.quotes:
        assert text[q.span[0]:q.span[1]] == q.text
    return list(doc.quotes)


def one(qs: list[Quote], words: str) -> Quote:
    """The one quote holding `words`."""
    hits = [q for q in qs if words in q.text]
    assert len(hits) == 1, f"{words!r} in {[q.text for q in qs]}"
    return hits[0]


def speaker(q: Quote) -> str | None:
    return q.speaker.name if q.speaker else None
