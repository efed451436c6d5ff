"""The accuracy gate: score the seeds with ../shared/eval/score.py and hold every floor."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SHARED, needs_shared

FLOORS_FILE = ROOT / "tests" / "eval_floors.json"


def floors() -> dict[str, float]:
    return json.loads(FLOORS_FILE.read_text(encoding="utf-8"))["floors"]


@needs_shared
def test_seeds_meet_the_floors(seed_records_file: Path) -> None:
    proc = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(SHARED / "eval" / "seeds-gold.json"),
                           str(seed_records_file), "--json"], capture_output=True, text=True, check=True)
    metrics = json.loads(proc.stdout)["metrics"]
    short = {k: (metrics.get(k), v) for k, v in floors().items() if metrics.get(k) is None or metrics[k] < v}
    assert not short, f"below the gate floors (got, floor): {short}"


def _committed_versions() -> list[dict[str, float]]:
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
            out.append(json.loads(show.stdout)["floors"])
    return out


def test_floors_only_rise() -> None:
    current = floors()
    for old in _committed_versions():
        lowered = {k: (current.get(k), v) for k, v in old.items() if current.get(k, -1) < v}
        assert not lowered, f"a floor was lowered (now, before): {lowered}"
