"""The map: stored place names given coordinates by the installed gazetteer, and its API route."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from store_fixture import build_store
from wirescope.api.app import create_app
from wirescope.store.geo import locate


def test_a_city_is_placed_in_the_stored_country_else_the_most_populous() -> None:
    paris = locate("Paris", None)
    assert paris is not None and paris.country == "FRA" and paris.precision == "city"
    assert abs(paris.lat - 48.85) < 0.2 and abs(paris.lon - 2.35) < 0.2
    texas = locate("Paris", "USA")
    assert texas is not None and texas.country == "USA" and 30 < texas.lat < 36


def test_alternate_spellings_countries_and_unknown_names() -> None:
    kyiv, kiev = locate("Kyiv", "UKR"), locate("Kiev", None)
    assert kyiv is not None and kiev == kyiv
    ukraine = locate("Ukraine", None)
    assert ukraine is not None and ukraine.precision == "country" and ukraine.country == "UKR"
    assert ukraine.lat == kyiv.lat  # a country's point is its capital
    sea = locate("the Black Sea", "RUS")  # not a city: the stored country, at its capital
    assert sea is not None and sea.precision == "country" and sea.country == "RUS"
    assert locate("the high seas", None) is None and locate(None, None) is None


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = build_store(tmp_path_factory.mktemp("map") / "fixture.duckdb")
    return TestClient(create_app(str(db)), base_url="http://localhost")


def test_map_route_counts_events_per_point_with_the_event_filters(client: TestClient) -> None:
    body = client.get("/api/events/map").json()
    total = client.get("/api/events/summary").json()["events"]
    assert body["placed"] + body["unplaced"] == total
    beijing = [p for p in body["points"] if p["name"] == "Beijing"]
    assert len(beijing) == 1 and beijing[0]["country"] == "CHN" and beijing[0]["events"] == 2
    once = client.get("/api/events/map", params={"copies": False}).json()["points"]  # a copy counted once
    assert [p["events"] for p in once if p["name"] == "Beijing"] == [1]
    assert beijing[0]["place"] == "Beijing" and 39 < beijing[0]["lat"] < 41 and 116 < beijing[0]["lon"] < 117
    assert {"country": "CHN", "numeric": 156}.items() <= body["countries"][0].items()
    # the same filters as the event cards: a type with no placed event leaves the map empty
    accuse = client.get("/api/events/map", params={"type": "ACCUSE"}).json()
    assert accuse["points"] == [] and accuse["unplaced"] > 0
    # a marker's `place` lists exactly its events
    cards = client.get("/api/events/cards", params={"place": beijing[0]["place"]}).json()["items"]
    assert [c["type"] for c in cards] == ["CONSULT"]
    assert client.get("/api/events/map", params={"from": "2024-05-01", "to": "2024-01-01"}).status_code == 422


def test_a_country_code_as_place_means_the_country_only(client: TestClient) -> None:
    by_code = client.get("/api/events", params={"place": "CHN"}).json()["items"]
    assert by_code and all(e["location_country"] == "CHN" for e in by_code)
    assert client.get("/api/events", params={"place": "beij"}).json()["items"]  # words still match names


def test_a_capital_named_by_its_country_is_the_capital_city() -> None:
    tbilisi = locate("the Georgian capital", "GEO")
    assert tbilisi is not None and tbilisi.precision == "city" and tbilisi.name == "Tbilisi"


def test_place_takes_several_spellings(client: TestClient) -> None:
    one = client.get("/api/events", params={"place": "Beijing"}).json()["items"]
    both = client.get("/api/events", params={"place": "nowhere-at-all|Beijing"}).json()["items"]
    assert one and both == one
    assert client.get("/api/events", params={"place": "nowhere-at-all|"}).json()["items"] == []


def test_serve_warms_the_first_pages_into_the_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    import asyncio

    from wirescope.api.server import WARM_URLS, _prefetch

    app = create_app(str(build_store(tmp_path_factory.mktemp("warm") / "fixture.duckdb")))
    asyncio.run(_prefetch(app, WARM_URLS))
    cache = app.state.wirescope.cache
    assert cache.stats()["entries"] == len(WARM_URLS)
    hits = cache.hits
    TestClient(app, base_url="http://localhost").get("/api/events/map")
    assert cache.hits == hits + 1
