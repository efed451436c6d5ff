"""The accuracy gate: score the seeds with ../shared/eval/score.py and hold every floor."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SHARED, needs_shared, run_cli

FLOORS_FILE = ROOT / "tests" / "eval_floors.json"


SECTIONS = ("floors", "demo_floors", "bbc_dev_floors")


def floors(section: str = "floors") -> dict[str, float]:
    return json.loads(FLOORS_FILE.read_text(encoding="utf-8")).get(section, {})


def score(gold: Path, records: Path) -> dict[str, float]:
    proc = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(gold), str(records), "--json"],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)["metrics"]


def assert_floors(metrics: dict[str, float], section: str) -> None:
    short = {k: (metrics.get(k), v) for k, v in floors(section).items() if metrics.get(k) is None or metrics[k] < v}
    assert not short, f"below the {section} (got, floor): {short}"


@needs_shared
def test_seeds_meet_the_floors(seed_records_file: Path) -> None:
    assert_floors(score(SHARED / "eval" / "seeds-gold.json", seed_records_file), "floors")


@needs_shared  # the demo corpus is ours, but the scorer lives in ../shared
def test_demo_corpus_meets_the_floors(tmp_path: Path) -> None:
    from wirescope.demo import corpus_dir

    proc = run_cli("extract", str(corpus_dir()))
    assert proc.returncode == 0, proc.stderr
    records = tmp_path / "demo.jsonl"
    records.write_text(proc.stdout, encoding="utf-8")
    assert_floors(score(ROOT / "tests" / "data" / "demo-gold.json", records), "demo_floors")


@needs_shared  # 20 hand-annotated BBC articles of 2004-05; paths in the gold are relative to ../shared
def test_bbc_dev_set_meets_the_floors(tmp_path: Path) -> None:
    gold = SHARED / "eval" / "bbc-dev-gold.json"
    docs = [d["doc"] for d in json.loads(gold.read_text(encoding="utf-8"))["docs"]]
    proc = run_cli("extract", *docs, cwd=SHARED)
    assert proc.returncode == 0, proc.stderr
    records = tmp_path / "bbc-dev.jsonl"
    records.write_text(proc.stdout, encoding="utf-8")
    assert_floors(score(gold, records), "bbc_dev_floors")


def _committed_versions() -> list[dict[str, dict[str, float]]]:
    try:
        revs = subprocess.run(["git", "rev-list", "HEAD", "--", str(FLOORS_FILE.relative_to(ROOT))], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    out = []
    for rev in revs:
        show = subprocess.run(["git", "show", f"{rev}:tests/eval_floors.json"], cwd=ROOT, capture_output=True,
                              text=True)
        if show.returncode == 0:
            out.append(json.loads(show.stdout))
    return out


def test_floors_only_rise() -> None:
    for section in SECTIONS:
        current = floors(section)
        for old in _committed_versions():
            was = old.get(section, {})
            lowered = {k: (current.get(k), v) for k, v in was.items() if current.get(k, -1) < v}
            assert not lowered, f"a {section} floor was lowered (now, before): {lowered}"
