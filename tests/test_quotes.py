"""Quotes: each construction on sentences written for the test, with speaker, cue and spans."""

from __future__ import annotations

from wirescope.stages.quotemarks import find_quotes
from wirescope_text import one, quotes, speaker


def test_quote_then_attribution_curly() -> None:
    q = one(quotes("“We will not back down under any pressure,” Lavrov said on Tuesday."), "back down")
    assert (q.kind, speaker(q), q.cue) == ("direct", "Sergei Lavrov", "said")
    assert q.text == "We will not back down under any pressure"


def test_attribution_then_quote_straight_marks() -> None:
    q = one(quotes('Finnish President Sauli Niinisto said: "Our border will stay closed until further notice."'),
            "border")
    assert q.kind == "direct" and speaker(q) == "Sauli Niinisto"


def test_nested_single_quotes_stay_inside_the_outer_quote() -> None:
    qs = quotes("“They keep calling it a ‘special operation’ and nothing else,” said Ana Ruiz, a Spanish diplomat.")
    q = one(qs, "special operation")
    assert "‘special operation’" in q.text and speaker(q) == "Ana Ruiz"
    assert len(qs) == 1


def test_multi_paragraph_quote_without_closing_mark_at_paragraph_end() -> None:
    text = ("Chancellor Olaf Scholz addressed parliament on Thursday.\n\n"
            "“We have a duty to support our partners for as long as it takes.\n\n"
            "“Germany will not waver in this commitment,” Scholz said.")
    q = one(quotes(text), "duty to support")
    assert "Germany will not waver" in q.text
    assert speaker(q) == "Olaf Scholz"


def test_unbalanced_mark_does_not_swallow_the_document() -> None:
    text = ("Mayor Tom Reyes said the plan was “unworkable and costly.\n\n"
            "The council meets again in May. Residents are invited to attend.")
    marks = find_quotes(text)
    assert marks and all(m.end <= text.index("\n\n") for m in marks)
    assert not any("council meets" in q.text for q in quotes(text))


def test_mixed_quote_is_the_reported_clause_attributed_to_the_reporter() -> None:
    text = ("Russian Foreign Minister Sergei Lavrov spoke after the talks.\n\n"
            "He said Ukrainian President Volodymyr Zelensky’s “so-called peace formula” was "
            "“completely detached from any reality.”")
    qs = [q for q in quotes(text) if "peace formula" in q.text]
    assert len(qs) == 1
    q = qs[0]
    assert q.kind == "mixed" and speaker(q) == "Sergei Lavrov" and q.cue == "said"
    assert "completely detached" in q.text


def test_indirect_quote_with_cue_and_complement() -> None:
    q = one(quotes("Lavrov said Russia and China oppose any international events that ignore Moscow."),
            "Russia and China oppose")
    assert q.kind == "indirect" and speaker(q) == "Sergei Lavrov" and q.cue == "said"
    assert q.text.startswith("Russia and China oppose")


def test_according_to_gives_the_speaker() -> None:
    text = "According to Julianne Smith, US ambassador to NATO, the two countries share a toolkit."
    q = one(quotes(text), "share a toolkit")
    assert q.kind == "indirect" and speaker(q) == "Julianne Smith" and q.cue == "according to"


def test_told_a_medium_and_told_a_person_give_the_addressee() -> None:
    qs = quotes("“The two are sharing a toolkit,” Smith told the Financial Times.\n\n"
                "“We greatly admire your leadership,” Lavrov told Xi.")
    ft = one(qs, "toolkit")
    assert ft.addressee is not None and ft.addressee.name == "Financial Times" and ft.cue == "told"
    xi = one(qs, "admire")
    assert speaker(xi) == "Sergei Lavrov" and xi.addressee is not None and xi.addressee.name == "Xi Jinping"


def test_scare_quote_has_no_speaker() -> None:
    q = one(quotes("The two governments signed a “no limits” partnership last February."), "no limits")
    assert q.speaker is None


def test_pronoun_speaker_across_paragraphs_skips_names_inside_the_quote() -> None:
    text = ("Lavrov said the US had built a coalition against Russia.\n\n"
            "“Just as Hitler wanted a ‘final solution’, they want Russia to suffer a defeat,” he said.")
    q = one(quotes(text), "Just as Hitler")
    assert speaker(q) == "Sergei Lavrov"


def test_lone_quote_continues_the_previous_speaker() -> None:
    text = ("“The process of forming a new order will take a long time,” Foreign Minister Penny Wong said. "
            "“And we are in the middle of that process right now.”")
    q = one(quotes(text), "in the middle")
    assert speaker(q) == "Penny Wong"


def test_title_speaker_resolves_to_the_person() -> None:
    text = ("French President Emmanuel Macron arrived in Beijing on Wednesday.\n\n"
            "“Europe must not be a follower,” the French president told reporters.")
    q = one(quotes(text), "follower")
    assert speaker(q) == "Emmanuel Macron"


def test_participle_cue_takes_the_main_subject() -> None:
    q = one(quotes("NATO listed China as a challenge, saying Beijing’s “coercive policies” undermined its interests."),
            "coercive policies")
    assert q.kind == "mixed" and speaker(q) == "NATO" and q.cue == "saying"


def test_sentence_index_points_at_the_quote() -> None:
    text = "The talks ended late. Nobody left early. “It was a good day,” Minister Karl Berg said."
    assert one(quotes(text), "good day").sentence == 2
