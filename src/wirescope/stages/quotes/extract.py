"""Quotes: direct, mixed and indirect, with speaker, addressee and cue.

Direct quotes come from quotation marks paired over the raw text (`quotemarks.py`), attributed by a
speech verb next to them in either order ("“...,” Lavrov said." / "Lavrov said: “...”"), or, for a
quote standing alone, by the quote just before it. A quoted fragment inside reported speech is a
mixed quote: the whole reported clause, attributed to the reporting speaker. Reported speech with no
marks ("Lavrov said Russia and China oppose ...", "according to X, ...") is an indirect quote.
Speakers are found on the parse (subject of the cue, "according to" object) and turned into actors
through `actor_lookup`, which already knows pronouns and titles from coreference.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ...model import ActorRef, Quote
from ...registry import stage
from ..actors import ActorLookup, actor_lookup
from ..coref import sentence_ids
from ..quotemarks import CUE_VERBS, SPEECH_VERBS, Marked, Regions, find_quotes
from .speakers import Speakers, Who

if TYPE_CHECKING:
    from ...model import Document
    from ...pipeline import Context

ADDRESSEE_VERBS = {"tell", "inform", "assure", "warn", "brief", "ask", "urge", "remind", "promise"}
TO_VERBS = {"say", "speak", "write", "explain", "complain", "announce", "declare", "report", "admit"}
AFTER_WINDOW = 30  # tokens after a closing mark where its "..., X, founder of Y, said" may stand
CLIMB = ("advcl", "xcomp", "conj", "acl", "pcomp", "prep", "pobj", "relcl", "acomp")
SUBJ = ("nsubj", "nsubjpass")
PERSONAL = {"he", "she", "they", "i", "we"}
CARRY_CHARS = 400  # a lone quote carries on the last attribution ending at most this far before it


@dataclass
class Found:
    """A quote with the evidence behind it (char spans), before it becomes a `Quote`."""

    text: str
    kind: str
    span: tuple[int, int]
    sentence: int
    speaker: ActorRef | None = None
    addressee: ActorRef | None = None
    cue: str | None = None
    speaker_span: tuple[int, int] | None = None
    cue_token: int | None = None
    speaker_kind: str | None = None
    speaker_text: str | None = None
    speaker_head: str | None = None
    attribution: str | None = None  # cue | according | carried | headline | signature
    standalone: bool = False  # a full quote no cue attributes: it may carry on an earlier speaker
    continues: bool = False  # opens where an unclosed quote before it stopped

    def quote(self) -> Quote:
        return Quote(self.text, self.kind, self.span, self.sentence, self.speaker, self.addressee, self.cue,
                     self.speaker_kind, self.speaker_text, self.speaker_head, self.speaker_span,
                     self.attribution)

    def set_who(self, who: Who) -> None:
        self.speaker, self.speaker_span = who.ref, who.span
        self.speaker_kind, self.speaker_text, self.speaker_head = who.kind, who.text, who.head

    def take_speaker(self, other: "Found", how: str) -> None:
        self.speaker, self.speaker_span, self.cue = other.speaker, other.speaker_span, other.cue
        self.speaker_kind, self.speaker_text, self.speaker_head = \
            other.speaker_kind, other.speaker_text, other.speaker_head
        self.attribution = how

    @property
    def attributed(self) -> bool:
        return self.speaker is not None or self.speaker_kind is not None


class Extractor:
    def __init__(self, document: "Document", lookup: ActorLookup | None = None) -> None:
        self.doc = document.nlp
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
        self._according = [i for i in range(len(self.doc) - 1) if self.doc[i].lower_ == "according"
                           and self.doc[i + 1].lower_ == "to" and not self.quoted[i]]

    def _quoted_tokens(self) -> list[bool]:
        return [self.regions.at(t.idx) is not None for t in self.doc]

    # --- parse helpers -------------------------------------------------------------------------
    def tokens_of(self, a: int, b: int) -> tuple[int, int]:
        span = self.doc.char_span(a, b, alignment_mode="expand")
        if span is None or len(span) == 0:
            return 0, 0
        return span.start, span.end

    def subject(self, cue: Any, depth: int = 0) -> Any:
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

    def according_to(self, a: int, b: int) -> Any:
        """The object of "according to" between tokens a and b, outside quotes."""
        k = bisect.bisect_left(self._according, a)
        if k == len(self._according) or self._according[k] >= b - 1:
            return None
        i = self._according[k]
        obj = next((g for g in self.doc[i + 1].children if g.dep_ == "pobj"), None)
        return obj if obj is not None else (self.doc[i + 2] if i + 2 < len(self.doc) else None)

    def _cue_positions(self, verbs: frozenset[str]) -> list[int]:
        if verbs not in self._cues:
            self._cues[verbs] = [t.i for t in self.doc if self.is_cue(t, verbs)]
        return self._cues[verbs]

    # --- direct and mixed ---------------------------------------------------------------------
    def is_fragment(self, m: Marked, qa: int) -> bool:
        """A quote is a full one when it reads as a sentence of its own: capitalised and opening a
        sentence or following a colon or comma; else it is a fragment woven into the sentence."""
        inner = self.text[m.inner[0]:m.inner[1]]
        if not inner[:1].isupper() and not inner[:1].isdigit():
            return True
        j = m.start - 1  # the last character before the quote that is not a space
        while j >= 0 and self.text[j].isspace():
            j -= 1
        prev = self.text[j] if j >= 0 else ""
        if prev in ("", ":", ",", ".", "\n", "?", "!", "\u2014", "\u2013") or self.doc[qa].is_sent_start:
            return False
        return len(inner.split()) < 8

    def cue_after(self, qb: int, verbs: frozenset[str]) -> Any:
        end = min(len(self.doc), qb + AFTER_WINDOW)
        for i in range(qb, end):
            t = self.doc[i]
            if self.quoted[i]:
                break
            if self.is_cue(t, verbs):
                return t
            if (t.text in (".", "?", "!") and i > qb) or "\n" in t.text or "\n" in t.whitespace_:
                break
        return None

    def cue_before(self, qa: int, verbs: frozenset[str]) -> Any:
        start = self.sents[self.sid[qa]].start if qa < len(self.doc) else qa
        cues = self._cue_positions(verbs)  # the last cue before qa in its sentence (cues are never quoted)
        k = bisect.bisect_left(cues, qa) - 1
        return self.doc[cues[k]] if k >= 0 and cues[k] >= start else None

    def cue_colon(self, qa: int) -> Any:
        """ "..., he said:" closing the sentence or paragraph before the quote."""
        i = qa - 1
        while i >= 0 and self.doc[i].is_space:
            i -= 1
        if i < 1 or self.doc[i].text != ":":
            return None
        return self.cue_before(i, SPEECH_VERBS)

    def governing_cue(self, qa: int, qb: int) -> Any:
        """A cue verb that dominates the fragment in the parse ("said Zelensky's “plan” was ...")."""
        tok = self.doc[qa:qb].root
        seen, found = 0, None
        while tok.head.i != tok.i and seen < 12:
            tok, seen = tok.head, seen + 1
            if self.is_cue(tok, CUE_VERBS) and (found is None or tok.lemma_ in SPEECH_VERBS):
                # the outermost speech verb: "X pointed out that Y had announced Z “...”" quotes X
                found = tok
        return found

    def content_span(self, cue: Any, qa: int, qb: int) -> tuple[int, int]:
        """Token span of the reported clause that holds the fragment."""
        while qb - 1 > qa and self.doc[qb - 1].is_punct:
            qb -= 1  # the closing mark and a full stop may hang off the main verb
        while qa < qb - 1 and self.doc[qa].is_punct:
            qa += 1
        for c in cue.children:
            if c.dep_ in SUBJ or c.dep_ in ("aux", "auxpass", "neg", "punct"):
                continue
            if c.left_edge.i <= qa and qb - 1 <= c.right_edge.i:
                return self._trim(c.left_edge.i, c.right_edge.i + 1)
        return qa, qb

    def _trim(self, a: int, b: int) -> tuple[int, int]:
        """Drop a leading "that", conjunction or comma and trailing commas from a clause span."""
        while a < b - 1 and (self.doc[a].lower_ in ("that", "and", "but", "so") or self.doc[a].text in (",", ";")):
            a += 1
        while b > a + 1 and self.doc[b - 1].text in (",", ";", "\u2014"):
            b -= 1
        return a, b

    def direct(self) -> list[Found]:
        out: list[Found] = []
        for m in self.marks:
            qa, qb = self.tokens_of(m.start, m.end)
            if qb <= qa:
                continue
            if not self._join_split(out, m):
                out.append(self.attribute(m, qa, qb, out))
        return _merge_mixed(out)

    def _join_split(self, out: list[Found], m: Marked) -> bool:
        """ "“A,” she said, “B.”" is one quote interrupted by its attribution: join B onto A. The
        joined quote's span runs from A to B over the attribution; its text is A and B alone."""
        if not out or out[-1].kind != "direct" or out[-1].cue_token is None:
            return False
        p = out[-1]
        gap = self.text[p.span[1]:m.start]
        cue = self.doc[p.cue_token]
        if not (p.span[1] < cue.idx < m.start) or "." in gap.replace("\u201d", "").rstrip()[-1:] \
                or not gap.rstrip().endswith(",") or "\n" in gap or len(gap) > 200:
            return False
        inner = self.text[m.inner[0]:m.inner[1]].rstrip(" ,")
        p.text = p.text + " " + inner
        p.span = (p.span[0], m.inner[0] + len(inner))
        return True

    def attribute(self, m: Marked, qa: int, qb: int, earlier: list[Found]) -> Found:
        fragment = self.is_fragment(m, qa)
        inner = self.text[m.inner[0]:m.inner[1]].rstrip(" ,")
        sent = self.sid[qa]
        if fragment:
            cue = self.governing_cue(qa, qb) or self._fragment_cue_after(qa, qb) or self._fragment_cue_before(qa)
            if cue is not None:
                a, b = self.content_span(cue, qa, qb)
                return self.found(cue, "mixed", a, b, sent)
            acc = self.according_to(self.sents[sent].start, self.sents[self.sid[qb - 1]].end)
            if acc is not None:
                a, b = self._clause_without_according(sent)
                return self._found_according(acc, a, b, sent, "mixed")
            return Found(inner, "direct", m.inner, sent)
        after = self._cue_after(m, inner, qb)
        cue = self.cue_colon(qa) or after or self.cue_before(qa, SPEECH_VERBS)
        if cue is not None:
            f = self.found(cue, "direct", qa, qb, sent)
            f.text, f.span = inner, (m.inner[0], m.inner[0] + len(inner))
            f.continues = m.continues
            return f
        end = min(len(self.doc), qb + AFTER_WINDOW) if inner.rstrip()[-1:] == "," else self.sents[self.sid[qb - 1]].end
        acc = self.according_to(self.sents[sent].start, end)
        if acc is not None:
            f = self._found_according(acc, qa, qb, sent, "direct")
            f.text, f.span = inner, (m.inner[0], m.inner[0] + len(inner))
            f.continues = m.continues
            return f
        f = Found(inner, "direct", (m.inner[0], m.inner[0] + len(inner)), sent, standalone=True,
                  continues=m.continues)
        self._headline_speaker(f, qa)
        if not f.attributed:
            self._signature(f, m)
        return f

    def _signature(self, f: Found, m: Marked) -> None:
        """ "“...” ― Ana Ruiz": a dash and a name after the closing mark, ending the line."""
        rest = self.text[m.end:m.end + 80]
        line = rest.split("\n", 1)[0]
        stripped = line.lstrip()
        line_ends = len(line) < len(rest) or m.end + len(rest) >= len(self.text)
        if stripped[:1] not in ("\u2015", "\u2014", "\u2013", "-") or not line_ends:
            return
        a = m.end + len(line) - len(stripped) + 1
        b = m.end + len(line.rstrip())
        ta, tb = self.tokens_of(a, b)
        toks = [t for t in self.doc[ta:tb] if not t.is_punct and not t.is_space]
        if not toks or len(toks) > 6:
            return
        ref = next((r for r in (self.lookup.at_token(t.i) for t in toks) if r is not None), None)
        if ref is None and not all(t.pos_ == "PROPN" for t in toks):
            return
        text = self.doc[toks[0].i:toks[-1].i + 1].text
        f.set_who(Who(ref, (toks[0].idx, toks[-1].idx + len(toks[-1].text)), "actor" if ref else None, text))
        f.attribution, f.standalone = "signature", False

    def _cue_after(self, m: Marked, inner: str, qb: int) -> Any:
        """ "“...,” he said" — the cue after a quote. A quote that ends its own sentence ("."/"?"/"!")
        is followed by the next sentence, whose verb is no cue for it unless it follows at once and
        says nothing of its own ("“Why now?” Ms Ode asked." but not "“...” Mr Ode said the plan ...")."""
        if not m.closed:
            return None
        cue = self.cue_after(qb, SPEECH_VERBS)
        if cue is None:
            return None
        last = inner.rstrip(" \u201d\u2019'\")")[-1:]
        if last not in (".", "?", "!", "\u2026"):
            return cue
        if cue.i - qb > 6 or any(c.dep_ in ("ccomp", "xcomp", "dobj") and c.i > cue.i for c in cue.children):
            return None
        nxt = cue.i + 1
        while nxt < len(self.doc) and self.doc[nxt].dep_ == "prt":
            nxt += 1
        if nxt < len(self.doc) and self.doc[nxt].text == ":":
            return None  # "... official responded: “...”" introduces the next quote
        return cue

    def _fragment_cue_after(self, qa: int, qb: int) -> Any:
        """ "Relations “will never be the same,” he said": a speech verb right after the quote whose
        clause starts the sentence."""
        cue = self.cue_after(qb, SPEECH_VERBS)
        if cue is not None and cue.i - qb <= 4 and self.sid[cue.i] == self.sid[qa]:
            return cue
        return None

    def _fragment_cue_before(self, qa: int) -> Any:
        """The parser lost the link: a speech verb shortly before the fragment in its sentence."""
        cue = self.cue_before(qa, SPEECH_VERBS)
        return cue if cue is not None and qa - cue.i <= 6 else None

    def _headline_speaker(self, f: Found, qa: int) -> None:
        """ "Trump: ‘I’m the worst thing ...’" — a name and a colon before a quote that opens a line."""
        i = qa - 1
        if i < 1 or self.doc[i].text != ":":
            return
        j = i - 1
        ref = self.lookup.at_token(j)
        line_start = self.text.rfind("\n", 0, self.doc[j].idx) + 1
        if ref is not None and self.text[line_start:self.doc[j].idx].count(" ") <= 3:
            f.speaker, f.speaker_span = ref, (self.doc[j].idx, self.doc[j].idx + len(self.doc[j].text))
            f.speaker_kind, f.speaker_text, f.attribution = "actor", self.doc[j].text, "headline"

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
        f = Found(text, kind, span, sent, None, self.addressee(cue), _cue_text(cue), None, cue.i, attribution="cue")
        f.set_who(who)
        return f

    def _found_according(self, acc: Any, a: int, b: int, sent: int, kind: str) -> Found:
        span = (self.doc[a].idx, self.doc[b - 1].idx + len(self.doc[b - 1].text))
        f = Found(self.text[span[0]:span[1]], kind, span, sent, None, None, "according to", attribution="according")
        f.set_who(self.speakers.who(acc))
        return f

    def _clause_without_according(self, sent: int) -> tuple[int, int]:
        s = self.sents[sent]
        toks = [t for t in s if not (t.lower_ in ("according", "to") and t.head.lower_ in ("according", "to"))]
        acc = next((t for t in s if t.lower_ == "according"), None)
        skip = {t.i for t in acc.subtree} if acc is not None else set()
        toks = [t for t in s if t.i not in skip and not t.is_punct]
        return (toks[0].i, toks[-1].i + 1) if toks else (s.start, s.end)

    # --- indirect -----------------------------------------------------------------------------
    def indirect(self, taken: set[int]) -> list[Found]:
        from .indirect import headlines, indirect

        return indirect(self, taken) + self._according_indirect(taken) + headlines(self, taken)

    def _according_indirect(self, taken: set[int]) -> list[Found]:
        out = []
        for k, s in enumerate(self.sents):
            acc = self.according_to(s.start, s.end)
            if acc is None or any(self.quoted[i] for i in range(s.start, s.end)):
                continue
            a, b = self._clause_without_according(k)
            if b - a >= 3:
                out.append(self._found_according(acc, a, b, k, "indirect"))
        return out

    def run(self) -> list[Found]:
        direct = self.direct()
        taken = {f.cue_token for f in direct if f.cue_token is not None}
        found = sorted(direct + self.indirect(taken), key=lambda f: f.span)
        self._chains(found)
        self._carry(found)
        self._chains(found)
        return found

    # --- carry-on -----------------------------------------------------------------------------
    def _chains(self, found: list[Found]) -> None:
        """ "“A. “B. “C,” she said": quotes that run on from an unclosed one are one speech; the first
        of them a cue attributes gives its speaker to those no cue attributes."""
        group: list[Found] = []
        for f in [x for x in found if x.kind == "direct"] + [Found("", "direct", (0, 0), 0)]:
            if f.continues and group:
                group.append(f)
                continue
            src = next((g for g in group if g.attributed), None)
            if src is not None and len(group) > 1:
                for g in group:
                    if not g.attributed:
                        g.take_speaker(src, "carried")
            group = [f]

    def _carry(self, found: list[Found]) -> None:
        """A full quote no cue attributes goes on with the last attribution of any kind before it
        (direct, mixed or indirect), counted from where that quote ends, unless a new person is named
        as the subject in between: then that person, when theirs is the sentence just before."""
        last: Found | None = None
        for f in found:
            if last is not None and f.attribution == "cue" and f.speaker_kind is None \
                    and (f.speaker_text or "").lower() in ("he", "she") and last.speaker_kind == "description" \
                    and 0 <= f.span[0] - last.span[1] <= CARRY_CHARS:
                # "A spokeswoman for X said ... She added: “...”" — the pronoun is the description
                cue = f.cue
                f.take_speaker(last, "cue")
                f.cue = cue
            if f.standalone and not f.attributed and last is not None:
                gap_a, gap_b = last.span[1], f.span[0]
                if 0 <= gap_b - gap_a <= CARRY_CHARS:
                    other = self._new_person(gap_a, gap_b, last)
                    if other is None:
                        f.take_speaker(last, "carried")
                    elif isinstance(other, Who):
                        f.set_who(other)
                        f.attribution = "carried"
            if f.attributed and (f.kind != "direct" or not f.standalone or f.attribution == "carried"):
                last = f

    def _new_person(self, a: int, b: int, last: Found) -> "Who | None | bool":
        """A person other than `last`'s speaker named as a subject between chars a and b, outside
        quotes: their `Who` if the sentence just before b is theirs, else False; None if nobody."""
        ta, tb = self.tokens_of(a, b)
        if tb <= ta:
            return None
        words = [i for i in range(ta, tb) if not self.quoted[i] and not self.doc[i].is_punct
                 and not self.doc[i].is_space]
        if not words:
            return None
        last_sent = self.sid[words[-1]]
        seen: Who | None | bool = None
        for i in range(ta, tb):
            t = self.doc[i]
            if self.quoted[i] or t.dep_ not in SUBJ or t.pos_ != "PROPN":
                continue
            ref = self.lookup.at_token(i)
            if ref is None or self.speakers.actor_type(ref) != "PERSON":
                continue
            if last.speaker is not None and ref.actor_id == last.speaker.actor_id:
                continue
            seen = self.speakers.who(t) if self.sid[i] == last_sent else False
        return seen


def _cue_text(cue: Any) -> str:
    """The cue verb with its particle ("pointed out") as written."""
    prt = [c for c in cue.children if c.dep_ == "prt"]
    return cue.text + ("" if not prt else " " + prt[0].text)


def _merge_mixed(found: list[Found]) -> list[Found]:
    """Fragments of one reported clause become one mixed quote."""
    out: list[Found] = []
    for f in found:
        if out and f.kind == "mixed" and out[-1].kind == "mixed" and out[-1].span[0] <= f.span[0] \
                and f.span[1] <= out[-1].span[1]:
            continue
        out.append(f)
    return out


def extract_quotes(document: "Document", lookup: ActorLookup | None = None) -> list[Found]:
    if document.nlp is None or document.article is None:
        return []
    return Extractor(document, lookup).run()


def to_quotes(found: Iterable[Found]) -> tuple[Quote, ...]:
    return tuple(f.quote() for f in found)


@stage("quotes", requires=("nlp", "actors"), assigns=("quotes",))
def quotes_stage(document: "Document", ctx: "Context") -> "Document":
    if document.nlp is None:
        return replace(document, skipped=document.skipped + ("quotes: no parse",))
    return replace(document, quotes=to_quotes(extract_quotes(document)))
