"""Bundled demo corpus: 18 short, originally written news-article scrapes (plain text, with scrape junk).

The articles live in the ``corpus/`` folder next to this module and are described in ``README.md``;
hand-made reference annotations for them are in ``tests/data/demo-gold.json`` (scored by the shared
``eval/score.py``).
"""

from __future__ import annotations

import pathlib


def corpus_dir() -> pathlib.Path:
    """Return the folder holding the demo articles (``NN_slug.txt``, UTF-8)."""
    return pathlib.Path(__file__).resolve().parent / "corpus"
