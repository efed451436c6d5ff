"""Event ontology: PLOVER types, CAMEO codes with Goldstein scores, and the trigger lexicon.

All three tables are package data in ``wirescope/kb`` and are read once (``lru_cache``).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO code: its name, Goldstein score (-10..10), quad class (1..4) and PLOVER type ('' if none)."""

    code: str
    name: str
    goldstein: float
    quad: int
    plover: str

    @property
    def root(self) -> str:
        return self.code[:2]


@dataclass(frozen=True)
class Trigger:
    """A lexicon entry: lemma sequence that signals an event of `plover` type, default CAMEO `cameo`."""

    lemmas: tuple[str, ...]
    kind: str  # verb | noun | phrase
    plover: str
    cameo: str

    @property
    def text(self) -> str:
        return " ".join(self.lemmas)


def _read_text(name: str) -> str:
    return resources.files("wirescope.kb").joinpath(name).read_text(encoding="utf-8")


def _read_tsv(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_read_text(name)), delimiter="\t"))


@lru_cache(maxsize=1)
def _plover_doc() -> dict[str, Any]:
    return json.loads(_read_text("plover.json"))


@lru_cache(maxsize=1)
def plover_types() -> dict[str, dict[str, Any]]:
    """The 16 PLOVER types: name -> {quad, description, modes, cameo_roots}."""
    return dict(_plover_doc()["types"])


@lru_cache(maxsize=1)
def type_flags() -> dict[str, frozenset[str]]:
    """PLOVER type -> its flags in plover.json (symmetric, one_sided, hostile, place_target, ...; see
    the file's ``coder.flags`` for what each one does)."""
    return {name: frozenset(info.get("flags", ())) for name, info in plover_types().items()}


@cache
def types_with(flag: str) -> frozenset[str]:
    """The PLOVER types carrying `flag`."""
    if flag not in _plover_doc()["coder"]["flags"]:
        raise KeyError(f"unknown type flag: {flag!r}")
    return frozenset(name for name, flags in type_flags().items() if flag in flags)


def derived_event(name: str) -> tuple[str, str]:
    """(PLOVER type, CAMEO code) of an event a coder rule derives ('verbal_attack' -> ACCUSE 111)."""
    plover, cameo = _plover_doc()["coder"]["derived"][name]
    return str(plover), str(cameo)


def mediation_codes() -> frozenset[str]:
    """CAMEO codes of symmetric events whose parties do not meet each other (mediation)."""
    return frozenset(_plover_doc()["coder"]["mediation_codes"])


def plv_aliases() -> dict[str, list[str]]:
    """Labels used by the PLV data set that stand for PLOVER types (YIELD -> CONCEDE/RETREAT)."""
    return dict(_plover_doc()["plv_aliases"])


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, CameoCode]:
    """All CAMEO codes shipped, keyed by code string ('19', '190', ...)."""
    table = {}
    for row in _read_tsv("cameo.tsv"):
        code = CameoCode(row["code"], row["name"], float(row["goldstein"]), int(row["quad"]), row["plover"])
        table[code.code] = code
    return table


@lru_cache(maxsize=1)
def lexicon() -> tuple[Trigger, ...]:
    """Trigger lexicon (hand entries, then the CAMEO codebook's phrases), longest triggers first (so callers can prefer the most specific match)."""
    items = [
        Trigger(tuple(row["trigger"].split()), row["kind"], row["plover"], row["cameo"])
        for row in _read_tsv("event_lexicon.tsv")
    ]
    own = {(t.lemmas, t.kind) for t in items} | {(t.lemmas, "phrase") for t in items}
    # The CAMEO codebook's phrases (scripts/convert_cameo.py) for the types plover.json takes from it
    # (the small classes whose hand triggers are few); the hand entries win.
    wanted = set(_plover_doc().get("codebook_types", ()))
    items += [
        t for row in _read_tsv("cameo_lexicon.tsv") if row["plover"] in wanted
        and ((t := Trigger(tuple(row["trigger"].split()), row["kind"], row["plover"], row["cameo"])).lemmas,
             t.kind) not in own
    ]
    return tuple(sorted(items, key=lambda t: -len(t.lemmas)))


@lru_cache(maxsize=1)
def _default_codes() -> dict[str, str]:
    defaults: dict[str, str] = {}
    for name, info in plover_types().items():
        defaults[name] = info["cameo_roots"][0]
    defaults["RETREAT"] = "087"
    defaults["CONCEDE"] = "080"
    defaults["YIELD"] = "08"
    return defaults


def default_cameo(plover_type: str) -> CameoCode:
    """The CAMEO code used when only the PLOVER type is known (YIELD accepted as an alias)."""
    code = _default_codes().get(plover_type.upper())
    if code is None:
        raise KeyError(f"unknown PLOVER type: {plover_type!r}")
    return cameo_table()[code]


def cameo_for(code: str) -> CameoCode:
    """Look up a CAMEO code, falling back to its 3-digit then 2-digit parent."""
    table = cameo_table()
    for key in (code, code[:3], code[:2]):
        if key in table:
            return table[key]
    raise KeyError(f"unknown CAMEO code: {code!r}")
