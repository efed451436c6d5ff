"""Where a page says when it was published, besides its own metadata: the URL path, the file name, and
the dateline's "March 3" (with the year of a reference date).

The meta stage tries, in order: the page's own date (feed entry, JSONL field, HTML metadata), a byline or
date line near the top, the URL path (`/2024/03/05/`, `/2024-03-05/`), the file name (`2004-05-01-x.txt`,
`20040501_x.html`, or a `/2004/05/01/` folder path), the dateline ("LONDON, March 3 (Reuters) -", its year
taken from the reference date: the WARC capture date or --published), and only then the fallback
(the capture date or --published).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

_YEAR = r"(?P<y>(?:19|20)\d\d)"
# /2024/03/05/ or /2024/3/5/ (a path segment each), or /2024-03-05/ as one segment
_URL_DAY = re.compile(r"/" + _YEAR + r"/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)(?=[/_.-]|$)"
                      r"|/(?P<y2>(?:19|20)\d\d)-(?P<m2>[01]\d)-(?P<d2>[0-3]\d)(?=[/_.-]|$)")
# a file name that holds a day: 2004-05-01-x.txt, 2004_05_01.html, x-20040501.txt
_NAME_DAY = re.compile(r"(?<![\d])(?P<y>(?:19|20)\d\d)(?P<sep>[-_.]?)(?P<m>[01]\d)(?P=sep)(?P<d>[0-3]\d)(?!\d)")


def _day(y: str | None, m: str | None, d: str | None) -> str | None:
    try:
        found = date(int(y or 0), int(m or 0), int(d or 0))
    except ValueError:
        return None
    return found.isoformat() if date(1990, 1, 1) <= found <= date.today() + timedelta(days=2) else None


def from_url(url: str | None) -> str | None:
    """The day in a URL's path ("https://x.example/world/2024/03/05/talks" -> "2024-03-05")."""
    if not url:
        return None
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", url.strip(), flags=re.I).split("?", 1)[0].split("#", 1)[0]
    for m in _URL_DAY.finditer(path):
        found = _day(m["y"], m["m"], m["d"]) if m["y"] else _day(m["y2"], m["m2"], m["d2"])
        if found:
            return found
    return None


def from_path(path: str | None) -> str | None:
    """The day in a file's name ("news/2004-05-01-x.txt" -> "2004-05-01"), or in its folders
    (".../2004/05/01/x.txt"). A feed entry's "#entryN" suffix is ignored."""
    if not path or path.startswith(("api:", "-")):
        return None
    path = path.split("#entry", 1)[0].replace("\\", "/")
    name = path.rsplit("/", 1)[-1]
    for m in _NAME_DAY.finditer(name):
        found = _day(m["y"], m["m"], m["d"])
        if found:
            return found
    return from_url(path if path.startswith("/") else "/" + path)


def from_dateline(month_day: str | None, reference: str | None) -> str | None:
    """The day of a dateline's "March 3" / "Sept. 10": the one nearest to `reference` (an ISO day, such as
    the capture date) no later than two days after it. None without a reference: the year is unknown."""
    from .meta import MONTHS

    if not month_day or not reference:
        return None
    m = re.fullmatch(r"\s*([A-Za-z]+)\.?\s+(\d{1,2})\s*", month_day)
    month = MONTHS.get(m.group(1).lower().rstrip(".")) if m else None
    try:
        ref = date.fromisoformat(reference[:10])
    except ValueError:
        return None
    if not m or not month:
        return None
    for year in (ref.year, ref.year - 1):
        try:
            found = date(year, month, int(m.group(2)))
        except ValueError:
            continue
        if found <= ref + timedelta(days=2):
            return found.isoformat()
    return None
