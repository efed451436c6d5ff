"""Which actor is at a character span? The one question later stages (quotes, events) ask."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ...model import Actor, ActorRef

if TYPE_CHECKING:
    from ...model import Document


class ActorLookup:
    """Which actor is at a character span? Built from `document.actors` (names, surnames, metonyms,
    demonyms, and the pronouns and titles coreference attached to an actor)."""

    def __init__(self, document: "Document") -> None:
        self.doc = document.nlp
        self.actors = {a.id: a for a in document.actors}
        self.refs = {a.id: ActorRef(a.id, a.name, a.country) for a in document.actors}
        self.exact: dict[tuple[int, int], str] = {}
        self.token: dict[int, tuple[int, str]] = {}  # token -> (mention length, actor id): shortest wins
        for a in document.actors:
            for s, e in a.mentions:
                self.exact[(s, e)] = a.id
                span = self.doc.char_span(s, e, alignment_mode="expand") if self.doc is not None else None
                for t in span or ():
                    if t.i not in self.token or self.token[t.i][0] > e - s:
                        self.token[t.i] = (e - s, a.id)

    def actor(self, actor_id: str) -> Actor | None:
        return self.actors.get(actor_id)

    def at_token(self, i: int) -> ActorRef | None:
        hit = self.token.get(i)
        return self.refs[hit[1]] if hit else None

    def at(self, start_char: int, end_char: int) -> ActorRef | None:
        """The actor a span refers to: an exact mention, else the actor at the span's syntactic head,
        else the actor nearest the head inside the span ("Chinese navies" -> China)."""
        hit = self.exact.get((start_char, end_char))
        if hit is not None:
            return self.refs[hit]
        if self.doc is None:
            return None
        span = self.doc.char_span(start_char, end_char, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        return self.at_tokens(span)

    def at_tokens(self, span: Any) -> ActorRef | None:
        root = span.root
        ref = self.at_token(root.i)
        if ref is not None:
            return ref
        for t in sorted(span, key=lambda t: (_depth(t, root), abs(t.i - root.i))):
            ref = self.at_token(t.i)
            if ref is not None:
                return ref
        return None


def _depth(t: Any, root: Any) -> int:
    d = 0
    while t.i != root.i and t.head.i != t.i and d < 20:
        t, d = t.head, d + 1
    return d


def actor_lookup(document: "Document") -> ActorLookup:
    return ActorLookup(document)


def refs(actors: Iterable[Actor]) -> dict[str, ActorRef]:
    return {a.id: ActorRef(a.id, a.name, a.country) for a in actors}
