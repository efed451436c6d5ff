"""Event coding over the dependency parse: trigger lexicon -> (source, PLOVER type, target).

A predicate is a verb whose lemma (with its particle, preposition or object) is in the lexicon, or an
event noun ("invasion", "visit", "talks"). Sources come from subjects (agents in the passive,
possessors of nouns), targets from objects and prepositional objects; both resolve to actors through
the actors stage's lookup. Negation and modality come from the predicate's auxiliaries and the
clauses above it, so "has not provided" and "would send" are never counted as actual events.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..kb.ontology import Trigger, cameo_for, lexicon
from ..model import ActorRef, Event
from ..registry import stage
from .dates import resolve
from .places import place_of

if TYPE_CHECKING:
    from ..model import Document
    from ..pipeline import Context

TARGET_PREPS = {"with", "to", "on", "against", "at", "into", "toward", "towards", "for", "from", "of", "over"}
SAY_LEMMAS = {"say", "tell", "state", "claim", "add", "announce", "report", "warn", "insist", "argue", "note"}
HYPOTHETICAL = {"would", "could", "might", "may", "should", "must", "can"}
NEGATORS = {"not", "n't", "never", "no"}


@lru_cache(maxsize=1)
def trigger_index() -> dict[str, dict[tuple[str, ...], Trigger]]:
    """Lexicon entries keyed by kind and lemma tuple."""
    index: dict[str, dict[tuple[str, ...], Trigger]] = {"verb": {}, "noun": {}, "phrase": {}}
    for t in lexicon():
        index[t.kind].setdefault(t.lemmas, t)
    return index


def _phrase_keys(tok: Any) -> Iterator[tuple[str, ...]]:
    """Lemma tuples a verb can trigger with: verb+particle/prep/object (+ their own prep), longest first."""
    lemma = tok.lemma_.lower()
    for child in tok.children:
        if child.dep_ in ("prt", "prep", "dobj", "acomp", "xcomp", "attr", "dative"):
            key = (lemma, child.lemma_.lower())
            for grand in child.children:
                if grand.dep_ in ("prep", "prt"):
                    yield key + (grand.lemma_.lower(),)
            yield key
    aux = [c.lemma_.lower() for c in tok.children if c.dep_ == "aux"]
    for a in aux:
        yield (a, lemma)


def match_trigger(tok: Any) -> Trigger | None:
    index = trigger_index()
    if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
        for key in _phrase_keys(tok):
            if key in index["phrase"]:
                return index["phrase"][key]
        return index["verb"].get((tok.lemma_.lower(),))
    if tok.pos_ == "NOUN":
        return index["noun"].get((tok.lemma_.lower(),))
    return None


def negated(tok: Any) -> bool:
    """The predicate or a verb governing it (via xcomp/aux chains) carries a negation."""
    node = tok
    for _ in range(3):
        if any(c.dep_ == "neg" or c.lower_ in NEGATORS and c.dep_ in ("neg", "advmod", "det") for c in node.children):
            return True
        if node.dep_ not in ("xcomp", "conj") or node.head.i == node.i:
            return False
        node = node.head
    return False


def modality(tok: Any) -> str:
    auxes = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in tok.children):
        return "conditional"
    if auxes & {"will", "shall", "'ll"} or _going_to(tok):
        return "future"
    if auxes & HYPOTHETICAL:
        return "hypothetical"
    node = tok
    while node.head.i != node.i:
        if node.dep_ in ("ccomp", "xcomp") and node.head.lemma_.lower() in SAY_LEMMAS:
            return "reported"
        node = node.head
    return "asserted"


def _going_to(tok: Any) -> bool:
    return tok.dep_ == "xcomp" and tok.head.lower_ == "going"


class _Resolver:
    """Token -> actor refs, through the actors stage's lookup, expanding conjunctions and modifiers."""

    def __init__(self, lookup: Any) -> None:
        self.lookup = lookup

    def refs(self, tok: Any | None) -> list[ActorRef]:
        if tok is None:
            return []
        found = self._one(tok)
        for conj in tok.conjuncts:
            found += self._one(conj)
        return _unique(found)

    def _one(self, tok: Any) -> list[ActorRef]:
        ref = self.lookup.at(tok.idx, tok.idx + len(tok))
        if ref is not None:
            return [ref]
        out: list[ActorRef] = []
        for child in tok.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod"):
                r = self.lookup.at(child.idx, child.idx + len(child))
                if r is not None:
                    out.append(r)
                    out += [x for c in child.conjuncts if (x := self.lookup.at(c.idx, c.idx + len(c)))]
        return out


def _unique(refs: list[ActorRef]) -> list[ActorRef]:
    seen: dict[str, ActorRef] = {}
    for r in refs:
        seen.setdefault(r.actor_id, r)
    return list(seen.values())


def _subject(tok: Any) -> tuple[Any | None, bool]:
    """(subject token, passive?) of a verb, inheriting the subject of a governing verb when absent."""
    node = tok
    for _ in range(4):
        for c in node.children:
            if c.dep_ in ("nsubj", "csubj"):
                return c, False
            if c.dep_ == "nsubjpass":
                agent = next((g for a in node.children if a.dep_ == "agent" for g in a.children
                              if g.dep_ == "pobj"), None)
                return agent, True
        if node.dep_ in ("xcomp", "conj", "advcl", "pcomp", "acl", "relcl") and node.head.i != node.i:
            node = node.head if node.dep_ != "pcomp" else node.head.head
            continue
        break
    return None, False


def _object(tok: Any, passive: bool) -> Any | None:
    if passive:
        return next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
    for c in tok.children:
        if c.dep_ in ("dobj", "dative"):
            return c
    for c in tok.children:
        if c.dep_ in ("prep", "prt") and c.lower_ in TARGET_PREPS:
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return None


def _noun_roles(tok: Any) -> tuple[Any | None, Any | None]:
    """(source, target) of an event noun: possessor, modifier or by/from object; of/with/against object."""
    source = next((c for c in tok.children if c.dep_ in ("poss", "compound", "amod", "nmod")), None)
    target = None
    for c in tok.children:
        if c.dep_ != "prep":
            continue
        obj = next((g for g in c.children if g.dep_ == "pobj"), None)
        if obj is None:
            continue
        if c.lower_ in ("by", "from") and source is None:
            source = obj
        elif c.lower_ in TARGET_PREPS and target is None:
            target = obj
    if source is None:
        source = _clause_subject(tok)
    return source, target


def _clause_subject(tok: Any) -> Any | None:
    """The subject of the verb whose object (or prepositional object) this noun is: "held talks with"."""
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    elif tok.dep_ not in ("dobj", "attr"):
        return None
    if head.pos_ not in ("VERB", "AUX"):
        return None
    subj, _ = _subject(head)
    return subj


def _embedded(tok: Any, triggers: set[int]) -> bool:
    """A noun that is what another trigger is about ("called for the withdrawal") is not an event."""
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
        head = head.head
    return head.i in triggers and head.i != tok.i


PLURAL_REFS = {"they", "them", "both", "sides", "countries", "pair", "nations", "governments", "leaders", "two"}
SYMMETRIC = {"CONSULT", "COOPERATE", "AGREE"}
NEEDS_TARGET = {"warn", "sign"}  # "warned that ..." is speech; "signed" alone says nothing of with whom


class _Memory:
    """The last group of two or more actors acting together, for "they" and "the two sides"."""

    def __init__(self) -> None:
        self.group: list[ActorRef] = []

    def note(self, refs: list[ActorRef]) -> None:
        if len(refs) >= 2:
            self.group = refs

    def plural(self, tok: Any | None) -> list[ActorRef]:
        if tok is None or tok.lower_ not in PLURAL_REFS:
            return []
        return list(self.group)


def code_sentence(sent: Any, resolver: _Resolver, published: str | None, country_of: Any,
                  dateline: str | None, sent_index: int, memory: _Memory | None = None) -> list[Event]:
    memory = memory or _Memory()
    found = [(tok, trig) for tok in sent if (trig := match_trigger(tok)) is not None and tok.dep_ != "amod"]
    verbs = {tok.i for tok, _ in found if tok.pos_ != "NOUN"}
    consumed = {c.i for tok, _ in found if tok.pos_ != "NOUN" for c in tok.children if c.dep_ in ("dobj", "attr")}
    events: list[Event] = []
    for tok, trig in found:
        if tok.pos_ == "NOUN":
            if tok.i in consumed or _embedded(tok, verbs):
                continue
            src_tok, tgt_tok = _noun_roles(tok)
            passive = False
        else:
            src_tok, passive = _subject(tok)
            tgt_tok = _object(tok, passive)
        sources = memory.plural(src_tok) or resolver.refs(src_tok)
        if not sources and tok.pos_ == "NOUN":
            sources = resolver.refs(_clause_subject(tok))
        targets = resolver.refs(tgt_tok)
        memory.note(_unique(sources + targets))
        if trig.plover in SYMMETRIC and len(sources) >= 2 and not targets:
            sources, targets = sources[:1], sources[1:]
        if not sources and not targets or (not targets and tok.lemma_.lower() in NEEDS_TARGET):
            continue
        events += _events_for(tok, trig, sources, targets, sent, published, country_of, dateline, sent_index)
    return events


def _events_for(tok: Any, trig: Trigger, sources: list[ActorRef], targets: list[ActorRef], sent: Any,
                published: str | None, country_of: Any, dateline: str | None, sent_index: int) -> list[Event]:
    code = cameo_for(trig.cameo)
    when = resolve(sent.text, published)
    where = place_of(tok, country_of, dateline)
    neg, mod = negated(tok), modality(tok)
    conf = 0.5 + 0.2 * bool(sources) + 0.2 * bool(targets) - 0.2 * (tok.pos_ == "NOUN")
    out = []
    for s in sources or [None]:
        for t in targets or [None]:
            if s is not None and t is not None and s.actor_id == t.actor_id:
                continue
            out.append(Event(
                type=trig.plover, cameo=code.code, goldstein=code.goldstein, quad=code.quad,
                span=(sent.start_char, sent.end_char), sentence=sent_index, source=s, target=t,
                negated=neg, modality=mod, date=when.value if when else None, location=where,
                confidence=round(conf, 2), trigger=trig.text))
    return out


@stage("events", requires=("nlp", "actors"), assigns=("events",))
def code_events(doc: "Document", ctx: "Context") -> "Document":
    if doc.nlp is None or doc.article is None:
        return doc
    from .actors import actor_lookup

    resolver = _Resolver(actor_lookup(doc))
    kb = ctx.kb
    first_para_end = doc.article.text.find("\n\n", doc.article.text.find("\n\n") + 2)
    events: list[Event] = []
    memory = _Memory()
    for i, sent in enumerate(doc.nlp.sents):
        dateline = doc.article.dateline if sent.start_char <= max(first_para_end, 0) else None
        events += code_sentence(sent, resolver, doc.article.published, kb.country_of, dateline, i, memory)
    return replace(doc, events=tuple(events))
