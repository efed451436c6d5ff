"""Issue 11 (PolNeAR round): reported speech beyond "X said (that) ...". Each construction on
sentences written for the test, through the real pipeline (parse, actors, coreference, quotes)."""

from __future__ import annotations

from wirescope.model import Quote
from wirescope_text import quotes


def having(qs: list[Quote], words: str) -> list[Quote]:
    return [q for q in qs if words in q.text]


def test_cognition_verb_reports_its_clause() -> None:
    qs = quotes("Governor Elena Marsh hopes the new depot will open before the winter storms arrive.")
    q = having(qs, "the new depot will open")
    assert len(q) == 1 and q[0].kind == "indirect" and q[0].speaker_text == "Governor Elena Marsh"


def test_hoping_is_a_cue_despite_the_small_model_lemma() -> None:
    qs = quotes("Ferry operator Tomas Lindqvist is hoping that passengers return once the harbour reopens.")
    assert having(qs, "passengers return once the harbour reopens")


def test_intent_verb_reports_its_infinitive() -> None:
    qs = quotes("Senator Ruth Calloway wants to scrap the fuel levy before the next budget.")
    assert [q.speaker_text for q in having(qs, "to scrap the fuel levy")] == ["Senator Ruth Calloway"]


def test_attitude_verb_with_a_name_as_object() -> None:
    qs = quotes("The teachers' union endorsed Maria Okonjo in the mayoral race on Tuesday.")
    q = [x for x in qs if x.text.startswith("Maria Okonjo")]
    assert len(q) == 1 and q[0].speaker_text == "The teachers' union"


def test_coordinated_verb_shares_the_subject() -> None:
    qs = quotes("Mayor Ivan Petrescu praised the volunteers and criticized the regional transport authority.")
    q = having(qs, "the regional transport authority")
    assert len(q) == 1 and q[0].speaker_text == "Mayor Ivan Petrescu"


def test_nominal_report_with_a_preposition() -> None:
    qs = quotes("Prime Minister Anna Holt met the unions on Monday. Holt's call for a four-day week "
                "surprised her own party.")
    q = having(qs, "a four-day week")
    assert len(q) == 1 and q[0].kind == "indirect" and q[0].speaker is not None
    assert q[0].speaker.name == "Anna Holt"


def test_clause_stops_before_another_report() -> None:
    qs = quotes("Most voters said they preferred a candidate with experience, and about a third said "
                "the economy mattered most.")
    first = having(qs, "they preferred a candidate with experience")
    assert len(first) == 1 and "economy" not in first[0].text
    assert having(qs, "the economy mattered most")


def test_headline_with_a_document_speaker() -> None:
    text = ("Poll: Voters Sour On Highway Toll Plan\n\n"
            "Residents in the valley were asked about the toll in a survey last week.")
    qs = quotes(text)
    q = having(qs, "Voters Sour On Highway Toll Plan")
    assert len(q) == 1 and q[0].speaker_kind == "document" and q[0].speaker_text == "Poll"


def test_a_topic_before_a_colon_is_no_speaker() -> None:
    text = ("Flooding: Roads Closed Across The County\n\n"
            "Council staff worked through the night to clear the drains.")
    assert not having(quotes(text), "Roads Closed")


def test_dateline_is_not_the_speaker() -> None:
    text = ("HARTFORD — Former state treasurer Denise Albright told reporters that the audit "
            "should be released in full.")
    q = having(quotes(text), "the audit")
    assert len(q) == 1 and "HARTFORD" not in (q[0].speaker_text or "")
    assert q[0].speaker is not None and q[0].speaker.name == "Denise Albright"


def test_talking_with_someone_is_still_not_a_quote() -> None:
    qs = quotes("Chancellor Lena Vogt spoke to the Polish president by telephone on Friday.")
    assert not [q for q in qs if q.kind == "indirect"]
