"""Documents to table rows (column name -> value), in the order they must be inserted."""

from __future__ import annotations

from typing import Any, Iterator

from ..model import ActorRef, Document


def _ref(ref: ActorRef | None) -> tuple[str | None, str | None, str | None]:
    return (ref.actor_id, ref.name, ref.country) if ref else (None, None, None)


def rows_of(doc: Document, signature: tuple[bytes, int] | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
    a = doc.article
    assert a is not None
    yield "articles", {
        "id": a.id, "path": a.path, "title": a.title, "publisher": a.publisher, "published": a.published,
        "language": a.language, "text": a.text, "removed": list(a.removed), "dek": a.dek,
        "dateline": a.dateline, "cluster": a.cluster, "duplicate_of": a.duplicate_of,
        "quality_score": a.quality.score, "quality_flags": list(a.quality.flags),
        "skipped": list(doc.skipped), "minhash": signature[0] if signature else None,
        "shingles": signature[1] if signature else None,
    }
    for actor in doc.actors:
        yield "actors", {"id": actor.id, "name": actor.name, "type": actor.type, "country": actor.country,
                         "role": actor.role, "sector": actor.sector}
        for alias in {actor.name, *actor.aliases}:
            yield "aliases", {"actor_id": actor.id, "alias": alias}
        for start, end in actor.mentions:
            yield "mentions", {"article_id": a.id, "actor_id": actor.id, "start_char": start, "end_char": end}
    for n, q in enumerate(doc.quotes):
        sid, sname, _ = _ref(q.speaker)
        aid, aname, _ = _ref(q.addressee)
        yield "quotes", {"article_id": a.id, "n": n, "text": q.text, "kind": q.kind, "speaker_id": sid,
                         "speaker_name": sname, "addressee_id": aid, "addressee_name": aname, "cue": q.cue,
                         "start_char": q.span[0], "end_char": q.span[1], "sentence": q.sentence}
    for n, e in enumerate(doc.events):
        s, t = _ref(e.source), _ref(e.target)
        yield "events", {
            "article_id": a.id, "n": n, "type": e.type, "cameo": e.cameo, "goldstein": e.goldstein,
            "quad": e.quad, "source_id": s[0], "source_name": s[1], "source_country": s[2],
            "target_id": t[0], "target_name": t[1], "target_country": t[2], "negated": e.negated,
            "modality": e.modality, "date": e.date,
            "location_name": e.location.name if e.location else None,
            "location_country": e.location.country if e.location else None,
            "sentence": e.sentence, "start_char": e.span[0], "end_char": e.span[1],
            "confidence": e.confidence, "trigger": e.trigger,
        }
