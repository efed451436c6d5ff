"""Plain-text scrapes (.txt, .txt.gz and anything without a known suffix)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import Page
from ..registry import reader
from .source import decode_text, read_bytes

if TYPE_CHECKING:
    from . import ReadOptions


@reader(".txt", ".text", "")
def read_text(path: str, options: "ReadOptions") -> Iterator[Page]:
    yield Page(path=path, raw=decode_text(read_bytes(path, options.max_bytes)), format="text")
