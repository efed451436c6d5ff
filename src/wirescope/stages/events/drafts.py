"""Drafts (events before policy), the coder's shared state, and drafts -> source/target pairs."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations, permutations
from typing import TYPE_CHECKING, Any

from ...model import ActorRef, Event
from ..places import dateline_place
from .clause import Clause
from .predicates import Pred
from .resolver import Memory, Resolver
from .syntax import _each_other, _unique
from .vocab import MEDIATION, PERSONAL, RECIPROCAL, SYMMETRIC

if TYPE_CHECKING:
    from ...model import Document, Quote


@dataclass
class Draft:
    """An event before policy: roles resolved, context attached."""

    pred: Pred
    type: str
    cameo: str
    sources: list[ActorRef]
    targets: list[ActorRef]
    ctx: Clause
    confidence: float
    speaker: ActorRef | None = None
    derived: bool = False  # made from reported speech, not from a trigger


def _pairs(d: Draft) -> list[tuple[ActorRef | None, ActorRef | None]]:
    """Source x target pairs; every pair of a multi-party symmetric event ("A, B and C held drills")."""
    pairs: list[tuple[ActorRef | None, ActorRef | None]] = [(s, t) for s in d.sources for t in d.targets]
    if d.type in SYMMETRIC and len(d.sources) >= 2 and not d.targets and d.cameo not in MEDIATION:
        pairs += list(combinations(d.sources, 2))  # "A, B and C held drills"; mediators do not meet
    elif (d.pred.trig.text in RECIPROCAL or _each_other(d.pred.anchor)) and len(d.sources) >= 2 and not d.targets:
        pairs += list(permutations(d.sources, 2))  # "A and B clashed", "blamed each other"
    if not d.targets and not pairs:
        pairs = [(s, None) for s in d.sources]
    if not d.sources:
        return [(None, t) for t in d.targets]
    return [(s, t) for s, t in pairs if s is None or t is None or s.actor_id != t.actor_id]


def _merge(drafts: list[Draft], kinds: dict[str, str]) -> list[Draft]:
    """Prefer the named person to his country when the same source deals with both in one sentence
    ("Putin visited Pyongyang and signed a treaty with Kim" -> Putin CONSULT Kim)."""
    for d in drafts:
        if d.type not in PERSONAL:
            continue
        src = {s.actor_id for s in d.sources}
        people: dict[str, dict[str, ActorRef]] = {}
        for other in drafts:  # the source's counterparts elsewhere in the sentence, and co-sources
            if src & {s.actor_id for s in other.sources}:
                for r in other.targets + other.sources:
                    if kinds.get(r.actor_id) == "PERSON" and r.country:
                        people.setdefault(r.country, {})[r.actor_id] = r
        new = []
        for t in d.targets:
            cands = [p for p in people.get(t.country or "", {}).values() if p.actor_id not in src]
            swap = kinds.get(t.actor_id) == "COUNTRY" and len(cands) == 1
            new.append(cands[0] if swap else t)
        d.targets = _unique(new)
    return drafts


def _dedupe(events: list[Event]) -> list[Event]:
    """One event per (source, type, target); a one-sided event yields to a two-sided one like it."""
    out: dict[tuple[str, str, str], Event] = {}
    for e in events:
        s = e.source.actor_id if e.source else ""
        t = e.target.actor_id if e.target else ""
        key = (s, e.type, t)
        if e.type in SYMMETRIC and (t, e.type, s) in out:
            continue
        out.setdefault(key, e)
    two_sided = {(k[0], k[1]) for k in out if k[2]} | {(k[2], k[1]) for k in out if k[2] and k[1] in SYMMETRIC}
    return [e for k, e in out.items() if k[2] or (k[0], k[1]) not in two_sided]


class CoderState:
    """What the coder of one document keeps: its actors, the memory of groups, its quotes."""

    def __init__(self, document: Document, country_of: Any) -> None:
        from ..actors import actor_lookup

        self.doc = document
        self.memory = Memory()
        self.lookup = actor_lookup(document)
        dateline = document.article.dateline if document.article else None
        home = dateline_place(dateline, country_of).country if dateline else None
        self.resolver = Resolver(self.lookup, self.memory, home)
        self.country_of = country_of
        self.quotes: list[Quote] = [q for q in document.quotes if q.speaker is not None]
