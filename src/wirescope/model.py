"""The record contract as frozen dataclasses.

Stages never mutate: each returns a new `Document` built with `dataclasses.replace`. Character spans
are half-open ``(start, end)`` offsets into `Article.text`, the clean body text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

Span = tuple[int, int]

ACTOR_TYPES = ("PERSON", "ORG", "COUNTRY", "IGO", "MEDIA", "GROUP")
QUOTE_KINDS = ("direct", "indirect", "mixed")
SPEAKER_KINDS = ("actor", "description", "document")


@dataclass(frozen=True)
class Page:
    """One raw input document, as a reader produced it, before any cleaning."""

    path: str
    raw: str
    format: str = "text"  # text | html | json (already-extracted body)
    title: str | None = None
    published: str | None = None
    publisher: str | None = None
    url: str | None = None
    fallback_published: str | None = None  # e.g. the WARC capture date
    meta: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Rejected:
    """An input that gave no record, with the reason; stored, never raised past the batch."""

    path: str
    reason: str
    stage: str = "ingest"


@dataclass(frozen=True)
class Quality:
    flags: tuple[str, ...] = ()
    score: float = 1.0


@dataclass(frozen=True)
class Line:
    """A line of the clean text with its role (headline, dek, heading, dateline, body)."""

    text: str
    role: str
    span: Span


@dataclass(frozen=True)
class Article:
    id: str
    path: str
    text: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    language: str | None = None
    removed: tuple[str, ...] = ()
    dek: str | None = None
    dateline: str | None = None
    lines: tuple[Line, ...] = ()
    cluster: str | None = None
    duplicate_of: str | None = None
    quality: Quality = Quality()


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    role: str | None = None
    sector: str | None = None
    mentions: tuple[Span, ...] = ()
    country_source: str | None = None  # kb | title | party | affiliation | home (see docs/record.md)
    code: str | None = None  # CAMEO-style actor code: country + sector ("GBRGOV"), for exports


@dataclass(frozen=True)
class ActorRef:
    actor_id: str
    name: str
    country: str | None = None


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None = None


@dataclass(frozen=True)
class Quote:
    text: str
    kind: str
    span: Span
    sentence: int
    speaker: ActorRef | None = None
    addressee: ActorRef | None = None
    cue: str | None = None
    # Who speaks, as the text says it: an actor ("Lavrov", "he"), a description ("a BBC spokesman",
    # "the mayor", "some experts": `speaker` is then the actor it refers to, when the document names
    # one) or a document ("the report", "a statement"). See docs/record.md.
    speaker_kind: str | None = None  # actor | description | document
    speaker_text: str | None = None  # the speaker phrase as written
    speaker_head: str | None = None  # its head noun, lower case ("spokesman", "report")
    speaker_span: Span | None = None
    attribution: str | None = None  # cue | according | carried | headline | signature


# What counts as an actual event: not negated, and asserted or reported (not future, hypothetical or
# conditional). `Event.actual` and `actual_sql` (store queries, the API and every export) are its one
# definition.
ACTUAL_MODALITIES = ("asserted", "reported")


def actual_sql(alias: str = "e") -> str:
    """The SQL condition for an actual event over an events table (`alias` '' for the bare table)."""
    col = f"{alias}." if alias else ""
    modalities = ", ".join(f"'{m}'" for m in ACTUAL_MODALITIES)
    return f"NOT {col}negated AND {col}modality IN ({modalities})"


@dataclass(frozen=True)
class Event:
    type: str  # PLOVER
    cameo: str
    goldstein: float
    span: Span
    sentence: int
    source: ActorRef | None = None
    target: ActorRef | None = None
    negated: bool = False
    modality: str = "asserted"  # asserted | reported | future | hypothetical | conditional
    date: str | None = None
    location: Place | None = None
    confidence: float = 0.5
    quad: int | None = None
    trigger: str | None = None

    @property
    def actual(self) -> bool:
        """True for events the text asserts did happen (what queries count)."""
        return not self.negated and self.modality in ACTUAL_MODALITIES


@dataclass(frozen=True)
class Document:
    """What flows through the pipeline: the page, then everything stages derived from it."""

    page: Page
    article: Article | None = None
    nlp: Any = None  # spaCy Doc over article.text; never serialised
    actors: tuple[Actor, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    skipped: tuple[str, ...] = ()  # "stage: reason" for stages that chose not to run

    def record(self) -> dict[str, Any]:
        """The JSON record of the contract (see docs/record.md)."""
        if self.article is None:
            raise ValueError(f"{self.page.path}: no article to serialise")
        a = self.article
        return {
            "id": a.id,
            "path": a.path,
            "title": a.title,
            "publisher": a.publisher,
            "published": a.published,
            "language": a.language,
            "text": a.text,
            "removed": list(a.removed),
            "dek": a.dek,
            "dateline": a.dateline,
            "cluster": a.cluster,
            "duplicate_of": a.duplicate_of,
            "quality": {"flags": list(a.quality.flags), "score": round(a.quality.score, 3)},
            "actors": [_actor_json(x) for x in self.actors],
            "quotes": [_plain(asdict(q)) for q in self.quotes],
            "events": [_plain(asdict(e)) for e in self.events],
            "skipped": list(self.skipped),
        }


def _actor_json(actor: Actor) -> dict[str, Any]:
    d = _plain(asdict(actor))
    return {k: d[k] for k in ("id", "name", "aliases", "type", "country", "role", "sector", "mentions",
                              "country_source", "code")}


def _plain(value: Any) -> Any:
    """Tuples to lists so the JSON looks the same as what was read back from it."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
