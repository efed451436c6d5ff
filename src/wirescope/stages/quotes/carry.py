"""Carry-on: quotes no cue attributes take the speaker of the speech they continue."""

from __future__ import annotations

from .base import Base
from .found import CARRY_CHARS, SUBJ, Found
from .speakers import Who


class Carry(Base):
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
