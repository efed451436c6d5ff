"""WARC and WARC.gz files (Common Crawl CC-NEWS style), streamed record by record with warcio.

Every `response` record with an HTTP 200 HTML payload becomes a `Page` whose `path` and `url` are
the record's target URI and whose `fallback_published` is the capture date. A record that cannot
be decoded becomes a `Rejected` for its URI and the file goes on. A file that ends mid-record
yields what was readable, then raises InputError("truncated WARC after N records").
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, BinaryIO

from ..errors import InputError
from ..model import Page, Rejected
from ..registry import reader
from .html import charset_of, decode_html

if TYPE_CHECKING:
    from . import ReadOptions

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_CHUNK = 1 << 16


class _EndGuard:
    """A stream that turns a truncated gzip into a plain end of data, remembering it.

    warcio reads ahead in blocks and swallows the EOFError of a truncated gzip, losing the
    records of the last block; ending cleanly lets it hand over every complete record first.
    """

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.truncated = False
        self.corrupt: str | None = None  # a gzip error other than a cut
        self._head = b""
        # read1 returns what one inflate step gave; read(n) would drop it when the cut comes.
        self._read = getattr(stream, "read1", stream.read)

    def head(self, size: int) -> bytes:
        """The first `size` bytes, kept to be read again."""
        while len(self._head) < size and (chunk := self._raw(size - len(self._head))):
            self._head += chunk
        return self._head

    def read(self, size: int = -1) -> bytes:
        if self._head:
            data, self._head = self._head, b""
            return data
        return self._raw(size if size > 0 else _CHUNK)

    def _raw(self, size: int) -> bytes:
        if self.truncated:
            return b""
        try:
            return self._read(size)
        except EOFError:
            self.truncated = True
        except (gzip.BadGzipFile, zlib.error) as exc:
            self.truncated, self.corrupt = True, _short(exc)
        return b""


@reader(".warc", ".arc")
def read_warc(path: str, options: "ReadOptions") -> Iterator[Page | Rejected]:
    from warcio.archiveiterator import ArchiveIterator

    records, short = 0, False
    with open(path, "rb") as f:
        # Python's gzip reads multi-member files and reports truncation; warcio's does not.
        stream = _EndGuard(gzip.GzipFile(fileobj=f) if _is_gzip(f) else f)  # type: ignore[arg-type]
        if not stream.head(16).startswith((b"WARC/", b"filedesc://")) and not stream.truncated:
            # Checked here because warcio takes any bytes for an old-style ARC record.
            raise InputError("not a WARC file")
        try:
            for record in ArchiveIterator(stream):
                item = _page_of(record, records, path, options.max_bytes)
                if not _drained(record):
                    short = True  # the file ended inside this record: its payload is partial
                    break
                records += 1
                if item is not None:
                    yield item
        except Exception as exc:  # noqa: BLE001  warcio raises assorted errors on cut or malformed headers
            if stream.truncated:
                short = True
            elif records == 0:
                raise InputError(f"not a WARC file: {_short(exc)}") from None
            else:
                raise InputError(f"corrupt WARC after {records} records: {_short(exc)}") from None
    if stream.corrupt:
        raise InputError(f"corrupt gzip after {records} WARC records: {stream.corrupt}")
    if short or stream.truncated:
        raise InputError(f"truncated WARC after {records} records")


def _page_of(record: Any, index: int, path: str, limit: int) -> Page | Rejected | None:
    """The Page of an HTML 200 response record, a Rejected if it cannot be decoded, else None."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    if record.http_headers.get_statuscode() != "200" or "html" not in content_type.lower():
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or f"{path}#record{index}"
    try:
        payload = record.content_stream().read(limit + 1)
    except (zlib.error, EOFError, OSError, ValueError) as exc:  # a broken Content-Encoding
        return Rejected(uri, f"undecodable payload: {_short(exc)}")
    if len(payload) > limit:
        return Rejected(uri, f"too large: more than {limit // (1024 * 1024)} MB")
    try:
        html = decode_html(payload, charset_of(content_type))
    except InputError as exc:
        return Rejected(uri, str(exc))
    date = (record.rec_headers.get_header("WARC-Date") or "")[:10]
    return Page(path=uri, raw=html, format="html", url=uri,
                fallback_published=date if _ISO_DAY.fullmatch(date) else None)


def _drained(record: Any) -> bool:
    """Read the rest of the record; False when the file ended before its declared length."""
    raw = record.raw_stream
    while raw.read(_CHUNK):
        pass
    return getattr(raw, "limit", 1) == 0


def _is_gzip(f: BinaryIO) -> bool:
    magic = f.read(2)
    if not magic:
        raise InputError("empty file")
    f.seek(0)
    return magic == b"\x1f\x8b"


def _short(exc: Exception) -> str:
    return " ".join(str(exc).split())[:120]
