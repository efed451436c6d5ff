"""One definition of an actual event: `Event.actual` and the SQL of the store, the API and the exports."""

from __future__ import annotations

import itertools

import duckdb

from wirescope.model import Event, actual_sql

MODALITIES = ("asserted", "reported", "future", "hypothetical", "conditional")


def test_sql_and_model_agree() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE events (negated BOOLEAN, modality VARCHAR)")
    cases = list(itertools.product((False, True), MODALITIES))
    con.executemany("INSERT INTO events VALUES (?, ?)", cases)
    for alias, table in (("e", "events e"), ("", "events")):
        got = set(con.execute(f"SELECT negated, modality FROM {table} WHERE {actual_sql(alias)}").fetchall())
        want = {(n, m) for n, m in cases
                if Event(type="AGREE", cameo="030", goldstein=4.0, span=(0, 1), sentence=0, negated=n, modality=m).actual}
        assert got == want == {(False, "asserted"), (False, "reported")}
