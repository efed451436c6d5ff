"""Time expressions resolved against the publication date (never invented without one)."""

from __future__ import annotations

import pytest

from wirescope.stages.dates import date_of, resolve
from wirescope.stages.nlp import load_model

PUB = "2024-03-15"  # a Friday


@pytest.mark.parametrize("text,value,precision", [
    ("on Tuesday", "2024-03-12", "day"),
    ("on Friday", "2024-03-15", "day"),  # the day of publication
    ("last Friday", "2024-03-08", "day"),
    ("late on Saturday", "2024-03-09", "day"),
    ("next Monday", "2024-03-18", "day"),
    ("yesterday", "2024-03-14", "day"),
    ("last week", "2024-03-04", "week"),
    ("this month", "2024-03-01", "month"),
    ("last month", "2024-02-01", "month"),
    ("next year", "2025-01-01", "year"),
    ("in February", "2024-02-01", "month"),
    ("in June", "2023-06-01", "month"),  # a later month than publication: last year's
    ("last March", "2023-03-01", "month"),
    ("earlier in January", "2024-01-01", "month"),
    ("on March 3", "2024-03-03", "day"),
    ("an April 1 air strike", "2023-04-01", "day"),
    ("two weeks ago", "2024-03-01", "week"),
    ("three days later", "2024-03-18", "day"),
    ("in December 2022", "2022-12-01", "month"),
    ("since 2018", "2018-01-01", "year"),
    ("on 22 March 2023", "2023-03-22", "day"),
])
def test_expressions(text: str, value: str, precision: str) -> None:
    got = resolve(text, PUB)
    assert got is not None and (got.value, got.precision) == (value, precision), got


def test_future_reads_forward() -> None:
    assert resolve("on Tuesday", PUB, future=True).value == "2024-03-19"  # type: ignore[union-attr]
    assert resolve("in June", PUB, future=True).value == "2024-06-01"  # type: ignore[union-attr]


def test_relative_dates_need_a_publication_date() -> None:
    assert resolve("on Tuesday", None) is None
    assert resolve("last week", None) is None
    assert resolve("on 22 March 2023", None).value == "2023-03-22"  # type: ignore[union-attr]


def test_no_expression_no_date() -> None:
    assert resolve("The talks may resume", PUB) is None  # "may" is not the month
    assert resolve("thousands march in the capital", PUB) is None
    assert resolve("every year", PUB) is None


def test_date_of_uses_the_predicates_own_expression() -> None:
    doc = load_model()("Scholz spoke to Putin on Tuesday, a month after Russia attacked Kyiv in February.")
    spoke = next(t for t in doc if t.text == "spoke")
    attacked = next(t for t in doc if t.text == "attacked")
    assert date_of(spoke, PUB) == "2024-03-12"
    assert date_of(attacked, PUB) == "2024-02-01"


def test_complement_shares_the_governing_verbs_time() -> None:
    doc = load_model()("The leaders agreed on Friday to hold joint exercises every year.")
    hold = next(t for t in doc if t.text == "hold")
    assert date_of(hold, PUB, future=True) == "2024-03-15"  # the agreement's Friday, not next week's
