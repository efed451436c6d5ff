"""HTML pages (.html, .htm, and their .gz). Extraction happens later, in the clean stage.

`decode_html` is shared by the WARC, feed-fetch and JSONL paths: declared charset (BOM, HTTP
header, <meta>), else UTF-8, with a reason a user can act on when the bytes do not decode.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model import Page
from ..registry import reader
from .source import read_bytes

if TYPE_CHECKING:
    from . import ReadOptions

# Browsers decode these labels as windows-1252 (WHATWG encoding standard); pages rely on it.
_AS_CP1252 = {"iso-8859-1", "latin-1", "latin1", "ascii", "us-ascii", "iso8859-1", "l1"}
# Codecs Python has that no web page is in (WHATWG maps none of them): ignored when declared.
_NOT_PAGE_CHARSETS = {"idna", "punycode", "unicode-escape", "raw-unicode-escape", "utf-7", "undefined", "mbcs",
                      "oem", "palmos", "unicode-internal"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# A few stray bytes are common in crawled pages and not worth losing the article over.
_MAX_BAD_BYTES = 8


@reader(".html", ".htm", ".xhtml")
def read_html(path: str, options: "ReadOptions") -> Iterator[Page]:
    yield Page(path=path, raw=decode_html(read_bytes(path, options.max_bytes)), format="html")


def decode_html(data: bytes, declared: str | None = None) -> str:
    """HTML text of `data`; `declared` is a charset from outside the page (HTTP header, feed)."""
    if not data.strip():
        raise InputError("empty file")
    if b"\x00" in data[:8192] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError("binary content (NUL bytes), not HTML")
    meta = _meta_charset(data[:4096])
    if meta and meta.lower().replace("_", "-").startswith(("utf-16", "utf-32", "ucs-2", "ucs-4", "utf16", "utf32")):
        meta = "utf-8"  # WHATWG: a <meta> read as ASCII cannot mean UTF-16; it means UTF-8
    charset = _bom_charset(data) or _usable(declared) or _usable(meta)
    name = _codec(charset) if charset else "utf-8"
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:
        try:
            text = data.decode(name, errors="replace")
            bad = text.count("\ufffd") - data.decode(name, errors="ignore").count("\ufffd")
        except (LookupError, ValueError, TypeError):  # codecs without error handlers (idna, punycode)
            raise InputError(f"cannot decode with charset {charset!r}: invalid at byte {exc.start}") from None
        if bad > _MAX_BAD_BYTES:
            how = f"declared charset {charset}" if charset else "UTF-8 (no usable charset declared)"
            ignored = [c for c in (declared, _meta_charset(data[:4096])) if c and not _usable(c)]
            why = f" (ignored the unknown charset {ignored[0]!r})" if ignored else ""
            raise InputError(f"not valid {how}: {bad} undecodable bytes, first at byte {exc.start}{why}") from None
    except (LookupError, ValueError, TypeError) as exc:  # a codec that exists but fails on these bytes
        raise InputError(f"cannot decode with charset {charset!r}: {type(exc).__name__}") from None
    return text.lstrip("\ufeff")


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header value."""
    match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type or "", re.I)
    return match.group(1) if match else None


def _bom_charset(data: bytes) -> str | None:
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return name
    return None


def _meta_charset(head: bytes) -> str | None:
    match = _META_CHARSET.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def _codec(charset: str) -> str:
    label = charset.strip().lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        info = codecs.lookup(label)
    except LookupError:
        raise InputError(f"unknown charset {charset!r}") from None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_PAGE_CHARSETS:
        raise InputError(f"not a text charset: {charset!r}")  # rot13, base64, zlib, hex, idna, ...
    return info.name


def _usable(charset: str | None) -> str | None:
    """`charset` when it names a text encoding; else None: like a browser, an unknown or non-text label
    (`rot13`, `base64`, `zlib`, `hex`, a typo) is ignored and the bytes are read as UTF-8."""
    if not charset:
        return None
    try:
        _codec(charset)
    except InputError:
        return None
    return charset
