"""Readers for HTML, WARC, RSS/Atom and JSONL inputs, the HTML extractor, and the benchmark's F1."""

from __future__ import annotations

import functools
import gzip
import http.server
import importlib.util
import io
import json
import sys
import threading
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from wirescope.errors import InputError
from wirescope.ingest import ReadOptions, iter_pages
from wirescope.model import Page, Rejected
from wirescope.stages.html import extract_html

ROOT = Path(__file__).resolve().parents[1]
BENCH_DATA = ROOT.parent / "shared/eval/article-extraction-benchmark"

PARAGRAPHS = [
    "The foreign ministers of both countries met in Geneva on Tuesday to resume talks on the border "
    "dispute that has strained relations between the two neighbours for more than a decade.",
    "Officials said the meeting lasted four hours and ended with an agreement to set up a joint "
    "commission, which will report back within three months on the disputed river crossings.",
    "Observers welcomed the step but warned that earlier commissions had failed to agree on even "
    "the basic maps, and that domestic pressure on both governments remains strong.",
]


def article_html(title: str = "Ministers agree to resume border talks", charset: str = "utf-8",
                 extra: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="{charset}"><title>{title} | The Courier</title>'
        '<meta property="og:site_name" content="The Courier">'
        '<meta property="article:published_time" content="2024-03-05T09:30:00Z"></head><body>'
        '<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>'
        f"<article><h1>{title}</h1>{extra}{body}</article>"
        "<footer>Copyright 2024 The Courier. All rights reserved. Subscribe to our newsletter.</footer>"
        "</body></html>"
    )


def read(*paths: Path, **options: object) -> list[Page | Rejected]:
    return list(iter_pages([str(p) for p in paths], ReadOptions(**options)))  # type: ignore[arg-type]


def only_pages(items: list[Page | Rejected]) -> list[Page]:
    return [i for i in items if isinstance(i, Page)]


def rejects(items: list[Page | Rejected]) -> dict[str, str]:
    return {i.path: i.reason for i in items if isinstance(i, Rejected)}


# --- HTML pages and the extractor -------------------------------------------------------------


def test_html_page_is_read_with_its_declared_charset(tmp_path: Path) -> None:
    path = tmp_path / "courier.html"
    path.write_bytes(article_html("Café owners protest", charset="iso-8859-1").encode("cp1252"))
    (page,) = read(path)
    assert isinstance(page, Page) and page.format == "html" and page.path == str(path)
    assert "<title>Café owners protest" in page.raw


def test_html_extract_gives_text_title_date_publisher_language() -> None:
    ex = extract_html(article_html(), "https://courier.example/world/talks")
    assert ex.title == "Ministers agree to resume border talks"
    assert ex.text == "\n\n".join(PARAGRAPHS)  # headline not repeated, nav/footer dropped
    assert ex.published == "2024-03-05"
    assert ex.publisher == "The Courier"
    assert ex.language == "en"


def test_html_gz_and_its_truncated_copy(tmp_path: Path) -> None:
    good, cut = tmp_path / "a.html.gz", tmp_path / "b.html.gz"
    good.write_bytes(gzip.compress(article_html().encode()))
    cut.write_bytes(good.read_bytes()[:60])
    items = read(good, cut)
    assert [p.path for p in only_pages(items)] == [str(good)]
    assert "truncated gzip" in rejects(items)[str(cut)]


def test_undecodable_html_is_rejected_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "latin.html"
    path.write_bytes(article_html(charset="utf-8").replace("Observers", "Öbservérs " * 9).encode("latin-1"))
    assert "not valid declared charset utf-8" in rejects(read(path))[str(path)]


@pytest.mark.parametrize(("html", "reason"), [
    ("<html><body>" + "<div>" * 50_000 + "<p>deep</p>" + "</div>" * 50_000 + "</body></html>",
     "too deeply nested"),
    ("", "empty HTML"),
    ("<html><head><title>Nothing</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
     "no article text found"),
    (bytes(range(256)).decode("latin-1") * 40, "no article text found"),
])
def test_pathological_html_raises_input_error_only(html: str, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        extract_html(html)


def test_deeply_nested_html_file_reads_then_fails_extraction_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 50_000 + "text" + "</div>" * 50_000 + "</body></html>")
    (page,) = read(path)
    with pytest.raises(InputError, match="too deeply nested"):
        extract_html(page.raw)


# --- WARC ---------------------------------------------------------------------------------------


def write_warc(path: Path, pages: list[tuple[str, str, str, bytes]], gz: bool) -> list[int]:
    """Write a warcinfo record then one response per (uri, status, content type, body); record ends."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    ends = []
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "wirescope-test"}))
        ends.append(f.tell())
        for i, (uri, status, ctype, body) in enumerate(pages):
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers,
                                               warc_headers_dict={"WARC-Date": f"2024-01-{i + 10}T08:00:00Z"})
            writer.write_record(record)
            ends.append(f.tell())
    return ends


WARC_PAGES = [
    ("https://courier.example/a", "200 OK", "text/html; charset=utf-8", article_html("First").encode()),
    ("https://courier.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(200)),
    ("https://courier.example/gone", "404 Not Found", "text/html", b"<html><body>Not found</body></html>"),
    ("https://courier.example/b", "200 OK", "text/html; charset=windows-1252",
     article_html("Second café").encode("cp1252")),
]


@pytest.mark.parametrize("gz", [False, True])
def test_warc_html_responses_become_pages(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_warc(path, WARC_PAGES, gz)
    items = read(path)
    assert not rejects(items)
    pages = only_pages(items)
    assert [(p.path, p.url, p.fallback_published) for p in pages] == [
        ("https://courier.example/a", "https://courier.example/a", "2024-01-10"),
        ("https://courier.example/b", "https://courier.example/b", "2024-01-13"),
    ]
    assert all(p.format == "html" for p in pages)
    assert "<title>Second café" in pages[1].raw
    assert extract_html(pages[0].raw, pages[0].url).title == "First"


@pytest.mark.parametrize("gz", [False, True])
def test_truncated_warc_yields_what_was_readable_then_the_reason(tmp_path: Path, gz: bool) -> None:
    full = tmp_path / ("full.warc.gz" if gz else "full.warc")
    ends = write_warc(full, WARC_PAGES, gz)
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    cut.write_bytes(full.read_bytes()[:(ends[-2] + ends[-1]) // 2])  # inside the last record
    items = read(cut)
    assert [p.path for p in only_pages(items)] == ["https://courier.example/a"]
    assert rejects(items) == {str(cut): "truncated WARC after 4 records"}


def test_junk_named_warc_is_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "junk.warc"
    path.write_bytes(bytes(range(256)) * 8)
    assert rejects(read(path)) == {str(path): "not a WARC file"}


def test_warc_reading_is_streamed(tmp_path: Path) -> None:
    body = article_html().encode() * 25  # ~30 KB per record, ~9 MB in all
    path = tmp_path / "big.warc"
    write_warc(path, [(f"https://courier.example/{i}", "200 OK", "text/html", body) for i in range(300)], False)
    assert_streamed(lambda: iter_pages([str(path)]), expected=300, peak_below=4 * 2**20)


def assert_streamed(make: object, expected: int, peak_below: int) -> None:
    tracemalloc.start()
    try:
        count = sum(1 for item in make() if isinstance(item, Page))  # type: ignore[operator]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == expected
    assert peak < peak_below, f"peak {peak / 2**20:.1f} MB: the reader holds the whole input"


# --- RSS / Atom -----------------------------------------------------------------------------------


@pytest.fixture()
def http_site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A local HTTP server on 127.0.0.1 serving a directory, for the --fetch case."""
    root = tmp_path / "site"
    root.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()
        server.server_close()


def rss(items: str) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>The Courier</title>'
            f"<link>https://courier.example/</link><description>News</description>{items}</channel></rss>")


FULL_ITEM = (
    "<item><title>Ministers agree to resume border talks</title><link>https://courier.example/talks</link>"
    "<pubDate>Tue, 05 Mar 2024 09:30:00 GMT</pubDate><description>Talks resume.</description>"
    "<content:encoded><![CDATA[" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "]]></content:encoded></item>"
)


def link_item(title: str, link: str) -> str:
    return f"<item><title>{title}</title><link>{link}</link><description>A short teaser.</description></item>"


def test_feed_full_content_entries_become_pages(tmp_path: Path) -> None:
    path = tmp_path / "courier.rss"
    path.write_text(rss(FULL_ITEM), encoding="utf-8")
    (page,) = read(path)
    assert isinstance(page, Page)
    assert (page.path, page.title, page.published, page.url, page.format) == (
        f"{path}#entry1", "Ministers agree to resume border talks", "2024-03-05", "https://courier.example/talks", "html")
    assert extract_html(page.raw).text == "\n\n".join(PARAGRAPHS)


def test_atom_feed_content(tmp_path: Path) -> None:
    path = tmp_path / "courier.atom"
    content = "".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in PARAGRAPHS)
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Courier</title>'
        '<id>urn:c</id><updated>2024-03-06T00:00:00Z</updated><entry><title>Atom story</title><id>urn:c:1</id>'
        '<link href="https://courier.example/atom"/><updated>2024-03-06T10:00:00Z</updated>'
        f'<content type="html">{content}</content></entry></feed>', encoding="utf-8")
    (page,) = read(path)
    assert isinstance(page, Page) and page.title == "Atom story" and page.published == "2024-03-06"
    assert PARAGRAPHS[1] in page.raw


def test_feed_link_only_entries_are_rejected_without_fetch(tmp_path: Path) -> None:
    path = tmp_path / "links.rss"
    path.write_text(rss(FULL_ITEM + link_item("Teaser only", "https://courier.example/teaser")), encoding="utf-8")
    items = read(path)
    assert [p.title for p in only_pages(items)] == ["Ministers agree to resume border talks"]
    reason = rejects(items)[f"{path}#entry2"]
    assert "only a link (https://courier.example/teaser)" in reason and "--fetch" in reason


def test_feed_link_only_entries_are_fetched_with_fetch(tmp_path: Path, http_site: tuple[str, Path]) -> None:
    base, root = http_site
    (root / "story.html").write_text(article_html("Fetched story"), encoding="utf-8")
    path = tmp_path / "links.xml"
    path.write_text(rss(link_item("Fetched story", f"{base}/story.html") + link_item("Gone", f"{base}/gone.html")),
                    encoding="utf-8")
    items = read(path, fetch=True)
    (page,) = only_pages(items)
    assert (page.path, page.title, page.url, page.format) == (
        f"{path}#entry1", "Fetched story", f"{base}/story.html", "html")
    assert extract_html(page.raw, page.url).text == "\n\n".join(PARAGRAPHS)
    assert rejects(items) == {f"{path}#entry2": f"fetch {base}/gone.html: HTTP 404"}


def test_xml_that_is_no_feed_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "sitemap.xml"
    path.write_text('<?xml version="1.0"?><urlset><url><loc>https://x/</loc></url></urlset>')
    assert rejects(read(path)) == {str(path): "not an RSS/Atom feed"}


# --- JSONL ------------------------------------------------------------------------------------------


def test_jsonl_one_article_per_line_broken_line_rejected(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    lines = [
        json.dumps({"title": "Plain story", "text": PARAGRAPHS[0], "date": "2024-03-05T09:30:00Z", "url": "https://c/1"}),
        '{"title": "Broken", "text": "unterminated',
        "",
        json.dumps({"headline": "Html story", "content": "<p>" + PARAGRAPHS[1] + "</p>", "published": 1709632800}),
        json.dumps({"title": "No body"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read(path, published="2020-01-01")
    pages = only_pages(items)
    assert [(p.path, p.title, p.format, p.published) for p in pages] == [
        (f"{path}#L1", "Plain story", "json", "2024-03-05"),
        (f"{path}#L4", "Html story", "html", "2024-03-05"),
    ]
    assert pages[0].raw == PARAGRAPHS[0] and pages[0].url == "https://c/1"
    found = rejects(items)
    assert found[f"{path}#L2"].startswith("invalid JSON")
    assert found[f"{path}#L5"].startswith("no text")


def test_jsonl_field_options_reach_nested_fields(tmp_path: Path) -> None:
    path = tmp_path / "dump.ndjson"
    path.write_text(json.dumps({"meta": {"name": "Custom"}, "article": {"body": PARAGRAPHS[2]},
                                "when": "5 March 2024", "href": "https://c/x"}) + "\n", encoding="utf-8")
    (page,) = read(path, text_field="article.body", title_field="meta.name", date_field="when", url_field="href")
    assert isinstance(page, Page)
    assert (page.raw, page.title, page.published, page.url) == (PARAGRAPHS[2], "Custom", "2024-03-05", "https://c/x")


def test_json_array_document(tmp_path: Path) -> None:
    path = tmp_path / "dump.json"
    path.write_text(json.dumps([{"text": "one"}, {"body": "two"}, 3]), encoding="utf-8")
    items = read(path)
    assert [p.raw for p in only_pages(items)] == ["one", "two"]
    assert rejects(items) == {f"{path}#3": "not a JSON object but int"}


def test_truncated_gzip_jsonl_keeps_the_lines_before_the_cut(tmp_path: Path) -> None:
    lines = "".join(json.dumps({"title": f"Story {i}", "text": f"{i} " + PARAGRAPHS[i % 3] * 3}) + "\n"
                    for i in range(3000))
    data = gzip.compress(lines.encode())
    path = tmp_path / "dump.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = read(path)
    assert 100 < len(only_pages(items)) < 3000
    assert rejects(items)[str(path)].startswith("corrupt or truncated gzip after line")


def test_empty_jsonl_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    assert rejects(read(path)) == {str(path): "empty file"}


def test_jsonl_reading_is_streamed(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    line = json.dumps({"title": "Story", "text": " ".join(PARAGRAPHS) * 4}) + "\n"
    with open(path, "w", encoding="utf-8") as f:
        for _ in range(5000):  # ~8 MB
            f.write(line)
    assert_streamed(lambda: iter_pages([str(path)]), expected=5000, peak_below=2 * 2**20)


# --- benchmark scoring ------------------------------------------------------------------------------


def load_benchmark() -> object:
    spec = importlib.util.spec_from_file_location("html_extraction", ROOT / "benchmarks/html_extraction.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


def test_shingle_f1_on_tiny_strings() -> None:
    bench = load_benchmark()
    prf = bench.shingle_prf  # type: ignore[attr-defined]
    assert prf("The cat sat on the mat", "the CAT sat on the mat!") == (1.0, 1.0, 1.0)
    p, r, f = prf("a b c d e", "a b c d")  # shingles {abcd, bcde} vs {abcd}
    assert (p, r) == (0.5, 1.0) and f == pytest.approx(2 / 3)
    assert prf("one two three four", "five six seven eight") == (0.0, 0.0, 0.0)
    assert prf("", "") == (1.0, 1.0, 1.0)
    assert prf(None, "some gold text here") == (0.0, 0.0, 0.0)
    assert prf("short", "short") == (1.0, 1.0, 1.0)  # under four words: one shingle of all words
    assert bench.shingles("A b, c; d e") == {("a", "b", "c", "d"), ("b", "c", "d", "e")}  # type: ignore[attr-defined]


@pytest.mark.slow
@pytest.mark.skipif(not (BENCH_DATA / "ground-truth.json").is_file(), reason="benchmark data not beside the repo")
def test_extraction_at_least_as_good_as_trafilatura_default(capsys: pytest.CaptureFixture[str]) -> None:
    bench = load_benchmark()
    assert bench.main(["--check"]) == 0, capsys.readouterr().out  # type: ignore[attr-defined]
