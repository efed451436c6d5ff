"""The committed dashboard bundle is what `frontend/` builds: `npm ci && npm run build` in a copy of
`frontend/` gives byte-for-byte the files served from `src/wirescope/api/static/` (as
`git diff --exit-code` on the built files would after a build in place, without touching the tree).

Skips when node/npm are absent, or when the npm registry cannot be reached (no network).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT
from wirescope.api.app import STATIC

FRONTEND = ROOT / "frontend"
OFFLINE = ("ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNREFUSED", "ECONNRESET", "network")


def _built_files(build_script: str) -> list[str]:
    """The files the build script writes into the static folder: esbuild's outfile (and its .css) and
    every file copied there."""
    names = ["app.js", "app.css"]
    for step in build_script.split("&&"):
        words = step.split()
        if words and words[0] == "cp":
            sources, target = words[1:-1], words[-1]
            names += [Path(target).name] if not target.endswith("/") else [Path(s).name for s in sources]
    return names


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600)


def test_committed_bundle_equals_a_fresh_build(tmp_path: Path) -> None:
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        pytest.skip("node/npm not installed: the committed bundle is not rebuilt")
    work = tmp_path / "frontend"
    shutil.copytree(FRONTEND, work, ignore=shutil.ignore_patterns("node_modules"))
    out = tmp_path / "src" / "wirescope" / "api" / "static"  # the build writes to ../src/wirescope/api/static
    out.mkdir(parents=True)
    ci = _run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], work)
    if ci.returncode != 0 and any(word in ci.stderr for word in OFFLINE):
        pytest.skip(f"npm registry unreachable: {ci.stderr.strip()[-200:]}")
    assert ci.returncode == 0, ci.stderr
    build = _run([npm, "run", "build"], work)
    assert build.returncode == 0, build.stderr
    script = json.loads((work / "package.json").read_text(encoding="utf-8"))["scripts"]["build"]
    names = _built_files(script)
    assert {"app.js", "index.html", "world-110m.json"} <= set(names), names
    stale = [n for n in names if (out / n).read_bytes() != (STATIC / n).read_bytes()]
    assert not stale, f"rebuild the dashboard (cd frontend && npm ci && npm run build) and commit: {stale} differ"
