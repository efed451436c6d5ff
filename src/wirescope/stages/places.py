"""Where an event happened: a place phrase of the event's predicate, else the story's dateline.

The place phrase is an "in/at/near/off/through X" attached to the predicate, to its object ("hit a
hospital in Kyiv") or to the verb it is a complement of ("agreed to hold drills in the East China
Sea"). The name is the place entity inside that phrase, cut to the phrase ("the Great Hall of the
People", not the NER span running on into "on the second day"); "the Georgian capital" is named by
its country's adjective.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model import Place

PLACE_LABELS = ("GPE", "LOC", "FAC")
PLACE_PREPS = frozenset({"in", "at", "near", "off", "over", "inside", "across", "outside", "through",
                         "around", "along"})
PLACE_NOUNS = frozenset({"capital", "city", "border", "coast", "waters", "region", "province", "port",
                         "peninsula", "parliament", "street", "square"})
# Links through which a predicate shares the place of the verb it depends on.
_INHERIT_DEPS = ("xcomp", "conj", "acomp")


def place_of(predicate: Any, country_of: Any, dateline: str | None = None,
             avoid: Callable[[Any], bool] | None = None) -> Place | None:
    """The place named by a place phrase of `predicate` (a spaCy token), else the dateline.

    `country_of(name)` maps a place name to an ISO alpha-3 code or None; `avoid(token)` is true for
    words that are the event's participants ("fired missiles at Israel": Israel is the target).
    """
    node = predicate
    for _ in range(3):
        place = _own_place(node, country_of, avoid or (lambda tok: False))
        if place is not None:
            return place
        if not (node.dep_ in _INHERIT_DEPS or _purpose(node)) or node.head.i == node.i:
            break
        node = node.head
    return dateline_place(dateline, country_of) if dateline else None


def _purpose(verb: Any) -> bool:
    """'marched through Jakarta to protest': a purpose infinitive happens where its governor does."""
    return verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def dateline_place(dateline: str, country_of: Any) -> Place:
    """'SOCHI, Russia' -> Sochi (RUS): the city, with the country from the city or the second part."""
    parts = [p.strip() for p in dateline.split(",") if p.strip()]
    name = parts[0].title() if parts else dateline.title()
    country = country_of(name)
    if country is None and len(parts) > 1:
        country = country_of(parts[1])
    return Place(name, country)


def _own_place(tok: Any, country_of: Any, avoid: Callable[[Any], bool]) -> Place | None:
    holders = [tok] + [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ != "prep" or not (prep.lower_ in PLACE_PREPS or _to_a_place(prep)):
                continue
            for obj in prep.children:
                if obj.dep_ == "pobj" and not avoid(obj):
                    place = place_in_phrase(obj, country_of)
                    if place is not None:
                        return place
    return None


def _to_a_place(prep: Any) -> bool:
    """'took to the streets of Belgrade': "to" a place noun is where it happens, not a destination."""
    return prep.lower_ == "to" and any(c.dep_ == "pobj" and c.lemma_.lower() in PLACE_NOUNS for c in prep.children)


def place_in_phrase(obj: Any, country_of: Any) -> Place | None:
    """The place a phrase names: the phrase itself if it is a place entity, else the place of its own
    "in/at/near" phrase ("the U.S. embassy in Baghdad", "a hospital in Kyiv"), else one it holds through
    "of" or a modifier ("the city of Kharkiv", "Russia's Ryazan region"); "the Georgian capital" by its
    adjective."""
    lo, hi = obj.left_edge.i, obj.right_edge.i
    if _is_place(obj, country_of):
        return _entity_place(obj, lo, hi, country_of)
    for c in obj.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "at", "near", "inside", "outside"):
            for p in c.children:
                if p.dep_ == "pobj" and (place := place_in_phrase(p, country_of)) is not None:
                    return place
    if obj.lemma_.lower() in PLACE_NOUNS:
        adj = next((c for c in obj.children if c.dep_ == "amod" and c.ent_type_ == "NORP"), None)
        if adj is not None and country_of(adj.text):
            return Place(f"{adj.text} {obj.text}", country_of(adj.text))
    queue = [obj]
    while queue:
        tok = queue.pop(0)
        if _is_place(tok, country_of):
            return _entity_place(tok, lo, hi, country_of)
        queue += [c for c in tok.children if c.dep_ in ("compound", "amod", "advmod", "npadvmod", "poss")
                  or c.dep_ == "prep" and c.lower_ == "of" or c.dep_ == "pobj" and tok.lower_ == "of"]
    return None


def _is_place(tok: Any, country_of: Any) -> bool:
    if tok.ent_type_ in PLACE_LABELS or (tok.ent_type_ == "ORG" and country_of(tok.text)):
        return True
    return tok.pos_ == "PROPN" and not tok.ent_type_ and country_of(tok.text) is not None  # a city NER missed


def _entity_place(tok: Any, lo: int, hi: int, country_of: Any) -> Place:
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None) if tok.ent_type_ else None
    start, end = (max(ent.start, lo), min(ent.end, hi + 1)) if ent is not None else (tok.i, tok.i + 1)
    words = tok.doc[start:end]
    while len(words) > 1 and words[0].lower_ == "the":
        words = words[1:]
    name = words.text
    return Place(name, country_of(name))
