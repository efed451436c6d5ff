"""Clause context: negation and modality of a predicate from its clause and the verbs governing it."""

from __future__ import annotations

from dataclasses import dataclass

from .syntax import Tok, _aux_words, _verbal, lemma, negated_here
from .vocab import (
    ALLEGE_GOVERNORS,
    BLOCKING_GOVERNORS,
    FUTURE_GOVERNORS,
    HYPOTHETICAL_GOVERNORS,
    INTENT_GOVERNORS,
    MODAL_DEONTIC,
    MODAL_FUTURE,
    MODAL_HYPOTHETICAL,
    NEGATING_GOVERNORS,
    REQUEST_CONTROL,
    REQUEST_THAT,
    SAY_LEMMAS,
    WORDS,
)


@dataclass
class Clause:
    negated: bool = False
    modality: str = "asserted"
    blocked: bool = False  # urged, threatened or refused to do: not coded
    deontic: bool = False
    intent: bool = False  # agreed, promised or decided to do
    modals: frozenset[str] = frozenset()  # the modal auxiliaries seen on the way up


def clause_context(anchor: Tok) -> Clause:
    """Negation and modality of a predicate from its own clause and the verbs governing it."""
    ctx = Clause(negated=negated_here(anchor), modality=_own_modality(anchor), modals=_modals(anchor))
    ctx.deontic = deontic(anchor)
    node = anchor
    for _ in range(5):
        head = _governor(node)
        if head is None:
            break
        own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children)
        if node.dep_ in ("xcomp", "ccomp", "pcomp"):
            _governed_by(ctx, node, head)
        if node.dep_ in ("xcomp", "pcomp") or (node.dep_ == "conj" and not own_subject):
            ctx.negated = ctx.negated or negated_here(head)
            if ctx.modality == "asserted":
                ctx.modality = _own_modality(head)
                ctx.modals |= _modals(head)
        node = head
    return ctx


def _modals(verb: Tok) -> frozenset[str]:
    return frozenset(_aux_words(verb) & (MODAL_FUTURE | MODAL_HYPOTHETICAL))


def _governor(tok: Tok) -> Tok | None:
    """The verb (or adjective: 'ready to') whose complement or conjunct `tok` is."""
    if tok.head.i == tok.i or tok.dep_ not in WORDS["governed_deps"]:
        return None
    head = tok.head
    for _ in range(3):  # "stopped short of condemning": pcomp -> of -> short -> stopped
        if _verbal(head) or head.pos_ == "ADJ" and head.dep_ in ("acomp", "ROOT", "xcomp"):
            return head
        if head.head.i == head.i:
            return None
        head = head.head
    return None


def _governed_by(ctx: Clause, node: Tok, head: Tok) -> None:
    """What the governing verb makes of its complement: a request, a refusal, a plan, a promise..."""
    hl = lemma(head)
    that_clause = node.dep_ == "ccomp"
    infinitive = any(a.lower_ == "to" and a.dep_ == "aux" for a in node.children)
    requested = (hl in REQUEST_CONTROL and infinitive) or (hl in REQUEST_THAT and that_clause) or (
        hl == "call" and any(c.lower_ in ("on", "for", "upon") for c in head.children))
    if requested or hl in BLOCKING_GOVERNORS:
        ctx.blocked = True
    elif hl in NEGATING_GOVERNORS and not that_clause:
        ctx.negated = True
    elif hl in HYPOTHETICAL_GOVERNORS:
        ctx.modality = "hypothetical" if ctx.modality in ("asserted", "reported") else ctx.modality
        ctx.modals |= {hl}
    elif hl in FUTURE_GOVERNORS or hl in INTENT_GOVERNORS:
        ctx.intent = hl in INTENT_GOVERNORS
        ctx.modality = "future" if ctx.modality in ("asserted", "reported") else ctx.modality
    elif (hl in SAY_LEMMAS and that_clause or hl in ALLEGE_GOVERNORS) and ctx.modality == "asserted":
        ctx.modality = "reported"


def _own_modality(verb: Tok) -> str:
    auxes = _aux_words(verb)
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children):
        return "conditional"
    if auxes & MODAL_FUTURE or (verb.dep_ == "xcomp" and verb.head.lower_ == "going"):
        return "future"
    if auxes & MODAL_HYPOTHETICAL:
        return "hypothetical"
    return "asserted"


def deontic(verb: Tok) -> bool:
    """'should go', 'must stop', 'has to leave': an obligation. 'must be wondering', 'must have known'
    are a guess about what is (epistemic), not an obligation."""
    auxes = _aux_words(verb)
    guess = (verb.tag_ == "VBG" and "be" in auxes) or (verb.tag_ == "VBN" and "have" in auxes)
    return bool(auxes & MODAL_DEONTIC) and not guess or _have_to(verb)


def _have_to(verb: Tok) -> bool:
    return verb.dep_ == "xcomp" and lemma(verb.head) in ("have", "need") and any(
        a.lower_ == "to" for a in verb.children)


def _purpose_infinitive(verb: Tok) -> bool:
    """'a request to supply ammunition', 'the first chancellor to visit Brazil': not an event."""
    if not any(a.lower_ == "to" and a.dep_ == "aux" for a in verb.children):
        return False
    if verb.dep_ in ("acl", "relcl"):
        return True
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subj is not None and any(c.ent_type_ == "ORDINAL" or c.lower_ in ("only", "last") for c in subj.children)


def _reported_conjunct(verb: Tok) -> bool:
    return verb.dep_ == "conj" and verb.head.dep_ == "ccomp" and lemma(verb.head.head) in SAY_LEMMAS


def _say_head(tok: Tok) -> Tok | None:
    """The speech verb whose content clause holds `tok`, if any."""
    node = tok
    for _ in range(6):
        if node.head.i == node.i:
            return None
        if node.dep_ in ("ccomp", "parataxis") and lemma(node.head) in SAY_LEMMAS:
            return node.head
        if node.dep_ not in WORDS["speech_path_deps"]:
            return None
        node = node.head
    return None


def _content_clauses(say: Tok) -> list[Tok]:
    """The verbs of what a speech verb reports, through "believed that" and coordinated clauses."""
    out: list[Tok] = []
    todo = [c for c in say.children if c.dep_ == "ccomp"]
    while todo:
        c = todo.pop()
        if lemma(c) in SAY_LEMMAS:
            todo += [g for g in c.children if g.dep_ == "ccomp"]
            continue
        out += [c] + [g for g in c.conjuncts if _verbal(g)]
    return out
