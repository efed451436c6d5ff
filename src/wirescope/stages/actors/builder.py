"""Builder: collects the actor clusters of one document, from the KB scan, spaCy entities and context."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...kb.actors import ActorKB, Entry, person_id, slug, translit_key
from ...kb.lang import words as lang_words
from .. import coref
from ..coref import given_name
from ..nlp import is_english_verb
from ..quotemarks import SPEECH_VERBS, Regions, find_quotes
from ..tokens import SharedTokens
from .cluster import Cluster
from .describe import country_word, title_tokens
from .gazetteer import scan_kb
from .institutions import institution_mentions, sector_label
from .names import People, _looks_like_name, _strip_name, _strip_org, honorific
from .settle import PersonSettler, Priors, home_orgs
from .settle import publisher_country as publisher_country_of

if TYPE_CHECKING:
    from ...model import Document

PERSON_LABELS = frozenset({"PERSON"})
STATE_SECTORS = frozenset({"GOV", "LEG", "JUD", "MIL", "PTY", "COP", "SPY"})
ORG_LABELS = frozenset({"ORG"})


class Builder:
    """Collects clusters for one document."""

    def __init__(self, document: "Document", kb: ActorKB, publisher_country: str | None = None) -> None:
        self.document, self.doc, self.kb = document, SharedTokens(document.nlp), kb
        self.publisher = publisher_country_of(document, kb, publisher_country)
        self.date = document.article.published if document.article else None
        self.priors = Priors()
        art = document.article
        self.headline_end = next((ln.span[1] for ln in art.lines if ln.role == "headline"), 0) if art else 0
        self.country_counts: dict[str, int] = {}  # country -> KB mentions (names, demonyms, capitals)
        self.people = People(self.doc, kb, self.kb_person)
        self.others: dict[str, Cluster] = {}
        self.taken: set[int] = set()
        self.person_tokens: set[int] = set()
        self.gaz_at: dict[int, Entry] = {}

    def run(self) -> list[Cluster]:
        self.tokens = self.doc.tokens  # iterating a Doc builds every Token anew: the passes share one list
        gaz = scan_kb(self.doc, self.kb, self.tokens)
        for s, e, entry in gaz:
            for i in range(s, e):
                self.gaz_at[i] = entry
            if entry.type == "COUNTRY" and entry.country:
                self.country_counts[entry.country] = self.country_counts.get(entry.country, 0) + 1
        self._names(gaz)
        self._kb_mentions(gaz)
        self._unlabelled_speakers()
        self._titled_names()
        self._orgs()
        self._stray_surnames()
        self.person_tokens = {i for c in self.people.clusters.values() for s, e in c.mentions for i in range(s, e)}
        self._settle_people()
        clusters = list(self.people.clusters.values()) + list(self.others.values())
        self._coref(clusters)
        return clusters + self._institutions(clusters)

    def _namesake(self, entry: Entry) -> Entry:
        country = max(self.country_counts, key=lambda c: self.country_counts[c]) if self.country_counts else None
        return self.kb.resolve(entry, self.date, country)

    def kb_person(self, name: str, titled: bool = False) -> Entry | None:
        """The KB person a name found in the text means: for a full name, the namesake of a country
        the document mentions (most mentioned first) or holding an office on the article's date; for
        a bare surname, see `_kb_surname`."""
        if len(name.split()) == 1:
            return self._kb_surname(name, titled)
        for country in sorted(self.country_counts, key=lambda c: -self.country_counts[c]):
            hits = self.kb.people(name, country, self.date)
            if hits:
                return hits[0]
        return self.kb.person(name, None, self.date)

    def _kb_surname(self, name: str, titled: bool) -> Entry | None:
        """A bare surname is a KB person only when one person of that surname belongs to the
        story's country (the clearly most mentioned one, else the publisher's): "Mr Howard" in a
        British story is not Australia's John Howard. With a title ("President Bush"), the namesake
        latest in office; with a date, those in office on it."""
        counts = sorted(self.country_counts.items(), key=lambda kv: -kv[1])
        clear = counts[:1] if len(counts) == 1 or counts and counts[0][1] > counts[1][1] else []
        country = clear[0][0] if clear else self.publisher
        if country is None:
            return None
        same = [e for e in self.kb.persons.get(translit_key(name), []) if country in (e.country, e.country_on(self.date))]
        if self.date:
            same = [e for e in same if _prominence(e, self.date)[0]] or same
        if len(same) > 1 and titled:
            ranked = sorted(same, key=lambda e: _prominence(e, self.date)[2], reverse=True)
            if _prominence(ranked[0], self.date)[2] > _prominence(ranked[1], self.date)[2]:
                return ranked[0]
        return same[0] if len(same) == 1 else None

    def _names(self, gaz: list[tuple[int, int, Entry]]) -> None:
        """Person names: KB people and spaCy PERSON entities; full names before bare ones."""
        spans: list[tuple[int, int, Entry | None]] = []
        for s0, e, entry in gaz:
            if entry.type == "PERSON":
                s = self._given_name_before(s0)  # "Hunter Biden" is not the KB's "Biden"
                end = self._name_run(e)
                # "Wang Wenbin" is not the KB's "Wang" (Wang Yi): a longer name wins
                who = self.kb_person(self.doc[s:end].text) if end > e or s < s0 else self._namesake(entry)
                spans.append((s, end, who))
        gaz_starts = {s for s, _, _ in spans}
        for ent in self.doc.ents:
            if ent.label_ not in PERSON_LABELS:
                continue
            s, e = _strip_name(self.doc, ent.start, ent.end, self.kb)
            if s >= e or not _looks_like_name(self.doc, s, e) or any(i in gaz_starts for i in range(s, e)):
                continue
            if any(i in self.gaz_at for i in range(s, e)) and (e - s < 2 or self._gaz_spills(s, e)):
                continue  # "Kremlin" tagged PERSON: the KB knows better
            titled = s > 0 and self.kb.role(self.doc[s - 1].lower_) is not None
            spans.append((s, e, self.kb_person(self.doc[s:e].text, titled)))
        # body names before the headline's, whose run-on words ("Vote Blair") are not given names
        spans.sort(key=lambda x: (self.doc[x[0]].idx < self.headline_end, x[0]))
        for s, e, who in spans:
            if e - s > 1 and not self._headline_run_on(s, e, who):
                self.people.full(s, e, who)
                self.taken.update(range(s, e))
        spans = [(s + (e - s - 1 if self._headline_run_on(s, e, who) else 0), e, who) for s, e, who in spans]
        spans.sort(key=lambda x: x[0])
        for s, e, who in spans:
            if e - s == 1 and s not in self.taken:
                key = self.people.bare(s, e, who) or self.people.single(s, e)
                if key:
                    self.taken.add(s)

    def _headline_run_on(self, s: int, e: int, who: Entry | None) -> bool:
        """A run-on word before a surname the document names elsewhere: a headline's "Vote Blair"
        (a first word that is no given name), or a slogan's "Vote Blair, Get Brown" anywhere (an
        English verb that is no given name). The last word alone is that person."""
        if who is not None or e - s != 2:
            return False
        first, last = self.doc[s], self.doc[e - 1].text
        in_headline = first.idx < self.headline_end and self.kb.gender(first.text) is None
        if not (in_headline or (is_english_verb(first) and not given_name(first.text))):
            return False
        return bool(self.people.bare_candidates(last)) or any(
            t.text == last and t.idx >= self.headline_end for t in self.tokens[e:])

    def _given_name_before(self, s: int) -> int:
        """Start of a name whose KB-known surname follows a given name the KB did not match."""
        if s == 0 or (s - 1) in self.gaz_at:
            return s
        t = self.doc[s - 1]
        given = t.pos_ == "PROPN" and t.text[:1].isupper() and "\n" not in t.whitespace_ \
            and t.ent_type_ == "PERSON" and self.kb.role(t.lower_) is None and not honorific(t.lower_)
        return s - 1 if given and given_name(t.text) else s

    def _name_run(self, e: int) -> int:
        """End of the capitalised proper-name tokens continuing a name at token e."""
        doc = self.doc
        while e < len(doc) and doc[e].pos_ == "PROPN" and doc[e].text[:1].isupper() and e not in self.gaz_at \
                and self.kb.role(doc[e].lower_) is None and "\n" not in doc[e - 1].whitespace_:
            e += 1
        return e

    def _gaz_spills(self, s: int, e: int) -> bool:
        """True when a KB match in [s, e) is a whole KB name, not a name's first word ("Israel Katz")."""
        return not (s in self.gaz_at and self.gaz_at[s].type == "COUNTRY" and s + 1 < e and s + 1 not in self.gaz_at)

    def _kb_mentions(self, gaz: list[tuple[int, int, Entry]]) -> None:
        for s, e, entry in gaz:
            if entry.type == "PERSON" or any(i in self.taken for i in range(s, e)):
                continue
            if self.doc[s].lower_ == "the" and e - s == 1:
                continue
            key = entry.id
            if entry.form == "metonym" and entry.type == "COUNTRY" and entry.sector not in (None, "GOV"):
                key = f"{entry.id}:{entry.sector}"  # the Pentagon: the US military, not the US
            c = self.others.get(key)
            if c is None:
                name = self.doc[s:e].text if key != entry.id else entry.name
                c = self.others[key] = Cluster(key, entry.type, name, entry, entry.country,
                                               sector=entry.sector if entry.type != "COUNTRY" or key != entry.id else None)
            c.surfaces.append(self.doc[s:e].text)
            c.mentions.append((s, e))
            self.taken.update(range(s, e))

    def _unlabelled_speakers(self) -> None:
        """A proper name that says something is a speaker even when NER missed it ("said Ana Ruiz")."""
        for t in self.tokens:
            if t.lemma_ not in SPEECH_VERBS or t.pos_ != "VERB":
                continue
            for c in t.children:
                if c.dep_ not in ("nsubj", "nsubjpass") or c.pos_ != "PROPN" or c.i in self.taken or c.ent_type_:
                    continue
                s = c.i
                while s > 0 and self.doc[s - 1].dep_ == "compound" and self.doc[s - 1].pos_ == "PROPN" \
                        and self.doc[s - 1].head.i == c.i and s - 1 not in self.taken:
                    s -= 1
                s, e = _strip_name(self.doc, s, c.i + 1, self.kb)
                if e - s >= 2 and _looks_like_name(self.doc, s, e):
                    self.people.full(s, e, self.kb_person(self.doc[s:e].text))
                    self.taken.update(range(s, e))

    def _titled_names(self) -> None:
        """Names NER missed but a title vouches for: "Ambassador Georgy Zinoviev", "Vice Foreign
        Minister Kim Hong-kyun", "a foreign ministry spokesman, Wang Wenbin," (appositive)."""
        doc, n = self.doc, len(self.doc)
        for t in self.tokens:
            if t.i in self.taken or t.pos_ != "PROPN" or not t.text[:1].isupper():
                continue
            prev = doc[t.i - 1] if t.i > 0 else None
            titled = prev is not None and prev.text[:1].isupper() and self._person_role(prev.lower_)
            appos = t.dep_ in ("compound", "appos") and self._appos_of_role(t)
            if not (titled or appos):
                continue
            e = t.i
            while e < n and e - t.i < 5 and e not in self.taken and (
                    doc[e].pos_ == "PROPN" or doc[e].text == "-" or (e > t.i and doc[e - 1].text == "-")):
                e += 1
            if e - t.i >= 2 and _looks_like_name(doc, t.i, e):
                self.people.full(t.i, e, self.kb_person(doc[t.i:e].text))
                self.taken.update(range(t.i, e))

    def _person_role(self, word: str) -> bool:
        r = self.kb.role(word)
        return r is not None and r.cls in coref.PERSON_TITLE_CLASSES and not word.endswith("s")

    def _appos_of_role(self, t: Any) -> bool:
        head = t
        while head.dep_ == "compound" and head.head.i != head.i:
            head = head.head
        return head.dep_ == "appos" and self._person_role(head.head.lower_)

    def _orgs(self) -> None:
        """spaCy ORG entities: a person's surname (the small model's favourite mistake) or an org;
        an honorific makes it a person whatever the label ("Mr Blair" tagged ORG)."""
        for ent in self.doc.ents:
            if ent.label_ not in ORG_LABELS and ent.label_ not in ("GPE", "NORP", "PERSON"):
                continue
            # "Mr Blair", "Later Mr Blair" (a sentence opener swept in): the honorific makes a person
            start = next((i for i in range(ent.start, min(ent.start + 2, ent.end - 1))
                          if honorific(self.doc[i].lower_)), ent.start)
            titled = start != ent.start or honorific(self.doc[ent.start].lower_) or (
                ent.start > 0 and honorific(self.doc[ent.start - 1].lower_))
            person_like = ent.label_ != "ORG" or titled
            s, e = _strip_name(self.doc, start, ent.end, self.kb) if person_like \
                else _strip_org(self.doc, ent.start, ent.end)
            if s >= e or any(i in self.taken for i in range(s, e)):
                continue
            if e - s == 1 and self.people.bare_candidates(self.doc[s].text):
                self.people.bare(s, e, None)
                self.taken.add(s)
            elif titled and _looks_like_name(self.doc, s, e):
                self.people.full(s, e, self.kb_person(self.doc[s:e].text)) if e - s > 1 else self.people.single(s, e)
                self.taken.update(range(s, e))
            elif ent.label_ in ORG_LABELS and _looks_like_name(self.doc, s, e):
                self._org(s, e)

    def _org(self, s: int, e: int) -> None:
        name = self.doc[s:e].text
        words = [w.lower() for w in name.split()]
        country = self._org_country(s, e)
        table = lang_words("actors")
        sector = next((table["org_sector_words"][w] for w in reversed(words) if w in table["org_sector_words"]), None)
        generic = any(w in table["generic_org_words"] for w in words)
        key = f"org:{country}:{slug(name)}" if generic and country else f"org:{slug(name)}"
        c = self.others.get(key)
        if c is None:
            c = self.others[key] = Cluster(key, "ORG", name, None, country, sector=sector)
        c.surfaces.append(name)
        c.mentions.append((s, e))
        self.taken.update(range(s, e))

    def _org_country(self, s: int, e: int | None = None) -> str | None:
        """The country owning an org: "China's Eastern Theater Command", "the Russian Defence Ministry"."""
        for i in title_tokens(self.doc, s, set()) + list(range(s, e or s)):
            entry = self.gaz_at.get(i) or country_word(self.doc[i], self.kb)
            if entry is not None and entry.type == "COUNTRY":
                return entry.country
        return None

    def _stray_surnames(self) -> None:
        """Capitalised tokens equal to a known person's name token that no entity covered."""
        for t in self.tokens:
            if t.i in self.taken or not t.text[:1].isupper() or t.pos_ not in ("PROPN", "NOUN", "ADJ"):
                continue
            if self.people.bare_candidates(t.text) and (t.i + 1 >= len(self.doc) or self.doc[t.i + 1].pos_ != "PROPN"):
                self.people.bare(t.i, t.i + 1, None)
                self.taken.add(t.i)

    def _settle_people(self) -> None:
        counts: dict[str, int] = {}
        for c in self.others.values():
            # a country's parties and state bodies place the story in its politics as its name does
            state_body = c.entry is not None and c.sector in STATE_SECTORS
            if c.country and (c.type == "COUNTRY" or state_body):
                counts[c.country] = counts.get(c.country, 0) + len(c.mentions)
        priors = self.priors = Priors(self.publisher, self._dateline_country(), counts)
        settler = PersonSettler(self.doc, self.kb, self.gaz_at, self.person_tokens, self.date, priors,
                                self.headline_end)
        people = list(self.people.clusters.values())
        for c in people:
            settler.settle(c)
        settler.home_country(people)
        home_orgs(list(self.others.values()), priors)
        for c in people:
            if c.entry is None:
                c.key = person_id(c.name)

    def _dateline_country(self) -> str | None:
        art = self.document.article
        line = getattr(art, "dateline", None) if art is not None else None
        return self.kb.country_of(line.split(",")[0].strip()) if line else None

    def _institutions(self, clusters: list[Cluster]) -> list[Cluster]:
        """Mentions of the story's country by its institutions' common nouns; new clusters returned."""
        country = self.priors.setting()
        entry = self.kb.countries.get(country) if country else None
        if entry is None:
            return []
        taken = {i for c in clusters for s, e in c.mentions for i in range(s, e)}
        by_key = {c.key: c for c in clusters}
        new = []
        for s, e, sector in institution_mentions(self.tokens, taken):
            key = entry.id if sector == "GOV" else f"{entry.id}:{sector}"
            c = by_key.get(key)
            if c is None:
                name = entry.name if sector == "GOV" else f"{entry.name} {sector_label(sector)}"
                c = by_key[key] = Cluster(key, "COUNTRY" if sector == "GOV" else "ORG", name, entry, country,
                                          sector=None if sector == "GOV" else sector, country_source="home")
                new.append(c)
            c.surfaces.append(self.doc[s:e].text)
            c.mentions.append((s, e))
        return new

    def _coref(self, clusters: list[Cluster]) -> None:
        regions = Regions(find_quotes(self.document.article.text))  # type: ignore[union-attr]
        found = coref.resolve(self.doc, clusters, regions, self.kb, self.gaz_at)
        by_key = {c.key: c for c in clusters}
        for s, e, key in found:
            by_key[key].mentions.append((s, e))



def _prominence(entry: Entry, date: str | None) -> tuple[bool, int, str]:
    """Which namesake a bare surname means: one in office on the date, then the best known (the KB
    lists more spellings and titles for famous people), then the latest in office."""
    r = entry.role_on(date) if date else None
    ends = [x.end or "9999" for x in entry.roles if not x.fallback and x.sector != "ELI"]
    return (r is not None and not r.fallback and r.sector != "ELI", len(entry.aliases), max(ends, default=""))
