"""Rule-based coreference: pronouns, titles and definite descriptions to the actors they mean.

Neural coreference models cannot be loaded here, and news prose is regular enough for salience
rules: a pronoun goes to the most salient compatible actor of the last few sentences, where
subjects, main-clause subjects and speakers weigh more, mentions inside quotation marks less (the
"he" of "..., he said" is not the Hitler of the quote), and gender and type must agree. Titles
("the prime minister", "the top Russian diplomat") go to the person of the document holding a role
of the same class (and country, if the title names one), before or after the title.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .quotemarks import SPEECH_VERBS, Regions

if TYPE_CHECKING:
    from ..kb.actors import ActorKB, Entry

MALE = {"he", "him", "his", "himself"}
FEMALE = {"she", "her", "hers", "herself"}
NEUTER = {"it", "its", "itself"}
WINDOW = 3  # sentences a pronoun looks back
PERSON_TITLE_CLASSES = {"leader", "diplomat", "defence", "minister", "adviser", "spokesperson", "judge",
                        "candidate", "legislator", "official", "military"}
COLLECTIVE_NOUNS = {"country": ("COUNTRY",), "nation": ("COUNTRY",), "bloc": ("IGO",), "alliance": ("IGO",),
                    "organisation": ("IGO", "ORG"), "organization": ("IGO", "ORG"), "group": ("ORG",),
                    "movement": ("ORG",), "militia": ("ORG",), "company": ("ORG",), "newspaper": ("MEDIA",),
                    "broadcaster": ("MEDIA",), "agency": ("ORG", "IGO", "MEDIA")}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
GIVEN_NAMES = Path(__file__).resolve().parents[1] / "kb" / "lang" / "en" / "given_names.tsv"


@functools.cache
def given_names() -> dict[str, str]:
    """Given name (lower case) -> m | f: ~47k names, see scripts/build_given_names.py."""
    out: dict[str, str] = {}
    for line in GIVEN_NAMES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, g = line.partition("\t")
            out[name.lower()] = g
    return out


def given_name(word: str) -> bool:
    """True for a word the given-name table knows ("Hunter", "Louise")."""
    return word.lower() in given_names()


def gender_of_name(name: str) -> str | None:
    """The gender of a full name's given name ("Azmat Begg" -> m); None for one word or an unknown
    or unisex given name."""
    words = [w.strip(".,") for w in name.split()]
    if len(words) < 2:
        return None
    table = given_names()
    # the given name stands right before the surname; a title before it may be a name too ("Lawyer")
    for w in reversed([w for w in words[:-1] if len(w) > 1]):
        g = table.get(w.lower())
        if g is not None:
            return g
    return None


class ClusterLike(Protocol):
    key: str
    type: str
    country: str | None
    role: str | None
    gender: str | None
    mentions: list[tuple[int, int]]

    @property
    def role_cls(self) -> str | None: ...


@dataclass
class Item:
    """One mention seen so far, with what makes it salient."""

    cluster: Any
    tok: int
    sent: int
    subj: bool
    main: bool
    speaker: bool
    quoted: bool
    form: str  # name | demonym | pronoun | title


def sentence_ids(doc: Any) -> list[int]:
    ids = [0] * len(doc)
    for k, s in enumerate(doc.sents):
        for i in range(s.start, s.end):
            ids[i] = k
    return ids


def _item(doc: Any, cluster: Any, s: int, e: int, sid: list[int], regions: Regions, form: str) -> Item:
    head = doc[s:e].root
    if head.dep_ == "appos" and head.head.dep_ in SUBJECT_DEPS:
        head = head.head  # "The shadow minister, Ann Roe, welcomed it": the name stands for the subject
    subj = head.dep_ in SUBJECT_DEPS
    verb = head.head
    return Item(cluster, e - 1, sid[s], subj, subj and verb.dep_ == "ROOT",
                subj and verb.lemma_ in SPEECH_VERBS, regions.at(doc[s].idx) is not None, form)


def _score(item: Item, sent: int) -> float:
    dist = sent - item.sent
    score = -2.0 * dist + 3.0 * item.subj + 1.0 * item.main + 2.0 * item.speaker
    if item.quoted:
        score -= 5.0
    if dist == 0:
        score += 1.0
    return score + item.tok * 1e-6  # ties go to the most recent


def _compatible(item: Item, low: str, junk: frozenset[str] = frozenset()) -> bool:
    c = item.cluster
    if low in MALE or low in FEMALE:
        want = "m" if low in MALE else "f"
        return c.type == "PERSON" and c.gender in (None, want) and c.key not in junk
    if low in NEUTER:
        return c.type in ("COUNTRY", "ORG", "IGO", "MEDIA") and item.form == "name"
    return False


def _pick(history: list[Item], low: str, sent: int, window: int = WINDOW, junk: frozenset[str] = frozenset()) -> Any:
    best, best_score = None, float("-inf")
    for item in reversed(history):
        if sent - item.sent > window:
            break
        if not _compatible(item, low, junk):
            continue
        sc = _score(item, sent)
        if sc > best_score:
            best, best_score = item, sc
    return best


def _resolve_neuter(t: Any) -> bool:
    """Only "its" and subject "it" of a real verb; most other "it"s are expletive."""
    if t.lower_ == "its":
        return True
    return t.lower_ == "it" and t.dep_ in SUBJECT_DEPS and t.head.lemma_ not in ("be", "seem", "appear", "take")


class Resolver:
    def __init__(self, doc: Any, clusters: list[Any], regions: Regions, kb: "ActorKB",
                 gaz_at: dict[int, "Entry"]) -> None:
        self.doc, self.clusters, self.regions, self.kb, self.gaz_at = doc, clusters, regions, kb, gaz_at
        self.sid = sentence_ids(doc)
        self.starts: dict[int, tuple[int, Any]] = {}
        for c in clusters:
            for s, e in c.mentions:
                self.starts[s] = (e, c)
        self.history: list[Item] = []
        self.out: list[tuple[int, int, str]] = []
        for c in clusters:  # a given name from the ~47k-name table; pronouns never set a gender
            if c.type == "PERSON" and c.gender is None:
                c.gender = gender_of_name(c.name)
        self.junk = _junk(clusters, kb)

    def run(self) -> list[tuple[int, int, str]]:
        doc, i = self.doc, 0
        while i < len(doc):
            hit = self.starts.get(i)
            if hit is not None:
                e, c = hit
                form = self.gaz_at[i].form if i in self.gaz_at else "name"
                self.history.append(_item(doc, c, i, e, self.sid, self.regions, form))
                i = e
                continue
            t = doc[i]
            if t.pos_ == "PRON":
                self._pronoun(t)
            elif t.pos_ in ("NOUN", "PROPN") and t.dep_ != "compound":
                self._title(t)
            i += 1
        return self.out

    def _pronoun(self, t: Any) -> None:
        low = t.lower_
        if low not in MALE and low not in FEMALE and low not in NEUTER:
            return
        if self.regions.at(t.idx) is not None or (low in NEUTER and not _resolve_neuter(t)):
            return
        sent = self.sid[t.i]
        item = _pick(self.history, low, sent, junk=self.junk) \
            or (_pick(self.history, low, sent, 6, self.junk) if low not in NEUTER else None)
        if item is None:
            return
        self._add(t.i, t.i + 1, item.cluster, "pronoun")

    def _add(self, s: int, e: int, c: Any, form: str) -> None:
        self.out.append((s, e, c.key))
        self.history.append(_item(self.doc, c, s, e, self.sid, self.regions, form))

    def _title(self, t: Any) -> None:
        """ "the prime minister", "the top Russian diplomat", "the country", "the bloc"."""
        left = t.left_edge.i
        if self.doc[left].lower_ not in ("the", "this", "that"):
            return
        if any(j in self.starts and self.starts[j][1].type == "PERSON" for j in range(left, t.i)):
            return  # "the Russian Foreign Minister Sergei Lavrov": the name is already there
        words = [x.lower_ for x in self.doc[left:t.i + 1]]
        if t.lower_ in COLLECTIVE_NOUNS and len(words) <= 3:
            self._collective(t, left, COLLECTIVE_NOUNS[t.lower_])
            return
        role = _role_of(words, self.kb)
        if role is None or role.cls not in PERSON_TITLE_CLASSES or t.tag_ in ("NNS", "NNPS"):
            return
        country = next((self.gaz_at[j].country for j in range(left, t.i) if j in self.gaz_at
                        and self.gaz_at[j].type == "COUNTRY"), None)
        c = self._holder(role, country, t.i)
        if c is not None:
            self._add(left, t.i + 1, c, "title")

    def _holder(self, role: Any, country: str | None, i: int) -> Any:
        best, best_key = None, None
        for c in self.clusters:
            if c.type != "PERSON" or not c.mentions or c.role_cls != role.cls:
                continue
            if role.role != role.cls and c.role != role.role:
                continue  # "the prime minister" is no president: only a generic title ("the leader") spans a class
            if country is not None and c.country not in (country,):
                continue
            exact = c.role == role.role
            before = [i - e for s, e in c.mentions if e <= i]
            dist = min(before) if before else 10**6 + min(s - i for s, e in c.mentions)
            key = (not exact, dist)
            if best_key is None or key < best_key:
                best, best_key = c, key
        return best or self._office_holder(role, country)

    def _office_holder(self, role: Any, country: str | None) -> Any:
        """No one holds the title by name: the one person the KB places in that sector (office not
        named), when they clearly dominate the article ("the prime minister" in a story about Blair)."""
        cands = [c for c in self.clusters if c.type == "PERSON" and c.mentions and c.role is None
                 and c.sector == role.sector and getattr(c, "entry", None) is not None
                 and (country is None or c.country == country)]
        cands.sort(key=lambda c: len(c.mentions), reverse=True)
        if cands and (len(cands) == 1 or len(cands[0].mentions) >= 2 * len(cands[1].mentions)):
            return cands[0]
        return None

    def _collective(self, t: Any, left: int, types: tuple[str, ...]) -> None:
        sent = self.sid[t.i]
        for item in reversed(self.history):
            if sent - item.sent > WINDOW:
                return
            if item.cluster.type in types and item.form == "name":
                self._add(left, t.i + 1, item.cluster, "title")
                return


def _junk(clusters: list[Any], kb: "ActorKB") -> frozenset[str]:
    """PERSON clusters that will not be kept as actors (a town or a lone given name the NER took for
    a person): they must not take he/she from the real people around them."""
    from .actors.nonactors import is_actor

    return frozenset(c.key for c in clusters if c.type == "PERSON" and getattr(c, "entry", None) is None
                     and " " not in c.name.strip() and not is_actor(c, kb))


def _role_of(words: list[str], kb: "ActorKB") -> Any:
    for n in range(min(4, len(words)), 0, -1):
        r = kb.role(" ".join(words[-n:]))
        if r is not None:
            return r
    return None


def resolve(doc: Any, clusters: list[Any], regions: Regions, kb: "ActorKB",
            gaz_at: dict[int, "Entry"]) -> list[tuple[int, int, str]]:
    """Token spans (start, end, cluster key) of pronouns and titles, resolved left to right."""
    return Resolver(doc, clusters, regions, kb, gaz_at).run()
