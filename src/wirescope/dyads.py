"""Dyad coding of a TSV: add a `predicted` column with the PLOVER type of what source did to target.

Backs `wirescope code-dyads FILE.tsv`. Input columns `sentence`, `source`, `target` are required;
every other column and the header order are kept. Labels are PLOVER types (the classifier's coarse
YIELD printed as CONCEDE or RETREAT) unless `labels="plv"` (`code-dyads --yield`), which keeps the PLV
data set's YIELD.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from wirescope.errors import UsageError

if TYPE_CHECKING:
    from wirescope.stages.dyad_classifier import DyadClassifier

REQUIRED = ("sentence", "source", "target")
OUTPUT_COLUMN = "predicted"
BATCH = 256


def _check_header(fields: Sequence[str] | None) -> list[str]:
    if not fields:
        raise UsageError("code-dyads: the TSV is empty; expected a header with sentence, source, target")
    missing = [name for name in REQUIRED if name not in fields]
    if missing:
        raise UsageError(
            f"code-dyads: missing column(s) {', '.join(missing)}; the TSV header must name "
            f"{', '.join(REQUIRED)} (found: {', '.join(fields)})"
        )
    return list(fields)


def _label(classifier: DyadClassifier, row: tuple[str, str, str], label: str, labels: str) -> str:
    if labels != "plover" or label != "YIELD":
        return label
    from wirescope.stages.dyad_classifier import featurize_many, to_plover

    return to_plover(label, featurize_many([row])[0] or [])


def _code_batch(classifier: DyadClassifier, batch: list[dict[str, str]], labels: str) -> None:
    triples = [(r["sentence"] or "", r["source"] or "", r["target"] or "") for r in batch]
    for record, triple, (label, _prob) in zip(batch, triples, classifier.predict_many(triples), strict=True):
        record[OUTPUT_COLUMN] = _label(classifier, triple, label, labels)


def code_dyads(inp: TextIO, out: TextIO, classifier: DyadClassifier | None = None, labels: str = "plover") -> int:
    """Read a dyad TSV from `inp`, write it to `out` with a `predicted` column; return rows coded."""
    if labels not in ("plv", "plover"):
        raise UsageError(f"code-dyads: labels must be 'plv' or 'plover', not {labels!r}")
    reader = csv.DictReader(inp, delimiter="\t", quoting=csv.QUOTE_NONE, quotechar=None)
    fields = _check_header(reader.fieldnames)
    if classifier is None:
        from wirescope.stages.dyad_classifier import DyadClassifier

        classifier = DyadClassifier.load()
    out_fields = fields + ([OUTPUT_COLUMN] if OUTPUT_COLUMN not in fields else [])
    writer = csv.DictWriter(out, fieldnames=out_fields, delimiter="\t", quoting=csv.QUOTE_NONE, quotechar=None,
                            lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    count, batch = 0, []
    for record in reader:
        batch.append(record)
        if len(batch) >= BATCH:
            count += _flush(classifier, batch, writer, labels)
    return count + _flush(classifier, batch, writer, labels)


def _flush(classifier: DyadClassifier, batch: list[dict[str, str]], writer: csv.DictWriter, labels: str) -> int:
    if not batch:
        return 0
    _code_batch(classifier, batch, labels)
    writer.writerows(batch)
    n = len(batch)
    batch.clear()
    return n
