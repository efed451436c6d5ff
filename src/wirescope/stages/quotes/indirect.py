"""Indirect quotes: reported speech and thought without quotation marks.

A quote needs a cue: a speech or cognition verb, "according to", or a reporting noun. What it reports
is read off the parse: the clause of "said (that) ..." (ccomp), the content before a parenthetical
cue ("The drugs have few uses, he says, and ..."), the infinitive of an intent ("vowed to fight on",
"urged voters to turn out"), the object of a verb of saying ("denied the allegations", "called the
plan a hoax"), the object of a cue's preposition ("called for talks", "warned of war") and the clause
of a reporting noun ("his claim that ...", "a New York Times report that ...", "made the case for X").
Also: content around a parenthetical cue on both sides ("Climate change, Mr. Obama says, is ..."), the
clause an "as" cue hangs from ("As experts have pointed out, X"; "X, as police have said"), a passive
report said by its agent ("His views were echoed by experts"), a document subject's finding ("A study
found ..."), and the paragraph after "X added:" when its marks are lost. Where the content ends is
`bounds.py`; "In this poll, ..." is `frames.py`. Verbs of talking ("spoke to Putin by telephone") report
nothing by themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...kb.lang import words as lang_words
from ..quotemarks import CUE_VERBS
from .bounds import close_marks, trim_end

if TYPE_CHECKING:
    from .extract import Extractor
    from .found import Found
    from .speakers import Who

SHORT_ANSWERS = ("so", "yes", "no", "same", "much")  # "said so", "said as much", "said the same thing"
HEADLINE_TYPES = ("PERSON", "ORG", "MEDIA", "IGO")
NO_CONTENT = {"speak", "talk", "meet", "visit"}  # cues whose clause is narrative, not what was said
OBJECT_PRONOUNS = {"it", "this", "that", "them", "him", "her", "me", "us", "you", "which", "what", "one"}


def lemma_of(t: Any) -> str:
    """The lemma, mended where the small model gets a reporting verb wrong ("hoping" -> "hop")."""
    if t.lemma_ == "hop" and t.lower_.startswith(("hope", "hoping")):
        return "hope"
    return str(t.lemma_)


def _cues() -> dict[str, Any]:
    return lang_words("cues")


def indirect(ex: "Extractor", taken: set[int]) -> list["Found"]:
    cues = _cues()
    intent, objects, preps, nouns = cues["intent"], cues["object"], cues["prep"], cues["noun"]
    clauses, names, noun_preps = CUE_VERBS | cues["clause"], cues["name_object"], cues["noun_prep"]
    out: list[Found] = []
    spans: list[tuple[int, int]] = []  # token spans taken: another may nest in one, not cross it
    noun_words = frozenset().union(*noun_preps.values())
    for t in ex.tokens:
        if t.i in taken or ex.quoted[t.i]:
            continue
        span = None
        if t.pos_ in ("VERB", "AUX"):
            span = _verb_content(ex, t, intent, objects, preps, clauses, names)
        elif t.pos_ == "NOUN" and (t.lemma_ in nouns or t.lemma_ in noun_words or t.lower_ in noun_words):
            f = _noun_quote(ex, t, noun_preps)
            if f is not None:
                out.append(f)
            continue
        if span is None:
            continue
        a, b = span
        if _mostly_quoted(ex, a, b) or any(_cross((a, b), s) for s in spans):
            continue
        f = ex.found(t, "indirect", a, b, ex.sid[a])
        if f.speaker_span is not None:
            out.append(f)
            spans.append((a, b))
    return out


def _mostly_quoted(ex: "Extractor", a: int, b: int) -> bool:
    """Content under quotation marks for half its words or more is a direct quote's, found by its
    marks; a quoted fragment inside reported speech ("Trump's claim that there have been “thousands of
    shootings” in Chicago") leaves the report indirect."""
    words = [i for i in range(a, b) if not ex.doc[i].is_punct]
    return sum(ex.quoted[i] for i in words) * 2 >= max(1, len(words))


def _cross(x: tuple[int, int], y: tuple[int, int]) -> bool:
    """Whether span x, found after y, may not stand beside it: they overlap and x does not hold y.
    A cue after its content holds what was reported inside it ("[Scott's relatives, who asked
    [authorities to show the video], watched it], attorneys said"); content found inside an earlier
    one is mostly the same report read twice."""
    if x[1] <= y[0] or y[1] <= x[0]:
        return False
    return x == y or not (x[0] <= y[0] and y[1] <= x[1])


def headlines(ex: "Extractor", taken: set[int]) -> list["Found"]:
    """ "Cruz: Trump Would Put Liberals On Court", "Poll: Sanders leads": a line opening with a speaker
    (a known actor, or a document such as a poll) and a colon, the rest of the line what they say."""
    from .found import Found

    out: list[Found] = []
    for s in ex.sents:
        colon = next((t for t in s[:6] if t.text == ":"), None)
        if colon is None or colon.i == s.start or colon.i in taken:
            continue
        line_start = ex.text.rfind("\n", 0, s[0].idx) + 1
        if ex.text[line_start:s[0].idx].strip():
            continue  # not at the start of a line
        line_end = ex.text.find("\n", colon.idx)
        line_end = len(ex.text) if line_end < 0 else line_end
        a, b = ex.tokens_of(colon.idx + 1, line_end)
        words = [t for t in ex.doc[a:b] if not t.is_space]
        if len(words) < 3 or ex.quoted[words[0].i] or words[-1].text in (".", ":"):
            continue  # a headline has no full stop; a quoted line is a direct quote
        who = _headline_speaker(ex, s.start, colon.i)
        if who is None:
            continue
        b = words[-1].i + 1
        while b > a and ex.doc[b - 1].is_punct and ex.doc[b - 1].text not in ("\u2019", "'", "\u201d"):
            b -= 1
        chars = (ex.doc[a].idx, ex.doc[b - 1].idx + len(ex.doc[b - 1].text))
        f = Found(ex.text[chars[0]:chars[1]], "indirect", chars, ex.sid[a], cue=":", attribution="headline")
        f.set_who(who)
        out.append(f)
    return out


def _headline_speaker(ex: "Extractor", a: int, colon: int) -> "Who | None":
    from .speakers import Who, table

    toks = ex.doc[a:colon]
    if not toks or not toks[0].text[:1].isupper() or len(toks) > 4:
        return None
    span, text = (toks[0].idx, toks[-1].idx + len(toks[-1].text)), toks.text
    if len(toks) == 1 and toks[0].lower_ in table("document"):
        return Who(None, span, "document", text, toks[0].lower_)
    ref = ex.lookup.at_token(colon - 1) or ex.lookup.at_tokens(toks)
    if ref is None or ex.speakers.actor_type(ref) not in HEADLINE_TYPES \
            or not all(t.pos_ == "PROPN" or t.is_punct or t.lower_ in table("representative") for t in toks):
        return None
    return Who(ref, span, "actor", text)


def _verb_content(ex: "Extractor", t: Any, intent: frozenset[str], objects: frozenset[str],
                  preps: dict[str, list[str]], clauses: frozenset[str],
                  names: frozenset[str]) -> tuple[int, int] | None:
    lemma = lemma_of(t)
    if lemma in clauses and lemma not in NO_CONTENT and t.dep_ == "advcl" \
            and any(c.dep_ == "mark" and c.lower_ == "as" for c in t.children):
        # "as had been widely expected" names nobody: not a report
        return _as_reported(ex, t) if any(c.dep_ in ("nsubj", "agent") for c in t.children) else None
    if t.dep_ == "ROOT" and lemma in objects and _passive_with_agent(t):
        subj = next(c for c in t.children if c.dep_ == "nsubjpass")  # "His views were echoed by experts"
        return _clause(ex, subj.left_edge.i, subj.right_edge.i + 1, 1)
    if lemma in clauses and lemma not in NO_CONTENT:
        comp = next((c for c in t.children if c.dep_ == "ccomp" and c.i > t.i), None) \
            or next((c for c in t.children if c.dep_ == "ccomp"), None)
        comp = comp or _that_clause_of_object(t)
        if comp is not None:
            return _clause(ex, comp.left_edge.i, _clause_end(comp, clauses | intent | objects), 3)
        block = _paragraph_after_colon(ex, t)
        if block is not None:
            return block
        short = next((c for c in t.children if c.i > t.i and c.dep_ in ("dobj", "advmod", "intj", "oprd")
                      and (c.lower_ in SHORT_ANSWERS or any(g.lower_ == "same" for g in c.children))), None)
        if short is not None and lemma in ("say", "answer", "reply", "respond", "agree", "think", "believe"):
            return short.left_edge.i, short.right_edge.i + 1  # "55 percent said so", "said the same of X"
        if t.dep_ == "parataxis" and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
            return _around(ex, t)
    if not _own_subject(t):
        return None  # the wider cues below need a subject of their own: climbing for one misleads
    if lemma in intent and lemma not in NO_CONTENT:
        x = next((c for c in t.children if c.dep_ == "xcomp" and c.i > t.i and c.pos_ in ("VERB", "AUX")), None)
        if x is not None and _bare_speech(x):
            return None  # "declined to comment", "refused to elaborate": nothing was said
        if x is not None:
            obj = next((c for c in t.children if c.dep_ in ("dobj", "dative") and t.i < c.i < x.i), None)
            a = obj.left_edge.i if obj is not None else x.left_edge.i
            b = _clause_end(x, clauses | intent | objects)
            for c in t.children:  # "wants to triple X, grow Y and create Z": bare verbs the parser hung on
                if c.dep_ == "conj" and c.i > x.i and c.tag_ == "VB" and t.tag_ != "VB" and not _subject_of(c):
                    b = max(b, c.right_edge.i + 1)  # under the finite cue continue the infinitive
            return _clause(ex, a, b, 2)
    if (lemma in objects and lemma not in NO_CONTENT) or (lemma in _cues()["document_object"] and _document_subject(t)):
        obj = next((c for c in t.children if c.dep_ == "dobj" and c.i > t.i), None)
        if obj is not None and obj.lower_ not in OBJECT_PRONOUNS and (obj.pos_ != "PROPN" or lemma in names):
            b = obj.right_edge.i + 1
            for c in t.children:  # "called the plan a hoax", "described it as ..."
                if c.i > obj.i and (c.dep_ in ("oprd", "xcomp") or (c.dep_ == "prep" and c.lower_ == "as")):
                    b = max(b, c.right_edge.i + 1)
            return _clause(ex, obj.left_edge.i, b, 1)
    for c in t.children:
        if c.dep_ == "prep" and c.i > t.i and lemma in preps.get(c.lower_, ()):
            p = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            if p is not None and p.lower_ not in OBJECT_PRONOUNS:
                return _clause(ex, p.left_edge.i, p.right_edge.i + 1, 1)
    return None


def _around(ex: "Extractor", t: Any) -> tuple[int, int] | None:
    """ "The drugs have few uses, he says, and most ...", "Climate change, Mr. Obama often says, is the
    greatest threat": a parenthetical cue inside the clause it reports, which stands around it. With
    nothing of the clause before the cue ("He said, the plan works") the content is what follows."""
    h = t.head
    before = [x for x in ex.doc[h.left_edge.i:t.left_edge.i] if not (x.is_punct or x.dep_ == "cc")]
    a = h.left_edge.i if before else t.right_edge.i + 1
    return _clause(ex, a, h.right_edge.i + 1, 3)


def _document_subject(t: Any) -> bool:
    """ "A 2014 study found 31 incidents ...": a text as subject reports what it finds or shows."""
    from .speakers import table

    subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
    return subj is not None and subj.lemma_.lower() in table("document")


def _that_clause_of_object(t: Any) -> Any:
    """ "told a meeting of Pacific leaders that few people understood ...": the parser hangs the
    cue's "that" clause on its object (or the object's preposition) as a relative clause; one with
    "that" as its marker and a subject of its own is the cue's complement."""
    for c in t.children:
        if c.dep_ not in ("dobj", "dative", "iobj") or c.i < t.i:
            continue
        heads = [c] + [g for p in c.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj"]
        for h in heads:
            for g in h.children:
                if g.dep_ in ("relcl", "acl") and g.i > h.i and _that_and_subject(g):
                    return g
    return None


def _that_and_subject(v: Any) -> bool:
    return any(m.dep_ == "mark" and m.lower_ == "that" for m in v.children) \
        and any(m.dep_ in ("nsubj", "nsubjpass") for m in v.children)


def _paragraph_after_colon(ex: "Extractor", t: Any) -> tuple[int, int] | None:
    """ "Limbaugh added:" closing a paragraph, the next paragraph what he said, its marks lost (block
    quotes of web pages): that paragraph, when it is not quoted."""
    i = t.i + 1
    while i < len(ex.doc) and ex.doc[i].dep_ == "prt":
        i += 1
    if i >= len(ex.doc) or ex.doc[i].text != ":" or "\n" not in ex.text[ex.doc[i].idx:ex.doc[i].idx + 4]:
        return None
    start = ex.doc[i].idx + 1
    while start < len(ex.text) and ex.text[start].isspace():
        start += 1
    end = ex.text.find("\n", start)
    a, b = ex.tokens_of(start, len(ex.text) if end < 0 else end)
    return _clause(ex, a, b, 3) if b > a and not ex.quoted[a] else None


def _as_reported(ex: "Extractor", t: Any) -> tuple[int, int] | None:
    """ "As many tax experts have pointed out, Mr. Trump is free to ...", "... whether Scott had a gun,
    as police have said": the clause the "as" cue hangs from, without the cue's own clause."""
    h = t.head
    if t.i < h.i:
        return _clause(ex, t.right_edge.i + 1, h.right_edge.i + 1, 3)
    return _clause(ex, h.left_edge.i, t.left_edge.i, 3)


def _subject_of(t: Any) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)


def _passive_with_agent(t: Any) -> bool:
    return any(c.dep_ == "nsubjpass" for c in t.children) and any(c.dep_ == "agent" for c in t.children)


def _bare_speech(verb: Any) -> bool:
    """An infinitive of speaking with nothing said ("to comment", "to comment on the report")."""
    return lemma_of(verb) in _cues()["bare_speech"] and not any(
        c.dep_ in ("ccomp", "dobj", "xcomp", "dative") for c in verb.children)


def _own_subject(t: Any) -> bool:
    """The verb has a subject, or shares one: a verb coordinated with one that has ("praised X and
    criticised Y"), or a participle after a comma ("..., citing X")."""
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
        return True
    h = t.head
    if t.dep_ == "conj" and h.i < t.i and h.pos_ in ("VERB", "AUX"):
        return any(c.dep_ in ("nsubj", "nsubjpass") for c in h.children)
    if t.dep_ == "advcl" and t.tag_ == "VBG" and h.i < t.i and t.i > 0 and t.doc[t.i - 1].text == ",":
        return any(c.dep_ in ("nsubj", "nsubjpass") for c in h.children)
    if t.dep_ == "advcl" and t.tag_ == "VBG" and t.i < h.i and t.is_sent_start:
        return any(c.dep_ in ("nsubj", "nsubjpass") for c in h.children)  # "Citing X, Trump accused ..."
    return False


def _clause_end(root: Any, cues: frozenset[str]) -> int:
    """Where the reported clause under `root` ends: before a clause joined to it that reports something
    else with a subject of its own ("they prefer X, and about 4 in 10 said Y")."""
    end = root.right_edge.i + 1
    for c in root.children:
        if c.i <= root.i:
            continue
        cut = False
        if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"):
            own_subject = any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
            that = any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
            cut = lemma_of(c) in cues and own_subject and not that
        if cut:
            end = min(end, c.left_edge.i)
    return end


def _clause(ex: "Extractor", a: int, b: int, least: int) -> tuple[int, int] | None:
    while a < b and (ex.doc[a].lower_ == "that" or ex.doc[a].is_punct or ex.doc[a].dep_ == "cc"):
        a += 1  # "But to prevent problems, he said, ...": the conjunction links to the sentence before
    b = trim_end(ex, a, b, least)
    while b > a and (ex.doc[b - 1].is_punct or ex.doc[b - 1].lower_ in ("and", "but", "or")):
        b -= 1
    b = close_marks(ex.doc, a, b)
    return (a, b) if b - a >= least else None


def _owner(n: Any) -> Any:
    """Who a reporting noun is by: its possessor or a name before it ("Trump's claim", "a New York
    Times report"), "from X" after it ("warnings from his attorney that ..."), or the subject of a verb
    that issues it ("Obama made the case that ...", "the senator raised questions about ...")."""
    own = next((c for c in n.children if c.dep_ == "poss"), None) \
        or next((c for c in n.children if c.dep_ == "compound" and c.pos_ == "PROPN"), None)
    if own is not None:
        return own
    frm = next((g for c in n.children if c.dep_ == "prep" and c.lower_ == "from" and c.i > n.i
                for g in c.children if g.dep_ == "pobj"), None)
    if frm is not None:
        return frm
    h = n.head
    if n.dep_ == "dobj" and h.pos_ == "VERB" and h.lemma_ in _cues()["issue_verbs"]:
        return next((c for c in h.children if c.dep_ == "nsubj"), None)
    return None


def _noun_quote(ex: "Extractor", n: Any, preps: dict[str, list[str]]) -> "Found | None":
    """ "Trump's claim that ...", "the senator's warning that ...": the noun's clause, said by its owner;
    "Obama's call for talks", "her criticism of Sanders": the object of the noun's preposition."""
    owner = _owner(n)
    if owner is None or owner.lower_ in ("its",):
        return None
    clause = next((c for c in n.children if c.dep_ in ("acl", "ccomp", "relcl") and c.i > n.i
                   and any(g.lower_ == "that" and g.dep_ == "mark" for g in c.children)), None)
    if clause is not None:
        span = _clause(ex, clause.left_edge.i, clause.right_edge.i + 1, 3)
    else:
        prep = next((c for c in n.children if c.dep_ == "prep" and c.i > n.i
                     and (n.lemma_.lower() in preps.get(c.lower_, ()) or n.lower_ in preps.get(c.lower_, ()))), None)
        obj = next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
        if obj is None or obj.lower_ in OBJECT_PRONOUNS:
            return None
        span = _clause(ex, obj.left_edge.i, obj.right_edge.i + 1, 1)
    if span is None or _mostly_quoted(ex, *span):
        return None
    from .found import Found

    a, b = span
    who = ex.speakers.who(owner)
    if who.span is None:
        return None
    chars = (ex.doc[a].idx, ex.doc[b - 1].idx + len(ex.doc[b - 1].text))
    f = Found(ex.text[chars[0]:chars[1]], "indirect", chars, ex.sid[a], cue=n.text, attribution="cue")
    f.set_who(who)
    return f
