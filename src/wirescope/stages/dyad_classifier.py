"""Dyad event classifier: what did the source do to the target in this sentence (a PLOVER type)?

Features (`dyad_features`) come from one spaCy parse (`dyad_parse`) (tok2vec + tagger + parser; lemmas from a cached rule lemmatizer):
the dependency path between the two actor spans, the source's predicate chain ("agreed to lift",
"said it would free") with future / negation / request / threat flags, the verbs governing the spans
with their objects, the words between and around the spans, hits of the trigger lexicon, and
character 3-5-grams of the "S ... T ..." skeleton. A linear SVM trained by
`scripts/train_dyad_classifier.py` on PLV_train scores them; inference is a sparse dot product in
numpy followed by a calibrated softmax. The model file carries the lexicon it was trained with.
Labels follow PLV: YIELD stands for PLOVER CONCEDE/RETREAT (see `to_plover`); "NONE" is returned
when neither actor can be found in the sentence.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from wirescope.kb.ontology import Trigger, plv_aliases

# Re-exported: the classifier's public names (callers import them from here).
from .dyad_features import doc_features, span_features, use_lexicon
from .dyad_features import dyad_modality as dyad_modality
from .dyad_features import feature_lexicon as feature_lexicon
from .dyad_features import feature_values as feature_values
from .dyad_parse import Doc, Span, parse_many
from .dyad_parse import char_to_span as char_to_span
from .dyad_parse import lemma_of as lemma_of
from .dyad_parse import load_nlp as load_nlp
from .dyad_parse import locate_pair as locate_pair

NONE = "NONE"
MODEL_NAME = "plover_dyad"

class DyadClassifier:
    """Linear model over sparse string features; `load()` reads the shipped weights."""

    def __init__(self, labels: Sequence[str], vocab: dict[str, int], weights: np.ndarray, bias: np.ndarray,
                 idf: dict[str, float]):
        self.labels = list(labels)
        self.vocab = vocab
        self.weights = weights  # (n_features, n_labels), feature-group scales folded in
        self.bias = bias
        self.idf = idf  # inverse document frequency of the 'c:' character n-grams

    @classmethod
    def load(cls) -> DyadClassifier:
        return _load_default()

    @classmethod
    def from_files(cls, npz_path: Any, json_path: Any) -> DyadClassifier:
        with open(json_path, encoding="utf-8") as fh:
            meta = json.load(fh)
        with np.load(npz_path) as data:
            weights = data["weights"].astype(np.float32)
            bias = data["bias"].astype(np.float32)
            idf_values = data["idf"].astype(np.float64)
        names = meta["features"]
        vocab = {name: i for i, name in enumerate(names)}
        idf = {name: float(idf_values[i]) for i, name in enumerate(names) if name.startswith("c:")}
        if "lexicon" in meta:
            use_lexicon(Trigger(tuple(text.split()), kind, plover, cameo) for text, kind, plover, cameo in meta["lexicon"])
        return cls(meta["labels"], vocab, weights, bias, idf)

    def probabilities(self, feats: Iterable[str]) -> np.ndarray:
        """Softmax over labels; same values as `feature_values` + dot product, in one pass."""
        vocab, idf = self.vocab, self.idf
        binary, grams, tfidf = [], [], []
        for feat, count in Counter(feats).items():
            j = vocab.get(feat)
            if j is None:
                continue
            weight = idf.get(feat)
            if weight is None:
                binary.append(j)
            else:
                grams.append(j)
                tfidf.append((1.0 + math.log(count)) * weight)
        scores = self.bias.astype(np.float64) + self.weights[binary].sum(axis=0)
        if grams:
            vals = np.asarray(tfidf)
            scores += (vals / np.sqrt(vals @ vals)) @ self.weights[grams]
        scores -= scores.max()
        exp = np.exp(scores)
        return exp / exp.sum()

    def classify(self, feats: list[str] | None) -> tuple[str, float]:
        if feats is None:
            return NONE, 0.0
        probs = self.probabilities(feats)
        best = int(np.argmax(probs))
        return self.labels[best], float(probs[best])

    def predict_spans(self, doc: Doc, sent: Span, source_span: Span, target_span: Span) -> tuple[str, float]:
        """Classify a dyad given token spans of a Doc the caller already parsed (tagger+parser)."""
        return self.classify(span_features(doc, sent, source_span, target_span))

    def predict(self, sentence: str, source: str, target: str) -> tuple[str, float]:
        return self.predict_many([(sentence, source, target)])[0]

    def predict_many(self, rows: Sequence[tuple[str, str, str]], batch_size: int = 128) -> list[tuple[str, float]]:
        docs = parse_many((row[0] for row in rows), batch_size=batch_size)
        return [self.classify(doc_features(doc, row[1], row[2])) for doc, row in zip(docs, rows, strict=True)]


def featurize_many(rows: Sequence[tuple[str, str, str]], batch_size: int = 128) -> list[list[str] | None]:
    """Feature lists for (sentence, source, target) rows; used by training and evaluation."""
    docs = parse_many((row[0] for row in rows), batch_size=batch_size)
    return [doc_features(doc, row[1], row[2]) for doc, row in zip(docs, rows, strict=True)]


def to_plover(label: str, feats: Sequence[str] = ()) -> str:
    """Map a PLV label to a PLOVER type: YIELD -> RETREAT when a retreat trigger fired, else CONCEDE
    (the aliases and their order come from plover.json's `plv_aliases`)."""
    options = plv_aliases().get(label)
    if not options:
        return label
    fired = {f.rsplit("=", 1)[-1] for f in feats if f.startswith("lex")}
    return next((o for o in options[1:] if o in fired), options[0])


def model_files() -> tuple[Any, Any]:
    base = resources.files("wirescope.kb").joinpath("models")
    return base.joinpath(f"{MODEL_NAME}.npz"), base.joinpath(f"{MODEL_NAME}.json")


@lru_cache(maxsize=1)
def _load_default() -> DyadClassifier:
    npz_path, json_path = model_files()
    with resources.as_file(npz_path) as npz, resources.as_file(json_path) as meta:
        return DyadClassifier.from_files(npz, meta)
