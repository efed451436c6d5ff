"""Actor identity and country coverage over the BBC corpus (../shared/corpus/bbc).

    .venv/bin/python benchmarks/actors.py [--folder politics] [--records out.jsonl | --db store.duckdb]

Prints, for the chosen folder (or the whole corpus with --folder ''):
- the share of actual events whose source and target both carry a country (issue 9: >= 70% on politics);
- for the people named in PEOPLE, the distinct actor ids they came out as (ideal: 1) and their countries;
- the 30 most mentioned PERSON surnames with their distinct ids, to spot splits nobody listed;
- the time the actors stage took as a share of the pipeline.
Records can be reused with --records (written on the first run, read when the file exists). With --db the
folder is ingested into that store (inputs already there are skipped) and the figures are read from it, after
the store's own settling of actors (bare surnames merged, countries from all mentions: `store.relink`).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

BBC = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "bbc"
PEOPLE = ["Tony Blair", "George Bush", "Gordon Brown", "Jack Straw", "Michael Howard", "Charles Kennedy",
          "David Blunkett", "Charles Clarke", "Alan Milburn", "John Prescott", "Peter Hain", "Robin Cook",
          "Clare Short", "David Davis", "Oliver Letwin", "Liam Fox", "Jacques Chirac", "Gerhard Schroeder",
          "Kofi Annan", "Vladimir Putin", "Ariel Sharon", "Mahmoud Abbas", "Condoleezza Rice", "Colin Powell",
          "Silvio Berlusconi", "Thabo Mbeki", "Robert Mugabe", "Ayad Allawi", "Mark Oaten", "Ken Livingstone"]


def records(paths: list[str], cache: Path | None) -> tuple[list[dict], dict[str, float]]:
    if cache is not None and cache.exists():
        return [json.loads(line) for line in cache.open(encoding="utf-8")], {}
    from wirescope.ingest import iter_pages
    from wirescope.model import Document
    from wirescope.pipeline import Pipeline
    from wirescope.stages.actors.linking import PersonIndex, link_people

    pipeline = Pipeline()
    docs = link_people(pipeline.run(iter_pages(paths)), PersonIndex())  # as `jobs.extract` does
    out = [d.record() for d in docs if isinstance(d, Document)]
    if cache is not None:
        cache.write_text("".join(json.dumps(r) + "\n" for r in out), encoding="utf-8")
    return out, pipeline.stage_seconds


def from_store(paths: list[str], db: Path) -> tuple[list[dict], dict[str, float]]:
    """Records rebuilt from the store after ingesting `paths` into it: the events and PERSON actors the
    figures need (an actor's aliases, its country counted once per article that mentions it)."""
    from wirescope.jobs import ingest
    from wirescope.store.duckdb import DuckDBStore

    ingest(paths, str(db))
    store = DuckDBStore(str(db), read_only=True)
    try:
        events = store.query("SELECT source_id, source_country, target_id, target_country, negated, modality FROM events")
        actors = store.query("SELECT a.id, a.name, a.type, a.country, list(DISTINCT al.alias) AS aliases, "
                             "count(DISTINCT m.article_id) AS articles FROM actors a LEFT JOIN aliases al "
                             "ON al.actor_id = a.id LEFT JOIN mentions m ON m.actor_id = a.id GROUP BY ALL")
    finally:
        store.close()
    evs = [{"source": e["source_id"] and {"country": e["source_country"]},
            "target": e["target_id"] and {"country": e["target_country"]},
            "negated": e["negated"], "modality": e["modality"]} for e in events]
    people = [{**a, "aliases": [x for x in a["aliases"] if x]} for a in actors for _ in range(max(a["articles"], 1))]
    return [{"events": evs, "actors": people}], {}


def country_coverage(recs: list[dict]) -> tuple[int, int, int]:
    """(events with a country on both sides, events with both a source and a target, all events)."""
    both = dyadic = total = 0
    for r in recs:
        for e in r["events"]:
            if e.get("negated") or e.get("modality") not in ("asserted", "reported"):
                continue
            total += 1
            dyadic += bool(e.get("source") and e.get("target"))
            both += bool((e.get("source") or {}).get("country") and (e.get("target") or {}).get("country"))
    return both, dyadic, total


def ids_by_person(recs: list[dict]) -> dict[str, dict[str, Counter]]:
    """full name or surname -> actor id -> countries seen."""
    out: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for r in recs:
        for a in r["actors"]:
            if a["type"] != "PERSON":
                continue
            for name in {a["name"], *a["aliases"]}:
                out[name.lower()][a["id"]][a["country"]] += 1
                out[name.split()[-1].lower()][a["id"]][a["country"]] += 1
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--folder", default="politics")
    ap.add_argument("--records", type=Path)
    ap.add_argument("--db", type=Path, help="ingest into this DuckDB store and read the figures from it")
    args = ap.parse_args(argv)
    if not BBC.exists():
        print(f"skip: {BBC} not found")
        return 0
    paths = sorted(str(p) for p in (BBC / args.folder if args.folder else BBC).rglob("*.txt"))
    t0 = time.perf_counter()
    recs, seconds = from_store(paths, args.db) if args.db else records(paths, args.records)
    wall = time.perf_counter() - t0
    both, dyadic, total = country_coverage(recs)
    print(f"{len(paths) if args.db else len(recs)} articles ({args.folder or 'all'}) in {wall:.0f} s")
    print(f"events with a country on both sides: {both}/{total} = {both / max(total, 1):.1%} of all events, "
          f"{both}/{dyadic} = {both / max(dyadic, 1):.1%} of events with a source and a target")
    if seconds:
        share = seconds.get("actors", 0.0) / max(sum(seconds.values()), 1e-9)
        print(f"actors stage: {seconds.get('actors', 0.0):.1f} s, {share:.1%} of pipeline time")
    index = ids_by_person(recs)
    print("\nlisted people: distinct ids (countries)")
    for person in PEOPLE:
        ids = index.get(person.lower(), {})
        countries = Counter()
        for c in ids.values():
            countries.update(c)
        print(f"  {person:22} {len(ids)} {sorted(ids)} {dict(countries)}")
    surnames = Counter({k: sum(sum(c.values()) for c in v.values()) for k, v in index.items() if " " not in k})
    print("\n30 most frequent surnames: distinct ids")
    for name, n in surnames.most_common(30):
        print(f"  {name:16} {n:5} docs-mentions  {len(index[name])} ids  {sorted(index[name])[:4]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
