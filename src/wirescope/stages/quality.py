"""Quality flags for garbled or machine-rewritten text, and a document score a user can filter on."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from ..model import Quality
from ..registry import stage

if TYPE_CHECKING:
    from ..model import Document
    from ..pipeline import Context

# Each check names what a reader would notice; the regexes look inside one paragraph.
CHECKS: dict[str, re.Pattern[str]] = {
    "stray_punctuation": re.compile(r"[.,;:]\s+[.,;:]\s*[–—-]|\s[.,]\s[.,]|\s,\s*[.]|[.]\s*,"),
    "lowercase_sentence_start": re.compile(r"[a-z]{3,}[.]\s+(?!e\.g|i\.e|etc|vs)[a-z]{3,}\s"),
    "orphan_closing_quote": re.compile(r"(?:^|[^“\w])\b\w+[.,]?”(?![^“]*”)"),
    "repeated_word": re.compile(r"\b(\w{3,})\s+\1\b", re.I),
    "determiner_before_verb": re.compile(r"\b(?:the|a|an)\s+(?:qualify|provide|decide|refrain|continue)\b", re.I),
}


def paragraph_flags(paragraph: str) -> list[str]:
    flags = [name for name, rx in CHECKS.items() if rx.search(paragraph)]
    if paragraph.count("“") != paragraph.count("”") and "unbalanced_quotes" not in flags:
        # A quote continued into the next paragraph legitimately leaves one opening mark unclosed.
        if paragraph.count("”") > paragraph.count("“"):
            flags.append("unbalanced_quotes")
    return flags


def assess(text: str) -> Quality:
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    flags: list[str] = []
    bad = 0
    for p in paragraphs:
        found = paragraph_flags(p)
        bad += bool(found)
        flags.extend(f for f in found if f not in flags)
    if len(text.split()) < 50:
        flags.append("short_text")
    score = max(0.0, 1.0 - 2.0 * bad / max(1, len(paragraphs)) - (0.3 if "short_text" in flags else 0.0))
    return Quality(tuple(flags), round(score, 3))


@stage("quality", requires=("article",), assigns=("article",))
def quality(doc: "Document", ctx: "Context") -> "Document":
    assert doc.article is not None
    return replace(doc, article=replace(doc.article, quality=assess(doc.article.text)))
