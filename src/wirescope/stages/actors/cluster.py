"""One actor being assembled from its mentions in a document."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from ...kb.actors import Entry


@dataclass
class Cluster:
    """One actor being assembled from its mentions."""

    key: str
    type: str
    name: str
    entry: Entry | None = None
    country: str | None = None
    role: str | None = None
    sector: str | None = None
    gender: str | None = None
    surfaces: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)  # token spans
    role_from_text: bool = False
    country_source: str | None = None
    code: str | None = None  # the KB's CAMEO-style code on the article's date

    @property
    def role_cls(self) -> str | None:
        return _role_cls(self.role)


@functools.cache
def _kb_roles() -> Any:
    from ...kb.actors import builtin_kb

    return builtin_kb().roles


def _role_cls(role: str | None) -> str | None:
    if not role:
        return None
    r = _kb_roles().get(role.lower())
    return r.cls if r else None

