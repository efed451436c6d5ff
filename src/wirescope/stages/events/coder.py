"""Event coding over the dependency parse: trigger lexicon -> (source, PLOVER type, target).

Per sentence:
1. Predicates. A verb whose lemma, alone or with its particle, preposition, object or complement,
   is in the lexicon ("turn down", "impose sanction on", "fire at"). An event noun carried by a light
   verb ("imposed sanctions", "held talks", "adopted a package of sanctions") is coded as that noun
   with the verb's subject, negation and modality. Other event nouns count only when their phrase
   names the other side ("Moscow's invasion of Ukraine", "talks with Lavrov", "a meeting between A,
   B and C").
2. Roles. The subject (the agent of a passive, the noun a relative or participle clause hangs on,
   the subject inherited through complements and conjunctions) is the source; the object or
   prepositional object the target. Noun phrases resolve to actors through the actors stage's
   lookup, expanding conjunctions, appositions, possessors and "warships from A, B and C"; "they" and
   "the two sides" take the last group of actors seen acting together.
3. Context. Negation and modality come from the clause; what someone is urged, threatened or refuses
   to do is not an event; what someone agrees or promises to do is a future one. Reported speech
   marks its events "reported", and a hostile reported event makes the speaker ACCUSE its doer
   ("X said Russia had attacked its neighbour"), a "should"/"must" a REQUEST.
4. Policy. Every event needs a source actor. An event without a target is kept only for types whose
   target is often not an actor (a demand, an accusation, a refusal, a protest, praise). Duplicates
   within a sentence are merged, and multi-party symmetric events are expanded pairwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import combinations, permutations
from typing import TYPE_CHECKING, Any

from ...kb.lang import words
from ...kb.ontology import Trigger, cameo_for, lexicon
from ...model import ActorRef, Event
from ...registry import stage
from ..dates import date_of
from ..places import dateline_place, place_in_phrase, place_of
from .domain import non_political_domain

if TYPE_CHECKING:
    from ...model import Document, Quote
    from ...pipeline import Context

WORDS = words("events")
Tok = Any  # a spaCy Token (kept loose: spaCy ships no type stubs)

# --- vocabulary ---------------------------------------------------------------------------------

# "at" only inside a trigger phrase ("fired at", "lashed out at"): otherwise it names a place.
VERB_TARGET_PREPS = ("with", "to", "on", "against", "into", "toward", "towards", "from", "over",
                     "upon", "onto", "between", "among", "for")
NOUN_TARGET_PREPS = VERB_TARGET_PREPS + ("of", "at")
SAY_LEMMAS = frozenset({"say", "tell", "state", "claim", "add", "announce", "report", "insist", "argue",
                        "note", "write", "believe", "think", "allege", "contend", "assert", "stress",
                        "declare", "complain", "charge", "suggest", "repeat", "reiterate", "explain",
                        "warn", "acknowledge", "confirm", "admit", "maintain", "emphasize", "emphasise"})
MODAL_HYPOTHETICAL = frozenset({"would", "could", "might", "may", "should", "must", "can", "ought"})
MODAL_FUTURE = frozenset({"will", "shall", "'ll", "wo"})
MODAL_DEONTIC = frozenset({"should", "must", "ought"})
NEGATORS = frozenset({"not", "n't", "never", "no"})
# Verbs whose complement is what the target is asked, pressed or forced to do: not an event.
REQUEST_CONTROL = frozenset({"urge", "ask", "call", "press", "appeal", "invite", "encourage", "push",
                             "pressure", "demand", "order", "implore", "beg", "request", "tell",
                             "persuade", "force", "require", "need", "oblige", "compel", "want",
                             "advise", "instruct", "plead", "help", "allow", "enable", "permit"})
# ... and those whose "that" clause is what they demand.
REQUEST_THAT = frozenset({"demand", "insist", "urge", "ask", "propose", "recommend", "request", "suggest"})
# Verbs whose complement did not happen (and is coded negated) or is only wished for.
NEGATING_GOVERNORS = frozenset({"fail", "refrain", "avoid", "deny", "stop", "cease", "halt", "abandon"})
# ... and whose complement is only a threat or what is refused: not coded (the verb is the event).
BLOCKING_GOVERNORS = frozenset({"threaten", "warn", "reject", "oppose", "block", "veto", "rule", "refuse",
                                "decline", "resist"})
HYPOTHETICAL_GOVERNORS = frozenset({"hope", "seek", "try", "attempt", "aim", "consider", "mull", "weigh", "wish",
                                    "prepare", "plan", "intend", "risk", "study", "propose", "like", "love",
                                    "ready", "willing", "able", "eager", "keen", "prepared"})
FUTURE_GOVERNORS = frozenset({"expect", "schedule", "due", "set", "go", "poise"})
# What someone is accused of doing is an allegation: reported, not asserted.
ALLEGE_GOVERNORS = frozenset({"accuse", "allege", "blame", "charge", "suspect", "condemn", "criticise",
                              "criticize", "deny"})
# What someone agrees, promises or decides to do: coded, as a future event.
INTENT_GOVERNORS = frozenset({"agree", "promise", "pledge", "vow", "commit", "decide", "offer", "resolve",
                              "undertake", "vote"})
# Verbs that pass an event noun object through ("held talks", "imposed sanctions", "pledged support").
LIGHT_VERBS = frozenset({"hold", "have", "conduct", "carry", "stage", "launch", "make", "issue", "adopt",
                         "impose", "slap", "announce", "unveil", "introduce", "reiterate", "repeat", "renew",
                         "reaffirm", "express", "voice", "extend", "expand", "widen", "tighten", "step",
                         "begin", "start", "open", "continue", "resume", "reach", "approve", "agree",
                         "pass", "lodge", "file", "deliver", "give", "provide", "send", "release", "mount",
                         "wage", "level", "lead", "join", "pledge", "promise", "offer", "vow", "intensify",
                         "escalate", "broaden", "strengthen", "deepen", "bring", "lift", "maintain",
                         "keep", "take", "finalise", "finalize", "complete", "toughen", "ramp", "up", "order",
                         "authorise", "authorize"})
# Light verbs that only promise the noun event: with a material noun they stay AGREE.
INTENT_LIGHT = frozenset({"pledge", "promise", "offer", "vow"})
# Nouns that only measure or group the event noun after "of"/"in" ("a package of sanctions").
TRANSPARENT_NOUNS = frozenset({"package", "round", "set", "series", "wave", "tranche", "string", "number",
                               "batch", "raft", "slew", "list", "billion", "million", "$", "lot", "host",
                               "kind", "form", "type", "new", "fresh", "programme", "program", "measure",
                               "many", "some", "most", "all", "much", "part", "several", "each", "any",
                               "one", "none", "few", "rest"})
# Protest verbs that are something else with a direct object ("demonstrate its resolve").
INTRANSITIVE_TRIGGERS = frozenset({"demonstrate", "march", "rally"})
# Aid verbs whose complement is what was helped along ("helped make the election a celebration").
HELP_VERBS = frozenset({"help", "assist"})
# Heads that stand for the people of the "of" phrase ("leaders of the G20", "members of NATO");
# other heads do not ("the tomb of Yasser Arafat").
AGENT_NOUNS = frozenset({"force", "troop", "army", "navy", "military", "member", "leader", "official",
                         "government", "authority", "delegation", "representative", "envoy", "ambassador",
                         "minister", "president", "people", "citizen", "national", "soldier", "warship", "ship",
                         "aircraft", "jet", "unit", "police", "regime", "administration", "parliament",
                         "ministry", "spokesman", "spokeswoman", "spokesperson", "head", "chief", "foreign",
                         "navies", "vessel", "fighter", "militant", "rebel", "group", "coalition", "alliance",
                         "side", "party", "state", "country", "nation", "capital", "embassy", "consulate",
                         "diplomat", "commander", "general", "officer", "agent", "lawmaker", "senator"})
# People acting for themselves: their nationality adjective does not make them their country.
PRIVATE_NOUNS = frozenset({"banker", "journalist", "reporter", "businessman", "businesswoman", "tourist",
                           "student", "worker", "man", "woman", "child", "family", "resident", "doctor",
                           "lawyer", "executive", "investor", "firm", "company", "network", "bank", "fan",
                           "player", "artist", "writer", "scientist", "expert", "analyst", "economist",
                           "academic", "citizen", "national", "jew", "muslim", "christian", "voter"})
# Heads whose event is the noun compounded in front of them ("a visa restriction policy", "an aid package").
COMPOUND_HEADS = frozenset({"policy", "package", "bill", "programme", "program", "measure", "regime", "plan",
                            "deal", "law", "legislation", "campaign", "operation", "effort"})
# Noun objects whose rejection or acceptance makes their author's request visible.
RESPONSE_VERBS = frozenset({"reject", "turn", "rebuff", "refuse", "spurn", "ignore", "heed", "accept",
                            "answer", "dismiss", "decline", "grant", "deny"})
PLURAL_PRONOUNS = frozenset({"they", "them", "both"})
GROUP_NOUNS = frozenset({"side", "country", "leader", "government", "nation", "ally", "partner", "man",
                         "power", "capital", "neighbour", "neighbor", "state", "pair", "president",
                         "minister", "party"})
GROUP_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "both": 2}
PERSON_GROUPS = frozenset({"leader", "man", "president", "minister"})
TIME_NOUNS = frozenset({"year", "month", "week", "day", "hour", "minute", "decade", "time"})
# Plurals that mean the parties of the story even without a number ("the leaders agreed").
PARTY_NOUNS = frozenset({"side", "country", "leader", "government", "nation", "ally", "partner"})
GROUP_MAX = 4
# Event nouns of a meeting between parties ("after the talks"); a press conference is not one
# unless it is joint.
MEETING_NOUNS = frozenset({"talk", "meeting", "summit", "negotiation", "discussion", "call", "dinner",
                           "consultation", "visit", "trip"})
TITLE_NOUNS = frozenset({"leader", "president", "premier", "chancellor", "head", "king", "emperor"})
LEADER_ROLES = frozenset({"president", "prime minister", "chancellor", "leader", "premier", "king",
                          "supreme leader", "chairman", "head of state"})
# People whose country is where the story happens when the text names none ("police fired tear gas").
LOCAL_NOUNS = frozenset({"protester", "demonstrator", "authority", "police", "crowd", "activist", "rioter",
                         "marcher", "thousand", "hundred", "student", "worker"})
# Reported-speech predicates that blame their subject even though they are not event triggers.
BLAME_VERBS = frozenset({"fail", "lie", "provoke", "violate", "undermine", "destabilize", "destabilise",
                         "interfere", "meddle", "betray", "deceive", "mislead", "sabotage", "ruin",
                         "escalate", "exploit", "weaponize", "weaponise", "stoke", "fuel", "inflame",
                         "breach", "flout", "ignore", "renege", "cheat", "bully", "intimidate", "harass"})
BLAME_OBJECTS = frozenset({"mistake", "error", "blunder", "crime", "atrocity", "provocation", "lie"})
# "described X as ..." / "called X ...": the evaluation decides between ACCUSE and SUPPORT.
DESCRIBE_VERBS = frozenset({"describe", "call", "brand", "label", "characterize", "characterise", "portray",
                            "term", "dub", "denounce", "slam", "decry"})
NEGATIVE_WORDS = frozenset({"disappointment", "mistake", "blow", "retreat", "illegal", "unacceptable",
                            "provocation", "provocative", "dangerous", "aggressive", "irresponsible",
                            "hostile", "threat", "blackmail", "betrayal", "violation", "failure", "shameful",
                            "absurd", "lie", "lies", "propaganda", "reckless", "destabilising",
                            "destabilizing", "unjustified", "illegitimate", "outrageous", "disgrace",
                            "crime", "terrorist", "terrorism", "hypocrisy", "hypocritical", "interference",
                            "meddling", "insult", "farce", "sham", "politicised", "politicized",
                            "unfinished", "disaster", "catastrophe", "error", "blunder", "aggression"})
POSITIVE_WORDS = frozenset({"success", "historic", "breakthrough", "positive", "constructive", "friend",
                            "partner", "triumph", "milestone", "achievement", "win", "productive",
                            "fruitful", "excellent", "great"})
# Types an event may have without a target actor: their target is often a thing ("demanded a
# ceasefire", "rejected the criticism"), and the type alone is informative.
ONE_SIDED_TYPES = frozenset({"REQUEST", "ACCUSE", "REJECT", "PROTEST", "SUPPORT", "MOBILIZE", "COERCE", "CONCEDE",
                             "THREATEN"})
ONE_SIDED_SUPPORT = frozenset({"praise", "welcome", "hail", "applaud", "commend", "laud", "endorse",
                               "support", "back", "congratulate", "call", "describe"})
SYMMETRIC = frozenset({"CONSULT", "COOPERATE", "AGREE"})
# Triggers that, with coordinated subjects and no object, go both ways ("India and Pakistan
# exchanged fire").
RECIPROCAL = frozenset({"exchange fire", "clash", "fight", "clash with", "trade fire", "exchange strike"})
# Negated events ("China has not provided weapons to Russia") did not happen. True keeps the
# two-sided ones in the record, flagged `negated` (queries count only actual events); False drops
# them all (a denial or refusal is still coded as its own event: deny, refuse -> REJECT).
KEEP_NEGATED = False
HOSTILE = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "THREATEN", "SANCTION"})
MATERIAL_QUADS = (2, 4)
# Types whose target, when no actor is named, is the country where it happened ("a missile hit a
# hospital in Kyiv").
PLACE_TARGET_TYPES = frozenset({"ASSAULT"})
# Types whose target may sit deep inside the object ("condemned what they called China's behaviour").
DEEP_TARGET_TYPES = frozenset({"ACCUSE", "REQUEST", "REJECT", "THREATEN", "SANCTION", "SUPPORT"})
DEEP_MAX = 4  # dependency steps below the predicate's arguments
NEEDS_TARGET_LEMMAS = frozenset({"warn", "sign", "host", "receive", "visit"})
SUMMON_LEMMAS = frozenset({"summon"})
SCARE_QUOTE_MAX = 6
QUOTE_CHARS = "\"“”‘’'«»"


# --- trigger matching ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def trigger_index() -> dict[str, dict[tuple[str, ...], Trigger]]:
    """Lexicon entries by kind and lemma tuple; phrases are looked up whatever their head's POS."""
    index: dict[str, dict[tuple[str, ...], Trigger]] = {"verb": {}, "noun": {}, "phrase": {}}
    for t in lexicon():
        index[t.kind].setdefault(t.lemmas, t)
    return index


# Forms the small English model lemmatises wrongly ("hoped" -> "hop") or that stay plural in the lexicon.
LEMMA_FIXES = {"hoped": "hope", "hoping": "hope", "talks": "talk", "arms": "arm", "sanctions": "sanction",
               "forces": "force", "ties": "tie", "relations": "relation", "hostilities": "hostility",
               "envoys": "envoy", "drills": "drill", "exercises": "exercise", "strikes": "strike"}


@lru_cache(maxsize=1)
def trigger_words() -> tuple[frozenset[str], frozenset[str]]:
    """(words a verbal trigger can start with, words a nominal trigger can end with): a word in
    neither cannot trigger, so most tokens are passed over without building any phrase key."""
    first = {t.lemmas[0] for t in lexicon() if t.kind in ("verb", "phrase")} | LIGHT_VERBS
    first |= {t.lemmas[1] for t in lexicon() if t.lemmas[0] == "will" and len(t.lemmas) > 1}  # "will meet"
    last = {t.lemmas[-1] for t in lexicon() if t.kind in ("noun", "phrase")}
    return frozenset(first), frozenset(last)


def lemma(tok: Tok) -> str:
    fixed = LEMMA_FIXES.get(tok.lower_)
    if fixed is None and tok.lower_ in WORDS["split_prefixes"] and tok.i + 2 < len(tok.doc) \
            and tok.nbor(1).text == "-":  # "co-ordinate", "re-impose": the tokenizer splits the verb
        fixed = tok.lower_ + tok.nbor(2).lemma_.lower()
    return fixed or tok.lemma_.lower()


@dataclass(frozen=True)
class Match:
    trig: Trigger
    used: frozenset[int]  # token indices the trigger phrase consumed (never a target)


def _pobjs(prep: Tok) -> list[Tok]:
    return [g for g in prep.children if g.dep_ in ("pobj", "pcomp")]


def see_through(tok: Tok) -> Tok:
    """'a package of sanctions', '$61 billion in assistance', 'a visa restriction policy' -> the event
    noun behind the measure word."""
    for _ in range(3):
        if lemma(tok) in COMPOUND_HEADS:
            inner = next((c for c in tok.children if c.dep_ == "compound" and c.pos_ == "NOUN"
                          and match_noun(c) is not None), None)
            if inner is not None:
                return inner
        if lemma(tok) not in TRANSPARENT_NOUNS and tok.tag_ != "$" and tok.pos_ != "NUM":
            return tok
        nxt = next((p for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "in")
                    for p in _pobjs(c)), None)
        if nxt is None:
            nxt = next((c for c in tok.children if c.dep_ in ("compound", "nummod") and c.pos_ == "NOUN"), None)
        if nxt is None:
            return tok
        tok = nxt
    return tok


def _is_time(prep: Tok) -> bool:
    """A prepositional phrase that is a time expression ("on Friday", "in July")."""
    return any(g.ent_type_ in ("DATE", "TIME") for g in _pobjs(prep))


def _verb_keys(tok: Tok) -> Iterator[tuple[tuple[str, ...], tuple[int, ...]]]:
    """(lemma tuple, consumed tokens) a verb or adjective can trigger with, most specific first."""
    v = lemma(tok)
    # A preposition without an object of its own ("walked out of the deal") works as a particle.
    prts = [c for c in tok.children if c.dep_ == "prt" or c.dep_ == "prep" and not _pobjs(c)]
    objs = [see_through(c) for c in tok.children if c.dep_ in ("dobj", "attr", "acomp", "oprd", "dative")]
    preps = [c for c in tok.children if c.dep_ in ("prep", "agent") and not _is_time(c) and _pobjs(c)]
    preps += [g for p in prts for g in p.children if g.dep_ == "prep"]
    comps = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp") and any(a.lower_ == "to" for a in c.children)]
    # "called for the embargo to be lifted": the parser makes "for" the mark of a clause
    marks = [m for c in tok.children if c.dep_ in ("advcl", "ccomp") for m in c.children
             if m.dep_ == "mark" and m.lower_ == "for"]
    for p in prts:
        for r in preps:
            for q in _pobjs(r):
                yield (v, p.lower_, r.lower_, lemma(see_through(q))), (p.i, r.i, q.i)
            yield (v, p.lower_, r.lower_), (p.i, r.i)
        for o in objs:
            yield (v, p.lower_, lemma(o)), (p.i, o.i)
    for o in objs:
        for r in [c for c in o.children if c.dep_ == "prep"] + preps:
            yield (v, lemma(o), r.lower_), (o.i, r.i)
    for r in preps:
        for q in _pobjs(r):
            yield (v, r.lower_, lemma(see_through(q))), (r.i, q.i)
    for c in comps:
        yield (v, "to", lemma(c)), (c.i,)
    for p in prts:
        nxt = p.nbor(1) if p.i + 1 < len(p.doc) else None
        if p.dep_ == "prep" and nxt is not None and nxt.pos_ in ("NOUN", "VERB") and nxt.head.i != p.i:
            # "put their forces on standby": the parser left the preposition without its object
            yield (v, p.lower_, lemma(nxt)), (p.i, nxt.i)
        yield (v, p.lower_), (p.i,)
    for o in objs:
        yield (v, lemma(o)), (o.i,)
    for r in preps:
        yield (v, r.lower_), (r.i,)
    for m in marks:
        yield (v, m.lower_), (m.i,)
    if comps:
        yield (v, "to"), ()
    for a in tok.children:
        if a.dep_ == "aux" and a.lower_ in MODAL_FUTURE | {"would"}:
            yield ("will", v), ()


def _noun_keys(tok: Tok) -> Iterator[tuple[tuple[str, ...], tuple[int, ...]]]:
    n = lemma(tok)
    for c in tok.children:
        if c.dep_ in ("compound", "amod", "nmod"):
            yield (lemma(c), n), (c.i,)
    yield (n,), ()


def match_verb(tok: Tok) -> Match | None:
    if lemma(tok) not in trigger_words()[0]:
        return None
    if lemma(tok) in DESCRIBE_VERBS and any(c.dep_ == "oprd" for c in tok.children):
        return None  # "what they call their partnership for a new era": naming, not calling for
    if lemma(tok) in INTRANSITIVE_TRIGGERS and any(c.dep_ == "dobj" for c in tok.children):
        return None  # "demonstrating the strength of our values": showing, not protesting
    if lemma(tok) == "ask" and (not any(c.dep_ in ("dobj", "dative", "xcomp") or c.lower_ == "for"
                                        for c in tok.children) or _asks_a_question(tok)):
        return None  # "asked about the remark", "asked him if he was ...": a question, not a request
    index = trigger_index()
    best: Match | None = None
    for key, used in _verb_keys(tok):
        trig = index["phrase"].get(key)
        if trig is not None and (best is None or len(trig.lemmas) > len(best.trig.lemmas)):
            best = Match(trig, frozenset(used))
    if best is not None:
        return best
    if tok.pos_ == "ADJ":
        return None
    trig = index["verb"].get((lemma(tok),))
    return Match(trig, frozenset()) if trig is not None else None


def match_noun(tok: Tok) -> Match | None:
    if lemma(tok) not in trigger_words()[1]:
        return None
    index = trigger_index()
    for key, used in _noun_keys(tok):
        trig = index["phrase"].get(key) if len(key) > 1 else index["noun"].get(key)
        if trig is not None:
            return Match(trig, frozenset(used))
    return None


def _asks_a_question(verb: Tok) -> bool:
    return any(c.dep_ == "ccomp" and any(g.lower_ in ("if", "whether") or g.tag_ in ("WP", "WRB", "WDT")
                                         for g in c.children) for c in verb.children)


def _verbal(tok: Tok) -> bool:
    return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")


# --- actors of a noun phrase --------------------------------------------------------------------


class Memory:
    """Groups of actors seen acting together, most recent last, for "they" and "the two sides"."""

    def __init__(self) -> None:
        self.groups: list[tuple[list[ActorRef], bool]] = []  # (actors, cooperative?)

    def note(self, refs: list[ActorRef], cooperative: bool) -> None:
        refs = _unique(refs)
        if 2 <= len(refs) <= GROUP_MAX:  # a long list is a roll-call, not a party "they" can mean
            self.groups.append((refs, cooperative))

    def group(self, cooperative: bool, persons: bool, kinds: dict[str, str], size: int = 0,
              exclude: frozenset[str] = frozenset()) -> list[ActorRef]:
        """The latest group fitting the reference: of people for "the leaders", of `size` for "the two",
        without the actors in `exclude` ("X and Y urged both sides": not X and Y)."""
        for refs, coop in reversed(self.groups[-8:]):
            if cooperative and not coop or size and len(refs) != size:
                continue
            if exclude & {r.actor_id for r in refs}:
                continue
            if persons and any(kinds.get(r.actor_id) != "PERSON" for r in refs):
                continue
            return list(refs)
        return []


class Resolver:
    """Noun phrase -> actors, through the actors stage's lookup."""

    MOD_DEPS = ("poss", "compound", "amod", "nmod", "npadvmod", "nummod")

    def __init__(self, lookup: Any, memory: Memory, home: str | None = None) -> None:
        self.lookup = lookup
        self.memory = memory
        self.home = home  # the dateline's country: where "the authorities" and "protesters" are
        self.skip: set[int] = set()  # tokens of a dateline the parser took into the sentence
        actors = lookup.actors.values()
        self.kinds = {a.id: a.type for a in actors}
        self.countries = {a.id: a.country for a in actors}
        self.roles = {a.id: (a.role or "").lower() for a in actors}
        self.alias = {n.lower(): lookup.refs[a.id] for a in actors for n in (a.name, *a.aliases)}

    def np(self, tok: Tok | None, cooperative: bool = True, pronoun_poss: bool = True,
           via_from: bool = True, exclude: frozenset[str] = frozenset()) -> list[ActorRef]:
        """Actors named by the phrase headed by `tok` (its conjuncts included); a plural reference
        ("both sides") is never to a group holding an actor in `exclude`."""
        if tok is None:
            return []
        if tok.lower_ in ("they", "them"):
            antecedent = _plural_antecedent(tok)
            if antecedent is not None:  # "expelled two Indian diplomats, accusing them of espionage"
                return self.np(antecedent, cooperative)
        group = self._plural(tok, cooperative, exclude)
        if group:
            return group
        found: list[ActorRef] = []
        for t in (tok, *tok.conjuncts):
            found += self._head(t, pronoun_poss, via_from, depth=0)
        return _unique([r for r in found if self.kinds.get(r.actor_id) != "MEDIA"])

    def _head(self, tok: Tok, pronoun_poss: bool, via_from: bool, depth: int) -> list[ActorRef]:
        if tok.i in self.skip:  # "SOCHI, Russia — Russian President Vladimir Putin ...": the appositive
            return [r for c in tok.children if c.dep_ == "appos" and c.i not in self.skip
                    for t in (c, *c.conjuncts) for r in self._head(t, pronoun_poss, via_from, depth + 1)]
        ref = self.lookup.at_token(tok.i)
        if ref is not None and tok.pos_ == "NOUN":  # "the shadow foreign secretary, Michael Ancram": the name
            named = [r for c in tok.children if c.dep_ == "appos" for r in self._head(c, pronoun_poss, via_from, depth + 1)
                     if self.kinds.get(r.actor_id) == "PERSON"]
            if named:
                return named
        if ref is not None and (pronoun_poss or tok.tag_ != "PRP$"):
            return [ref]
        if "-" in tok.text:
            return self._hyphenated(tok)
        for c in tok.children:
            if c.dep_ == "appos":
                got = [r for t in (c, *c.conjuncts) for r in self._head(t, pronoun_poss, via_from, depth + 1)]
                if got:
                    return got
        found = self._modifiers(tok, pronoun_poss)
        titled = self._titled(tok, found)
        if titled is not None:
            return [titled]
        if found or depth >= 2 or not (lemma(tok) in AGENT_NOUNS or match_noun(tok) is not None):
            return found
        for c in tok.children:
            if c.dep_ == "prep" and (c.lower_ == "of" or c.lower_ == "from" and via_from):
                for p in _pobjs(c):
                    found += [r for t in (p, *p.conjuncts) for r in self._head(t, pronoun_poss, via_from, depth + 1)]
        return found

    def _hyphenated(self, tok: Tok) -> list[ActorRef]:
        """'U.S.-drafted', 'Moscow-Beijing': actor names glued into one token."""
        return _unique(r for part in tok.text.split("-") if (r := self.alias.get(part.lower())) is not None)

    def _modifiers(self, tok: Tok, pronoun_poss: bool) -> list[ActorRef]:
        found: list[ActorRef] = []
        private = lemma(tok) in PRIVATE_NOUNS  # "a US banker" is an American, not the United States
        for c in tok.children:
            if c.dep_ not in self.MOD_DEPS or (c.tag_ == "PRP$" and not pronoun_poss) or c.i in self.skip:
                continue
            if private and c.dep_ in ("amod", "compound"):
                continue
            for t in (c, *c.conjuncts):
                span = t.doc[t.left_edge.i : t.right_edge.i + 1]
                ref = self.lookup.at_tokens(span)
                if ref is None and "-" in t.text:
                    found += self._hyphenated(t)
                elif ref is not None:
                    found.append(ref)
        return found

    def _titled(self, tok: Tok, found: list[ActorRef]) -> ActorRef | None:
        """'the Chinese leader', 'the Russian president': the one person of that country holding it."""
        title = lemma(tok)
        if title not in TITLE_NOUNS or len(found) != 1 or self.kinds.get(found[0].actor_id) != "COUNTRY":
            return None
        code = self.countries.get(found[0].actor_id)
        roles = LEADER_ROLES if title in ("leader", "head") else {title}
        people = [aid for aid, kind in self.kinds.items() if kind == "PERSON" and self.countries.get(aid) == code
                  and any(r in self.roles.get(aid, "") for r in roles)]
        return self.lookup.refs[people[0]] if len(people) == 1 else None

    def _plural(self, tok: Tok, cooperative: bool, exclude: frozenset[str] = frozenset()) -> list[ActorRef]:
        """'they', 'both', 'the two sides', 'the three governments', 'the leaders' -> the last group."""
        low, lem = tok.lower_, lemma(tok)
        size = next((GROUP_NUMBERS[c.lower_] for c in tok.children if c.lower_ in GROUP_NUMBERS),
                    GROUP_NUMBERS.get(low, 0))
        bare = tok.tag_ in ("NNS", "NNPS") and lem in GROUP_NOUNS and not self._modifiers(tok, True)
        definite = bare and lem in PARTY_NOUNS and any(c.lower_ == "the" for c in tok.children)
        if low in PLURAL_PRONOUNS or (size and (bare or tok.pos_ == "NUM")) or definite:
            return self.memory.group(cooperative, lem in PERSON_GROUPS, self.kinds, size, exclude)
        return []

    def generic(self, tok: Tok | None, place_country: str | None) -> list[ActorRef]:
        """'protesters', 'the authorities', 'police': the country where it happens (else the dateline's)."""
        if tok is None or lemma(tok) not in LOCAL_NOUNS or self._modifiers(tok, True):
            return []
        ref = self.country_actor(place_country or self.home)
        return [ref] if ref is not None else []

    def country_actor(self, code: str | None) -> ActorRef | None:
        """The document's actor for a country code (used when a place stands for its country)."""
        if not code:
            return None
        for aid, kind in self.kinds.items():
            if kind == "COUNTRY" and self.countries.get(aid) == code:
                return self.lookup.refs[aid]
        return None

    def search(self, roots: Iterable[Tok], exclude: set[str]) -> list[ActorRef]:
        """The first actor found breadth-first under `roots` ("blamed the conflict on what he called
        years of aggressive policy by NATO"), not in relative clauses nor passive agents ("a law
        backed by Bush": Bush backed it, it is not what was welcomed)."""
        queue = [(t, 0) for t in roots]
        while queue:
            tok, depth = queue.pop(0)
            if tok.pos_ != "PRON":
                ref = self.lookup.at_token(tok.i)
                if ref is not None and ref.actor_id not in exclude and self.kinds.get(ref.actor_id) != "MEDIA":
                    return [ref]
            if depth < DEEP_MAX:  # not into "a plan tabled by France": who tabled it is not the target
                queue += [(c, depth + 1) for c in tok.children if c.dep_ not in ("relcl", "advcl", "punct", "agent")
                          and not (c.dep_ == "acl" and c.tag_ == "VBN")]
        return []


def _each_other(verb: Tok) -> bool:
    """'blamed each other', 'accused one another'."""
    return any(c.dep_ in ("dobj", "pobj", "dative") and c.lower_ in ("other", "another")
               and any(g.lower_ in ("each", "one") for g in c.children) for c in verb.subtree
               if c.head.i == verb.i or c.head.head.i == verb.i)


def _phrase_place(np: Tok, country_of: Any) -> Any:
    """The place in an "in/at X" phrase of a noun phrase ("police in Dhaka")."""
    for c in np.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "at", "from"):
            for p in _pobjs(c):
                place = place_in_phrase(p, country_of)
                if place is not None:
                    return place
    return None


def _plural_antecedent(pronoun: Tok) -> Tok | None:
    """The nearest plural noun phrase before 'they'/'them' in its sentence, if any."""
    sent = pronoun.sent
    for tok in reversed(sent.doc[sent.start : pronoun.i]):
        if tok.tag_ in ("NNS", "NNPS") and tok.dep_ not in ("compound", "poss") and lemma(tok) not in TIME_NOUNS:
            return tok
        if tok.conjuncts and tok.dep_ in ("nsubj", "dobj", "pobj", "nsubjpass") and tok.i < pronoun.i:
            return tok
    return None


def _unique(refs: Iterable[ActorRef]) -> list[ActorRef]:
    seen: dict[str, ActorRef] = {}
    for r in refs:
        seen.setdefault(r.actor_id, r)
    return list(seen.values())


# --- clause structure ---------------------------------------------------------------------------


def _climb(tok: Tok) -> Tok | None:
    """The verb a non-finite or coordinated clause hangs on (for inherited subjects and context)."""
    if tok.head.i == tok.i:
        return None
    if tok.dep_ in ("xcomp", "conj", "advcl", "acomp") and _verbal(tok.head) or tok.head.pos_ == "ADJ":
        return tok.head
    if tok.dep_ == "pcomp" and tok.head.head.i != tok.head.i:
        return tok.head.head
    return None


def subject_of(verb: Tok) -> tuple[Tok | None, bool]:
    """(subject token, passive?) of a verb: nsubj, else the agent of a passive, else inherited."""
    if _headline_passive(verb):
        return None, True
    if any(c.dep_ == "auxpass" for c in verb.children) and not any(c.dep_ == "nsubjpass" for c in verb.children):
        # "X and Y are to be offered chances": a passive complement, its inherited subject the patient
        agent = next((g for a in verb.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"), None)
        return agent, True
    node, via = verb, ""
    for _ in range(5):
        # The subject nearest the verb: a dateline ("MOSCOW — Xi and Putin signed") can be a second one.
        for c in sorted(node.children, key=lambda c: abs(node.i - c.i)):
            if c.dep_ in ("nsubj", "csubj"):
                if c.tag_ in ("WDT", "WP") and node.dep_ == "relcl":
                    return node.head, False
                return c, False
            if c.dep_ == "nsubjpass" and via == "xcomp":  # "Biden is set to meet Xi": Biden meets
                return c, False
            if c.dep_ == "nsubjpass":
                agent = next((g for a in node.children if a.dep_ == "agent" for g in a.children
                              if g.dep_ == "pobj"), None)
                return agent, True
        if node.dep_ == "acl" and node.tag_ == "VBG":
            return node.head, False
        controller = _of_controller(node)
        if controller is not None:
            return controller, False
        if node.dep_ in ("acl", "advcl") and node.tag_ == "VBN" and not _aux_words(node):
            # "an air strike, widely blamed on Israel": a passive participle, its subject is no agent
            agent = next((g for a in node.children if a.dep_ == "agent" for g in a.children
                          if g.dep_ == "pobj"), None)
            return agent, True
        nxt = _climb(node)
        if nxt is None:
            return None, False
        node, via = nxt, node.dep_
    return None, False


def _of_controller(verb: Tok) -> Tok | None:
    """'accused Pyongyang of shipping shells': the object of the governing verb does the gerund
    ("Cherie accused of attacking Bush": the headline's subject)."""
    if verb.dep_ != "pcomp" or verb.head.lower_ not in ("of", "for") or verb.head.head.i == verb.head.i:
        return None
    gov = verb.head.head
    if not _verbal(gov):
        return None
    if _headline_passive(gov):
        return next((c for c in gov.children if c.dep_ == "nsubj"), None)
    return next((c for c in gov.children if c.dep_ == "dobj"), None)


def _headline_passive(verb: Tok) -> bool:
    """'Cherie accused of attacking Bush', 'BNP leader Nick Griffin arrested': a reduced passive."""
    if any(c.dep_ in ("dobj", "auxpass", "nsubjpass", "aux") for c in verb.children):
        return False
    if not any(c.dep_ == "nsubj" for c in verb.children):
        return False
    accusing = lemma(verb) in ("accuse", "charge", "blame", "suspect", "criticise", "criticize", "condemn") and \
        any(c.dep_ == "prep" and c.lower_ in ("of", "for", "over") for c in verb.children)
    return accusing or verb.tag_ == "VBN"


def passive_patient(verb: Tok) -> Tok | None:
    """What a passive verb did something to: its nsubjpass, or the noun a participle modifies."""
    for c in verb.children:
        if c.dep_ == "nsubjpass" or c.dep_ == "nsubj" and _headline_passive(verb):
            return c
    if any(c.dep_ == "auxpass" for c in verb.children) and verb.dep_ == "xcomp":
        return next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return verb.head
    return None


def _aux_words(verb: Tok) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}


def negated_here(tok: Tok) -> bool:
    """A negation on this word: not/n't/never, 'no' on its object, or a 'without' phrase above it."""
    for c in tok.children:
        if c.dep_ == "neg" or (c.lower_ in NEGATORS and c.dep_ in ("advmod", "det")):
            return True
        if c.dep_ in ("dobj", "attr") and any(g.lower_ == "no" and g.dep_ == "det" for g in c.children):
            return True
    return tok.dep_ == "pcomp" and tok.head.lower_ == "without"


@dataclass
class Clause:
    negated: bool = False
    modality: str = "asserted"
    blocked: bool = False  # urged, threatened or refused to do: not coded
    deontic: bool = False
    intent: bool = False  # agreed, promised or decided to do
    modals: frozenset[str] = frozenset()  # the modal auxiliaries seen on the way up


def clause_context(anchor: Tok) -> Clause:
    """Negation and modality of a predicate from its own clause and the verbs governing it."""
    ctx = Clause(negated=negated_here(anchor), modality=_own_modality(anchor), modals=_modals(anchor))
    ctx.deontic = bool(_aux_words(anchor) & MODAL_DEONTIC) or _have_to(anchor)
    node = anchor
    for _ in range(5):
        head = _governor(node)
        if head is None:
            break
        own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children)
        if node.dep_ in ("xcomp", "ccomp", "pcomp"):
            _governed_by(ctx, node, head)
        if node.dep_ in ("xcomp", "pcomp") or (node.dep_ == "conj" and not own_subject):
            ctx.negated = ctx.negated or negated_here(head)
            if ctx.modality == "asserted":
                ctx.modality = _own_modality(head)
                ctx.modals |= _modals(head)
        node = head
    return ctx


def _modals(verb: Tok) -> frozenset[str]:
    return frozenset(_aux_words(verb) & (MODAL_FUTURE | MODAL_HYPOTHETICAL))


def _governor(tok: Tok) -> Tok | None:
    """The verb (or adjective: 'ready to') whose complement or conjunct `tok` is."""
    if tok.head.i == tok.i or tok.dep_ not in ("xcomp", "conj", "ccomp", "advcl", "acomp", "pcomp"):
        return None
    head = tok.head
    for _ in range(3):  # "stopped short of condemning": pcomp -> of -> short -> stopped
        if _verbal(head) or head.pos_ == "ADJ" and head.dep_ in ("acomp", "ROOT", "xcomp"):
            return head
        if head.head.i == head.i:
            return None
        head = head.head
    return None


def _governed_by(ctx: Clause, node: Tok, head: Tok) -> None:
    """What the governing verb makes of its complement: a request, a refusal, a plan, a promise..."""
    hl = lemma(head)
    that_clause = node.dep_ == "ccomp"
    infinitive = any(a.lower_ == "to" and a.dep_ == "aux" for a in node.children)
    requested = (hl in REQUEST_CONTROL and infinitive) or (hl in REQUEST_THAT and that_clause) or (
        hl == "call" and any(c.lower_ in ("on", "for", "upon") for c in head.children))
    if requested or hl in BLOCKING_GOVERNORS:
        ctx.blocked = True
    elif hl in NEGATING_GOVERNORS and not that_clause:
        ctx.negated = True
    elif hl in HYPOTHETICAL_GOVERNORS:
        ctx.modality = "hypothetical" if ctx.modality in ("asserted", "reported") else ctx.modality
        ctx.modals |= {hl}
    elif hl in FUTURE_GOVERNORS or hl in INTENT_GOVERNORS:
        ctx.intent = hl in INTENT_GOVERNORS
        ctx.modality = "future" if ctx.modality in ("asserted", "reported") else ctx.modality
    elif (hl in SAY_LEMMAS and that_clause or hl in ALLEGE_GOVERNORS) and ctx.modality == "asserted":
        ctx.modality = "reported"


def _own_modality(verb: Tok) -> str:
    auxes = _aux_words(verb)
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children):
        return "conditional"
    if auxes & MODAL_FUTURE or (verb.dep_ == "xcomp" and verb.head.lower_ == "going"):
        return "future"
    if auxes & MODAL_HYPOTHETICAL:
        return "hypothetical"
    return "asserted"


def _have_to(verb: Tok) -> bool:
    return verb.dep_ == "xcomp" and lemma(verb.head) in ("have", "need") and any(
        a.lower_ == "to" for a in verb.children)


# --- predicates ---------------------------------------------------------------------------------


@dataclass
class Pred:
    """One event predicate: the trigger word, its lexicon entry and the verb its clause hangs on."""

    tok: Tok
    trig: Trigger
    anchor: Tok
    used: frozenset[int]
    nominal: bool = False  # an event noun without a light verb


def predicates(sent: Any) -> list[Pred]:
    """Verbal and light-verb predicates first, then the event nouns no verb claimed."""
    preds: list[Pred] = []
    claimed: set[int] = set()
    for tok in sent:
        if not (_verbal(tok) or tok.pos_ == "ADJ"):
            continue
        pred = _verb_pred(tok)
        if pred is not None:
            preds.append(pred)
            claimed |= pred.used | {pred.tok.i}
    for tok in sent:
        if tok.pos_ in ("NOUN", "PROPN") and tok.i not in claimed and tok.dep_ != "compound":
            m = match_noun(tok)
            if m is not None:
                preds.append(Pred(tok, m.trig, tok, m.used, nominal=True))
    return sorted(preds, key=lambda p: p.tok.i)


def _verb_pred(tok: Tok) -> Pred | None:
    m = match_verb(tok)
    light = _light_noun(tok)
    if light is not None and (m is None or len(m.trig.lemmas) == 1):
        noun, nm = light
        if lemma(tok) not in INTENT_LIGHT or m is None or nm.trig.plover not in ("AID", "COOPERATE"):
            return Pred(noun, _provided(tok, noun, nm.trig), tok, nm.used | {noun.i})
    if m is None:
        return None
    return Pred(tok, m.trig, tok, m.used)


def _light_noun(tok: Tok) -> tuple[Tok, Match] | None:
    """The event noun object a light verb carries: 'imposed sanctions', 'adopted a package of sanctions'."""
    if lemma(tok) not in LIGHT_VERBS:
        return None
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            noun = see_through(c)
            m = match_noun(noun)
            if m is not None:
                return noun, m
    return None


def _provided(verb: Tok, noun: Tok, trig: Trigger) -> Trigger:
    """'provide support', 'send help': giving support is material aid, not praise."""
    if trig.plover == "SUPPORT" and lemma(verb) in ("provide", "give", "send", "deliver", "offer", "extend") \
            and lemma(noun) in ("support", "backing", "help"):
        return Trigger(trig.lemmas, trig.kind, "AID", "070")
    return trig


# --- events of one sentence ---------------------------------------------------------------------


@dataclass
class Draft:
    """An event before policy: roles resolved, context attached."""

    pred: Pred
    type: str
    cameo: str
    sources: list[ActorRef]
    targets: list[ActorRef]
    ctx: Clause
    confidence: float
    speaker: ActorRef | None = None
    derived: bool = False  # made from reported speech, not from a trigger


class SentenceCoder:
    """Codes the sentences of one document, keeping the memory of groups across sentences."""

    def __init__(self, document: Document, country_of: Any) -> None:
        from ..actors import actor_lookup

        self.doc = document
        self.memory = Memory()
        self.lookup = actor_lookup(document)
        dateline = document.article.dateline if document.article else None
        home = dateline_place(dateline, country_of).country if dateline else None
        self.resolver = Resolver(self.lookup, self.memory, home)
        self.country_of = country_of
        self.quotes: list[Quote] = [q for q in document.quotes if q.speaker is not None]

    # roles

    def sources(self, pred: Pred, coop: bool) -> tuple[list[ActorRef], bool]:
        """(source actors, passive?) of a predicate."""
        if pred.nominal:
            return self._noun_sources(pred.tok, coop), False
        if pred.anchor is not pred.tok:  # light verb: the noun's own possessor speaks first
            own = [r for c in pred.tok.children if c.dep_ == "poss" for r in self.resolver.np(c)]
            if own:
                return own, False
        subj, passive = subject_of(pred.anchor)
        found = self._speaker_pronoun(subj, pred.anchor) or self.resolver.np(subj, coop)
        if not found and pred.trig.plover == "REQUEST" and _reported_conjunct(pred.anchor):
            # "Borrell said that the law ran counter to ... and urged the authorities to ...": the
            # parser joins the appeal to the reported clause; it is the speaker's.
            subj, passive = subject_of(pred.anchor.head.head)
            found = self.resolver.np(subj, coop)
        if not found and pred.trig.plover in ("PROTEST", "COERCE", "ASSAULT") and subj is not None:
            # "Police in Dhaka arrested ...", "protesters rallied in Nairobi": where they are
            place = _phrase_place(subj, self.country_of) or place_of(pred.anchor, self.country_of)
            found = self.resolver.generic(subj, place.country if place else None)
        return found, passive

    def _speaker_pronoun(self, subj: Tok | None, anchor: Tok) -> list[ActorRef]:
        """'Seoul said it would suspend the agreement': 'it' in what a speaker says is the speaker."""
        if subj is None or subj.lower_ not in ("it", "he", "she"):
            return []
        say = _say_head(anchor)
        if say is None:
            return []
        speaker, _ = subject_of(say)
        refs = self.resolver.np(speaker) if speaker is not None and speaker.i != subj.i else []
        return refs if len(refs) == 1 else []

    def _noun_sources(self, noun: Tok, coop: bool) -> list[ActorRef]:
        found: list[ActorRef] = []
        for c in noun.children:
            if _against(noun, c):
                continue
            if c.dep_ == "poss" or (c.dep_ in ("amod", "compound", "nmod") and not _destination(noun, c)):
                found += self.resolver.np(c, coop)
            if c.dep_ == "prep" and c.lower_ in ("by", "from"):
                for p in _pobjs(c):
                    found += self.resolver.np(p, coop)
        return _unique(found)

    def targets(self, pred: Pred, passive: bool, sources: list[ActorRef]) -> list[ActorRef]:
        exclude = {r.actor_id for r in sources}
        group = pred.trig.plover in SYMMETRIC and len(sources) >= 2  # "A and B agreed to ...": no target
        # "asked the Queen to dissolve Parliament": who is asked is the object, not what it is asked
        addressed = pred.trig.plover == "REQUEST" and any(c.dep_ in ("dobj", "dative") for c in pred.anchor.children)
        direct = group or addressed or lemma(pred.anchor) in HELP_VERBS
        for cand in self._target_candidates(pred, passive, direct_only=direct):
            got = [r for r in self.resolver.np(cand, pronoun_poss=False, via_from=False, exclude=frozenset(exclude))
                   if r.actor_id not in exclude]
            got = got or self.resolver.generic(cand, None)
            if not got and _against(cand.head, cand):  # "anti-French": the adjective's country
                ref = self.resolver.country_actor(self.country_of(cand.text))
                got = [ref] if ref is not None and ref.actor_id not in exclude else []
            if got:
                return got
        if pred.trig.plover in DEEP_TARGET_TYPES and not pred.nominal and not direct:
            return self.resolver.search(self._deep_roots(pred), exclude)
        return []

    def _deep_roots(self, pred: Pred) -> list[Tok]:
        """Where a target may hide: the object, the content clause, prepositional phrases (not "by"
        means, nor what a threat warns against doing)."""
        roots = [c for c in pred.anchor.children if c.dep_ in ("dobj", "ccomp", "prep", "xcomp", "attr")
                 and c.lower_ != "by"]
        if pred.trig.plover == "THREATEN":  # "warned that any Israeli action ..."; not "warned of", "against"
            roots = [c for c in roots if c.dep_ == "ccomp"]
        elif pred.trig.plover in ("REJECT", "SUPPORT"):  # "denied that Russian troops had crossed ..."
            roots = [c for c in roots if c.dep_ != "ccomp"]
        if pred.anchor is not pred.tok:
            roots = [c for c in pred.tok.children if c.dep_ in ("prep", "acl")] + roots
        return roots

    def _target_candidates(self, pred: Pred, passive: bool, direct_only: bool = False) -> Iterator[Tok]:
        if pred.nominal:
            yield from _noun_target_candidates(pred.tok)
            return
        verb = pred.anchor
        if pred.anchor is not pred.tok:
            yield from _noun_target_candidates(pred.tok)
        if passive:
            patient = passive_patient(verb)
            if patient is not None:
                yield patient
        objs = [c for c in verb.children if c.dep_ in ("dative", "dobj", "oprd")]
        if verb.dep_ == "amod" and any(c.dep_ == "nsubj" for c in verb.children):
            # "Sisi hosted Kenyan President William Ruto": the parser made the verb a modifier
            head = verb.head
            while head.dep_ == "compound" and head.head.i != head.i:
                head = head.head
            yield head
        for o in sorted(objs, key=lambda c: c.dep_ != "dative"):
            if o.i not in pred.used and see_through(o).i != pred.tok.i:
                yield o
            elif o.i in pred.used:  # "summoned Russia's ambassador": the trigger's own object names it
                yield from (c for c in o.children if c.dep_ in ("poss", "amod", "compound"))
            yield from _noun_target_candidates(see_through(o), pred_preps_only=True)
            if see_through(o).i != o.i:  # "signed a debt relief deal with Tanzania"
                yield from _noun_target_candidates(o, pred_preps_only=True)
        for c in verb.children:
            in_phrase = c.i in pred.used  # "fired missiles at Israel": the phrase's own preposition
            if c.dep_ in ("prep", "agent") and (c.lower_ in VERB_TARGET_PREPS or in_phrase) and not _is_time(c):
                yield from (p for p in _pobjs(c) if p.i not in pred.used)
        if verb.pos_ == "ADJ" and verb.dep_ == "acomp":
            yield from (p for c in verb.children if c.dep_ == "prep" for p in _pobjs(c))
        if not direct_only:
            for comp in _complements(verb):
                yield from _complement_objects(comp)

    # predicates -> drafts

    def draft(self, pred: Pred) -> Draft | None:
        trig = pred.trig
        ctx = clause_context(pred.anchor)
        if pred.nominal:
            ctx = self._noun_context(pred.tok, ctx)
        if ctx.blocked or (ctx.deontic and self._in_speech(pred.anchor)) or _purpose_infinitive(pred.anchor):
            return None
        if trig.plover == "AGREE" and _hostile_complement(pred.anchor):
            return None  # "agreed to widen sanctions": the sanction is the event
        coop = _quad(trig.cameo) in (1, 2)
        sources, passive = self.sources(pred, coop)
        targets = self.targets(pred, passive, sources)
        if pred.nominal:
            return self._nominal_draft(pred, ctx, sources, targets, coop)
        conf = 0.6 + 0.2 * bool(sources) + 0.2 * bool(targets)
        return Draft(pred, trig.plover, trig.cameo, sources, targets, ctx, conf)

    def _noun_context(self, noun: Tok, ctx: Clause) -> Clause:
        """An event noun takes the negation and modality of the verb whose object or phrase it is."""
        if any(c.lower_ == "no" and c.dep_ == "det" for c in noun.children):
            ctx.negated = True
        if _wished_for(noun):
            ctx.blocked = True
        verb = _governing_verb(noun)
        if verb is not None:
            outer = clause_context(verb)
            ctx.negated = ctx.negated or outer.negated
            ctx.blocked = ctx.blocked or outer.blocked or _purpose_infinitive(verb)
            ctx.modality, ctx.modals = outer.modality, outer.modals
        return ctx

    def _nominal_draft(self, pred: Pred, ctx: Clause, sources: list[ActorRef], targets: list[ActorRef],
                       coop: bool) -> Draft | None:
        noun, plover = pred.tok, pred.trig.plover
        if _scare_quoted(noun):
            return None
        governed = noun.dep_ in ("dobj", "nsubjpass") and _verbal(noun.head)  # "review its cooperation"
        responder = _response_verb(noun)
        if plover == "REQUEST" and responder is not None and sources:
            subj, _ = subject_of(responder)
            targets = [r for r in self.resolver.np(subj) if r not in sources] or targets
        elif plover in SYMMETRIC:
            between = _between(noun)
            if between:
                sources, targets = _unique(r for t in between for r in self.resolver.np(t)), []
            elif governed:
                return None
            elif not sources:
                sources = self._clause_subjects(noun, coop)
            if len(sources) == 1 and not targets and _meeting(noun):
                # "After talks in the Kremlin, Putin said": the talks of the pair the story is about
                group = self.memory.group(True, False, self.resolver.kinds)
                targets = [r for r in group if r != sources[0]] if sources[0] in group else []
            if not targets and len(sources) < 2:
                return None
        elif not sources and not governed and plover in WORDS["sourceless_types"]:
            pass  # "anti-French demonstrations", "a suicide bombing in Tel Aviv": who did it is unnamed
        elif governed or not (sources and targets and _quad(pred.trig.cameo) in MATERIAL_QUADS):
            return None
        return Draft(pred, plover, pred.trig.cameo, sources, targets, ctx, 0.6)

    def _clause_subjects(self, noun: Tok, coop: bool) -> list[ActorRef]:
        """'In a phone call with Xi, Biden said': the subject of the clause the noun's phrase modifies."""
        verb = _governing_verb(noun)
        if verb is None:
            return []
        subj, _ = subject_of(verb)
        return self.resolver.np(subj, coop)

    def _in_speech(self, tok: Tok) -> bool:
        return self._quote_at(tok) is not None or _say_head(tok) is not None

    def _quote_at(self, tok: Tok) -> Quote | None:
        at = tok.idx
        best = None
        for q in self.quotes:
            if q.span[0] <= at < q.span[1] and (best is None or q.span[1] - q.span[0] < best.span[1] - best.span[0]):
                best = q
        return best

    def speaker(self, tok: Tok) -> ActorRef | None:
        say = _say_head(tok)
        if say is not None:
            subj, _ = subject_of(say)
            refs = self.resolver.np(subj)
            if len(refs) == 1:
                return refs[0]
        quote = self._quote_at(tok)
        return quote.speaker if quote is not None else None

    # sentence

    def code(self, sent: Any, index: int, dateline: str | None) -> list[Event]:
        self.resolver.skip = _dateline_tokens(sent, self.doc.article.dateline if self.doc.article else None)
        raw = []
        groups = [t for t in sent if t.dep_ in ("nsubj", "nsubjpass") and t.lower_ not in PLURAL_PRONOUNS
                  and t.conjuncts]
        for pred in predicates(sent):
            groups = self._note_groups(groups, pred.tok.i)
            d = self.draft(pred)
            if d is not None:
                raw.append(d)
        self._note_groups(groups, sent.end)
        for d in raw:
            self._attribute(d)
        kept = [d for d in raw if self._shaped(d)]
        kept += self._speech_drafts(sent, raw)
        kept = _merge(kept, self.resolver.kinds)
        events = [e for d in kept for e in self._events(d, sent, index, dateline)]
        return _dedupe(events)

    def _note_groups(self, subjects: list[Tok], before: int) -> list[Tok]:
        """Coordinated subjects ("China and Russia are ...") are what a later "both" or "they" means:
        note those before token `before`, in text order; return the ones left."""
        for tok in subjects:
            if tok.i < before:
                self.memory.note(self.resolver.np(tok), True)
        return [t for t in subjects if t.i >= before]

    def _attribute(self, d: Draft) -> None:
        """Reported speech: events in it are 'reported'; the speaker's own country acts through him."""
        spk = self.speaker(d.pred.anchor)
        if spk is None:
            return
        d.speaker = spk
        if d.ctx.modality == "asserted":
            d.ctx.modality = "reported"
        elif d.ctx.modality == "hypothetical" and d.ctx.modals == {"would"}:
            d.ctx.modality = "future"  # reported speech shifts "will" back to "would"
        country = self.resolver.countries.get(spk.actor_id)
        if self.resolver.kinds.get(spk.actor_id) == "PERSON" and country:
            d.sources = _unique([spk if self.resolver.kinds.get(r.actor_id) == "COUNTRY" and
                                 self.resolver.countries.get(r.actor_id) == country else r for r in d.sources])

    def _shaped(self, d: Draft) -> bool:
        """Apply the policy (refusals to yield, place targets, one-sided and self-directed events);
        False when the draft is not an event to report."""
        self._refusal(d)
        self._conditional_threat(d)
        self._verbal_attack(d)
        d.targets = [t for t in d.targets if not self._own_country(d.sources, t)]
        if not d.targets and d.type in PLACE_TARGET_TYPES:
            # "shelled the city of Kharkiv", "hit a hospital in Kyiv": the country of the place
            objects = [c for c in d.pred.anchor.children if c.dep_ == "dobj"]
            place = next((p for o in objects if (p := place_in_phrase(o, self.country_of)) is not None), None)
            place = place or place_of(d.pred.anchor, self.country_of, None)
            own = {self.resolver.countries.get(s.actor_id) for s in d.sources}
            ref = self.resolver.country_actor(place.country if place else None)
            if ref is not None and place is not None and place.country not in own:
                d.targets = [ref]
        keep = self._keep(d) and not self._bare_warning(d)
        if keep and (d.type in SYMMETRIC and len(d.sources) >= 2 or d.targets):
            self._remember(d)
        return keep

    def _one_marcher(self, d: Draft) -> bool:
        """'Maria Hutchings marching up to him': one person marching is walking, not protesting."""
        return d.type == "PROTEST" and lemma(d.pred.tok) in INTRANSITIVE_TRIGGERS and \
            all(self.resolver.kinds.get(s.actor_id) == "PERSON" for s in d.sources)

    def _verbal_attack(self, d: Draft) -> None:
        """'Mbeki attacked British imperialists', 'Blair attacked Tory plans': a politician's or a
        party's attack is in words unless the sentence has a physical sense (weapons, casualties)."""
        kinds = self.resolver.kinds
        if d.type != "ASSAULT" or lemma(d.pred.tok) not in WORDS["verbal_attack_verbs"] or not d.sources:
            return
        objects = [see_through(c) for c in d.pred.anchor.children if c.dep_ == "dobj"]
        verbal_object = any(lemma(o) in WORDS["verbal_objects"] for o in objects)  # "attacked X's policy"
        if not verbal_object and not all(kinds.get(s.actor_id) in ("PERSON", "ORG") for s in d.sources):
            return
        sent = d.pred.tok.sent
        if not verbal_object and any(t.lower_ in WORDS["physical_cues"] or lemma(t) in WORDS["physical_cues"]
                                     for t in sent if t.i != d.pred.tok.i):
            return
        d.type, d.cameo = "ACCUSE", "111"

    def _bare_warning(self, d: Draft) -> bool:
        """'warned Italy that the plan could be illegal': advice, not a threat (no sanction named)."""
        if d.type != "THREATEN" or d.pred.trig.text != "warn":
            return False
        for c in d.pred.anchor.children:
            if c.dep_ not in ("ccomp", "xcomp", "prep", "advcl"):
                continue
            if c.dep_ == "ccomp" and _aux_words(c) & WORDS["consequence_modals"]:
                return False  # "warned Seoul that sending arms would be a big mistake": what will follow
            for t in c.subtree:
                m = match_verb(t) if _verbal(t) else match_noun(t)
                if m is not None and m.trig.plover in HOSTILE | {"REJECT"} or lemma(t) in WORDS["sanction_words"] \
                        or t.dep_ == "mark" and t.lower_ in ("unless", "if"):
                    return False
        return True

    def _conditional_threat(self, d: Draft) -> None:
        """'will vote against the bill unless ...', 'if we don't get X, we will veto it': a threat."""
        if d.ctx.negated or d.ctx.modality != "future" or not (d.type in HOSTILE or d.type == "REJECT"):
            return
        for c in d.pred.anchor.children:
            mark = next((m.lower_ for m in c.children if m.dep_ == "mark"), "")
            if c.dep_ == "advcl" and (mark == "unless" or mark == "if" and negated_here(c)):
                d.type, d.cameo = "THREATEN", "130"
                d.ctx.modality = "reported" if d.speaker is not None else "asserted"
                return

    def _refusal(self, d: Draft) -> None:
        """'will not cease fire', 'would not return until ...': a refusal to yield (REJECT)."""
        if d.ctx.negated and d.type in ("RETREAT", "CONCEDE", "SUPPORT") and \
                d.ctx.modality in ("future", "hypothetical"):  # "cannot support the plan"
            d.type, d.cameo, d.ctx.negated = "REJECT", "124" if d.type != "SUPPORT" else "120", False
            d.ctx.modality = "reported" if d.speaker is not None else "asserted"

    def _own_country(self, sources: list[ActorRef], target: ActorRef) -> bool:
        """A person acting on his own country ('Zelensky called for the return of Ukrainian land')."""
        if self.resolver.kinds.get(target.actor_id) != "COUNTRY":
            return False
        code = self.resolver.countries.get(target.actor_id)
        return any(self.resolver.countries.get(s.actor_id) == code and s.actor_id != target.actor_id
                   for s in sources)

    def _remember(self, d: Draft) -> None:
        if d.ctx.negated or d.pred.nominal or d.ctx.blocked:
            return
        coop = _quad(d.cameo) in (1, 2)
        self.memory.note(d.sources + d.targets, coop)

    def _keep(self, d: Draft) -> bool:
        reciprocal = d.pred.trig.text in RECIPROCAL or _each_other(d.pred.anchor)
        if reciprocal and len(d.sources) >= 2 and not d.ctx.negated:
            return d.ctx.modality not in ("hypothetical", "conditional")
        # What would, could or might happen, or only if, is not reported: the text does not say it
        # happened or will (and such events are where a negated spec is most often matched). What
        # did not happen is reported only when KEEP_NEGATED says so.
        if d.ctx.modality in ("hypothetical", "conditional") or self._one_marcher(d):
            return False
        if not d.sources:
            return bool(d.targets) and d.pred.nominal and d.type in WORDS["sourceless_types"] and not d.ctx.negated
        if d.ctx.negated and not (KEEP_NEGATED and d.targets):
            return False
        if d.targets:
            return True
        alone = d.pred.trig.text in WORDS["one_sided_triggers"]  # "cancelled its debts", "gave way"
        if d.ctx.negated or d.pred.nominal or (d.type not in ONE_SIDED_TYPES and not alone):
            return d.type in SYMMETRIC and len(d.sources) >= 2 and d.cameo not in ("045", "039")
        if d.type == "SUPPORT" and lemma(d.pred.tok) not in ONE_SIDED_SUPPORT:
            return False
        if d.type in ("CONCEDE", "THREATEN") and d.pred.trig.text not in WORDS["one_sided_triggers"] \
                and d.cameo != "130":  # "gave way", "backed down"; a conditional threat
            return False
        if lemma(d.pred.tok) in NEEDS_TARGET_LEMMAS:
            return False
        return d.pred.anchor.dep_ not in ("relcl", "acl")

    # reported speech

    def _speech_drafts(self, sent: Any, drafts: list[Draft]) -> list[Draft]:
        out: list[Draft] = []
        for verb in sent:
            if verb.pos_ != "VERB":
                continue
            lem = lemma(verb)
            if lem in DESCRIBE_VERBS:
                out += self._describe_draft(verb)
            if lem not in SAY_LEMMAS or not any(c.dep_ == "ccomp" for c in verb.children):
                continue
            subj, _ = subject_of(verb)
            speakers = self.resolver.np(subj)
            if len(speakers) == 1:
                for clause in _content_clauses(verb):
                    out += self._content_draft(verb, clause, speakers[0], drafts)
        return out

    def _content_draft(self, say: Tok, clause: Tok, speaker: ActorRef, drafts: list[Draft]) -> list[Draft]:
        """'X said Y should ...' -> X REQUEST Y; 'X said Y had attacked ...' -> X ACCUSE Y."""
        subj, passive = subject_of(clause)
        # "warned that it was failing": a bare "it" is seldom an actor (the lookup may still say so)
        # "claims he has been betrayed by the British authorities": the agent is the doer
        doers = [] if subj is None or subj.lower_ == "it" else \
            [r for r in self.resolver.np(subj) if not self._same_side(speaker, r)]
        ctx = clause_context(clause)
        pred = Pred(clause, Trigger((lemma(clause),), "verb", "", ""), clause, frozenset())
        if ctx.deontic or _aux_words(clause) & MODAL_DEONTIC:
            addressee = [r for c in say.children if c.dep_ in ("dobj", "dative") for r in self.resolver.np(c)]
            targets = doers or addressee
            if targets and not ctx.negated:
                return [Draft(pred, "REQUEST", "020", [speaker], targets, Clause(), 0.6, derived=True)]
            return []
        if not doers or ctx.negated or self.resolver.kinds.get(speaker.actor_id) != "PERSON":
            return []  # an official's claim accuses; "the military said X fired" reports
        hostile = any(d.type in HOSTILE and d.sources and set(d.sources) & set(doers)
                      and _within(d.pred.anchor, clause) for d in drafts)
        blamed = lemma(clause) in BLAME_VERBS or any(
            c.dep_ == "dobj" and lemma(c) in BLAME_OBJECTS for c in clause.children)
        if hostile or blamed:
            return [Draft(pred, "ACCUSE", "112", [speaker], doers, Clause(), 0.6, derived=True)]
        return []

    def _describe_draft(self, verb: Tok) -> list[Draft]:
        """'X described Y's decision as a clear retreat' -> X ACCUSE Y; '... a success' -> SUPPORT."""
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is None:
            return []
        comp = [c for c in verb.children if c.dep_ in ("oprd", "ccomp", "xcomp")
                or (c.dep_ == "prep" and c.lower_ == "as")]
        words = {t.lower_ for c in comp for t in c.subtree} | {t.lower_ for t in obj.subtree if t.dep_ == "amod"}
        polarity = "ACCUSE" if words & NEGATIVE_WORDS else "SUPPORT" if words & POSITIVE_WORDS else ""
        if not polarity:
            return []
        subj, _ = subject_of(verb)
        sources = self.resolver.np(subj)
        targets = [r for r in self.resolver.np(obj, pronoun_poss=False) if r not in sources]
        if not targets:
            targets = self.resolver.search([obj], {r.actor_id for r in sources})
        pred = Pred(verb, Trigger((lemma(verb),), "verb", polarity, ""), verb, frozenset())
        ctx = clause_context(verb)
        if ctx.negated or not sources or (polarity == "ACCUSE" and not targets):
            return []
        cameo = "111" if polarity == "ACCUSE" else "051"
        return [Draft(pred, polarity, cameo, sources, targets, ctx, 0.6, derived=True)]

    def _participant(self, d: Draft) -> Any:
        ids = {r.actor_id for r in d.sources + d.targets}

        def avoid(tok: Tok) -> bool:
            ref = self.lookup.at_token(tok.i)
            return ref is not None and (ref.actor_id in ids or self.resolver.kinds.get(ref.actor_id) == "PERSON")
        return avoid

    def _same_side(self, speaker: ActorRef, ref: ActorRef) -> bool:
        """The speaker, or his own country ('Seoul's envoy said Seoul had ...'); not his rivals at home."""
        if ref.actor_id == speaker.actor_id:
            return True
        if self.resolver.kinds.get(ref.actor_id) != "COUNTRY":
            return False
        code = self.resolver.countries.get(speaker.actor_id)
        return code is not None and self.resolver.countries.get(ref.actor_id) == code

    # drafts -> events

    def _events(self, d: Draft, sent: Any, index: int, dateline: str | None) -> Iterator[Event]:
        code = cameo_for(d.cameo)
        anchor = d.pred.tok if d.pred.nominal else d.pred.anchor
        when = date_of(anchor, self.doc.article.published if self.doc.article else None,
                       future=d.ctx.modality == "future")
        # The dateline is where the story's main events happened, not those of its side clauses.
        main = _main_clause(anchor)
        where = place_of(anchor, self.country_of, dateline if main else None, self._participant(d))
        for s, t in _pairs(d):
            yield Event(type=d.type, cameo=code.code, goldstein=code.goldstein, quad=code.quad,
                        span=(sent.start_char, sent.end_char), sentence=index, source=s, target=t,
                        negated=d.ctx.negated, modality=d.ctx.modality, date=when, location=where,
                        confidence=round(d.confidence, 2), trigger=d.pred.trig.text)


def _main_clause(tok: Tok) -> bool:
    """The sentence's main verb, a verb coordinated with it or a complement of it."""
    node = tok
    for _ in range(4):
        if node.dep_ == "ROOT":
            return True
        if node.dep_ not in ("conj", "xcomp", "ccomp"):
            return False
        node = node.head
    return False


def _dateline_tokens(sent: Any, dateline: str | None) -> set[int]:
    """Tokens of a dateline opening the sentence ("SOCHI, Russia —", "SEOUL (CWS) -")."""
    if not dateline or not sent.text.lstrip().startswith(dateline):
        return set()
    for tok in sent[:12]:
        if tok.text in ("—", "–", "-", "--") and tok.idx - sent.start_char >= len(dateline):
            return set(range(sent.start, tok.i + 1))
    return set()


def _noun_target_candidates(noun: Tok, pred_preps_only: bool = False) -> Iterator[Tok]:
    """'sanctions on Iran', 'invasion of Ukraine', 'appeal ... to bring Moscow back', 'Moscow visit'."""
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in NOUN_TARGET_PREPS and not _is_time(c):
            if pred_preps_only and c.lower_ == "of":
                continue
            yield from _pobjs(c)
    if pred_preps_only:
        return
    for c in noun.children:
        if _destination(noun, c) or _against(noun, c):
            yield c
        if c.dep_ == "acl":
            yield from (g for g in c.children if g.dep_ in ("dobj", "dative"))


def _against(noun: Tok, mod: Tok) -> bool:
    """'anti-French demonstrations', 'anti-US protests': the modifier is what the event is against."""
    if mod.dep_ not in ("amod", "compound", "nmod"):
        return False
    if mod.lower_ in ("anti", "-") and mod.i + 1 < len(mod.doc) and mod.nbor(1).head.i == noun.i:
        return True  # the split prefix itself: "anti", "-" of "anti-Indian"
    if mod.lower_.startswith(("anti-", "anti")) and mod.lower_ != "anti" and "-" in mod.lower_:
        return True
    prev = [t for t in noun.doc[max(mod.i - 2, 0) : mod.i]]
    return len(prev) == 2 and prev[0].lower_ == "anti" and prev[1].text == "-"


def _destination(noun: Tok, mod: Tok) -> bool:
    """'a Moscow visit', 'Russia sanctions': a place or country modifier is where the event goes."""
    if mod.dep_ != "compound" or mod.ent_type_ not in ("GPE", "LOC"):
        return False
    return lemma(noun) in ("visit", "trip", "sanction", "embargo", "tour", "mission")


def _meeting(noun: Tok) -> bool:
    """A talks-like noun naming no participants, not a subject: 'after the talks', 'a joint news conference'."""
    joint = any(c.lower_ in ("joint", "bilateral") for c in noun.children)
    return noun.dep_ not in ("nsubj", "nsubjpass") and (joint or lemma(noun) in MEETING_NOUNS)


def _between(noun: Tok) -> list[Tok]:
    """'a meeting (in the Lithuanian capital) between A, B and C' -> [A, B, C]."""
    queue = [noun]
    while queue:
        tok = queue.pop(0)
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("between", "among"):
                return [t for p in _pobjs(c) for t in (p, *p.conjuncts)]
            if c.dep_ in ("prep", "pobj"):
                queue.append(c)
    return []


def _wished_for(noun: Tok) -> bool:
    """'favour an early start to talks', 'a proponent of talks': the event is only wished for."""
    node = noun
    for _ in range(4):
        if node.head.i == node.i or node.dep_ not in ("dobj", "pobj", "prep", "compound"):
            return False
        node = node.head
        if lemma(node) in WORDS["wish_heads"]:
            return True
    return False


def _response_verb(noun: Tok) -> Tok | None:
    """The verb that rejects, accepts or answers this noun ('turned down an appeal from X')."""
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    elif noun.dep_ != "dobj":
        return None
    return head if _verbal(head) and lemma(head) in RESPONSE_VERBS else None


def _complement_objects(comp: Tok) -> Iterator[Tok]:
    """'agreed to send Sweden's application': the object of what the source agreed to do."""
    for c in comp.children:
        if c.dep_ in ("dobj", "dative"):
            yield c
        if c.dep_ == "prep" and c.lower_ in VERB_TARGET_PREPS:
            yield from _pobjs(c)


def _governing_verb(noun: Tok) -> Tok | None:
    """The verb whose object or prepositional phrase a noun is ("held talks", "after talks with X")."""
    head = noun
    for _ in range(4):
        if head.head.i == head.i or head.dep_ not in ("prep", "pobj", "dobj", "attr", "npadvmod", "nsubjpass",
                                                     "conj", "appos", "pcomp"):
            return None
        head = head.head
        if _verbal(head):
            return head
    return None


def _purpose_infinitive(verb: Tok) -> bool:
    """'a request to supply ammunition', 'the first chancellor to visit Brazil': not an event."""
    if not any(a.lower_ == "to" and a.dep_ == "aux" for a in verb.children):
        return False
    if verb.dep_ in ("acl", "relcl"):
        return True
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subj is not None and any(c.ent_type_ == "ORDINAL" or c.lower_ in ("only", "last") for c in subj.children)


def _reported_conjunct(verb: Tok) -> bool:
    return verb.dep_ == "conj" and verb.head.dep_ == "ccomp" and lemma(verb.head.head) in SAY_LEMMAS


def _hostile_complement(verb: Tok) -> bool:
    for comp in _complements(verb):
        m = match_verb(comp)
        light = _light_noun(comp)
        trig = light[1].trig if light is not None else m.trig if m is not None else None
        if trig is not None and _quad(trig.cameo) in (3, 4):
            return True
    return False


def _complements(verb: Tok) -> list[Tok]:
    """Infinitival complements of a verb or of its adjective ('ready to work with X')."""
    out = [c for c in verb.children if c.dep_ == "xcomp"]
    for c in verb.children:
        if c.dep_ == "acomp":
            out += [g for g in c.children if g.dep_ == "xcomp"]
    return out + [g for c in out for g in c.conjuncts]


def _say_head(tok: Tok) -> Tok | None:
    """The speech verb whose content clause holds `tok`, if any."""
    node = tok
    for _ in range(6):
        if node.head.i == node.i:
            return None
        if node.dep_ in ("ccomp", "parataxis") and lemma(node.head) in SAY_LEMMAS:
            return node.head
        if node.dep_ not in ("xcomp", "conj", "ccomp", "advcl", "pcomp", "pobj", "prep", "relcl", "acl",
                             "dobj", "nsubj", "csubj"):
            return None
        node = node.head
    return None


def _content_clauses(say: Tok) -> list[Tok]:
    """The verbs of what a speech verb reports, through "believed that" and coordinated clauses."""
    out: list[Tok] = []
    todo = [c for c in say.children if c.dep_ == "ccomp"]
    while todo:
        c = todo.pop()
        if lemma(c) in SAY_LEMMAS:
            todo += [g for g in c.children if g.dep_ == "ccomp"]
            continue
        out += [c] + [g for g in c.conjuncts if _verbal(g)]
    return out


def _within(tok: Tok, clause: Tok) -> bool:
    node = tok
    for _ in range(8):
        if node.i == clause.i:
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _scare_quoted(tok: Tok) -> bool:
    """Inside a few words of quotation marks ('the so-called "China threat"') or after 'so-called'."""
    sent = tok.sent
    window = sent[max(tok.i - 3, sent.start) - sent.start : tok.i - sent.start]
    if any(t.lower_ in ("so-called", "called") and t.i < tok.i and t.nbor(-1).lower_ in ("so", "-")
           or t.lower_ == "so-called" for t in window if t.i > sent.start):
        return True
    left = [t for t in sent if t.i < tok.i and t.text in QUOTE_CHARS]
    right = [t for t in sent if t.i > tok.i and t.text in QUOTE_CHARS]
    if len(left) % 2 == 1 and right:
        return right[0].i - left[-1].i - 1 <= SCARE_QUOTE_MAX
    return False


def _quad(cameo: str) -> int | None:
    try:
        return cameo_for(cameo).quad
    except KeyError:
        return None


def _pairs(d: Draft) -> list[tuple[ActorRef | None, ActorRef | None]]:
    """Source x target pairs; every pair of a multi-party symmetric event ("A, B and C held drills")."""
    pairs: list[tuple[ActorRef | None, ActorRef | None]] = [(s, t) for s in d.sources for t in d.targets]
    if d.type in SYMMETRIC and len(d.sources) >= 2 and not d.targets and d.cameo not in ("045", "039"):
        pairs += list(combinations(d.sources, 2))  # "A, B and C held drills"; mediators do not meet
    elif (d.pred.trig.text in RECIPROCAL or _each_other(d.pred.anchor)) and len(d.sources) >= 2 and not d.targets:
        pairs += list(permutations(d.sources, 2))  # "A and B clashed", "blamed each other"
    if not d.targets and not pairs:
        pairs = [(s, None) for s in d.sources]
    if not d.sources:
        return [(None, t) for t in d.targets]
    return [(s, t) for s, t in pairs if s is None or t is None or s.actor_id != t.actor_id]


def _merge(drafts: list[Draft], kinds: dict[str, str]) -> list[Draft]:
    """Prefer the named person to his country when the same source deals with both in one sentence
    ("Putin visited Pyongyang and signed a treaty with Kim" -> Putin CONSULT Kim)."""
    for d in drafts:
        if d.type not in ("CONSULT", "AGREE"):
            continue
        src = {s.actor_id for s in d.sources}
        people: dict[str, dict[str, ActorRef]] = {}
        for other in drafts:  # the source's counterparts elsewhere in the sentence, and co-sources
            if src & {s.actor_id for s in other.sources}:
                for r in other.targets + other.sources:
                    if kinds.get(r.actor_id) == "PERSON" and r.country:
                        people.setdefault(r.country, {})[r.actor_id] = r
        new = []
        for t in d.targets:
            cands = [p for p in people.get(t.country or "", {}).values() if p.actor_id not in src]
            swap = kinds.get(t.actor_id) == "COUNTRY" and len(cands) == 1
            new.append(cands[0] if swap else t)
        d.targets = _unique(new)
    return drafts


def _dedupe(events: list[Event]) -> list[Event]:
    """One event per (source, type, target); a one-sided event yields to a two-sided one like it."""
    out: dict[tuple[str, str, str], Event] = {}
    for e in events:
        s = e.source.actor_id if e.source else ""
        t = e.target.actor_id if e.target else ""
        key = (s, e.type, t)
        if e.type in SYMMETRIC and (t, e.type, s) in out:
            continue
        out.setdefault(key, e)
    two_sided = {(k[0], k[1]) for k in out if k[2]} | {(k[2], k[1]) for k in out if k[2] and k[1] in SYMMETRIC}
    return [e for k, e in out.items() if k[2] or (k[0], k[1]) not in two_sided]


# --- stage --------------------------------------------------------------------------------------


def lead_end(text: str, dateline: str | None) -> int:
    """End offset of the lead paragraph: the first paragraph of at least ten words after the dateline."""
    start = text.find(dateline) if dateline else -1
    pos = max(start, 0)
    while pos < len(text):
        end = text.find("\n\n", pos)
        end = len(text) if end < 0 else end
        if start >= 0 and len(text[pos:end].split()) >= 10:
            return end
        pos = end + 2
    return 0


@stage("events", requires=("nlp", "actors"), assigns=("events",))
def code_events(doc: Document, ctx: Context) -> Document:
    if doc.nlp is None or doc.article is None:
        return doc
    domain = non_political_domain(doc.article.text)
    if domain is not None:
        return replace(doc, skipped=(*doc.skipped, f"events: a {domain} story has no political events"))
    coder = SentenceCoder(doc, ctx.kb.country_of)
    lead = lead_end(doc.article.text, doc.article.dateline)
    events: list[Event] = []
    skipped: list[str] = []
    for i, sent in enumerate(doc.nlp.sents):
        dateline = doc.article.dateline if sent.start_char < lead and i > 0 else None
        try:
            events += coder.code(sent, i, dateline)
        except Exception as exc:  # noqa: BLE001  an odd parse costs that sentence's events, not the article
            skipped.append(f"events: sentence {i} not coded ({type(exc).__name__}: {exc})")
    return replace(doc, events=tuple(events), skipped=(*doc.skipped, *skipped))

