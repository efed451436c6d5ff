"""Issue 11 (PolNeAR indirect round): how reporters word reported speech without quotation marks. Each
construction on sentences written for the test, through the real pipeline (parse, actors, quotes)."""

from __future__ import annotations

from wirescope.model import Quote
from wirescope_text import one, quotes


def texts(qs: list[Quote]) -> list[str]:
    return [q.text for q in qs]


# --- where the content stands -------------------------------------------------------------------


def test_parenthetical_cue_inside_the_clause_it_reports() -> None:
    q = one(quotes("Flood defences, Mayor Ruth Okafor often says, are the best investment a coastal city can make."),
                   "are the best investment")
    assert q.kind == "indirect" and q.text.startswith("Flood defences") and q.speaker_text == "Mayor Ruth Okafor"


def test_as_clause_reports_the_clause_it_hangs_from() -> None:
    q = one(quotes("As economists have pointed out, the fund is free to publish its accounts."), "the fund is free")
    assert q.text == "the fund is free to publish its accounts" and q.speaker_text == "economists"


def test_as_clause_after_the_content() -> None:
    q = one(quotes("The footage does not show whether the driver was armed, as police have said."), "The footage")
    assert q.text == "The footage does not show whether the driver was armed" and q.speaker_text == "police"


def test_as_expected_names_nobody_and_reports_nothing() -> None:
    assert quotes("The team will not start its new striker on the left, as had been widely expected.") == []


def test_paragraph_after_a_colon_cue_is_what_was_said() -> None:
    text = ("The council was divided.\n\nMs Varga added:\n\nAnd from a city that prides itself on its parks, "
            "this is a failure of planning.\n\nThe council meets next week.")
    q = one(quotes(text), "failure of planning")
    assert q.speaker_text == "Ms Varga" and "council meets" not in q.text


def test_cue_after_its_content_holds_a_report_inside_it() -> None:
    qs = quotes("The farmers, who asked officials to publish the water report, met the minister on Thursday, "
                "lawyers for the group said.")
    outer = one(qs, "met the minister on Thursday")
    assert outer.speaker_text == "lawyers for the group" and outer.text.startswith("The farmers")


def test_told_an_audience_that_the_parser_hangs_on_the_object() -> None:
    q = one(quotes("In Lagos last week, she told a meeting of regional leaders that few people understood the "
                   "risks of flooding better than coastal residents."), "few people understood")
    assert q.text.startswith("few people") and q.cue == "told"


# --- where the content ends ---------------------------------------------------------------------


def test_relative_clause_after_a_comma_is_the_reporters_aside() -> None:
    q = one(quotes("Mayor Ruth Okafor said the bridge will reopen in May, which surprised many commuters."), "bridge")
    assert q.text == "the bridge will reopen in May"


def test_participle_after_a_comma_is_the_speakers_own_cue() -> None:
    qs = quotes("Councillor Amal Petrov said the depot should close, citing rising costs.")
    assert one(qs, "depot").text == "the depot should close"
    assert one(qs, "rising costs").speaker_text == "Councillor Amal Petrov"  # not "the depot"


def test_semicolon_ends_the_reported_sentence() -> None:
    q = one(quotes("Port officials said the delay was not deliberate; they learned of the fault only on Friday."),
            "the delay")
    assert q.text == "the delay was not deliberate"


def test_trailing_appositive_is_the_reporters_aside() -> None:
    q = one(quotes("Critics say the money could be better spent on the coastguard, the service that patrols "
                   "the northern shore."), "the money")
    assert q.text == "the money could be better spent on the coastguard"


def test_according_to_after_the_clause_keeps_the_clause_before_it() -> None:
    q = one(quotes("Some families would pay more under the plan, according to an analysis by a former treasury "
                   "aide, whose figures were checked by the institute."), "Some families")
    assert q.text == "Some families would pay more under the plan" and q.attribution == "according"


def test_bare_verbs_continue_an_intent() -> None:
    q = one(quotes("She wants to triple the size of the program, grow the volunteer corps and create a national "
                   "reserve."), "to triple")
    assert q.text.endswith("create a national reserve")


# --- cues beyond "X said" -----------------------------------------------------------------------


def test_document_frame_in_the_poll() -> None:
    q = one(quotes("In this poll, the governor leads her rival by five points among likely voters."), "leads")
    assert q.speaker_kind == "document" and q.speaker_text == "this poll"


def test_document_frame_leaves_a_cue_verb_its_own_speaker() -> None:
    qs = quotes("In a statement, the ministry rejected the claim.")
    assert [q.speaker_text for q in qs] == ["the ministry"]


def test_document_subject_reports_what_it_finds() -> None:
    q = one(quotes("The survey found broad support for the new tax."), "broad support")
    assert q.speaker_text == "The survey"


def test_passive_report_is_said_by_its_agent() -> None:
    q = one(quotes("Her proposal was criticized by several senior economists."), "Her proposal")
    assert q.text == "Her proposal" and q.speaker_text == "several senior economists"


def test_sentence_initial_participle_shares_the_subject() -> None:
    q = one(quotes("Citing an unpublished audit, Governor Lena Marsh accused the agency of waste."), "audit")
    assert q.speaker_text == "Governor Lena Marsh"


def test_said_the_same_thing() -> None:
    assert one(quotes("The budget office has said the same thing."), "same").speaker_text == "The budget office"


def test_named_outlet_report_that() -> None:
    q = one(quotes("Ministers are seizing upon a Financial Times report that the company lost more than $900 "
                   "million last year."), "the company lost")
    assert q.speaker_text is not None and "Financial Times" in q.speaker_text


def test_reported_clause_with_a_quoted_fragment_stays_indirect() -> None:
    qs = quotes("Reporters seized on the governor's claim that there had been “thousands of errors” in the "
                "count this year.")
    q = one([x for x in qs if x.kind == "indirect"], "thousands of errors")
    assert q.text.startswith("there had been") and q.speaker_text == "the governor"


def test_called_object_and_quoted_name_is_one_mixed_quote() -> None:
    q = one(quotes("At a rally in Ohio, Senator Dana Whitfield called half of her rival's donors “freeloaders.”"),
            "half of her rival")
    assert q.kind == "mixed" and q.speaker_text == "Senator Dana Whitfield"


def test_cue_with_on_reports_its_object() -> None:
    q = one(quotes("Governor Lena Marsh has also commented on the closure of the mill."), "closure")
    assert q.text == "the closure of the mill" and q.speaker_text == "Governor Lena Marsh"


def test_language_tables_hold_no_yaml_booleans() -> None:
    """YAML 1.1 reads a bare on/off/yes/no as a boolean: an `on:` key of the cue tables made "commented on
    X" find no cue, an `on` in a word list became "True". Every key and list item stays a word."""
    from pathlib import Path

    import yaml

    import wirescope.kb.lang as lang

    def walk(x: object) -> list[object]:
        if isinstance(x, dict):
            return [k for k in x if not isinstance(k, str)] + [b for v in x.values() for b in walk(v)]
        if isinstance(x, list):
            return [v for v in x if isinstance(v, bool)]
        return []

    for path in Path(lang.__file__).parent.rglob("*.yaml"):
        assert walk(yaml.safe_load(path.read_text(encoding="utf-8"))) == [], path.name


def test_reporting_noun_issued_by_the_subject() -> None:
    q = one(quotes("Senator Dana Whitfield has previously made the case for higher pensions."), "pensions")
    assert q.text == "higher pensions" and q.speaker_text == "Senator Dana Whitfield"


def test_reporting_noun_received_by_the_subject_is_not_theirs() -> None:
    assert quotes("The mayor has faced questions about business practices at the foundation.") == []


def test_declining_to_comment_says_nothing() -> None:
    assert quotes("A spokesman for the Norwegian health ministry declined to comment.") == []
    assert quotes("The company refused to comment on the report when asked on Friday.") == []
    q = one(quotes("The minister refused to rule out new taxes in the spring budget."), "rule out")
    assert q.kind == "indirect"  # what someone refuses to do is still reported


def test_a_quoted_fragment_at_the_end_keeps_its_closing_mark() -> None:
    q = one(quotes('Kenyan President William Ruto called the agreement "a new chapter."'), "agreement")
    assert q.text.count('"') == 2 and q.text.endswith('"')
