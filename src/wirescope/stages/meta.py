"""Metadata from the text itself: dateline, publication date, byline, language."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from ..registry import stage

if TYPE_CHECKING:
    from ..model import Article, Document
    from ..pipeline import Context

# "BEIJING —", "NEW DELHI (Reuters) -", "KYIV, Ukraine —"
DATELINE_RE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'\- ]{1,30}[A-Z.](?:,\s+[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?)?)"
    r"(?:\s*\((?P<agency>[^)]{1,30})\))?\s*[—–-]{1,2}\s+"
)
MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"])}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
MONTHS["sept"] = 9
_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
DATE_PATTERNS = [
    re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
    re.compile(_MON + r"\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+" + _MON + r",?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>(?:19|20)\d\d)\b"),
]
_DATE_LINE_HINT = re.compile(r"^(published|updated|posted|by\b|date:|\w+day,)|\|", re.I)


def find_date(text: str) -> str | None:
    """The first full calendar date in `text` as YYYY-MM-DD, or None."""
    for pat in DATE_PATTERNS:
        m = pat.search(text)
        if m:
            iso = _to_iso(m.groupdict())
            if iso:
                return iso
    return None


def _to_iso(g: dict[str, str | None]) -> str | None:
    month = int(g["m"]) if g.get("m") else MONTHS.get((g.get("mon") or "").lower().rstrip("."), 0)
    try:
        return date(int(g["y"] or 0), month, int(g["d"] or 0)).isoformat()
    except ValueError:
        return None


def dateline_of(text: str) -> tuple[str, str | None] | None:
    """(place, agency) when a paragraph opens with a dateline."""
    m = DATELINE_RE.match(text)
    if not m or len(m.group("place")) < 3:
        return None
    return m.group("place").strip().rstrip(","), m.group("agency")


def _published_from_lines(article: "Article") -> str | None:
    # Only short lines near the top that look like a byline/date line: a date inside a body
    # sentence is usually about an event, not the publication.
    for line in article.lines[:6]:
        if line.role in ("byline", "heading", "body", "dek") and len(line.text.split()) <= 14:
            if _DATE_LINE_HINT.search(line.text) or line.role != "body" or find_date(line.text) == line.text:
                found = find_date(line.text)
                if found:
                    return found
    return None


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language (py3langid: offline, model shipped in the wheel)."""
    import py3langid

    lang, _ = py3langid.classify(text[:3000])
    return str(lang)


@stage("meta", requires=("article",), assigns=("article",))
def meta(doc: "Document", ctx: "Context") -> "Document":
    a = doc.article
    assert a is not None
    body = next((ln for ln in a.lines if ln.role == "body"), None)
    dl = dateline_of(body.text) if body else None
    published = a.published or _published_from_lines(a) or doc.page.fallback_published
    publisher = a.publisher or (dl[1] if dl and dl[1] else None)
    lines = tuple(replace(ln, role="byline") if ln.role == "heading" and find_date(ln.text) else ln for ln in a.lines)
    article = replace(a, dateline=dl[0] if dl else None, published=published, publisher=publisher,
                      language=a.language or detect_language(a.text), lines=lines)
    return replace(doc, article=article)
