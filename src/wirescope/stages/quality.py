"""Quality flags for garbled or machine-rewritten text, and a document score a user can filter on.

Scraped news is often "spun": an article rewritten word by word by a program, which leaves traces a
professional text never has, in the seed scrape for instance:
- a determiner before a bare verb ("refraining from the qualify as an invasion"),
- a closing quote mark that closes nothing ("a “no-nonsense” relationship. limits” in which"),
- stray punctuation (". . –", "solutions” , Wang said"),
- a sentence going on in lower case after a full stop ("other countries. amid sanctions").
Each sentence is checked on its own; a flag names the check and the sentence's span in the clean text
("orphan_closing_quote@1234-1302"). The score is 1 minus `PENALTY` times the share of flagged
sentences, so one slip in a long article costs little and a spun article scores low.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from ..model import Quality
from ..registry import stage

if TYPE_CHECKING:
    from ..model import Document
    from ..pipeline import Context

PENALTY = 3.0
SHORT_WORDS = 50
SHORT_PENALTY = 0.3

# Verbs whose bare form is never a noun: after "the"/"a"/"an" they betray a word-for-word rewrite.
BARE_VERBS = frozenset({
    "qualify", "provide", "decide", "continue", "describe", "consider", "ensure", "allow", "become", "remain",
    "seem", "include", "require", "prevent", "maintain", "acknowledge", "declare", "condemn", "oppose", "undermine",
    "threaten", "persuade", "reiterate", "emphasise", "emphasize", "insist", "deny", "accept", "agree", "announce",
    "criticise", "criticize", "discuss", "negotiate", "intend", "achieve", "arrive", "depart", "obtain", "retain",
    "possess", "suppose", "exist", "occur", "happen", "deliver", "explain", "suggest", "imply", "indicate",
    "assert", "argue", "contend",
})
# Lower case only: "the Remain camp" is a name.
_DETERMINER_VERB = re.compile(r"\b(?:[Tt]he|[Aa]n?)\s+(?:" + "|".join(sorted(BARE_VERBS)) + r")\b(?![-’'])")
# Punctuation separated from punctuation by a space (". .", ", ."), or a space before a comma.
_STRAY = re.compile(r"(?<![.])[.,;:]\s+[.,;:](?![.])|[”\"]\s+[,;.](?=\s)|\s,\s")
# A full stop after a word, then a lower-case word: unless the stop ends an abbreviation.
_LOWER_AFTER_STOP = re.compile(r"\b([A-Za-z][a-z]+)\.\s+[a-z]{2,}\b")
_ABBREVIATIONS = frozenset({
    "inc", "corp", "co", "ltd", "plc", "llc", "jr", "sr", "mr", "mrs", "ms", "dr", "st", "no", "nos", "gov", "sen",
    "rep", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm", "prof", "vs", "etc", "al", "approx", "est", "dept",
    "univ", "fig", "vol", "ch", "pp", "ed", "eds", "rev", "hon", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec",
})
# The same lower-case word twice ("the the"); capitalised repeats are titles ("Please Please Me").
_REPEATED = re.compile(r"\b([a-z]{3,})\s+\1\b")
_LEGIT_REPEATS = {"had", "that", "very", "bye", "far", "long", "knock", "more", "many", "now", "really", "blah", "tsk"}
# Sentence ends; a closing mark may follow the stop. Lower-case starts are kept inside a sentence so
# "countries. amid sanctions" stays one sentence for the check above.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of `text` (paragraphs split first)."""
    spans = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        for m in _SENTENCE_END.finditer(para.group()):
            spans.append((start, para.start() + m.start()))
            start = para.start() + m.end()
        if start < para.end():
            spans.append((start, para.end()))
    return spans


def orphan_closing_quotes(paragraph: str) -> list[int]:
    """Offsets of curly closing quotes that close no opening one (a paragraph may leave one open).

    A straight quote closes an open quote, else opens one: texts mix the two kinds.
    """
    depth, out = 0, []
    for m in re.finditer(r"[“”\"]", paragraph):
        mark = m.group()
        if mark == "“" or (mark == '"' and not depth):
            depth += 1
        elif depth:
            depth -= 1
        else:
            out.append(m.start())
    return out


def sentence_flags(sentence: str) -> list[str]:
    flags = []
    if _DETERMINER_VERB.search(sentence):
        flags.append("determiner_before_verb")
    if _STRAY.search(sentence):
        flags.append("stray_punctuation")
    if any(m.group(1).lower() not in _ABBREVIATIONS for m in _LOWER_AFTER_STOP.finditer(sentence)):
        flags.append("lowercase_after_stop")
    if any(m.group(1).lower() not in _LEGIT_REPEATS for m in _REPEATED.finditer(sentence)):
        flags.append("repeated_word")
    return flags


def assess(text: str) -> Quality:
    spans = sentences(text)
    found: dict[tuple[int, int], list[str]] = {}
    for span in spans:
        flags = sentence_flags(text[span[0]:span[1]])
        if flags:
            found[span] = flags
    for para in re.finditer(r"[^\n]+", text):
        for offset in orphan_closing_quotes(para.group()):
            at = para.start() + offset
            span = next((s for s in spans if s[0] <= at < s[1] + 1), (at, at + 1))
            found.setdefault(span, []).append("orphan_closing_quote")
    flags = [f"{name}@{s}-{e}" for (s, e), names in sorted(found.items()) for name in names]
    score = 1.0 - PENALTY * len(found) / max(1, len(spans))
    if len(text.split()) < SHORT_WORDS:
        flags.append("short_text")
        score -= SHORT_PENALTY
    return Quality(tuple(flags), round(max(0.0, score), 3))


@stage("quality", requires=("article",), assigns=("article",))
def quality(doc: "Document", ctx: "Context") -> "Document":
    assert doc.article is not None
    return replace(doc, article=replace(doc.article, quality=assess(doc.article.text)))
