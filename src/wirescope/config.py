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
    max_nlp_chars: int = 200_000
    extra: dict[str, object] = field(default_factory=dict)
