"""End to end in headless Chromium (Playwright for Python, Debian's /usr/bin/chromium): the dashboard on
the demo corpus — the analyst's walk (search, actor page, dyad chart click, an event card told by two
sources, its evidence in the article, network zoom, map, CSV download), quotes and a story — and an
article whose text carries <script> and <img onerror> shown as text, never run. Any console error fails.

Screenshots go to $WIRESCOPE_SCREENSHOTS (default: a pytest tmp dir). Skips when Chromium or Playwright
is missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from store_fixture import XSS_ID, XSS_TEXT, xss_doc

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("WIRESCOPE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    pytest.importorskip("playwright.sync_api", reason="playwright (pip install .[browser]) is not installed")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    import uvicorn

    from wirescope.api.app import create_app
    from wirescope.demo import corpus_dir
    from wirescope.jobs import ingest
    from wirescope.store.duckdb import DuckDBStore

    db = tmp_path_factory.mktemp("browser") / "demo.duckdb"
    counts = ingest([str(corpus_dir())], str(db))
    assert counts["stored"] >= 15, counts
    store = DuckDBStore(str(db))
    store.add([xss_doc()])
    store.close()
    from wirescope.store.geo import gazetteer

    gazetteer()  # as `wirescope serve` loads it at start
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "the server did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = os.environ.get("WIRESCOPE_SCREENSHOTS")
    path = Path(where) if where else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture()
def page(server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        pg = context.new_page()
        pg.set_default_timeout(15_000)
        errors: list[str] = []
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        allowed = {"http_errors": False, "outside_images": False}  # a test of error messages expects the browser to log its 4xx

        def console(msg: object) -> None:
            text = getattr(msg, "text", "")
            if getattr(msg, "type", "") != "error" or (allowed["http_errors"] and "status of 4" in text):
                return
            if allowed["outside_images"] and "img-src" in text and "http" in text:
                return  # ReDoc's footer logo points at its CDN: the CSP blocks it, nothing else is missing
            errors.append(f"console: {text}")

        pg.on("console", console)
        pg.allowed = allowed  # type: ignore[attr-defined]
        pg.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
        pg.errors = errors  # type: ignore[attr-defined]
        yield pg
        context.close()
        browser.close()
    assert not errors, errors


def _ticks_are_months(page: object) -> bool:
    ticks = page.locator(".bar-chart .tick").all_text_contents()  # type: ignore[attr-defined]
    return any(t[:3] in MONTHS and t[-4:].isdigit() for t in ticks)  # month ticks: "Mar 2023"


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def test_walk_search_actor_dyad_cards_article_network_map_csv(page: object, server: str, shots: Path) -> None:
    """The analyst's walk of issue 14, one screenshot per step, failing on any console error (fixture)."""
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(server + "/")
    expect(page.get_by_role("heading", name="Most mentioned actors")).to_be_visible()
    page.screenshot(path=str(shots / "01-home.png"), full_page=True)

    # search -> actor page
    page.fill("#q", "Xi Jinping")
    page.press("#q", "Enter")
    expect(page.get_by_role("heading", name="Search: Xi Jinping")).to_be_visible()
    page.screenshot(path=str(shots / "02-search.png"), full_page=True)
    page.get_by_role("link", name="Xi Jinping").first.click()
    expect(page.locator("h1")).to_contain_text("Xi Jinping")
    expect(page.get_by_role("heading", name="Top partners")).to_be_visible()
    expect(page.locator(".aliases")).to_contain_text("Xi")
    expect(page.locator(".bar-chart .bar").first).to_be_visible()  # the mentions chart is drawn
    page.screenshot(path=str(shots / "03-actor.png"), full_page=True)

    # actor page -> a partner's dyad chart -> click a bar -> its events
    partner = page.locator("table.grid tr", has_text="Putin").first
    partner.get_by_role("link", name="dyad chart").click()
    expect(page.get_by_test_id("dyad-totals")).to_contain_text("actual events")
    assert int(page.get_by_test_id("dyad-totals").inner_text().split()[0]) > 0
    assert _ticks_are_months(page), page.locator(".bar-chart .tick").all_text_contents()
    expect(page.locator(".bar-chart .g-line")).to_have_count(1)  # Goldstein on its own axis
    page.screenshot(path=str(shots / "04-dyad.png"), full_page=True)
    page.locator(".bar-chart .bar-group").first.click()  # a bar -> its events, both directions
    expect(page.get_by_role("heading", name="Events", exact=True)).to_be_visible()
    expect(page.get_by_test_id("event-card").first).to_be_visible()
    assert "both=1" in page.url and "from=" in page.url
    page.screenshot(path=str(shots / "05-dyad-bucket-events.png"), full_page=True)

    # country level: RUS <-> CHN, month ticks
    page.goto(server + "/#/dyad/RUS/CHN")
    expect(page.get_by_test_id("dyad-totals")).to_contain_text("actual events")
    assert _ticks_are_months(page)

    # an event card told by two sources or more, each source's evidence
    page.goto(server + "/#/events?actual=true&min_sources=2&sort=sources")
    cards = page.get_by_test_id("event-card")
    expect(cards.first).to_be_visible()
    assert int(cards.first.get_attribute("data-sources") or 0) >= 2
    expect(page.locator(".facets")).to_contain_text("Type:")
    expect(page.locator(".bar-chart .bar").first).to_be_visible()  # the date histogram
    cards.first.locator("summary").click()
    evidence = cards.first.locator("li.evidence")
    assert evidence.count() >= 2
    publishers = {evidence.nth(i).locator(".source").inner_text() for i in range(evidence.count())}
    assert len(publishers) >= 2, publishers
    sentence = evidence.first.locator("q").inner_text()
    page.screenshot(path=str(shots / "06-event-card-sources.png"), full_page=True)

    # -> the article, its evidence sentence selected whole and detailed
    evidence.first.get_by_role("link", name="open in article").click()
    text = page.get_by_test_id("article-text")
    expect(text).to_be_visible()
    assert page.locator(".hl-events").count() > 0 and page.locator(".hl-actors").count() > 0
    expect(page.locator(".focus").first).to_be_visible()
    focused = "".join(page.locator(".article-text .focus").all_inner_texts())
    assert focused.strip() == sentence.strip()  # the whole sentence is selected, not its first token
    expect(page.get_by_test_id("focus-sentence")).to_contain_text(sentence.strip()[:40])
    expect(page.locator(".span-detail")).to_contain_text("Event")
    page.screenshot(path=str(shots / "07-article-evidence.png"), full_page=True)

    # network: zoom, pan, readable labels
    page.get_by_role("link", name="Network", exact=True).click()  # the header's link: the actor level
    expect(page.locator("svg.network .node").first).to_be_visible()
    assert page.locator("svg.network line.edge").count() > 0
    svg = page.locator("svg.network")
    before = svg.get_attribute("viewBox")
    page.get_by_test_id("zoom-in").click()
    zoomed = svg.get_attribute("viewBox")
    assert zoomed != before and float(zoomed.split()[2]) < float(before.split()[2])
    box = svg.bounding_box()
    assert box
    page.mouse.move(box["x"] + 20, box["y"] + 20)
    page.mouse.down()
    page.mouse.move(box["x"] + 120, box["y"] + 80, steps=4)
    page.mouse.up()
    assert svg.get_attribute("viewBox").split()[:2] != zoomed.split()[:2]  # panned
    labels = page.locator("svg.network .node text")
    rects = [labels.nth(i).bounding_box() for i in range(min(labels.count(), 40))]
    overlaps = sum(1 for i, a in enumerate(rects) for b in rects[i + 1:] if a and b
                   and a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
                   and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])
    assert overlaps <= 2, overlaps
    page.screenshot(path=str(shots / "08-network.png"), full_page=True)

    # map: places drawn over the outline, zoom, a marker -> its events
    page.get_by_role("link", name="Map", exact=True).click()
    expect(page.get_by_role("heading", name="Map", exact=True)).to_be_visible(timeout=15_000)
    world = page.locator("svg.world-map")
    expect(world).to_be_visible()
    assert page.locator("svg.world-map path.land").count() > 150  # the countries of the outline
    assert page.locator("svg.world-map path.land.has-events").count() >= 3
    markers = page.get_by_test_id("map-marker")
    assert markers.count() >= 5
    total = page.get_by_test_id("map-total").inner_text()
    assert int(total.split()[0]) > 0 and "places" in total
    page.get_by_test_id("map-zoom-in").click()
    assert float(world.get_attribute("data-scale") or 1) > 1
    page.screenshot(path=str(shots / "09-map.png"), full_page=True)
    city = page.locator("[data-testid=map-marker]:not(.at-country)").first
    name, place = city.get_attribute("data-name") or "", city.get_attribute("data-place") or ""
    city.focus()
    page.keyboard.press("Enter")  # keyboard, as a click could land on a neighbouring marker
    picked = page.get_by_test_id("map-events")
    expect(picked.get_by_role("heading")).to_have_text(f"Events at {name}")
    expect(picked.get_by_test_id("event-card").first).to_be_visible()
    cities = picked.get_by_test_id("event-card").locator(".card-head").all_inner_texts()
    spellings = [p.lower() for p in place.split("|")]  # the marker's spellings of its place
    assert all(any(p in head.lower() for p in spellings) for head in cities), (place, cities)
    page.screenshot(path=str(shots / "10-map-place-events.png"), full_page=True)

    # CSV download of what the view shows
    with page.expect_download() as download:
        picked.get_by_test_id("download-csv").click()
    csv_text = Path(download.value.path()).read_text(encoding="utf-8")
    lines = csv_text.splitlines()
    assert lines[0].startswith("story,type,") and len(lines) == 1 + picked.get_by_test_id("event-card").count()
    assert download.value.suggested_filename == "wirescope-events-at-place.csv"


def test_quotes_and_a_story(page: object, server: str, shots: Path) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(server + "/#/quotes?speaker=Putin")
    expect(page.locator("li.quote").first).to_be_visible()
    page.screenshot(path=str(shots / "11-quotes.png"), full_page=True)
    page.goto(server + "/#/stories?min_copies=2")
    page.locator("table.grid a").first.click()
    expect(page.locator("table.grid tbody tr")).to_have_count(2)
    page.screenshot(path=str(shots / "12-story.png"), full_page=True)


def test_article_markup_is_shown_as_text_not_run(page: object, server: str, shots: Path) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(f"{server}/#/article/{XSS_ID}")
    body = page.get_by_test_id("article-text")
    expect(body).to_contain_text("<script>window.__xss = 1</script>")
    expect(body).to_contain_text('<img src=x onerror="window.__xss = 2">')
    assert body.inner_text().strip() == XSS_TEXT
    expect(page.locator("h1.article-title")).to_have_text('<img src=x onerror="window.__xss = 3">')
    expect(page.locator(".article .meta").first).to_contain_text("<b>Evil</b>")
    assert page.locator("#app img, #app script, #app b").count() == 0
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None
    page.goto(server + "/#/search?q=__xss")  # the quote holding the <script> text, in a list
    expect(page.locator("li.quote blockquote").first).to_have_text("<script>window.__xss = 1</script>")
    assert page.evaluate("window.__xss") is None
    page.screenshot(path=str(shots / "13-xss-as-text.png"), full_page=True)


def test_api_docs_render_without_network(page: object, server: str, shots: Path) -> None:
    """Swagger UI and ReDoc come from the package: requests to any other host are refused and not needed."""
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    outside: list[str] = []

    def only_local(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith(server) or url.startswith(("data:", "blob:")):
            route.continue_()  # type: ignore[attr-defined]
        else:
            outside.append(url)
            route.abort()  # type: ignore[attr-defined]

    page.route("**/*", only_local)
    page.goto(server + "/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("wirescope")
    expect(page.locator(".opblock-summary-path", has_text="/api/events/cards").first).to_be_visible()
    page.screenshot(path=str(shots / "14-docs.png"))
    page.allowed["outside_images"] = True  # type: ignore[attr-defined]
    page.goto(server + "/redoc")
    expect(page.get_by_text("/api/events/cards").first).to_be_attached(timeout=30_000)
    page.screenshot(path=str(shots / "15-redoc.png"))
    assert all(url.endswith(".svg") for url in outside), outside  # only ReDoc's logo was asked for


def test_bad_date_shows_a_plain_message(page: object, server: str, shots: Path) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.allowed["http_errors"] = True  # type: ignore[attr-defined]
    page.goto(server + "/#/events?from=2024-05-01&to=2024-01-01")
    expect(page.locator(".error")).to_have_text("from (2024-05-01) is after to (2024-01-01): no day is in that range")
    page.goto(server + "/#/dyad/nobody/CHN")
    expect(page.locator(".error")).to_have_text("no actor or country matches 'nobody'")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server + "/#/events?min_sources=2")
    expect(page.get_by_test_id("event-card").first).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, width  # usable at 390 px: nothing wider than the screen
    page.screenshot(path=str(shots / "16-events-390px.png"), full_page=True)
