"""Cleaning: boilerplate by pattern, structure and cross-document evidence; credits and bylines to metadata."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS, SHARED, needs_shared
from wirescope.config import Config
from wirescope.demo import corpus_dir
from wirescope.ingest import iter_pages
from wirescope.model import Document
from wirescope.pipeline import Context, Pipeline
from wirescope.stages import clean as clean_mod
from wirescope.stages.boilerplate import LineStats
from wirescope.stages.clean import clean_lines, is_call_to_action, is_navigation, unwrap
from wirescope.stages.meta import byline_date, detect_language

STAGES = ("boilerplate", "clean", "meta", "quality", "dedup")
BODY = ("The two ministers met in Ankara on Tuesday to discuss grain shipments across the Black Sea, officials "
        "from both governments said after the talks.")


def records(paths: list[str]) -> list[dict]:
    pipeline = Pipeline(Config(stages=STAGES))
    return [d.record() for d in pipeline.run(iter_pages(paths)) if isinstance(d, Document)]


def score(gold: Path, recs: list[dict], tmp_path: Path) -> dict[str, float]:
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(gold), str(path), "--json"],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)["metrics"]


@needs_shared
def test_seeds_clean_and_title_are_perfect(tmp_path: Path) -> None:
    metrics = score(SHARED / "eval" / "seeds-gold.json", records(sorted(str(p) for p in SEEDS.glob("*.txt"))),
                    tmp_path)
    assert (metrics["clean"], metrics["title"]) == (1.0, 1.0)


@needs_shared
@pytest.mark.parametrize("one_by_one", [False, True])
def test_demo_corpus_clean_and_title_are_perfect(tmp_path: Path, one_by_one: bool) -> None:
    """Also each file alone: structure and patterns do it without cross-document evidence."""
    paths = sorted(str(p) for p in corpus_dir().glob("*.txt"))
    recs = [r for p in paths for r in records([p])] if one_by_one else records(paths)
    metrics = score(ROOT / "tests" / "data" / "demo-gold.json", recs, tmp_path)
    assert (metrics["clean"], metrics["title"]) == (1.0, 1.0)


def test_demo_publishers_dates_and_datelines() -> None:
    gold = {Path(d["doc"]).name: d for d in json.loads((ROOT / "tests" / "data" / "demo-gold.json").read_text())["docs"]}
    recs = {Path(r["path"]).name: r for r in records([str(corpus_dir())])}
    assert {n: r["publisher"] for n, r in recs.items()} == {n: g["publisher"] for n, g in gold.items()}
    assert all(r["published"] for r in recs.values())
    assert recs["04_erdogan-putin-grain-deal.txt"]["dateline"] == "SOCHI, Russia"
    assert recs["10_macron-xi-state-visit.txt"]["dateline"] == "BEIJING"
    assert recs["10_macron-xi-state-visit.txt"]["published"] == "2023-04-06"


def test_credit_lines_become_the_publisher_not_text() -> None:
    for credit, publisher in [("ABC News", "ABC News"), ("— AP", "AP"), ("(Reuters)", "Reuters"),
                              ("Source: Al Jazeera", "Al Jazeera"), ("Source: agencies", None),
                              ("© 2024 Harbour Daily. All rights reserved.", "Harbour Daily"),
                              ("Reporting by Ann Lee; Editing by Tom Fox", None)]:
        cleaned = clean_lines(["Ministers agree to resume grain talks", BODY, credit])
        assert cleaned.publisher == publisher, credit
        assert credit not in cleaned.text and cleaned.removed == [credit]


def test_the_outlet_of_a_reporting_correspondent_is_the_publisher() -> None:
    line = "Al Jazeera’s Ali Hashem, reporting from Moscow, said the talks were an attempt to reframe the war."
    cleaned = clean_lines(["Ministers agree to resume grain talks", BODY, line])
    assert cleaned.publisher == "Al Jazeera" and line in cleaned.text


def test_a_name_at_the_foot_of_the_page_is_the_publisher() -> None:
    cleaned = clean_lines(["Ministers agree to resume grain talks", BODY, "Share this article", "Harbour Daily",
                           "Back to the top ↑"])
    assert cleaned.publisher == "Harbour Daily"
    assert cleaned.text.endswith("said after the talks.")


def test_a_list_at_the_end_of_an_article_is_kept() -> None:
    fixtures = ["Newcastle v Tottenham", "Southampton v Portsmouth", "West Brom v Chelsea", "Charlton v Yeovil",
                "Burnley v Leicester"]
    cleaned = clean_lines(["Cup draw made", BODY, *fixtures])
    assert all(f in cleaned.text for f in fixtures)


def test_bylines_and_date_lines_are_metadata() -> None:
    cleaned = clean_lines(["Ministers agree to resume grain talks", "By Anna Keller | August 21, 2023", BODY])
    assert cleaned.published == "2023-08-21" and "Anna Keller" not in cleaned.text
    for line in ["Published 2024-11-16 09:40 CET", "06.04.2023 | 16:32", "Thu 23 May 2024 21.10 BST",
                 "April 18, 2024 / 8:12 PM UTC", "By Priya Raman"]:
        assert byline_date(line)[0], line
    for line in ["By contrast, the EU said", "On June 19, 2023 the talks ended."]:
        assert not byline_date(line)[0], line


def test_roles_headline_dek_heading_body() -> None:
    cleaned = clean_lines(["Ministers agree to resume grain talks",
                           "Turkey and Ukraine say ships could move again within weeks.",
                           "ANKARA — " + BODY, "What happens next", BODY])
    assert [ln.role for ln in cleaned.lines] == ["headline", "dek", "body", "heading", "body"]
    for ln in cleaned.lines:
        assert cleaned.text[ln.span[0]:ln.span[1]] == ln.text


def test_structure_navigation_and_calls_to_action() -> None:
    assert is_navigation("Home › World › Europe") and is_navigation("News | Sport | Weather | Culture")
    assert not is_navigation("Prices rose 5% in May | June, the agency said.")
    assert is_call_to_action("Post Comment") and is_call_to_action("View original post")
    assert not is_call_to_action("Share prices tumble")


def test_hard_wrapped_paragraphs_are_joined() -> None:
    assert unwrap(["ANKARA — The two ministers met in Ankara on", "Tuesday to discuss grain.", "", "Next."]) == [
        "ANKARA — The two ministers met in Ankara on Tuesday to discuss grain.", "Next."]
    assert unwrap(["Share this article", "Harbour Daily"]) == ["Share this article", "Harbour Daily"]


def test_a_line_recurring_across_different_stories_is_boilerplate() -> None:
    stats = LineStats()
    stories = ["Grain prices rose sharply in Chicago as traders weighed the weather across the plains.",
               "The navy said two ships collided near the port late on Sunday without injuries.",
               "Talks between the unions and the rail operator broke down over pay and working hours."]
    for story in stories:
        stats.observe([story, "Brought to you by Harbour Daily"])
    assert clean_mod.line_key("Brought to you by Harbour Daily") in stats.recurring


def test_paragraphs_of_republished_copies_are_not_boilerplate() -> None:
    stats = LineStats()
    story = ["Ministers agree to resume grain talks", BODY, "Officials said the next round would follow soon."]
    for _ in range(5):
        stats.observe(story)
    assert not stats.recurring


def test_cross_document_evidence_flows_through_the_pipeline(tmp_path: Path) -> None:
    bodies = ["Grain prices rose sharply in Chicago as traders weighed the weather across the plains.",
              "The navy said two ships collided near the port late on Sunday without injuries.",
              "Talks between the unions and the rail operator broke down over pay and working hours."]
    furniture = "Live coverage from the Harbour Daily newsroom, updated through the day."
    for i, body in enumerate(bodies):
        (tmp_path / f"{i}.txt").write_text(f"Headline number {i}\n\n{furniture}\n\n{body}\n", encoding="utf-8")
    alone = records([str(tmp_path / "0.txt")])[0]
    assert furniture in alone["text"]
    context = Context(Config(stages=STAGES))
    docs = [d for d in Pipeline(context.config, context).run(iter_pages([str(tmp_path)])) if isinstance(d, Document)]
    assert all(furniture in d.article.removed for d in docs)  # type: ignore[union-attr]


def test_languages() -> None:
    assert detect_language(BODY * 3) == "en"
    assert detect_language("Le président français a rencontré son homologue chinois à Pékin jeudi pour discuter "
                           "de la guerre en Ukraine et des relations commerciales entre les deux pays.") == "fr"


def test_a_short_english_text_full_of_names_is_english_and_other_languages_stay_theirs() -> None:
    assert detect_language("South Korean President Lee Jae-myung met Japanese Prime Minister Shigeru Ishiba "
                           "in Tokyo.") == "en"
    assert detect_language("Nigerian President Bola Tinubu met Ghanaian President John Mahama in Abuja.") == "en"
    assert detect_language("De minister-president heeft maandag in Den Haag gesproken met de Duitse "
                           "bondskanselier.") == "nl"
    assert detect_language("Der Bundeskanzler traf sich am Montag mit dem Präsidenten in Berlin.") == "de"
    assert detect_language("El presidente se reunió con el canciller en Madrid.") == "es"
