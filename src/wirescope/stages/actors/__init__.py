"""Actors: every person, organisation, country, IGO, medium and group mentioned, with a stable id.

Sources of mentions, in order of trust: the KB gazetteer (countries, demonyms, capitals, metonyms,
IGOs, media, well-known people), spaCy's PERSON and ORG entities, then document context (a bare
surname seen in a full name earlier or later is that person even when spaCy tags it ORG or nothing),
and last the rule-based coreference of `coref.py` (pronouns and titles such as "the top Russian
diplomat"). Roles and countries are read from the words around a name ("Russian Foreign Minister
Sergei Lavrov", "Julianne Smith, US ambassador to NATO") before falling back on the KB.

`actor_lookup(document)` gives later stages (quotes, events) one question to ask: which actor is at
this character span?
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ...kb.actors import ActorKB, actor_code
from ...model import Actor
from ...registry import stage
from .builder import Builder
from .cluster import Cluster
from .gazetteer import scan_kb
from .lookup import ActorLookup, actor_lookup, refs
from .nonactors import is_actor

if TYPE_CHECKING:
    from ...model import Document
    from ...pipeline import Context

__all__ = ["ActorLookup", "actor_lookup", "actors_stage", "extract_actors", "refs", "scan_kb"]


def _merge_same_key(clusters: list[Cluster]) -> list[Cluster]:
    """Two clusters can meet on one id (Sergei/Sergey Lavrov written both ways): merge them."""
    out: dict[str, Cluster] = {}
    for c in clusters:
        if c.key in out:
            o = out[c.key]
            o.mentions += c.mentions
            o.surfaces += c.surfaces
            o.country = o.country or c.country
            o.role = o.role or c.role
            o.sector = o.sector or c.sector
        else:
            out[c.key] = c
    return list(out.values())


def to_actor(c: Cluster, doc: Any) -> Actor:
    spans = sorted({(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)) for s, e in c.mentions})
    aliases = sorted({s for s in c.surfaces if s != c.name and s.strip()})
    source = c.country_source or (("kb" if c.entry is not None else "title") if c.country else None)
    code = c.code or actor_code(c.type, c.country, c.sector)
    return Actor(id=c.key, name=c.name, type=c.type, aliases=tuple(aliases), country=c.country,
                 role=c.role, sector=c.sector, mentions=tuple(spans), country_source=source, code=code)


def extract_actors(document: "Document", kb: ActorKB, publisher_country: str | None = None) -> tuple[Actor, ...]:
    """The actors of a parsed document; `publisher_country` overrides the publisher's home country."""
    if document.nlp is None or document.article is None:
        return ()
    clusters = _merge_same_key(Builder(document, kb, publisher_country).run())
    actors = [to_actor(c, document.nlp) for c in clusters if c.mentions and is_actor(c, kb)]
    return tuple(sorted(actors, key=lambda a: a.mentions[0]))


@stage("actors", requires=("nlp",), assigns=("actors",))
def actors_stage(document: "Document", ctx: "Context") -> "Document":
    if document.nlp is None:
        return replace(document, skipped=document.skipped + ("actors: no parse",))
    return replace(document, actors=extract_actors(document, ctx.kb, ctx.config.publisher_country))

