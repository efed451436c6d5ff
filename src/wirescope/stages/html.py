"""Main text and metadata of an HTML page, with trafilatura (text) and htmldate (publication date).

The trafilatura settings were chosen by measurement on the article-extraction benchmark
(`benchmarks/html_extraction.py`, word-4-gram shingle F1 against gold article bodies, 181 pages):

    default extract()                        0.947
    include_comments=False                   0.958
    include_comments=False, favor_recall     0.956
    include_comments=False, favor_precision  0.961
    ... + include_tables=False               0.950   (tables are part of many articles)
    ... + fast (no fallback extractors)      0.941   (the readability/justext comparison helps)
    ... + deduplicate                        0.942   (drops repeated legitimate lines)

Precision mode has no rescue for pages whose article it misses entirely (it then returns a
paywall notice or nothing), so a short precise result is retried in balanced mode, which
has trafilatura's own recall escalation, and the longer result is kept when clearly longer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..errors import InputError

# libxml2 stops building the tree at 256 levels: a tree that deep has lost its content.
PARSER_MAX_DEPTH = 256
# A precise extraction shorter than this is suspicious (measured: precision misses some
# articles entirely, keeping a reprint notice); retry it in balanced mode.
RETRY_BELOW_CHARS = 1000
RETRY_ACCEPT_RATIO = 2.0

PRECISE: dict[str, Any] = {"favor_precision": True, "include_comments": False, "include_tables": True}
BALANCED: dict[str, Any] = {"include_comments": False, "include_tables": True}
DATE_PARAMS: dict[str, Any] = {"original_date": True, "extensive_search": True, "outputformat": "%Y-%m-%d"}

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LANG = re.compile(r"[A-Za-z]{2,3}")
_SPACES = re.compile(r"\W+")


@dataclass(frozen=True)
class HtmlExtract:
    text: str  # paragraphs separated by blank lines, headline not repeated
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    publisher: str | None = None  # site name
    language: str | None = None  # hint from the markup (<html lang>, og:locale), not identified
    url: str | None = None  # canonical URL declared by the page, else the one given


def extract_html(html: str, url: str | None = None) -> HtmlExtract:
    """Article text and metadata of `html`; InputError with a reason when there is none."""
    if not html or not html.strip():
        raise InputError("empty HTML")
    try:
        return _extract(html, url)
    except InputError:
        raise
    except (RecursionError, MemoryError):
        raise InputError("HTML too complex to parse") from None
    except Exception as exc:  # noqa: BLE001  third-party parsers raise anything on junk input
        raise InputError(f"HTML extraction failed: {type(exc).__name__}: {exc}") from None


def _extract(html: str, url: str | None) -> HtmlExtract:
    from trafilatura import load_html
    from trafilatura.metadata import extract_metadata

    # lxml refuses NUL characters in str input; they are never meaningful in a page.
    tree = load_html(html.replace("\x00", ""))
    if tree is None:
        raise InputError("no article text found (no parsable HTML)")
    if _max_depth(tree) >= PARSER_MAX_DEPTH:
        raise InputError(f"HTML too deeply nested (more than {PARSER_MAX_DEPTH - 1} levels)")
    language = _language_hint(tree)
    meta = extract_metadata(tree, url, DATE_PARAMS)
    title = _clean(meta.title)
    text = _body_text(tree, url, title)
    if not text:
        raise InputError("no article text found")
    published = meta.date if meta.date and _ISO_DATE.fullmatch(meta.date) else None
    return HtmlExtract(text, title, published, _clean(meta.sitename), language, meta.url or url)


def _body_text(tree: Any, url: str | None, title: str | None) -> str:
    from trafilatura import bare_extraction

    # bare_extraction copies a tree it is given, so one parse serves both attempts.
    doc = bare_extraction(tree, url=url, **PRECISE)
    text = _blocks(doc, title)
    if len(text) < RETRY_BELOW_CHARS:
        wider = _blocks(bare_extraction(tree, url=url, **BALANCED), title)
        if len(wider) > RETRY_ACCEPT_RATIO * len(text):
            text = wider
    return text


def _blocks(doc: Any, title: str | None) -> str:
    """The body's block elements as text, one paragraph per block, blank lines between."""
    from trafilatura.xml import xmltotxt

    if doc is None or doc.body is None:
        return ""
    blocks = [b for b in (xmltotxt(child, False).strip() for child in doc.body) if b]
    # Pages often repeat the headline as the first heading of the body; the title has it.
    if blocks and title and _key(blocks[0]) == _key(title):
        blocks = blocks[1:]
    return "\n\n".join(blocks)


def _max_depth(tree: Any) -> int:
    from lxml import etree

    depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def _language_hint(tree: Any) -> str | None:
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    candidates += tree.xpath('//meta[@http-equiv="content-language" or @property="og:locale"]/@content')
    for value in candidates:
        match = _LANG.match((value or "").strip())
        if match:
            return match.group(0).lower()
    return None


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def _key(text: str) -> str:
    return _SPACES.sub(" ", text.lower()).strip()
