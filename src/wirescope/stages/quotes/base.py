"""The parse of one document as quote extraction reads it: tokens under quotation marks, cue verbs,
the subject of a cue and the speaker phrase it stands for."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...kb.lang import words as lang_words
from ...model import ActorRef
from ..actors import ActorLookup, actor_lookup
from ..coref import sentence_ids
from ..quotemarks import CUE_VERBS, Regions, find_quotes
from ..tokens import SharedTokens
from .found import ADDRESSEE_VERBS, CLIMB, PERSONAL, SUBJ, TO_VERBS, Found, cue_text
from .speakers import Speakers

if TYPE_CHECKING:
    from ...model import Document


class Base:
    def __init__(self, document: "Document", lookup: ActorLookup | None = None) -> None:
        self.doc = SharedTokens(document.nlp)  # indexing a Doc builds every Token anew: scans share one list
        self.tokens = self.doc.tokens
        self.text = document.article.text  # type: ignore[union-attr]
        self.lookup = lookup or actor_lookup(document)
        self.marks = [m for m in find_quotes(self.text) if m.inner[1] > m.inner[0]]
        self.regions = Regions(self.marks)
        self.sid = sentence_ids(self.doc)
        self.sents = list(self.doc.sents)
        self.quoted = self._quoted_tokens()
        self.speakers = Speakers(self.doc, self.lookup, self.sid)
        # Positions looked up per quote, found once (a scan per quote is quadratic on long texts).
        self._cues: dict[frozenset[str], list[int]] = {}
        toks = self.tokens
        self._according = [i for i in range(len(toks) - 1) if toks[i].lower_ == "according"
                           and toks[i + 1].lower_ == "to" and not self.quoted[i]]

    def _quoted_tokens(self) -> list[bool]:
        return [self.regions.at(t.idx) is not None for t in self.tokens]

    # --- parse helpers -------------------------------------------------------------------------
    def tokens_of(self, a: int, b: int) -> tuple[int, int]:
        span = self.doc.char_span(a, b, alignment_mode="expand")
        if span is None or len(span) == 0:
            return 0, 0
        return span.start, span.end

    def subject(self, cue: Any, depth: int = 0) -> Any:
        h = cue.head
        if depth < 4 and cue.dep_ == "advcl" and cue.tag_ == "VBG" and h.dep_ == "ccomp" and h.head.i < h.i \
                and h.head.lemma_ in CUE_VERBS:
            # "Petrov said the depot should close, citing rising costs": Petrov cites, not the depot
            return self.subject(h.head, depth + 1)
        if cue.lemma_ in lang_words("cues")["object"]:  # "His views were echoed by experts": the experts
            agent = next((g for c in cue.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
            if agent is not None:
                return agent
        for c in cue.children:
            if c.dep_ in SUBJ:
                # "Obama, who said ...": the relative pronoun stands for the noun it hangs from
                return cue.head if c.lower_ in ("who", "which", "that") and cue.dep_ == "relcl" else c
            if c.dep_ == "agent":  # "was said by X"
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
        if depth < 4 and cue.dep_ in CLIMB and cue.head.i != cue.i:
            # "Obama punctuated his list by saying “...”": the subject of the verb the cue hangs from
            return self.subject(cue.head, depth + 1)
        return None

    def ref(self, tok: Any) -> tuple[ActorRef | None, tuple[int, int] | None]:
        """The actor a subject/object token stands for, and the char span of its phrase."""
        if tok is None:
            return None, None
        left = tok.left_edge.i
        span = (self.doc[left].idx, tok.idx + len(tok.text))
        ref = self.lookup.at_token(tok.i)
        if ref is None:
            ref = self.lookup.at_tokens(self.doc[left:tok.i + 1])
        if ref is None:  # "a foreign ministry spokesman, Wang Wenbin, said"
            appos = next((c for c in tok.children if c.dep_ == "appos"), None)
            if appos is not None:
                ref = self.lookup.at_tokens(self.doc[appos.left_edge.i:appos.right_edge.i + 1])
        return ref, span

    def name_near(self, cue: Any, after_quote: int) -> Any:
        """When the parse gives the cue no subject ("“...,” Brent Bozell III, founder of X, tells Y"),
        the first actor or proper name between the quote and the cue, or right after the cue."""
        lo = after_quote if after_quote <= cue.i else cue.i + 1
        for i in list(range(lo, cue.i)) + list(range(cue.i + 1, min(len(self.doc), cue.i + 4))):
            t = self.doc[i]
            if self.quoted[i] or t.is_punct:
                continue
            if self.lookup.at_token(i) is not None or t.pos_ == "PROPN" or t.lower_ in PERSONAL:
                while t.dep_ == "compound" and t.head.i > t.i:
                    t = t.head
                return t
        return None

    def addressee(self, cue: Any) -> ActorRef | None:
        for c in cue.children:
            if c.dep_ in ("dobj", "dative", "iobj") and cue.lemma_ in ADDRESSEE_VERBS:
                return self.ref(c)[0]
            if c.dep_ in ("prep", "dative") and c.lower_ == "to" and cue.lemma_ in TO_VERBS:
                obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    return self.ref(obj)[0]
        return None

    def is_cue(self, t: Any, verbs: frozenset[str]) -> bool:
        return t.lemma_ in verbs and t.pos_ in ("VERB", "AUX") and not self.quoted[t.i]

    def _cue_positions(self, verbs: frozenset[str]) -> list[int]:
        if verbs not in self._cues:
            self._cues[verbs] = [t.i for t in self.tokens if self.is_cue(t, verbs)]
        return self._cues[verbs]

    def found(self, cue: Any, kind: str, a: int, b: int, sent: int) -> Found:
        subj = self.subject(cue)
        if subj is not None and self.quoted[subj.i] and not self.quoted[cue.i]:
            subj = None  # the parser took a word of the quote for the subject of the cue outside it
        if subj is None:
            subj = self.name_near(cue, b)
        who = self.speakers.who(subj)
        self.speakers.organisation_near(who, self.sents[self.sid[cue.i]])
        text = self.doc[a:b].text if b > a else ""
        span = (self.doc[a].idx, self.doc[b - 1].idx + len(self.doc[b - 1].text)) if b > a else (0, 0)
        f = Found(text, kind, span, sent, None, self.addressee(cue), cue_text(cue), None, cue.i, attribution="cue")
        f.set_who(who)
        return f
