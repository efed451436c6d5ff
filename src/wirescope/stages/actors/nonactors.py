"""Only actors are actors: names the NER takes for people or organisations that are not.

A PERSON or ORG cluster the KB does not know is dropped when its name is a place (a country, a
demonym or a city), a lone given name ("Tony"), a role or agent word ("MPs", "MEP"), or a
capitalised common word, work or award (`kb/lang/en/not_actors.yaml`): none of them says or does
anything in the record.
"""

from __future__ import annotations

from ...kb.actors import ActorKB, fold
from ...kb.lang import words as lang_words
from .cluster import Cluster


def is_actor(c: Cluster, kb: ActorKB) -> bool:
    if c.entry is not None or c.type not in ("PERSON", "ORG"):
        return True
    name = c.name.strip()
    key = fold(name)
    if key in lang_words("not_actors")["names"] or kb.agent(key) is not None or kb.role(key) is not None:
        return False
    if " " in name:
        return key.split(" ")[-1] not in lang_words("not_actors")["club_words"] or c.type == "ORG" and not _club(c)
    entry = kb.match(name)
    if entry is not None and entry.type == "COUNTRY":
        return False
    if c.type == "PERSON" and kb.gender(name) is not None and c.role is None:
        return False  # a lone given name: nobody can tell which "Tony"
    # an organisation may take a town's name ("Liberty"); a person with neither title nor honorific may not
    return c.type == "ORG" or c.role is not None or c.gender is not None or not _place(key)


def _place(key: str) -> bool:
    from ...kb.actors import _cities

    return key in _cities()


def _club(c: Cluster) -> bool:
    """An organisation named like a club whose words are all capitalised names: "Leeds United" (a
    'Rangers' or 'City' inside a longer organisation name, "City Council", is no club)."""
    words = c.name.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words)
