"""Quotes: direct, mixed and indirect, with speaker, addressee and cue (see `extract.py`); speaker
phrases as actor, description or document (`speakers.py`)."""

from __future__ import annotations

from .extract import Extractor, Found, extract_quotes, quotes_stage, to_quotes
from .speakers import Speakers, Who

__all__ = ["Extractor", "Found", "Speakers", "Who", "extract_quotes", "quotes_stage", "to_quotes"]
