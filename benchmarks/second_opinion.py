"""Would the dyad classifier help the rule coder as a second opinion? Scored on records it was not tuned on.

    PYTHONPATH=src .venv/bin/python benchmarks/second_opinion.py GOLD RECORDS.jsonl [GOLD RECORDS.jsonl ...]

RECORDS are `wirescope extract --format jsonl` output for the documents of GOLD (e.g. the BBC dev set,
extracted from inside ../shared, and the demo corpus against tests/data/demo-gold.json). For every event
the classifier reads the event's sentence with the first mentions of its source and target inside it and
gives a PLOVER type with a probability. Two policies are simulated over a grid of thresholds and scored
with ../shared/eval/score.py: `veto` drops an event the classifier types otherwise with probability >= p,
`retype` gives it the classifier's type; both only for events whose rule confidence is below `conf`.
The pipeline uses either only if it raises (or keeps) event precision and recall on every set.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from wirescope.stages.dyad_classifier import DyadClassifier, featurize_many, to_plover  # noqa: E402

SCORER = REPO.parent / "shared" / "eval" / "score.py"
GRID = [(p, conf) for p in (0.5, 0.7, 0.8, 0.9, 0.95) for conf in (0.7, 0.9, 1.01)]


def mention(record: dict[str, Any], ref: dict[str, Any] | None, start: int, end: int) -> str:
    """The text of the actor's first mention inside [start, end), or ''."""
    if not ref:
        return ""
    for actor in record["actors"]:
        if actor["id"] == ref["actor_id"]:
            spans = [m for m in actor["mentions"] if start <= m[0] and m[1] <= end]
            return record["text"][spans[0][0] : spans[0][1]] if spans else ""
    return ""


def opinions(records: list[dict[str, Any]]) -> dict[tuple[int, int], tuple[str, float]]:
    """(record, event) -> the classifier's PLOVER type and probability."""
    keys, rows = [], []
    for ri, rec in enumerate(records):
        for ei, event in enumerate(rec["events"]):
            a, b = event["span"]
            rows.append((rec["text"][a:b], mention(rec, event.get("source"), a, b),
                         mention(rec, event.get("target"), a, b)))
            keys.append((ri, ei))
    clf = DyadClassifier.load()
    out = {}
    for key, feats in zip(keys, featurize_many(rows), strict=True):
        label, prob = clf.classify(feats)
        out[key] = (to_plover(label, feats or []), prob)
    return out


def score(gold: Path, records: list[dict[str, Any]]) -> tuple[float, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        fh.writelines(json.dumps(r) + "\n" for r in records)
    proc = subprocess.run([sys.executable, str(SCORER), str(gold), fh.name, "--json"], capture_output=True,
                          text=True, check=True)
    Path(fh.name).unlink()
    metrics = json.loads(proc.stdout)["metrics"]
    return metrics["event_prec"], metrics["event_recall"]


def apply(records: list[dict[str, Any]], ops: dict[tuple[int, int], tuple[str, float]], policy: str,
          p_min: float, conf_max: float) -> tuple[list[dict[str, Any]], int]:
    """The records with the policy applied, and how many events it touched."""
    out, touched = [], 0
    for ri, rec in enumerate(records):
        events = []
        for ei, event in enumerate(rec["events"]):
            label, prob = ops[(ri, ei)]
            if label not in (event["type"], "NONE") and prob >= p_min and event["confidence"] < conf_max:
                touched += 1
                if policy == "veto":
                    continue
                event = dict(event, type=label)
            events.append(event)
        out.append(dict(rec, events=events))
    return out, touched


def main(argv: list[str]) -> int:
    if len(argv) < 2 or len(argv) % 2:
        print(__doc__)
        return 2
    for gold, path in zip(argv[::2], argv[1::2], strict=True):
        records = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line]
        ops = opinions(records)
        agree = sum(1 for (ri, ei), (label, _p) in ops.items() if label == records[ri]["events"][ei]["type"])
        prec, rec = score(Path(gold), records)
        print(f"{path}: {len(ops)} events, classifier agrees on {agree}; rule coder alone: "
              f"event_prec {prec:.4f} event_recall {rec:.4f}")
        for policy in ("veto", "retype"):
            for p_min, conf_max in GRID:
                changed, touched = apply(records, ops, policy, p_min, conf_max)
                prec, rec = score(Path(gold), changed)
                print(f"  {policy:6} p>={p_min:<4} rule confidence <{conf_max:<4}: {touched:3} events  "
                      f"event_prec {prec:.4f} event_recall {rec:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
