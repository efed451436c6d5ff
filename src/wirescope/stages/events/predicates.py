"""Predicates: the verbs, light-verb nouns and event nouns of a sentence, and the phrases around event nouns."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ...kb.ontology import Trigger, cameo_for, derived_event
from .syntax import Tok, _is_time, _pobjs, _verbal, lemma
from .triggers import Match, match_noun, match_verb, see_through
from .vocab import (
    INTENT_LIGHT,
    LIGHT_VERBS,
    MATERIAL_PROMISE,
    MEETING_NOUNS,
    NOUN_TARGET_PREPS,
    PRAISE,
    QUOTE_CHARS,
    RESPONSE_VERBS,
    SCARE_QUOTE_MAX,
    VERB_TARGET_PREPS,
    WORDS,
)


@dataclass
class Pred:
    """One event predicate: the trigger word, its lexicon entry and the verb its clause hangs on."""

    tok: Tok
    trig: Trigger
    anchor: Tok
    used: frozenset[int]
    nominal: bool = False  # an event noun without a light verb


def predicates(sent: Any) -> list[Pred]:
    """Verbal and light-verb predicates first, then the event nouns no verb claimed."""
    preds: list[Pred] = []
    claimed: set[int] = set()
    for tok in sent:
        if not (_verbal(tok) or tok.pos_ == "ADJ"):
            continue
        pred = _verb_pred(tok)
        if pred is not None:
            preds.append(pred)
            claimed |= pred.used | {pred.tok.i}
    for tok in sent:
        if tok.pos_ in ("NOUN", "PROPN") and tok.i not in claimed and tok.dep_ != "compound":
            m = match_noun(tok)
            if m is not None:
                preds.append(Pred(tok, m.trig, tok, m.used, nominal=True))
    return sorted(preds, key=lambda p: p.tok.i)


def _verb_pred(tok: Tok) -> Pred | None:
    m = match_verb(tok)
    light = _light_noun(tok)
    if light is not None and (m is None or len(m.trig.lemmas) == 1):
        noun, nm = light
        if lemma(tok) not in INTENT_LIGHT or m is None or nm.trig.plover not in MATERIAL_PROMISE:
            return Pred(noun, _provided(tok, noun, nm.trig), tok, nm.used | {noun.i})
    if m is None:
        return None
    return Pred(tok, m.trig, tok, m.used)


def _light_noun(tok: Tok) -> tuple[Tok, Match] | None:
    """The event noun object a light verb carries: 'imposed sanctions', 'adopted a package of sanctions'."""
    if lemma(tok) not in LIGHT_VERBS:
        return None
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            noun = see_through(c)
            m = match_noun(noun)
            if m is not None:
                return noun, m
    return None


def _provided(verb: Tok, noun: Tok, trig: Trigger) -> Trigger:
    """'provide support', 'send help': giving support is material aid, not praise."""
    if trig.plover in PRAISE and lemma(verb) in WORDS["giving_verbs"] \
            and lemma(noun) in ("support", "backing", "help"):
        return Trigger(trig.lemmas, trig.kind, *derived_event("given_support"))
    return trig


def _noun_target_candidates(noun: Tok, pred_preps_only: bool = False) -> Iterator[Tok]:
    """'sanctions on Iran', 'invasion of Ukraine', 'appeal ... to bring Moscow back', 'Moscow visit'."""
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in NOUN_TARGET_PREPS and not _is_time(c):
            if pred_preps_only and c.lower_ == "of":
                continue
            yield from _pobjs(c)
    if pred_preps_only:
        return
    for c in noun.children:
        if _destination(noun, c) or _against(noun, c):
            yield c
        if c.dep_ == "acl":
            yield from (g for g in c.children if g.dep_ in ("dobj", "dative"))


def _against(noun: Tok, mod: Tok) -> bool:
    """'anti-French demonstrations', 'anti-US protests': the modifier is what the event is against."""
    if mod.dep_ not in ("amod", "compound", "nmod"):
        return False
    if mod.lower_ in ("anti", "-") and mod.i + 1 < len(mod.doc) and mod.nbor(1).head.i == noun.i:
        return True  # the split prefix itself: "anti", "-" of "anti-Indian"
    if mod.lower_.startswith(("anti-", "anti")) and mod.lower_ != "anti" and "-" in mod.lower_:
        return True
    prev = [t for t in noun.doc[max(mod.i - 2, 0) : mod.i]]
    return len(prev) == 2 and prev[0].lower_ == "anti" and prev[1].text == "-"


def _destination(noun: Tok, mod: Tok) -> bool:
    """'a Moscow visit', 'Russia sanctions': a place or country modifier is where the event goes."""
    if mod.dep_ != "compound" or mod.ent_type_ not in ("GPE", "LOC"):
        return False
    return lemma(noun) in WORDS["destination_nouns"]


def _meeting(noun: Tok) -> bool:
    """A talks-like noun naming no participants, not a subject: 'after the talks', 'a joint news conference'."""
    joint = any(c.lower_ in ("joint", "bilateral") for c in noun.children)
    return noun.dep_ not in ("nsubj", "nsubjpass") and (joint or lemma(noun) in MEETING_NOUNS)


def _between(noun: Tok) -> list[Tok]:
    """'a meeting (in the Lithuanian capital) between A, B and C' -> [A, B, C]."""
    queue = [noun]
    while queue:
        tok = queue.pop(0)
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("between", "among"):
                return [t for p in _pobjs(c) for t in (p, *p.conjuncts)]
            if c.dep_ in ("prep", "pobj"):
                queue.append(c)
    return []


def _wished_for(noun: Tok) -> bool:
    """'favour an early start to talks', 'a proponent of talks': the event is only wished for."""
    node = noun
    for _ in range(4):
        if node.head.i == node.i or node.dep_ not in ("dobj", "pobj", "prep", "compound"):
            return False
        node = node.head
        if lemma(node) in WORDS["wish_heads"]:
            return True
    return False


def _response_verb(noun: Tok) -> Tok | None:
    """The verb that rejects, accepts or answers this noun ('turned down an appeal from X')."""
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    elif noun.dep_ != "dobj":
        return None
    return head if _verbal(head) and lemma(head) in RESPONSE_VERBS else None


def _complement_objects(comp: Tok) -> Iterator[Tok]:
    """'agreed to send Sweden's application': the object of what the source agreed to do."""
    for c in comp.children:
        if c.dep_ in ("dobj", "dative"):
            yield c
        if c.dep_ == "prep" and c.lower_ in VERB_TARGET_PREPS:
            yield from _pobjs(c)


def _governing_verb(noun: Tok) -> Tok | None:
    """The verb whose object or prepositional phrase a noun is ("held talks", "after talks with X")."""
    head = noun
    for _ in range(4):
        if head.head.i == head.i or head.dep_ not in WORDS["noun_to_verb_deps"]:
            return None
        head = head.head
        if _verbal(head):
            return head
    return None


def _hostile_complement(verb: Tok) -> bool:
    for comp in _complements(verb):
        m = match_verb(comp)
        light = _light_noun(comp)
        trig = light[1].trig if light is not None else m.trig if m is not None else None
        if trig is not None and _quad(trig.cameo) in (3, 4):
            return True
    return False


def _complements(verb: Tok) -> list[Tok]:
    """Infinitival complements of a verb or of its adjective ('ready to work with X')."""
    out = [c for c in verb.children if c.dep_ == "xcomp"]
    for c in verb.children:
        if c.dep_ == "acomp":
            out += [g for g in c.children if g.dep_ == "xcomp"]
    return out + [g for c in out for g in c.conjuncts]


def _scare_quoted(tok: Tok) -> bool:
    """Inside a few words of quotation marks ('the so-called "China threat"') or after 'so-called'."""
    sent = tok.sent
    window = sent[max(tok.i - 3, sent.start) - sent.start : tok.i - sent.start]
    if any(t.lower_ in ("so-called", "called") and t.i < tok.i and t.nbor(-1).lower_ in ("so", "-")
           or t.lower_ == "so-called" for t in window if t.i > sent.start):
        return True
    left = [t for t in sent if t.i < tok.i and t.text in QUOTE_CHARS]
    right = [t for t in sent if t.i > tok.i and t.text in QUOTE_CHARS]
    if len(left) % 2 == 1 and right:
        return right[0].i - left[-1].i - 1 <= SCARE_QUOTE_MAX
    return False


def _quad(cameo: str) -> int | None:
    try:
        return cameo_for(cameo).quad
    except KeyError:
        return None
