"""Clean text: drop boilerplate lines, lift credit lines into metadata, mark headline/dek/headings.

Decisions are line-level and explainable: a line is dropped because it matches a known scrape-junk
pattern, because of its structure (a short call to action with no sentence in it), or because it recurs
across many documents of the batch (`Context.state["line_counts"]`, filled by the pipeline).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..errors import StageError
from ..model import Article, Line
from ..registry import stage

if TYPE_CHECKING:
    from ..model import Document
    from ..pipeline import Context

_JUNK = [
    r"theme licen[cs]e", r"license is not validated", r"go to the theme options",
    r"^back to top( button)?$", r"^source link$", r"^please enter your (comment|name|email)",
    r"^(leave|post|add|write) a (comment|reply)", r"^you must be logged in", r"^comments?( \(\d+\))?$",
    r"^(share|tweet|email|print|pin)( this)?( article| story| page| on \w+)?:?$", r"^share on ",
    r"^(subscribe|sign up)\b.*\b(newsletter|updates|inbox)", r"^follow us( on)?", r"^advertisement$",
    r"\bcookies?\b.*\b(accept|consent|policy|settings)\b", r"^accept( all)?( cookies)?$",
    r"^(read|see) (more|also)\b", r"^related( articles| stories| posts| coverage)?:?", r"^more from ",
    r"^click here", r"^all rights reserved", r"^(copyright|©)", r"^skip to (main )?content",
    r"^(sponsored|promoted)( content)?$", r"^loading\.*$", r"^(previous|next) (article|post|story)",
    r"^save my name, email", r"^notify me of ", r"^your email address will not be published",
    r"^this (article|story) (was|has been) (updated|corrected)\b.*\bsubscribe", r"^(menu|search|home|trending)$",
    r"^(watch|listen):? ", r"^getty images$", r"^photo: ", r"^image caption", r"^(tags?|topics?):",
]
_JUNK_RE = re.compile("|".join(f"(?:{p})" for p in _JUNK), re.IGNORECASE)

# Outlets whose name on a line of its own is a credit, not body text.
PUBLISHERS = (
    "ABC News", "Associated Press", "AP", "Reuters", "AFP", "Agence France-Presse", "Al Jazeera",
    "BBC", "BBC News", "CNN", "NPR", "The Guardian", "Guardian", "Bloomberg", "Xinhua", "TASS",
    "RIA Novosti", "Kyodo", "Yonhap", "Anadolu", "Anadolu Agency", "DW", "Deutsche Welle", "France 24",
    "The New York Times", "The Washington Post", "Financial Times", "Politico", "Axios", "CBS News",
    "NBC News", "Fox News", "Sky News", "Euronews", "The Independent", "The Hill", "Nikkei Asia",
    "South China Morning Post", "Times of India", "Hindustan Times", "Dawn", "Arab News",
)
_PUB_KEYS = {p.lower(): p for p in PUBLISHERS}
_CREDIT_RE = re.compile(r"^(?:[—–-]+\s*|\(|by\s+|source:\s*|via\s+|credit:\s*)?([A-Za-z][\w .&'-]{1,40}?)\)?\.?$",
                        re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…\"”’)]$")
_BYLINE_RE = re.compile(r"^(by|written by|reporting by|edited by)\s+[A-Z]", re.IGNORECASE)


@dataclass(frozen=True)
class Cleaned:
    lines: list[Line]
    text: str
    removed: list[str]
    publisher: str | None


def credit_of(line: str) -> str | None:
    """The publisher named by a credit line ("ABC News", "— AP", "(Reuters)"), else None."""
    m = _CREDIT_RE.match(line.strip())
    if not m:
        return None
    return _PUB_KEYS.get(m.group(1).strip().lower())


def is_junk(line: str, recurring: bool = False) -> bool:
    s = line.strip()
    if _JUNK_RE.search(s):
        return True
    return recurring and len(s.split()) < 40


def _looks_like_heading(line: str) -> bool:
    words = line.split()
    bare = line.rstrip("\"”’'")
    return 2 <= len(words) <= 16 and not re.search(r"[.!?…:;,]$", bare) and line[:1].isupper()


def clean_lines(raw_lines: list[str], recurring: set[str] | frozenset[str] = frozenset()) -> Cleaned:
    """Classify each raw line; return the kept lines with roles, the clean text and what was removed."""
    kept: list[tuple[str, str]] = []
    removed: list[str] = []
    publisher = None
    for raw in raw_lines:
        line = " ".join(raw.split())
        if not line:
            continue
        credit = credit_of(line)
        if credit:
            publisher = publisher or credit
            removed.append(line)
        elif is_junk(line, line_key(line) in recurring):
            removed.append(line)
        else:
            kept.append((line, _role(line, len(kept))))
    if not kept:
        raise StageError("no body text left after removing boilerplate")
    return _assemble(kept, removed, publisher)


def _role(line: str, index: int) -> str:
    if index == 0:
        return "headline"
    if index == 1 and _SENTENCE_END.search(line) and len(line.split()) <= 45 and not line.startswith(("“", '"')):
        return "dek?"  # confirmed as a dek only when followed by more body text (see _assemble)
    if _BYLINE_RE.match(line):
        return "byline"
    return "heading" if _looks_like_heading(line) else "body"


def _assemble(kept: list[tuple[str, str]], removed: list[str], publisher: str | None) -> Cleaned:
    lines: list[Line] = []
    parts: list[str] = []
    pos = 0
    for i, (text, role) in enumerate(kept):
        if role == "dek?":
            role = "dek" if i + 1 < len(kept) and _dek_like(text, kept[i + 1][0]) else "body"
        if parts:
            pos += 2
        lines.append(Line(text, role, (pos, pos + len(text))))
        parts.append(text)
        pos += len(text)
    return Cleaned(lines, "\n\n".join(parts), removed, publisher)


def _dek_like(line: str, following: str) -> bool:
    # A standfirst summarises in the present tense and is followed by a full body paragraph.
    return len(following.split()) >= 12 and not re.match(r"^[A-Z .,'-]{3,40}\s*[—–-]", line)


def line_key(line: str) -> str:
    return hashlib.blake2b(" ".join(line.lower().split()).encode(), digest_size=8).hexdigest()


def article_id(text: str) -> str:
    """A stable id from the clean text: the same text gives the same id in every run."""
    norm = " ".join(text.lower().split())
    return hashlib.blake2b(norm.encode(), digest_size=10).hexdigest()


def _html_to_text(doc: "Document") -> tuple[str, dict[str, str | None]]:
    from .html import extract_html

    ex = extract_html(doc.page.raw, doc.page.url)
    body = ex.text if not ex.title else f"{ex.title}\n\n{ex.text}"
    return body, {"title": ex.title, "published": ex.published, "publisher": ex.publisher}


@stage("clean", requires=("page",), assigns=("article",))
def clean(doc: "Document", ctx: "Context") -> "Document":
    page = doc.page
    meta: dict[str, str | None] = {}
    raw = page.raw
    if page.format == "html":
        raw, meta = _html_to_text(doc)
    elif page.title and page.format == "json":
        raw = f"{page.title}\n\n{raw}"
    recurring = ctx.state.get("recurring_lines", frozenset())
    cleaned = clean_lines(raw.split("\n"), recurring)
    title = page.title or meta.get("title") or next(
        (ln.text for ln in cleaned.lines if ln.role == "headline"), None)
    article = Article(
        id=article_id(cleaned.text), path=page.path, text=cleaned.text, title=title,
        publisher=page.publisher or meta.get("publisher") or cleaned.publisher,
        published=page.published or meta.get("published"), removed=tuple(cleaned.removed),
        dek=next((ln.text for ln in cleaned.lines if ln.role == "dek"), None), lines=tuple(cleaned.lines),
    )
    return replace(doc, article=article)
