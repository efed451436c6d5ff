"""The KB gazetteer scan: longest non-overlapping KB names in a parsed document."""

from __future__ import annotations

import functools
from typing import Any

from ...kb.actors import ActorKB, Entry, fold

# spaCy entities whose inside should not yield a country ("East China Sea", "Moscow State University")
CONTAINER_LABELS = frozenset({"ORG", "FAC", "LOC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "PERSON"})


@functools.lru_cache(maxsize=65536)
def _fold_word(text: str) -> str:
    return fold(text).split("'")[0]


def scan_kb(doc: Any, kb: ActorKB, tokens: list[Any] | None = None) -> list[tuple[int, int, Entry]]:
    """Longest non-overlapping KB matches as (start token, end token, entry); `tokens` is list(doc)
    when the caller has it already."""
    out: list[tuple[int, int, Entry]] = []
    toks = tokens if tokens is not None else list(doc)  # indexing a Doc builds a Token each time
    prefixes = kb.prefixes()
    n, i = len(toks), 0
    while i < n:
        t = toks[i]
        if t.is_space or t.text not in kb.first_words and _fold_word(t.text) not in kb.first_words:
            i += 1
            continue
        best = None
        surface = t.text
        e = kb.match(surface)
        if e is not None:
            best = (i, i + 1, e)
        words = [w for w in fold(t.text).split(" ") if w]
        for j in range(i + 1, min(n, i + kb.max_tokens)):
            if "\n" in toks[j - 1].whitespace_ or "\n" in toks[j].text:
                break
            words += [w for w in fold(toks[j].text).split(" ") if w]
            if tuple(words) not in prefixes:
                break  # no KB name goes on like this: stop before folding longer windows
            surface += toks[j - 1].whitespace_ + toks[j].text
            e = kb.match(surface)
            if e is not None:
                best = (i, j + 1, e)
        if best is not None:
            s, end, entry = best
            while end > s + 1 and (toks[end - 1].is_punct or toks[end - 1].text in ("'s", "\u2019s")):
                end -= 1  # "China," and "Moscow-" match through fold(); the mention is the name
            best = (s, end, entry)
        if best is not None and _accept(toks, kb, *best):
            out.append(best)
            i = best[1]
        else:
            i += 1
    return out


def _accept(doc: list[Any], kb: ActorKB, s: int, e: int, entry: Entry) -> bool:
    """Reject a KB match that is only part of a larger name spaCy found ("East China Sea")."""
    ent_label = doc[s].ent_type_
    ent_start, ent_end = _ent_bounds(doc, s) if ent_label in CONTAINER_LABELS else (s, e)
    if ent_label not in CONTAINER_LABELS:
        return _not_inside_proper_name(doc, kb, s, e, entry)
    lead = ent_start
    while lead < s and doc[lead].lower_ == "the":
        lead += 1
    tail = ent_end
    while tail > e and doc[tail - 1].text.lower() in ("'s", "\u2019s", "'", "\u2019"):
        tail -= 1
    if lead >= s and tail <= e:
        return True
    if entry.type == "PERSON":
        return True
    # "Russian President Vladimir Putin" tagged as one PERSON
    return ent_label == "PERSON" and s == ent_start and e < len(doc) and kb.role(doc[e].lower_) is not None


def _not_inside_proper_name(doc: Any, kb: ActorKB, s: int, e: int, entry: Entry) -> bool:
    """A bare capitalised name right after the match usually extends it ("Washington Monument")."""
    if e >= len(doc) or entry.form == "demonym" or entry.type == "PERSON":
        return True
    nxt = doc[e]
    return not (nxt.pos_ == "PROPN" and nxt.text[:1].isupper() and nxt.ent_iob_ == "I"
                and kb.role(nxt.lower_) is None)


def _ent_bounds(doc: list[Any], i: int) -> tuple[int, int]:
    """Token bounds of the entity covering token i, from the IOB tags (no Span objects)."""
    s = i
    while s > 0 and doc[s].ent_iob_ == "I":
        s -= 1
    e = i + 1
    while e < len(doc) and doc[e].ent_iob_ == "I":
        e += 1
    return s, e

