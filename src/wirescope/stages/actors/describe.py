"""Descriptors: the roles, countries and affiliations the words around a name give it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...kb.actors import ActorKB, Entry
from ...kb.lang import words as lang_words


def _left_descriptor(doc: Any, s: int, taken: set[int]) -> list[int]:
    """Tokens of the title in front of a name: "Russian Foreign Minister", "his Chinese counterpart"."""
    out: list[int] = []
    j = s - 1
    sent_start = doc[s].sent.start
    while j >= sent_start and len(out) < 7 and j not in taken:
        t = doc[j]
        if t.pos_ in ("VERB", "AUX", "ADP", "CCONJ", "SCONJ", "NUM", "PART") and t.lower_ not in ("'s", "\u2019s"):
            break
        if t.is_punct and t.text not in (".",) or "\n" in t.whitespace_:
            break
        out.append(j)
        j -= 1
    return sorted(out)


def _appositive(doc: Any, s: int, e: int, kb: ActorKB) -> list[int]:
    """Tokens of an appositive describing the name: "Julianne Smith, US ambassador to NATO," or
    "his Chinese counterpart, Xi Jinping"."""
    root = doc[e - 1]
    for child in root.children:
        if child.dep_ == "appos" and child.i >= e:
            return [t.i for t in child.subtree if t.i >= e]
    if root.dep_ == "appos" and root.head.i < s:
        head = root.head
        return [t.i for t in head.subtree if t.i < s and not t.is_punct]
    if e + 1 < len(doc) and doc[e].text == ",":  # parser missed it: a short role phrase after a comma
        span = []
        for t in doc[e + 1: min(len(doc), e + 8)]:
            if t.is_punct or t.pos_ in ("VERB", "AUX"):
                break
            span.append(t.i)
        # without the parser's word, only a phrase holding a role word is taken for a description
        return span if _longest_role([doc[i].lower_ for i in span], kb) is not None else []
    return []


@dataclass
class Descriptor:
    country: str | None = None
    role: str | None = None
    sector: str | None = None
    affiliation: Entry | None = None


def describe(doc: Any, tokens: list[int], kb: ActorKB, gaz_at: dict[int, Entry]) -> Descriptor:
    """Country, role and affiliation named by descriptor tokens."""
    d = Descriptor()
    blocked = False
    words = [doc[i].lower_ for i in tokens]
    for k, i in enumerate(tokens):
        if words[k] in lang_words("actors")["not_nationality"]:
            blocked = True
        entry = gaz_at.get(i)
        if entry is None or blocked:
            continue
        if entry.type == "COUNTRY" and d.country is None:
            d.country = entry.country
        elif entry.type in ("MEDIA", "ORG", "IGO") and d.affiliation is None:
            d.affiliation = entry
    role = _longest_role(words, kb)
    if role is not None and role.role != "counterpart":
        d.role, d.sector = role.role, role.sector
    return d


def _longest_role(words: list[str], kb: ActorKB) -> Any:
    best = None
    for n in (4, 3, 2, 1):
        for k in range(len(words) - n + 1):
            r = kb.role(" ".join(words[k:k + n]))
            if r is not None:
                return r
    return best

