"""Documents to table rows (column name -> value), in the order they must be inserted."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from ..model import ActorRef, Document, Event


def _ref(ref: ActorRef | None) -> tuple[str | None, str | None, str | None]:
    return (ref.actor_id, ref.name, ref.country) if ref else (None, None, None)


def quad_of(event: Event) -> int | None:
    """The event's quad class, or the one of its CAMEO code when the coder left it out."""
    if event.quad is not None or not event.cameo:
        return event.quad
    from ..kb.ontology import cameo_for

    try:
        return cameo_for(event.cameo).quad
    except KeyError:
        return None


def story_of(doc: Document) -> str:
    """The story an article belongs to: its cluster, or itself when it has none."""
    assert doc.article is not None
    return doc.article.cluster or doc.article.id


def _domain(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def rows_of(doc: Document, signature: tuple[bytes, int] | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
    a = doc.article
    assert a is not None
    story = story_of(doc)
    if a.publisher:
        yield "publishers", {"name": a.publisher, "domain": _domain(doc.page.url)}
    yield "articles", {
        "id": a.id, "path": a.path, "title": a.title, "publisher": a.publisher, "published": a.published,
        "language": a.language, "text": a.text, "removed": list(a.removed), "dek": a.dek,
        "dateline": a.dateline, "cluster": a.cluster, "duplicate_of": a.duplicate_of,
        "quality_score": a.quality.score, "quality_flags": list(a.quality.flags),
        "skipped": list(doc.skipped), "minhash": signature[0] if signature else None,
        "shingles": signature[1] if signature else None, "url": doc.page.url,
    }
    yield "stories", {"id": story, "first_article": a.id, "title": a.title, "first_published": a.published}
    yield from _actor_rows(doc)
    yield from _quote_rows(doc, story)
    yield from _event_rows(doc, story)


def _actor_rows(doc: Document) -> Iterator[tuple[str, dict[str, Any]]]:
    assert doc.article is not None
    for actor in doc.actors:
        yield "actors", {"id": actor.id, "name": actor.name, "type": actor.type, "country": actor.country,
                         "role": actor.role, "sector": actor.sector}
        for alias in sorted({actor.name, *actor.aliases}):
            yield "aliases", {"actor_id": actor.id, "alias": alias}
        for start, end in actor.mentions:
            yield "mentions", {"article_id": doc.article.id, "actor_id": actor.id, "start_char": start,
                               "end_char": end, "country": actor.country}


def _quote_rows(doc: Document, story: str) -> Iterator[tuple[str, dict[str, Any]]]:
    assert doc.article is not None
    article_id = doc.article.id
    for n, q in enumerate(doc.quotes):
        sid, sname, _ = _ref(q.speaker)
        aid, aname, _ = _ref(q.addressee)
        yield "quotes", {"article_id": article_id, "n": n, "qid": f"{article_id}:{n}", "story": story,
                         "text": q.text, "kind": q.kind, "speaker_id": sid, "speaker_name": sname,
                         "addressee_id": aid, "addressee_name": aname, "cue": q.cue,
                         "start_char": q.span[0], "end_char": q.span[1], "sentence": q.sentence,
                         "speaker_kind": q.speaker_kind, "speaker_text": q.speaker_text,
                         "speaker_head": q.speaker_head, "attribution": q.attribution}


def _event_rows(doc: Document, story: str) -> Iterator[tuple[str, dict[str, Any]]]:
    a = doc.article
    assert a is not None
    for n, e in enumerate(doc.events):
        s, t = _ref(e.source), _ref(e.target)
        yield "events", {
            "article_id": a.id, "n": n, "story": story, "day": e.date or a.published, "type": e.type,
            "cameo": e.cameo, "goldstein": e.goldstein, "quad": quad_of(e), "source_id": s[0],
            "source_name": s[1], "source_country": s[2], "target_id": t[0], "target_name": t[1],
            "target_country": t[2], "negated": e.negated, "modality": e.modality, "date": e.date,
            "location_name": e.location.name if e.location else None,
            "location_country": e.location.country if e.location else None,
            "sentence": e.sentence, "start_char": e.span[0], "end_char": e.span[1],
            "confidence": e.confidence, "trigger": e.trigger,
        }
