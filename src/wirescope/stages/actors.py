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

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ..kb.actors import ActorKB, Entry, fold, given_key, name_parts, person_id, slug, translit_key
from ..model import Actor, ActorRef
from ..registry import stage
from . import coref
from .quotemarks import SPEECH_VERBS, Regions, find_quotes

if TYPE_CHECKING:
    from ..model import Document
    from ..pipeline import Context

HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof", "mr.", "mrs.", "ms.",
              "dr.", "prof.", "sheikh", "ayatollah", "rev", "rev.", "st", "st."}
PERSON_LABELS = {"PERSON"}
ORG_LABELS = {"ORG"}
# spaCy entities whose inside should not yield a country ("East China Sea", "Moscow State University")
CONTAINER_LABELS = {"ORG", "FAC", "LOC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "PERSON"}
# prepositions after which a country names a destination, not a nationality ("ambassador to NATO")
NOT_NATIONALITY = {"to", "in", "at", "for", "with", "on", "from", "against", "toward", "towards"}
ORG_SECTOR_WORDS = {
    "ministry": "GOV", "government": "GOV", "department": "GOV", "cabinet": "GOV", "agency": "GOV",
    "council": "GOV", "office": "GOV", "commission": "GOV", "police": "GOV", "embassy": "GOV",
    "army": "MIL", "navy": "MIL", "command": "MIL", "forces": "MIL", "military": "MIL", "guard": "MIL",
    "corps": "MIL", "brigade": "MIL", "battalion": "MIL", "regiment": "MIL",
    "parliament": "LEG", "congress": "LEG", "senate": "LEG", "assembly": "LEG", "house": "LEG",
    "court": "JUD", "tribunal": "JUD", "prosecutor": "JUD",
    "party": "OPP", "front": "REB", "brigades": "REB", "movement": "OPP",
    "university": "EDU", "institute": "EDU", "school": "EDU", "college": "EDU",
    "bank": "BUS", "company": "BUS", "corp": "BUS", "inc": "BUS", "group": "BUS", "ltd": "BUS",
    "times": "MED", "post": "MED", "news": "MED", "journal": "MED", "tribune": "MED", "herald": "MED",
    "church": "REL", "foundation": "NGO", "watch": "NGO", "amnesty": "NGO",
}
GENERIC_ORG_WORDS = {"ministry", "government", "department", "army", "navy", "police", "parliament",
                     "court", "embassy", "council", "command", "office", "cabinet", "military"}


@dataclass
class Cluster:
    """One actor being assembled from its mentions."""

    key: str
    type: str
    name: str
    entry: Entry | None = None
    country: str | None = None
    role: str | None = None
    sector: str | None = None
    gender: str | None = None
    surfaces: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)  # token spans
    role_from_text: bool = False

    @property
    def role_cls(self) -> str | None:
        return _role_cls(self.role)


@functools.cache
def _kb_roles() -> Any:
    from ..kb.actors import builtin_kb

    return builtin_kb().roles


def _role_cls(role: str | None) -> str | None:
    if not role:
        return None
    r = _kb_roles().get(role.lower())
    return r.cls if r else None


# --- gazetteer scan ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def _fold_word(text: str) -> str:
    return fold(text).split("'")[0]


def scan_kb(doc: Any, kb: ActorKB) -> list[tuple[int, int, Entry]]:
    """Longest non-overlapping KB matches as (start token, end token, entry)."""
    out: list[tuple[int, int, Entry]] = []
    toks = list(doc)  # indexing a Doc builds a Token each time; a list is reused
    n, i = len(toks), 0
    while i < n:
        t = toks[i]
        if t.text not in kb.first_words and _fold_word(t.text) not in kb.first_words:
            i += 1
            continue
        best = None
        surface = t.text
        e = kb.match(surface)
        if e is not None:
            best = (i, i + 1, e)
        for j in range(i + 1, min(n, i + kb.max_tokens)):
            if "\n" in toks[j - 1].whitespace_ or "\n" in toks[j].text:
                break
            surface += toks[j - 1].whitespace_ + toks[j].text
            e = kb.match(surface)
            if e is not None:
                best = (i, j + 1, e)
        if best is not None:
            s, end, entry = best
            while end > s + 1 and (toks[end - 1].is_punct or toks[end - 1].text in ("'s", "\u2019s")):
                end -= 1  # "China," and "Moscow-" match through fold(); the mention is the name
            best = (s, end, entry)
        if best is not None and _accept(toks, kb, *best):
            out.append(best)
            i = best[1]
        else:
            i += 1
    return out


def _accept(doc: list[Any], kb: ActorKB, s: int, e: int, entry: Entry) -> bool:
    """Reject a KB match that is only part of a larger name spaCy found ("East China Sea")."""
    ent_label = doc[s].ent_type_
    ent_start, ent_end = _ent_bounds(doc, s) if ent_label in CONTAINER_LABELS else (s, e)
    if ent_label not in CONTAINER_LABELS:
        return _not_inside_proper_name(doc, kb, s, e, entry)
    lead = ent_start
    while lead < s and doc[lead].lower_ == "the":
        lead += 1
    tail = ent_end
    while tail > e and doc[tail - 1].text.lower() in ("'s", "\u2019s", "'", "\u2019"):
        tail -= 1
    if lead >= s and tail <= e:
        return True
    if entry.type == "PERSON":
        return True
    # "Russian President Vladimir Putin" tagged as one PERSON
    return ent_label == "PERSON" and s == ent_start and e < len(doc) and kb.role(doc[e].lower_) is not None


def _not_inside_proper_name(doc: Any, kb: ActorKB, s: int, e: int, entry: Entry) -> bool:
    """A bare capitalised name right after the match usually extends it ("Washington Monument")."""
    if e >= len(doc) or entry.form == "demonym" or entry.type == "PERSON":
        return True
    nxt = doc[e]
    return not (nxt.pos_ == "PROPN" and nxt.text[:1].isupper() and nxt.ent_iob_ == "I"
                and kb.role(nxt.lower_) is None)


def _ent_bounds(doc: list[Any], i: int) -> tuple[int, int]:
    """Token bounds of the entity covering token i, from the IOB tags (no Span objects)."""
    s = i
    while s > 0 and doc[s].ent_iob_ == "I":
        s -= 1
    e = i + 1
    while e < len(doc) and doc[e].ent_iob_ == "I":
        e += 1
    return s, e


# --- people --------------------------------------------------------------------------------------


def _strip_name(doc: Any, s: int, e: int, kb: ActorKB) -> tuple[int, int]:
    """Trim titles, honorifics, demonyms and possessives off a PERSON entity span."""
    while s < e and (doc[s].lower_ in HONORIFICS or doc[s].lower_ == "the" or kb.role(doc[s].lower_)
                     or _title_country(doc, s, e, kb)):
        s += 1
    while e > s and (doc[e - 1].is_punct or doc[e - 1].lower_ in ("'s", "\u2019s")):
        e -= 1
    return s, e


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
    return entry.form == "demonym" or (s + 1 < e and kb.role(doc[s + 1].lower_) is not None)


def _looks_like_name(doc: Any, s: int, e: int) -> bool:
    words = [t.text for t in doc[s:e]]
    return bool(words) and words[0][:1].isupper() and all(
        w[:1].isupper() or w in ("-", "bin", "al", "da", "de", "von", "van", "der") or w[:2] in ("al", "el")
        or (k > 0 and words[k - 1] == "-") for k, w in enumerate(words)) and not any(
        c.isdigit() for w in words for c in w) and not all(w.isupper() and len(w) > 3 for w in words)


class People:
    """Person clusters of one document: full names first, then bare names linked to them."""

    def __init__(self, doc: Any, kb: ActorKB) -> None:
        self.doc, self.kb = doc, kb
        self.clusters: dict[str, Cluster] = {}
        self.by_token: dict[str, list[str]] = {}  # translit key of a name token -> cluster keys

    def full(self, s: int, e: int, entry: Entry | None) -> str:
        """Add a multi-token name mention; returns its cluster key."""
        name = self.doc[s:e].text
        if entry is None:
            entry = self.kb.person(name)
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


# --- descriptors: roles and countries read around a name ------------------------------------------


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
        if words[k] in NOT_NATIONALITY:
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


# --- the stage -----------------------------------------------------------------------------------


class Builder:
    """Collects clusters for one document."""

    def __init__(self, document: "Document", kb: ActorKB) -> None:
        self.document, self.doc, self.kb = document, document.nlp, kb
        self.date = document.article.published if document.article else None
        self.people = People(self.doc, kb)
        self.others: dict[str, Cluster] = {}
        self.taken: set[int] = set()
        self.person_tokens: set[int] = set()
        self.gaz_at: dict[int, Entry] = {}

    def run(self) -> list[Cluster]:
        gaz = scan_kb(self.doc, self.kb)
        for s, e, entry in gaz:
            for i in range(s, e):
                self.gaz_at[i] = entry
        self._names(gaz)
        self._kb_mentions(gaz)
        self._unlabelled_speakers()
        self._titled_names()
        self._orgs()
        self._stray_surnames()
        self.person_tokens = {i for c in self.people.clusters.values() for s, e in c.mentions for i in range(s, e)}
        self._describe_people()
        self._home_country()
        clusters = list(self.people.clusters.values()) + list(self.others.values())
        self._coref(clusters)
        return clusters

    def _names(self, gaz: list[tuple[int, int, Entry]]) -> None:
        """Person names: KB people and spaCy PERSON entities; full names before bare ones."""
        spans: list[tuple[int, int, Entry | None]] = []
        for s, e, entry in gaz:
            if entry.type == "PERSON":
                end = self._name_run(e)
                # "Wang Wenbin" is not the KB's "Wang" (Wang Yi): a longer name wins
                spans.append((s, end, self.kb.person(self.doc[s:end].text)) if end > e else (s, e, entry))
        gaz_starts = {s for s, _, _ in spans}
        for ent in self.doc.ents:
            if ent.label_ not in PERSON_LABELS:
                continue
            s, e = _strip_name(self.doc, ent.start, ent.end, self.kb)
            if s >= e or not _looks_like_name(self.doc, s, e) or any(i in gaz_starts for i in range(s, e)):
                continue
            if any(i in self.gaz_at for i in range(s, e)) and (e - s < 2 or self._gaz_spills(s, e)):
                continue  # "Kremlin" tagged PERSON: the KB knows better
            spans.append((s, e, self.kb.person(self.doc[s:e].text)))
        spans.sort(key=lambda x: x[0])
        for s, e, who in spans:
            if e - s > 1:
                self.people.full(s, e, who)
                self.taken.update(range(s, e))
        for s, e, who in spans:
            if e - s == 1 and s not in self.taken:
                key = self.people.bare(s, e, who) or self.people.single(s, e)
                if key:
                    self.taken.add(s)

    def _name_run(self, e: int) -> int:
        """End of the capitalised proper-name tokens continuing a name at token e."""
        doc = self.doc
        while e < len(doc) and doc[e].pos_ == "PROPN" and doc[e].text[:1].isupper() and e not in self.gaz_at \
                and self.kb.role(doc[e].lower_) is None and "\n" not in doc[e - 1].whitespace_:
            e += 1
        return e

    def _gaz_spills(self, s: int, e: int) -> bool:
        """True when a KB match in [s, e) is a whole KB name, not a name's first word ("Israel Katz")."""
        return not (s in self.gaz_at and self.gaz_at[s].type == "COUNTRY" and s + 1 < e and s + 1 not in self.gaz_at)

    def _kb_mentions(self, gaz: list[tuple[int, int, Entry]]) -> None:
        for s, e, entry in gaz:
            if entry.type == "PERSON" or any(i in self.taken for i in range(s, e)):
                continue
            if self.doc[s].lower_ == "the" and e - s == 1:
                continue
            key = entry.id
            if entry.form == "metonym" and entry.type == "COUNTRY" and entry.sector not in (None, "GOV"):
                key = f"{entry.id}:{entry.sector}"  # the Pentagon: the US military, not the US
            c = self.others.get(key)
            if c is None:
                name = self.doc[s:e].text if key != entry.id else entry.name
                c = self.others[key] = Cluster(key, entry.type, name, entry, entry.country,
                                               sector=entry.sector if entry.type != "COUNTRY" or key != entry.id else None)
            c.surfaces.append(self.doc[s:e].text)
            c.mentions.append((s, e))
            self.taken.update(range(s, e))

    def _unlabelled_speakers(self) -> None:
        """A proper name that says something is a speaker even when NER missed it ("said Ana Ruiz")."""
        for t in self.doc:
            if t.lemma_ not in SPEECH_VERBS or t.pos_ != "VERB":
                continue
            for c in t.children:
                if c.dep_ not in ("nsubj", "nsubjpass") or c.pos_ != "PROPN" or c.i in self.taken or c.ent_type_:
                    continue
                s = c.i
                while s > 0 and self.doc[s - 1].dep_ == "compound" and self.doc[s - 1].pos_ == "PROPN" \
                        and self.doc[s - 1].head.i == c.i and s - 1 not in self.taken:
                    s -= 1
                s, e = _strip_name(self.doc, s, c.i + 1, self.kb)
                if e - s >= 2 and _looks_like_name(self.doc, s, e):
                    self.people.full(s, e, self.kb.person(self.doc[s:e].text))
                    self.taken.update(range(s, e))

    def _titled_names(self) -> None:
        """Names NER missed but a title vouches for: "Ambassador Georgy Zinoviev", "Vice Foreign
        Minister Kim Hong-kyun", "a foreign ministry spokesman, Wang Wenbin," (appositive)."""
        doc, n = self.doc, len(self.doc)
        for t in doc:
            if t.i in self.taken or t.pos_ != "PROPN" or not t.text[:1].isupper():
                continue
            prev = doc[t.i - 1] if t.i > 0 else None
            titled = prev is not None and prev.text[:1].isupper() and self._person_role(prev.lower_)
            appos = t.dep_ in ("compound", "appos") and self._appos_of_role(t)
            if not (titled or appos):
                continue
            e = t.i
            while e < n and e - t.i < 5 and e not in self.taken and (
                    doc[e].pos_ == "PROPN" or doc[e].text == "-" or (e > t.i and doc[e - 1].text == "-")):
                e += 1
            if e - t.i >= 2 and _looks_like_name(doc, t.i, e):
                self.people.full(t.i, e, self.kb.person(doc[t.i:e].text))
                self.taken.update(range(t.i, e))

    def _person_role(self, word: str) -> bool:
        r = self.kb.role(word)
        return r is not None and r.cls in coref.PERSON_TITLE_CLASSES and not word.endswith("s")

    def _appos_of_role(self, t: Any) -> bool:
        head = t
        while head.dep_ == "compound" and head.head.i != head.i:
            head = head.head
        return head.dep_ == "appos" and self._person_role(head.head.lower_)

    def _orgs(self) -> None:
        """spaCy ORG entities: a person's surname (the small model's favourite mistake) or an org."""
        for ent in self.doc.ents:
            if ent.label_ not in ORG_LABELS and ent.label_ not in ("GPE", "NORP", "PERSON"):
                continue
            s, e = _strip_name(self.doc, ent.start, ent.end, self.kb) if ent.label_ != "ORG" \
                else _strip_org(self.doc, ent.start, ent.end)
            if s >= e or any(i in self.taken for i in range(s, e)):
                continue
            if e - s == 1 and self.people.bare_candidates(self.doc[s].text):
                self.people.bare(s, e, None)
                self.taken.add(s)
                continue
            if ent.label_ in ORG_LABELS and _looks_like_name(self.doc, s, e):
                self._org(s, e)

    def _org(self, s: int, e: int) -> None:
        name = self.doc[s:e].text
        words = [w.lower() for w in name.split()]
        country = self._org_country(s, e)
        sector = next((ORG_SECTOR_WORDS[w] for w in reversed(words) if w in ORG_SECTOR_WORDS), None)
        generic = any(w in GENERIC_ORG_WORDS for w in words)
        key = f"org:{country}:{slug(name)}" if generic and country else f"org:{slug(name)}"
        c = self.others.get(key)
        if c is None:
            c = self.others[key] = Cluster(key, "ORG", name, None, country, sector=sector)
        c.surfaces.append(name)
        c.mentions.append((s, e))
        self.taken.update(range(s, e))

    def _org_country(self, s: int, e: int | None = None) -> str | None:
        """The country owning an org: "China's Eastern Theater Command", "the Russian Defence Ministry"."""
        for i in _left_descriptor(self.doc, s, set()) + list(range(s, e or s)):
            entry = self.gaz_at.get(i)
            if entry is not None and entry.type == "COUNTRY":
                return entry.country
        return None

    def _stray_surnames(self) -> None:
        """Capitalised tokens equal to a known person's name token that no entity covered."""
        for t in self.doc:
            if t.i in self.taken or not t.text[:1].isupper() or t.pos_ not in ("PROPN", "NOUN", "ADJ"):
                continue
            if self.people.bare_candidates(t.text) and (t.i + 1 >= len(self.doc) or self.doc[t.i + 1].pos_ != "PROPN"):
                self.people.bare(t.i, t.i + 1, None)
                self.taken.add(t.i)

    def _describe_people(self) -> None:
        for c in self.people.clusters.values():
            desc = Descriptor()
            for s, e in sorted(c.mentions):
                toks = _left_descriptor(self.doc, s, self.person_tokens) + _appositive(self.doc, s, e, self.kb)
                d = describe(self.doc, toks, self.kb, self.gaz_at)
                desc.country = desc.country or d.country
                if d.role and not desc.role:
                    desc.role, desc.sector = d.role, d.sector
                desc.affiliation = desc.affiliation or d.affiliation
                given = self.doc[s].lower_.rstrip(".") if e - s > 1 else None
                if given and c.gender is None:
                    c.gender = self.kb.gender(self.doc[s].text)
                prev = self.doc[s - 1].lower_ if s > 0 else ""
                if prev in ("mr", "mr.", "sir", "lord"):
                    c.gender = "m"
                elif prev in ("mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady"):
                    c.gender = "f"
            self._settle_person(c, desc)

    def _home_country(self) -> None:
        """An official named with a bare title ("Prime Minister Irakli Kobakhidze") serves the
        article's own country: the dateline's, else the country that dominates the mentions."""
        home = self._dateline_country() or self._dominant_country()
        if home is None:
            return
        for c in self.people.clusters.values():
            if c.country is None and c.entry is None and c.sector in ("GOV", "MIL", "LEG", "JUD") \
                    and c.role not in ("ambassador", "envoy", "consul"):
                c.country = home
                c.key = person_id(c.name)

    def _dateline_country(self) -> str | None:
        art = self.document.article
        line = getattr(art, "dateline", None) if art is not None else None
        return self.kb.country_of(line.split(",")[0].strip()) if line else None

    def _dominant_country(self) -> str | None:
        counts: dict[str, int] = {}
        for c in self.others.values():
            if c.type == "COUNTRY" and c.country:
                counts[c.country] = counts.get(c.country, 0) + len(c.mentions)
        total = sum(counts.values())
        if not total:
            return None
        best = max(counts, key=lambda k: counts[k])
        return best if counts[best] >= 0.4 * total else None

    def _settle_person(self, c: Cluster, d: Descriptor) -> None:
        e = c.entry
        c.country = (e.country if e and e.country else None) or d.country
        if d.role:
            c.role, c.sector, c.role_from_text = d.role, d.sector, True
        elif e is not None:
            r = e.role_on(self.date)
            if r is not None:
                c.role, c.sector = r.role, r.sector
        if d.affiliation is not None:
            c.sector = c.sector or d.affiliation.sector or ("MED" if d.affiliation.type == "MEDIA" else None)
            if d.affiliation.type in ("ORG", "IGO") and not c.country:
                c.country = d.affiliation.country
        if e is not None and e.gender:
            c.gender = e.gender
        elif c.gender is None:
            c.gender = self.kb.gender(name_parts(c.name, c.country)[1].split(" ")[0]) if " " in c.name else None
        if e is None:
            c.key = person_id(c.name)

    def _coref(self, clusters: list[Cluster]) -> None:
        regions = Regions(find_quotes(self.document.article.text))  # type: ignore[union-attr]
        found = coref.resolve(self.doc, clusters, regions, self.kb, self.gaz_at)
        by_key = {c.key: c for c in clusters}
        for s, e, key in found:
            by_key[key].mentions.append((s, e))


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
    return Actor(id=c.key, name=c.name, type=c.type, aliases=tuple(aliases), country=c.country,
                 role=c.role, sector=c.sector, mentions=tuple(spans))


def extract_actors(document: "Document", kb: ActorKB) -> tuple[Actor, ...]:
    if document.nlp is None or document.article is None:
        return ()
    clusters = _merge_same_key(Builder(document, kb).run())
    actors = [to_actor(c, document.nlp) for c in clusters if c.mentions]
    return tuple(sorted(actors, key=lambda a: a.mentions[0]))


@stage("actors", requires=("nlp",), assigns=("actors",))
def actors_stage(document: "Document", ctx: "Context") -> "Document":
    if document.nlp is None:
        return replace(document, skipped=document.skipped + ("actors: no parse",))
    return replace(document, actors=extract_actors(document, ctx.kb))


# --- lookup for later stages --------------------------------------------------------------------


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
