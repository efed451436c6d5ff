"""Event coding over the dependency parse: trigger lexicon -> (source, PLOVER type, target).

Per sentence (the modules of this package, in order):
1. Predicates. A verb whose lemma, alone or with its particle, preposition, object or complement,
   is in the lexicon ("turn down", "impose sanction on", "fire at"). An event noun carried by a light
   verb ("imposed sanctions", "held talks", "adopted a package of sanctions") is coded as that noun
   with the verb's subject, negation and modality. Other event nouns count only when their phrase
   names the other side ("Moscow's invasion of Ukraine", "talks with Lavrov", "a meeting between A,
   B and C").
2. Roles. The subject (the agent of a passive, the noun a relative or participle clause hangs on,
   the subject inherited through complements and conjunctions) is the source; the object or
   prepositional object the target. Noun phrases resolve to actors through the actors stage's
   lookup, expanding conjunctions, appositions, possessors and "warships from A, B and C"; "they" and
   "the two sides" take the last group of actors seen acting together.
3. Context. Negation and modality come from the clause; what someone is urged, threatened or refuses
   to do is not an event; what someone agrees or promises to do is a future one. Reported speech
   marks its events "reported", and a hostile reported event makes the speaker ACCUSE its doer
   ("X said Russia had attacked its neighbour"), a "should"/"must" a REQUEST.
4. Policy. Every event needs a source actor. An event without a target is kept only for types whose
   target is often not an actor (a demand, an accusation, a refusal, a protest, praise). Duplicates
   within a sentence are merged, and multi-party symmetric events are expanded pairwise.

Modules: `triggers` (lexicon matching), `syntax` (parse helpers), `clause` (negation, modality),
`resolver` (noun phrase -> actors), `predicates`, `roles` (sources, targets, drafts), `speech` (reported
speech), `rules` (the ordered policy), `drafts` (pairs, merging). Word lists, type flags and derived codes
are data (`vocab`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ...kb.ontology import cameo_for
from ...model import Event
from ...registry import stage
from ..dates import date_of
from ..places import place_of
from .domain import non_political_domain
from .drafts import Draft, _dedupe, _merge, _pairs
from .predicates import predicates
from .roles import Roles
from .rules import Policy
from .syntax import Tok, _dateline_tokens, _main_clause
from .vocab import PLURAL_PRONOUNS

if TYPE_CHECKING:
    from ...model import Document
    from ...pipeline import Context


class SentenceCoder(Roles, Policy):
    """Codes the sentences of one document, keeping the memory of groups across sentences."""

    def code(self, sent: Any, index: int, dateline: str | None) -> list[Event]:
        self.resolver.skip = _dateline_tokens(sent, self.doc.article.dateline if self.doc.article else None)
        raw = []
        groups = [t for t in sent if t.dep_ in ("nsubj", "nsubjpass") and t.lower_ not in PLURAL_PRONOUNS
                  and t.conjuncts]
        for pred in predicates(sent):
            groups = self._note_groups(groups, pred.tok.i)
            d = self.draft(pred)
            if d is not None:
                raw.append(d)
        self._note_groups(groups, sent.end)
        for d in raw:
            self._attribute(d)
        kept = [d for d in raw if self._shaped(d)]
        kept += self._speech_drafts(sent, raw)
        kept = _merge(kept, self.resolver.kinds)
        events = [e for d in kept for e in self._events(d, sent, index, dateline)]
        return _dedupe(events)

    def _note_groups(self, subjects: list[Tok], before: int) -> list[Tok]:
        """Coordinated subjects ("China and Russia are ...") are what a later "both" or "they" means:
        note those before token `before`, in text order; return the ones left."""
        for tok in subjects:
            if tok.i < before:
                self.memory.note(self.resolver.np(tok), True)
        return [t for t in subjects if t.i >= before]

    def _participant(self, d: Draft) -> Any:
        ids = {r.actor_id for r in d.sources + d.targets}

        def avoid(tok: Tok) -> bool:
            ref = self.lookup.at_token(tok.i)
            return ref is not None and (ref.actor_id in ids or self.resolver.kinds.get(ref.actor_id) == "PERSON")
        return avoid

    def _events(self, d: Draft, sent: Any, index: int, dateline: str | None) -> Iterator[Event]:
        code = cameo_for(d.cameo)
        anchor = d.pred.tok if d.pred.nominal else d.pred.anchor
        when = date_of(anchor, self.doc.article.published if self.doc.article else None,
                       future=d.ctx.modality == "future")
        # The dateline is where the story's main events happened, not those of its side clauses.
        main = _main_clause(anchor)
        where = place_of(anchor, self.country_of, dateline if main else None, self._participant(d))
        for s, t in _pairs(d):
            yield Event(type=d.type, cameo=code.code, goldstein=code.goldstein, quad=code.quad,
                        span=(sent.start_char, sent.end_char), sentence=index, source=s, target=t,
                        negated=d.ctx.negated, modality=d.ctx.modality, date=when, location=where,
                        confidence=round(d.confidence, 2), trigger=d.pred.trig.text)



def lead_end(text: str, dateline: str | None) -> int:
    """End offset of the lead paragraph: the first paragraph of at least ten words after the dateline."""
    start = text.find(dateline) if dateline else -1
    pos = max(start, 0)
    while pos < len(text):
        end = text.find("\n\n", pos)
        end = len(text) if end < 0 else end
        if start >= 0 and len(text[pos:end].split()) >= 10:
            return end
        pos = end + 2
    return 0


@stage("events", requires=("nlp", "actors"), assigns=("events",))
def code_events(doc: Document, ctx: Context) -> Document:
    if doc.nlp is None or doc.article is None:
        return doc
    domain = non_political_domain(doc.article.text)
    if domain is not None:
        return replace(doc, skipped=(*doc.skipped, f"events: a {domain} story has no political events"))
    coder = SentenceCoder(doc, ctx.kb.country_of)
    lead = lead_end(doc.article.text, doc.article.dateline)
    events: list[Event] = []
    skipped: list[str] = []
    for i, sent in enumerate(doc.nlp.sents):
        dateline = doc.article.dateline if sent.start_char < lead and i > 0 else None
        try:
            events += coder.code(sent, i, dateline)
        except Exception as exc:  # noqa: BLE001  an odd parse costs that sentence's events, not the article
            skipped.append(f"events: sentence {i} not coded ({type(exc).__name__}: {exc})")
    return replace(doc, events=tuple(events), skipped=(*doc.skipped, *skipped))

