"""Actor resolution: a noun phrase -> actors, and the memory of groups for 'they' and 'the two sides'."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...kb.lang import words as lang_words
from ...model import ActorRef
from ..places import place_in_phrase
from .syntax import Tok, _plural_antecedent, _pobjs, _unique, lemma
from .triggers import match_noun
from .vocab import (
    AGENT_NOUNS,
    DEEP_MAX,
    GROUP_MAX,
    GROUP_NOUNS,
    GROUP_NUMBERS,
    LEADER_ROLES,
    LOCAL_NOUNS,
    PARTY_NOUNS,
    PERSON_GROUPS,
    PLURAL_PRONOUNS,
    PRIVATE_NOUNS,
    TITLE_NOUNS,
    WORDS,
)


class Memory:
    """Groups of actors seen acting together, most recent last, for "they" and "the two sides"."""

    def __init__(self) -> None:
        self.groups: list[tuple[list[ActorRef], bool]] = []  # (actors, cooperative?)

    def note(self, refs: list[ActorRef], cooperative: bool) -> None:
        refs = _unique(refs)
        if 2 <= len(refs) <= GROUP_MAX:  # a long list is a roll-call, not a party "they" can mean
            self.groups.append((refs, cooperative))

    def group(self, cooperative: bool, persons: bool, kinds: dict[str, str], size: int = 0,
              exclude: frozenset[str] = frozenset()) -> list[ActorRef]:
        """The latest group fitting the reference: of people for "the leaders", of `size` for "the two",
        without the actors in `exclude` ("X and Y urged both sides": not X and Y)."""
        for refs, coop in reversed(self.groups[-8:]):
            if cooperative and not coop or size and len(refs) != size:
                continue
            if exclude & {r.actor_id for r in refs}:
                continue
            if persons and any(kinds.get(r.actor_id) != "PERSON" for r in refs):
                continue
            return list(refs)
        return []


class Resolver:
    """Noun phrase -> actors, through the actors stage's lookup."""

    MOD_DEPS = WORDS["modifier_deps"]

    def __init__(self, lookup: Any, memory: Memory, home: str | None = None) -> None:
        self.lookup = lookup
        self.memory = memory
        self.home = home  # the dateline's country: where "the authorities" and "protesters" are
        self.skip: set[int] = set()  # tokens of a dateline the parser took into the sentence
        actors = lookup.actors.values()
        self.kinds = {a.id: a.type for a in actors}
        self.countries = {a.id: a.country for a in actors}
        self.roles = {a.id: (a.role or "").lower() for a in actors}
        self.alias = {n.lower(): lookup.refs[a.id] for a in actors for n in (a.name, *a.aliases)}

    def np(self, tok: Tok | None, cooperative: bool = True, pronoun_poss: bool = True,
           via_from: bool = True, exclude: frozenset[str] = frozenset()) -> list[ActorRef]:
        """Actors named by the phrase headed by `tok` (its conjuncts included); a plural reference
        ("both sides") is never to a group holding an actor in `exclude`."""
        if tok is None:
            return []
        if tok.lower_ in ("they", "them"):
            antecedent = _plural_antecedent(tok)
            if antecedent is not None:  # "expelled two Indian diplomats, accusing them of espionage"
                return self.np(antecedent, cooperative)
        group = self._plural(tok, cooperative, exclude)
        if group:
            return group
        found: list[ActorRef] = []
        for t in (tok, *tok.conjuncts, *_broken_list(tok)):
            found += self._head(t, pronoun_poss, via_from, depth=0)
        return _unique([r for r in found if self.kinds.get(r.actor_id) != "MEDIA"])

    def _head(self, tok: Tok, pronoun_poss: bool, via_from: bool, depth: int) -> list[ActorRef]:
        if tok.i in self.skip:  # "SOCHI, Russia — Russian President Vladimir Putin ...": the appositive
            return [r for c in tok.children if c.dep_ == "appos" and c.i not in self.skip
                    for t in (c, *c.conjuncts) for r in self._head(t, pronoun_poss, via_from, depth + 1)]
        ref = self.lookup.at_token(tok.i)
        if ref is not None and tok.pos_ == "NOUN":  # "the shadow foreign secretary, Michael Ancram": the name
            named = [r for c in tok.children if c.dep_ == "appos" for r in self._head(c, pronoun_poss, via_from, depth + 1)
                     if self.kinds.get(r.actor_id) == "PERSON"]
            if named:
                return named
        if ref is not None and (pronoun_poss or tok.tag_ != "PRP$"):
            return [ref]
        if "-" in tok.text:
            return self._hyphenated(tok)
        for c in tok.children:
            if c.dep_ == "appos":
                got = [r for t in (c, *c.conjuncts) for r in self._head(t, pronoun_poss, via_from, depth + 1)]
                if got:
                    return got
        found = self._modifiers(tok, pronoun_poss)
        titled = self._titled(tok, found)
        if titled is not None:
            return [titled]
        if found or depth >= 2 or not (lemma(tok) in AGENT_NOUNS or match_noun(tok) is not None):
            return found
        for c in tok.children:
            if c.dep_ == "prep" and (c.lower_ == "of" or c.lower_ == "from" and via_from):
                for p in _pobjs(c):
                    found += [r for t in (p, *p.conjuncts) for r in self._head(t, pronoun_poss, via_from, depth + 1)]
        return found

    def _hyphenated(self, tok: Tok) -> list[ActorRef]:
        """'U.S.-drafted', 'Moscow-Beijing': actor names glued into one token."""
        return _unique(r for part in tok.text.split("-") if (r := self.alias.get(part.lower())) is not None)

    def _modifiers(self, tok: Tok, pronoun_poss: bool) -> list[ActorRef]:
        found: list[ActorRef] = []
        private = lemma(tok) in PRIVATE_NOUNS  # "a US banker" is an American, not the United States
        for c in tok.children:
            if c.dep_ not in self.MOD_DEPS or (c.tag_ == "PRP$" and not pronoun_poss) or c.i in self.skip:
                continue
            if private and c.dep_ in ("amod", "compound"):
                continue
            for t in (c, *c.conjuncts):
                span = t.doc[t.left_edge.i : t.right_edge.i + 1]
                ref = self.lookup.at_tokens(span)
                if ref is None and "-" in t.text:
                    found += self._hyphenated(t)
                elif ref is not None:
                    found.append(ref)
        return found

    def _titled(self, tok: Tok, found: list[ActorRef]) -> ActorRef | None:
        """'the Chinese leader', 'the Russian president': the one person of that country holding it."""
        title = lemma(tok)
        if title not in TITLE_NOUNS or len(found) != 1 or self.kinds.get(found[0].actor_id) != "COUNTRY":
            return None
        code = self.countries.get(found[0].actor_id)
        roles = LEADER_ROLES if title in ("leader", "head") else {title}
        people = [aid for aid, kind in self.kinds.items() if kind == "PERSON" and self.countries.get(aid) == code
                  and any(r in self.roles.get(aid, "") for r in roles)]
        return self.lookup.refs[people[0]] if len(people) == 1 else None

    def _plural(self, tok: Tok, cooperative: bool, exclude: frozenset[str] = frozenset()) -> list[ActorRef]:
        """'they', 'both', 'the two sides', 'the three governments', 'the leaders' -> the last group."""
        low, lem = tok.lower_, lemma(tok)
        size = next((GROUP_NUMBERS[c.lower_] for c in tok.children if c.lower_ in GROUP_NUMBERS),
                    GROUP_NUMBERS.get(low, 0))
        bare = tok.tag_ in ("NNS", "NNPS") and lem in GROUP_NOUNS and not self._modifiers(tok, True)
        definite = bare and lem in PARTY_NOUNS and any(c.lower_ == "the" for c in tok.children)
        if low in PLURAL_PRONOUNS or (size and (bare or tok.pos_ == "NUM")) or definite:
            return self.memory.group(cooperative, lem in PERSON_GROUPS, self.kinds, size, exclude)
        return []

    def generic(self, tok: Tok | None, place_country: str | None) -> list[ActorRef]:
        """'protesters', 'the authorities', 'police': the country where it happens (else the dateline's)."""
        if tok is None or lemma(tok) not in LOCAL_NOUNS or self._modifiers(tok, True):
            return []
        ref = self.country_actor(place_country or self.home)
        return [ref] if ref is not None else []

    def country_actor(self, code: str | None) -> ActorRef | None:
        """The document's actor for a country code (used when a place stands for its country)."""
        if not code:
            return None
        for aid, kind in self.kinds.items():
            if kind == "COUNTRY" and self.countries.get(aid) == code:
                return self.lookup.refs[aid]
        return None

    def institutional(self, pred_root: Tok, ref: ActorRef) -> bool:
        """True when the predicate names the country `ref` by one of its institutions outside its subject
        ("called on the government to", "accused ministers of"): a state body a citizen can address or
        attack, unlike the land or people a demonym names ("called for the return of Ukrainian land")."""
        nouns = lang_words("institutions")["nouns"]
        subjects = {t.i for c in pred_root.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
        return any(t.lower_ in nouns and t.i not in subjects and self.lookup.at_token(t.i) == ref
                   for t in pred_root.subtree)

    def in_object(self, pred_root: Tok, ref: ActorRef) -> bool:
        """True when the verb's direct object is the country `ref` or names it as its owner ("attacked UK
        policy", "criticised Britain's decision", "the decision by Britain's highest court"): what a
        citizen's criticism is aimed at."""
        objects = [c for c in pred_root.children if c.dep_ == "dobj"]
        objects += by_owners(pred_root, objects)
        owners = [t for o in objects for t in (o, *o.children) if t is o or t.dep_ in ("poss", "compound", "amod")]
        return any(self.lookup.at_token(t.i) == ref for t in owners)

    def search(self, roots: Iterable[Tok], exclude: set[str]) -> list[ActorRef]:
        """The first actor found breadth-first under `roots` ("blamed the conflict on what he called
        years of aggressive policy by NATO"), not in relative clauses nor passive agents ("a law
        backed by Bush": Bush backed it, it is not what was welcomed)."""
        queue = [(t, 0) for t in roots]
        while queue:
            tok, depth = queue.pop(0)
            if tok.pos_ != "PRON":
                ref = self.lookup.at_token(tok.i)
                if ref is not None and ref.actor_id not in exclude and self.kinds.get(ref.actor_id) != "MEDIA":
                    return [ref]
            if depth < DEEP_MAX:  # not into "a plan tabled by France": who tabled it is not the target
                queue += [(c, depth + 1) for c in tok.children if c.dep_ not in ("relcl", "advcl", "punct", "agent")
                          and not (c.dep_ == "acl" and c.tag_ == "VBN")]
        return []


def _broken_list(subj: Tok) -> list[Tok]:
    """'President Joe Biden, Japanese Prime Minister Fumio Kishida and ... agreed': the small model
    may give the verb a second subject for the first item of a list; it belongs to the list."""
    if subj.dep_ not in ("nsubj", "nsubjpass") or not subj.conjuncts:
        return []
    doc = subj.doc
    return [c for c in subj.head.children if c.dep_ == subj.dep_ and c.i < subj.i
            and c.right_edge.i + 1 < len(doc) and doc[c.right_edge.i + 1].text == ","
            and c.right_edge.i + 2 == subj.left_edge.i]


def by_owners(verb: Tok, objects: list[Tok]) -> list[Tok]:
    """Who made the object of an active verb: "attacked the decision by the court" (the parser may hang
    the "by" phrase on the verb; a gerund there is a means, "by sending troops", not an owner)."""
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return []
    preps = [c for o in objects for c in o.children] + (list(verb.children) if objects else [])
    return [p for c in preps if c.dep_ == "prep" and c.lower_ == "by" for p in _pobjs(c) if p.tag_ != "VBG"]


def _phrase_place(np: Tok, country_of: Any) -> Any:
    """The place in an "in/at X" phrase of a noun phrase ("police in Dhaka")."""
    for c in np.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "at", "from"):
            for p in _pobjs(c):
                place = place_in_phrase(p, country_of)
                if place is not None:
                    return place
    return None
