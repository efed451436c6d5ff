"""Where reported content ends: the reporter's own additions after it are no part of what was said.

"Fowler said he expects Clinton to recover from pneumonia, which forced her to leave early": the
relative clause after the comma is the reporter's aside, as are a trailing appositive ("..., the
existing alliance that includes ..."), a participle clause ("..., citing the strategic importance of
..."), a concessive or temporal clause after a comma ("..., although he refused to ...") and
"according to X" with what follows it. A semicolon ends the reported sentence ("X was not intentional;
they only learned ..."). The content is cut before the first such addition that runs to its end.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...kb.lang import words as lang_words

if TYPE_CHECKING:
    from .base import Base

COMMAS = (",", "\u2014", "\u2013", "--")


def _aside(t: Any, marks: frozenset[str]) -> bool:
    """A dependent the reporter adds after a comma: non-restrictive relative clause, appositive,
    participle clause, or an adverbial clause opened by one of `marks`."""
    if t.dep_ in ("relcl", "appos"):
        return True
    if t.dep_ in ("advcl", "acl"):
        if t.tag_ == "VBG" and t.left_edge.i == t.i:
            return True  # ", citing X", ", arguing that ..."
        return any(c.dep_ in ("mark", "advmod") and c.i == t.left_edge.i and c.lower_ in marks for c in t.children)
    return False


def trim_end(ex: "Base", a: int, b: int, least: int) -> int:
    """The end of content tokens [a, b) once asides running to its end and what follows a semicolon
    are cut, keeping at least `least` tokens."""
    doc = ex.doc
    marks = lang_words("cues")["aside_mark"]
    for i in range(a + least, b):
        t = doc[i]
        if t.text == ";" and not ex.quoted[i]:
            return i
        if t.text in COMMAS and i + 1 < b and not ex.quoted[i]:
            n = doc[i + 1]
            if n.lower_ == "according" and i + 2 < b and doc[i + 2].lower_ == "to":
                return i
            x = next((c for c in (n, n.head) if c.left_edge.i == i + 1 and _aside(c, marks)), None)
            if x is not None and x.right_edge.i + 1 >= _last_word(doc, b) and a <= x.head.i < i:
                return i
    return b


def _last_word(doc: Any, b: int) -> int:
    while b > 0 and doc[b - 1].is_punct:
        b -= 1
    return b


def close_marks(doc: Any, a: int, b: int, reach: int = 3) -> int:
    """The end of [a, b) moved past the closing quotation mark a fragment in it opened ('called the
    swap "a first step."'), when that mark follows within `reach` tokens."""
    if sum(t.is_quote for t in doc[a:b]) % 2 == 0:
        return b
    return next((j + 1 for j in range(b, min(b + reach, len(doc))) if doc[j].is_quote), b)
