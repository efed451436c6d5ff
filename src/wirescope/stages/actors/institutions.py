"""Unnamed institutions: "the government said", "ministers agreed", "police arrested".

Reporters name the state's institutions by their common nouns when the country is plain from the
story. Such a phrase, with nothing in it naming another country or organisation, is a mention of
the story's country in the institution's sector (GOV: the country itself; COP, MIL, LEG...: the
country's police, military, legislature), so quotes and events get a speaker, source or target.
"""

from __future__ import annotations

from typing import Any

from ...kb.lang import words as lang_words

DETERMINERS = frozenset({"the", "this", "that", "its", "our"})


def institution_mentions(tokens: list[Any], taken: set[int]) -> list[tuple[int, int, str]]:
    """(start, end, sector) of every bare institution phrase no actor mention covers (`tokens`: the
    Doc's tokens as a list)."""
    nouns = lang_words("institutions")["nouns"]
    out = []
    for t in tokens:
        if t.i in taken or t.pos_ not in ("NOUN", "PROPN") or t.dep_ == "compound":
            continue
        sector = nouns.get(t.lower_)
        if sector is None or not _bare(t, taken):
            continue
        left = t.left_edge.i if t.left_edge.i < t.i else t.i
        out.append((left, t.i + 1, sector))
    return out


def _bare(t: Any, taken: set[int]) -> bool:
    """Only "the government", "ministers", "police": no modifier that could name someone else
    ("the Iraqi government", "Labour ministers", "local police", "a government")."""
    mods = [c for c in t.children if c.i < t.i]
    if any(c.i in taken or c.dep_ not in ("det",) for c in mods):
        return False
    det = [c for c in mods if c.dep_ == "det"]
    if det:
        return det[0].lower_ in DETERMINERS
    return t.tag_ in ("NNS", "NNPS") or t.lower_ in ("police", "parliament")


def sector_label(sector: str) -> str:
    return str(lang_words("institutions")["sector_labels"].get(sector, sector.lower()))
