"""Publication dates from every source a page offers (issue 14): feed, URL path, file name, dateline,
JSONL fields, before the fallback (--published, a WARC capture date); plain-text feed descriptions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli
from wirescope.ingest.jsonl import iso_day
from wirescope.stages.pubdate import from_dateline, from_path, from_url

BODY = ("The finance ministers of France and Germany met in Paris on Monday to discuss the budget rules of "
        "the euro area. ") * 9


@pytest.mark.parametrize(("url", "day"), [
    ("https://www.example.com/world/2024/03/05/talks.html", "2024-03-05"),
    ("https://example.com/news/2024-03-05/talks", "2024-03-05"),
    ("https://example.com/2024/3/5/talks", "2024-03-05"),
    ("https://example.com/2024/13/05/x", None),
    ("https://example.com/world/europe-68432", None),
    (None, None),
])
def test_day_from_url(url: str | None, day: str | None) -> None:
    assert from_url(url) == day


@pytest.mark.parametrize(("path", "day"), [
    ("/data/bbc/2004-05-01-budget.txt", "2004-05-01"),
    ("corpus/20040501_story.html", "2004-05-01"),
    ("/archive/2004/05/01/story.txt", "2004-05-01"),
    ("bbc/business/001.txt", None),
    ("feeds/world.xml#entry3", None),
    ("report-2004-02-31.txt", None),
])
def test_day_from_file_name(path: str, day: str | None) -> None:
    assert from_path(path) == day


def test_dateline_day_takes_the_year_of_the_reference() -> None:
    assert from_dateline("March 3", "2024-03-04") == "2024-03-03"
    assert from_dateline("Dec 30", "2024-01-02") == "2023-12-30"  # the dateline before new year
    assert from_dateline("Sept. 10", "2024-09-10") == "2024-09-10"
    assert from_dateline("March 3", None) is None  # no year to give it


def test_jsonl_date_fields() -> None:
    assert iso_day("20240305T120000Z") == "2024-03-05"  # GDELT seendate
    assert iso_day("Tue, 05 Mar 2024 10:00:00 GMT") == "2024-03-05"


def _extract(*args: str) -> list[dict]:
    proc = run_cli("extract", *args, "--jobs", "1")
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def test_dates_from_file_name_dateline_and_jsonl(tmp_path: Path) -> None:
    named = tmp_path / "2004-05-01-budget.txt"
    named.write_text("Budget talks\n\n" + BODY, encoding="utf-8")
    dateline = tmp_path / "wire.txt"
    dateline.write_text("Ministers meet\n\nLONDON, March 3 (Reuters) - " + BODY, encoding="utf-8")
    lines = tmp_path / "dump.jsonl"
    lines.write_text(json.dumps({"title": "A", "text": BODY, "publish_date": "2021-07-09T10:00:00Z"}) + "\n"
                     + json.dumps({"title": "B", "text": BODY, "url": "https://x.example/2020/01/02/b"}) + "\n",
                     encoding="utf-8")
    by_path = {Path(r["path"]).name: r for r in _extract(str(named), str(dateline), "--published", "2024-03-04")}
    assert by_path["2004-05-01-budget.txt"]["published"] == "2004-05-01"  # the name wins over --published
    assert by_path["wire.txt"]["published"] == "2024-03-03"  # the dateline, its year from --published
    records = {r["title"]: r["published"] for r in _extract(str(lines))}
    assert records == {"A": "2021-07-09", "B": "2020-01-02"}


def test_plain_text_feed_descriptions_are_articles(tmp_path: Path) -> None:
    feed = tmp_path / "plain.rss"
    feed.write_text(f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Plain</title>
<item><title>Ministers meet</title><link>https://news.example/2024/03/05/ministers</link>
<description>{BODY}</description></item>
<item><title>Again</title><link>https://news.example/again</link><pubDate>Wed, 06 Mar 2024 10:00:00 GMT</pubDate>
<description>{BODY} Second &amp; last.</description></item></channel></rss>""", encoding="utf-8")
    records = {r["title"]: r for r in _extract(str(feed))}
    assert set(records) == {"Ministers meet", "Again"}
    assert records["Ministers meet"]["published"] == "2024-03-05"  # from the link's path
    assert records["Again"]["published"] == "2024-03-06"  # the feed's own date
    assert "Second & last." in records["Again"]["text"]
    assert any(e["type"] == "CONSULT" for e in records["Again"]["events"])
