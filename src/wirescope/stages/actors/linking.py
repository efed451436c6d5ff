"""Cross-document linking of bare surnames: "Mr Howard" in an article that never gives his first name.

Within one article a lone surname is its own actor (`person:howard`). Across a corpus, the same
surname written in full ("Michael Howard", `person:howard-mchl`) tells who it is. `PersonIndex`
counts the full-name people seen so far (in this run, or read from the store) by surname; a bare
surname is linked to the one person holding at least `DOMINANCE` of that surname's mentions, of the
same country when the article gave the bare name a country of its own (a title, a party), and the
whole document (actor, quote speakers and addressees, event sources and targets) is rewritten to the
linked id. Pure: the caller decides where the index comes from.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ...kb.actors import name_parts, person_id, translit_key
from ...model import Actor, ActorRef

if TYPE_CHECKING:
    from ...model import Document

DOMINANCE = 0.8
MIN_MENTIONS = 3
WEAK_SOURCES = (None, "home")  # a country the article did not give the name itself


@dataclass
class Person:
    id: str
    name: str
    country: str | None


@dataclass
class PersonIndex:
    """Full-name people by surname key, with how often each was mentioned."""

    counts: dict[str, Counter[str]] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)

    def add(self, person_id_: str, name: str, country: str | None, mentions: int) -> None:
        if " " not in name.strip():
            return
        key = surname_key(name)
        self.counts.setdefault(key, Counter())[person_id_] += mentions
        self.people.setdefault(person_id_, Person(person_id_, name, country))

    def add_document(self, document: Document) -> None:
        for a in document.actors:
            if a.type == "PERSON":
                self.add(a.id, a.name, a.country, len(a.mentions))

    def resolve(self, actor: Actor) -> Person | None:
        """The full-name person a bare-surname actor is, when the corpus leaves no doubt."""
        if actor.type != "PERSON" or not is_bare(actor):
            return None
        cands = self.counts.get(surname_key(actor.name))
        if not cands:
            return None
        if actor.country_source not in WEAK_SOURCES:
            cands = Counter({k: v for k, v in cands.items() if self.people[k].country == actor.country})
        total = sum(cands.values())
        if total < MIN_MENTIONS:
            return None
        best, n = cands.most_common(1)[0]
        return self.people[best] if n >= DOMINANCE * total else None


def surname_key(name: str) -> str:
    surname, _ = name_parts(name.strip(), None)
    return translit_key(surname.split()[-1])


def is_bare(actor: Actor) -> bool:
    return " " not in actor.name.strip() and actor.id == person_id(actor.name)


def link_document(document: Document, index: PersonIndex) -> Document:
    """The document with every bare surname the index knows rewritten to the full-name person."""
    links = {a.id: p for a in document.actors if (p := index.resolve(a)) is not None}
    if not links:
        return document
    actors: dict[str, Actor] = {}
    for a in document.actors:
        p = links.get(a.id)
        if p is not None:
            strong = a.country_source not in WEAK_SOURCES or not p.country
            a = replace(a, id=p.id, name=p.name, aliases=tuple(sorted({*a.aliases, a.name})),
                        country=a.country if strong else p.country,
                        country_source=a.country_source if strong else "linked")
        prior = actors.get(a.id)
        actors[a.id] = a if prior is None else replace(
            prior, mentions=tuple(sorted({*prior.mentions, *a.mentions})),
            aliases=tuple(sorted({*prior.aliases, *a.aliases} - {prior.name})))
    refs = {a.id: ActorRef(a.id, a.name, a.country) for a in actors.values()}

    def ref(r: ActorRef | None) -> ActorRef | None:
        if r is None or r.actor_id not in links:
            return r
        return refs[links[r.actor_id].id]

    quotes = tuple(replace(q, speaker=ref(q.speaker), addressee=ref(q.addressee)) for q in document.quotes)
    events = tuple(replace(e, source=ref(e.source), target=ref(e.target)) for e in document.events)
    ordered = tuple(sorted(actors.values(), key=lambda a: a.mentions[0] if a.mentions else (0, 0)))
    return replace(document, actors=ordered, quotes=quotes, events=events)


def link_people(results: Iterable[Document | Any], index: PersonIndex) -> Iterator[Document | Any]:
    """Link each document of a stream against the people of the documents before it (and the index's)."""
    from ...model import Document

    for result in results:
        if isinstance(result, Document):
            result = link_document(result, index)
            index.add_document(result)
        yield result
