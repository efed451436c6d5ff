"""Quotes: direct, mixed and indirect, with speaker, addressee and cue.

Direct quotes come from quotation marks paired over the raw text (`quotemarks.py`), attributed by a
speech verb next to them in either order ("“...,” Lavrov said." / "Lavrov said: “...”"), or, for a
quote standing alone, by the quote just before it. A quoted fragment inside reported speech is a
mixed quote: the whole reported clause, attributed to the reporting speaker. Reported speech with no
marks ("Lavrov said Russia and China oppose ...", "according to X, ...") is an indirect quote.
Speakers are found on the parse (subject of the cue, "according to" object) and turned into actors
through `actor_lookup`, which already knows pronouns and titles from coreference.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from ...model import Quote
from ...registry import stage
from ..actors import ActorLookup
from .carry import Carry
from .direct import Direct
from .found import Found

if TYPE_CHECKING:
    from ...model import Document
    from ...pipeline import Context

__all__ = ["Extractor", "Found", "extract_quotes", "quotes_stage", "to_quotes"]


class Extractor(Direct, Carry):
    """Direct, mixed and indirect quotes of one document, with carry-on between them."""

    # --- indirect -----------------------------------------------------------------------------
    def indirect(self, taken: set[int]) -> list[Found]:
        from .frames import document_frames
        from .indirect import headlines, indirect

        return indirect(self, taken) + self._according_indirect(taken) + headlines(self, taken) \
            + document_frames(self, taken)

    def run(self) -> list[Found]:
        direct = self.direct()
        taken = {f.cue_token for f in direct if f.cue_token is not None}
        found = sorted(direct + self.indirect(taken), key=lambda f: f.span)
        self._chains(found)
        self._carry(found)
        self._chains(found)
        return found


def extract_quotes(document: "Document", lookup: ActorLookup | None = None) -> list[Found]:
    if document.nlp is None or document.article is None:
        return []
    return Extractor(document, lookup).run()


def to_quotes(found: Iterable[Found]) -> tuple[Quote, ...]:
    return tuple(f.quote() for f in found)


@stage("quotes", requires=("nlp", "actors"), assigns=("quotes",))
def quotes_stage(document: "Document", ctx: "Context") -> "Document":
    if document.nlp is None:
        return replace(document, skipped=document.skipped + ("quotes: no parse",))
    return replace(document, quotes=to_quotes(extract_quotes(document)))
