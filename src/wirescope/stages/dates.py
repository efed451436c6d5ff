"""Time expressions resolved against the publication date.

`resolve` reads one expression ("on Tuesday", "last February", "two weeks ago", "March 3, 2023");
`date_of` finds the expression that belongs to one event's predicate in the dependency parse, so each
event of a sentence gets its own date. The value is the first day of the period named; None when the
text or the publication date does not give one: a date is never invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .meta import MONTHS, find_date

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH_NAMES = ("january|february|march|april|may|june|july|august|september|october|november|december"
                "|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec")
_REL = re.compile(
    rf"\b(?:(?P<on>on|last|this|next)\s+)?(?P<wd>{'|'.join(WEEKDAYS)})\b"
    rf"|\b(?P<lm>last|this|next|in|since|on|early|mid|late|by|until|from)?[\s-]*"
    rf"(?:(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+)?(?P<mon>{_MONTH_NAMES})\b\.?"
    r"(?:\s+(?P<dom>[0-3]?\d)(?:st|nd|rd|th)?\b)?(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
    r"|\b(?P<unit_rel>last|this|next|past)\s+(?P<unit>week|month|year|weekend)\b"
    r"|\b(?P<word>yesterday|today|tomorrow|tonight)\b"
    r"|\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<nunit>day|week|month|year)s?\s+"
    r"(?P<dir>ago|earlier|later|before|after)\b"
    r"|\b(?:in|since|during|by|until)\s+(?P<y>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_NUM = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10}
TIME_LABELS = ("DATE", "TIME")


@dataclass(frozen=True)
class ResolvedDate:
    value: str  # YYYY-MM-DD: the first day of the period
    precision: str  # day | week | month | year
    text: str


def resolve(text: str, published: str | None, future: bool = False) -> ResolvedDate | None:
    """The first resolvable time expression in `text`, relative to `published` (YYYY-MM-DD).

    `future` reads a bare weekday or month forward ("will meet on Friday") instead of backward, the
    default for news ("met on Friday")."""
    absolute = find_date(text)
    if absolute:
        return ResolvedDate(absolute, "day", absolute)
    pub = _parse(published)
    for m in _REL.finditer(text):
        got = _resolve_match(m, pub, future)
        if got:
            return ResolvedDate(got[0].isoformat(), got[1], m.group(0).strip())
    return None


def _parse(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def _resolve_match(m: re.Match[str], pub: date | None, future: bool) -> tuple[date, str] | None:
    g = m.groupdict()
    if g["mon"] and g["year"]:  # "December 2022", "March 3, 2023": no publication date needed
        return _safe(int(g["year"]), MONTHS[g["mon"].lower().rstrip(".")], g["day"] or g["dom"])
    if g["y"]:
        return date(int(g["y"]), 1, 1), "year"
    if pub is None:  # everything else is relative to the publication date
        return None
    if g["wd"]:
        return _weekday(pub, WEEKDAYS.index(g["wd"].lower()), (g["on"] or "").lower(), future), "day"
    if g["mon"]:
        if not (g["lm"] or g["day"] or g["dom"]) and (g["mon"].lower() == "may" or g["mon"].islower()):
            return None  # the modal verb "may", the verb "march": a bare month must be capitalised
        return _month(pub, MONTHS[g["mon"].lower().rstrip(".")], (g["lm"] or "").lower(), g["day"] or g["dom"],
                      future)
    if g["unit"]:
        return _unit(pub, g["unit"].lower(), g["unit_rel"].lower())
    if g["word"]:
        shift = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[g["word"].lower()]
        return pub + timedelta(days=shift), "day"
    if g["nunit"]:
        n = _NUM.get(g["n"].lower()) or int(g["n"])
        sign = 1 if g["dir"].lower() in ("later", "after") else -1
        return _ago(pub, sign * n, g["nunit"].lower())
    return None


def _safe(year: int, month: int, day: str | None) -> tuple[date, str] | None:
    try:
        return (date(year, month, int(day)), "day") if day else (date(year, month, 1), "month")
    except ValueError:
        return None


def _weekday(pub: date, wd: int, rel: str, future: bool) -> date:
    # News reports "on Tuesday" about the past week unless it says "next" or the event is to come.
    if rel == "next" or (future and rel != "last"):
        ahead = (wd - pub.weekday()) % 7
        return pub + timedelta(days=ahead or (7 if rel == "next" else 0))
    delta = (pub.weekday() - wd) % 7
    if rel == "last" and delta == 0:
        delta = 7
    return pub - timedelta(days=delta)


def _month(pub: date, month: int, rel: str, day: str | None, future: bool) -> tuple[date, str] | None:
    year = pub.year
    if rel == "next" or (future and rel not in ("last", "since")):
        year += month < pub.month or (rel == "next" and month == pub.month)
    elif rel == "last" or month > pub.month:
        # AP style: "last February" is the previous year's; a bare later month is last year's too.
        year -= 1
    return _safe(year, month, day)


def _unit(pub: date, unit: str, rel: str) -> tuple[date, str]:
    step = {"last": -1, "past": -1, "this": 0, "next": 1}[rel]
    if unit in ("week", "weekend"):
        start = pub - timedelta(days=pub.weekday()) + timedelta(weeks=step)
        return (start + timedelta(days=5), "day") if unit == "weekend" else (start, "week")
    if unit == "month":
        m = pub.month + step
        return date(pub.year + (m - 1) // 12, (m - 1) % 12 + 1, 1), "month"
    return date(pub.year + step, 1, 1), "year"


def _ago(pub: date, n: int, unit: str) -> tuple[date, str]:
    """`n` units from `pub` (negative: before it)."""
    if unit == "day":
        return pub + timedelta(days=n), "day"
    if unit == "week":
        return pub + timedelta(weeks=n), "week"
    if unit == "month":
        m = pub.month + n
        return date(pub.year + (m - 1) // 12, (m - 1) % 12 + 1, 1), "month"
    return date(pub.year + n, 1, 1), "year"


# --- the time expression of one predicate -------------------------------------------------------

_TIME_DEPS = ("npadvmod", "tmod", "advmod", "compound", "nmod", "nummod", "amod", "obl", "pobj")
# Clause links through which an event shares the time of the verb it depends on ("agreed on Friday to
# hold drills", "visited Pyongyang last week and signed a treaty"); never through reported speech.
_INHERIT_DEPS = ("xcomp", "conj", "acomp")


def date_of(predicate: Any, published: str | None, future: bool = False) -> str | None:
    """The date of the event whose predicate is the spaCy token `predicate`: the time expression
    attached to it, else to the verbs it is a complement or conjunct of; None when there is none."""
    node = predicate
    for _ in range(4):
        # The parser often hangs "on Tuesday" on the object ("signed two statements on Tuesday").
        objects = [c for c in node.children if c.dep_ in ("dobj", "nsubjpass")]
        for phrase in time_phrases(node) + [p for o in objects for p in time_phrases(o, preps_only=True)]:
            got = resolve(phrase, published, future)
            if got is not None:
                return got.value
        if node.dep_ not in _INHERIT_DEPS or node.head.i == node.i:
            return None
        # "agreed on Friday to hold drills": the time is the agreement's, told in the past
        future = future and node.dep_ == "conj"
        node = node.head
    return None


def time_phrases(tok: Any, preps_only: bool = False) -> list[str]:
    """Texts of the time modifiers of `tok`: 'on Friday', 'last week', 'an April 1 (air strike)'."""
    out = []
    for c in tok.children:
        prep = c.dep_ == "prep" and any(g.ent_type_ in TIME_LABELS for g in c.subtree)
        modifier = c.dep_ in _TIME_DEPS and c.ent_type_ in TIME_LABELS and not preps_only
        late = c.dep_ == "advmod" and c.lower_ in ("late", "early") and any(g.dep_ == "prep" for g in c.children)
        if prep or modifier or late:  # "on Friday", "last week", "late on Saturday"
            out.append(_text(c))
    return out


def _text(tok: Any) -> str:
    return tok.doc[tok.left_edge.i : tok.right_edge.i + 1].text
