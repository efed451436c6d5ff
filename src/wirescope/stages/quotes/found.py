"""A quote with the evidence behind it, before it becomes a record `Quote`; shared constants."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...model import ActorRef, Quote
from .speakers import Who

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


def cue_text(cue: Any) -> str:
    """The cue verb with its particle ("pointed out") as written."""
    prt = [c for c in cue.children if c.dep_ == "prt"]
    return cue.text + ("" if not prt else " " + prt[0].text)


def merge_mixed(found: list[Found]) -> list[Found]:
    """Fragments of one reported clause become one mixed quote."""
    out: list[Found] = []
    for f in found:
        if out and f.kind == "mixed" and out[-1].kind == "mixed" and out[-1].span[0] <= f.span[0] \
                and f.span[1] <= out[-1].span[1]:
            continue
        out.append(f)
    return out
