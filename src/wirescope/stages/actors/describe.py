"""Descriptors: the roles, countries and affiliations the words around a name give it.

Two places describe a name in news prose: the title in front of it, inside the same noun phrase
("Tory leader Michael Howard", "US Secretary of State Condoleezza Rice", "his Israeli counterpart
Ariel Sharon"), and an appositive ("Julianne Smith, US ambassador to NATO,", "the Chinese leader,
Xi Jinping"). Evidence of a country comes in two strengths: a country word in the phrase is strong;
a party ("Labour MP") or a title only one country uses ("the Foreign Secretary", "Congressman") is
weak and may name several countries, resolved against the document (see `weak_country`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...kb.actors import ActorKB, Entry
from ...kb.lang import words as lang_words
from ...kb.parties import SECTOR as PARTY_SECTOR
from ...kb.parties import countries_of

TITLE_POS = frozenset({"PROPN", "NOUN", "ADJ", "DET", "PRON", "PART"})
MAX_TITLE_TOKENS = 8


def title_tokens(doc: Any, s: int, taken: set[int]) -> list[int]:
    """Tokens of the title in front of a name, inside its noun phrase: "Russian Foreign Minister",
    "US Secretary of State", "his Chinese counterpart", "Tory leader"."""
    out: list[int] = []
    j = s - 1
    sent_start = doc[s].sent.start
    while j >= sent_start and len(out) < MAX_TITLE_TOKENS and j not in taken:
        t = doc[j]
        if "\n" in t.whitespace_ or t.is_space:
            break
        if out and doc[out[-1]].text == "-" and not t.whitespace_ and t.is_alpha:
            out.append(j)  # "Under-Secretary": the word before a hyphen, whatever its tag
            j -= 1
            continue
        if t.lower_ == "of" and j - 1 >= sent_start and doc[j - 1].text[:1].isupper() and out \
                and doc[j + 1].text[:1].isupper():
            out.append(j)  # "Secretary of State", "Minister of Defence": capitalised on both sides
            j -= 1
            continue
        if t.text == "-" and not t.whitespace_ and j > sent_start and not doc[j - 1].whitespace_ and out:
            out.append(j)  # "co-chairman", "ex-minister": a hyphen inside a word
            j -= 1
            continue
        possessive = t.tag_ == "POS" or t.lower_ in ("'s", "\u2019s")
        if not possessive and (t.pos_ not in TITLE_POS or (t.is_punct and t.text != ".")):
            break
        if t.pos_ == "PRON" and t.tag_ != "PRP$":
            break  # "his counterpart" yes, "he" no
        if t.pos_ == "PART" and not possessive:
            break
        out.append(j)
        j -= 1
    return sorted(out)


def appositive_tokens(doc: Any, s: int, e: int, kb: ActorKB) -> list[int]:
    """Tokens of an appositive describing the name: "Julianne Smith, US ambassador to NATO," or
    "his Chinese counterpart, Xi Jinping" (the name is the appositive of a person noun)."""
    root = doc[e - 1]
    for child in root.children:
        if child.dep_ == "appos" and child.i >= e:
            return _until_comma(doc, [t.i for t in child.subtree if t.i >= e], e)
    if root.dep_ == "appos" and root.head.i < s and _person_noun(root.head, kb):
        return [t.i for t in root.head.subtree if t.i < s and not t.is_punct]
    if e + 1 < len(doc) and doc[e].text == ",":  # parser missed it: a short role phrase after a comma
        span = []
        for t in doc[e + 1: min(len(doc), e + 8)]:
            if t.is_punct or t.pos_ in ("VERB", "AUX"):
                break
            span.append(t.i)
        # without the parser's word, only a phrase holding a role word is taken for a description
        return span if longest_role([doc[i].lower_ for i in span], kb) is not None else []
    return []


def of_phrase_tokens(doc: Any, e: int) -> list[int]:
    """The proper noun phrase of an "of" right after the name: "Paul Whitcombe of Canada", "Brad
    Adams of Human Rights Watch" (a country or an affiliation)."""
    if e + 1 >= len(doc) or doc[e].lower_ != "of":
        return []
    out: list[int] = []
    for t in doc[e + 1: min(len(doc), e + 7)]:
        if not (t.pos_ == "PROPN" or t.lower_ == "the" or (out and t.lower_ == "of")) or "\n" in t.whitespace_:
            break
        out.append(t.i)
    return out


def _until_comma(doc: Any, tokens: list[int], start: int) -> list[int]:
    """An appositive ends at the next comma or clause: "X, a Labour MP, who ..." keeps "a Labour MP"."""
    out = []
    for i in sorted(tokens):
        if doc[i].text in (",", ";", ":", "(", ")") and i > start or doc[i].lower_ in ("who", "which", "that"):
            break
        out.append(i)
    return out


def _person_noun(token: Any, kb: ActorKB) -> bool:
    r = kb.role(token.lower_) or kb.role(token.lemma_.lower())
    return r is not None


@dataclass
class Descriptor:
    country: str | None = None  # strong: a country word in the person's own phrase
    weak: tuple[str, ...] = ()  # candidates from a party or a country-specific title, in order
    role: str | None = None
    sector: str | None = None
    affiliation: Entry | None = None

    def merge(self, other: Descriptor) -> None:
        """Fill what is still unknown from another mention's descriptor (earlier mentions win)."""
        self.country = self.country or other.country
        self.weak = self.weak or other.weak
        if other.role and not self.role:
            self.role, self.sector = other.role, other.sector
        self.sector = self.sector or other.sector
        self.affiliation = self.affiliation or other.affiliation


def describe(doc: Any, tokens: list[int], kb: ActorKB, gaz_at: dict[int, Entry]) -> Descriptor:
    """Country, role, sector and affiliation named by descriptor tokens."""
    d = Descriptor()
    blocked = False
    words = [doc[i].lower_ for i in tokens]
    table = lang_words("actors")
    for k, i in enumerate(tokens):
        if words[k] in table["not_nationality"]:
            blocked = True
        entry = gaz_at.get(i) or country_word(doc[i], kb)
        if entry is None or blocked:
            continue
        if entry.type == "COUNTRY" and d.country is None:
            d.country = entry.country
        elif entry.type in ("MEDIA", "ORG", "IGO") and d.affiliation is None:
            d.affiliation = entry
    role = longest_role(words, kb) or longest_role(words, kb, agents=True)
    if role is not None and role.role != "counterpart":
        d.role, d.sector = role.role, role.sector
    party = d.affiliation if d.affiliation is not None and d.affiliation.sector == PARTY_SECTOR else None
    if party is not None:
        d.weak = countries_of(party)
        if d.role is None or d.role in lang_words("actors")["party_roles"]:
            d.sector = PARTY_SECTOR  # "Tory leader": a party's leader, not the government's
    d.weak = d.weak or _title_countries(words)
    if table["opposition_words"] & set(words):
        d.sector = "OPP"
    elif table["former_words"] & set(words) and d.sector in (None, "GOV", "MIL", "LEG"):
        d.sector = "ELI"
    return d


def country_word(token: Any, kb: ActorKB) -> Entry | None:
    """A country named by a single token the gazetteer left inside a larger name ("US" in "US
    Treasury", which spaCy tags as one organisation)."""
    if not token.text[:1].isupper():
        return None
    entry = kb.match(token.text)
    return entry if entry is not None and entry.type == "COUNTRY" and entry.form != "metonym" else None


def _title_countries(words: list[str]) -> tuple[str, ...]:
    titles = lang_words("titles")
    for n in (4, 3, 2, 1):
        for k in range(len(words) - n + 1):
            hit = titles.get(" ".join(words[k:k + n]))
            if hit:
                return tuple(hit)
    return ()


def longest_role(words: list[str], kb: ActorKB, agents: bool = False) -> Any:
    """The role of the longest role phrase among the words ("foreign minister" before "minister");
    with `agents`, of the longest agent word of the Phoenix dictionary ("farmer" -> AGR, "lawyer")."""
    lookup = kb.agent if agents else kb.role
    for n in (4, 3, 2, 1):
        for k in range(len(words) - n + 1):
            r = lookup(" ".join(words[k:k + n]))
            if r is not None:
                return r
    return None


def weak_country(candidates: tuple[str, ...], document_countries: dict[str, int],
                 home: str | None) -> str | None:
    """The candidate the document supports: the publisher's home country, else the candidate the
    document mentions most, else the first (the table's default)."""
    if not candidates:
        return None
    if home in candidates:
        return home
    mentioned = [c for c in candidates if document_countries.get(c)]
    if mentioned:
        return max(mentioned, key=lambda c: document_countries[c])
    return candidates[0]
