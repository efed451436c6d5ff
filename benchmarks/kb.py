"""KB benchmark: time to load the built-in KB (Phoenix persons/organisations + hand-written data) and
the cost of one lookup per mention, the way the actor stage asks (`kb.match` on gazetteer windows,
`kb.person(name, date=...)` on names).

    PYTHONPATH=src python benchmarks/kb.py
"""

from __future__ import annotations

import gzip
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PHOENIX = ROOT / "src" / "wirescope" / "kb" / "data" / "phoenix"

NAMES = ["Tony Blair", "George Bush", "Gordon Brown", "Jack Straw", "Michael Howard", "Charles Kennedy",
         "Kofi Annan", "Ariel Sharon", "Vladimir Putin", "Jacques Chirac", "Gerhard Schroeder", "John Howard",
         "Mahmoud Abbas", "Hamid Karzai", "Condoleezza Rice", "Unknown Person", "Blair", "Mr Smith"]
SURFACES = ["Hezbollah", "the United Nations", "FARC", "Oxfam", "Labour", "said", "the", "Washington",
            "European Union", "Revolutionary Armed Forces of Colombia", "Downing Street", "police"]


def main() -> None:
    t0 = time.perf_counter()
    from wirescope.kb.actors import builtin_kb

    kb = builtin_kb()
    load = time.perf_counter() - t0
    size = sum(p.stat().st_size for p in PHOENIX.iterdir())
    raw = sum(len(gzip.decompress(p.read_bytes())) if p.suffix == ".gz" else p.stat().st_size
              for p in PHOENIX.iterdir())
    print(f"KB load: {load:.3f} s  ({len(kb.by_fold)} surface forms, {len(kb.by_id)} persons, "
          f"{len(kb.agents)} agent words)")
    print(f"Phoenix data: {size / 1e6:.2f} MB committed ({raw / 1e6:.2f} MB uncompressed)")
    n = 20_000
    t0 = time.perf_counter()
    for i in range(n):
        kb.person(NAMES[i % len(NAMES)], date="2004-05-01")
    per_person = (time.perf_counter() - t0) / n
    t0 = time.perf_counter()
    for i in range(n):
        kb.match(SURFACES[i % len(SURFACES)])
    per_match = (time.perf_counter() - t0) / n
    print(f"kb.person(name, date): {per_person * 1e6:.1f} us per mention")
    print(f"kb.match(surface): {per_match * 1e6:.2f} us per window")


if __name__ == "__main__":
    main()
