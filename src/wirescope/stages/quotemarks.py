"""Quotation-mark pairing over raw text, independent of the parser.

News text mixes curly and straight marks, nests single quotes in double ones, runs quotes over
several paragraphs (each continued paragraph re-opens the mark and only the last one closes it) and
has stray marks from bad rewrites. The rules here: a quote never runs past the end of a paragraph
unless the next paragraph re-opens it; a stray closing mark is dropped; apostrophes in words
(we’re, Lavrov’s) are not quote marks.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

OPEN_DOUBLE = "\u201c\u201e\u00ab"  # “ „ «
CLOSE_DOUBLE = "\u201d\u00bb"  # ” »
OPENERS_BEFORE = " \t\n([{\u2014\u2013-/:;"  # a straight mark after these opens a quote
MAX_SINGLE = 300  # single-quoted spans longer than this are apostrophes that happened to pair


@dataclass(frozen=True)
class Marked:
    """One quoted span: `start`/`end` include the marks, `inner` is the text between them."""

    start: int
    end: int
    inner: tuple[int, int]
    closed: bool = True
    single: bool = False
    paragraphs: int = 1
    continues: bool = False  # opens right where an unclosed quote before it stopped: the same speech


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in re.finditer(r"\n+", text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def _double_role(text: str, i: int) -> str:
    c = text[i]
    if c in OPEN_DOUBLE:
        return "open"
    if c in CLOSE_DOUBLE:
        return "close"
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before in OPENERS_BEFORE and not after.isspace():
        return "open"
    return "close"


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def find_double(text: str) -> list[Marked]:
    """Double-quoted spans, paragraph-aware."""
    out: list[Marked] = []
    paras = _paragraphs(text)
    carry: tuple[int, int] | None = None  # (open index, paragraphs so far) of a quote running on
    follows = False  # the quote being read continues an unclosed one ended by its opening mark
    for k, (ps, pe) in enumerate(paras):
        opened = carry
        carry = None
        for m in re.finditer(r"[\u201c\u201d\u201e\u00ab\u00bb\"]", text[ps:pe]):
            i = ps + m.start()
            role = _double_role(text, i)
            continuing = opened is not None and opened[0] < ps and i == _first_nonspace(text, ps)
            if continuing and role == "open":  # the re-opening mark of a multi-paragraph quote
                continue
            if role == "open":
                if opened is not None and opened[0] >= ps:  # unclosed earlier mark: end it here
                    out.append(_mk(text, opened[0], i, False, opened[1], continues=follows))
                    # "“A. “B." — paragraphs run together: B goes on with A's speech
                    follows = text[ps:i].rstrip()[-1:] in (".", "?", "!", "\u2026")
                elif opened is not None:
                    out.append(_mk(text, opened[0], ps, False, opened[1], continues=follows))
                    follows = False
                else:
                    follows = False
                opened = (i, 1 if opened is None or opened[0] >= ps else opened[1])
            elif opened is not None:
                out.append(_mk(text, opened[0], i + 1, True, opened[1], continues=follows))
                opened, follows = None, False
        if opened is not None:
            nxt = paras[k + 1][0] if k + 1 < len(paras) else None
            if nxt is not None and _double_role_at(text, nxt) == "open":
                carry = (opened[0], opened[1] + 1)
            else:
                out.append(_mk(text, opened[0], pe, False, opened[1], continues=follows))
                follows = False
    return out


def _first_nonspace(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _double_role_at(text: str, i: int) -> str | None:
    i = _first_nonspace(text, i)
    if i < len(text) and text[i] in OPEN_DOUBLE + '"':
        return _double_role(text, i)
    return None


def _mk(text: str, start: int, end: int, closed: bool, paragraphs: int, single: bool = False,
        continues: bool = False) -> Marked:
    inner_end = end - 1 if closed else end
    return Marked(start, end, _trim(text, start + 1, inner_end), closed, single, paragraphs, continues)


def find_single(text: str, outside: list[Marked]) -> list[Marked]:
    """Top-level single-quoted spans (‘...’ or '...'), outside double quotes, within one paragraph."""
    out: list[Marked] = []
    starts = [q.start for q in outside]
    opened: int | None = None
    for m in re.finditer(r"[\u2018\u2019']", text):
        i = m.start()
        if _inside(starts, outside, i):
            continue
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if opened is not None and (i - opened > MAX_SINGLE or "\n" in text[opened:i]):
            opened = None
        is_open = text[i] == "\u2018" or (text[i] == "'" and before in OPENERS_BEFORE and after.isalnum())
        is_close = (text[i] in "\u2019'" and not before.isspace() and not after.isalnum())
        if is_open and before in OPENERS_BEFORE + "\u2018\u201c":
            opened = i
        elif is_close and opened is not None:
            out.append(_mk(text, opened, i + 1, True, 1, single=True))
            opened = None
    return out


def _inside(starts: list[int], spans: list[Marked], i: int) -> bool:
    k = bisect.bisect_right(starts, i) - 1
    return k >= 0 and spans[k].start <= i < spans[k].end


def find_quotes(text: str) -> list[Marked]:
    """All top-level quoted spans in text order (single quotes nested in double ones are part of
    the outer quote)."""
    double = find_double(text)
    return sorted(double + find_single(text, double), key=lambda q: q.start)


class Regions:
    """Fast 'is this character inside a quote?' over the spans of `find_quotes`."""

    def __init__(self, quotes: list[Marked]) -> None:
        self.quotes = quotes
        self.starts = [q.start for q in quotes]

    def at(self, i: int) -> Marked | None:
        k = bisect.bisect_right(self.starts, i) - 1
        if k >= 0 and self.quotes[k].start <= i < self.quotes[k].end:
            return self.quotes[k]
        return None


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Reporting verbs (lemmas). SPEECH_VERBS introduce speech and attribute direct quotes; the wider
# CUE_VERBS also carry reported speech or quoted fragments ("called the plan “reckless”").
SPEECH_VERBS = frozenset(["say", "tell", "add", "state", "declare", "announce", "claim", "insist", "argue", "warn", "explain", "note", "report", "write", "deny", "acknowledge", "admit", "confirm", "suggest", "stress", "emphasize", "emphasise", "reiterate", "assert", "contend", "maintain", "comment", "remark", "reply", "respond", "answer", "ask", "urge", "tweet", "post", "recall", "predict", "promise", "pledge", "vow", "threaten", "complain", "concede", "observe", "conclude", "testify", "allege", "proclaim", "caution", "underline", "underscore", "affirm", "boast", "joke", "quip", "lament", "reveal", "disclose", "inform", "assure", "indicate", "hint", "demand", "mention", "repeat", "shout", "cry", "exclaim", "whisper", "continue", "agree", "counter", "retort", "speak", "rule", "posit", "contend", "read"])
CUE_VERBS = SPEECH_VERBS | frozenset(["call", "describe", "accuse", "criticize", "criticise", "praise", "condemn", "dismiss", "label", "brand", "characterize", "characterise", "term", "welcome", "denounce", "blame", "slam", "question", "express", "voice", "highlight", "cite", "believe", "think", "feel", "hope", "fear", "expect", "know", "estimate", "reckon", "worry", "doubt", "find", "learn", "show"])
