"""Roles: the source and target actors of a predicate, and the draft event they make."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import ActorRef
from ..places import place_of
from .clause import Clause, _purpose_infinitive, _reported_conjunct, _say_head, clause_context
from .drafts import Draft
from .predicates import (
    Pred,
    _against,
    _between,
    _complement_objects,
    _complements,
    _destination,
    _governing_verb,
    _hostile_complement,
    _meeting,
    _noun_target_candidates,
    _quad,
    _response_verb,
    _scare_quoted,
    _wished_for,
)
from .resolver import _phrase_place, by_owners
from .speech import Speech
from .syntax import Tok, _is_time, _pobjs, _unique, _verbal, lemma, passive_patient, subject_of
from .triggers import see_through
from .vocab import (
    APPEAL,
    COMMITMENT,
    DEEP_TARGET_TYPES,
    HELP_VERBS,
    LOCAL_SOURCE_TYPES,
    MATERIAL_QUADS,
    NO_CONTENT_TARGET,
    SOURCELESS_TYPES,
    SYMMETRIC,
    THREAT_TYPES,
    VERB_TARGET_PREPS,
)


class Roles(Speech):
    """Sources, targets and drafts of predicates."""

    def sources(self, pred: Pred, coop: bool) -> tuple[list[ActorRef], bool]:
        """(source actors, passive?) of a predicate."""
        if pred.nominal:
            return self._noun_sources(pred.tok, coop), False
        if pred.anchor is not pred.tok:  # light verb: the noun's own possessor speaks first
            own = [r for c in pred.tok.children if c.dep_ == "poss" for r in self.resolver.np(c)]
            if own:
                return own, False
        subj, passive = subject_of(pred.anchor)
        found = self._speaker_pronoun(subj, pred.anchor) or self.resolver.np(subj, coop)
        if not found and pred.trig.plover in APPEAL and _reported_conjunct(pred.anchor):
            # "Borrell said that the law ran counter to ... and urged the authorities to ...": the
            # parser joins the appeal to the reported clause; it is the speaker's.
            subj, passive = subject_of(pred.anchor.head.head)
            found = self.resolver.np(subj, coop)
        if not found and pred.trig.plover in LOCAL_SOURCE_TYPES and subj is not None:
            # "Police in Dhaka arrested ...", "protesters rallied in Nairobi": where they are
            place = _phrase_place(subj, self.country_of) or place_of(pred.anchor, self.country_of)
            found = self.resolver.generic(subj, place.country if place else None)
        return found, passive

    def _speaker_pronoun(self, subj: Tok | None, anchor: Tok) -> list[ActorRef]:
        """'Seoul said it would suspend the agreement': 'it' in what a speaker says is the speaker."""
        if subj is None or subj.lower_ not in ("it", "he", "she"):
            return []
        say = _say_head(anchor)
        if say is None:
            return []
        speaker, _ = subject_of(say)
        refs = self.resolver.np(speaker) if speaker is not None and speaker.i != subj.i else []
        return refs if len(refs) == 1 else []

    def _noun_sources(self, noun: Tok, coop: bool) -> list[ActorRef]:
        found: list[ActorRef] = []
        for c in noun.children:
            if _against(noun, c):
                continue
            if c.dep_ == "poss" or (c.dep_ in ("amod", "compound", "nmod") and not _destination(noun, c)):
                found += self.resolver.np(c, coop)
            if c.dep_ == "prep" and c.lower_ in ("by", "from"):
                for p in _pobjs(c):
                    found += self.resolver.np(p, coop)
        return _unique(found)

    def targets(self, pred: Pred, passive: bool, sources: list[ActorRef]) -> list[ActorRef]:
        exclude = {r.actor_id for r in sources}
        group = pred.trig.plover in SYMMETRIC and len(sources) >= 2  # "A and B agreed to ...": no target
        # "asked the Queen to dissolve Parliament": who is asked is the object, not what it is asked
        addressed = pred.trig.plover in APPEAL and any(c.dep_ in ("dobj", "dative") for c in pred.anchor.children)
        direct = group or addressed or lemma(pred.anchor) in HELP_VERBS
        for cand in self._target_candidates(pred, passive, direct_only=direct):
            got = [r for r in self.resolver.np(cand, pronoun_poss=False, via_from=False, exclude=frozenset(exclude))
                   if r.actor_id not in exclude]
            got = got or self.resolver.generic(cand, None)
            if not got and _against(cand.head, cand):  # "anti-French": the adjective's country
                ref = self.resolver.country_actor(self.country_of(cand.text))
                got = [ref] if ref is not None and ref.actor_id not in exclude else []
            if got:
                return got
        if pred.trig.plover in DEEP_TARGET_TYPES and not pred.nominal and not direct:
            return self.resolver.search(self._deep_roots(pred), exclude)
        return []

    def _deep_roots(self, pred: Pred) -> list[Tok]:
        """Where a target may hide: the object, the content clause, prepositional phrases (not "by"
        means, nor what a threat warns against doing)."""
        roots = [c for c in pred.anchor.children if c.dep_ in ("dobj", "ccomp", "prep", "xcomp", "attr")
                 and c.lower_ != "by"]
        if pred.trig.plover in THREAT_TYPES:  # "warned that any Israeli action ..."; not "warned of", "against"
            roots = [c for c in roots if c.dep_ == "ccomp"]
        elif pred.trig.plover in NO_CONTENT_TARGET:  # "denied that Russian troops had crossed ..."
            roots = [c for c in roots if c.dep_ != "ccomp"]
        if pred.anchor is not pred.tok:
            roots = [c for c in pred.tok.children if c.dep_ in ("prep", "acl")] + roots
        return roots

    def _target_candidates(self, pred: Pred, passive: bool, direct_only: bool = False) -> Iterator[Tok]:
        if pred.nominal:
            yield from _noun_target_candidates(pred.tok)
            return
        verb = pred.anchor
        if pred.anchor is not pred.tok:
            yield from _noun_target_candidates(pred.tok)
        if passive:
            patient = passive_patient(verb)
            if patient is not None:
                yield patient
        objs = [c for c in verb.children if c.dep_ in ("dative", "dobj", "oprd")]
        if verb.dep_ == "amod" and any(c.dep_ == "nsubj" for c in verb.children):
            # "Sisi hosted Kenyan President William Ruto": the parser made the verb a modifier
            head = verb.head
            while head.dep_ == "compound" and head.head.i != head.i:
                head = head.head
            yield head
        for o in sorted(objs, key=lambda c: c.dep_ != "dative"):
            if o.i not in pred.used and see_through(o).i != pred.tok.i:
                yield o
                yield from by_owners(verb, [o])  # "attacked the decision by the court": as "the court's decision"
            elif o.i in pred.used:  # "summoned Russia's ambassador": the trigger's own object names it
                yield from (c for c in o.children if c.dep_ in ("poss", "amod", "compound"))
            yield from _noun_target_candidates(see_through(o), pred_preps_only=True)
            if see_through(o).i != o.i:  # "signed a debt relief deal with Tanzania"
                yield from _noun_target_candidates(o, pred_preps_only=True)
        for c in verb.children:
            in_phrase = c.i in pred.used  # "fired missiles at Israel": the phrase's own preposition
            if c.dep_ in ("prep", "agent") and (c.lower_ in VERB_TARGET_PREPS or in_phrase) and not _is_time(c):
                yield from (p for p in _pobjs(c) if p.i not in pred.used)
        if verb.pos_ == "ADJ" and verb.dep_ == "acomp":
            yield from (p for c in verb.children if c.dep_ == "prep" for p in _pobjs(c))
        if not direct_only:
            for comp in _complements(verb):
                yield from _complement_objects(comp)

    # predicates -> drafts

    def draft(self, pred: Pred) -> Draft | None:
        trig = pred.trig
        ctx = clause_context(pred.anchor)
        if pred.nominal:
            ctx = self._noun_context(pred.tok, ctx)
        if ctx.blocked or (ctx.deontic and self._in_speech(pred.anchor)) or _purpose_infinitive(pred.anchor):
            return None
        if trig.plover in COMMITMENT and _hostile_complement(pred.anchor):
            return None  # "agreed to widen sanctions": the sanction is the event
        coop = _quad(trig.cameo) in (1, 2)
        sources, passive = self.sources(pred, coop)
        targets = self.targets(pred, passive, sources)
        if pred.nominal:
            return self._nominal_draft(pred, ctx, sources, targets, coop)
        conf = 0.6 + 0.2 * bool(sources) + 0.2 * bool(targets)
        return Draft(pred, trig.plover, trig.cameo, sources, targets, ctx, conf)

    def _noun_context(self, noun: Tok, ctx: Clause) -> Clause:
        """An event noun takes the negation and modality of the verb whose object or phrase it is."""
        if any(c.lower_ == "no" and c.dep_ == "det" for c in noun.children):
            ctx.negated = True
        if _wished_for(noun):
            ctx.blocked = True
        verb = _governing_verb(noun)
        if verb is not None:
            outer = clause_context(verb)
            ctx.negated = ctx.negated or outer.negated
            ctx.blocked = ctx.blocked or outer.blocked or _purpose_infinitive(verb)
            ctx.modality, ctx.modals = outer.modality, outer.modals
        return ctx

    def _nominal_draft(self, pred: Pred, ctx: Clause, sources: list[ActorRef], targets: list[ActorRef],
                       coop: bool) -> Draft | None:
        noun, plover = pred.tok, pred.trig.plover
        if _scare_quoted(noun):
            return None
        governed = noun.dep_ in ("dobj", "nsubjpass") and _verbal(noun.head)  # "review its cooperation"
        responder = _response_verb(noun)
        if plover in APPEAL and responder is not None and sources:
            subj, _ = subject_of(responder)
            targets = [r for r in self.resolver.np(subj) if r not in sources] or targets
        elif plover in SYMMETRIC:
            between = _between(noun)
            if between:
                sources, targets = _unique(r for t in between for r in self.resolver.np(t)), []
            elif governed:
                return None
            elif not sources:
                sources = self._clause_subjects(noun, coop)
            if len(sources) == 1 and not targets and _meeting(noun):
                # "After talks in the Kremlin, Putin said": the talks of the pair the story is about
                group = self.memory.group(True, False, self.resolver.kinds)
                targets = [r for r in group if r != sources[0]] if sources[0] in group else []
            if not targets and len(sources) < 2:
                return None
        elif not sources and not governed and plover in SOURCELESS_TYPES:
            pass  # "anti-French demonstrations", "a suicide bombing in Tel Aviv": who did it is unnamed
        elif governed or not (sources and targets and _quad(pred.trig.cameo) in MATERIAL_QUADS):
            return None
        return Draft(pred, plover, pred.trig.cameo, sources, targets, ctx, 0.6)

    def _clause_subjects(self, noun: Tok, coop: bool) -> list[ActorRef]:
        """'In a phone call with Xi, Biden said': the subject of the clause the noun's phrase modifies."""
        verb = _governing_verb(noun)
        if verb is None:
            return []
        subj, _ = subject_of(verb)
        return self.resolver.np(subj, coop)
