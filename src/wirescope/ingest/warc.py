"""WARC and WARC.gz files (Common Crawl CC-NEWS style), streamed record by record with warcio.

Every `response` record with an HTTP 200 HTML payload becomes a `Page` whose `path` and `url` are
the record's target URI and whose `fallback_published` is the capture date. A record that cannot
be decoded (or has no target URI, or fails in any way) becomes a `Rejected` for its URI (or
`FILE#offset=N`) with its offset in the (uncompressed) WARC, and the file goes on. A file that ends
mid-record yields what was readable, then raises InputError("truncated WARC after N records"); one
whose last record is cut inside its header says so with the offset. A WARC that gives no page at all
says why (no HTML 200 responses among its N records).
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

    records, pages, short = 0, 0, False
    iterator: Any = None
    with open(path, "rb") as f:
        # Python's gzip reads multi-member files and reports truncation; warcio's does not.
        stream = _EndGuard(gzip.GzipFile(fileobj=f) if _is_gzip(f) else f)  # type: ignore[arg-type]
        if not stream.head(16).startswith((b"WARC/", b"filedesc://")) and not stream.truncated:
            # Checked here because warcio takes any bytes for an old-style ARC record.
            raise InputError("not a WARC file")
        try:
            iterator = ArchiveIterator(stream)
            for record in iterator:
                offset = iterator.offset  # where this record starts (get_record_offset would read it)
                try:
                    item = _page_of(record, offset, path, options.max_bytes)
                except Exception as exc:  # noqa: BLE001  one bad record never takes the rest of the file
                    item = Rejected(_where(record, path, offset), f"unreadable WARC record at offset {offset}: "
                                                                   f"{type(exc).__name__}: {_short(exc)}")
                if not _drained(record):
                    short = True  # the file ended inside this record: its payload is partial
                    break
                records += 1
                if item is not None:
                    pages += 1
                    yield item
        except Exception as exc:  # noqa: BLE001  warcio raises assorted errors on cut or malformed headers
            if stream.truncated:
                short = True
            elif records == 0:
                raise InputError(f"not a WARC file: {_short(exc)}") from None
            else:
                at = getattr(iterator, "offset", None)
                raise InputError(f"corrupt WARC after {records} records (at offset {at}): {_short(exc)}") from None
    if stream.corrupt:
        raise InputError(f"corrupt gzip after {records} WARC records: {stream.corrupt}")
    if short or stream.truncated:
        raise InputError(f"truncated WARC after {records} records")
    # warcio ends quietly at a record cut inside its header: compare where the last record ended with
    # how much was read (its `fh` counts what it read from our stream).
    end, read = getattr(iterator, "offset", None), getattr(getattr(iterator, "fh", None), "offset", None)
    if isinstance(end, int) and isinstance(read, int) and read - end > 4:  # more than a record's blank lines
        raise InputError(f"truncated WARC after {records} records: {read - end} bytes at offset {end} "
                         "are a record cut inside its header")
    if not pages:
        raise InputError(f"no HTML pages: none of its {records} WARC records is an HTTP 200 HTML response")


def _where(record: Any, path: str, offset: int) -> str:
    uri = record.rec_headers.get_header("WARC-Target-URI") if record.rec_headers else None
    return uri.strip() if uri and uri.strip() else f"{path}#offset={offset}"


def _page_of(record: Any, offset: int, path: str, limit: int) -> Page | Rejected | None:
    """The Page of an HTML 200 response record, a Rejected if it cannot be decoded, else None."""
    if record.rec_type != "response":
        return None
    uri = (record.rec_headers.get_header("WARC-Target-URI") or "").strip()
    if not uri:
        return Rejected(f"{path}#offset={offset}", f"WARC response record at offset {offset} has no WARC-Target-URI")
    if record.http_headers is None:
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    if record.http_headers.get_statuscode() != "200" or "html" not in content_type.lower():
        return None
    if any(c.isspace() for c in uri) or "WARC/1." in uri:
        return Rejected(f"{path}#offset={offset}", f"WARC record at offset {offset} has a malformed "
                                                   f"WARC-Target-URI {uri[:80]!r} (a record cut short before it?)")
    try:
        payload = record.content_stream().read(limit + 1)
    except (zlib.error, EOFError, OSError, ValueError) as exc:  # a broken Content-Encoding
        return Rejected(uri, f"undecodable payload (WARC record at offset {offset}): {_short(exc)}")
    if len(payload) > limit:
        return Rejected(uri, f"too large: more than {limit // (1024 * 1024)} MB (WARC record at offset {offset})")
    try:
        html = decode_html(payload, charset_of(content_type))
    except InputError as exc:
        return Rejected(uri, f"{exc} (WARC record at offset {offset})")
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
