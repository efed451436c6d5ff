"""The constructions of tests/data/event_cases.tsv, one row each, through the whole pipeline.

Each row: a text written for the test, the (source, type, target) triples that must be coded and those
that must not. Actors are given by country code; '*' as a target is any target or none, as a source
any source or none.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from wirescope.model import Document, Event, Page
from wirescope.pipeline import Pipeline

CASES = Path(__file__).parent / "data" / "event_cases.tsv"
ROWS = list(csv.DictReader(CASES.open(encoding="utf-8"), delimiter="\t"))


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def triples(cell: str) -> list[tuple[str, str, str]]:
    return [tuple(t.split()) for t in (cell or "").split(";") if t.strip()]  # type: ignore[misc]


def matches(spec: tuple[str, str, str], e: Event) -> bool:
    src, typ, tgt = spec
    if e.type != typ or not e.actual:
        return False
    s = e.source.country if e.source else None
    t = e.target.country if e.target else None
    return (src == "*" or s == src) and (tgt == "*" or t == tgt)


@pytest.mark.parametrize("row", ROWS, ids=[r["construction"] for r in ROWS])
def test_construction(pipeline: Pipeline, row: dict[str, str]) -> None:
    [doc] = list(pipeline.run([Page("case.txt", row["text"], published="2024-03-15")]))
    assert isinstance(doc, Document), doc
    shown = [(e.source.country if e.source else None, e.type, e.target.country if e.target else None)
             for e in doc.events]
    for spec in triples(row["required"]):
        assert any(matches(spec, e) for e in doc.events), f"{spec} not in {shown}"
    for spec in triples(row["forbidden"]):
        assert not any(matches(spec, e) for e in doc.events), f"{spec} in {shown}"
