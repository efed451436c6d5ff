"""A generated hostile corpus (over 100 inputs): every bad input is rejected with one reason and its
position (file, line, WARC offset), no traceback, and every good document is stored.

Good documents hide among the bad: pages declaring `rot13`/`base64`/`zlib`/`hex` charsets (read as UTF-8,
as a browser does), a file whose name is not UTF-8, JSONL lines beside a line nested 100,000 deep and a
5,000-digit integer, WARC records beside one without a target URI and one cut inside its header.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import uuid
from pathlib import Path

import duckdb
import pytest

from conftest import ROOT, run_cli
from wirescope.demo import corpus_dir
from wirescope.ingest import iter_pages
from wirescope.model import Rejected

ARTICLES = sorted(corpus_dir().glob("*.txt"))


def article(n: int) -> tuple[str, list[str]]:
    """Title and paragraphs of demo article `n`."""
    lines = [line.strip() for line in ARTICLES[n].read_text(encoding="utf-8").split("\n\n") if line.strip()]
    return lines[0], lines[1:]


def html(n: int, charset: str) -> str:
    title, paragraphs = article(n)
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<html><head><meta charset="{charset}"><title>{title}</title></head>'
            f"<body><article><h1>{title}</h1>{body}</article></body></html>")


def warc_record(uri: str, body: bytes, content_type: str = "text/html; charset=utf-8") -> bytes:
    http = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n".encode() + body
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-01-02T00:00:00Z\r\n"
            f"WARC-Record-ID: <urn:uuid:{uuid.UUID(int=len(http) + len(uri))}>\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n").encode()
    return head + http + b"\r\n\r\n"


def build(root: Path) -> tuple[set[str], dict[str, str], Path]:
    """Write the corpus under root/in; return the good document paths, {bad input: expected reason
    pattern}, and the input directory."""
    src = root / "in"
    src.mkdir()
    good: set[str] = set()
    bad: dict[str, str] = {}

    # Good documents with hostile wrappers: each of these must be stored.
    for n, charset in enumerate(("rot13", "base64", "zlib", "hex")):
        path = src / f"charset-{charset}.html"
        path.write_text(html(n, charset), encoding="utf-8")
        good.add(str(path))
    odd_name = os.path.join(os.fsencode(src), b"caf\xe9-\xff.txt")
    with open(odd_name, "wb") as f:
        f.write(ARTICLES[4].read_bytes())
    good.add(str(src / os.fsdecode(b"caf\\xe9-\\xff.txt")))

    # JSONL: two good lines, and two lines rejected by number (the rest of the file goes on).
    lines = [json.dumps({"title": article(5)[0], "text": "\n\n".join(article(5)[1])}),
             "[" * 100_000 + "]" * 100_000,
             '{"title": "x", "text": "y", "n": ' + "9" * 5000 + "}",
             json.dumps({"title": article(6)[0], "text": "\n\n".join(article(6)[1]), "date": 10 ** 4000}),
             json.dumps({"title": article(7)[0], "text": "\n\n".join(article(7)[1]) + "\udcff"})]
    jsonl = src / "dump.jsonl"
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    good.update({f"{jsonl}#L1", f"{jsonl}#L4", f"{jsonl}#L5"})
    bad[f"{jsonl}#L2"] = "nested too deep"
    bad[f"{jsonl}#L3"] = "invalid JSON"

    # WARC: good records around a base64 charset (read as UTF-8), an empty target URI, a header cut at the end.
    records = [warc_record("https://a.example/1", html(8, "utf-8").encode()),
               warc_record("https://a.example/b64", html(9, "utf-8").encode(), "text/html; charset=base64"),
               warc_record("", html(10, "utf-8").encode()),
               warc_record("https://a.example/2", html(11, "utf-8").encode())]
    offset_empty = len(records[0]) + len(records[1])
    warc = src / "crawl.warc"
    warc.write_bytes(b"".join(records) + warc_record("https://a.example/cut", b"<html></html>")[:70])
    good.update({"https://a.example/1", "https://a.example/b64", "https://a.example/2"})
    bad[f"{warc}#offset={offset_empty}"] = f"offset {offset_empty} has no WARC-Target-URI"
    bad[str(warc)] = "cut inside its header"

    # Links, loops, FIFOs: reported, never followed or read.
    (src / "passwd.txt").symlink_to("/etc/passwd")
    bad[str(src / "passwd.txt")] = "symbolic link, not followed"
    (src / "sub").mkdir()
    (src / "sub" / "up").symlink_to("..")
    bad[str(src / "sub" / "up")] = "symbolic link, not followed"
    (src / "self").symlink_to(src / "self")
    bad[str(src / "self")] = "symbolic link, not followed"
    os.mkfifo(src / "pipe.txt")
    bad[str(src / "pipe.txt")] = r"not a regular file \(FIFO\)"

    # A document over the size cap (the test runs with --max-doc-chars 60000).
    (src / "huge.txt").write_text(("The minister said talks would resume. " * 2000), encoding="utf-8")
    bad[str(src / "huge.txt")] = "document too long"

    # Many plainly broken files, one reason each.
    junk = src / "junk"
    junk.mkdir()
    kinds = {
        "empty.txt": (b"", "empty file"),
        "nul.txt": (b"abc\x00def" * 50, "NUL bytes"),
        "binary.txt": (bytes(range(256)) * 8, "binary"),
        "latin1.txt": ("Caf\xe9 M\xfcnchen ".encode("latin-1") * 40, "invalid UTF-8"),
        "notjson.jsonl": (b"{not json}\n", "invalid JSON"),
        "list.jsonl": (b"[1, 2]\n", "not a JSON object"),
        "blank.jsonl": (b"\n\n\n", "only blank lines"),
        "junk.warc": (bytes(range(256)) * 4, "not a WARC file"),
        "junk.rss": (b"<<<not xml", "not an RSS/Atom feed"),
        "cut.txt.gz": (gzip.compress(b"Some text here. " * 200)[:40], "gzip"),
        "empty.html": (b"   \n", "empty file"),
        "nul.html": (b"<html>\x00\x00\x00</html>" * 10, "NUL bytes"),
    }
    for i in range(9):
        for name, (data, reason) in kinds.items():
            path = junk / f"{i:02d}-{name}"
            path.write_bytes(data)
            where = f"{path}#L1" if name in ("notjson.jsonl", "list.jsonl") else str(path)
            bad[where] = reason
    return good, bad, src


def rejected_lines(stderr: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in stderr.splitlines():
        m = re.match(r"wirescope: rejected (.+?): (.*)$", line)
        if m:
            out.setdefault(m.group(1), []).append(m.group(2))
    return out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and symbolic links")
def test_hostile_corpus(tmp_path: Path) -> None:
    good, bad, src = build(tmp_path)
    inputs = sum(len(files) + sum(1 for d in dirs if os.path.islink(os.path.join(top, d)))
                 for top, dirs, files in os.walk(src))  # files, links and the FIFO
    assert inputs >= 100
    db = tmp_path / "h.duckdb"
    proc = run_cli("ingest", str(src), "--db", str(db), "--max-doc-chars", "60000")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr

    rejected = rejected_lines(proc.stderr)
    for where, reason in bad.items():
        assert where in rejected, f"{where} not reported ({reason})"
        assert len(rejected[where]) == 1, (where, rejected[where])  # one reason per failed input
        assert re.search(reason, rejected[where][0]), (where, rejected[where])
    assert set(rejected) == set(bad), set(rejected) ^ set(bad)

    con = duckdb.connect(str(db), read_only=True)
    stored = {p for (p,) in con.execute("SELECT path FROM articles").fetchall()}
    assert stored == good, (good - stored, stored - good)
    assert con.execute("SELECT count(*) FROM rejected").fetchone() == (len(bad),)
    con.close()
    assert f"{len(good)} stored" in proc.stdout and f"{len(bad)} rejected" in proc.stdout


def test_links_followed_only_when_asked_and_loops_reported(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "up").symlink_to("..")
    (src / "self").symlink_to(src / "self")
    (src / "a.txt").write_text("A short text about talks in Ankara.", encoding="utf-8")
    (src / "b.txt").symlink_to(src / "a.txt")
    from wirescope.ingest import ReadOptions, expand

    default = list(expand([str(src)]))
    assert [x for x in default if not isinstance(x, Rejected)] == [str(src / "a.txt")]
    followed = list(expand([str(src)], follow_symlinks=True))
    assert [x for x in followed if not isinstance(x, Rejected)] == [str(src / "a.txt"), str(src / "b.txt")]
    reasons = {x.path: x.reason for x in followed if isinstance(x, Rejected)}
    assert reasons == {str(src / "self"): "symbolic link loop",
                       str(src / "sub" / "up"): "symbolic link loop: a directory that contains this link"}
    pages = list(iter_pages([str(src)], ReadOptions(follow_symlinks=True)))
    assert len([p for p in pages if not isinstance(p, Rejected)]) == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any directory")
def test_unreadable_directory_is_reported(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text("text", encoding="utf-8")
    locked.chmod(0)
    try:
        [item] = list(iter_pages([str(tmp_path)]))
    finally:
        locked.chmod(0o755)
    assert isinstance(item, Rejected) and item.reason == "unreadable directory: permission denied"


def test_extract_with_an_undecodable_file_name_under_strict_utf8(tmp_path: Path) -> None:
    import subprocess
    import sys

    name = os.path.join(os.fsencode(tmp_path), b"r\xe9sum\xe9.txt")
    with open(name, "wb") as f:
        f.write(ARTICLES[0].read_bytes())
    env = dict(os.environ, PYTHONIOENCODING="utf-8:strict")
    proc = subprocess.run([sys.executable, "-m", "wirescope.cli", "extract", str(tmp_path)], capture_output=True,
                          env=env, cwd=ROOT, timeout=600)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    [record] = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    assert record["path"] == str(tmp_path / "r\\xe9sum\\xe9.txt")
