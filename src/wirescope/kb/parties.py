"""Political parties (`data/parties.tsv`): organisations of a country, and a clue to a member's country.

A party name can belong to several countries ("Labour": the UK, New Zealand, Ireland); its entry
carries the usual one, `countries_of` all of them in order, for the document to decide between.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .actors import ActorKB, Entry

DATA = Path(__file__).with_name("data") / "parties.tsv"
SECTOR = "PTY"  # CAMEO's agent code for political parties


@functools.cache
def _table() -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    rows = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t") + ["", ""]
        rows.append((cols[0], tuple(cols[1].split("|")), tuple(a for a in cols[2].split("|") if a)))
    return tuple(rows)


def party_id(name: str) -> str:
    from .actors import slug

    return f"party:{slug(name)}"


def add_parties(kb: ActorKB) -> None:
    """Register every party under its name and aliases, with its usual country."""
    from .actors import Entry

    for name, countries, aliases in _table():
        entry = Entry(id=party_id(name), name=name, type="ORG", country=countries[0], sector=SECTOR,
                      aliases=aliases)
        kb.add(entry, [name, *aliases])


@functools.cache
def _countries_by_id() -> dict[str, tuple[str, ...]]:
    return {party_id(name): countries for name, countries, _ in _table()}


def countries_of(entry: Entry) -> tuple[str, ...]:
    """Every country a party entry may belong to, the usual one first."""
    return _countries_by_id().get(entry.id) or ((entry.country,) if entry.country else ())
