"""The KB converted from the Phoenix/PETRARCH2 dictionaries: persons with dated roles, organisations,
armed groups, agents; hand-written and user KBs override it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from wirescope.kb.actors import builtin_kb, load_kb, person_id

SHARED = ROOT.parent / "shared" / "kb-sources" / "petrarch2"


def test_blair_is_british_government_in_2004_and_not_in_1990() -> None:
    kb = builtin_kb()
    blair = kb.person("Tony Blair")
    assert blair is not None and blair.id == person_id("Tony Blair") and blair.country == "GBR"
    assert blair.country_on("2004-05-01") == "GBR"
    assert blair.code_on("2004-05-01") == "GBRGOV"
    role = blair.role_on("1990-01-01")
    assert role is not None and role.sector != "GOV" and blair.code_on("1990-01-01") in ("GBRELI", "GBROPP")
    assert blair.role_on(None) is not None and blair.role_on(None).code == "GBRGOV"  # most recent office


def test_george_w_bush_and_his_father_are_two_people() -> None:
    kb = builtin_kb()
    w = kb.person("George W. Bush")
    assert w is not None and w.name == "George W. Bush" and w.country == "USA"
    assert kb.person("George Bush", date="2004-05-01") is w  # the one in office then
    father = kb.person("George Bush", date="1990-06-01")
    assert father is not None and father is not w and father.country == "USA" and father.id != w.id
    assert kb.resolve(father, "2004-05-01") is w


def test_kofi_annan_holds_an_un_role_in_2004() -> None:
    annan = builtin_kb().person("Kofi Annan")
    assert annan is not None
    role = annan.role_on("2004-05-01")
    assert role is not None and role.sector == "IGO" and annan.code_on("2004-05-01").startswith("IGO")


def test_ariel_sharon_is_israeli_and_found_under_a_misspelling() -> None:
    kb = builtin_kb()
    sharon = kb.person("Ariel Sharon")
    assert sharon is not None and sharon.country == "ISR" and sharon.code_on("2003-01-01") == "ISRGOV"
    assert kb.match("Arial Sharon") is sharon  # a spelling variant kept from the dictionary


def test_armed_groups_are_groups_with_a_country() -> None:
    kb = builtin_kb()
    farc = kb.match("Revolutionary Armed Forces of Colombia")
    assert farc is not None and farc.type == "GROUP" and farc.country == "COL" and farc.sector == "REB"
    assert kb.match("FARC") is farc
    assert farc.code_on(None) == "COLREB"


def test_an_office_is_no_alias_of_an_organisation() -> None:
    kb = builtin_kb()
    assert kb.match("German Chancellor") is None  # was an alias of the Reichstag: a person, by office
    assert kb.match("White House spokesman") is None
    assert kb.match("White House") is not None and kb.match("Bundesregierung") is not None
    army = kb.match("Islamic Army of Aden")
    assert army is not None and army.type == "GROUP"  # an organisation word at the end stays a name


def test_titles_and_common_words_are_not_names() -> None:
    kb = builtin_kb()
    assert kb.match("Prime Minister Ariel Sharon") is None  # title variants are left to the actor stage
    assert kb.match("Youth") is None and kb.match("Soviet") is None or kb.match("Soviet").type == "COUNTRY"


def test_hand_written_people_override_phoenix_and_keep_its_earlier_roles() -> None:
    kb = builtin_kb()
    bibi = kb.person("Benjamin Netanyahu")
    assert bibi is not None and bibi.gender == "m"  # the persons.yaml entry
    assert bibi.code_on("1997-06-01") == "ISRGOV"  # his first term, from Phoenix
    assert kb.by_id[bibi.id] is bibi


def test_user_kb_overrides_both(tmp_path: Path) -> None:
    f = tmp_path / "kb.yaml"
    f.write_text("- {name: Tony Blair, country: GBR, roles: [{role: envoy, sector: IGO, from: 2007-06-27}]}\n",
                 encoding="utf-8")
    kb = load_kb((str(f),))
    blair = kb.person("Tony Blair")
    assert blair is not None and blair.role_on("2010-01-01").role == "envoy"
    assert kb.match("Tony Blair") is blair
    assert builtin_kb().person("Tony Blair").role_on("2010-01-01").role != "envoy"


def test_namesakes_get_distinct_ids_and_the_document_country_decides() -> None:
    kb = builtin_kb()
    howards = kb.people("John Howard")
    assert len({e.id for e in howards}) == len(howards)
    aus = kb.person("John Howard", country="AUS")
    assert aus is not None and aus.country == "AUS" and aus.id == person_id("John Howard")


def test_agent_words_give_sectors() -> None:
    kb = builtin_kb()
    assert kb.sector_of("farmers") == "AGR"
    assert kb.agent("peasant").role == "peasant"
    assert kb.sector_of("prime minister") == "GOV"  # roles.tsv first
    assert kb.role("prime minister").cls == "leader"  # the hand-written roles are untouched
    assert kb.sector_of("riot police") == "COP"


def test_converter_is_deterministic(tmp_path: Path) -> None:
    if not SHARED.exists():
        pytest.skip("the Phoenix dictionaries (../shared/kb-sources/petrarch2) are not here")
    spec = importlib.util.spec_from_file_location("convert_phoenix", ROOT / "scripts" / "convert_phoenix.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["convert_phoenix"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    assert mod._date("970502") == "1997-05-02" and mod._date("070627") == "2007-06-27"
    assert mod._date("19270101") == "1927-01-01"
    assert mod.split_code("KSVGOV")[0] == "XKX" and mod.split_code("IGOUNO")[:2] == (None, "IGO")
    assert mod.display("BAN KI-MOON", None) == "Ban Ki-moon"
    assert mod.display("BASHAR AL-ASSAD", "SYR") == "Bashar al-Assad"
    mod.convert(SHARED, tmp_path)
    committed = ROOT / "src" / "wirescope" / "kb" / "data" / "phoenix"
    for name in ("persons.tsv.gz", "orgs.tsv.gz", "agents.tsv"):
        assert (tmp_path / name).read_bytes() == (committed / name).read_bytes(), name
