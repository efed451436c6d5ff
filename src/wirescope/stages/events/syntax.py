"""Dependency-parse helpers: lemmas, prepositional objects, subjects, passives, negation."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...model import ActorRef
from .vocab import LEMMA_FIXES, NEGATORS, TIME_NOUNS, WORDS

Tok = Any  # a spaCy Token (kept loose: spaCy ships no type stubs)


def lemma(tok: Tok) -> str:
    fixed = LEMMA_FIXES.get(tok.lower_)
    if fixed is None and tok.lower_ in WORDS["split_prefixes"] and tok.i + 2 < len(tok.doc) \
            and tok.nbor(1).text == "-":  # "co-ordinate", "re-impose": the tokenizer splits the verb
        fixed = tok.lower_ + tok.nbor(2).lemma_.lower()
    return fixed or tok.lemma_.lower()


def _pobjs(prep: Tok) -> list[Tok]:
    return [g for g in prep.children if g.dep_ in ("pobj", "pcomp")]


def _is_time(prep: Tok) -> bool:
    """A prepositional phrase that is a time expression ("on Friday", "in July")."""
    return any(g.ent_type_ in ("DATE", "TIME") for g in _pobjs(prep))


def _verbal(tok: Tok) -> bool:
    return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")


def _climb(tok: Tok) -> Tok | None:
    """The verb a non-finite or coordinated clause hangs on (for inherited subjects and context)."""
    if tok.head.i == tok.i:
        return None
    if tok.dep_ in ("xcomp", "conj", "advcl", "acomp") and _verbal(tok.head) or tok.head.pos_ == "ADJ":
        return tok.head
    if tok.dep_ == "pcomp" and tok.head.head.i != tok.head.i:
        return tok.head.head
    return None


def subject_of(verb: Tok) -> tuple[Tok | None, bool]:
    """(subject token, passive?) of a verb: nsubj, else the agent of a passive, else inherited."""
    if _headline_passive(verb):
        return None, True
    if any(c.dep_ == "auxpass" for c in verb.children) and not any(c.dep_ == "nsubjpass" for c in verb.children):
        # "X and Y are to be offered chances": a passive complement, its inherited subject the patient
        agent = next((g for a in verb.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"), None)
        return agent, True
    node, via = verb, ""
    for _ in range(5):
        # The subject nearest the verb: a dateline ("MOSCOW — Xi and Putin signed") can be a second one.
        for c in sorted(node.children, key=lambda c: abs(node.i - c.i)):
            if c.dep_ in ("nsubj", "csubj"):
                if c.tag_ in ("WDT", "WP") and node.dep_ == "relcl":
                    return node.head, False
                return c, False
            if c.dep_ == "nsubjpass" and via == "xcomp":  # "Biden is set to meet Xi": Biden meets
                return c, False
            if c.dep_ == "nsubjpass":
                agent = next((g for a in node.children if a.dep_ == "agent" for g in a.children
                              if g.dep_ == "pobj"), None)
                return agent, True
        if node.dep_ == "acl" and node.tag_ == "VBG":
            return node.head, False
        controller = _of_controller(node)
        if controller is not None:
            return controller, False
        if node.dep_ in ("acl", "advcl") and node.tag_ == "VBN" and not _aux_words(node):
            # "an air strike, widely blamed on Israel": a passive participle, its subject is no agent
            agent = next((g for a in node.children if a.dep_ == "agent" for g in a.children
                          if g.dep_ == "pobj"), None)
            return agent, True
        nxt = _climb(node)
        if nxt is None:
            return None, False
        node, via = nxt, node.dep_
    return None, False


def _of_controller(verb: Tok) -> Tok | None:
    """'accused Pyongyang of shipping shells': the object of the governing verb does the gerund
    ("Cherie accused of attacking Bush": the headline's subject)."""
    if verb.dep_ != "pcomp" or verb.head.lower_ not in ("of", "for") or verb.head.head.i == verb.head.i:
        return None
    gov = verb.head.head
    if not _verbal(gov):
        return None
    if _headline_passive(gov):
        return next((c for c in gov.children if c.dep_ == "nsubj"), None)
    # "Israel has been accused by the UN of blocking aid": the passive subject, not the agent
    return next((c for c in gov.children if c.dep_ == "nsubjpass"), None) or \
        next((c for c in gov.children if c.dep_ == "dobj"), None)


def _headline_passive(verb: Tok) -> bool:
    """'Cherie accused of attacking Bush', 'BNP leader Nick Griffin arrested': a reduced passive."""
    if any(c.dep_ in ("dobj", "auxpass", "nsubjpass", "aux") for c in verb.children):
        return False
    if not any(c.dep_ == "nsubj" for c in verb.children):
        return False
    accusing = lemma(verb) in WORDS["accusing_verbs"] and \
        any(c.dep_ == "prep" and c.lower_ in ("of", "for", "over") for c in verb.children)
    return accusing or verb.tag_ == "VBN"


def passive_patient(verb: Tok) -> Tok | None:
    """What a passive verb did something to: its nsubjpass, or the noun a participle modifies."""
    for c in verb.children:
        if c.dep_ == "nsubjpass" or c.dep_ == "nsubj" and _headline_passive(verb):
            return c
    if any(c.dep_ == "auxpass" for c in verb.children) and verb.dep_ == "xcomp":
        return next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return verb.head
    return None


def _aux_words(verb: Tok) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}


def negated_here(tok: Tok) -> bool:
    """A negation on this word: not/n't/never, 'no' on its object, or a 'without' phrase above it."""
    for c in tok.children:
        if c.dep_ == "neg" or (c.lower_ in NEGATORS and c.dep_ in ("advmod", "det")):
            return True
        if c.dep_ in ("dobj", "attr") and any(g.lower_ == "no" and g.dep_ == "det" for g in c.children):
            return True
    return tok.dep_ == "pcomp" and tok.head.lower_ == "without"


def _each_other(verb: Tok) -> bool:
    """'blamed each other', 'accused one another'."""
    return any(c.dep_ in ("dobj", "pobj", "dative") and c.lower_ in ("other", "another")
               and any(g.lower_ in ("each", "one") for g in c.children) for c in verb.subtree
               if c.head.i == verb.i or c.head.head.i == verb.i)


def _plural_antecedent(pronoun: Tok) -> Tok | None:
    """The nearest plural noun phrase before 'they'/'them' in its sentence, if any."""
    sent = pronoun.sent
    for tok in reversed(sent.doc[sent.start : pronoun.i]):
        if tok.tag_ in ("NNS", "NNPS") and tok.dep_ not in ("compound", "poss") and lemma(tok) not in TIME_NOUNS:
            return tok
        if tok.conjuncts and tok.dep_ in ("nsubj", "dobj", "pobj", "nsubjpass") and tok.i < pronoun.i:
            return tok
    return None


def _unique(refs: Iterable[ActorRef]) -> list[ActorRef]:
    seen: dict[str, ActorRef] = {}
    for r in refs:
        seen.setdefault(r.actor_id, r)
    return list(seen.values())


def _main_clause(tok: Tok) -> bool:
    """The sentence's main verb, a verb coordinated with it or a complement of it."""
    node = tok
    for _ in range(4):
        if node.dep_ == "ROOT":
            return True
        if node.dep_ not in ("conj", "xcomp", "ccomp"):
            return False
        node = node.head
    return False


def _dateline_tokens(sent: Any, dateline: str | None) -> set[int]:
    """Tokens of a dateline opening the sentence ("SOCHI, Russia —", "SEOUL (CWS) -")."""
    if not dateline or not sent.text.lstrip().startswith(dateline):
        return set()
    for tok in sent[:12]:
        if tok.text in ("—", "–", "-", "--") and tok.idx - sent.start_char >= len(dateline):
            return set(range(sent.start, tok.i + 1))
    return set()


def _within(tok: Tok, clause: Tok) -> bool:
    node = tok
    for _ in range(8):
        if node.i == clause.i:
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False
