"""Cross-document boilerplate: a line that recurs in documents telling different stories is page furniture.

A source repeats its furniture ("Share this article", its name, a newsletter pitch) under every story,
so a line seen in at least `MIN_STORIES` different stories is boilerplate. Counting documents is not
enough: republished copies of one story repeat its paragraphs too, and those must stay. So each line
keeps the fingerprints of up to `MIN_STORIES` documents it was seen in that are not copies of each
other; a fingerprint is a sample of the document's word 3-grams, and two documents whose samples
overlap are one story (also when one is truncated or reworded).

The stage runs over a whole batch before `clean`, so every document of the batch benefits from the
evidence of the others; the counts live in `Context.state` and carry over to later batches of the run.
HTML pages are not counted: their text is extracted (and de-furnished) by trafilatura in `clean`.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..registry import stage
from .clean import RECURRING_MAX_WORDS, is_junk, line_key, unwrap

if TYPE_CHECKING:
    from ..model import Document
    from ..pipeline import Context

MIN_STORIES = 3
SAME_STORY = 0.3  # share of the smaller sample two copies of one story have in common (copies: > 0.6)
STORY_MIN_WORDS = 12
SAMPLE_MOD = 8  # keep the 3-grams whose hash is 0 mod this: about one in eight
SAMPLE_MAX = 64
MAX_LINES = 200_000  # lines tracked before singletons are forgotten (bounds memory on big crawls)
_WORD = re.compile(r"\w+")

Fingerprint = frozenset[int]


def fingerprint(lines: list[str]) -> Fingerprint:
    """A sample of the word 3-grams of `lines`: the same for copies, disjoint for different stories.

    The 3-grams kept are those starting on a word whose hash is 0 mod `SAMPLE_MOD`, so copies keep the
    same ones. Hashes are CRC-32s: the same decisions in every run, whatever the interpreter's hash seed.
    """
    hs = list(map(zlib.crc32, map(str.encode, _WORD.findall(" ".join(lines).lower()))))
    sample = [(hs[i] * 0x9E3779B1 ^ hs[i + 1]) * 0x85EBCA77 ^ hs[i + 2]
              for i in range(len(hs) - 2) if hs[i] % SAMPLE_MOD == 0]
    return frozenset(sample[:SAMPLE_MAX])


def same_story(a: Fingerprint, b: Fingerprint) -> bool:
    small = min(len(a), len(b))
    if small < 2:  # too short a text to tell: only the same sample is the same story (conservative)
        return a == b
    return len(a & b) >= SAME_STORY * small


@dataclass
class LineStats:
    """For each line seen: fingerprints of the distinct stories it appeared in, until it is boilerplate."""

    min_stories: int = MIN_STORIES
    max_lines: int = MAX_LINES
    stories: dict[str, list[Fingerprint]] = field(default_factory=dict)
    recurring: set[str] = field(default_factory=set)

    def observe(self, lines: list[str]) -> None:
        """Count the lines of one document."""
        content = [ln for ln in lines if not is_junk(ln)]
        candidates = {line_key(ln) for ln in content if len(ln.split()) <= RECURRING_MAX_WORDS}
        if not candidates:
            return
        # The story is told by the paragraphs: short lines, furniture among them, would make the pages
        # of one source look alike.
        fp = fingerprint([ln for ln in content if len(ln.split()) > STORY_MIN_WORDS] or content)
        for key in candidates - self.recurring:
            self._add(key, fp)
        if len(self.stories) > self.max_lines:
            self._forget_singletons()

    def _add(self, key: str, fp: Fingerprint) -> None:
        seen = self.stories.setdefault(key, [])
        if any(same_story(fp, other) for other in seen):
            return
        seen.append(fp)
        if len(seen) >= self.min_stories:
            self.recurring.add(key)
            del self.stories[key]

    def _forget_singletons(self) -> None:
        # The oldest half of the lines seen in one story only: on a big crawl most lines are such.
        singles = [k for k, v in self.stories.items() if len(v) == 1]
        for key in singles[: max(1, len(singles) // 2)]:
            del self.stories[key]


def stats_of(ctx: "Context") -> LineStats:
    if "line_stats" not in ctx.state:
        ctx.state["line_stats"] = LineStats()
    return ctx.state["line_stats"]  # type: ignore[no-any-return]


@stage("boilerplate", requires=("page",), assigns=(), batch=True)
def boilerplate(docs: list["Document"], ctx: "Context") -> list["Document"]:
    stats = stats_of(ctx)
    for doc in docs:
        if doc.page.format in ("text", "json"):
            stats.observe(unwrap(doc.page.raw.split("\n")))
    ctx.state["recurring_lines"] = stats.recurring
    return docs
