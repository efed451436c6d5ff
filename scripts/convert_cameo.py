"""Convert the PETRARCH2 CAMEO verb dictionary into wirescope trigger data.

    PYTHONPATH=src python scripts/convert_cameo.py [../shared/kb-sources/petrarch2/CAMEO.2.0.txt]

Writes ``src/wirescope/kb/cameo_lexicon.tsv`` (trigger, kind, plover, cameo; the same columns as the
hand-written ``kb/event_lexicon.tsv``). Source: Open Event Data Alliance, CAMEO.2.0.txt (MIT; see
THIRD_PARTY_LICENSES). What is kept:

- a pattern with the verb and one object word or one prepositional phrase after it
  ("- * CURFEW [1723]" -> "clamp curfew"; "- * (AGAINST GOVERNMENT) [141]" -> "chant against
  government"), for every verb of the block; synonym sets (&TREATY) are expanded;
- multi-word verbs ("+CALL_OFF [160]" -> "call off").

Bare verbs are not kept: a block's synonyms are far looser than its patterns (the CONSULT block
lists "think", "leave", "go"), so a verb alone triggers only through the hand lexicon.
A CAMEO code becomes a PLOVER type and a Goldstein score through ``kb/cameo.tsv``; codes without a
PLOVER type (public statements, ``---``) are dropped, as are patterns with words before the verb
(the subject side the parse already gives). The hand lexicon wins: the stage reads both, and a
trigger in ``event_lexicon.tsv`` is never replaced by a codebook one.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from wirescope.kb.ontology import cameo_for  # noqa: E402

DEFAULT = REPO.parent / "shared" / "kb-sources" / "petrarch2" / "CAMEO.2.0.txt"
OUT = REPO / "src" / "wirescope" / "kb" / "cameo_lexicon.tsv"
CODE = re.compile(r"\[(\d{2,4}|---)(?::\d+)?\]")
PREPS = {"against", "in", "on", "with", "to", "for", "from", "at", "into", "over", "of", "toward", "towards",
         "upon", "onto", "off", "out", "up", "down", "back", "away"}


def word(token: str) -> str:
    """'SLOGANS' -> 'slogan', 'TROOPS' -> 'troop': a lower-case lemma for the lexicon's keys."""
    w = token.strip("+_").lower().replace("_", " ")
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def synsets(lines: list[str]) -> dict[str, list[str]]:
    sets: dict[str, list[str]] = {}
    name = ""
    for line in lines:
        line = line.split("#")[0].strip()
        if line.startswith("&"):
            name = line
            sets[name] = []
        elif line.startswith("+") and name:
            sets[name].append(word(line))
        elif not line:
            name = ""
    return sets


def plover(code: str) -> tuple[str, str] | None:
    if code == "---":
        return None
    try:
        entry = cameo_for(code)
    except KeyError:
        return None
    return (entry.plover, entry.code) if entry.plover else None


def blocks(lines: list[str]) -> Iterator[tuple[str, list[str]]]:
    head, body = "", []
    for line in lines:
        if line.startswith("---"):
            if head:
                yield head, body
            head, body = line, []
        elif head:
            body.append(line)
    if head:
        yield head, body


def verb_forms(line: str) -> tuple[str, str | None] | None:
    """'GRILL [110]' -> ('grill', '110'); '+CALL_OFF {...} [160]' -> ('call off', '160')."""
    text = re.sub(r"\{[^}]*\}", "", line.split("#")[0]).strip()
    m = CODE.search(text)
    name = CODE.sub("", text).strip()
    if not name or " " in name:
        return None
    return name.strip("+").lower().replace("_", " ").strip(), (m.group(1) if m else None)


def pattern(line: str, sets: dict[str, list[str]]) -> tuple[list[str], str] | None:
    """'- * (AGAINST GOVERNMENT) [141]' -> (['against government'], '141'); None if not usable."""
    body = line.split("#")[0][1:]
    m = CODE.search(body)
    if m is None:
        return None
    words = CODE.sub("", body).replace("{", "").replace("}", "").split()
    if not words or words[0] != "*" or len(words) < 2:
        return None  # subject-side words, or the verb alone
    rest = " ".join(words[1:])
    pp = re.fullmatch(r"\((\w+) (&?[\w+]+)\)", rest)
    if pp:
        prep, obj = pp.group(1).lower(), pp.group(2)
        if prep not in PREPS:
            return None
        objs = sets.get(obj, []) if obj.startswith("&") else [word(obj)]
        return [f"{prep} {o}" for o in objs if " " not in o], m.group(1)
    if len(words) == 2 and re.fullmatch(r"&?[A-Z+_]+", words[1]):
        obj = words[1]
        objs = sets.get(obj, []) if obj.startswith("&") else [word(obj)]
        return [o for o in objs if o and " " not in o], m.group(1)
    return None


def convert(path: Path) -> list[tuple[str, str, str, str]]:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    start = next(i for i, line in enumerate(lines) if "VERB PATTERNS" in line)
    stop = next((i for i, line in enumerate(lines) if "TRANSFORMATIONS" in line), len(lines))
    sets = synsets(lines[:start])
    rows: dict[tuple[str, str], tuple[str, str]] = {}
    for head, body in blocks(lines[start:stop]):
        hm = CODE.search(head)
        block_code = hm.group(1) if hm else "---"
        verbs: list[tuple[str, str | None]] = []
        for line in body:
            if line.startswith("-") or not line.strip() or line.startswith("#"):
                continue
            vf = verb_forms(line)
            if vf is not None:
                verbs.append(vf)
        for name, own in verbs:
            code = plover(own or block_code)
            if code is not None:
                kind = "phrase" if " " in name else "verb"
                rows.setdefault((name, kind), code)
        for line in body:
            if not line.startswith("-"):
                continue
            got = pattern(line, sets)
            if got is None or (code := plover(got[1])) is None:
                continue
            for rest in got[0]:
                for name, _ in verbs:
                    rows.setdefault((f"{name} {rest}", "phrase"), code)
    return sorted((t, k, p, c) for (t, k), (p, c) in rows.items())


def main(argv: list[str]) -> int:
    src = Path(argv[0]) if argv else DEFAULT
    if not src.exists():
        print(f"no CAMEO dictionary at {src}")
        return 1
    rows = convert(src)
    rows = [r for r in rows if r[1] == "phrase"]  # bare verbs: see the module docstring
    body = "".join("\t".join(r) + "\n" for r in rows)
    OUT.write_text("trigger\tkind\tplover\tcameo\n" + body, encoding="utf-8")
    print(f"{len(rows)} triggers -> {OUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
