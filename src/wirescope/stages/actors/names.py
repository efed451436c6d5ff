"""Person names: trimming titles off entity spans, and the person clusters of one document."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...kb.actors import ActorKB, Entry, given_key, name_parts, translit_key
from ...kb.lang import words
from .cluster import Cluster

FUNCTION_POS = frozenset({"ADP", "DET", "CCONJ", "PART", "AUX", "VERB"})  # "Brad Adams of" is "Brad Adams"


def honorific(word: str) -> bool:
    return word.lower() in words("actors")["honorifics"]


def _strip_name(doc: Any, s: int, e: int, kb: ActorKB) -> tuple[int, int]:
    """Trim titles, honorifics, demonyms and possessives off a PERSON entity span."""
    while s < e and (doc[s].is_space or honorific(doc[s].lower_) or doc[s].lower_ == "the" or kb.role(doc[s].lower_)
                     or _title_country(doc, s, e, kb) or _agent_title(doc, s, e, kb)):
        s += 1
    while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space or doc[e - 1].lower_ in ("'s", "\u2019s")
                     or _party(doc[e - 1], kb) or (doc[e - 1].is_lower and doc[e - 1].pos_ in FUNCTION_POS)):
        e -= 1  # "Blair Labour" (a headline's run-on): the party is not part of the name
    return s, e


def _agent_title(doc: Any, s: int, e: int, kb: ActorKB) -> bool:
    """An agent word before a full name ("Lawyer Louise Christian", "Farmer Tom Hardy"); two words
    alone are a name ("Hunter Biden", "Mason Mount")."""
    return e - s >= 3 and kb.agent(doc[s].lower_) is not None


def _party(token: Any, kb: ActorKB) -> bool:
    entry = kb.match(token.text)
    return entry is not None and entry.sector == "PTY"


def _strip_org(doc: Any, s: int, e: int) -> tuple[int, int]:
    while s < e and doc[s].lower_ == "the":
        s += 1
    while e > s and (doc[e - 1].is_punct or doc[e - 1].lower_ in ("'s", "\u2019s")):
        e -= 1
    return s, e


def _title_country(doc: Any, s: int, e: int, kb: ActorKB) -> bool:
    """A country word opening a PERSON entity is part of the title ("Russian President X", "U.S.
    Senator Y") unless it is the person's own first name ("Israel Katz", "Jordan Peele")."""
    entry = kb.match(doc[s].text)
    if entry is None or entry.type == "PERSON":
        return False
    return entry.form == "demonym" or entry.sector == "PTY" or (s + 1 < e and kb.role(doc[s + 1].lower_) is not None)


def _looks_like_name(doc: Any, s: int, e: int) -> bool:
    words = [t.text for t in doc[s:e]]
    return bool(words) and words[0][:1].isupper() and all(
        w[:1].isupper() or w in ("-", "bin", "al", "da", "de", "von", "van", "der") or w[:2] in ("al", "el")
        or (k > 0 and words[k - 1] == "-") for k, w in enumerate(words)) and not any(
        c.isdigit() for w in words for c in w) and not all(w.isupper() and len(w) > 3 for w in words)


class People:
    """Person clusters of one document: full names first, then bare names linked to them."""

    def __init__(self, doc: Any, kb: ActorKB, kb_person: Callable[[str], Entry | None]) -> None:
        self.doc, self.kb, self.kb_person = doc, kb, kb_person
        self.clusters: dict[str, Cluster] = {}
        self.by_token: dict[str, list[str]] = {}  # translit key of a name token -> cluster keys

    def full(self, s: int, e: int, entry: Entry | None) -> str:
        """Add a multi-token name mention; returns its cluster key."""
        name = self.doc[s:e].text
        if entry is None:
            entry = self.kb_person(name)
        surname, given = name_parts(entry.name if entry else name, entry.country if entry else None)
        key = entry.id if entry else f"~{translit_key(surname.split()[-1])}-{given_key(given.split()[0]) if given else ''}"
        c = self.clusters.get(key)
        if c is None:
            c = self.clusters[key] = Cluster(key, "PERSON", entry.name if entry else name, entry)
            toks = [surname.split()[-1], surname.split()[0]]
            for t in set(toks + ([given.split()[0]] if entry is None and given else [])):
                self.by_token.setdefault(translit_key(t), []).append(key)
            for a in entry.aliases if entry else ():
                if len(a.split()) == 1:
                    self.by_token.setdefault(translit_key(a), []).append(key)
        if not c.entry and len(name) > len(c.name):
            c.name = name
        c.surfaces.append(name)
        c.mentions.append((s, e))
        return key

    def bare_candidates(self, text: str) -> list[str]:
        return self.by_token.get(translit_key(text), [])

    def bare(self, s: int, e: int, entry: Entry | None) -> str | None:
        """Link a one-word name to the nearest cluster having it; else a KB person or a new one."""
        text = self.doc[s:e].text
        keys = self.bare_candidates(text)
        if keys:
            key = min(keys, key=lambda k: _distance(self.clusters[k].mentions, s))
        elif entry is not None:
            key = entry.id
            self.clusters.setdefault(key, Cluster(key, "PERSON", entry.name, entry))
            self.by_token.setdefault(translit_key(text), []).append(key)
        else:
            return None
        c = self.clusters[key]
        c.surfaces.append(text)
        c.mentions.append((s, e))
        return key

    def single(self, s: int, e: int) -> str:
        """A one-word person name with no full name anywhere: its own cluster."""
        text = self.doc[s:e].text
        key = f"~{translit_key(text)}-"
        c = self.clusters.setdefault(key, Cluster(key, "PERSON", text))
        self.by_token.setdefault(translit_key(text), []).append(key)
        c.surfaces.append(text)
        c.mentions.append((s, e))
        return key


def _distance(mentions: list[tuple[int, int]], i: int) -> int:
    """Prefer the most recent earlier mention; later ones count as further away."""
    before = [i - m[1] for m in mentions if m[0] < i]
    if before:
        return min(before)
    return 10**6 + min(m[0] - i for m in mentions) if mentions else 10**9

