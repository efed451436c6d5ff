"""Trigger matching: a verb or noun with its particle, preposition, object or modifier -> a lexicon entry."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ...kb.ontology import Trigger, lexicon
from .syntax import Tok, _is_time, _pobjs, lemma
from .vocab import (
    COMPOUND_HEADS,
    DESCRIBE_VERBS,
    INTRANSITIVE_TRIGGERS,
    LIGHT_VERBS,
    MODAL_FUTURE,
    TRANSPARENT_NOUNS,
    WORDS,
)


@lru_cache(maxsize=1)
def trigger_index() -> dict[str, dict[tuple[str, ...], Trigger]]:
    """Lexicon entries by kind and lemma tuple; phrases are looked up whatever their head's POS."""
    index: dict[str, dict[tuple[str, ...], Trigger]] = {"verb": {}, "noun": {}, "phrase": {}}
    for t in lexicon():
        index[t.kind].setdefault(t.lemmas, t)
    return index


# Forms the small English model lemmatises wrongly ("hoped" -> "hop") or that stay plural in the lexicon.
LEMMA_FIXES = {"hoped": "hope", "hoping": "hope", "talks": "talk", "arms": "arm", "sanctions": "sanction",
               "forces": "force", "ties": "tie", "relations": "relation", "hostilities": "hostility",
               "envoys": "envoy", "drills": "drill", "exercises": "exercise", "strikes": "strike"}


@lru_cache(maxsize=1)
def trigger_words() -> tuple[frozenset[str], frozenset[str]]:
    """(words a verbal trigger can start with, words a nominal trigger can end with): a word in
    neither cannot trigger, so most tokens are passed over without building any phrase key."""
    first = {t.lemmas[0] for t in lexicon() if t.kind in ("verb", "phrase")} | LIGHT_VERBS
    first |= {t.lemmas[1] for t in lexicon() if t.lemmas[0] == "will" and len(t.lemmas) > 1}  # "will meet"
    last = {t.lemmas[-1] for t in lexicon() if t.kind in ("noun", "phrase")}
    return frozenset(first), frozenset(last)


@dataclass(frozen=True)
class Match:
    trig: Trigger
    used: frozenset[int]  # token indices the trigger phrase consumed (never a target)


def see_through(tok: Tok) -> Tok:
    """'a package of sanctions', '$61 billion in assistance', 'a visa restriction policy' -> the event
    noun behind the measure word."""
    for _ in range(3):
        if lemma(tok) in COMPOUND_HEADS:
            inner = next((c for c in tok.children if c.dep_ == "compound" and c.pos_ == "NOUN"
                          and match_noun(c) is not None), None)
            if inner is not None:
                return inner
        if lemma(tok) not in TRANSPARENT_NOUNS and tok.tag_ != "$" and tok.pos_ != "NUM":
            return tok
        nxt = next((p for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "in")
                    for p in _pobjs(c)), None)
        if nxt is None:
            nxt = next((c for c in tok.children if c.dep_ in ("compound", "nummod") and c.pos_ == "NOUN"), None)
        if nxt is None:
            return tok
        tok = nxt
    return tok


def _verb_keys(tok: Tok) -> Iterator[tuple[tuple[str, ...], tuple[int, ...]]]:
    """(lemma tuple, consumed tokens) a verb or adjective can trigger with, most specific first."""
    v = lemma(tok)
    # A preposition without an object of its own ("walked out of the deal") works as a particle.
    prts = [c for c in tok.children if c.dep_ == "prt" or c.dep_ == "prep" and not _pobjs(c)]
    objs = [see_through(c) for c in tok.children if c.dep_ in ("dobj", "attr", "acomp", "oprd", "dative")]
    preps = [c for c in tok.children if c.dep_ in ("prep", "agent") and not _is_time(c) and _pobjs(c)]
    preps += [g for p in prts for g in p.children if g.dep_ == "prep"]
    comps = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp") and any(a.lower_ == "to" for a in c.children)]
    # "called for the embargo to be lifted": the parser makes "for" the mark of a clause
    marks = [m for c in tok.children if c.dep_ in ("advcl", "ccomp") for m in c.children
             if m.dep_ == "mark" and m.lower_ == "for"]
    for p in prts:
        for r in preps:
            for q in _pobjs(r):
                yield (v, p.lower_, r.lower_, lemma(see_through(q))), (p.i, r.i, q.i)
            yield (v, p.lower_, r.lower_), (p.i, r.i)
        for o in objs:
            yield (v, p.lower_, lemma(o)), (p.i, o.i)
    for o in objs:
        for r in [c for c in o.children if c.dep_ == "prep"] + preps:
            yield (v, lemma(o), r.lower_), (o.i, r.i)
    for r in preps:
        for q in _pobjs(r):
            yield (v, r.lower_, lemma(see_through(q))), (r.i, q.i)
    for c in comps:
        yield (v, "to", lemma(c)), (c.i,)
    for p in prts:
        nxt = p.nbor(1) if p.i + 1 < len(p.doc) else None
        if p.dep_ == "prep" and nxt is not None and nxt.pos_ in ("NOUN", "VERB") and nxt.head.i != p.i:
            # "put their forces on standby": the parser left the preposition without its object
            yield (v, p.lower_, lemma(nxt)), (p.i, nxt.i)
        yield (v, p.lower_), (p.i,)
    for o in objs:
        yield (v, lemma(o)), (o.i,)
    for r in preps:
        yield (v, r.lower_), (r.i,)
    for m in marks:
        yield (v, m.lower_), (m.i,)
    if comps:
        yield (v, "to"), ()
    for a in tok.children:
        if a.dep_ == "aux" and a.lower_ in MODAL_FUTURE | {"would"}:
            yield ("will", v), ()


def _noun_keys(tok: Tok) -> Iterator[tuple[tuple[str, ...], tuple[int, ...]]]:
    n = lemma(tok)
    for c in tok.children:
        if c.dep_ in ("compound", "amod", "nmod"):
            yield (lemma(c), n), (c.i,)
    yield (n,), ()


def match_verb(tok: Tok) -> Match | None:
    if lemma(tok) not in trigger_words()[0]:
        return None
    if lemma(tok) in DESCRIBE_VERBS and any(c.dep_ == "oprd" for c in tok.children):
        return None  # "what they call their partnership for a new era": naming, not calling for
    if lemma(tok) in INTRANSITIVE_TRIGGERS and any(c.dep_ == "dobj" for c in tok.children):
        return None  # "demonstrating the strength of our values": showing, not protesting
    if _idiom(tok):
        return None  # "pleaded guilty", "shares hit a record high": courts and markets, not events
    if lemma(tok) == "ask" and (not any(c.dep_ in ("dobj", "dative", "xcomp") or c.lower_ == "for"
                                        for c in tok.children) or _asks_a_question(tok)):
        return None  # "asked about the remark", "asked him if he was ...": a question, not a request
    index = trigger_index()
    best: Match | None = None
    for key, used in _verb_keys(tok):
        trig = index["phrase"].get(key)
        if trig is not None and (best is None or len(trig.lemmas) > len(best.trig.lemmas)):
            best = Match(trig, frozenset(used))
    if best is not None:
        return best
    if tok.pos_ == "ADJ":
        return None
    trig = index["verb"].get((lemma(tok),))
    return Match(trig, frozenset()) if trig is not None else None


def match_noun(tok: Tok) -> Match | None:
    if lemma(tok) not in trigger_words()[1]:
        return None
    index = trigger_index()
    for key, used in _noun_keys(tok):
        trig = index["phrase"].get(key) if len(key) > 1 else index["noun"].get(key)
        if trig is not None:
            return Match(trig, frozenset(used))
    return None


def _idiom(verb: Tok) -> bool:
    """The verb with a complement that makes it an idiom (`idiom_complements` in events.yaml)."""
    idioms = WORDS["idiom_complements"].get(lemma(verb))
    return bool(idioms) and any(lemma(see_through(c)) in idioms for c in verb.children
                                if c.dep_ in ("dobj", "acomp", "oprd", "attr", "advmod"))


def _asks_a_question(verb: Tok) -> bool:
    return any(c.dep_ == "ccomp" and any(g.lower_ in ("if", "whether") or g.tag_ in ("WP", "WRB", "WDT")
                                         for g in c.children) for c in verb.children)
