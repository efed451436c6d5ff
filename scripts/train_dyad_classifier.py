"""Train the dyad event classifier on PLV_train and write the shipped model files.

    PYTHONPATH=src .venv/bin/python scripts/train_dyad_classifier.py [--data PLV_train.tsv] [--no-write]

Only the `sentence`, `source` and `target` columns are used as input and `gold_root` as the label
(YIELD kept as the label for PLOVER CONCEDE/RETREAT). Prints 5-fold stratified cross-validation
(fixed seeds) per class and overall, then fits on all rows and writes
`src/wirescope/kb/models/plover_dyad.{npz,json}`. Needs scikit-learn; inference does not.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import DictVectorizer
from sklearn.metrics import accuracy_score, classification_report, f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from wirescope.stages.dyad_classifier import (  # noqa: E402
    MODEL_NAME,
    feature_lexicon,
    feature_values,
    featurize_many,
)

DEFAULT_DATA = REPO.parent / "shared" / "eval" / "plover" / "PLV_train.tsv"
DEFAULT_OUT = REPO / "src" / "wirescope" / "kb" / "models"
SVM_C = 0.03
CV_SEEDS = (0, 1, 2, 3, 4)
# Feature-group weights chosen by cross-validation (a group at 0 is dropped). Folded into the
# exported weights, so inference needs no knowledge of them.
GROUP_SCALES: dict[str, float] = {"c": 4.0}
CHAR_MIN_DF = 2


def read_rows(path: Path) -> tuple[list[tuple[str, str, str]], list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [(r["sentence"], r["source"], r["target"]) for r in rows], [r["gold_root"] for r in rows]


def group_of(feature: str) -> str:
    return "c" if feature.startswith("c:") else feature.split("=", 1)[0]


def char_idf(feats: list[list[str]]) -> dict[str, float]:
    """Smoothed idf of character n-grams seen in at least CHAR_MIN_DF rows (unsupervised)."""
    df: dict[str, int] = {}
    for fs in feats:
        for gram in {f for f in fs if f.startswith("c:")}:
            df[gram] = df.get(gram, 0) + 1
    n = len(feats)
    return {g: math.log((1 + n) / (1 + d)) + 1.0 for g, d in df.items() if d >= CHAR_MIN_DF}


def scaled_values(fs: list[str], idf: dict[str, float]) -> dict[str, float]:
    values = feature_values(fs, idf)
    scaled = {f: v * GROUP_SCALES.get(group_of(f), 1.0) for f, v in values.items()}
    return {f: v for f, v in scaled.items() if v != 0.0}


def vectorize(feats: list[list[str]], idf: dict[str, float]) -> tuple[sp.csr_matrix, list[str]]:
    vec = DictVectorizer()
    matrix = vec.fit_transform([scaled_values(fs, idf) for fs in feats]).tocsr()
    matrix.indices = matrix.indices.astype(np.int32)
    matrix.indptr = matrix.indptr.astype(np.int32)
    return matrix, list(vec.get_feature_names_out())


def make_model() -> LinearSVC:
    return LinearSVC(C=SVM_C, class_weight="balanced", max_iter=20000, random_state=0)


def softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)


def cross_validate(x: sp.csr_matrix, y: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold predictions and decision scores for one 5-fold split."""
    pred = np.empty(len(y), dtype=object)
    scores = np.zeros((len(y), len(np.unique(y))))
    for train, test in StratifiedKFold(5, shuffle=True, random_state=seed).split(x, y):
        model = make_model().fit(x[train], y[train])
        scores[test] = model.decision_function(x[test])
        pred[test] = model.classes_[scores[test].argmax(axis=1)]
    return pred, scores


def fit_temperature(scores: np.ndarray, y: np.ndarray, labels: np.ndarray) -> float:
    """Scale for softmax(scale * svm_scores) minimising out-of-fold log loss (a 1-D grid search)."""
    gold = np.searchsorted(labels, y)
    best, best_loss = 1.0, np.inf
    for scale in np.geomspace(0.5, 50, 60):
        probs = softmax(scale * scores)
        loss = -np.log(probs[np.arange(len(y)), gold] + 1e-12).mean()
        if loss < best_loss:
            best, best_loss = float(scale), loss
    return best


def report(x: sp.csr_matrix, y: np.ndarray) -> float:
    runs, temperature = [], 1.0
    for seed in CV_SEEDS:
        pred, scores = cross_validate(x, y, seed)
        runs.append((f1_score(y, pred, average="macro"), accuracy_score(y, pred)))
        if seed == CV_SEEDS[0]:
            print(f"5-fold stratified CV, seed {seed}:")
            print(classification_report(y, pred, digits=3))
            temperature = fit_temperature(scores, y, np.unique(y))
    for seed, (f1, acc) in zip(CV_SEEDS, runs, strict=True):
        print(f"seed {seed}: macro-F1 {f1:.4f}  accuracy {acc:.4f}")
    mean = np.mean(runs, axis=0)
    print(f"mean over {len(CV_SEEDS)} seeds: macro-F1 {mean[0]:.4f}  accuracy {mean[1]:.4f}")
    return temperature


def write_model(out: Path, model: LinearSVC, names: list[str], temperature: float, idf: dict[str, float]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    scales = np.array([GROUP_SCALES.get(group_of(name), 1.0) for name in names])
    weights = (model.coef_.T * scales[:, None] * temperature).astype(np.float16)
    bias = (model.intercept_ * temperature).astype(np.float32)
    idf_array = np.array([idf.get(name, 0.0) for name in names], dtype=np.float32)
    np.savez_compressed(out / f"{MODEL_NAME}.npz", weights=weights, bias=bias, idf=idf_array)
    meta = {"labels": list(model.classes_), "features": names, "model": "LinearSVC + softmax calibration",
            "C": SVM_C, "temperature": temperature, "trained_on": "PLV_train.tsv (sentence, source, target)",
            "lexicon": [[t.text, t.kind, t.plover, t.cameo] for t in feature_lexicon()]}
    (out / f"{MODEL_NAME}.json").write_text(json.dumps(meta, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {out / MODEL_NAME}.npz/.json: {len(names)} features x {len(model.classes_)} labels")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--no-write", action="store_true", help="only cross-validate")
    args = parser.parse_args(argv)
    rows, labels = read_rows(args.data)
    feats = [fs or ["only=none"] for fs in featurize_many(rows)]
    idf = char_idf(feats)
    x, names = vectorize(feats, idf)
    y = np.array(labels)
    temperature = report(x, y)
    if not args.no_write:
        write_model(args.out, make_model().fit(x, y), names, temperature, idf)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
