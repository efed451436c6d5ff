"""The REST API over a fixture store, the must-shows on the seeds, and the dashboard's safety rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import ROOT, SEEDS, needs_shared
from store_fixture import LAVROV, XSS_ID, build_store
from wirescope.api.app import STATIC, create_app

LOCAL = "http://localhost"  # the API answers loopback Host names unless told otherwise
TOKEN = "s3cret-token-for-tests"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = build_store(tmp_path_factory.mktemp("api") / "fixture.duckdb")
    return TestClient(create_app(str(db), sql=True), base_url=LOCAL)


def test_actor_search_and_profile(client: TestClient) -> None:
    body = client.get("/api/actors", params={"q": "Sergey"}).json()
    assert [a["id"] for a in body["items"]] == [LAVROV]
    profile = client.get(f"/api/actors/{LAVROV}").json()
    assert profile["name"] == "Sergei Lavrov" and profile["top_quotes"] and profile["top_partners"]
    assert client.get("/api/actors/person:nobody").status_code == 404


def test_lists_are_paginated(client: TestClient) -> None:
    first = client.get("/api/events", params={"limit": 3}).json()
    assert len(first["items"]) == 3 and first["next"] == 3 and first["offset"] == 0
    rest = client.get("/api/events", params={"limit": 500, "offset": 3}).json()
    assert rest["next"] is None and len(rest["items"]) == 7
    ids = [(e["article_id"], e["n"]) for e in first["items"] + rest["items"]]
    assert len(set(ids)) == 10


@pytest.mark.parametrize("url", [
    "/api/actors?limit=0", "/api/actors?limit=501", "/api/actors?offset=-1", "/api/events?from=2023-02-30",
    "/api/events?type=HUG", "/api/quotes?to=yesterday", "/api/dyads/RUS/CHN/timeline?interval=year",
    "/api/network?level=planet", "/api/sql", "/api/sql?q=DELETE%20FROM%20events", "/api/search",
    "/api/actors?limit=ten",
])
def test_bad_parameters_get_a_clear_4xx(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert 400 <= r.status_code < 500, (url, r.status_code)
    assert r.json()["detail"]


def test_events_quotes_dyads_stories_articles(client: TestClient) -> None:
    ev = client.get("/api/events", params={"source": "RUS", "target": "CHN", "actual": True, "copies": False,
                                           "from": "2023-03-01", "to": "2023-03-31"}).json()
    assert [e["type"] for e in ev["items"]] == ["AGREE"]
    assert client.get("/api/events", params={"place": "Beijing", "type": "consult"}).json()["items"]
    qs = client.get("/api/quotes", params={"q": "multipolar", "speaker": "Lavrov"}).json()["items"]
    assert [q["article_id"] for q in qs] == ["story3"]
    t = client.get("/api/dyads/RUS/CHN/timeline", params={"interval": "week"}).json()
    assert t["totals"]["events"] == 3 and t["interval"] == "week"
    stories = client.get("/api/stories", params={"min_copies": 2}).json()["items"]
    assert [(s["id"], s["copies"]) for s in stories] == [("story1", 2)]
    assert len(client.get("/api/stories/story1").json()["copies"]) == 2
    art = client.get("/api/articles/story1").json()
    assert {"actors", "quotes", "events"} <= set(art["spans"]) and art["text"].startswith("BEIJING")
    assert client.get("/api/articles/nope").status_code == 404
    assert client.get("/api/network", params={"level": "country"}).json()["edges"]
    found = client.get("/api/search", params={"q": "Lavrov"}).json()
    assert found["actors"] and found["events"]


def test_sql_console_is_read_only(client: TestClient) -> None:
    ok = client.get("/api/sql", params={"q": "SELECT count(*) AS n FROM articles"}).json()
    assert ok == {"columns": ["n"], "rows": [[4]], "truncated": False}
    blob = client.get("/api/sql", params={"q": "SELECT 'x'::BLOB AS b"}).json()
    assert blob["rows"] == [["\\x78"]]
    for sql in ("CREATE TABLE t (x INT)", "SELECT 1; DROP TABLE articles", "SELECT * FROM read_text('/etc/hostname')"):
        assert client.get("/api/sql", params={"q": sql}).status_code == 400
    assert client.get("/api/sql", params={"q": "SELECT count(*) FROM articles"}).json()["rows"] == [[4]]


def test_openapi_and_dashboard(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/api/actors", "/api/actors/{actor_id}", "/api/quotes", "/api/events",
                 "/api/dyads/{a}/{b}/timeline", "/api/stories", "/api/articles/{article_id}", "/api/sql",
                 "/api/ingest"):
        assert path in spec["paths"], path
    page = client.get("/")
    assert page.status_code == 200 and "<main id=\"app\"" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert client.get("/app.js").status_code == 200 and client.get("/app.css").status_code == 200


def test_dashboard_is_bundled_and_builds_dom_from_text() -> None:
    """No CDN: every script and stylesheet is a local file; no innerHTML anywhere (data is text)."""
    index = (STATIC / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", index)
    bundle = (STATIC / "app.js").read_text(encoding="utf-8")
    assert "innerHTML" not in bundle and "insertAdjacentHTML" not in bundle and "document.write" not in bundle
    sources = ROOT / "frontend" / "src"
    for f in sources.glob("*.js"):
        code = f.read_text(encoding="utf-8")
        assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(", code), f


def test_article_markup_comes_back_as_plain_text(client: TestClient) -> None:
    art = client.get(f"/api/articles/{XSS_ID}")
    assert art.headers["content-type"].startswith("application/json")
    assert "<script>window.__xss = 1</script>" in art.json()["text"]


def test_writes_are_off_without_a_token(client: TestClient) -> None:
    r = client.post("/api/ingest", json={"documents": [{"text": "Russia and China signed a deal."}]})
    assert r.status_code == 403


def test_ingest_needs_the_token(tmp_path: Path) -> None:
    c = TestClient(create_app(str(tmp_path / "new.duckdb"), token=TOKEN), base_url=LOCAL)
    doc = {"documents": [{"text": "MOSCOW — Russian Foreign Minister Sergei Lavrov met Chinese Foreign Minister "
                                  "Wang Yi in Moscow on Monday, and the two sides agreed to expand trade.",
                          "title": "Lavrov meets Wang", "published": "2024-04-08"}]}
    assert c.post("/api/ingest", json=doc).status_code == 401
    assert c.post("/api/ingest", json=doc, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert c.post("/api/ingest", json={"documents": []},
                  headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 422
    r = c.post("/api/ingest", json=doc, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200 and r.json()["stored"] == 1, r.text
    assert c.get("/api/articles", params={"q": "Lavrov"}).json()["items"]
    again = c.post("/api/ingest", json=doc, headers={"Authorization": f"Bearer {TOKEN}"}).json()
    assert again["stored"] == 0 and again["unchanged"] == 1


def test_missing_store_without_token_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        create_app(str(tmp_path / "none.duckdb"))


# --- the must-shows on the seeds ---------------------------------------------------------

@pytest.fixture(scope="module")
def seeds_client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    if not SEEDS.is_dir():
        pytest.skip("../shared is not beside the repository")
    from wirescope.jobs import ingest

    db = tmp_path_factory.mktemp("seeds") / "seeds.duckdb"
    counts = ingest(sorted(str(p) for p in SEEDS.glob("*.txt")), str(db))
    assert counts["stored"] >= 2, counts
    return TestClient(create_app(str(db)), base_url=LOCAL)


@needs_shared
def test_seeds_lavrov_is_one_actor_with_both_spellings(seeds_client: TestClient) -> None:
    items = seeds_client.get("/api/actors", params={"q": "Lavrov"}).json()["items"]
    assert len(items) == 1, [a["id"] for a in items]
    assert {"Sergei Lavrov", "Sergey Lavrov"} <= set(items[0]["aliases"])


@needs_shared
def test_seeds_quotes_by_lavrov(seeds_client: TestClient) -> None:
    items = seeds_client.get("/api/quotes", params={"speaker": "Lavrov"}).json()["items"]
    assert len(items) >= 3
    assert all("Lavrov" in (q["speaker"] or "") for q in items)


@needs_shared
def test_seeds_rus_chn_timeline_and_dashboard(seeds_client: TestClient) -> None:
    t = seeds_client.get("/api/dyads/RUS/CHN/timeline").json()
    assert t["buckets"] and t["totals"]["events"] > 0
    assert t["totals"]["cooperation"] > 0
    assert "<main id=\"app\"" in seeds_client.get("/").text


def test_answers_are_cached_until_an_ingest_writes(tmp_path: Path) -> None:
    db = build_store(tmp_path / "c.duckdb")
    c = TestClient(create_app(str(db), token=TOKEN), base_url=LOCAL)
    first = c.get("/api/actors", params={"q": "Lavrov"})
    second = c.get("/api/actors", params={"q": "Lavrov"})
    assert first.content == second.content and "content-security-policy" in second.headers
    assert c.get("/api/health").json()["cache"]["hits"] == 1
    assert c.get("/api/actors", params={"q": "Wang"}).json()["items"] == []
    doc = {"documents": [{"text": "BEIJING — Chinese Foreign Minister Wang Yi met Russian Foreign Minister Sergei "
                                  "Lavrov in Beijing on Tuesday, and the two sides agreed to deepen cooperation.",
                          "published": "2024-04-09"}]}
    assert c.post("/api/ingest", json=doc, headers={"Authorization": f"Bearer {TOKEN}"}).json()["stored"] == 1
    assert c.get("/api/actors", params={"q": "Wang"}).json()["items"]  # not the cached empty answer


def test_serve_refuses_bad_setups(tmp_path: Path) -> None:
    from conftest import run_cli

    missing = run_cli("serve", "--db", str(tmp_path / "none.duckdb"))
    assert missing.returncode == 2 and "no store" in missing.stderr
    db = build_store(tmp_path / "s.duckdb")
    both = run_cli("serve", "--db", str(db), "--workers", "2", "--token", TOKEN)
    assert both.returncode == 2 and "read-only" in both.stderr
    for token in ("", "short", " " * 20):
        weak = run_cli("serve", "--db", str(db), "--token", token)
        assert weak.returncode == 2 and "at least 16 characters" in weak.stderr, weak.stderr
    empty = tmp_path / "token"
    empty.write_text("\n", encoding="utf-8")
    assert "is empty" in run_cli("serve", "--db", str(db), "--token-file", str(empty)).stderr


# --- safe serving: host, token, body size, SQL console, one writer --------------------------------

def test_host_header_must_be_on_the_allow_list(tmp_path: Path) -> None:
    db = str(build_store(tmp_path / "h.duckdb"))
    c = TestClient(create_app(db))
    for host in ("evil.example", "evil.example:8000", "10.0.0.1"):
        r = c.get("/api/health", headers={"Host": host})
        assert r.status_code == 421, (host, r.status_code)  # a DNS-rebinding page gets nothing
    for host in ("localhost", "127.0.0.1:8000", "[::1]:8000", "LOCALHOST"):
        assert c.get("/api/health", headers={"Host": host}).status_code == 200, host
    other = str(build_store(tmp_path / "h2.duckdb"))  # (one sandboxed app per store and process)
    named = TestClient(create_app(other, allowed_hosts=["news.example"]), base_url="http://news.example")
    assert named.get("/api/health").status_code == 200


def test_writes_checked_before_the_body_is_read_and_bodies_capped(tmp_path: Path) -> None:
    db = str(build_store(tmp_path / "w.duckdb"))
    read_only = TestClient(create_app(db, max_body=1000), base_url=LOCAL)
    big = b'{"documents": [{"text": "' + b"x" * 5000 + b'"}]}'
    assert read_only.post("/api/ingest", content=big).status_code == 403  # writes off, body never parsed
    c = TestClient(create_app(str(build_store(tmp_path / "w2.duckdb")), token=TOKEN, max_body=1000), base_url=LOCAL)
    assert c.post("/api/ingest", content=big).status_code == 401  # no token: 401 before the size
    assert c.post("/api/ingest", content=big, headers={"Authorization": "Bearer "}).status_code == 401
    assert c.post("/api/ingest", content=big, headers={"Authorization": "Bearer " + TOKEN[:-1]}).status_code == 401
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    r = c.post("/api/ingest", content=big, headers=auth)
    assert r.status_code == 413 and "1,000 bytes" in r.json()["detail"]

    def chunks():  # no Content-Length: counted as it arrives
        yield b'{"documents": [{"text": "'
        for _ in range(10):
            yield b"y" * 500
        yield b'"}]}'

    assert c.post("/api/ingest", content=chunks(), headers=auth).status_code == 413


def test_short_or_empty_tokens_are_refused(tmp_path: Path) -> None:
    from wirescope.errors import UsageError

    db = str(build_store(tmp_path / "t.duckdb"))
    for token in ("", "short", " " * 20, TOKEN + " "):
        with pytest.raises(UsageError):
            create_app(db, token=token)


def test_sql_console_is_off_by_default_and_shows_no_paths(tmp_path: Path) -> None:
    db = build_store(tmp_path / "q.duckdb")
    off = TestClient(create_app(str(db)), base_url=LOCAL)
    assert off.get("/api/sql", params={"q": "SELECT 1"}).status_code == 403
    on = TestClient(create_app(str(build_store(tmp_path / "q2.duckdb")), sql=True), base_url=LOCAL)
    r = on.get("/api/sql", params={"q": "SELECT * FROM duckdb_databases()"})
    assert r.status_code == 200 and str(tmp_path) not in r.text and "<store>" in r.text
    assert str(tmp_path) not in on.get("/api/sql", params={"q": "SELECT * FROM nowhere"}).text
    limit = on.get("/api/sql", params={"q": "SELECT current_setting('memory_limit') AS m"}).json()
    assert limit["rows"][0][0].replace(" ", "") in ("1.0GiB", "953.6MiB", "1GB", "1.0GB")


def test_one_ingest_at_a_time_and_a_held_store_is_503(tmp_path: Path) -> None:
    import subprocess
    import sys

    db = str(build_store(tmp_path / "o.duckdb"))
    app = create_app(db, token=TOKEN)
    state = app.state.wirescope
    c = TestClient(app, base_url=LOCAL)
    doc = {"documents": [{"text": "Russia and China signed a trade deal in Moscow on Monday, officials said."}]}
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with state.ingest_lock:  # an ingest is running
        r = c.post("/api/ingest", json=doc, headers=auth)
    assert r.status_code == 409 and r.headers["retry-after"]

    state.store.close()  # another process takes the file for writing while the server switches
    state.store = None
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time\n"
                               f"con = duckdb.connect({db!r})\nprint('held', flush=True)\ntime.sleep(120)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        r = c.post("/api/ingest", json=doc, headers=auth)
        assert r.status_code == 503 and r.headers["retry-after"], r.text
        assert c.get("/api/actors").status_code == 503
    finally:
        holder.kill()
        holder.wait()
    assert c.get("/api/actors").status_code == 200  # reopened once the file is free


# --- issue 14: the analyst's desk -----------------------------------------------------------------

def test_event_filters_quad_country_and_evidence(client: TestClient) -> None:
    conflict = client.get("/api/events", params={"quad": 3}).json()["items"]
    assert {e["type"] for e in conflict} == {"ACCUSE"} and len(conflict) == 2
    ukr = client.get("/api/events", params={"country": "UKR"}).json()["items"]
    assert [e["article_id"] for e in ukr] == [XSS_ID]
    ev = client.get("/api/events", params={"type": "AGREE", "evidence": True, "copies": False}).json()["items"]
    assert ev[0]["sentence"] == "Russia and China agreed to deepen ties." and ev[0]["publisher"] == "Wire One"
    text = client.get(f"/api/articles/{ev[0]['article_id']}").json()["text"]
    assert text[ev[0]["sentence_start"]:ev[0]["sentence_end"]] == ev[0]["sentence"]


def test_event_cards_count_copies_and_sources(client: TestClient) -> None:
    cards = client.get("/api/events/cards", params={"min_sources": 2, "actual": True}).json()["items"]
    assert {c["type"] for c in cards} == {"CONSULT", "AGREE"}  # the story told by Wire One and Copy Daily
    agree = next(c for c in cards if c["type"] == "AGREE")
    assert agree["copies"] == 2 and agree["sources"] == 2 and agree["publishers"] == ["Copy Daily", "Wire One"]
    assert [e["publisher"] for e in agree["evidence"]] == ["Wire One", "Copy Daily"]
    assert all(e["sentence"] == "Russia and China agreed to deepen ties." for e in agree["evidence"])
    top = client.get("/api/events/cards", params={"sort": "sources", "limit": 1}).json()["items"][0]
    assert top["sources"] == 2


def test_event_summary_histogram_and_facets(client: TestClient) -> None:
    s = client.get("/api/events/summary").json()
    assert s["events"] == 10 and s["interval"] == "day" and s["undated"] == 0
    assert [b["bucket"] for b in s["histogram"]] == ["2023-03-21", "2023-03-22", "2023-05-02", "2023-06-01"]
    assert {f["value"]: f["events"] for f in s["facets"]["quad"]} == {1: 4, 2: 4, 3: 2}
    assert s["facets"]["country"][0] == {"value": "RUS", "events": 10}
    month = client.get("/api/events/summary", params={"interval": "month", "source": "RUS"}).json()
    assert [b["bucket"] for b in month["histogram"]] == ["2023-03-01", "2023-05-01", "2023-06-01"]


@pytest.mark.parametrize("url", ["/api/dyads/nobody/zzz/timeline", "/api/dyads/RUS/nobody/timeline",
                                 "/api/dyads/XXQ/CHN/timeline"])
def test_dyad_of_unknown_actors_is_404(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 404 and "no actor or country matches" in r.json()["detail"]
    assert client.get(f"/api/dyads/{LAVROV}/CHN/timeline").status_code == 200


@pytest.mark.parametrize("route", ["events", "events/cards", "events/summary", "quotes", "articles"])
def test_from_after_to_is_422(client: TestClient, route: str) -> None:
    r = client.get(f"/api/{route}", params={"from": "2023-05-01", "to": "2023-04-01"})
    assert r.status_code == 422 and r.json()["detail"] == \
        "from (2023-05-01) is after to (2023-04-01): no day is in that range"


@pytest.mark.parametrize(("url", "detail"), [
    ("/api/events?from=2023-02-30", "from: not a date (YYYY-MM-DD): '2023-02-30'"),
    ("/api/actors?limit=ten", "limit: not a whole number: 'ten'"),
    ("/api/actors?limit=0", "limit: must be at least 1: '0'"),
    ("/api/events?quad=5", "quad: must be at most 4: '5'"),
    ("/api/search", "q is required"),
    ("/api/network?level=planet", "level: must be one of 'actor' or 'country': 'planet'"),
])
def test_errors_are_short_sentences(client: TestClient, url: str, detail: str) -> None:
    r = client.get(url)
    assert r.status_code == 422 and r.json() == {"detail": detail}


def test_api_docs_are_served_locally(client: TestClient) -> None:
    for url in ("/docs", "/redoc"):
        page = client.get(url)
        assert page.status_code == 200
        refs = re.findall(r"""(?:src|href)=["']([^"']+)""", page.text)
        assert refs and all(ref.startswith("/") and not ref.startswith("//") for ref in refs), refs
        for ref in refs:
            assert client.get(ref).status_code == 200, ref
        assert "<script>" not in page.text  # no inline script: the CSP would block it
    assert "SwaggerUIBundle" in client.get("/vendor/swagger-init.js").text
