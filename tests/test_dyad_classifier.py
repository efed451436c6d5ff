"""Event ontology tables and the dyad classifier: real predictions on sentences written for the tests."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from wirescope.dyads import code_dyads
from wirescope.errors import UsageError
from wirescope.kb import ontology
from wirescope.stages import dyad_classifier as dc

PLV = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "plover" / "PLV_train.tsv"

CLEAR_CASES = [
    ("Russian forces shelled the city of Kharkiv on Tuesday.", "Russian forces", "the city of Kharkiv", "ASSAULT"),
    ("The convoy was attacked by Taliban fighters near Kandahar.", "Taliban fighters", "The convoy", "ASSAULT"),
    ("Chinese President Xi Jinping met German Chancellor Olaf Scholz in Beijing on Friday.",
     "Chinese President Xi Jinping", "German Chancellor Olaf Scholz", "CONSULT"),
    ("The European Union strongly condemned the military coup in Niger.", "The European Union",
     "the military coup in Niger", "ACCUSE"),
    ("Police in Belarus arrested dozens of opposition activists on Sunday.", "Police in Belarus",
     "dozens of opposition activists", "COERCE"),
    ("Ukraine rejected a Russian proposal for new talks.", "Ukraine", "a Russian proposal", "REJECT"),
    ("Japan has provided $10 million in humanitarian aid to Turkey.", "Japan", "Turkey", "AID"),
    ("Hungary refused to send weapons to Ukraine.", "Hungary", "Ukraine", "REJECT"),
    ("The Afghan government released 500 Taliban prisoners on Monday.", "The Afghan government",
     "500 Taliban prisoners", "YIELD"),
    ("Thousands of workers went on strike against the national railway company.", "Thousands of workers",
     "the national railway company", "PROTEST"),
    ("The United States suspended military aid to Pakistan.", "The United States", "Pakistan", "SANCTION"),
    ("North Korea threatened to attack American bases in Guam.", "North Korea", "American bases in Guam",
     "THREATEN"),
    # compound actors, nominal events, reported events
    ("China and Russia held joint military exercises in the East China Sea.", "China", "Russia", "COOPERATE"),
    ("Moscow's invasion of Ukraine began in February.", "Moscow", "Ukraine", "ASSAULT"),
    ("Biden held a phone call with Xi on Tuesday.", "Biden", "Xi", "CONSULT"),
    ("Lavrov said the United States had bombed Syrian army positions.", "the United States",
     "Syrian army positions", "ASSAULT"),
]


@pytest.fixture(scope="module")
def classifier() -> dc.DyadClassifier:
    return dc.DyadClassifier.load()


# ----------------------------------------------------------------------------- ontology

def test_plover_has_the_16_types_with_quads() -> None:
    types = ontology.plover_types()
    assert set(types) == set(ontology.PLOVER_TYPES)
    assert types["ASSAULT"]["quad"] == 4 and types["CONSULT"]["quad"] == 1 and types["AID"]["quad"] == 2
    assert all(info["description"] for info in types.values())


def test_cameo_roots_goldstein_and_plover_mapping() -> None:
    table = ontology.cameo_table()
    assert all(f"{root:02d}" in table for root in range(1, 21))
    for code in ("036", "042", "043", "057", "061", "071", "112", "138", "163", "172", "190", "193"):
        assert code in table
    assert all(-10.0 <= c.goldstein <= 10.0 for c in table.values())
    assert table["190"].goldstein == -10.0 and table["057"].goldstein == 8.0
    assert table["042"].plover == "CONSULT" and table["193"].plover == "ASSAULT" and table["193"].quad == 4
    assert ontology.cameo_for("1931").code == "193"


def test_lexicon_entries_are_valid() -> None:
    lex = ontology.lexicon()
    table = ontology.cameo_table()
    assert len(lex) > 300
    assert all(t.plover in ontology.PLOVER_TYPES and t.cameo in table for t in lex)
    texts = {t.text: t.plover for t in lex}
    assert texts["invade"] == "ASSAULT" and texts["impose sanction"] == "COERCE" and texts["hold talk"] == "CONSULT"


def test_default_cameo() -> None:
    assert ontology.default_cameo("ASSAULT").plover == "ASSAULT"
    assert ontology.default_cameo("YIELD").code == "08"
    with pytest.raises(KeyError):
        ontology.default_cameo("DANCE")


# ----------------------------------------------------------------------------- classifier

@pytest.mark.parametrize("sentence,source,target,expected", CLEAR_CASES)
def test_clear_sentences(classifier: dc.DyadClassifier, sentence: str, source: str, target: str,
                         expected: str) -> None:
    label, prob = classifier.predict(sentence, source, target)
    assert label == expected, (label, prob)
    assert 0.0 < prob <= 1.0


def test_predict_many_matches_predict(classifier: dc.DyadClassifier) -> None:
    rows = [case[:3] for case in CLEAR_CASES[:4]]
    assert classifier.predict_many(rows) == [classifier.predict(*row) for row in rows]


def test_absent_actors_give_none(classifier: dc.DyadClassifier) -> None:
    assert classifier.predict("The weather was fine.", "Russia", "Ukraine") == ("NONE", 0.0)


def test_predict_spans_reuses_a_parse(classifier: dc.DyadClassifier) -> None:
    doc = dc.load_nlp()("Israeli jets struck Hamas targets in Gaza. Egypt hosted talks with both sides.")
    first = list(doc.sents)[0]
    label, _ = classifier.predict_spans(doc, first, doc[0:2], doc[3:5])
    assert label == "ASSAULT"


@pytest.mark.parametrize("sentence,source,target,flag", [
    ("China has not provided direct military support to Russia.", "China", "Russia", "negated"),
    ("China does not provide weapons to Russia.", "China", "Russia", "negated"),
    ("Egypt will host talks with Israeli officials next week.", "Egypt", "Israeli officials", "future"),
    ("The UN urged Myanmar to release all political prisoners.", "The UN", "Myanmar", "requested"),
    ("Iran threatened to close the Strait of Hormuz to American ships.", "Iran", "American ships", "threatened"),
])
def test_modality_flags(sentence: str, source: str, target: str, flag: str) -> None:
    doc = dc.load_nlp()(sentence)
    located = dc.locate_pair(sentence, source, target)
    assert located is not None
    spans = [dc.char_to_span(doc, *span) for span in located]
    flags = dc.dyad_modality(*spans)
    assert flags[flag] is True
    assert [name for name, value in flags.items() if value] == [flag]


def test_actual_event_has_no_modality_flags() -> None:
    doc = dc.load_nlp()("Israeli jets struck Hamas targets in Gaza.")
    assert not any(dc.dyad_modality(doc[0:2], doc[3:5]).values())


def test_lemma_and_locate_helpers() -> None:
    assert dc.lemma_of("sanctions", "NNS") == "sanction" and dc.lemma_of("shelled", "VBD") == "shell"
    text = "Iran said Iran would talk to Iraq."
    assert dc.locate_pair(text, "Iran", "Iraq") == ((10, 14), (29, 33))


def test_to_plover_maps_yield() -> None:
    assert dc.to_plover("YIELD", ["lexp=RETREAT"]) == "RETREAT"
    assert dc.to_plover("YIELD", []) == "CONCEDE"
    assert dc.to_plover("ASSAULT", []) == "ASSAULT"


def test_model_carries_its_lexicon(classifier: dc.DyadClassifier) -> None:
    triggers = {t.text for t in dc.feature_lexicon()}
    assert {"invade", "hold talk", "impose sanction"} <= triggers


def test_model_is_small() -> None:
    npz, meta = dc.model_files()
    assert npz.is_file() and meta.is_file()
    assert Path(str(npz)).stat().st_size + Path(str(meta)).stat().st_size < 5_000_000


# ----------------------------------------------------------------------------- TSV interface

def test_code_dyads_round_trip(classifier: dc.DyadClassifier) -> None:
    header = "id\tsentence\tsource\ttarget\tnote\n"
    body = "".join(f"{i}\t{s}\t{src}\t{tgt}\tkeep \"me\" {i}\n" for i, (s, src, tgt, _) in enumerate(CLEAR_CASES))
    out = io.StringIO()
    n = code_dyads(io.StringIO(header + body), out, classifier=classifier, labels="plv")
    assert n == len(CLEAR_CASES)
    rows = list(csv.reader(io.StringIO(out.getvalue()), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows[0] == ["id", "sentence", "source", "target", "note", "predicted"]
    assert [r[-1] for r in rows[1:]] == [case[3] for case in CLEAR_CASES]
    assert rows[1][4] == 'keep "me" 0' and rows[1][1] == CLEAR_CASES[0][0]


def test_code_dyads_plover_labels(classifier: dc.DyadClassifier) -> None:
    tsv = "sentence\tsource\ttarget\nThe Afghan government released 500 Taliban prisoners.\tThe Afghan government" \
          "\t500 Taliban prisoners\n"
    out = io.StringIO()
    code_dyads(io.StringIO(tsv), out, classifier=classifier, labels="plover")
    assert out.getvalue().splitlines()[1].endswith("\tRETREAT")


@pytest.mark.parametrize("text", ["", "sentence\tsource\nA met B.\tA\n", "a\tb\tc\n1\t2\t3\n"])
def test_code_dyads_bad_tsv(text: str) -> None:
    with pytest.raises(UsageError, match="code-dyads"):
        code_dyads(io.StringIO(text), io.StringIO())


# ----------------------------------------------------------------------------- PLV data (if present)

@pytest.mark.skipif(not PLV.exists(), reason="shared PLV data not present")
def test_plv_training_rows_fit(classifier: dc.DyadClassifier) -> None:
    with PLV.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))[:150]
    preds = classifier.predict_many([(r["sentence"], r["source"], r["target"]) for r in rows])
    correct = sum(p[0] == r["gold_root"] for p, r in zip(preds, rows, strict=True))
    assert correct / len(rows) > 0.9


def test_code_dyads_prints_only_plover_types_by_default(classifier: dc.DyadClassifier) -> None:
    tsv = "sentence\tsource\ttarget\nThe rebels freed 40 hostages held since May.\tThe rebels\t40 hostages\n"
    out = io.StringIO()
    code_dyads(io.StringIO(tsv), out, classifier=classifier)
    assert out.getvalue().splitlines()[1].rsplit("\t", 1)[1] in ontology.PLOVER_TYPES
