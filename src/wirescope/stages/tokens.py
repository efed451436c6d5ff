"""A parsed document whose tokens are built once (stages compute; this only caches)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


class SharedTokens:
    """A spaCy Doc whose `doc[i]` and iteration read one list of Token objects.

    spaCy builds a new Token object on every `doc[i]` and every iteration; passes that index the same
    document tens of thousands of times spend a fifth of their time doing so. Slices (`doc[a:b]`, a Span)
    and every other attribute (`text`, `ents`, `sents`, `char_span`, ...) are the Doc's own.
    """

    __slots__ = ("doc", "tokens")

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.tokens = list(doc)

    def __getitem__(self, i: Any) -> Any:
        return self.tokens[i] if isinstance(i, int) else self.doc[i]

    def __len__(self) -> int:
        return len(self.tokens)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.tokens)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.doc, name)
