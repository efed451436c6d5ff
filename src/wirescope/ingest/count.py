"""How many results (documents or rejects) an input will give, read cheaply before the run, so the
progress bar can show a total and an ETA for container formats too.

One per text/HTML file; JSON lines: the non-blank lines; a JSON array: its items; RSS/Atom: the item and
entry tags; WARC: the HTTP 200 HTML responses found by a scan of the record headers (payloads are not
decoded). Formats and inputs where this would cost too much say None (unknown).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import zlib

from ..errors import InputError
from .source import open_bytes, read_limited

MAX_SCAN_BYTES = 2 * 1024**3  # a WARC larger than this is not scanned for its count
_CHUNK = 1 << 20
_FEED_ITEM = re.compile(rb"<(?:[A-Za-z][\w.-]*:)?(?:item|entry)[\s>/]")
_SINGLE = {".txt", ".text", ".html", ".htm", ".xhtml"}


def count_results(path: str, fmt: str, max_bytes: int) -> int | None:
    """The results `path` (reader key `fmt`) will give; None when unknown or too costly to find."""
    if fmt in _SINGLE:
        return 1
    try:
        if fmt in (".jsonl", ".ndjson", ".json"):
            return _json_count(path, max_bytes)
        if fmt in (".rss", ".atom", ".xml", ".rdf"):
            with open_bytes(path) as stream:
                return max(1, len(_FEED_ITEM.findall(read_limited(stream, max_bytes, path))))
        if fmt in (".warc", ".arc") and os.path.getsize(path) <= MAX_SCAN_BYTES:
            return _warc_count(path)
    except (OSError, InputError, EOFError, zlib.error, ValueError, RecursionError):
        return 1  # the reader will reject the whole input: one result
    return None


def _json_count(path: str, max_bytes: int) -> int:
    """Non-blank lines of JSON lines; the items of a JSON array document; 1 for one object."""
    with open_bytes(path) as stream:
        first = b""
        lines = 0
        for line in stream:
            if line.strip():
                lines += 1
                first = first or line
    if not path.lower().removesuffix(".gz").endswith(".json"):
        return max(1, lines)
    try:
        if isinstance(json.loads(first), dict):
            return lines  # JSON lines after all
    except (ValueError, RecursionError):
        pass
    with open_bytes(path) as stream:
        doc = json.loads(read_limited(stream, max_bytes, path).decode("utf-8-sig"))
    return max(1, len(doc)) if isinstance(doc, list) else 1


def _warc_count(path: str) -> int:
    """The response records the WARC reader turns into results: HTTP 200 HTML pages, and responses
    without a target URI (rejected); a file that fails the scan counts as one result."""
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    with open(path, "rb") as f:
        head = f.read(2)
        f.seek(0)
        stream = gzip.GzipFile(fileobj=f) if head == b"\x1f\x8b" else f
        try:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response":
                    continue
                uri = (record.rec_headers.get_header("WARC-Target-URI") or "").strip()
                http = record.http_headers
                if not uri or (http is not None and http.get_statuscode() == "200"
                               and "html" in (http.get_header("Content-Type") or "").lower()):
                    n += 1
        except Exception:  # noqa: BLE001  a broken file: the reader says why; the count so far stands
            pass
    return max(1, n)
