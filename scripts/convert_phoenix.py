"""Convert the Phoenix/PETRARCH2 actor and agent dictionaries (MIT, Open Event Data Alliance) into
wirescope's own compact KB files.

    python scripts/convert_phoenix.py ../shared/kb-sources/petrarch2 src/wirescope/kb/data/phoenix/

Reads ``Phoenix.Countries.actors.txt``, ``Phoenix.International.actors.txt``,
``Phoenix.MilNonState.actors.txt`` and ``Phoenix.agents.txt`` and writes, deterministically
(sorted rows, gzip with mtime 0):

``persons.tsv.gz``  id, display name, country (the person's main one), surname key, folded surface
                    keys (|), aliases (|), roles (;). A role is ``CODE,start,end,title`` with the
                    CAMEO-style code rewritten to ISO 3166 alpha-3 (``GBRGOV``), ISO start/end dates
                    (end exclusive, empty = open) and ``*`` for both dates on the undated default
                    role (``[GBRELI]``: what the person is outside every dated range).
``orgs.tsv.gz``     id, type (IGO | ORG | GROUP), name, country, sector, code, folded keys (|).
``agents.tsv``      role phrase, role, sector, class: the same schema as ``kb/data/roles.tsv``
                    (class ``agent``, which no title coreference uses).

Dictionary conventions (PETRARCH2): ``_`` is a space and a trailing ``_`` a word boundary; a line
``NAME [CODE ...]`` or a NAME line followed by ``+ALIAS`` lines and indented ``[CODE date-date]``
lines is one actor; dates are YYMMDD (pivot: YY < 30 is 20YY) or YYYYMMDD, ``>date`` = from,
``<date`` = until, and a code without a date is the default. Codes are country (3) + sector (3) +
more (``GBRGOV``, ``NLDGOVEDU``) or international type + more (``IGOUNO``, ``IMGMUSALQ``, ``NGOISRJEW``).

What is dropped, and why:
- country/place entries (a bare ``[GBR]``-style code: country names, cities, provinces): countries,
  capitals and cities come from pycountry/geonames and ``demonyms.tsv`` already;
- the fictional test country Kinakuta (``KNT``);
- person names of one token after titles are stripped ("PRESIDENT_JOSIPOVIC_" -> "Josipovic"): a bare
  surname is resolved by the actor stage against the full names of the document and the KB;
- person aliases that are only a title or honorific plus a name already listed ("PRIME_MINISTER_
  ARIEL_SHARON", "PRESIDENT_BUSH", "MR_CLINTON": the actor stage strips titles itself; the title is
  kept as the role's title), one-word aliases (bare surnames, matched in context instead) and aliases
  naming a collective ("BUSH_ADMINISTRATION");
- organisation names of one token that are plain English words (a word of the CAMEO verb or agent
  dictionaries, or a short stop list): "YOUTH", "SOVIET";
- organisation entries that are offices ("US Secretary of State", "President of the United States"):
  a title opens or closes the name and no organisation word is in it; the actor stage reads titles;
- malformed codes and dates (``[---]``, 7- or 10-digit dates); roles on a malformed date are dropped,
  the rest of the entry is kept.
Two entries with the same person key are merged when they are the same person (a dated non-elite role
with the same code overlapping in time, or undated entries of one country whose names nest: "Kofi
Annan"/"Kofi Atta Annan"); namesakes that are different people ("George Bush"/"George W. Bush", two
"John Howard"s) keep separate ids: the most recent office-holder keeps ``person_id(name)``, the others
get their country (or full-name slug when the country is the same) appended.
"""

from __future__ import annotations

import argparse
import gzip
import io
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from wirescope.kb.actors import (  # noqa: E402
    fold,
    name_parts,
    person_id,
    slug,
    translit_key,
)

SOURCES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt")

# CAMEO country codes that are not ISO 3166 alpha-3 (current, or ISO 3166-3 for former states)
CAMEO_TO_ISO = {"KSV": "XKX", "TMP": "TLS", "USR": "SUN", "FRY": "YUG", "ANG": "AGO", "FRN": "FRA",
                "SRP": "BIH", "KRJ": "HRV", "ROM": "ROU", "ZAR": "COD", "BUR": "MMR", "WSB": "PSE",
                "GZS": "PSE", "PAL": "PSE", "DDR": "DDR", "SUN": "SUN", "YUG": "YUG", "SCG": "SCG", "CSK": "CSK"}
FICTIONAL = {"KNT"}
INTL = {"IGO": "IGO", "NGO": "NGO", "MNC": "BUS", "IMG": "REB", "INT": None, "NGM": "NGO", "UIS": None}
SECTORS = {"GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "MED", "EDU", "BUS", "CRM", "CVL", "ELI",
           "LEG", "HLH", "LAB", "AGR", "REF", "HRI", "ENV", "DEV", "MOD", "RAD", "INS", "SEP", "UAF", "REL",
           "IGO", "NGO", "SET", "IRC"}
ARMED = {"REB", "UAF", "INS", "SEP"}
SECTOR_ROLE = {"GOV": "government", "MIL": "military", "REB": "rebel", "OPP": "opposition", "PTY": "party",
               "COP": "police", "JUD": "judiciary", "SPY": "intelligence", "MED": "media", "EDU": "education",
               "BUS": "business", "CRM": "criminal", "CVL": "civilian", "ELI": "elite", "LEG": "legislature",
               "HLH": "health", "LAB": "labour", "AGR": "agriculture", "REF": "refugee", "HRI": "human rights",
               "ENV": "environment", "DEV": "development", "IGO": "international organisation",
               "NGO": "non-governmental organisation", "INS": "insurgent", "SEP": "separatist",
               "UAF": "armed group", "REL": "religious", "MOD": "moderate", "RAD": "radical"}

ORG_WORDS = set(["army", "party", "council", "congress", "ministry", "front", "movement", "organization", "organisation", "association", "union", "committee", "group", "groups", "brigade", "brigades", "forces", "force", "agency", "bank", "institute", "foundation", "league", "alliance", "federation", "society", "corporation", "company", "inc", "ltd", "corp", "co", "government", "administration", "parliament", "assembly", "court", "commission", "police", "guard", "guards", "liberation", "revolutionary", "national", "people's", "peoples", "united", "international", "network", "center", "centre", "fund", "program", "programme", "office", "bureau", "service", "services", "authority", "coalition", "cells", "cell", "nuclei", "faction", "battalion", "regiment", "militia", "tribunal", "university", "school", "church", "news", "times", "radio", "television", "tv", "press", "media", "world", "global", "cabinet", "regime", "camp", "supporters", "family", "dynasty", "ministers", "department", "council's", "republic", "kingdom", "state", "states", "navy", "command", "commando", "commandos", "squad", "squads", "unit", "units", "fighters", "mujahideen", "jihad", "islamic", "martyrs", "resistance", "struggle", "action", "initiative", "club", "trust", "bureau", "board", "senate", "house", "partners", "holdings", "group's", "industries", "systems", "airlines", "communications", "energy", "oil", "gas"])
TITLE_WORDS = set(["mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "baroness", "baron", "dame", "president", "presidents", "prime", "minister", "premier", "chancellor", "king", "queen", "prince", "princess", "emir", "sultan", "general", "gen", "col", "colonel", "admiral", "secretary", "secretary-general", "un", "u.n.", "us", "u.s.", "american", "british", "former", "acting", "deputy", "vice", "foreign", "defence", "defense", "interior", "finance", "chairman", "chief", "leader", "spokesman", "ambassador", "envoy", "governor", "senator", "sen", "rep", "representative", "judge", "justice", "mayor", "pope", "cardinal", "archbishop", "bishop", "ayatollah", "grand", "rev", "reverend", "commander", "marshal", "lt", "lieutenant", "major", "captain", "capt", "field", "united", "nations", "of", "the", "general-secretary", "secretary-general's", "head", "director", "director-general", "state", "opposition", "party"])
STOP_ONE_WORD = set(["soviet", "youth", "students", "workers", "people", "the", "new", "free", "red", "black", "white", "green", "blue", "union", "national", "liberal", "labour", "labor", "democrats", "republicans", "socialists", "communists"])
EAST_ASIA = {"CHN", "TWN", "HKG", "KOR", "PRK", "VNM", "MNG", "SGP", "MAC", "JPN", "KHM", "LAO", "MMR"}
PARTICLES = {"al", "el", "bin", "ibn", "de", "da", "di", "del", "della", "der", "van", "von", "la", "le", "du",
             "dos", "das", "y", "ben", "abu", "ould"}


# --- parsing ------------------------------------------------------------------------------------


@dataclass
class Raw:
    name: str
    source: str
    aliases: list[str] = field(default_factory=list)
    codes: list[tuple[str, str | None, str | None, bool]] = field(default_factory=list)  # code, from, to, default
    person_hint: bool = False


def _words(phrase: str) -> str:
    """PETRARCH phrase -> space-separated upper-case words."""
    s = phrase.strip().replace("_", " ")
    s = re.sub(r"\s+", " ", s).strip()
    return s


def _date(text: str, pivot: int = 30) -> str | None:
    if len(text) == 6 and text.isdigit():
        yy, mm, dd = int(text[:2]), text[2:4], text[4:6]
        year = 2000 + yy if yy < pivot else 1900 + yy
    elif len(text) == 8 and text.isdigit():
        year, mm, dd = int(text[:4]), text[4:6], text[6:8]
    else:
        return None
    if not ("01" <= mm <= "12" and "01" <= dd <= "31"):
        return None
    return f"{year:04d}-{mm}-{dd}"


def _bracket(body: str) -> tuple[str, str | None, str | None, bool] | None:
    """'GBRGOV 970502-070627' | 'GBRELI' | 'IGOCRB >030512' | 'X <990830' -> (code, from, to, default)."""
    m = re.fullmatch(r"\s*([A-Z]{3,})\s*(.*?)\s*", body)
    if not m:
        return None
    code, rest = m.group(1), m.group(2).replace(" ", "")
    if len(code) % 3:
        return None
    if not rest:
        return code, None, None, True
    if rest.startswith(">"):
        start = _date(rest[1:])
        return (code, start, None, False) if start else None
    if rest.startswith("<"):
        end = _date(rest[1:])
        return (code, None, end, False) if end else None
    a, _, b = rest.partition("-")
    start, end = _date(a), _date(b)
    if not start or not end:
        return None
    if start > end:  # a six-digit start read in the wrong century ("250101-300101")
        start = f"{int(start[:4]) - 100:04d}{start[4:]}"
        if start > end:
            return None
    return code, start, end, False


def parse_actors(path: Path) -> Iterator[Raw]:
    cur: Raw | None = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        text, _, comment = line.partition("#")
        if not text.strip():
            if cur is not None and not line.strip():
                pass
            continue
        codes = [c for c in (_bracket(b) for b in re.findall(r"\[([^\]]*)\]", text)) if c]
        head = re.sub(r"\[[^\]]*\]", "", text)
        if line[:1] in (" ", "\t"):
            if cur is not None:
                cur.codes += codes
            continue
        if head.startswith("+"):
            if cur is not None:
                alias = _words(head[1:])
                if alias:
                    cur.aliases.append(alias)
                cur.codes += codes
            continue
        if cur is not None:
            yield cur
        cur = Raw(_words(head), path.name, codes=codes,
                  person_hint="countryinfo" in comment.lower() or "rulers" in comment.lower())
    if cur is not None:
        yield cur


def parse_agents(path: Path) -> list[tuple[str, str, str]]:
    """(phrase, singular phrase, code), substitution sets expanded and regular plurals generated."""
    subst: dict[str, list[str]] = {}
    out: list[tuple[str, str, str]] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        text = line.partition("#")[0].strip()
        if not text:
            continue
        m = re.fullmatch(r"(![A-Z]+!)\s*=\s*(.+)", text)
        if m:
            subst[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        m = re.fullmatch(r"(.+?)\s*(\{[^}]*\})?\s*\[~?([A-Z]+)~?\]", text)
        if not m:
            continue
        phrase, plurals, code = m.group(1), m.group(2), m.group(3)
        variants = [phrase]
        for key, words in subst.items():
            if key in phrase:
                variants = [v.replace(key, w + ("_" if not phrase.endswith(key) else "")) for v in variants
                            for w in words]
                # "!MINIST! OF_X": the substitution word is followed by a space already
        for v in variants:
            words = _words(v.replace("!", "")).lower()
            if not words or not re.fullmatch(r"[a-z][a-z' .&-]*", words) or \
                    words.split(" ")[-1] in ("of", "to", "for", "the", "a", "an", "in", "on", "and", "at", "from"):
                continue  # "ambassador to": the role is "ambassador", the rest is the phrase's
            out.append((words, words, code))
            if plurals is None and not any(key in phrase for key in subst):
                out.append((_plural(words), words, code))
            elif plurals and plurals.strip("{} "):
                for p in plurals.strip("{} ").split():
                    out.append((_words(p).lower(), words, code))
    return out


def _plural(phrase: str) -> str:
    *head, last = phrase.split(" ")
    if last.endswith("man"):
        last = last[:-3] + "men"
    elif re.search(r"(s|sh|ch|x|z)$", last):
        last += "es"
    elif re.search(r"[^aeiou]y$", last):
        last = last[:-1] + "ies"
    else:
        last += "s"
    return " ".join([*head, last])


# --- codes ----------------------------------------------------------------------------------------


def _iso_countries() -> set[str]:
    import pycountry

    return {c.alpha_3 for c in pycountry.countries} | {"XKX"}


ISO = _iso_countries()


def split_code(code: str) -> tuple[str | None, str | None, str]:
    """CAMEO code -> (ISO3 country or None, sector or None, code with the country rewritten to ISO)."""
    toks = [code[i:i + 3] for i in range(0, len(code), 3)]
    country: str | None = None
    first = toks[0]
    if first in CAMEO_TO_ISO or first in ISO:
        country = CAMEO_TO_ISO.get(first, first)
        toks[0] = country
        rest = toks[1:]
        sector = next((t for t in rest if t in SECTORS), None)
    elif first in INTL:
        sector = INTL[first]
        rest = toks[1:]
        if rest and (rest[0] in ISO or rest[0] in CAMEO_TO_ISO) and first in ("NGO", "MNC"):
            country = CAMEO_TO_ISO.get(rest[0], rest[0])
            toks[1] = country
        if first == "IMG" or any(t in ARMED for t in rest):
            sector = "REB"
    else:  # a region, religion or ethnic group first (AFR, MUS, KKL...)
        sector = next((t for t in toks if t in SECTORS), None)
    if sector in ARMED:
        sector = "REB"
    return country, sector, "".join(toks)


# --- names ----------------------------------------------------------------------------------------


def display(words: str, country: str | None) -> str:
    """Upper-case dictionary name -> news casing: GEORGE W. BUSH -> George W. Bush, BAN KI-MOON -> Ban Ki-moon."""
    out = []
    toks = words.split(" ")
    for i, t in enumerate(toks):
        lo = t.lower()
        if lo in ("ii", "iii", "iv"):
            out.append(t.upper())
            continue
        parts = lo.split("-")
        cased = []
        for j, p in enumerate(parts):
            if j > 0 and len(p) <= 4 and parts[j - 1] not in PARTICLES and (
                    (country in EAST_ASIA and len(parts[j - 1]) <= 4) or len(parts[j - 1]) <= 3):
                cased.append(p)  # Ki-moon, Jong-il
            elif (i > 0 and j == 0 and p in PARTICLES and (len(parts) > 1 or i < len(toks) - 1)):
                cased.append(p)  # al-Assad, von der Leyen
            else:
                cased.append(_cap(p))
        out.append("-".join(cased))
    return " ".join(out)


def _cap(word: str) -> str:
    if not word:
        return word
    if word.startswith("mc") and len(word) > 3:
        return "Mc" + word[2:].capitalize()
    if re.match(r"^[od]'[a-z]", word):
        return word[:2].upper() + word[2:].capitalize()
    return word[:1].upper() + word[1:]


def _toks(words: str) -> list[str]:
    return [t for t in words.lower().split(" ") if t]


def english_words(src: Path) -> set[str]:
    words: set[str] = set(STOP_ONE_WORD)
    for name in ("CAMEO.2.0.txt", "Phoenix.agents.txt", "Phoenix.discards.txt"):
        p = src / name
        if p.exists():
            for line in p.read_text(encoding="utf-8", errors="replace").splitlines():
                text = line.partition("#")[0]
                words.update(w.lower() for w in re.findall(r"[A-Z][A-Z']+", text))
    return words


# --- building -------------------------------------------------------------------------------------


@dataclass
class Person:
    name: str  # display
    forms: list[str]  # upper-case word forms (primary first)
    roles: list[tuple[str, str | None, str | None, bool, str]]  # code, from, to, default, title
    country: str | None = None
    id: str = ""
    keys: list[str] = field(default_factory=list)  # folded surfaces this person owns (namesakes: the most recent)

    def dated(self) -> list[tuple[str, str | None, str | None, bool, str]]:
        return [r for r in self.roles if not r[3]]

    def countries(self) -> set[str]:
        return {c for c in (split_code(r[0])[0] for r in self.roles) if c}

    def recency(self) -> tuple[str, int]:
        ends = [r[2] or "9999" for r in self.dated() if split_code(r[0])[1] != "ELI"]
        return (max(ends) if ends else "", len(self.forms))


def _role_titles(roles_tsv: Path) -> dict[str, tuple[str, str]]:
    out = {}
    for line in roles_tsv.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            phrase, role, sector, _cls = line.split("\t")
            out[phrase] = (role, sector)
    return out


TITLES = _role_titles(ROOT / "src" / "wirescope" / "kb" / "data" / "roles.tsv")


def _title_of(prefix: list[str]) -> tuple[str, str] | None:
    """The role a title prefix names ("united nations secretary general" -> secretary-general)."""
    for k in range(len(prefix)):
        hit = TITLES.get(" ".join(prefix[k:]))
        if hit:
            return hit
    return None


def _is_titled(toks: list[str]) -> bool:
    return bool(toks) and (toks[0].rstrip(".") in TITLE_WORDS or toks[0] in TITLE_WORDS)


def _strip_titles(toks: list[str]) -> list[str]:
    while len(toks) > 1 and toks[0].rstrip(".") in TITLE_WORDS:
        toks = toks[1:]
    return toks


def is_person(raw: Raw, english: set[str], strict: bool = False) -> bool:
    toks = _toks(raw.name)
    if any(t in ORG_WORDS for t in toks) or any(c.isdigit() for c in raw.name) or "(" in raw.name:
        return False
    if strict:
        return 2 <= len(toks) <= 5 and not any(t in english or t in ("of", "and", "in") for t in toks
                                               if t not in PARTICLES)
    if raw.person_hint:
        return True
    if raw.codes[0][0][:3] in ("MNC", "NGO"):
        return False
    if any(not c[3] for c in raw.codes):
        return True
    name = _strip_titles(toks)
    return 2 <= len(name) <= 4 and not any(t in english for t in name if t not in PARTICLES)


def build_person(raw: Raw) -> Person | None:
    forms = [raw.name, *raw.aliases]
    toks_of = {f: _toks(f) for f in forms}
    clean: list[str] = []
    titles: list[tuple[str, str]] = []
    for f in forms:
        toks = toks_of[f]
        if any(t in ORG_WORDS for t in toks) or any(c.isdigit() for c in f):
            continue
        others = [toks_of[g] for g in forms if g != f and 2 <= len(toks_of[g]) < len(toks)]
        nested = next((o for o in others if toks[-len(o):] == o and not _is_titled(o)), None)
        if nested is not None or _is_titled(toks):
            prefix = toks[:len(toks) - len(nested)] if nested else toks[:len(toks) - len(_strip_titles(toks))]
            t = _title_of([p.rstrip(".").replace("-", " ") if p != "secretary-general" else p for p in prefix])
            if t:
                titles.append(t)
            stripped = _strip_titles(toks)
            if nested is None and len(stripped) >= 2 and stripped != toks:
                clean.append(" ".join(stripped).upper())
            continue
        if len(toks) >= 2:
            clean.append(f)
    seen: set[str] = set()
    clean = [f for f in clean if not (f in seen or seen.add(f))]  # type: ignore[func-returns-value]
    if not clean:
        return None
    roles_raw = []
    for code, start, end, default in raw.codes:
        country, sector, iso_code = split_code(code)
        if code[:3] in FICTIONAL:
            return None
        roles_raw.append((iso_code, start, end, default, sector))
    if not roles_raw:
        return None
    roles = _merge_roles(roles_raw, titles)
    p = Person(name="", forms=clean, roles=roles)
    p.country = _main_country(p)
    p.name = display(clean[0], p.country)
    return p


def _merge_roles(roles_raw: list[tuple[str, str | None, str | None, bool, str | None]],
                 titles: list[tuple[str, str]]) -> list[tuple[str, str | None, str | None, bool, str]]:
    by_code: dict[tuple[str, bool], list[tuple[str | None, str | None]]] = defaultdict(list)
    for code, start, end, default, _sector in roles_raw:
        by_code[(code, default)].append((start, end))
    merged: list[tuple[str, str | None, str | None, bool, str]] = []
    for (code, default), spans in by_code.items():
        if default:
            merged.append((code, None, None, True, ""))
            continue
        spans.sort(key=lambda s: s[0] or "")
        cur_s, cur_e = spans[0]
        for s, e in spans[1:]:
            if cur_e is None or (s or "") <= cur_e:
                cur_e = None if cur_e is None or e is None else max(cur_e, e)
            else:
                merged.append((code, cur_s, cur_e, False, ""))
                cur_s, cur_e = s, e
        merged.append((code, cur_s, cur_e, False, ""))
    # a title read off an alias ("PRIME_MINISTER_ARIEL_SHARON") goes to the latest role of its sector
    for role, sector in dict.fromkeys(titles):
        cands = [i for i, r in enumerate(merged) if not r[3] and not r[4] and split_code(r[0])[1] == sector]
        if cands:
            i = max(cands, key=lambda k: (merged[k][2] or "9999", merged[k][1] or ""))
            merged[i] = (*merged[i][:4], role)
    merged.sort(key=lambda r: (r[3], r[1] or "", r[2] or "9999", r[0]), reverse=False)
    return merged


def _main_country(p: Person) -> str | None:
    """The country of the person's latest non-elite role, else of the latest elite or default one."""
    ranked = []
    for code, start, end, default, _t in p.roles:
        country, sector, _ = split_code(code)
        if country:
            ranked.append(((0 if default else 2 if sector != "ELI" else 1, end or "9999", start or ""), country))
    return max(ranked)[1] if ranked else None


def _same_person(a: Person, b: Person) -> bool:
    for ra in a.dated():
        for rb in b.dated():
            if ra[0] != rb[0] or split_code(ra[0])[1] == "ELI":
                continue
            if (ra[1] or "") < (rb[2] or "9999") and (rb[1] or "") < (ra[2] or "9999"):
                return True
    nondated = not [r for r in a.dated() if split_code(r[0])[1] != "ELI"] or \
        not [r for r in b.dated() if split_code(r[0])[1] != "ELI"]
    ta, tb = set(_toks(a.forms[0])), set(_toks(b.forms[0]))
    shared = (a.countries() & b.countries()) or (not a.countries() and not b.countries())
    return bool(nondated and shared and (ta <= tb or tb <= ta))


def _merge(a: Person, b: Person) -> Person:
    forms = a.forms + [f for f in b.forms if f not in a.forms]
    roles = _merge_roles([(c, s, e, d, split_code(c)[1]) for c, s, e, d, _t in a.roles + b.roles],
                         [])
    titles = {(c, s): t for c, s, e, d, t in a.roles + b.roles if t}
    roles = [(c, s, e, d, titles.get((c, s), "")) for c, s, e, d, _ in roles]
    p = Person(name=a.name, forms=forms, roles=roles)
    p.country = _main_country(p)
    return p


def convert(src: Path, out: Path) -> dict[str, int]:
    english = english_words(src)
    persons_by_key: dict[str, list[Person]] = defaultdict(list)
    orgs: dict[str, tuple[str, str, str, str, str, str, set[str]]] = {}
    stats: dict[str, int] = defaultdict(int)
    for fname in SOURCES:
        for raw in parse_actors(src / fname):
            stats["entries"] += 1
            if not raw.codes or not raw.name:
                stats["no_code"] += 1
                continue
            first = raw.codes[0][0]
            if first[:3] in FICTIONAL:
                stats["fictional"] += 1
                continue
            country, sector, iso_code = split_code(first)
            if sector is None and first[:3] not in INTL and len(first) <= 6 and not raw.person_hint \
                    and all(split_code(c[0])[1] is None for c in raw.codes):
                stats["place"] += 1
                continue
            if is_person(raw, english):
                p = build_person(raw)
                if p is None:
                    stats["person_dropped"] += 1
                    continue
                key = person_id(p.name)
                for q in persons_by_key[key]:
                    if _same_person(q, p):
                        persons_by_key[key].remove(q)
                        persons_by_key[key].append(_merge(q, p))
                        stats["person_merged"] += 1
                        break
                else:
                    persons_by_key[key].append(p)
                continue
            for member in _members(raw, first, english):
                p = build_person(member)
                if p is not None:
                    persons_by_key[person_id(p.name)].append(p)
                    stats["member"] += 1
            org = build_org(raw, country, sector, iso_code, english)
            if org is None:
                stats["org_dropped"] += 1
                continue
            if org[0] in orgs:
                orgs[org[0]][6].update(org[6])
            else:
                orgs[org[0]] = org
    persons = assign_ids(persons_by_key)
    claimed: set[str] = set()
    for p in sorted(persons, key=lambda p: (p.recency(), p.id), reverse=True):
        p.keys = sorted({fold(display(f, p.country)) for f in p.forms} - claimed)
        claimed.update(p.keys)
    stats["persons"], stats["orgs"] = len(persons), len(orgs)
    out.mkdir(parents=True, exist_ok=True)
    _write_gz(out / "persons.tsv.gz", [_person_row(p) for p in persons])
    _write_gz(out / "orgs.tsv.gz", ["\t".join([*o[:6], "|".join(sorted(o[6]))]) for o in orgs.values()])
    agents = _agent_rows(parse_agents(src / "Phoenix.agents.txt"))
    (out / "agents.tsv").write_text(
        "# role phrase\trole\tsector\tclass: converted from Phoenix.agents.txt (MIT, Open Event Data Alliance) "
        "by scripts/convert_phoenix.py\n" + "".join(r + "\n" for r in agents), encoding="utf-8")
    stats["agents"] = len(agents)
    return dict(stats)


HONORIFICS = {"sheikh", "sheik", "shaykh", "sayyed", "seyyed", "sayyid", "sayed", "mullah", "maulana", "imam",
              "haji", "emir", "commander", "mufti"}


def _members(raw: Raw, code: str, english: set[str]) -> list[Raw]:
    """Person names listed as aliases of an organisation ("HASSAN_NASRALLAH" under Hezbollah): taken
    out of the organisation's surfaces and grouped by surname into persons holding its code."""
    groups: dict[str, list[str]] = defaultdict(list)
    for a in list(raw.aliases):
        if not is_person(Raw(a, raw.source, codes=[(code, None, None, True)]), english, strict=True):
            continue
        raw.aliases.remove(a)
        toks = [t for t in a.split(" ") if t.lower() not in HONORIFICS]
        if len(toks) >= 2 and toks[0].lower() not in PARTICLES:
            groups[translit_key(toks[-1].split("-")[-1])].append(" ".join(toks))
    out = []
    for forms in groups.values():
        forms = sorted(dict.fromkeys(forms), key=lambda f: (-forms.count(f), len(f), f))
        out.append(Raw(forms[0], raw.source, aliases=forms[1:], codes=[(code, None, None, True)]))
    return out


def build_org(raw: Raw, country: str | None, sector: str | None, code: str,
              english: set[str]) -> tuple[str, str, str, str, str, str, set[str]] | None:
    first = raw.codes[0][0][:3]
    if first == "IGO":
        typ = "IGO"
    elif sector == "REB" or first == "IMG":
        typ = "GROUP"
    else:
        typ = "ORG"
    forms = []
    for f in [raw.name, *raw.aliases]:
        toks = _toks(f)
        if not toks or toks == ["the"]:
            continue
        if len(toks) == 1 and (toks[0] in english or len(toks[0]) < 3 or not toks[0].isalpha()):
            continue
        forms.append(f)
    if not forms or _is_office(_toks(forms[0])):
        return None
    forms = [forms[0]] + [f for f in forms[1:] if not _person_title(_toks(f))]
    name = _org_display(forms[0])
    prefix = {"IGO": "igo", "GROUP": "group", "ORG": "org"}[typ]
    keys = {fold(_org_display(f)) for f in forms}
    keys = {k for k in keys if k}
    return (f"{prefix}:{slug(name)}", typ, name, country or "", sector or "", code, keys)


ORG_HEADS = {"association", "council", "foundation", "institute", "corporation", "inc", "group", "party",
             "center", "centre", "committee", "organisation", "organization", "league", "union", "company"}


def _person_title(toks: list[str]) -> bool:
    """An alias that names a person by office ("GERMAN_CHANCELLOR" under REICHSTAG, "WHITE_HOUSE_
    SPOKESMAN"): it ends in a title that is not an organisation word ("Islamic Aden Army" stays)."""
    return bool(toks) and toks[-1] not in ORG_WORDS and _title_of(toks) is not None


def _is_office(toks: list[str]) -> bool:
    """An office, not an organisation: "US Secretary of State", "President of the United States"
    (a title word opens or closes the name and no organisation word is in it)."""
    if not toks or ORG_HEADS & set(toks):
        return False
    return _title_of(toks) is not None or any(
        TITLES.get(" ".join(toks[:k])) for k in range(1, min(4, len(toks)) + 1))


def _org_display(words: str) -> str:
    words = re.sub(r"\s*\([^)]*\)\s*", " ", words).strip()  # "ANIMAL LIBERATION FRONT (ALF)"
    small = {"of", "the", "for", "and", "in", "on", "de", "la", "du", "des", "el", "al", "e", "a"}
    out = []
    for i, t in enumerate(words.lower().split(" ")):
        parts = t.split("-")
        out.append("-".join(p if (i or j) and p in small else _cap(p) for j, p in enumerate(parts)))
    return " ".join(out)


def assign_ids(by_key: dict[str, list[Person]]) -> list[Person]:
    out: list[Person] = []
    for key in sorted(by_key):
        people = sorted(by_key[key], key=lambda p: (p.recency(), p.name), reverse=True)
        used: set[str] = set()
        for i, p in enumerate(people):
            pid = key
            if i:
                pid = f"{key}-{(p.country or 'xxx').lower()}"
                if pid in used or p.country == people[0].country:
                    pid = f"{key}-{slug(max(p.forms, key=lambda f: (len(f), f)))}"
            n = 2
            while pid in used:
                pid, n = f"{key}-{n}", n + 1
            used.add(pid)
            p.id = pid
            out.append(p)
    return sorted(out, key=lambda p: p.id)


def _person_row(p: Person) -> str:
    disp = [display(f, p.country) for f in p.forms]
    aliases = [a for a in dict.fromkeys(disp) if a != p.name]
    keys = p.keys
    surname, _ = name_parts(p.name, p.country)
    skey = translit_key(surname.split()[-1])
    roles = ";".join(f"{c},{split_code(c)[0] or ''},{split_code(c)[1] or ''},{'*' if d else s or ''},"
                     f"{'*' if d else e or ''},{t}" for c, s, e, d, t in p.roles)
    return "\t".join([p.id, p.name, p.country or "", skey, "|".join(keys), "|".join(aliases), roles])


def _agent_rows(pairs: list[tuple[str, str, str]]) -> list[str]:
    best: dict[str, tuple[str, str]] = {}
    for phrase, singular, code in pairs:
        sectors = [code[i:i + 3] for i in range(0, len(code), 3)]
        sector = next((s for s in sectors if s in SECTORS), sectors[0] if sectors else "")
        if sector in ARMED:
            sector = "REB"
        best.setdefault(phrase, (singular, sector))
    return [f"{p}\t{r}\t{s}\tagent" for p, (r, s) in sorted(best.items()) if s]


def _write_gz(path: Path, rows: list[str]) -> None:
    data = "".join(r + "\n" for r in sorted(rows)).encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as fh:
        fh.write(data)
    path.write_bytes(buf.getvalue())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("src", type=Path, help="directory with the Phoenix dictionaries")
    ap.add_argument("out", type=Path, help="output directory (src/wirescope/kb/data/phoenix)")
    args = ap.parse_args(argv)
    stats = convert(args.src, args.out)
    for k in sorted(stats):
        print(f"{k}\t{stats[k]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
