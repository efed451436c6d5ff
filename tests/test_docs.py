"""Docs that cannot drift: every field of the record is documented, and nothing undocumented exists."""

from __future__ import annotations

import re
from dataclasses import fields

from conftest import ROOT
from wirescope.model import Actor, Article, Document, Event, Page, Quote

DOC = (ROOT / "docs" / "record.md").read_text(encoding="utf-8")


def documented(section: str) -> set[str]:
    body = DOC.split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    return {name for row in re.findall(r"^\| ([^|]+) \|", body, re.M) for name in re.findall(r"`(\w+)`", row)}


def test_article_fields_match_the_record() -> None:
    doc = Document(page=Page(path="x", raw="y"), article=Article(id="1", path="x", text="y"))
    assert documented("Article fields") == set(doc.record())


def test_nested_fields_match_the_dataclasses() -> None:
    record_fields = {
        "actor": {f.name for f in fields(Actor)},
        "quote": {f.name for f in fields(Quote)},
        "event": {f.name for f in fields(Event)},
    }
    for section, names in record_fields.items():
        assert documented(section) == names, section
