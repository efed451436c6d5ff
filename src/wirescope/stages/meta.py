"""Metadata from the text itself: dateline, publication date, byline and date lines, language.

`clean` uses `byline_date` to tell byline/date lines ("By Anna Keller | August 21, 2023",
"Published 2024-11-16 09:40 CET", "06.04.2023 | 16:32") from body text: they are credit metadata,
removed from the text, and the date they carry is the text's own publication date.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from ..registry import stage

if TYPE_CHECKING:
    from ..model import Article, Document
    from ..pipeline import Context

# "BEIJING —", "NEW DELHI (Reuters) -", "KYIV, Ukraine —", "BEIJING, April 6 —", "NEW DELHI, Sept 10 –"
DATELINE_RE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'\- ]{1,30}[A-Z.](?:,\s+[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?)?)"
    r"(?:,\s+(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?"
    r"(?:\s*\((?P<agency>[^)]{1,30})\))?\s*[—–-]{1,2}\s+"
)
MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"])}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
MONTHS["sept"] = 9
_MON = (r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
        r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
DATE_PATTERNS = [
    re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
    re.compile(r"\b" + _MON + r"\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+" + _MON + r",?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>(?:19|20)\d\d)\b"),  # US convention with slashes
    re.compile(r"\b(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>(?:19|20)\d\d)\b"),  # European, with dots
]
_DATE_LINE_HINT = re.compile(r"^(published|updated|posted|by\b|date:|\w+day,)|\|", re.I)
# What may surround the date on a date line: times, zones, weekdays, "Updated", "4 min read", separators.
_DATE_LINE_FILLER = re.compile(
    r"\b(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?|[ap]\.?m\.?|utc|gmt|bst|cet|cest|est|edt|pst|pdt|ist|jst|[a-z]{3}t"
    r"|mon|tue|wed|thu|fri|sat|sun|(?:mon|tues|wednes|thurs|fri|satur|sun)day|published|updated|posted"
    r"|last|modified|first|on|at|date|\d+\s*min(?:ute)?s?(?:\s+read)?|read)\b",
    re.I)
_SEPARATORS = re.compile(r"[|·•/,:;()\-–—]+")
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|and|&|de|da|van|von|der|al|el|bin|le|la|du)$")


def find_date(text: str) -> str | None:
    """The first full calendar date in `text` as YYYY-MM-DD, or None."""
    for pat in DATE_PATTERNS:
        for m in pat.finditer(text):
            iso = _to_iso(m.groupdict())
            if iso:
                return iso
    return None


def _to_iso(g: dict[str, str | None]) -> str | None:
    month = int(g["m"] or 0) if g.get("m") else MONTHS.get((g.get("mon") or "").lower().rstrip("."), 0)
    try:
        return date(int(g["y"] or 0), month, int(g["d"] or 0)).isoformat()
    except ValueError:
        return None


def _strip_dates(text: str) -> str:
    for pat in DATE_PATTERNS:
        text = pat.sub(" ", text)
    return text


def _is_date_line(line: str) -> bool:
    """A line that is a date with at most filler around it ("Thu 23 May 2024 21.10 BST")."""
    rest = _SEPARATORS.sub(" ", _DATE_LINE_FILLER.sub(" ", _strip_dates(line)))
    return len(rest.split()) <= 1


def _is_byline(line: str) -> bool:
    """"By Daniel Okafor", "By Elena Varga | 21 March 2023": By + a name, then only names or a date."""
    m = re.match(r"^by\s+(.+)$", line, re.I)
    if not m:
        return False
    name, *rest = re.split(r"\s*[|·•—–,]\s*|\s+-\s+", m.group(1), maxsplit=1)
    words = name.split()
    if not 1 <= len(words) <= 6 or not words[0][:1].isupper() or not all(_NAME_WORD.match(w) for w in words):
        return False
    tail = rest[0] if rest else ""
    return _is_date_line(tail) or all(_NAME_WORD.match(w) for w in _SEPARATORS.sub(" ", tail).split())


def byline_date(line: str) -> tuple[bool, str | None]:
    """(is a byline or date line, the date it gives): such lines are metadata, not body text."""
    if len(line.split()) > 14 or len(line) > 120:
        return False, None
    if _is_byline(line):
        return True, find_date(line)
    found = find_date(line)
    if found and _is_date_line(line):
        return True, found
    return False, None


def dateline_of(text: str) -> tuple[str, str | None] | None:
    """(place, agency) when a paragraph opens with a dateline."""
    m = DATELINE_RE.match(text)
    if not m or len(m.group("place")) < 3:
        return None
    return m.group("place").strip().rstrip(","), m.group("agency")


def dateline_end(text: str) -> int | None:
    """Offset of the first character after a dateline opening `text` (its dash and spaces), or None."""
    m = DATELINE_RE.match(text)
    return m.end() if m and len(m.group("place")) >= 3 and m.end() < len(text) else None


def dateline_day(text: str) -> str | None:
    """The "March 3" of a dateline ("LONDON, March 3 (Reuters) - ..."), without a year; None if none."""
    m = DATELINE_RE.match(text)
    return m.group("date") if m and len(m.group("place")) >= 3 else None


def published_of(doc: "Document", article: "Article", first_body: str | None) -> str | None:
    """The publication day from every source the page offers, before the fallback (see `pubdate`)."""
    from . import pubdate

    page = doc.page
    return (article.published or _published_from_lines(article) or pubdate.from_url(page.url)
            or pubdate.from_path(page.path)
            or pubdate.from_dateline(dateline_day(first_body) if first_body else None, page.fallback_published)
            or page.fallback_published)


def _published_from_lines(article: "Article") -> str | None:
    # Only short lines near the top that look like a date line: a date inside a body sentence is
    # usually about an event, not the publication.
    for line in article.lines[:6]:
        if line.role != "body" and len(line.text.split()) <= 14 and _DATE_LINE_HINT.search(line.text):
            found = find_date(line.text)
            if found:
                return found
    return None


LANGID_CHARS = 600  # enough for a reliable guess; langid's cost grows with the text (~1.5 ms here)
# Function words no other major language writes the same way. English news text has 15-25 % of them;
# text in another language has next to none, so above `ENGLISH_SHARE` langid is not needed.
_ENGLISH = frozenset({
    "the", "of", "and", "to", "that", "with", "was", "were", "for", "this", "from", "have", "has", "had", "which",
    "said", "would", "their", "been", "will", "its", "after", "about", "they", "there",
})
ENGLISH_SHARE = 0.12
# Log-probability per character by which English may trail langid's first guess and still win: names
# cost English 0.2-0.5 against its neighbours (Bikol, Pidgin); Dutch, German or Indonesian leave it > 1.2 behind.
ENGLISH_MARGIN = 0.6
_WORDS = re.compile(r"[^\W\d_]+")


def looks_english(text: str) -> bool:
    words = _WORDS.findall(text[:1200].lower())
    return len(words) >= 20 and sum(w in _ENGLISH for w in words) >= ENGLISH_SHARE * len(words)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language (py3langid: offline, model shipped in the wheel).

    Plainly English text is recognised by its function words first: most input is English and the
    check costs a few microseconds where langid costs milliseconds.
    """
    if looks_english(text):
        return "en"
    sample = text[:LANGID_CHARS]
    ranked = _langid().rank(sample)
    best, score = ranked[0]
    english = next((p for lang, p in ranked if lang == "en"), None)
    # Short texts full of names ("South Korean President Lee Jae-myung met ...") put English a hair
    # behind a language close to it (Bikol, Pidgin); text in another language leaves it far behind.
    if english is not None and score - english <= ENGLISH_MARGIN * len(sample):
        return "en"
    return str(best)


@functools.cache
def _langid() -> Any:
    """py3langid with its model loaded (once, off the document's time budget)."""
    from ..budget import paused

    with paused():
        import py3langid

        py3langid.classify("loaded")
    return py3langid


@stage("meta", requires=("article",), assigns=("article",))
def meta(doc: "Document", ctx: "Context") -> "Document":
    a = doc.article
    assert a is not None
    body = next((ln for ln in a.lines if ln.role == "body"), None)
    dl = dateline_of(body.text) if body else None
    published = published_of(doc, a, body.text if body else None)
    publisher = a.publisher or (dl[1] if dl and dl[1] else None)
    article = replace(a, dateline=dl[0] if dl else None, published=published, publisher=publisher,
                      language=a.language or detect_language(a.text))
    return replace(doc, article=article)
