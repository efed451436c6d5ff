"""Where an event happened: a place phrase attached to the event's predicate, else the dateline."""

from __future__ import annotations

from typing import Any

from ..model import Place

PLACE_LABELS = {"GPE", "LOC", "FAC"}
PLACE_PREPS = {"in", "at", "near", "off", "over", "inside", "across"}


def place_of(predicate: Any, country_of: Any, dateline: str | None = None) -> Place | None:
    """The place named by an 'in/at/near X' phrase under `predicate` (a spaCy token), else the dateline.

    `country_of(name)` maps a place name to an ISO alpha-3 code or None.
    """
    for prep in predicate.children:
        if prep.dep_ == "prep" and prep.lower_ in PLACE_PREPS:
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    name = _entity_text(obj)
                    if name:
                        return Place(name, country_of(name))
    if dateline:
        name = dateline.split(",")[0].title()
        return Place(name, country_of(name))
    return None


def _entity_text(token: Any) -> str | None:
    if token.ent_type_ in PLACE_LABELS:
        ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
        if ent is not None:
            text = ent.text
            return text[4:] if text.lower().startswith("the ") else text
    return None
