"""Features of a dyad (source span, target span) in a parsed sentence, for the dyad classifier.

The dependency path between the two actor spans, the source's predicate chain ("agreed to lift", "said it
would free") with future / negation / request / threat flags, the verbs governing the spans with their
objects, the words between and around the spans, hits of the trigger lexicon (the same one the events
stage codes with), and character 3-5-grams of the "S ... T ..." skeleton.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import pairwise
from typing import Any

from wirescope.kb.ontology import Trigger, lexicon

from .dyad_parse import Doc, Span, char_to_span, coarse_pos, lemma_of, locate_pair, occurrences

NEG_WORDS = frozenset({"not", "never", "n't", "no", "refuse", "decline", "fail", "reject", "deny"})
MODAL_WORDS = frozenset({"will", "would", "shall", "must", "should", "can", "could", "may", "might",
                         "willing", "ready", "agree", "plan", "intend", "pledge", "promise", "threaten",
                         "vow", "offer", "say", "announce", "decide", "begin", "continue", "seek"})
WINDOW_AFTER = 4
CHAR_AFTER = 40
CHAR_NGRAMS = (3, 5)
WINDOW_BEFORE = 3


def _lemma(tok: Any) -> str:
    if tok.like_num:
        return "#num"
    return lemma_of(tok.lower_, tok.tag_)


def _pos(tok: Any) -> str:
    return coarse_pos(tok.tag_)


def _words(tokens: Iterable[Any]) -> list[str]:
    return [_lemma(t) for t in tokens if not t.is_punct and not t.is_space]


def _ancestors(tok: Any, stop: int = 30) -> list[Any]:
    chain = [tok]
    while chain[-1].head.i != chain[-1].i and len(chain) < stop:
        chain.append(chain[-1].head)
    return chain


def _dep_path(s_root: Any, t_root: Any) -> tuple[list[Any], list[Any], Any | None]:
    s_chain, t_chain = _ancestors(s_root), _ancestors(t_root)
    t_ids = {tok.i: k for k, tok in enumerate(t_chain)}
    for k, tok in enumerate(s_chain):
        if tok.i in t_ids:
            return s_chain[:k], t_chain[: t_ids[tok.i]], tok
    return s_chain, t_chain, None


def _governing_verb(tok: Any) -> Any | None:
    for anc in _ancestors(tok)[1:]:
        if _pos(anc) in ("VERB", "AUX"):
            return anc
    return None


def _verb_features(verb: Any, tag: str) -> list[str]:
    lem = _lemma(verb)
    feats = [f"{tag}={lem}"]
    for child in verb.children:
        dep = child.dep_
        if dep == "neg":
            feats += ["neg", f"{tag}.neg={lem}"]
        elif dep in ("aux", "auxpass") and _lemma(child) in MODAL_WORDS:
            feats.append(f"{tag}.aux={_lemma(child)}")
        elif dep in ("dobj", "attr", "oprd"):
            feats += [f"vo={lem}_{_lemma(child)}", f"obj={_lemma(child)}"]
        elif dep == "prt":
            feats.append(f"vprt={lem}_{_lemma(child)}")
        elif dep == "xcomp":
            feats.append(f"xc={lem}>{_lemma(child)}")
        elif dep == "prep":
            feats.append(f"vp={lem}_{_lemma(child)}")
        elif dep == "auxpass":
            feats.append("passive")
    if verb.dep_ == "xcomp":
        feats.append(f"xc_of={_lemma(verb.head)}>{lem}")
    return feats


def _path_features(s: Span, t: Span) -> list[str]:
    s_up, t_up, lca = _dep_path(s.root, t.root)
    feats = [f"sdep={s.root.dep_}", f"tdep={t.root.dep_}", f"sdep_tdep={s.root.dep_}_{t.root.dep_}"]
    feats.append("path=" + "^".join(x.dep_ for x in s_up) + "|" + "^".join(x.dep_ for x in t_up))
    inside = set(range(s.start, s.end)) | set(range(t.start, t.end))
    path_toks = [x for x in s_up[1:] + t_up[1:] if x.i not in inside]
    if lca is not None:
        feats.append(f"lca={_lemma(lca)}" if lca.i not in inside else "lca=IN_SPAN")
        if lca.i not in inside:
            path_toks.append(lca)
    for tok in path_toks:
        feats.append(f"pl={_lemma(tok)}")
        if _pos(tok) in ("VERB", "AUX", "NOUN"):
            feats += _verb_features(tok, "pv")
    for tag, span in (("sv", s), ("tv", t)):
        verb = _governing_verb(span.root)
        if verb is not None:
            feats += _verb_features(verb, tag)
    if t.root.dep_ == "pobj":
        feats += [f"tprep={_lemma(t.root.head)}", f"tprepv={_lemma(t.root.head.head)}_{_lemma(t.root.head)}"]
    if s.root.dep_ == "pobj":
        feats += [f"sprep={_lemma(s.root.head)}", f"sprepv={_lemma(s.root.head.head)}_{_lemma(s.root.head)}"]
    return feats


REPORT_VERBS = frozenset({"say", "announce", "declare", "state", "tell", "add", "insist", "confirm", "reveal"})
INTENT_WORDS = frozenset({"agree", "willing", "ready", "offer", "pledge", "promise", "plan", "intend", "vow",
                          "commit", "prepare", "decide", "expect", "hope", "want", "seek", "likely"})
LIGHT_VERBS = frozenset({"hold", "launch", "impose", "issue", "declare", "give", "make", "carry", "conduct",
                         "stage", "take", "reach", "announce", "begin", "start", "express", "voice", "file",
                         "order", "lead", "step", "continue", "intensify", "have", "do", "seek", "offer"})
REQUEST_FRAMES = frozenset({"urge", "ask", "call", "demand", "press", "appeal", "push", "order", "pressure",
                            "request", "insist", "want", "encourage", "invite", "summon", "need"})
THREAT_FRAMES = frozenset({"threaten", "warn"})
FUTURE_AUX = frozenset({"will", "would", "shall", "'ll", "going"})


def _predicate_chain(verb: Any) -> list[Any]:
    """The source's predicate and what it embeds: agreed -> to lift, said -> it would free ..."""
    chain, seen = [verb], {verb.i}
    while len(chain) < 6:
        nxt = [c for c in chain[-1].children if c.dep_ in ("xcomp", "acomp") and c.i not in seen]
        if not nxt and _lemma(chain[-1]) in REPORT_VERBS:
            nxt = [c for c in chain[-1].children if c.dep_ == "ccomp" and c.i not in seen]
        if not nxt:
            break
        chain.append(nxt[0])
        seen.add(nxt[0].i)
    return chain


def _chain_words(chain: Sequence[Any]) -> tuple[list[str], list[list[str]], bool, bool]:
    words, pairs, future, negated = [], [], False, False
    for tok in chain:
        lem = _lemma(tok)
        words.append(lem)
        future |= lem in INTENT_WORDS
        negated |= lem in ("refuse", "decline", "fail", "reject")
        for child in tok.children:
            clem = _lemma(child)
            if child.dep_ == "neg":
                negated = True
            elif child.dep_ in ("aux", "auxpass") and clem in FUTURE_AUX:
                future = True
            elif child.dep_ in ("dobj", "prt", "attr", "acomp"):
                pairs.append([lem, clem])
                if child.dep_ == "dobj" and lem in LIGHT_VERBS:
                    pairs += _noun_phrases(child)
    return words, pairs, future, negated


def _noun_phrases(noun: Any) -> list[list[str]]:
    """The lemmas of a noun with its pre-modifiers, longest first ("joint military exercise", "military
    exercise", "exercise"): an event noun a light verb carries may be a compound ("launch war games")."""
    mods = [c for c in noun.lefts if c.dep_ in ("compound", "amod", "nmod")]
    lemmas = [_lemma(c) for c in mods] + [_lemma(noun)]
    return [lemmas[i:] for i in range(len(lemmas))]


def _frame_flags(words: Sequence[str]) -> str:
    """Flags for a chain whose outer verb frames the event: 'urged X to release', 'threatened to strike'."""
    outer = set(words[:-1])
    return ("&req" if outer & REQUEST_FRAMES else "") + ("&thr" if outer & THREAT_FRAMES else "")


def dyad_modality(source_span: Span, target_span: Span) -> dict[str, bool]:
    """Negation and intent/future of the source's predicate, for callers deciding if an event is actual."""
    verb = _anchor_verb(source_span) or _anchor_verb(target_span)
    if verb is None:
        return {"negated": False, "future": False, "requested": False, "threatened": False}
    words, _pairs, future, negated = _chain_words(_predicate_chain(verb))
    flags = _frame_flags(words)
    return {"negated": negated, "future": future, "requested": "&req" in flags, "threatened": "&thr" in flags}


def _anchor_verb(span: Span) -> Any | None:
    root = span.root
    if root.dep_ == "poss" and _pos(root.head) == "NOUN":
        return root.head
    return _governing_verb(root)


def _chain_features(s: Span, t: Span) -> list[str]:
    """Features of the source's predicate chain: trigger type with future / negation flags."""
    verb = _anchor_verb(s) or _anchor_verb(t)
    if verb is None:
        return ["chain=NONE"]
    words, pairs, future, negated = _chain_words(_predicate_chain(verb))
    feats = [f"chain={w}" for w in words] + [f"chainlast={words[-1]}"]
    hits = [trig for pair in pairs for trig in lexicon_hits(pair) if len(trig.lemmas) == len(pair)]
    hits += [trig for w in reversed(words) for trig in lexicon_hits([w])]
    flags = ("&fut" if future else "") + ("&neg" if negated else "") + _frame_flags(words)
    feats += [f"mode{flags}"]
    if hits:
        trig = hits[0]
        feats += [f"trig={trig.plover}{flags}", f"trigc={trig.cameo}{flags}", f"trigw={trig.text}{flags}"]
    feats += [f"chainlex={trig.plover}" for trig in hits[1:]]
    return feats + _object_features(_predicate_chain(verb), s, t)


def _object_features(chain: Sequence[Any], s: Span, t: Span) -> list[str]:
    """Lexicon hits of the chain verbs' objects with their pre-modifiers, alone and after the verb
    ("staged joint military exercises", "gave account information"): the event a noun names."""
    inside = set(range(s.start, s.end)) | set(range(t.start, t.end))
    feats = []
    for verb in chain:
        for obj in verb.children:
            if obj.dep_ not in ("dobj", "attr", "nsubjpass") or obj.i in inside:
                continue
            phrase = _noun_phrases(obj)[0]
            for trig in lexicon_hits(phrase) + lexicon_hits([_lemma(verb), *phrase]):
                feats += [f"lexo={trig.plover}", f"lexow={trig.text}"]
    return feats


def _ngram_features(tag: str, words: Sequence[str]) -> list[str]:
    feats = [f"{tag}={w}" for w in words]
    feats += [f"{tag}2={a}_{b}" for a, b in pairwise(words)]
    return feats


_LEXICON_STATE: dict[str, Any] = {}


def use_lexicon(triggers: Iterable[Trigger]) -> None:
    """Install the trigger list the features use. A loaded model installs the lexicon it was trained
    with, so later edits of event_lexicon.tsv do not silently change its features."""
    ordered = tuple(sorted(triggers, key=lambda t: -len(t.lemmas)))
    index: dict[str, list[Trigger]] = {}
    for trig in ordered:
        index.setdefault(trig.lemmas[0], []).append(trig)
    _LEXICON_STATE.update(triggers=ordered, index=index)


def feature_lexicon() -> tuple[Trigger, ...]:
    """The triggers the features currently use (the package lexicon unless a model installed its own)."""
    _lexicon_index()
    return _LEXICON_STATE["triggers"]


def _lexicon_index() -> dict[str, list[Trigger]]:
    if "index" not in _LEXICON_STATE:
        use_lexicon(lexicon())
    return _LEXICON_STATE["index"]


def lexicon_hits(words: Sequence[str]) -> list[Trigger]:
    """Lexicon triggers found as contiguous lemma sequences in `words` (longest per position)."""
    hits, index = [], _lexicon_index()
    for i, word in enumerate(words):
        for trig in index.get(word, ()):
            if tuple(words[i : i + len(trig.lemmas)]) == trig.lemmas:
                hits.append(trig)
                break
    return hits


def _lexicon_features(tag: str, words: Sequence[str]) -> list[str]:
    feats = []
    for trig in lexicon_hits(words):
        feats += [f"{tag}={trig.plover}", f"{tag}c={trig.cameo[:2]}", f"lext={trig.text}"]
    return feats


def _pair_lexicon_features(feats: Sequence[str]) -> list[str]:
    out, index = [], _lexicon_index()
    for feat in feats:
        if feat.startswith(("vo=", "vprt=")):
            words = feat.split("=", 1)[1].split("_")
            for trig in index.get(words[0], ()):
                if trig.lemmas == tuple(words):
                    out += [f"lexv={trig.plover}", f"lexvc={trig.cameo[:2]}"]
    return out


def _region_features(doc: Doc, sent: Span, s: Span, t: Span) -> list[str]:
    first, second = (s, t) if s.start <= t.start else (t, s)
    order = "st" if first is s else "ts"
    feats = [f"ord={order}"]
    between = _words(doc[first.end : second.start]) if first.end <= second.start else []
    if first.end > second.start:
        feats.append("ord=overlap")
    after = _words(doc[second.end : min(sent.end, second.end + WINDOW_AFTER)])
    before = _words(doc[max(sent.start, first.start - WINDOW_BEFORE) : first.start])
    feats += _ngram_features("b", between) + _ngram_features("a", after[:3]) + [f"p={w}" for w in before]
    feats.append(f"blen={min(len(between), 8)}")
    feats += _lexicon_features("lexb", between) + _lexicon_features("lexa", after)
    feats += [f"mod={w}" for w in between if w in MODAL_WORDS]
    if any(w in NEG_WORDS for w in between):
        feats.append("negb")
    feats += [f"th={_lemma(t.root)}", f"sh={_lemma(s.root)}"]
    feats += [f"tw={_lemma(x)}" for x in t if _pos(x) in ("NOUN", "VERB")]
    feats += _lexicon_features("lexins", _words(s)) + _lexicon_features("lexint", _words(t))
    return feats


def skeleton(text: str, s: tuple[int, int], t: tuple[int, int]) -> str:
    """The text from the first actor to CHAR_AFTER characters past the second, actors as S and T."""
    (first, a), (second, b) = sorted([(s, "s"), (t, "t")])
    if first[1] > second[0]:
        return f" {a} {b} " + text[max(first[1], second[1]) :][:CHAR_AFTER].lower()
    middle = text[first[1] : second[0]]
    return f" {a} {middle} {b} {text[second[1] : second[1] + CHAR_AFTER]}".lower()


def char_ngram_features(text: str) -> list[str]:
    """Character 3-5-grams inside words padded with spaces (one entry per occurrence), prefixed 'c:'."""
    grams = []
    for word in text.split():
        padded = f" {word} "
        for n in range(CHAR_NGRAMS[0], CHAR_NGRAMS[1] + 1):
            grams += ["c:" + padded[i : i + n] for i in range(max(1, len(padded) - n + 1))]
    return grams


def feature_values(feats: Iterable[str], idf: dict[str, float]) -> dict[str, float]:
    """Binary value 1 for symbolic features; tf-idf (sublinear tf, L2-normalised) for 'c:' n-grams."""
    values: dict[str, float] = {}
    chars: dict[str, float] = {}
    for feat, count in Counter(feats).items():
        weight = idf.get(feat)
        if weight is not None:
            chars[feat] = (1.0 + math.log(count)) * weight
        elif feat[:2] != "c:":
            values[feat] = 1.0
    norm = math.sqrt(sum(v * v for v in chars.values())) or 1.0
    values.update({g: v / norm for g, v in chars.items()})
    return values


def _char_span(span: Span) -> tuple[int, int]:
    return span.start_char, span.end_char


def _coordinated(s: Span, t: Span) -> bool:
    """Source and target joined by a conjunction ("Brazil and Argentina held war games"): the sides of
    a joint or symmetric event."""
    if t.root in s.root.conjuncts:
        return True
    return any(x.dep_ == "conj" and y.start <= x.head.i < y.end for x, y in ((s.root, t), (t.root, s)))


def _sentence_features(sent: Span, s: Span, t: Span) -> list[str]:
    """The types of every lexicon trigger in the sentence (a weak prior where the parse misses the
    predicate), and whether the two actors are coordinated."""
    feats = sorted({f"lexs={trig.plover}" for trig in lexicon_hits(_words(sent))})
    return feats + (["coord"] if _coordinated(s, t) else [])


def span_features(doc: Doc, sent: Span, s: Span, t: Span) -> list[str]:
    """Feature strings for the dyad (source span `s`, target span `t`) in sentence `sent` of `doc`."""
    feats = _region_features(doc, sent, s, t) + _path_features(s, t) + _chain_features(s, t)
    feats += _pair_lexicon_features(feats) + _sentence_features(sent, s, t)
    path_words = [f.split("=", 1)[1] for f in feats if f.startswith("pl=")]
    feats += _lexicon_features("lexp", path_words)
    if "neg" in feats or "negb" in feats:
        feats += [f"neg&{f}" for f in feats if f.startswith(("lexp=", "lexv=", "lexb="))]
    return feats + char_ngram_features(skeleton(doc.text[: sent.end_char], _char_span(s), _char_span(t)))


def single_span_features(doc: Doc, sent: Span, span: Span, role: str) -> list[str]:
    """Features when only one actor is in the sentence (the other is implicit, e.g. 'a recipient')."""
    after = _words(doc[span.end : min(sent.end, span.end + 2 * WINDOW_AFTER)])
    before = _words(doc[max(sent.start, span.start - WINDOW_BEFORE) : span.start])
    feats = [f"only={role}", f"{role}dep={span.root.dep_}"]
    feats += _ngram_features("a", after) + [f"p={w}" for w in before]
    feats += _lexicon_features("lexa", after) + [f"mod={w}" for w in after if w in MODAL_WORDS]
    verb = _governing_verb(span.root)
    if verb is not None:
        feats += _verb_features(verb, "sv" if role == "s" else "tv")
        feats += _lexicon_features("lexp", [_lemma(verb)])
    feats += _pair_lexicon_features(feats)
    tail = doc.text[span.end_char : min(sent.end_char, span.end_char + CHAR_AFTER)]
    return feats + char_ngram_features(f" {role} {tail}".lower())


def doc_features(doc: Doc, source: str, target: str) -> list[str] | None:
    """Features for a parsed one-sentence doc, or None when neither actor is found in it."""
    located = locate_pair(doc.text, source, target)
    if located is None:
        return _single_actor_features(doc, source, target)
    s = char_to_span(doc, *located[0])
    t = char_to_span(doc, *located[1])
    if s is None or t is None:
        return None
    return span_features(doc, doc[:], s, t)


def _single_actor_features(doc: Doc, source: str, target: str) -> list[str] | None:
    for phrase, role in ((source, "s"), (target, "t")):
        occ = occurrences(doc.text, phrase)
        span = char_to_span(doc, *occ[0]) if occ else None
        if span is not None:
            return single_span_features(doc, doc[:], span, role)
    return None
