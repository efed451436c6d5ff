"""Policy: the ordered rules that rewrite a draft, then whether it is an event to report."""

from __future__ import annotations

from collections.abc import Callable

from ...kb.ontology import derived_event
from ...model import ActorRef
from ..places import place_in_phrase, place_of
from .clause import _aux_words
from .drafts import CoderState, Draft
from .predicates import _quad
from .syntax import Tok, _each_other, _verbal, lemma, negated_here, subject_of
from .triggers import match_noun, match_verb, see_through
from .vocab import (
    AGENT_NOUNS,
    HOSTILE,
    INTRANSITIVE_TRIGGERS,
    KEEP_NEGATED,
    MARCH_TYPES,
    MEDIATION,
    NEEDS_GIVING_IN,
    NEEDS_TARGET_LEMMAS,
    ONE_SIDED_SUPPORT,
    ONE_SIDED_TYPES,
    PLACE_TARGET_TYPES,
    PRAISE,
    RECIPROCAL,
    REFUSAL_TYPES,
    SOURCELESS_TYPES,
    SYMMETRIC,
    THREAT_TYPES,
    VIOLENT,
    WORDS,
    YIELDING,
)


class Policy(CoderState):
    """Rules over drafts: refusals, threats, verbal attacks, place targets, what is kept."""

    def _shaped(self, d: Draft) -> bool:
        """Apply the rules of `REWRITES` in order, then the policy (one-sided, hypothetical and bare
        events); False when the draft is not an event to report."""
        for rule in REWRITES:
            rule(self, d)
        keep = self._keep(d) and not self._bare_warning(d)
        if keep and (d.type in SYMMETRIC and len(d.sources) >= 2 or d.targets):
            self._remember(d)
        return keep

    def _drop_own_country(self, d: Draft) -> None:
        """A person acting on his own country is not a target ('Zelensky called for the return of
        Ukrainian land')."""
        verbal_conflict = _quad(d.cameo) == 3 and not d.pred.nominal
        d.targets = [t for t in d.targets if not self._own_country(d.sources, t)
                     or self.resolver.institutional(d.pred.anchor, t)  # "urged the government to"
                     or verbal_conflict and self.resolver.in_object(d.pred.anchor, t)]  # "attacked UK policy"

    def _place_target(self, d: Draft) -> None:
        """'shelled the city of Kharkiv', 'hit a hospital in Kyiv': the country of the place."""
        if d.targets or d.type not in PLACE_TARGET_TYPES:
            return
        objects = [c for c in d.pred.anchor.children if c.dep_ == "dobj"]
        place = next((p for o in objects if (p := place_in_phrase(o, self.country_of)) is not None), None)
        place = place or place_of(d.pred.anchor, self.country_of, None)
        own = {self.resolver.countries.get(s.actor_id) for s in d.sources}
        ref = self.resolver.country_actor(place.country if place else None)
        if ref is not None and place is not None and place.country not in own:
            d.targets = [ref]

    def _one_marcher(self, d: Draft) -> bool:
        """'Maria Hutchings marching up to him': one person marching is walking, not protesting."""
        return d.type in MARCH_TYPES and lemma(d.pred.tok) in INTRANSITIVE_TRIGGERS and \
            all(self.resolver.kinds.get(s.actor_id) == "PERSON" for s in d.sources)

    def _figurative(self, d: Draft) -> bool:
        """A verb of attack with another sense, aimed at nobody and nothing said ("fought the illness",
        "hit its growth target", "struck a balance"; "hit back at critics", "attacked the plan" stay),
        or a guest who is not one ("hosted a dinner", "received $6bn in credits")."""
        anchor = d.pred.anchor
        if d.cameo == derived_event("verbal_attack")[1] and lemma(d.pred.tok) in WORDS["figurative_attack_verbs"]:
            aimed = [see_through(c) for c in anchor.children if c.dep_ in ("dobj", "nsubjpass")]
            aimed += [see_through(o) for c in anchor.children if c.dep_ == "prep" for o in c.children
                      if o.dep_ == "pobj"]
            retort = any(c.dep_ == "prt" or c.dep_ == "advmod" and c.lower_ in WORDS["retort_particles"]
                         for c in anchor.children)  # "hit back", "hit out at"
            return not d.targets and not retort and not any(lemma(o) in WORDS["verbal_objects"] for o in aimed)
        if d.pred.nominal or d.pred.trig.text not in WORDS["guest_verbs"]:
            return False
        guests = [see_through(c) for c in anchor.children if c.dep_ in ("dobj", "nsubjpass")]
        return any(self.lookup.at_token(g.i) is None and g.pos_ not in ("PROPN", "PRON")
                   and lemma(g) not in AGENT_NOUNS for g in guests)

    def _verbal_attack(self, d: Draft) -> None:
        """'Mbeki attacked British imperialists', 'Blair attacked Tory plans': a politician's or a
        party's attack is in words unless the sentence has a physical sense (weapons, casualties)."""
        kinds = self.resolver.kinds
        if d.type not in VIOLENT or lemma(d.pred.tok) not in WORDS["verbal_attack_verbs"] or not d.sources:
            return
        objects = [see_through(c) for c in d.pred.anchor.children if c.dep_ == "dobj"]
        verbal_object = any(lemma(o) in WORDS["verbal_objects"] for o in objects)  # "attacked X's policy"
        if not verbal_object and not all(kinds.get(s.actor_id) in ("PERSON", "ORG") for s in d.sources):
            return
        sent = d.pred.tok.sent
        if not verbal_object and any(t.lower_ in WORDS["physical_cues"] or lemma(t) in WORDS["physical_cues"]
                                     for t in sent if t.i != d.pred.tok.i):
            return
        d.type, d.cameo = derived_event("verbal_attack")

    def _bare_warning(self, d: Draft) -> bool:
        """'warned Italy that the plan could be illegal': advice, not a threat (no sanction named)."""
        if d.type not in THREAT_TYPES or d.pred.trig.text != "warn":
            return False
        for c in d.pred.anchor.children:
            if c.dep_ not in ("ccomp", "xcomp", "prep", "advcl"):
                continue
            if c.dep_ == "ccomp" and _aux_words(c) & WORDS["consequence_modals"]:
                return False  # "warned Seoul that sending arms would be a big mistake": what will follow
            for t in c.subtree:
                m = match_verb(t) if _verbal(t) else match_noun(t)
                if m is not None and m.trig.plover in HOSTILE | REFUSAL_TYPES or lemma(t) in WORDS["sanction_words"] \
                        or t.dep_ == "mark" and t.lower_ in ("unless", "if"):
                    return False
        return True

    def _conditional_threat(self, d: Draft) -> None:
        """'will vote against the bill unless ...', 'if we don't get X, we will veto it', and in what
        someone says, 'could impose sanctions if Moscow refused': a threat."""
        if d.ctx.negated or not (d.type in HOSTILE or d.type in REFUSAL_TYPES):
            return
        said_could = d.speaker is not None and d.ctx.modality == "hypothetical" and \
            bool(_aux_words(d.pred.anchor) & WORDS["threat_modals"])
        if d.ctx.modality != "future" and not said_could:
            return
        for c in _conditions(d.pred.anchor):
            if _mark(c) == "unless" or _mark(c) == "if" and _refused(c):
                d.type, d.cameo = derived_event("conditional_threat")
                d.ctx.modality = "reported" if d.speaker is not None else "asserted"
                return

    def _condition_target(self, d: Draft) -> None:
        """'warned that Moscow would press its offensive unless Ukraine withdrew': whoever must meet
        the condition is the one threatened, when nobody else is."""
        if d.type not in THREAT_TYPES or d.targets:
            return
        content = [d.pred.anchor] + [c for c in d.pred.anchor.children if c.dep_ in ("ccomp", "xcomp")
                                     and self._by_own_side(d, c)]
        exclude = frozenset(s.actor_id for s in d.sources)
        for clause in (c for v in content for c in _conditions(v) if _mark(c) in ("unless", "if")):
            subj, _ = subject_of(clause)
            refs = [r for r in self.resolver.np(subj, exclude=exclude) if r.actor_id not in exclude
                    and not self._own_country(d.sources, r)] if subj is not None else []
            if refs:
                d.targets = refs
                return

    def _by_own_side(self, d: Draft, clause: Tok) -> bool:
        """Whether what a warning says will happen is done by the warner's side ('Moscow would press
        its offensive', 'we will respond'), not by the world ('prices could rise')."""
        subj, _ = subject_of(clause)
        if subj is None:
            return clause.dep_ == "xcomp"
        if subj.lower_ in WORDS["speaker_pronouns"]:
            return True
        own = {self.resolver.countries.get(s.actor_id) for s in d.sources} - {None}
        refs = self.resolver.np(subj)
        return bool(refs) and all(r in d.sources or self.resolver.countries.get(r.actor_id) in own for r in refs)

    def _refusal(self, d: Draft) -> None:
        """'will not cease fire', 'would not return until ...': a refusal to yield (REJECT)."""
        if d.ctx.negated and d.type in YIELDING and \
                d.ctx.modality in ("future", "hypothetical"):  # "cannot support the plan"
            d.type, d.cameo = derived_event("refusal_of_support" if d.type in PRAISE else "refusal_to_yield")
            d.ctx.negated = False
            d.ctx.modality = "reported" if d.speaker is not None else "asserted"

    def _own_country(self, sources: list[ActorRef], target: ActorRef) -> bool:
        """A person acting on his own country ('Zelensky called for the return of Ukrainian land')."""
        if self.resolver.kinds.get(target.actor_id) != "COUNTRY":
            return False
        code = self.resolver.countries.get(target.actor_id)
        return any(self.resolver.countries.get(s.actor_id) == code and s.actor_id != target.actor_id
                   for s in sources)

    def _remember(self, d: Draft) -> None:
        if d.ctx.negated or d.pred.nominal or d.ctx.blocked:
            return
        coop = _quad(d.cameo) in (1, 2)
        self.memory.note(d.sources + d.targets, coop)

    def _keep(self, d: Draft) -> bool:
        reciprocal = d.pred.trig.text in RECIPROCAL or _each_other(d.pred.anchor)
        if reciprocal and len(d.sources) >= 2 and not d.ctx.negated:
            return d.ctx.modality not in ("hypothetical", "conditional")
        # What would, could or might happen, or only if, is not reported: the text does not say it
        # happened or will (and such events are where a negated spec is most often matched). What
        # did not happen is reported only when KEEP_NEGATED says so.
        if d.ctx.modality in ("hypothetical", "conditional") or self._one_marcher(d) or self._figurative(d):
            return False
        if not d.sources:
            return bool(d.targets) and d.pred.nominal and d.type in SOURCELESS_TYPES and not d.ctx.negated
        if d.ctx.negated and not (KEEP_NEGATED and d.targets):
            return False
        if d.targets:
            return True
        alone = d.pred.trig.text in WORDS["one_sided_triggers"]  # "cancelled its debts", "gave way"
        if d.ctx.negated or d.pred.nominal or (d.type not in ONE_SIDED_TYPES and not alone):
            return d.type in SYMMETRIC and len(d.sources) >= 2 and d.cameo not in MEDIATION
        if d.type in PRAISE and lemma(d.pred.tok) not in ONE_SIDED_SUPPORT:
            return False
        if d.type in NEEDS_GIVING_IN and d.pred.trig.text not in WORDS["one_sided_triggers"] \
                and d.cameo != derived_event("conditional_threat")[1]:  # "gave way", "backed down"; a conditional threat
            return False
        if lemma(d.pred.tok) in NEEDS_TARGET_LEMMAS:
            return False
        return d.pred.anchor.dep_ not in ("relcl", "acl")


def _conditions(verb: Tok) -> list[Tok]:
    return [c for c in verb.children if c.dep_ == "advcl"]


def _mark(clause: Tok) -> str:
    return next((m.lower_ for m in clause.children if m.dep_ == "mark"), "")


def _refused(clause: Tok) -> bool:
    """'if Iran does not comply', 'if Moscow refused', 'if they fail to': a condition of not doing."""
    if negated_here(clause) or lemma(clause) in WORDS["negating_governors"]:
        return True
    m = match_verb(clause)
    return m is not None and m.trig.plover in REFUSAL_TYPES


# The rules that rewrite a draft, in the order they apply: a refusal to yield and a conditional
# threat change the type before a verbal attack is told from a physical one; targets are settled last.
REWRITES: tuple[Callable[[Policy, Draft], None], ...] = (
    Policy._refusal,
    Policy._conditional_threat,
    Policy._verbal_attack,
    Policy._drop_own_country,
    Policy._condition_target,
    Policy._place_target,
)
