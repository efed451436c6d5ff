"""The PolNeAR benchmark reads two annotation conventions as meant (benchmarks/polnear.py): a relative
pronoun as Source stands for its antecedent, and swapped Source/Cue labels are read the right way
round. Brat files written for the test."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from conftest import ROOT


def _polnear() -> ModuleType:
    spec = importlib.util.spec_from_file_location("polnear_bench", ROOT / "benchmarks" / "polnear.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # its dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


P = _polnear()
TEXT = "Mayor Ruth Okafor, who said the bridge would reopen, left early."


def _at(phrase: str) -> tuple[tuple[int, int], ...]:
    a = TEXT.index(phrase)
    return ((a, a + len(phrase)),)


def test_relative_pronoun_source_is_found_by_its_antecedent() -> None:
    ok, via = P.source_match(TEXT, _at("who"), _at("Mayor Ruth Okafor"))
    assert ok and via


def test_relative_pronoun_source_needs_the_phrase_right_before_it() -> None:
    assert P.source_match(TEXT, _at("who"), _at("Mayor Ruth")) == (False, False)  # "Okafor," between
    assert P.source_match(TEXT, _at("who"), _at("the bridge")) == (False, False)


def test_plain_source_still_needs_an_overlap() -> None:
    assert P.source_match(TEXT, _at("Mayor Ruth Okafor"), _at("Okafor")) == (True, False)
    assert P.source_match(TEXT, _at("Mayor Ruth Okafor"), _at("the bridge")) == (False, False)


def test_swapped_source_and_cue_labels_are_read_the_right_way_round(tmp_path: Path) -> None:
    text = "Okafor said the bridge would reopen. “It will be ready,” said Varga."
    said1, said2 = text.index("said"), text.index("said", 10)
    varga = text.index("Varga")
    c1, c2 = text.index("the bridge"), text.index("It will")
    ann = tmp_path / "x_abcd.ann"
    ann.write_text("\n".join([
        "T1\tSource 0 6\tOkafor", f"T2\tCue {said1} {said1 + 4}\tsaid", f"T3\tContent {c1} {c1 + 25}\tx",
        f"T4\tAttribution {said1} {said1 + 4}\tsaid", "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        f"T5\tSource {said2} {said2 + 4}\tsaid", f"T6\tCue {varga} {varga + 5}\tVarga",
        f"T7\tContent {c2} {c2 + 15}\ty", "spilled text of a line break",
        f"T8\tAttribution {varga} {varga + 5}\tVarga", "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5"]) + "\n")
    first, second = P.parse_ann(ann)
    assert first.source == ((0, 6),) and first.cue == ((said1, said1 + 4),)
    assert second.source == ((varga, varga + 5),) and second.cue == ((said2, said2 + 4),)
