"""Mutation fuzz of the input readers: N mutated inputs (fixed seed), zero exceptions may escape.

Seeds are one good input per format (text, HTML, JSONL, RSS, WARC, and their .gz); each mutant flips,
inserts, deletes or duplicates bytes, cuts the file, or swaps in hostile values (unknown charsets, deep
nesting, huge numbers, empty URIs). Every mutant must give Pages and/or Rejecteds with a reason through
`iter_pages`, which is what `extract` and `ingest` read through; an exception escaping is a failure.
The pipeline stages are not run here (tests/test_hostile.py runs them over a hostile corpus).

    python benchmarks/fuzz_readers.py [--n 2000] [--seed 13]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from wirescope.ingest import iter_pages  # noqa: E402
from wirescope.model import Rejected  # noqa: E402

BODY = ("Officials in Ankara said on Tuesday that talks on grain exports would resume next week. "
        "\u201cWe will keep working until the ships move again,\u201d the minister told reporters. ") * 6
HTML = (f'<html><head><meta charset="utf-8"><title>Grain talks</title></head><body><article><h1>Grain talks</h1>'
        f"<p>{BODY}</p></article></body></html>")
HOSTILE = [b"rot13", b"base64", b"zlib", b"hex", b"idna", b"utf-7", b"\xff\xfe", b"[" * 5000, b"9" * 5000,
           b"\x00", b"\r\n\r\n", b"WARC/1.0\r\n", b"</", b"\\ud800", b'"', "\u201c".encode()]


def _warc_record(uri: str, body: bytes, ctype: str = "text/html; charset=utf-8") -> bytes:
    http = f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\n\r\n".encode() + body
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-01-02T00:00:00Z\r\n"
            f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{len(http):012d}>\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n").encode()
    return head + http + b"\r\n\r\n"


def seeds() -> dict[str, bytes]:
    jsonl = "".join(json.dumps({"title": f"Story {i}", "text": BODY, "date": "2024-01-02"}) + "\n" for i in range(3))
    rss = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>' +
           "".join(f"<item><title>Item {i}</title><link>https://a.example/{i}</link><description>{BODY}"
                   "</description></item>" for i in range(2)) + "</channel></rss>")
    warc = b"".join(_warc_record(f"https://a.example/{i}", HTML.encode()) for i in range(3))
    return {".txt": ("Grain talks\n\n" + BODY).encode(), ".html": HTML.encode(), ".jsonl": jsonl.encode(),
            ".rss": rss.encode(), ".warc": warc, ".warc.gz": gzip.compress(warc), ".txt.gz": gzip.compress(BODY.encode())}


def mutate(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        op = rng.random()
        i = rng.randrange(len(buf) + 1) if buf else 0
        if op < 0.25 and buf:
            buf[min(i, len(buf) - 1)] = rng.randrange(256)
        elif op < 0.4:
            buf[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif op < 0.55 and buf:
            del buf[i:i + rng.randint(1, 64)]
        elif op < 0.65:
            buf = buf[:i]
        elif op < 0.75 and buf:
            j = rng.randrange(len(buf))
            buf[i:i] = buf[j:j + rng.randint(1, 256)]
        else:
            buf[i:i] = rng.choice(HOSTILE)
    return bytes(buf)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    base = seeds()
    escaped, pages, rejected, silent = 0, 0, 0, 0
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="wirescope-fuzz-") as tmp:
        for n in range(args.n):
            suffix = rng.choice(sorted(base))
            path = Path(tmp) / f"m{n:05d}{suffix}"
            path.write_bytes(mutate(base[suffix], rng))
            try:
                items = list(iter_pages([str(path)]))
            except Exception:  # noqa: BLE001  what the fuzz is looking for
                escaped += 1
                print(f"ESCAPED on {path.name} (seed {args.seed}, mutant {n}):\n{traceback.format_exc()}",
                      file=sys.stderr)
                continue
            finally:
                path.unlink(missing_ok=True)
            if not items:
                silent += 1
                print(f"SILENT: {path.name} gave neither a page nor a reason", file=sys.stderr)
            for item in items:
                if isinstance(item, Rejected):
                    rejected += 1
                    assert item.reason.strip(), item
                else:
                    pages += 1
    seconds = time.perf_counter() - start
    print(f"{args.n} mutated inputs (seed {args.seed}) in {seconds:.1f} s: {pages} pages, {rejected} rejected "
          f"with a reason, {silent} silent, {escaped} exceptions escaped")
    return 1 if escaped or silent else 0


if __name__ == "__main__":
    sys.exit(main())
