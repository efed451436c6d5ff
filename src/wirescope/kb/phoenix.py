"""Loader of the KB converted from the Phoenix/PETRARCH2 dictionaries (``scripts/convert_phoenix.py``,
MIT, Open Event Data Alliance; see THIRD_PARTY_LICENSES): ≈18k political persons with dated roles,
≈7k IGOs, NGOs, companies and armed groups, and the agents dictionary (role words -> sectors).

The files hold precomputed fold keys and surname keys, so loading is splitting lines and building
entries: no name normalisation runs at load time.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .actors import ActorKB, Entry, Role

DIR = Path(__file__).with_name("data") / "phoenix"

SECTOR_ROLE = {"GOV": "government", "MIL": "military", "REB": "rebel", "OPP": "opposition", "PTY": "party",
               "COP": "police", "JUD": "judiciary", "SPY": "intelligence", "MED": "media", "EDU": "education",
               "BUS": "business", "CRM": "criminal", "CVL": "civilian", "ELI": "elite", "LEG": "legislature",
               "HLH": "health", "LAB": "labour", "AGR": "agriculture", "REF": "refugee", "HRI": "human rights",
               "ENV": "environment", "DEV": "development", "IGO": "international organisation",
               "NGO": "non-governmental organisation", "REL": "religious"}


def available() -> bool:
    return (DIR / "persons.tsv.gz").exists()


def _lines(name: str) -> Iterator[list[str]]:
    path = DIR / name
    if not path.exists():
        return
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh.read().splitlines():
            yield line.split("\t")


def load_into(kb: ActorKB) -> dict[str, Entry]:
    """Add the Phoenix persons and organisations to `kb`; returns the persons by id."""
    from .actors import DatedRole, Entry

    by_fold, first_words, persons = kb.by_fold, kb.first_words, kb.persons
    role_cache: dict[str, DatedRole] = {}
    people: dict[str, Entry] = {}
    for row in _lines("orgs.tsv.gz"):
        eid, typ, name, country, sector, code, keys = row
        e = Entry(id=eid, name=name, type=typ, country=country or None, sector=sector or None, code=code,
                  source="phoenix")
        for k in keys.split("|"):
            if k:
                by_fold.setdefault(k, e)
                first_words.add(k.split(" ")[0].split("'")[0])
    for row in _lines("persons.tsv.gz"):
        eid, name, country, skey, keys, aliases, roles_s = row
        roles = []
        for spec in roles_s.split(";"):
            r = role_cache.get(spec)
            if r is None:
                code, rc, sector, start, end, title = spec.split(",")
                r = role_cache[spec] = DatedRole(
                    title or SECTOR_ROLE.get(sector, "official"), sector or None, None if start == "*" else start or None,
                    None if end == "*" else end or None, rc or None, code, start == "*")
            roles.append(r)
        main = next((r for r in reversed(roles) if not r.fallback and r.sector != "ELI"), None) or \
            (roles[-1] if roles else None)
        e = Entry(id=eid, name=name, type="PERSON", country=country or None,
                  sector=main.sector if main else None, aliases=tuple(a for a in aliases.split("|") if a),
                  roles=tuple(roles), source="phoenix")
        people[eid] = e
        for k in keys.split("|"):
            if k:
                by_fold[k] = e
                first_words.add(k.split(" ")[0].split("'")[0])
        persons.setdefault(skey, []).append(e)
    return people


def agent_roles() -> Iterator[tuple[str, Role]]:
    """Role phrase -> Role from the converted agents dictionary (class "agent")."""
    from .actors import Role

    path = DIR / "agents.tsv"
    if not path.exists():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            phrase, role, sector, cls = line.split("\t")
            yield phrase, Role(role, sector, cls)
