"""JSON-lines dumps (.jsonl, .ndjson, .json): one article object per line, streamed.

Fields come from `ReadOptions.text_field/title_field/date_field/url_field` (a dotted path such as
`article.body` reaches into nested objects), else the first present of the defaults below. Each
article is the Page `<path>#L<n>`; a line that is not a usable article becomes a `Rejected` for
`<path>#L<n>` with the reason and the rest of the file goes on. Text containing HTML tags is
`format="html"` (extracted later); plain text is `format="json"`, the contract's "already-extracted
body" whose title is kept apart. A `.json` file that is one document (an array of articles or a
single object) rather than lines is read whole, within the size limit.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Iterator
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, BinaryIO

from ..errors import InputError
from ..model import Page, Rejected
from ..registry import reader
from .source import open_bytes, read_limited

if TYPE_CHECKING:
    from . import ReadOptions

TEXT_FIELDS = ("text", "content", "body")
TITLE_FIELDS = ("title", "headline")
DATE_FIELDS = ("date", "published", "published_at", "publish_date", "published_date", "publication_date",
               "date_publish", "datePublished", "pubDate", "pub_date", "created_at", "timestamp", "seendate")
URL_FIELDS = ("url", "link")
PUBLISHER_FIELDS = ("publisher", "source", "site_name", "sitename")

_HTML_TAG = re.compile(
    r"</?(p|div|br|span|a|h[1-6]|ul|ol|li|article|section|strong|em|b|i|img|figure|table|tr|td|"
    r"blockquote|html|body|head|meta|script|style)(\s[^<>]*)?/?>", re.I)
_ISO_PREFIX = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T|\d{6}$)")  # GDELT's 20240305T120000Z, 20240305120000
_DAY_FORMATS = ("%Y/%m/%d", "%d/%m/%Y", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y%m%d")
_CHUNK = 1 << 16


@reader(".jsonl", ".ndjson", ".json")
def read_jsonl(path: str, options: "ReadOptions") -> Iterator[Page | Rejected]:
    if path.lower().removesuffix(".gz").endswith(".json") and not _is_json_lines(path):
        yield from _read_document(path, options)
        return
    n = articles = 0
    with open_bytes(path) as stream:
        try:
            for n, line in _lines(stream, options.max_bytes):
                if line is None:
                    yield Rejected(f"{path}#L{n}", f"line too long: more than {options.max_bytes // 2**20} MB")
                elif line.strip():
                    articles += 1
                    yield _item(line, f"{path}#L{n}", options)
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            raise InputError(f"corrupt or truncated gzip after line {n}: {exc}") from None
    if not articles and not n:
        raise InputError("empty file")
    if not articles:
        raise InputError("no JSON lines: only blank lines")


def _lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) per line, None for a line over `limit`, skipped without holding it."""
    n = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        n += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield n, None
        else:
            yield n, line


def _item(line: bytes, where: str, options: "ReadOptions") -> Page | Rejected:
    """The Page of one JSON line, or a Rejected saying why not."""
    try:
        obj = json.loads(line.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return Rejected(where, f"invalid UTF-8 at byte {exc.start}")
    except json.JSONDecodeError as exc:
        return Rejected(where, f"invalid JSON: {exc.msg} at column {exc.colno}")
    except RecursionError:
        return Rejected(where, "invalid JSON: nested too deep")
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        return Rejected(where, f"invalid JSON: {' '.join(str(exc).split())[:120]}")
    return _from_obj(obj, where, options)


def _from_obj(obj: Any, where: str, options: "ReadOptions") -> Page | Rejected:
    try:
        return page_of(obj, where, options)
    except InputError as exc:
        return Rejected(where, str(exc))
    except Exception as exc:  # noqa: BLE001  one odd object rejects its line, never the rest of the file
        return Rejected(where, f"unusable article object: {type(exc).__name__}: {' '.join(str(exc).split())[:120]}")


def page_of(obj: Any, where: str, options: "ReadOptions") -> Page:
    """The Page of one article object; InputError when it has no usable text."""
    if not isinstance(obj, dict):
        raise InputError(f"not a JSON object but {type(obj).__name__}")
    text = _pick(obj, options.text_field, TEXT_FIELDS)
    if not isinstance(text, str) or not text.strip():
        wanted = options.text_field or ", ".join(TEXT_FIELDS)
        raise InputError(f"no text: field {wanted} missing, empty or not a string")
    title, url = _pick(obj, options.title_field, TITLE_FIELDS), _pick(obj, options.url_field, URL_FIELDS)
    publisher = _pick(obj, None, PUBLISHER_FIELDS)
    if isinstance(publisher, dict):  # e.g. {"id": "bbc-news", "name": "BBC News"}
        publisher = publisher.get("name")
    return Page(
        path=where,
        raw=text,
        format="html" if _HTML_TAG.search(text) else "json",
        title=_str(title),
        published=_pick_day(obj, options.date_field),
        publisher=_str(publisher),
        url=_str(url),
    )


def _pick_day(obj: dict[str, Any], chosen: str | None) -> str | None:
    """The chosen date field's day, else the first of the usual date fields that holds a date."""
    if chosen:
        return iso_day(_pick(obj, chosen, DATE_FIELDS))
    return next((day for k in DATE_FIELDS if (day := iso_day(obj.get(k)))), None)


def _pick(obj: dict[str, Any], chosen: str | None, defaults: tuple[str, ...]) -> Any:
    if chosen:
        value: Any = obj
        for key in chosen.split("."):
            value = value.get(key) if isinstance(value, dict) else None
        return value
    return next((obj[k] for k in defaults if obj.get(k) not in (None, "")), None)


def _str(value: Any) -> str | None:
    value = " ".join(value.split()) if isinstance(value, str) else None
    return value or None


def iso_day(value: Any) -> str | None:
    """A publication date as YYYY-MM-DD from ISO, RFC 2822, epoch seconds/ms or common forms."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            seconds = value / 1000 if value > 1e11 else value  # epoch milliseconds are common in dumps
            return datetime.fromtimestamp(seconds, UTC).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    match = _ISO_PREFIX.match(value) or _ISO_COMPACT.match(value)
    if match:
        try:
            return date(*map(int, match.groups())).isoformat()
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in _DAY_FORMATS:
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _is_json_lines(path: str) -> bool:
    """True when the first non-blank line is a whole JSON object (else the file is one document)."""
    with open_bytes(path) as stream:
        try:
            for _, line in _lines(stream, 1 << 20):
                if line is None:
                    return False
                if line.strip():
                    return isinstance(json.loads(line), dict)
        except (ValueError, RecursionError, EOFError, gzip.BadGzipFile, zlib.error):
            return False
    return True


def _read_document(path: str, options: "ReadOptions") -> Iterator[Page | Rejected]:
    with open_bytes(path) as stream:
        data = read_limited(stream, options.max_bytes, path)
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(f"invalid UTF-8 at byte {exc.start}") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    items = doc if isinstance(doc, list) else [doc]
    for i, obj in enumerate(items, 1):
        yield _from_obj(obj, f"{path}#{i}" if isinstance(doc, list) else path, options)
