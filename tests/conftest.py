from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
needs_shared = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared is not beside the repository")


def run_cli(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed `wirescope` entry point the way a user does."""
    return subprocess.run([sys.executable, "-m", "wirescope.cli", *args], capture_output=True, text=True,
                          input=stdin, cwd=cwd or ROOT, timeout=600)


@pytest.fixture(scope="session")
def seed_records(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    if not SEEDS.is_dir():
        pytest.skip("../shared is not beside the repository")
    proc = run_cli("extract", *sorted(str(p) for p in SEEDS.glob("*.txt")), "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def seed_records_file(seed_records: list[dict], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seeds") / "records.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in seed_records), encoding="utf-8")
    return path


def write_texts(tmp_path: Path, **texts: str) -> list[str]:
    """One text file per keyword (name -> text) under `tmp_path`, in order; their paths."""
    paths = []
    for name, text in texts.items():
        p = tmp_path / f"{name}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(str(p))
    return paths
