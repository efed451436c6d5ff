"""Direct and mixed quotes: quotation marks attributed by a cue verb next to them in either order,
a colon, "according to", a headline name or a signature line."""

from __future__ import annotations

import bisect
from typing import Any

from ..quotemarks import CUE_VERBS, SPEECH_VERBS, Marked
from .according import According
from .bounds import close_marks, trim_end
from .found import AFTER_WINDOW, SUBJ, Found, merge_mixed
from .speakers import Who


class Direct(According):
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
                a = c.left_edge.i
                obj = next((o for o in cue.children if o.dep_ == "dobj" and cue.i < o.i < c.i), None)
                if obj is not None and c.dep_ in ("oprd", "xcomp", "ccomp", "attr"):
                    a = obj.left_edge.i  # "called half of Trump's supporters “deplorables”": the object too
                a, b = self._trim(a, c.right_edge.i + 1)
                return a, close_marks(self.doc, a, max(trim_end(self, a, b, qb - a), qb))
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
        return merge_mixed(out)

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
