"""Run configuration: which stages run, in which order, with which settings."""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_STAGES = ("boilerplate", "clean", "meta", "quality", "dedup", "nlp", "actors", "quotes", "events")


@dataclass(frozen=True)
class Config:
    stages: tuple[str, ...] = DEFAULT_STAGES
    batch_size: int = 32
    n_process: int = 1
    spacy_model: str | None = None  # None: official en_core_web_sm if installed, else the re-upload
    kb_files: tuple[str, ...] = ()
    publisher_country: str | None = None  # ISO alpha-3 home country of the publisher, when known
    dedup_threshold: float = 0.5
    doc_timeout: float = 60.0  # seconds a document may take in the stages of one process (0: no limit)
    max_doc_chars: int = 2_000_000  # a longer clean text (an HTML page's, once extracted) is rejected
    max_nlp_chars: int = 200_000  # characters of a text parsed (the rest is left out, noted in `skipped`)
    nlp_chunk_chars: int = 20_000  # a longer text is parsed in pieces of this size (spaCy's memory)
    nlp_batch_chars: int = 100_000  # characters per nlp.pipe call (a batch of 32 news articles fits)
    extra: dict[str, object] = field(default_factory=dict)
