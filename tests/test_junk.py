"""Junk beside one good article: every bad file named with its reason, the article out, exit 1."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

from conftest import run_cli
from test_cli import ARTICLE


def _truncated_warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    last_start = 0
    for i in range(3):
        last_start = buf.tell()
        html = f"<html><head><title>Page {i}</title></head><body><p>{'Some words here. ' * 80}</p></body></html>"
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0")
        writer.write_record(writer.create_warc_record(f"http://example.org/{i}", "response",
                                                      payload=io.BytesIO(html.encode()), http_headers=headers))
    data = buf.getvalue()
    path.write_bytes(data[: (last_start + len(data)) // 2])  # cut through the middle of the last record


def make_junk(folder: Path) -> dict[str, tuple[str, ...]]:
    """Bad files and the words one of which their rejection reason must contain."""
    (folder / "random.bin").write_bytes(os.urandom(4096))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin1.txt").write_bytes(("Nachrichten aus M\xfcnchen und K\xf6ln. " * 30).encode("latin-1"))
    deep = "<div>" * 50_000 + "text" + "</div>" * 50_000
    (folder / "deep.html").write_text(f"<html><body>{deep}</body></html>", encoding="utf-8")
    (folder / "broken.jsonl").write_text('{"title": "ok", "text": "' + "word " * 5 + '"}\n{not json\n', encoding="utf-8")
    _truncated_warc(folder / "crawl.warc.gz")
    whole = gzip.compress(ARTICLE.encode() * 50)
    (folder / "cut.txt.gz").write_bytes(whole[: len(whole) // 2])
    with open(folder / "huge.txt", "wb") as f:
        f.write(b"A line of text that goes on.\n" * (50 * 1024 * 1024 // 29 + 1))
    return {"random.bin": ("binary",), "empty.txt": ("empty",), "latin1.txt": ("UTF-8",), "deep.html": ("nested",),
            "broken.jsonl": ("JSON",), "crawl.warc.gz": ("truncated", "corrupt"), "cut.txt.gz": ("gzip",),
            "huge.txt": ("too large",)}


def test_junk_directory(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    expected = make_junk(tmp_path)
    proc = run_cli("extract", str(tmp_path))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    names = [Path(json.loads(line)["path"].split("#")[0]).name for line in proc.stdout.splitlines()]
    assert "good.txt" in names
    rejected = [line for line in proc.stderr.splitlines() if line.startswith("wirescope: rejected")]
    for name, words in expected.items():
        lines = [line for line in rejected if f"/{name}" in line]
        assert lines, f"{name} not reported: {proc.stderr}"
        assert any(w.lower() in line.lower() for line in lines for w in words), lines
