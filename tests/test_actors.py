"""Actors: types, countries, roles read from the text, metonyms, demonyms, stable ids, user KB."""

from __future__ import annotations

from pathlib import Path

from wirescope.kb.actors import load_kb, person_id, translit_key
from wirescope.stages.actors import actor_lookup
from wirescope_text import actor_named, analyse, span_of


def test_roles_and_countries_are_read_from_the_title_before_a_name() -> None:
    doc = analyse("Russian Foreign Minister Sergei Lavrov met his Chinese counterpart Wang Yi in Beijing "
                  "on Tuesday. Wang later said the talks were useful.")
    lavrov = actor_named(doc, "Lavrov")
    assert (lavrov.type, lavrov.country, lavrov.role, lavrov.sector) == ("PERSON", "RUS", "foreign minister", "GOV")
    wang = actor_named(doc, "Wang")
    assert wang.country == "CHN"
    assert len(wang.mentions) >= 2  # the bare surname joined the full name


def test_appositive_role_and_destination_country() -> None:
    doc = analyse("Teresa Kowalczyk, Polish ambassador to NATO, said the alliance was ready.")
    amb = actor_named(doc, "Kowalczyk")
    assert (amb.country, amb.role, amb.sector) == ("POL", "ambassador", "GOV")  # not NATO's "country"
    nato = actor_named(doc, "NATO")
    assert nato.type == "IGO" and nato.id == "igo:NATO"


def test_person_unknown_to_the_kb_gets_country_from_demonym() -> None:
    doc = analyse("Estonian Defence Minister Hanno Pevkur visited the front. Pevkur said more aid was coming.")
    p = actor_named(doc, "Pevkur")
    assert p.country == "EST" and p.sector == "MIL"
    assert p.id == person_id("Hanno Pevkur")


def test_metonyms_and_demonyms_resolve_to_countries() -> None:
    text = ("The Kremlin rejected the offer, while Washington and Beijing stayed silent. "
            "Last month the Chinese and Russian navies held drills. Western officials were worried.")
    doc = analyse(text)
    look = actor_lookup(doc)
    assert look.at(*span_of(text, "The Kremlin")).actor_id == "country:RUS"
    assert look.at(*span_of(text, "Washington")).actor_id == "country:USA"
    assert look.at(*span_of(text, "Beijing")).actor_id == "country:CHN"
    assert look.at(*span_of(text, "the Chinese and Russian navies")) is not None
    assert look.at(*span_of(text, "Chinese navies" if "Chinese navies" in text else "Chinese")).actor_id == "country:CHN"
    assert look.at(*span_of(text, "Western")).actor_id == "group:west"


def test_pentagon_is_the_us_military() -> None:
    text = "The Pentagon said the drills would go ahead."
    ref = actor_lookup(analyse(text)).at(*span_of(text, "The Pentagon"))
    assert ref is not None and ref.country == "USA" and ref.actor_id.endswith(":MIL")


def test_transliteration_variants_share_one_id() -> None:
    assert person_id("Sergei Lavrov") == person_id("Sergey Lavrov")
    assert person_id("Volodymyr Zelensky") == person_id("Volodymyr Zelenskyy")
    assert translit_key("Gaddafi") == translit_key("Qaddafi") == translit_key("Gadhafi")
    assert person_id("Muammar Gaddafi") == person_id("Moammar Qaddafi")
    assert person_id("Dmitry Ivanov") == person_id("Dmitri Ivanov")
    assert person_id("Viktor Yanukovych") == person_id("Victor Yanukovich")


def test_same_person_in_two_documents_gets_one_id_without_shared_state() -> None:
    a = analyse("Russian Foreign Minister Sergei Lavrov arrived in Delhi.")
    b = analyse("Foreign Minister Sergey Lavrov of Russia said the talks went well.")
    assert actor_named(a, "Lavrov").id == actor_named(b, "Lavrov").id
    c = analyse("Ukrainian President Volodymyr Zelenskyy spoke to reporters.")
    d = analyse("Ukraine's President Volodymyr Zelensky spoke to reporters.")
    assert actor_named(c, "Zelensk").id == actor_named(d, "Zelensk").id


def test_country_read_from_context_is_an_attribute_not_part_of_the_id() -> None:
    a = analyse("British lawmaker John Smith criticised the budget.")
    b = analyse("Australian senator John Smith criticised the budget.")
    sa, sb = actor_named(a, "Smith"), actor_named(b, "Smith")
    assert (sa.country, sb.country) == ("GBR", "AUS")
    assert sa.id == sb.id == "person:smith-jhn"


def test_pronouns_and_titles_resolve_through_coreference() -> None:
    text = ("Russian Foreign Minister Sergei Lavrov arrived in Beijing on Monday.\n\n"
            "He praised the partnership. The top Russian diplomat also criticised Washington.")
    doc = analyse(text)
    look = actor_lookup(doc)
    lavrov = actor_named(doc, "Lavrov").id
    assert look.at(*span_of(text, "He")).actor_id == lavrov
    assert look.at(*span_of(text, "The top Russian diplomat")).actor_id == lavrov


def test_she_skips_a_male_antecedent() -> None:
    text = "Chancellor Olaf Scholz met Prime Minister Giorgia Meloni. Later she told reporters the talks went well."
    look = actor_lookup(analyse(text))
    assert look.at(*span_of(text, "she")).name == "Giorgia Meloni"


def test_media_and_organisations() -> None:
    doc = analyse("Al Jazeera's Ali Hashem, reporting from Moscow, said the Financial Times had the story.")
    assert actor_named(doc, "Al Jazeera").type == "MEDIA"
    assert actor_named(doc, "Financial Times").type == "MEDIA"
    assert actor_named(doc, "Hashem").sector == "MED"


def test_user_kb_yaml_with_dated_roles(tmp_path: Path) -> None:
    kb = tmp_path / "kb.yaml"
    kb.write_text("- {name: Marta Lindqvist, aliases: [Lindqvist], type: PERSON, country: SWE, gender: f,\n"
                  "   roles: [{role: prime minister, sector: GOV, from: 2022-10-01},\n"
                  "           {role: finance minister, sector: GOV, from: 2019-01-01, to: 2022-10-01}]}\n",
                  encoding="utf-8")
    text = "Marta Lindqvist spoke in Stockholm. Lindqvist said she would stay."
    late = actor_named(analyse(text, published="2023-05-01", kb_files=(str(kb),)), "Lindqvist")
    early = actor_named(analyse(text, published="2020-05-01", kb_files=(str(kb),)), "Lindqvist")
    assert late.country == "SWE" and late.role == "prime minister"
    assert early.role == "finance minister"
    assert late.id == early.id


def test_user_kb_csv_adds_aliases_and_organisations(tmp_path: Path) -> None:
    kb = tmp_path / "kb.csv"
    kb.write_text("name,aliases,type,country,role,sector,from,to\n"
                  "Northern Grid Authority,NGA|the Grid Authority,ORG,NOR,,GOV,,\n", encoding="utf-8")
    doc = analyse("The NGA warned of outages.", kb_files=(str(kb),))
    org = actor_named(doc, "Northern Grid Authority")
    assert (org.type, org.country, org.sector) == ("ORG", "NOR", "GOV")


def test_country_of_places() -> None:
    kb = load_kb()
    assert kb.country_of("Kyiv") == "UKR"
    assert kb.country_of("Beijing") == "CHN"
    assert kb.country_of("Kharkiv") == "UKR"
    assert kb.country_of("Nowhere-in-particular") is None
