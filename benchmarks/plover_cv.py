"""Nested cross-validation of the dyad classifier on PLV_train: macro-F1 and per-class F1.

    PYTHONPATH=src .venv/bin/python benchmarks/plover_cv.py [--data PLV_train.tsv] [--inner 3]
        [--c 0.01 0.03 0.1] [--char-scale 2 4 8] [--seed 0]

The outer loop is a 5-fold stratified split; in each outer training part an inner stratified CV picks
the SVM's C and the weight of the character n-gram group (the settings `scripts/train_dyad_classifier.py`
fixes) by macro-F1, the model with those settings is fitted on the outer training part and scores the
outer test fold. The printed figures are the pooled out-of-fold predictions of the outer folds, so no
setting was chosen on the rows it is scored on. Features are the shipped ones (`featurize_many`), the
character n-gram idf is computed on each outer training part. Labels are PLV's `gold_root` (YIELD for
CONCEDE/RETREAT, as the model is trained). Needs scikit-learn.
"""

from __future__ import annotations

import argparse
import sys
import time
from itertools import product
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import DictVectorizer
from sklearn.metrics import classification_report, f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from train_dyad_classifier import (  # noqa: E402
    DEFAULT_DATA,
    GROUP_SCALES,
    SVM_C,
    char_idf,
    group_of,
    read_rows,
)
from wirescope.stages.dyad_classifier import feature_values, featurize_many  # noqa: E402

OUTER = 5


def model(c: float) -> LinearSVC:
    return LinearSVC(C=c, class_weight="balanced", max_iter=20000, random_state=0)


def fold_matrices(feats: list[list[str]], train: np.ndarray, test: np.ndarray
                  ) -> tuple[sp.csr_matrix, sp.csr_matrix, np.ndarray]:
    """Unscaled feature matrices of an outer split (idf and vocabulary from its training part) and a
    mask of the character n-gram columns."""
    idf = char_idf([feats[i] for i in train])
    vec = DictVectorizer()
    x_train = vec.fit_transform([feature_values(feats[i], idf) for i in train]).tocsr()
    x_test = vec.transform([feature_values(feats[i], idf) for i in test]).tocsr()
    chars = np.array([group_of(name) == "c" for name in vec.get_feature_names_out()])
    return x_train, x_test, chars


def scaled(x: sp.csr_matrix, chars: np.ndarray, scale: float) -> sp.csr_matrix:
    return (x @ sp.diags(np.where(chars, scale, 1.0))).tocsr()


def choose(x: sp.csr_matrix, y: np.ndarray, chars: np.ndarray, grid: list[tuple[float, float]], inner: int,
           seed: int) -> tuple[tuple[float, float], float]:
    """The (C, char scale) of the best mean inner-CV macro-F1."""
    folds = list(StratifiedKFold(inner, shuffle=True, random_state=seed).split(x, y))
    best, best_f1 = grid[0], -1.0
    for c, scale in grid:
        xs = scaled(x, chars, scale)
        f1s = [f1_score(y[te], model(c).fit(xs[tr], y[tr]).predict(xs[te]), average="macro") for tr, te in folds]
        if np.mean(f1s) > best_f1:
            best, best_f1 = (c, scale), float(np.mean(f1s))
    return best, best_f1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--inner", type=int, default=3, help="folds of the inner (model selection) CV")
    parser.add_argument("--c", type=float, nargs="+", default=[0.01, SVM_C, 0.1])
    parser.add_argument("--char-scale", type=float, nargs="+", default=[2.0, GROUP_SCALES.get("c", 1.0), 8.0])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    grid = sorted(set(product(args.c, args.char_scale)))
    t0 = time.perf_counter()
    rows, labels = read_rows(args.data)
    feats = [fs or ["only=none"] for fs in featurize_many(rows)]
    y = np.array(labels)
    print(f"{len(rows)} rows, {len(set(labels))} labels; features in {time.perf_counter() - t0:.0f}s; "
          f"grid C {sorted(set(args.c))} x char scale {sorted(set(args.char_scale))}, "
          f"{OUTER}-fold outer, {args.inner}-fold inner CV (seed {args.seed})")
    pred = np.empty(len(y), dtype=object)
    outer = StratifiedKFold(OUTER, shuffle=True, random_state=args.seed)
    for k, (train, test) in enumerate(outer.split(np.zeros(len(y)), y)):
        x_train, x_test, chars = fold_matrices(feats, train, test)
        (c, scale), inner_f1 = choose(x_train, y[train], chars, grid, args.inner, args.seed)
        fitted = model(c).fit(scaled(x_train, chars, scale), y[train])
        pred[test] = fitted.predict(scaled(x_test, chars, scale))
        fold_f1 = f1_score(y[test], pred[test], average="macro")
        print(f"outer fold {k}: chose C={c:g} char scale={scale:g} (inner macro-F1 {inner_f1:.3f}); "
              f"test macro-F1 {fold_f1:.3f}")
    print()
    print(classification_report(y, pred, digits=3, zero_division=0))
    per_class = f1_score(y, pred, average=None, labels=sorted(set(labels)))
    weakest = min(zip(per_class, sorted(set(labels)), strict=True))
    print(f"nested {OUTER}-fold CV macro-F1 {f1_score(y, pred, average='macro'):.4f}; "
          f"lowest class {weakest[1]} {weakest[0]:.3f}; shipped settings C={SVM_C:g} "
          f"char scale={GROUP_SCALES.get('c', 1.0):g}; {time.perf_counter() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
