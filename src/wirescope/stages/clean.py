"""Clean text: drop boilerplate lines, lift credit lines into metadata, mark headline/dek/headings.

Every decision is line-level and explainable. A line is dropped when
- it matches a known scrape-junk pattern (theme/CMS notices, comment forms, share/subscribe prompts),
- its structure gives it away: breadcrumbs and menus, a short call to action ("Post Comment", "View
  original post"), or a short fragment with no sentence in it after the last paragraph of the article,
- or it recurs across documents that tell different stories (`Context.state["recurring_lines"]`, filled
  by the `boilerplate` batch stage).
Credit lines ("ABC News", "— AP", "Source: Reuters", "© 2024 Capital Wire Service. All rights
reserved.", "Reporting by ...; Editing by ...") and byline/date lines ("By Anna Keller | August 21,
2023") are metadata, not body text: they are removed (listed in `removed`) and give `publisher` and the
text's own publication date. What stays is the headline, the dek (standfirst), sub-headings and the
body paragraphs, each known by its `Line.role`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..errors import StageError
from ..model import Article, Line
from ..registry import stage
from .meta import byline_date, dateline_of

if TYPE_CHECKING:
    from ..model import Document
    from ..pipeline import Context

_JUNK = [
    # theme and CMS notices
    r"\btheme\b.{0,80}\b(?:licen[cs]e|activat\w*|purchase code|validat\w*)", r"\bpurchase code\b",
    r"\bpowered by (?:wordpress|drupal|joomla|ghost|blogger)\b", r"\bjavascript (?:is )?(?:disabled|required)\b",
    r"\benable javascript\b", r"\b(?:your|this) browser (?:is|does not)\b",
    # comment forms
    r"^please enter your (?:comment|name|email)", r"^(?:leave|post|add|write|submit) a (?:comment|reply)",
    r"^you must be logged in", r"^comments?(?: \(\d+\))?$", r"^\d+ comments?$", r"required fields are marked",
    r"^your email address (?:will not|won't|stays|is never)", r"^save my name, email", r"^notify me of ",
    r"^(?:post|submit|add) (?:your )?comments?$", r"^(?:show|hide|load|view) (?:\d+ )?(?:more )?(?:comments|replies)",
    # share, follow, subscribe, read more
    r"^(?:share|tweet|email|print|pin)(?: this)?(?: article| story| page| post| on \w+)?:?$", r"^share on ",
    r"^(?:subscribe|sign up)\b.*\b(?:newsletter|updates|inbox|briefing)", r"^follow us(?: on)?",
    r"^(?:read|see) (?:more|also)\b", r"^related(?: articles| stories| posts| coverage| topics)?:", r"^more from ",
    r"^click here", r"^(?:continue|keep) reading\b", r"^(?:read|view) (?:the )?(?:full|original|source) "
    r"(?:article|story|post|report)", r"^view (?:the )?original post", r"^source link$",
    r"^(?:watch|listen):? ", r"^listen to this (?:article|story)",
    # page furniture
    r"^back to (?:the )?top\b", r"^skip to (?:main )?content", r"^(?:menu|search|home|trending|loading\.*)$",
    r"^advertisement$", r"\bcontinues? (?:below|after) (?:this )?(?:advertisement|ad)\b", r"^(?:sponsored|promoted)"
    r"(?: content)?$", r"^(?:most|top) (?:read|popular|viewed|shared|watched)(?: stories| articles)?$",
    r"^(?:editor'?s picks|latest news|top stories|trending now|you may also like|recommended(?: for you)?)$",
    r"^(?:previous|next) (?:article|post|story)", r"^(?:tags?|topics?|filed under|categories):",
    r"^getty images$", r"^photo: ", r"^image caption", r"^(?:image|photo|picture) (?:source|credit)",
    # cookies, rights, standards
    r"\bcookies?\b.*\b(?:accept|consent|policy|settings|notice)\b", r"^accept(?: all)?(?: cookies)?$",
    r"^all rights reserved", r"^our standards\b", r"^this (?:article|story) (?:was|has been) "
    r"(?:updated|corrected)\b.*\bsubscribe",
]
# Anchored patterns are tried at the start of the line only, which keeps the scan cheap on long paragraphs.
_JUNK_START = re.compile("|".join(f"(?:{p[1:]})" for p in _JUNK if p.startswith("^")), re.IGNORECASE)
_JUNK_ANY = re.compile("|".join(f"(?:{p})" for p in _JUNK if not p.startswith("^")), re.IGNORECASE)
# Every unanchored pattern holds one of these words: a line without any is not searched at all.
_ANY_HINTS = ("theme", "purchase code", "powered by", "javascript", "browser", "required fields", "continue",
              "cookie")
JUNK_MAX_CHARS = 400  # page furniture is short; a longer line is never junk by pattern

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
# "Source: agencies", "Credit: Reuters/AFP": a credit line whatever it names.
_SOURCE_RE = re.compile(r"^(?:source|sources|credit|credits|via)\s*:\s*(?P<name>[^.!?]{2,40})\.?$", re.I)
_COPYRIGHT_RE = re.compile(
    r"^(?:©|\(c\)|copyright\b)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?(?P<name>[^.,;|]{2,60}?)"
    r"\s*(?:[.,;|]|\ball rights\b|$)", re.I)
_STAFF_CREDIT_RE = re.compile(r"^(?:additional )?(?:reporting|writing|editing|compiled|produced|translated)"
                              r"(?: and \w+)? by\b", re.I)
_GENERIC_SOURCES = {"agencies", "agency", "wires", "wire services", "staff", "social media", "news agencies"}
# Breadcrumbs and menus: three or more short segments joined by separators.
_NAV_SEP = re.compile(r"\s*(?:›|»|>|\||•|/(?=\s))\s*")
# A call to action: a verb of the page furniture and an object of it, in a short line.
_CTA_RE = re.compile(
    r"^(?:share|tweet|email|print|save|bookmark|follow|subscribe|sign up|register|log ?in|download|join|leave|"
    r"post|submit|view|read|watch|listen|click|tap|see|continue|load|show|get)\b.{0,40}\b(?:article|story|post|"
    r"page|comments?|reply|newsletter|briefing|us|now|more|here|app|updates|original|full|video|audio|gallery|"
    r"photos)\b[\s.!:→↑↓›»]*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…\"”’)]$")
_NAME_LINE = re.compile(r"^(?:The )?[A-Z][\w'’&.-]*(?: (?:[A-Z][\w'’&.-]*|of|and|&|the|de|du)){0,4}$")
RECURRING_MAX_WORDS = 30  # a longer recurring paragraph is more likely shared content than page furniture
MAX_TAIL_FRAGMENTS = 4  # more trailing fragments than this are a list in the article, not page furniture


@dataclass(frozen=True)
class Cleaned:
    lines: list[Line]
    text: str
    removed: list[str]
    publisher: str | None
    published: str | None = None  # the date of a byline/date line


@dataclass(frozen=True)
class _Verdict:
    """What one raw line is: kept body text, junk, a credit (maybe naming a publisher) or a byline."""

    kind: str  # keep | junk | recurring (across documents) | credit | byline
    publisher: str | None = None
    date: str | None = None


def credit_of(line: str) -> str | None:
    """The publisher named by a credit line ("ABC News", "— AP", "(Reuters)"), else None."""
    m = _CREDIT_RE.match(line.strip())
    if not m:
        return None
    return _PUB_KEYS.get(m.group(1).strip().lower())


def _credit(line: str) -> _Verdict | None:
    known = credit_of(line)
    if known:
        return _Verdict("credit", known)
    m = _SOURCE_RE.match(line)
    if m:
        name = m.group("name").strip()
        return _Verdict("credit", None if name.lower() in _GENERIC_SOURCES else _PUB_KEYS.get(name.lower(), name))
    m = _COPYRIGHT_RE.match(line)
    if m:
        name = m.group("name").strip()
        return _Verdict("credit", name if _NAME_LINE.match(name) else None)
    if _STAFF_CREDIT_RE.match(line) and len(line.split()) <= 30:
        return _Verdict("credit")
    return None


# "Al Jazeera’s Ali Hashem, reporting from Moscow, said": the outlet's own correspondent.
_REPORTING_FROM = re.compile(r"^(?P<outlet>[A-Z][\w .&-]{1,40}?)[’']s\s+(?:[A-Z][\w'’-]+\s+){1,3}?[A-Z][\w'’-]+,"
                             r"\s+reporting from\b")


def reporter_outlet(line: str) -> str | None:
    """The known outlet whose correspondent reports in this line, if any (the line stays body text)."""
    m = _REPORTING_FROM.match(line)
    return _PUB_KEYS.get(m.group("outlet").lower()) if m else None


def is_navigation(line: str) -> bool:
    """Breadcrumbs ("Home › World › Europe") and menus ("News | Sport | Weather")."""
    parts = [p for p in _NAV_SEP.split(line) if p]
    return len(parts) >= 3 and all(len(p.split()) <= 4 and not _SENTENCE_END.search(p) for p in parts)


def is_call_to_action(line: str) -> bool:
    return len(line.split()) <= 7 and not line.endswith(".") and bool(_CTA_RE.match(line))


def _junk_anywhere(line: str) -> bool:
    low = line.lower()
    return any(h in low for h in _ANY_HINTS) and bool(_JUNK_ANY.search(line))


def is_junk(line: str, recurring: bool = False) -> bool:
    s = line.strip()
    if len(s) <= JUNK_MAX_CHARS and (_JUNK_START.match(s) or _junk_anywhere(s) or is_navigation(s)
                                     or is_call_to_action(s)):
        return True
    return recurring and len(s.split()) <= RECURRING_MAX_WORDS


def _classify(line: str, recurring: bool) -> _Verdict:
    credit = _credit(line)
    if credit:
        return credit
    if is_junk(line):
        return _Verdict("junk")
    if recurring and len(line.split()) <= RECURRING_MAX_WORDS:
        return _Verdict("recurring")
    is_byline, found = byline_date(line)
    if is_byline:
        name = re.sub(r"^by\s+", "", line, flags=re.I).split("|")[0].strip()
        return _Verdict("byline", _PUB_KEYS.get(name.lower()), found)
    return _Verdict("keep")


def _is_fragment(line: str) -> bool:
    """Short text with no sentence in it: after the article's last paragraph that is page furniture."""
    return len(line.split()) <= 6 and not _SENTENCE_END.search(line.rstrip(" ↑↓→›»*"))


def _tail_verdicts(lines: list[str], verdicts: list[_Verdict]) -> None:
    """Fragments after the last paragraph are junk; a name among them ("Eastline Post") is the credit.

    Lines found recurring across documents are looked at too: the name of a source recurs under each
    of its articles.

    A long run of fragments is a list that belongs to the article (fixtures, results, a team sheet):
    page furniture at the foot of a page is a handful of lines.
    """
    tail: list[int] = []
    for i in range(len(lines) - 1, 0, -1):
        kind = verdicts[i].kind
        if kind not in ("keep", "recurring"):
            continue
        if _is_fragment(lines[i]):
            tail.append(i)
        elif kind == "keep":
            break
    if len([i for i in tail if verdicts[i].kind == "keep"]) > MAX_TAIL_FRAGMENTS:
        return
    for i in tail:
        name = _NAME_LINE.match(lines[i]) and not re.search(r"\d", lines[i])
        verdicts[i] = _Verdict("credit", lines[i] if name else None)


def line_key(line: str) -> str:
    """The key of a line for counting it across documents: case and spacing do not matter."""
    return hashlib.blake2b(" ".join(line.lower().split()).encode(), digest_size=8).hexdigest()


_WRAP_END = re.compile(r"(?:,|\b(?:a|an|the|of|on|in|to|for|and|or|but|at|by|with|from|that|who|as|is|was|were|"
                       r"has|have|had|will|would|said|told))$")


_BULLET = re.compile(r"^(?:[-*•–]|\d{1,2}[.)])\s")


def unwrap(raw_lines: list[str]) -> list[str]:
    """Non-empty lines, with hard-wrapped paragraphs joined back (a line broken after "in Ankara on").

    Only a line that cannot end a paragraph is joined with the next one: it is long, has no closing
    punctuation, and ends on a comma or a function word, or the next line goes on in lower case.
    """
    out: list[str] = []
    joinable = False
    for raw in raw_lines:
        line = " ".join(raw.split())
        if not line:
            joinable = False
            continue
        if joinable and not _BULLET.match(line) and (_WRAP_END.search(out[-1]) or line[:1].islower()):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        joinable = len(out[-1]) >= 40 and not _SENTENCE_END.search(out[-1]) and not out[-1].endswith(":")
    return out


def clean_lines(raw_lines: list[str], recurring: set[str] | frozenset[str] = frozenset()) -> Cleaned:
    """Classify each raw line; return the kept lines with roles, the clean text and what was removed."""
    lines = unwrap(raw_lines)
    verdicts = [_classify(ln, bool(recurring) and line_key(ln) in recurring) for ln in lines]
    _tail_verdicts(lines, verdicts)
    kept = [ln for ln, v in zip(lines, verdicts, strict=True) if v.kind == "keep"]
    if not kept:
        raise StageError("no body text left after removing boilerplate")
    removed = [ln for ln, v in zip(lines, verdicts, strict=True) if v.kind != "keep"]
    publisher = _first(v.publisher for v in verdicts if v.kind == "credit") or _first(
        v.publisher for v in verdicts if v.kind == "byline")
    published = _first(v.date for v in verdicts if v.kind == "byline")
    publisher = publisher or _first(map(reporter_outlet, kept))
    return _assemble(_roles(kept), removed, publisher, published)


def _first(values: Iterable[str | None]) -> str | None:
    return next((v for v in values if v), None)


def _roles(kept: list[str]) -> list[tuple[str, str]]:
    roles: list[tuple[str, str]] = []
    for i, line in enumerate(kept):
        nxt = kept[i + 1] if i + 1 < len(kept) else ""
        roles.append((line, _role(line, i, nxt)))
    return roles


def _role(line: str, index: int, following: str) -> str:
    words = len(line.split())
    if index == 0 and words <= 30:
        return "headline"
    if index == 1 and _is_dek(line, following):
        return "dek"
    return "heading" if _looks_like_heading(line) else "body"


def _is_dek(line: str, following: str) -> bool:
    # A standfirst is one summary sentence under the headline, followed by a full body paragraph;
    # a paragraph opening with a dateline or a quote is already the body.
    return (bool(_SENTENCE_END.search(line)) and len(line.split()) <= 45 and not line.startswith(("“", '"'))
            and len(following.split()) >= 12 and dateline_of(line) is None)


def _looks_like_heading(line: str) -> bool:
    words = line.split()
    bare = line.rstrip("\"”’'")
    return (2 <= len(words) <= 16 and not re.search(r"[.!?…:;,]$", bare) and line[:1].isupper()
            and dateline_of(line) is None)


def _assemble(kept: list[tuple[str, str]], removed: list[str], publisher: str | None,
              published: str | None) -> Cleaned:
    lines: list[Line] = []
    pos = 0
    for text, role in kept:
        lines.append(Line(text, role, (pos, pos + len(text))))
        pos += len(text) + 2
    return Cleaned(lines, "\n\n".join(t for t, _ in kept), removed, publisher, published)


def article_id(text: str) -> str:
    """A stable id from a text: the same text gives the same id in every run."""
    norm = " ".join(text.lower().split())
    return hashlib.blake2b(norm.encode(), digest_size=10).hexdigest()


def _html_to_text(doc: "Document") -> tuple[str, dict[str, str | None]]:
    from .html import extract_html

    ex = extract_html(doc.page.raw, doc.page.url)
    body = ex.text if not ex.title else f"{ex.title}\n\n{ex.text}"
    return body, {"title": ex.title, "published": ex.published, "publisher": ex.publisher}


def page_lines(doc: "Document") -> tuple[list[str], dict[str, str | None]]:
    """The raw lines of a page's text (HTML extracted first) and the metadata extraction found."""
    page = doc.page
    meta: dict[str, str | None] = {}
    raw = page.raw
    if page.format == "html":
        raw, meta = _html_to_text(doc)
    elif page.title and page.format == "json":
        raw = f"{page.title}\n\n{raw}"
    return raw.split("\n"), meta


def own_text(raw_lines: list[str], recurring: set[str] | frozenset[str], cleaned: Cleaned) -> str:
    """The page's own clean text: what `clean_lines` keeps without the lines recurring across documents.

    It is the text a document's id is made from. The lines found recurring depend on the batch and on
    the documents read before, so the clean text does too; the page's own clean text depends on the
    page alone, and a page gets the same id in every run and in every batch.
    """
    if not recurring or not any(line_key(ln) in recurring for ln in unwrap(raw_lines)):
        return cleaned.text
    try:
        return clean_lines(raw_lines).text
    except StageError:  # cannot happen (fewer lines are removed), but an id needs no body to exist
        return cleaned.text


@stage("clean", requires=("page",), assigns=("article",))
def clean(doc: "Document", ctx: "Context") -> "Document":
    page = doc.page
    raw_lines, meta = page_lines(doc)
    size = sum(len(line) + 1 for line in raw_lines) - 1
    if size > ctx.config.max_doc_chars:  # the reader's cap saw the markup; this is the text the stages get
        raise StageError(f"document too long: {size:,} characters of text, more than {ctx.config.max_doc_chars:,} "
                         "(--max-doc-chars)")
    recurring = ctx.state.get("recurring_lines", frozenset())
    cleaned = clean_lines(raw_lines, recurring)
    title = page.title or meta.get("title") or next(
        (ln.text for ln in cleaned.lines if ln.role == "headline"), None)
    article = Article(
        id=article_id(own_text(raw_lines, recurring, cleaned)), path=page.path, text=cleaned.text, title=title,
        publisher=page.publisher or meta.get("publisher") or cleaned.publisher,
        published=page.published or meta.get("published") or cleaned.published, removed=tuple(cleaned.removed),
        dek=next((ln.text for ln in cleaned.lines if ln.role == "dek"), None), lines=tuple(cleaned.lines),
    )
    return replace(doc, article=article)
