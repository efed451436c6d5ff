"""Issue 11: how reporters attribute. Each construction on sentences written for the test, through
the real pipeline (parse, actors, coreference, quotes)."""

from __future__ import annotations

from wirescope.stages.coref import gender_of_name, given_names
from wirescope_text import one, quotes, speaker

# --- carry-on -------------------------------------------------------------------------------------

def test_bare_quote_carries_on_an_indirect_attribution() -> None:
    qs = quotes("Mayor Dana Whitfield said the bridge would reopen in the spring. "
                "“The repairs are ahead of schedule and the budget has held.”")
    q = one(qs, "ahead of schedule")
    assert speaker(q) == "Dana Whitfield" and q.attribution == "carried"


def test_new_named_speaker_resets_the_carry() -> None:
    qs = quotes("Councillor Ben Okafor said the vote had been rushed through. "
                "Treasurer Priya Nandakumar was unmoved by the complaint. "
                "“We followed every rule in the book.”")
    assert "Priya Nandakumar" in (speaker(one(qs, "every rule")) or "")


def test_paragraphs_with_only_opening_marks_are_one_speech() -> None:
    text = ('After the match Sven Dahlberg said only: "I have nothing more to add on the referee. '
            '"He made his choices and we live with them. '
            '"My players gave everything tonight."')
    qs = quotes(text)
    for words in ("nothing more to add", "made his choices", "gave everything"):
        assert speaker(one(qs, words)) == "Sven Dahlberg"


def test_cue_of_the_next_sentence_is_not_taken() -> None:
    text = ("Ms Helena Arden told reporters: “We are finished with these talks.” "
            "Mr Colin Lowe said the negotiations would resume on Monday.")
    assert speaker(one(quotes(text), "finished with")) == "Helena Arden"


def test_question_then_its_speaker() -> None:
    text = "“Who would pay for all of it?” Senator Rosa Quintero asked during the hearing."
    assert speaker(one(quotes(text), "pay for all")) == "Rosa Quintero"


def test_he_added_after_a_mixed_quote_goes_to_the_same_person() -> None:
    text = ("Derek Fairbanks, the MP for Dunmore, said the minister had been “badly hurt” by the affair. "
            "He added: “Nobody in the party wanted this to drag on for months.”")
    assert speaker(one(quotes(text), "drag on")) == "Derek Fairbanks"


def test_content_before_a_parenthetical_cue() -> None:
    text = ("Dr Miriam Osei runs the clinic in Kumasi. The new drugs have a narrow set of uses, she says, "
            "and doctors should prescribe them sparingly.")
    q = one(quotes(text), "narrow set of uses")
    assert q.kind == "indirect" and speaker(q) == "Miriam Osei"


def test_signature_after_the_quote_names_the_speaker() -> None:
    text = ("Readers told us what they think of the new tram line.\n"
            "“It takes me twenty minutes less to get to work every day.” ― Marisol Etxeberria\n"
            "“The stops are too far apart for my mother.” ― Kwame Asante\n")
    qs = quotes(text)
    assert speaker(one(qs, "twenty minutes")) == "Marisol Etxeberria"
    q = one(qs, "too far apart")
    assert speaker(q) == "Kwame Asante" and q.attribution == "signature"


def test_a_spokeswoman_then_she_added() -> None:
    text = ("A spokeswoman for the Harbour Trust said the pier would stay closed until June. "
            "She added: “Safety has to come before the summer season.”")
    q = one(quotes(text), "Safety has to come")
    assert q.speaker_kind == "description" and q.speaker_head == "spokeswoman"


# --- descriptions and documents ------------------------------------------------------------------

def test_spokesperson_for_an_organisation() -> None:
    q = one(quotes("A spokeswoman for Amnesty International said the trial had been unfair."), "unfair")
    assert q.speaker_kind == "description" and q.speaker_head == "spokeswoman"
    assert speaker(q) == "Amnesty International" and q.speaker_text == "A spokeswoman for Amnesty International"


def test_experts_without_a_named_referent() -> None:
    q = one(quotes("Some experts say the new levy will push small shops out of business."), "levy")
    assert (q.speaker_kind, q.speaker_head, q.speaker) == ("description", "experts", None)


def test_the_company_is_the_company_named_before() -> None:
    text = ("Veltron Systems cut 200 jobs at its plant in Leeds on Monday. "
            "The company said demand for its sensors had collapsed.")
    q = one(quotes(text), "demand for its sensors")
    assert q.speaker_kind == "description" and q.speaker_head == "company" and speaker(q) == "Veltron Systems"


def test_document_speakers() -> None:
    q = one(quotes("The report said emissions from shipping rose by a fifth last year."), "emissions")
    assert (q.speaker_kind, q.speaker_head) == ("document", "report")
    q = one(quotes("According to the complaint, the firm hid its losses from investors for years."), "hid its")
    assert (q.speaker_kind, q.speaker_head, q.cue) == ("document", "complaint", "according to")


def test_the_person_in_apposition_speaks_not_the_possessor() -> None:
    text = "Anders Holm's partner, Julia Reyes, said the family was relieved by the verdict."
    assert speaker(one(quotes(text), "relieved")) == "Julia Reyes"


# --- not quotes -----------------------------------------------------------------------------------

def test_talking_to_someone_is_not_a_quote() -> None:
    assert quotes("Chancellor Greta Albers spoke to President Ivo Marek by telephone on Friday.") == []


# --- coreference ----------------------------------------------------------------------------------

def test_given_name_table_is_large_and_knows_genders() -> None:
    assert len(given_names()) >= 30000
    assert gender_of_name("Louise Christian") == "f" and gender_of_name("Lawyer Louise Christian") == "f"
    assert gender_of_name("Tomasz Brzeski") == "m" and gender_of_name("Kowalski") is None


def test_she_goes_to_the_woman_by_her_given_name() -> None:
    text = ("Ingrid Solberg met Tomasz Brzeski in Oslo on Tuesday. "
            "She said the two governments would sign the fisheries deal within weeks.")
    assert speaker(one(quotes(text), "fisheries deal")) == "Ingrid Solberg"
