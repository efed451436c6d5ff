"""Event coding: one test per tricky construction, on sentences written for the test and run through
the whole pipeline (clean text -> parse -> actors -> quotes -> events)."""

from __future__ import annotations

import pytest

from wirescope.model import Document, Event, Page
from wirescope.pipeline import Pipeline

PUBLISHED = "2024-03-15"  # a Friday


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def code(pipeline: Pipeline, text: str, published: str | None = PUBLISHED) -> list[Event]:
    [doc] = list(pipeline.run([Page("story.txt", text, published=published)]))
    assert isinstance(doc, Document), doc
    return list(doc.events)


def country(ref: object) -> str | None:
    """The country code of an actor reference; the EU and NATO by name (they have no country)."""
    name = getattr(ref, "name", "")
    if name in ("European Union", "NATO"):
        return "EU" if name == "European Union" else "NATO"
    return getattr(ref, "country", None)


def find(events: list[Event], src: str, typ: str, tgt: str | None, **fields: object) -> list[Event]:
    """Events whose source and target have these countries (None: no target) and these fields."""
    return [e for e in events if e.type == typ and country(e.source) == src
            and (country(e.target) if e.target else None) == tgt
            and all(getattr(e, k) == v for k, v in fields.items())]


def one(events: list[Event], src: str, typ: str, tgt: str | None, **fields: object) -> Event:
    hits = find(events, src, typ, tgt, **fields)
    shown = [(country(e.source), e.type, country(e.target), e.negated, e.modality) for e in events]
    assert hits, f"no {src} {typ} {tgt} {fields} in {shown}"
    return hits[0]


def actual(events: list[Event]) -> list[Event]:
    return [e for e in events if e.actual]


# --- negation and modality -----------------------------------------------------------------------


def test_negated_support_is_never_an_actual_aid(pipeline: Pipeline) -> None:
    events = code(pipeline, "China has not provided direct military support to Russia, officials in Beijing "
                            "said. China also said it does not provide weapons to Moscow.")
    assert not find(actual(events), "CHN", "AID", "RUS")
    assert all(e.negated for e in events if e.type == "AID")


def test_denied_and_refused_actions_are_not_actual(pipeline: Pipeline) -> None:
    events = code(pipeline, "Hungary refused to send weapons to Ukraine. Brazil has never supplied arms to Kyiv.")
    one(events, "HUN", "REJECT", "UKR")
    assert not find(actual(events), "HUN", "AID", "UKR") and not find(actual(events), "BRA", "AID", "UKR")


def test_would_and_if_are_not_reported_will_is_future(pipeline: Pipeline) -> None:
    events = code(pipeline, "Germany could send tanks to Ukraine if the talks fail. "
                            "France will send air-defence missiles to Ukraine next week.")
    assert not find(events, "DEU", "AID", "UKR")
    one(events, "FRA", "AID", "UKR", modality="future", negated=False)


def test_refusal_to_yield_is_a_rejection(pipeline: Pipeline) -> None:
    events = code(pipeline, "“Israel will not cease fire,” Foreign Minister Israel Katz wrote on Monday.")
    assert not find(events, "ISR", "RETREAT", None)
    assert any(e.type == "REJECT" and not e.negated for e in events)


# --- roles ---------------------------------------------------------------------------------------


def test_passive_voice_source_is_the_agent(pipeline: Pipeline) -> None:
    events = code(pipeline, "Kyiv was attacked by Russian drones overnight, Ukrainian officials said.")
    e = one(events, "RUS", "ASSAULT", "UKR")
    assert not e.negated


def test_compound_subject_and_multi_party_exercise_are_pairwise(pipeline: Pipeline) -> None:
    events = code(pipeline, "China and Russia held joint military exercises in the East China Sea on Tuesday.")
    one(events, "CHN", "COOPERATE", "RUS")
    events = code(pipeline, "Warships and aircraft from the United States, South Korea and Japan began a "
                            "three-day exercise south of Jeju Island on Thursday.")
    pairs = {frozenset((country(e.source), country(e.target))) for e in events if e.type == "COOPERATE"}
    assert pairs == {frozenset(p) for p in (("USA", "KOR"), ("USA", "JPN"), ("KOR", "JPN"))}


def test_plural_reference_takes_the_last_group(pipeline: Pipeline) -> None:
    events = code(pipeline, "Chinese President Xi Jinping met Russian President Vladimir Putin in Beijing on "
                            "Tuesday. The two leaders signed a pact on energy cooperation.")
    e = one(events, "CHN", "AGREE", "RUS")
    assert {e.source.name, e.target.name} == {"Xi Jinping", "Vladimir Putin"}  # type: ignore[union-attr]


def test_appositive_subject(pipeline: Pipeline) -> None:
    events = code(pipeline, "A Chinese foreign ministry spokesman, Mao Ning, accused Japan of stoking tensions.")
    e = next(e for e in events if e.type == "ACCUSE")
    assert e.source is not None and "Mao" in e.source.name and country(e.target) == "JPN"


def test_accused_of_doing_is_an_allegation_by_the_accused(pipeline: Pipeline) -> None:
    events = code(pipeline, "Washington and Seoul accuse Pyongyang of shipping artillery shells to Russia.")
    one(events, "USA", "ACCUSE", "PRK")
    one(events, "KOR", "ACCUSE", "PRK")
    assert one(events, "PRK", "AID", "RUS").modality == "reported"


# --- nominal and light-verb events ----------------------------------------------------------------


def test_nominal_invasion_with_both_sides(pipeline: Pipeline) -> None:
    events = code(pipeline, "Grain prices rose sharply after Moscow's invasion of Ukraine in February 2022.")
    e = one(events, "RUS", "ASSAULT", "UKR")
    assert e.date == "2022-02-01"


def test_phone_call_takes_the_clause_subject(pipeline: Pipeline) -> None:
    events = code(pipeline, "In a phone call with Chinese leader Xi Jinping last week, President Joe Biden "
                            "raised concerns about Taiwan.")
    e = one(events, "USA", "CONSULT", "CHN")
    assert e.date == "2024-03-04"  # the week before publication, from "last week"


def test_light_verb_carries_the_event_noun(pipeline: Pipeline) -> None:
    events = code(pipeline, "The European Union on Monday formally adopted a new package of sanctions "
                            "against Russia.")
    e = one(events, "EU", "SANCTION", "RUS")
    assert e.date == "2024-03-11" and e.trigger is not None and "sanction" in e.trigger


def test_rejected_appeal_is_a_request_to_the_rejecter(pipeline: Pipeline) -> None:
    events = code(pipeline, "Russian President Vladimir Putin turned down an appeal from Turkish President "
                            "Recep Tayyip Erdogan to revive the grain deal.")
    one(events, "RUS", "REJECT", "TUR")
    one(events, "TUR", "REQUEST", "RUS")


# --- what is asked, promised, feared -------------------------------------------------------------


def test_what_someone_is_urged_to_do_is_not_an_event(pipeline: Pipeline) -> None:
    events = code(pipeline, "French President Emmanuel Macron urged Xi Jinping to help end the war in Ukraine.")
    one(events, "FRA", "REQUEST", "CHN")
    assert not [e for e in events if e.type == "AID"]


def test_agreed_to_do_is_an_agreement_with_the_complements_object(pipeline: Pipeline) -> None:
    events = code(pipeline, "Turkish President Recep Tayyip Erdogan agreed on Monday to send Sweden's "
                            "application to join NATO to the Turkish parliament.")
    e = one(events, "TUR", "AGREE", "SWE")
    assert e.date == "2024-03-11"


def test_scare_quoted_nouns_are_not_events(pipeline: Pipeline) -> None:
    events = code(pipeline, "Wang Yi urged Washington to stop hyping the so-called “China threat”.")
    assert [e.type for e in events] == ["REQUEST"]


# --- reported speech ---------------------------------------------------------------------------------


def test_reported_hostile_event_makes_the_speaker_accuse_its_doer(pipeline: Pipeline) -> None:
    events = code(pipeline, "Russian Foreign Minister Sergei Lavrov said the United States had bombed Syrian "
                            "army positions.")
    inner = one(events, "USA", "ASSAULT", "SYR")
    assert inner.modality == "reported"
    assert one(events, "RUS", "ACCUSE", "USA").modality == "asserted"


def test_reported_should_is_a_request(pipeline: Pipeline) -> None:
    events = code(pipeline, "Turkish President Recep Tayyip Erdogan said that the European Union should "
                            "first clear the way for Turkey's membership.")
    one(events, "TUR", "REQUEST", "EU")


def test_described_as_a_retreat_is_an_accusation(pipeline: Pipeline) -> None:
    events = code(pipeline, "Israeli Prime Minister Benjamin Netanyahu described the U.S. decision as a "
                            "clear retreat from its earlier position.")
    one(events, "ISR", "ACCUSE", "USA")


# --- dates and places ----------------------------------------------------------------------------


def test_each_event_has_its_own_date(pipeline: Pipeline) -> None:
    events = code(pipeline, "German Chancellor Olaf Scholz spoke to Russian President Vladimir Putin by "
                            "telephone on Tuesday, weeks after Russia attacked a Ukrainian port last month.")
    assert one(events, "DEU", "CONSULT", "RUS").date == "2024-03-12"


def test_no_publication_date_no_relative_date(pipeline: Pipeline) -> None:
    events = code(pipeline, "Chinese leader Xi Jinping met Russian Foreign Minister Sergei Lavrov on Tuesday.",
                  published=None)
    assert one(events, "CHN", "CONSULT", "RUS").date is None


def test_place_phrase_and_dateline(pipeline: Pipeline) -> None:
    text = ("Xi hosts Putin\n\nBEIJING — Chinese President Xi Jinping hosted Russian President Vladimir Putin "
            "on Thursday for two days of talks.\n\nLater, Russian warships and Chinese destroyers held "
            "joint drills in the East China Sea.\n")
    events = code(pipeline, text)
    lead = one(events, "CHN", "CONSULT", "RUS")
    assert lead.location is not None and (lead.location.name, lead.location.country) == ("Beijing", "CHN")
    drill = one(events, "RUS", "COOPERATE", "CHN") if find(events, "RUS", "COOPERATE", "CHN") else \
        one(events, "CHN", "COOPERATE", "RUS")
    assert drill.location is not None and drill.location.name == "East China Sea"


def test_events_have_cameo_codes_goldstein_and_quad(pipeline: Pipeline) -> None:
    events = code(pipeline, "Iran fired more than 300 drones and missiles at Israel late on Saturday.")
    e = one(events, "IRN", "ASSAULT", "ISR")
    assert e.cameo.startswith(("18", "19", "20")) and e.goldstein <= -9 and e.quad == 4
    assert e.date == "2024-03-09"


# --- more roles ------------------------------------------------------------------------------------


def test_each_other_goes_both_ways(pipeline: Pipeline) -> None:
    events = code(pipeline, "India and Pakistan blamed each other on Thursday for the collapse of the talks.")
    one(events, "IND", "ACCUSE", "PAK")
    one(events, "PAK", "ACCUSE", "IND")


def test_them_is_the_plural_noun_before_it(pipeline: Pipeline) -> None:
    events = code(pipeline, "Ethiopia and Eritrea restored diplomatic ties in 2018. Pakistan expelled two "
                            "Indian diplomats on Monday, accusing them of espionage.")
    one(events, "PAK", "SANCTION", "IND")
    one(events, "PAK", "ACCUSE", "IND")
    assert not find(events, "PAK", "ACCUSE", "ETH")


def test_local_people_and_places_stand_for_their_country(pipeline: Pipeline) -> None:
    events = code(pipeline, "Police in Dhaka arrested dozens of opposition activists on Sunday. Russian forces "
                            "shelled the city of Kharkiv overnight, Ukraine's defence ministry said.")
    one(events, "BGD", "COERCE", None)
    one(events, "RUS", "ASSAULT", "UKR")


def test_a_missile_test_is_a_show_of_force_not_an_attack(pipeline: Pipeline) -> None:
    events = code(pipeline, "North Korea fired two ballistic missiles into the sea off its east coast, South "
                            "Korea's military said.")
    one(events, "PRK", "MOBILIZE", None)
    assert not [e for e in events if e.type in ("ASSAULT", "ACCUSE")]


def test_a_domain_tie_does_not_depend_on_the_hash_seed() -> None:
    import subprocess
    import sys

    text = "The match and the software. " * 9  # as many words of sport as of technology
    code = ("from wirescope.stages.events.domain import non_political_domain as d; "
            f"print(d({text!r}))")
    found = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**__import__("os").environ, "PYTHONHASHSEED": str(seed)}).stdout.strip()
             for seed in range(6)}
    assert len(found) == 1 and found != {"None"}, found
