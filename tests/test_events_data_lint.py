"""Word lists and PLOVER/CAMEO literals of the event coder live in data under kb/, not in Python.

Scope: the events package (stages/events/) and the dyad classifier (stages/dyad_*.py). `LEGACY` names the modules not yet
moved to data (the coder carried over from stages/events.py); a module leaves it once clean, and the
test fails if a listed module is already clean (so the list only shrinks).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from wirescope.kb.ontology import PLOVER_TYPES

SRC = Path(__file__).resolve().parents[1] / "src" / "wirescope" / "stages"
MODULES = sorted((SRC / "events").glob("*.py")) + sorted(SRC.glob("dyad_*.py"))
LEGACY = {"dyad_features.py"}
MAX_STRINGS = 5
CAMEO = re.compile(r"^\d{2,4}$")


def offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
            strings = [e for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if len(strings) > MAX_STRINGS:
                found.append(f"line {node.lineno}: a collection of {len(strings)} strings")
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                (node.value in PLOVER_TYPES or CAMEO.match(node.value)):
            found.append(f"line {node.lineno}: literal {node.value!r}")
    return found


@pytest.mark.parametrize("path", MODULES, ids=[p.name for p in MODULES])
def test_no_word_lists_or_codes_in_python(path: Path) -> None:
    found = offences(path)
    if path.name in LEGACY:
        assert found, f"{path.name} is clean now: remove it from LEGACY"
        return
    assert not found, f"{path.name}: {found[:10]}"


def test_type_flags_are_described_and_derived_events_are_known_codes() -> None:
    from wirescope.kb.ontology import _plover_doc, cameo_table, derived_event, type_flags

    described = set(_plover_doc()["coder"]["flags"])
    assert {f for flags in type_flags().values() for f in flags} <= described
    for name in _plover_doc()["coder"]["derived"]:
        plover, cameo = derived_event(name)
        assert plover in PLOVER_TYPES and cameo in cameo_table(), name
