"""Actors' identity, country and role, one construction per test, through the real nlp and actors stages.

The names are invented (or people the KB knows, where the KB is what is tested), so each test shows
the construction doing the work, not a KB entry.
"""

from __future__ import annotations

from dataclasses import replace

from wirescope.kb.actors import load_kb
from wirescope.model import Article, Document, Page
from wirescope.stages.actors import extract_actors
from wirescope.stages.nlp import load_model
from wirescope_text import actor_named, analyse


def actors_of(text: str, path: str = "test.txt", published: str | None = None,
              publisher_country: str | None = None) -> Document:
    doc = Document(page=Page(path, text), article=Article(id="t", path=path, text=text, published=published))
    doc = replace(doc, nlp=load_model()(text))
    return replace(doc, actors=extract_actors(doc, load_kb(), publisher_country))


def test_country_modifier_in_the_title() -> None:
    a = actor_named(analyse("Italian Prime Minister Marco Bellandi met reporters in Rome."), "Bellandi")
    assert (a.country, a.role, a.country_source) == ("ITA", "prime minister", "title")
    assert a.code == "ITAGOV"


def test_country_inside_an_organisation_name_in_the_title() -> None:
    a = actor_named(analyse("US Treasury Under-Secretary Joel Parkinson said the plan would fail."), "Parkinson")
    assert a.country == "USA"


def test_appositive_gives_country_and_role() -> None:
    a = actor_named(analyse("Anna Kellner, the Austrian foreign minister, said the talks failed."), "Kellner")
    assert (a.country, a.role) == ("AUT", "foreign minister")


def test_party_gives_country_and_party_sector() -> None:
    doc = analyse("Tory leader Martin Hollis attacked the plan. Republican senator Ted Brannigan agreed.")
    hollis, brannigan = actor_named(doc, "Hollis"), actor_named(doc, "Brannigan")
    assert (hollis.country, hollis.sector, hollis.country_source) == ("GBR", "PTY", "party")
    assert brannigan.country == "USA"


def test_ambiguous_party_follows_the_document() -> None:
    doc = analyse("Labour MP Wendy Carrick said New Zealand must act. Wellington agreed with New Zealand voters.")
    assert actor_named(doc, "Carrick").country == "NZL"


def test_mr_x_is_the_person_named_earlier_and_never_an_organisation() -> None:
    doc = analyse("Senator Paul Whitcombe of Canada spoke first. Later Mr Whitcombe said he was pleased.")
    people = [a for a in doc.actors if "Whitcombe" in a.name]
    mr = doc.article.text.index("Mr Whitcombe") + 3
    assert len(people) == 1 and people[0].type == "PERSON" and (mr, mr + len("Whitcombe")) in people[0].mentions


def test_the_prime_minister_resolves_to_the_person_holding_the_role() -> None:
    doc = analyse("Czech Prime Minister Jan Dvorsky arrived in Brussels. The prime minister said he was ready.")
    pm = actor_named(doc, "Dvorsky")
    start = doc.article.text.index("The prime minister")
    assert any(s <= start < e for s, e in pm.mentions)


def test_kb_role_held_on_the_article_date() -> None:
    in_office = actor_named(analyse("Tony Blair spoke in Parliament.", published="2004-05-01"), "Blair")
    before = actor_named(analyse("Tony Blair spoke in Parliament.", published="1990-01-01"), "Blair")
    assert in_office.country == before.country == "GBR"
    assert in_office.code == "GBRGOV" and before.code != "GBRGOV"
    assert in_office.id == before.id == "person:blair-tn"


def test_one_person_one_id_whatever_the_documents_countries() -> None:
    a = actor_named(analyse("Tony Blair met Pakistan's president in Islamabad."), "Blair")
    b = actor_named(analyse("Tony Blair and China agreed on trade in Beijing."), "Blair")
    assert a.id == b.id and a.country == b.country == "GBR"


def test_headline_words_do_not_describe_the_person() -> None:
    text = "UK rebate unfair - Marchand\n\nFrench president Luc Marchand has criticised the rebate."
    assert actor_named(analyse(text), "Marchand").country == "FRA"


def test_publisher_home_country_for_domestic_officials() -> None:
    text = "Home Secretary Dorothy Vane announced new powers for the police."
    assert actor_named(actors_of(text, path="news/bbc/politics/a.txt"), "Vane").country == "GBR"
    minister = "Interior Minister Pavel Horak announced new powers for the police."
    assert actor_named(actors_of(minister, publisher_country="CZE"), "Horak").country == "CZE"
    assert actor_named(actors_of(minister), "Horak").country is None


def test_non_actors_stay_out() -> None:
    doc = analyse("Vote Blair Labour posters went up. Mr Blair said the campaign was going well.")
    names = {a.name for a in doc.actors if a.type == "PERSON"}
    assert not any("Labour" in n for n in names)
    assert all(a.type != "ORG" or not a.name.startswith("Mr") for a in doc.actors)
    clubs = analyse("Leeds United beat Aston Villa on Saturday, and the Manchester City Council approved.")
    assert not any(a.name in ("Leeds United", "Aston Villa") for a in clubs.actors)
    assert any(a.name == "Manchester City Council" for a in clubs.actors)


def test_headline_run_on_words_are_not_given_names(tmp_path) -> None:  # noqa: ANN001
    from wirescope.jobs import extract

    path = tmp_path / "story.txt"
    path.write_text("Vote Blair, says union boss\n\nUnion leader Derek Simpson has urged members to back "
                    "Tony Blair at the election. Mr Blair welcomed the call.\n", encoding="utf-8")
    [doc] = list(extract([str(path)]))
    assert isinstance(doc, Document)
    blairs = [a for a in doc.actors if "Blair" in a.name]
    assert [a.id for a in blairs] == ["person:blair-tn"] and len(blairs[0].mentions) == 3


def test_a_specific_title_never_goes_to_another_office() -> None:
    doc = analyse("Tony Blair met President Bush in Washington. The prime minister said the talks went well.")
    start = doc.article.text.index("The prime minister")
    holder = [a for a in doc.actors if any(s <= start < e for s, e in a.mentions)]
    assert [a.name for a in holder] == ["Tony Blair"]


def test_of_phrase_after_the_name_gives_country_or_affiliation() -> None:
    doc = analyse("Senator Paul Whitcombe of Canada spoke. Brad Adams of Human Rights Watch agreed.")
    assert actor_named(doc, "Whitcombe").country == "CAN"
    assert actor_named(doc, "Adams").sector == "NGO"


def test_publisher_country_from_the_url() -> None:
    from wirescope.stages.actors.settle import publisher_country

    def country(url: str) -> str | None:
        doc = Document(Page("x.txt", "t", url=url), Article(id="x", path="x.txt", text="t"))
        return publisher_country(doc, load_kb())

    assert country("https://www.bbc.co.uk/news/world-1") == "GBR"  # the outlet in the host
    assert country("https://edition.cnn.com/2024/05/01/x") == "USA"
    assert country("https://www.example.fr/politique/x") == "FRA"  # else the country-code domain
    assert country("https://example.com/x") is None


def test_agent_words_give_a_sector_and_a_given_name_keeps_a_namesake_apart() -> None:
    doc = analyse("Lawyer Louise Christian said Hunter Biden agreed with the farmer Tom Hardy.")
    assert (actor_named(doc, "Christian").name, actor_named(doc, "Christian").sector) == ("Louise Christian", "JUD")
    assert actor_named(doc, "Hardy").sector == "AGR"
    assert actor_named(doc, "Biden").name == "Hunter Biden" and actor_named(doc, "Biden").id != "person:biden-j"


def test_a_slogans_verb_is_not_a_given_name() -> None:
    doc = analyse('"My slogan is Vote Blair, Get Brown," said Ms Hale, who backed Gordon Brown and Tony Blair.')
    names = {a.name for a in doc.actors if a.type == "PERSON"}
    assert "Vote Blair" not in names and "Get Brown" not in names and {"Tony Blair", "Gordon Brown"} <= names


def test_a_state_body_the_kb_lacks_is_the_home_countrys() -> None:
    doc = actors_of("Audit row\n\nThe Harwick Audit Office criticised the plan. The Commission and the European "
                    "Court of Auditors backed it. "
                    "Analysts at Brightwater Partners agreed.", publisher_country="GBR")
    office = next(a for a in doc.actors if a.name == "Harwick Audit Office")
    assert (office.country, office.country_source) == ("GBR", "home")
    # a bare sector word may be an international body's; a firm has no home-country guess
    assert all(a.country is None for a in doc.actors if a.name in ("Commission", "Brightwater Partners")
               or a.name.startswith("European"))
