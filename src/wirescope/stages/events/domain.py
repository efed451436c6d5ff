"""The story's domain: sport, the arts and technology stories have no political events.

"England were beaten by Ireland", "the film hit the box office", "search wars hit desktop PCs": the
verbs of conflict and cooperation are figurative there, and the teams, clubs, films and firms are not
actors of events. A story is of such a domain when its domain words (``kb/lang/en/domains.yaml``)
outnumber its political words by a factor and are frequent enough; a story of politics that mentions
a match keeps its events.
"""

from __future__ import annotations

import re
from collections import Counter

from ...kb.lang import words

WORD = re.compile(r"[a-z][a-z'-]*")
SCORELINE = re.compile(r"\b\d{1,2}-\d{1,2}\b")  # "beaten 19-13", "a 1-1 draw"


def non_political_domain(text: str, lang: str = "en") -> str | None:
    """The non-political domain a story belongs to ('sport', 'arts', 'tech'), or None."""
    table = words("domains", lang)
    counts = Counter(WORD.findall(text.lower()))
    political = sum(counts[w] for w in table["politics"])
    best: tuple[str, int] | None = None
    for domain in sorted(table["domains"]):  # a set: a tie must not depend on the hash seed
        hits = sum(counts[w] for w in table[domain])
        if domain in table["scorelines"]:
            hits += len(SCORELINE.findall(text))
        enough = hits >= table["min_hits"] or (hits >= table["min_hits_alone"] and political == 0)
        if enough and hits > table["ratio"] * political and (best is None or hits > best[1]):
            best = (domain, hits)
    return best[0] if best else None
