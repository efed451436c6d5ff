"""Time expressions of a sentence resolved against the publication date.

Returns the start day of the period the expression names and its precision, or None: a date is never
invented when the text or the publication date does not give one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .meta import MONTHS, find_date

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH_NAMES = "january|february|march|april|may|june|july|august|september|october|november|december"
_REL = re.compile(
    rf"\b(?:(?P<on>on|last|this|next)\s+)?(?P<wd>{'|'.join(WEEKDAYS)})\b"
    rf"|\b(?P<lm>last|this|next|in|since|on)\s+(?:(?P<day>[0-3]?\d)\s+)?(?P<mon>{_MONTH_NAMES})\b(?:\s+(?P<dom>[0-3]?\d)\b)?"
    r"|\b(?P<unit_rel>last|this|next|past)\s+(?P<unit>week|month|year)\b"
    r"|\b(?P<word>yesterday|today|tomorrow)\b"
    r"|\b(?P<n>\d+|a|one|two|three|four|five|six)\s+(?P<nunit>day|week|month|year)s?\s+ago\b",
    re.IGNORECASE,
)
_NUM = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


@dataclass(frozen=True)
class ResolvedDate:
    value: str  # YYYY-MM-DD: the first day of the period
    precision: str  # day | week | month | year
    text: str


def resolve(sentence: str, published: str | None) -> ResolvedDate | None:
    """The first resolvable time expression in `sentence`, relative to `published` (YYYY-MM-DD)."""
    absolute = find_date(sentence)
    if absolute:
        return ResolvedDate(absolute, "day", absolute)
    if not published:
        return None
    pub = date.fromisoformat(published)
    for m in _REL.finditer(sentence):
        got = _resolve_match(m, pub)
        if got:
            return ResolvedDate(got[0].isoformat(), got[1], m.group(0))
    return None


def _resolve_match(m: re.Match[str], pub: date) -> tuple[date, str] | None:
    g = m.groupdict()
    if g["wd"]:
        return _weekday(pub, WEEKDAYS.index(g["wd"].lower()), (g["on"] or "").lower()), "day"
    if g["mon"]:
        return _month(pub, MONTHS[g["mon"].lower()], (g["lm"] or "").lower(), g["day"] or g["dom"])
    if g["unit"]:
        return _unit(pub, g["unit"].lower(), g["unit_rel"].lower())
    if g["word"]:
        return pub + timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[g["word"].lower()]), "day"
    if g["nunit"]:
        n = _NUM.get(g["n"].lower()) or int(g["n"])
        return _ago(pub, n, g["nunit"].lower())
    return None


def _weekday(pub: date, wd: int, rel: str) -> date:
    # News reports "on Tuesday" about the past week unless it says "next".
    delta = (pub.weekday() - wd) % 7
    if rel == "next":
        return pub + timedelta(days=(wd - pub.weekday()) % 7 or 7)
    if rel == "last" and delta == 0:
        delta = 7
    return pub - timedelta(days=delta)


def _month(pub: date, month: int, rel: str, day: str | None) -> tuple[date, str] | None:
    year = pub.year
    if rel == "next":
        year += month <= pub.month
    elif rel == "last" or month > pub.month:
        # AP style: "last February" is the previous year's; a bare later month is last year's too.
        year -= 1
    try:
        return (date(year, month, int(day)), "day") if day else (date(year, month, 1), "month")
    except ValueError:
        return None


def _unit(pub: date, unit: str, rel: str) -> tuple[date, str]:
    step = {"last": -1, "past": -1, "this": 0, "next": 1}[rel]
    if unit == "week":
        start = pub - timedelta(days=pub.weekday()) + timedelta(weeks=step)
        return start, "week"
    if unit == "month":
        m = pub.month + step
        y = pub.year + (m - 1) // 12
        return date(y, (m - 1) % 12 + 1, 1), "month"
    return date(pub.year + step, 1, 1), "year"


def _ago(pub: date, n: int, unit: str) -> tuple[date, str]:
    if unit == "day":
        return pub - timedelta(days=n), "day"
    if unit == "week":
        return pub - timedelta(weeks=n), "week"
    if unit == "month":
        m = pub.month - n
        return date(pub.year + (m - 1) // 12, (m - 1) % 12 + 1, 1), "month"
    return date(pub.year - n, 1, 1), "year"
