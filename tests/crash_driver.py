"""Runs `wirescope ingest` in child processes and SIGKILLs them at chosen points (for tests/test_crash.py).

Usage: python crash_driver.py PLAN.json. The plan is a list of steps {"db", "paths", "kill"}: each step is one
ingest in a child process forked from this one (which loaded the language model and the KB once, so a
step costs the pipeline, not the start-up). `kill` names the point where the child sends itself SIGKILL
(null: run to the end). Prints one JSON line per step: its exit status or the signal that ended it.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from typing import Any


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _after(obj: Any, name: str, nth: int = 1) -> None:
    """Kill right after the `nth` call of obj.name returns."""
    original = getattr(obj, name)
    calls = {"n": 0}

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        out = original(*args, **kwargs)
        calls["n"] += 1
        if calls["n"] == nth:
            _die()
        return out

    setattr(obj, name, wrapper)


class _KillAtCheckpoint:
    """A connection proxy that dies when asked to CHECKPOINT: the rebuild is committed, not checkpointed."""

    def __init__(self, con: Any) -> None:
        self._con = con

    def execute(self, sql: str, *args: Any) -> Any:
        if sql.strip().upper() == "CHECKPOINT":
            _die()
        return self._con.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


def _arm(point: str) -> None:
    from wirescope.store import duckdb as store

    S = store.DuckDBStore
    if point == "created":  # the new store is on disk, nothing ingested yet
        _after(store, "_create")
    elif point == "opened":  # an existing store is open, its signatures loaded
        _after(S, "load_signatures")
    elif point.startswith("in-transaction-"):  # rows of document N written, not committed
        _after(S, "_mark_copies", int(point.rsplit("-", 1)[1]))
    elif point.startswith("committed-"):  # document N committed (in the write-ahead log only)
        _after(S, "_insert", int(point.rsplit("-", 1)[1]))
    elif point == "derived":  # inside the derived-table update: quote_docs dropped and re-created
        _after(S, "_recreate")
    elif point == "derived-incremental":  # inside the derived-table update: new quote rows added
        _after(S, "_meta_int")
    elif point == "before-checkpoint":  # the update committed, the checkpoint not done
        for name in ("refresh_derived", "update_derived"):
            original = getattr(S, name)

            def refresh(self: Any, original: Any = original) -> Any:
                self.con = _KillAtCheckpoint(self.con)
                return original(self)

            setattr(S, name, refresh)
    elif point == "closing":  # everything done, the store not closed
        S.close = lambda self: _die()  # type: ignore[method-assign]
    else:
        raise SystemExit(f"unknown kill point {point!r}")


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as f:
        plan = json.load(f)
    from wirescope.kb.actors import builtin_kb
    from wirescope.stages.nlp import load_model

    load_model(None)
    builtin_kb()
    for step in plan:
        pid = os.fork()
        if pid == 0:
            code = 99
            try:
                if step.get("kill"):
                    _arm(step["kill"])
                from wirescope.cli import main as cli

                sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115
                code = cli(["ingest", *step["paths"], "--db", step["db"]])
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        out = {"step": step, "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
               "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None}
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
