"""The progress bar's total: counted before the run for every format, equal to the results the readers give."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from test_ingest_formats import WARC_PAGES, write_warc
from wirescope.ingest import ReadOptions, iter_pages
from wirescope.jobs import count_inputs

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Courier</title>{}</channel></rss>"""
ITEM = "<item><title>Story {0}</title><link>https://courier.example/{0}</link>" \
       "<description>The minister met the ambassador in the capital on Monday, story {0}.</description></item>"
ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>{}</feed>"""
ENTRY = "<entry><title>Entry {0}</title><id>urn:{0}</id><updated>2024-03-0{0}T00:00:00Z</updated>" \
        "<content type=\"text\">Officials agreed on a plan, entry {0}.</content></entry>"


def _results(paths: list[str]) -> int:
    return sum(1 for _ in iter_pages(paths, ReadOptions()))


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "one.txt").write_text("A text article about talks.", encoding="utf-8")
    lines = [json.dumps({"text": f"Article {i} about a summit."}) for i in range(5)]
    (tmp_path / "dump.jsonl").write_text("\n".join(lines[:3]) + "\n\n" + "\n".join(lines[3:]) + "\n{broken\n")
    with gzip.open(tmp_path / "more.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write("\n".join(lines[:2]) + "\n")
    (tmp_path / "array.json").write_text(json.dumps([{"text": "a"}, {"text": "b"}, {"text": "c"}]))
    (tmp_path / "feed.rss").write_text(RSS.format("".join(ITEM.format(i) for i in range(4))), encoding="utf-8")
    (tmp_path / "wire.atom").write_text(ATOM.format("".join(ENTRY.format(i) for i in range(1, 3))), encoding="utf-8")
    write_warc(tmp_path / "crawl.warc.gz", WARC_PAGES, gz=True)
    (tmp_path / "empty.rss").write_text("not a feed at all", encoding="utf-8")
    return tmp_path


def test_each_format_counts_the_results_its_reader_gives(corpus: Path) -> None:
    expected = {"one.txt": 1, "dump.jsonl": 6, "more.jsonl.gz": 2, "array.json": 3, "feed.rss": 4,
                "wire.atom": 2, "crawl.warc.gz": 2, "empty.rss": 1}
    for name, n in expected.items():
        path = str(corpus / name)
        assert count_inputs([path]) == n, name
        assert _results([path]) == n, name  # what the readers give: the total the bar reaches
    assert count_inputs([str(corpus)]) == sum(expected.values()) == _results([str(corpus)])


def test_stdin_and_missing_inputs(corpus: Path) -> None:
    assert count_inputs(["-"]) is None
    assert count_inputs([str(corpus / "nowhere.jsonl")]) == 1  # rejected: one result
