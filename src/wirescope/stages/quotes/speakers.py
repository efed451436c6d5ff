"""Who speaks, as the text says it: an actor, a description or a document.

A speaker phrase is the subject of the cue (or the object of "according to"). Its head decides the kind:
a name or a pronoun coreference resolved is an *actor*; a common noun is a *description* ("a BBC
spokesman", "the mayor", "some experts") or, for texts ("the report", "a statement", "the complaint"),
a *document*. A description keeps the actor it refers to when the document names one: the person or
organisation coreference bound to it ("the company", "the prime minister"), the organisation a
representative speaks for ("a spokeswoman for Human Rights Watch", "Israeli officials"), or, for a
definite role ("the Arsenal boss"), the person the previous sentences are about.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...kb.lang import words as lang_words

if TYPE_CHECKING:
    from ...model import ActorRef
    from ..actors import ActorLookup

PHRASE_PREPS = ("for", "of", "at", "from", "with", "in")
DATELINE_DASHES = ("\u2014", "\u2013", "--", "-")
PERSONAL_PRONOUNS = {"he", "she", "they", "i", "we", "you", "him", "her", "them", "who"}


@dataclass
class Who:
    """A speaker: the actor (or the actor a description refers to) and the phrase as written."""

    ref: "ActorRef | None" = None
    span: tuple[int, int] | None = None  # chars of the speaker phrase
    kind: str | None = None  # actor | description | document
    text: str | None = None
    head: str | None = None

    @property
    def known(self) -> bool:
        return self.ref is not None or self.kind is not None


def table(name: str) -> frozenset[str]:
    return lang_words("speakers")[name]  # type: ignore[no-any-return]


class Speakers:
    """Speaker phrases of one parsed document, against its actors."""

    def __init__(self, doc: Any, lookup: "ActorLookup", sid: list[int]) -> None:
        self.doc, self.lookup, self.sid = doc, lookup, sid
        self._subjects: list[tuple[int, str]] | None = None  # (token, person actor id) of subjects

    def actor_type(self, ref: "ActorRef | None") -> str | None:
        a = self.lookup.actor(ref.actor_id) if ref is not None else None
        return a.type if a is not None else None

    def phrase(self, tok: Any) -> tuple[int, int]:
        """Token span of the speaker phrase: its left edge to the head, with "for/of X" after it."""
        left, right = tok.left_edge.i, tok.i
        for c in tok.children:
            if c.dep_ == "prep" and c.i > tok.i and c.lower_ in PHRASE_PREPS:
                right = max(right, c.right_edge.i)
        dash = next((i for i in range(left, right) if self.doc[i].text in DATELINE_DASHES), None)
        if dash is not None and all(t.is_punct or t.text.isupper() for t in self.doc[left:dash]):
            left = dash + 1  # "WASHINGTON (AP) — Donald Trump ...": the dateline is no part of the phrase
        while left < right and (self.doc[left].is_punct or self.doc[left].lower_ in ("and", "but", "so")):
            left += 1
        while right > left and self.doc[right].is_punct:
            right -= 1
        return left, right + 1

    def who(self, tok: Any) -> Who:
        if tok is None:
            return Who()
        dash = _dateline_dash(tok)
        if dash is not None:  # "CLEVELAND, Ohio (UPI) -- Former Attorney General Michael Mukasey told ..."
            tok = self.doc[dash + 1] if dash + 1 < len(self.doc) else None
            while tok is not None and tok.head.i > dash and tok.head.i != tok.i and tok.head.pos_ not in ("VERB", "AUX"):
                tok = tok.head
            if tok is None or tok.is_punct:
                return Who()
        a, b = self.phrase(tok)
        span = (self.doc[a].idx, self.doc[b - 1].idx + len(self.doc[b - 1].text))
        text = self.doc[a:b].text
        at_head = self.lookup.at_token(tok.i)
        if tok.pos_ == "PRON" or tok.lower_ in PERSONAL_PRONOUNS:
            return Who(at_head, span, "actor" if at_head is not None else None, text)
        appos = next((c for c in tok.children if c.dep_ == "appos"), None)
        if appos is not None:  # "a foreign ministry spokesman, Wang Wenbin, said"
            ref = self.lookup.at_tokens(self.doc[appos.left_edge.i:appos.right_edge.i + 1])
            if ref is not None and self.actor_type(ref) == "PERSON" and tok.pos_ != "PROPN":
                return Who(ref, span, "actor", text)
        named = at_head is not None and tok.text[:1].isupper() and self.actor_type(at_head) == "PERSON"
        if tok.pos_ == "PROPN" or named or (at_head is not None and tok.pos_ not in ("NOUN", "PRON")):
            # "named": a surname the tagger took for a noun ("Zelenskyy wrote") is still the person
            ref = at_head or self.lookup.at_tokens(self.doc[a:tok.i + 1])
            return Who(ref, span, "actor" if ref is not None else None, text)
        head = tok.lemma_.lower() if tok.tag_ not in ("NNS", "NNPS") else tok.lower_
        if head in table("not_speaker"):
            return Who(None, None, None, None)
        inner = self._inner_actor(a, b, tok)
        if head in table("document") or tok.lemma_.lower() in table("document"):
            return Who(inner, span, "document", text, head)
        ref = at_head
        if ref is None and head not in table("representative") and tok.tag_ == "NN" \
                and self.doc[a].lower_ in ("the", "this", "that") and (inner is None or self.actor_type(inner) != "PERSON"):
            ref = self._recent_person(tok.i) or inner  # "the Arsenal boss" is the man just spoken of
        if ref is None:
            ref = inner
        return Who(ref, span, "description", text, head)

    def organisation_near(self, who: Who, sent: Any) -> None:
        """ "“...,” a spokesman said": a representative no actor is named with speaks for the
        organisation the sentence (with its quote) names most."""
        if who.kind != "description" or who.ref is not None or who.head not in table("representative"):
            return
        counts: dict[str, int] = {}
        for t in sent:
            ref = self.lookup.at_token(t.i)
            if ref is not None and self.actor_type(ref) in ("ORG", "MEDIA", "IGO"):
                counts[ref.actor_id] = counts.get(ref.actor_id, 0) + 1
        if counts:
            who.ref = self.lookup.refs.get(max(counts, key=lambda k: counts[k]))

    def _inner_actor(self, a: int, b: int, head: Any) -> "ActorRef | None":
        """The actor named inside a description ("a BBC spokesman", "a spokeswoman for HRW")."""
        best = None
        for i in range(a, b):
            if i == head.i:
                continue
            ref = self.lookup.at_token(i)
            if ref is not None:
                if self.actor_type(ref) == "PERSON" and self.doc[i].dep_ in ("poss",) and best is None:
                    return ref  # "Mr Blair's spokesman"
                best = best or ref
        return best

    def _recent_person(self, i: int) -> "ActorRef | None":
        """The person who is the subject of a sentence just before token i (or earlier in its own)."""
        if self._subjects is None:
            self._subjects = []
            for t in self.doc:
                if t.dep_ in ("nsubj", "nsubjpass"):
                    ref = self.lookup.at_token(t.i)
                    if ref is not None and self.actor_type(ref) == "PERSON":
                        self._subjects.append((t.i, ref.actor_id))
        sent = self.sid[i]
        for j, actor_id in reversed(self._subjects):
            if j >= i:
                continue
            if sent - self.sid[j] > 2:
                break
            return self.lookup.refs.get(actor_id)
        return None


def _dateline_dash(tok: Any) -> int | None:
    """The dash closing a dateline ("LONDON —", "CLEVELAND, Ohio (UPI) --") that `tok` stands in."""
    sent = tok.sent
    first = sent[0]
    if not (len(first.text) > 2 and first.text.isupper()) or tok.i - sent.start > 8:
        return None
    text = tok.doc.text
    if text[text.rfind("\n", 0, first.idx) + 1:first.idx].strip():
        return None  # a dateline opens a line
    dash = next((t.i for t in sent[:10] if t.text in DATELINE_DASHES), None)
    return dash if dash is not None and tok.i < dash else None
