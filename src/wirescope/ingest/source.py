"""Byte-level input: open (gzip-aware), size limits, and decoding with reasons a user can act on."""

from __future__ import annotations

import gzip
import io
import sys
import zlib
from typing import BinaryIO

from ..errors import InputError


def open_bytes(path: str) -> BinaryIO:
    """A binary stream over `path` ('-' is stdin), transparently gunzipped for '.gz' files."""
    if path == "-":
        return sys.stdin.buffer
    f = open(path, "rb")  # noqa: SIM115  the caller closes the stream it is given
    if path.lower().endswith(".gz"):
        return gzip.GzipFile(fileobj=f)  # type: ignore[return-value]
    return f


def read_limited(stream: BinaryIO, limit: int, path: str) -> bytes:
    """All bytes of `stream`, or InputError when it is larger than `limit` or a broken gzip."""
    try:
        data = stream.read(limit + 1)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise InputError(f"corrupt or truncated gzip: {exc or type(exc).__name__}") from None
    if len(data) > limit:
        raise InputError(f"too large: more than {limit // (1024 * 1024)} MB")
    return data


def read_bytes(path: str, limit: int) -> bytes:
    with open_bytes(path) as stream:
        return read_limited(stream, limit, path)


def decode_text(data: bytes) -> str:
    """UTF-8 text (BOM and CRLF normalised), or InputError saying why these bytes are not text."""
    if not data.strip():
        raise InputError("empty file")
    if b"\x00" in data[:8192]:
        raise InputError("binary content (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if _looks_binary(data):
            raise InputError("binary content, not text") from None
        raise InputError(f"invalid UTF-8 at byte {exc.start}") from None
    if _control_ratio(text) > 0.05:
        raise InputError("binary content (control characters), not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    high = sum(1 for b in sample if b < 9 or 13 < b < 32 or b > 127)
    return high / max(1, len(sample)) > 0.3


def _control_ratio(text: str) -> float:
    sample = text[:4096]
    bad = sum(1 for c in sample if ord(c) < 32 and c not in "\n\t\r\f")
    return bad / max(1, len(sample))


def io_text(data: bytes) -> io.StringIO:
    return io.StringIO(decode_text(data))
