"""A time budget per document: a stage that overruns it is interrupted and the document rejected.

`deadline(seconds)` arms a real-time interval timer (``SIGALRM``); when it fires, `BudgetExceeded` is
raised in whatever code is running. It derives from BaseException so that third-party code catching
``Exception`` (HTML extractors do) does not swallow it, and the timer fires again every
`REPEAT_SECONDS` until the block ends, in case some code swallows it anyway. Signals reach only the
main thread, so in any other thread (a server's worker thread) `deadline` does nothing; an outer timer
set by someone else (a test runner's) is put back when the block ends, less the time spent in it.
Code that loads a shared resource on first use wraps the load in `paused()`: loading is no document's time.
"""

from __future__ import annotations

import contextlib
import math
import signal
import threading
import time
from collections.abc import Iterator
from types import FrameType

REPEAT_SECONDS = 1.0
PAUSED = [0.0]  # seconds spent in `paused()` blocks in this process (the pipeline charges documents less)


class BudgetExceeded(BaseException):  # noqa: N818  (not an error of the document's content)
    """A document took longer than its time budget."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"time budget exceeded: more than {seconds:g} s for this document (--doc-timeout)")
        self.seconds = seconds


def usable() -> bool:
    """True when timers can interrupt this thread (Unix, main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def deadline(seconds: float | None, budget: float | None = None) -> Iterator[None]:
    """Raise BudgetExceeded(budget or seconds) in this block after `seconds` (no limit when None, 0,
    infinite, or where timers cannot be used)."""
    if not seconds or math.isinf(seconds) or not usable():
        yield
        return
    reported = budget if budget is not None else seconds

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise BudgetExceeded(reported)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    outer, _ = signal.setitimer(signal.ITIMER_REAL, max(seconds, 1e-3), REPEAT_SECONDS)
    start = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:  # someone else's timer was running: let it go off when it would have
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - start), 1e-3))


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Stop the running document's clock while loading something shared once (a model, a lexicon): the
    load is not the document's time."""
    left, interval = signal.getitimer(signal.ITIMER_REAL) if usable() else (0.0, 0.0)
    if left:
        signal.setitimer(signal.ITIMER_REAL, 0)
    start = time.monotonic()
    try:
        yield
    finally:
        PAUSED[0] += time.monotonic() - start
        if left:
            signal.setitimer(signal.ITIMER_REAL, left, interval)
