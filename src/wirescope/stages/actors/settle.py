"""Settling a person's country, role and sector from the evidence of the whole document.

Evidence, strongest first: the KB entry's role on the article's date; a country word in the
person's own title or appositive (body mentions before the headline's, whose words are clipped);
an organisation the phrase names; a party or a one-country title, resolved against the document;
and last, for domestic officials only, the article's home country (publisher, dateline, or the
country the article is about).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ...kb.actors import ActorKB, name_parts
from ...kb.lang import words as lang_words
from .cluster import Cluster
from .describe import Descriptor, appositive_tokens, describe, of_phrase_tokens, title_tokens, weak_country

if TYPE_CHECKING:
    from ...kb.actors import Entry
    from ...model import Document

DOMESTIC_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "OPP", "PTY", "ELI"})


@dataclass
class Priors:
    """What the document as a whole says about where it happens."""

    publisher: str | None = None  # the publisher's home country
    dateline: str | None = None
    counts: dict[str, int] = field(default_factory=dict)  # country -> mentions in the document

    def dominant(self) -> str | None:
        total = sum(self.counts.values())
        if not total:
            return None
        best = max(sorted(self.counts), key=lambda k: self.counts[k])
        return best if self.counts[best] >= max(2, 0.4 * total) else None

    def home(self) -> str | None:
        """The country a domestic official with no other clue most likely serves: the dateline's,
        the country the article is clearly about, else the publisher's (an international outlet's
        own country says little about a story abroad)."""
        return self.dateline or self.dominant() or self.publisher

    def setting(self) -> str | None:
        """The country the story is set in, for people with no clue of their own: the dateline, the
        country the article is mostly about, or the publisher's when the article names it too."""
        if self.dateline:
            return self.dateline
        if self.publisher and (self.counts.get(self.publisher) or not self.counts):
            dominant = self.dominant()
            return dominant if dominant and self.counts[dominant] > 2 * self.counts.get(self.publisher, 0) \
                else self.publisher
        return self.dominant()


def publisher_country(document: Document, kb: ActorKB, override: str | None = None) -> str | None:
    """The publisher's home country: the override (`--publisher-country`), the named publisher, the
    outlet in the URL's host or a folder of the path ("bbc/politics/x.txt"), else the URL's
    country-code domain."""
    if override:
        return override.upper()
    art, page = document.article, document.page
    names = [art.publisher] if art is not None and art.publisher else []
    host = re.sub(r"^[a-z]+://", "", page.url or "").split("/")[0].lower()
    labels = [x for x in host.split(".") if x not in lang_words("actors")["host_labels_ignored"]]
    names += labels + [p for p in re.split(r"[\\/]", page.path)[:-1] if p]
    for name in names:
        entry = kb.match(name) or kb.match(name.upper())
        if entry is not None and entry.type == "MEDIA" and entry.country:
            return entry.country
    return _cctld_country(host)


def _cctld_country(host: str) -> str | None:
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    if len(tld) != 2:
        return None
    import pycountry

    hit = pycountry.countries.get(alpha_2="GB" if tld == "uk" else tld.upper())
    return hit.alpha_3 if hit is not None else None


class PersonSettler:
    """Reads every mention's descriptors and settles each person cluster of one document."""

    def __init__(self, doc: Any, kb: ActorKB, gaz_at: dict[int, Entry], person_tokens: set[int],
                 date: str | None, priors: Priors, headline_end: int) -> None:
        self.doc, self.kb, self.gaz_at, self.person_tokens = doc, kb, gaz_at, person_tokens
        self.date, self.priors, self.headline_end = date, priors, headline_end

    def settle(self, c: Cluster) -> None:
        desc = Descriptor()
        # body mentions first: a headline's clipped words ("UK rebate 'unjustified' - Chirac") mislead
        for s, e in sorted(c.mentions, key=lambda m: (self.doc[m[0]].idx < self.headline_end, m[0])):
            toks = title_tokens(self.doc, s, self.person_tokens) + appositive_tokens(self.doc, s, e, self.kb) \
                + of_phrase_tokens(self.doc, e)
            desc.merge(describe(self.doc, toks, self.kb, self.gaz_at))
            self._gender_from(c, s, e)
        self._apply(c, desc)

    def _gender_from(self, c: Cluster, s: int, e: int) -> None:
        if e - s > 1 and c.gender is None:
            c.gender = self.kb.gender(self.doc[s].text)
        prev = self.doc[s - 1].lower_ if s > 0 else ""
        table = lang_words("actors")
        if prev in table["male_honorifics"]:
            c.gender = "m"
        elif prev in table["female_honorifics"]:
            c.gender = "f"

    def _apply(self, c: Cluster, d: Descriptor) -> None:
        e = c.entry
        kb_country = e.country_on(self.date) if e is not None else None
        if e is not None and d.country and d.role and kb_country and d.country != kb_country \
                and not _in_office(e, self.date):
            c.entry = e = kb_country = None  # "US Treasury Under-Secretary John Taylor": a namesake
        kb_role = e.role_on(self.date) if e is not None else None
        c.country = kb_country or d.country
        c.country_source = "kb" if kb_country else ("title" if d.country else None)
        c.code = e.code_on(self.date) if e is not None else None
        if d.role:
            c.role, c.sector, c.role_from_text = d.role, d.sector, True
        elif kb_role is not None:
            # Phoenix roles name a sector, not an office: keep the sector, leave the role to the text
            c.role, c.sector = (None if e is not None and e.source == "phoenix" else kb_role.role), kb_role.sector
        elif d.sector:
            c.sector = d.sector
        if d.affiliation is not None and d.affiliation.type == "IGO" and not kb_role:
            c.sector = "IGO"  # "European Commission President Barroso" serves the EU, not a country
        elif d.affiliation is not None:
            c.sector = c.sector or d.affiliation.sector or ("MED" if d.affiliation.type == "MEDIA" else None)
            if d.affiliation.type in ("ORG", "IGO", "MEDIA") and not c.country and not d.weak:
                c.country, c.country_source = d.affiliation.country, "affiliation"
        if not c.country and d.weak:
            c.country = weak_country(d.weak, self.priors.counts, self.priors.home())
            c.country_source = "party"
        if e is not None and e.gender:
            c.gender = e.gender
        elif c.gender is None and " " in c.name:
            c.gender = self.kb.gender(name_parts(c.name, c.country)[1].split(" ")[0])

    def home_country(self, clusters: list[Cluster]) -> None:
        """An official named with a bare title ("Prime Minister Irakli Kobakhidze", "the home
        secretary") serves the article's own country."""
        home, setting = self.priors.home(), self.priors.setting()
        for c in clusters:
            if c.country is not None or c.entry is not None or c.role in ("ambassador", "envoy", "consul"):
                continue
            country = home if c.sector in DOMESTIC_SECTORS else setting if c.sector in (None, "BUS", "CVL") \
                else None
            if country is not None:
                c.country, c.country_source = country, "home"


def home_orgs(clusters: list[Cluster], priors: Priors) -> None:
    """A state body the KB does not know, named with a word of its sector ("National Audit Office",
    "Strathclyde Police", "the Appeal Court") and no country in its phrase, is the home country's, as
    an official with a bare title is (`PersonSettler.home_country`). A bare sector word ("the
    Commission") or a supranational name ("the European Court") may be an international body's: left alone."""
    home, table = priors.home(), lang_words("actors")
    sectors, above = table["org_sector_words"], set(table["supranational_words"])
    for c in clusters:
        if c.type != "ORG" or c.country is not None or c.entry is not None or c.sector not in DOMESTIC_SECTORS:
            continue
        words = [w.lower() for w in c.name.split()]
        if home is not None and any(w not in sectors for w in words) and not above.intersection(words):
            c.country, c.country_source = home, "home"


def _in_office(entry: Entry, date: str | None) -> bool:
    """True when the KB knows the person in office on the date (a text's "Israeli" about a
    foreign leader visiting Israel must not unseat them)."""
    r = entry.role_on(date)
    return date is not None and r is not None and not r.fallback and r.sector != "ELI"
