"""Reported speech: who says an event, and the events made from what is said ('X said Y should ...')."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...kb.ontology import Trigger, derived_event
from ...model import ActorRef
from .clause import Clause, _content_clauses, _say_head, clause_context
from .drafts import CoderState, Draft
from .predicates import Pred
from .syntax import Tok, _unique, _within, lemma, subject_of
from .vocab import (
    BLAME_OBJECTS,
    BLAME_VERBS,
    DESCRIBE_VERBS,
    HOSTILE,
    NEGATIVE_WORDS,
    POSITIVE_WORDS,
    SAY_LEMMAS,
)

if TYPE_CHECKING:
    from ...model import Quote


class Speech(CoderState):
    """The reported-speech side of the coder."""

    def _in_speech(self, tok: Tok) -> bool:
        return self._quote_at(tok) is not None or _say_head(tok) is not None

    def _quote_at(self, tok: Tok) -> Quote | None:
        at = tok.idx
        best = None
        for q in self.quotes:
            if q.span[0] <= at < q.span[1] and (best is None or q.span[1] - q.span[0] < best.span[1] - best.span[0]):
                best = q
        return best

    def speaker(self, tok: Tok) -> ActorRef | None:
        say = _say_head(tok)
        if say is not None:
            subj, _ = subject_of(say)
            refs = self.resolver.np(subj)
            if len(refs) == 1:
                return refs[0]
        quote = self._quote_at(tok)
        return quote.speaker if quote is not None else None

    def _attribute(self, d: Draft) -> None:
        """Reported speech: events in it are 'reported'; the speaker's own country acts through him."""
        spk = self.speaker(d.pred.anchor)
        if spk is None:
            return
        d.speaker = spk
        if d.ctx.modality == "asserted":
            d.ctx.modality = "reported"
        elif d.ctx.modality == "hypothetical" and d.ctx.modals == {"would"}:
            d.ctx.modality = "future"  # reported speech shifts "will" back to "would"
        country = self.resolver.countries.get(spk.actor_id)
        if self.resolver.kinds.get(spk.actor_id) == "PERSON" and country:
            d.sources = _unique([spk if self.resolver.kinds.get(r.actor_id) == "COUNTRY" and
                                 self.resolver.countries.get(r.actor_id) == country else r for r in d.sources])

    def _speech_drafts(self, sent: Any, drafts: list[Draft]) -> list[Draft]:
        out: list[Draft] = []
        for verb in sent:
            if verb.pos_ != "VERB":
                continue
            lem = lemma(verb)
            if lem in DESCRIBE_VERBS:
                out += self._describe_draft(verb)
            if lem not in SAY_LEMMAS or not any(c.dep_ == "ccomp" for c in verb.children):
                continue
            subj, _ = subject_of(verb)
            speakers = self.resolver.np(subj)
            if len(speakers) == 1:
                for clause in _content_clauses(verb):
                    out += self._content_draft(verb, clause, speakers[0], drafts)
        return out

    def _content_draft(self, say: Tok, clause: Tok, speaker: ActorRef, drafts: list[Draft]) -> list[Draft]:
        """'X said Y should ...' -> X REQUEST Y; 'X said Y had attacked ...' -> X ACCUSE Y."""
        subj, passive = subject_of(clause)
        # "warned that it was failing": a bare "it" is seldom an actor (the lookup may still say so)
        # "claims he has been betrayed by the British authorities": the agent is the doer
        doers = [] if subj is None or subj.lower_ == "it" else \
            [r for r in self.resolver.np(subj) if not self._same_side(speaker, r)]
        ctx = clause_context(clause)
        pred = Pred(clause, Trigger((lemma(clause),), "verb", "", ""), clause, frozenset())
        if ctx.deontic:
            addressee = [r for c in say.children if c.dep_ in ("dobj", "dative") for r in self.resolver.np(c)]
            targets = doers or addressee
            if targets and not ctx.negated:
                return [Draft(pred, *derived_event("reported_request"), [speaker], targets, Clause(), 0.6, derived=True)]
            return []
        if not doers or ctx.negated or self.resolver.kinds.get(speaker.actor_id) != "PERSON":
            return []  # an official's claim accuses; "the military said X fired" reports
        hostile = any(d.type in HOSTILE and d.sources and set(d.sources) & set(doers)
                      and _within(d.pred.anchor, clause) for d in drafts)
        blamed = lemma(clause) in BLAME_VERBS or any(
            c.dep_ == "dobj" and lemma(c) in BLAME_OBJECTS for c in clause.children)
        if hostile or blamed:
            return [Draft(pred, *derived_event("reported_accusation"), [speaker], doers, Clause(), 0.6, derived=True)]
        return []

    def _describe_draft(self, verb: Tok) -> list[Draft]:
        """'X described Y's decision as a clear retreat' -> X ACCUSE Y; '... a success' -> SUPPORT."""
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is None:
            return []
        comp = [c for c in verb.children if c.dep_ in ("oprd", "ccomp", "xcomp")
                or (c.dep_ == "prep" and c.lower_ == "as")]
        words = {t.lower_ for c in comp for t in c.subtree} | {t.lower_ for t in obj.subtree if t.dep_ == "amod"}
        negative, positive = derived_event("described_negative"), derived_event("described_positive")
        described = negative if words & NEGATIVE_WORDS else positive if words & POSITIVE_WORDS else None
        if described is None:
            return []
        polarity, cameo = described
        subj, _ = subject_of(verb)
        sources = self.resolver.np(subj)
        targets = [r for r in self.resolver.np(obj, pronoun_poss=False) if r not in sources]
        if not targets:
            targets = self.resolver.search([obj], {r.actor_id for r in sources})
        pred = Pred(verb, Trigger((lemma(verb),), "verb", polarity, ""), verb, frozenset())
        ctx = clause_context(verb)
        if ctx.negated or not sources or (described == negative and not targets):
            return []
        return [Draft(pred, polarity, cameo, sources, targets, ctx, 0.6, derived=True)]

    def _same_side(self, speaker: ActorRef, ref: ActorRef) -> bool:
        """The speaker, or his own country ('Seoul's envoy said Seoul had ...'); not his rivals at home."""
        if ref.actor_id == speaker.actor_id:
            return True
        if self.resolver.kinds.get(ref.actor_id) != "COUNTRY":
            return False
        code = self.resolver.countries.get(speaker.actor_id)
        return code is not None and self.resolver.countries.get(ref.actor_id) == code
