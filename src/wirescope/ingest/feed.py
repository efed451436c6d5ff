"""RSS and Atom feeds (.rss, .atom, .xml) with feedparser.

An entry with full content (content:encoded, Atom content, or a summary long enough to be the
article; HTML or plain text, whatever type the feed declares) becomes the Page `<path>#entry<n>` with the entry's title, date and link. An entry with
only a link (or a teaser) is fetched when `ReadOptions.fetch` is set; otherwise, and when the fetch
fails, it becomes a `Rejected` with the reason, so the user sees what was left out and why, and
the rest of the feed goes on. A feed is one XML document: it is read whole, within the size limit.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..model import Page, Rejected
from ..registry import reader
from .html import charset_of, decode_html
from .source import read_bytes

if TYPE_CHECKING:
    from . import ReadOptions

# Feed summaries are usually one to three sentences; an article body is longer than this.
FULL_CONTENT_MIN_WORDS = 80
FETCH_TIMEOUT_S = 10.0
USER_AGENT = "wirescope (+https://github.com/wirescope)"

_TAG = re.compile(r"<[^>]+>")
_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")


@reader(".rss", ".atom", ".xml", ".rdf")
def read_feed(path: str, options: "ReadOptions") -> Iterator[Page | Rejected]:
    import feedparser

    # Bytes, never a string: feedparser takes a string for a URL or a file name to open.
    parsed = feedparser.parse(read_bytes(path, options.max_bytes))
    if not parsed.entries:
        if not parsed.get("version"):
            why = f": {_short(parsed.get('bozo_exception'))}" if parsed.get("bozo") else ""
            raise InputError(f"not an RSS/Atom feed{why}")
        raise InputError("feed has no entries")
    feed_title = parsed.feed.get("title")
    with _Fetcher(options) as fetcher:
        for n, entry in enumerate(parsed.entries, 1):
            yield _entry_page(entry, f"{path}#entry{n}", feed_title, fetcher)


def _entry_page(entry: Any, where: str, feed_title: str | None, fetcher: "_Fetcher") -> Page | Rejected:
    title = _clean(entry.get("title"))
    link = entry.get("link")
    base = Page(path=where, raw="", title=title, published=_entry_day(entry), url=link,
                publisher=_clean(entry.get("publisher")), meta={"feed": feed_title} if feed_title else {})
    body, is_html = _full_content(entry)
    if body:
        return _replace(base, raw=body, format="html" if is_html else "json")
    if not link:
        return Rejected(where, "feed entry without content or link")
    if not fetcher.enabled:
        return Rejected(where, f"feed entry has no full text, only a link ({link}): not fetched without --fetch")
    try:
        html = fetcher.get(link)
    except InputError as exc:
        return Rejected(where, f"fetch {link}: {exc}")
    return _replace(base, raw=html, format="html", meta={**base.meta, "fetched": True})


def _full_content(entry: Any) -> tuple[str | None, bool]:
    """The longest of the entry's content and summary, if it is long enough to be the article."""
    candidates = [(c.get("value") or "", c.get("type") or "") for c in entry.get("content") or []]
    detail = entry.get("summary_detail") or {}
    candidates.append((entry.get("summary") or "", detail.get("type") or ""))
    value, kind = max(candidates, key=lambda c: len(c[0]))
    if len(_TAG.sub(" ", value).split()) < FULL_CONTENT_MIN_WORDS:
        return None, False
    # RSS says text/html for every <description>, plain text included (feedparser has unescaped it):
    # only markup makes it HTML; plain text goes in as text, its paragraphs kept.
    return value, bool(_HTML_TAG.search(value)) or ("html" in kind and "&lt;" in value)


def _entry_day(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


class _Fetcher:
    """Fetches link-only entries over HTTP(S), one client per feed; every failure is an InputError."""

    def __init__(self, options: "ReadOptions") -> None:
        self.enabled = options.fetch
        self.limit = options.max_bytes
        self._client: Any = None

    def __enter__(self) -> "_Fetcher":
        if self.enabled:
            import httpx

            self._client = httpx.Client(timeout=FETCH_TIMEOUT_S, follow_redirects=True,
                                        headers={"User-Agent": USER_AGENT})
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()

    def get(self, url: str) -> str:
        import httpx

        if not url.lower().startswith(("http://", "https://")):
            raise InputError("not an http(s) link")
        try:
            with self._client.stream("GET", url) as response:
                if response.status_code != 200:
                    raise InputError(f"HTTP {response.status_code}")
                content_type = response.headers.get("content-type", "")
                if "html" not in content_type.lower():
                    raise InputError(f"not HTML but {content_type or 'no content type'}")
                data = bytearray()
                for chunk in response.iter_bytes():
                    data += chunk
                    if len(data) > self.limit:
                        raise InputError(f"too large: more than {self.limit // (1024 * 1024)} MB")
        except httpx.HTTPError as exc:
            raise InputError(f"{type(exc).__name__}: {_short(exc)}") from None
        return decode_html(bytes(data), charset_of(content_type))


def _replace(page: Page, **changes: Any) -> Page:
    from dataclasses import replace

    return replace(page, **changes)


def _clean(value: Any) -> str | None:
    value = " ".join(value.split()) if isinstance(value, str) else None
    return value or None


def _short(exc: Any) -> str:
    return " ".join(str(exc or "unknown error").split())[:160]
