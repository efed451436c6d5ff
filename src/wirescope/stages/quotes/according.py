"""Attribution by "according to X": the clause without the "according to" phrase, said by X."""

from __future__ import annotations

import bisect
from typing import Any

from .base import Base
from .found import Found


class According(Base):
    def according_to(self, a: int, b: int) -> Any:
        """The object of "according to" between tokens a and b, outside quotes."""
        k = bisect.bisect_left(self._according, a)
        if k == len(self._according) or self._according[k] >= b - 1:
            return None
        i = self._according[k]
        obj = next((g for g in self.doc[i + 1].children if g.dep_ == "pobj"), None)
        return obj if obj is not None else (self.doc[i + 2] if i + 2 < len(self.doc) else None)

    def _found_according(self, acc: Any, a: int, b: int, sent: int, kind: str) -> Found:
        span = (self.doc[a].idx, self.doc[b - 1].idx + len(self.doc[b - 1].text))
        f = Found(self.text[span[0]:span[1]], kind, span, sent, None, None, "according to", attribution="according")
        f.set_who(self.speakers.who(acc))
        return f

    def _clause_without_according(self, sent: int) -> tuple[int, int]:
        """The sentence's clause on one side of "according to X": before it when it follows the
        clause ("X would rise, according to an analysis by Y, whose ..."), else after it."""
        s = self.sents[sent]
        acc = next((t for t in s if t.lower_ == "according" and t.i + 1 < s.end and self.doc[t.i + 1].lower_ == "to"),
                   None)
        if acc is None:
            return s.start, s.end
        phrase_end = max(acc.right_edge.i, self.doc[acc.i + 1].right_edge.i)
        before = [t for t in s if t.i < acc.i and not t.is_punct and not t.is_space]
        after = [t for t in s if t.i > phrase_end and not t.is_punct and not t.is_space]
        toks = before if len(before) >= 3 or not after else after
        return (toks[0].i, toks[-1].i + 1) if toks else (s.start, s.end)

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
