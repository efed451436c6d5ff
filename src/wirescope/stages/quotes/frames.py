"""A text as the frame of a sentence: "In this poll, Trump rose 1 point while Clinton fell", "In a
statement, the ministry rejects the claim". A sentence that opens with "in" and a document (a poll,
report, study, letter: speakers.yaml `document`) followed by a comma reports what that document says:
the main clause is the content, the document phrase the speaker. A cue verb in the main clause already
makes a quote of its own ("In a statement, the ministry said/rejected ..."): such sentences are left to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...kb.lang import words as lang_words
from ..quotemarks import CUE_VERBS
from .found import Found
from .speakers import Who, table

if TYPE_CHECKING:
    from .extract import Extractor


def document_frames(ex: "Extractor", taken: set[int]) -> list[Found]:
    out: list[Found] = []
    documents = table("document")
    cues = lang_words("cues")
    verbs = CUE_VERBS | cues["clause"] | cues["object"] | cues["intent"]
    for k, s in enumerate(ex.sents):
        first = s[0]
        if first.lower_ != "in" or first.dep_ != "prep" or first.head != s.root or ex.quoted[first.i]:
            continue
        doc_tok = next((c for c in first.children if c.dep_ == "pobj"), None)
        root = s.root
        if doc_tok is None or doc_tok.lemma_.lower() not in documents or root.lemma_ in verbs \
                or root.i in taken or not any(c.dep_ in ("nsubj", "nsubjpass") for c in root.children):
            continue
        comma = first.right_edge.i + 1
        if comma >= s.end or ex.doc[comma].text != ",":
            continue
        a, b = comma + 1, s.end
        while b > a and ex.doc[b - 1].is_punct:
            b -= 1
        if b - a < 3 or any(ex.quoted[i] for i in range(a, b)):
            continue
        phrase = ex.doc[first.i + 1:doc_tok.i + 1]
        span = (phrase[0].idx, doc_tok.idx + len(doc_tok.text))
        inner = next((r for r in (ex.lookup.at_token(t.i) for t in phrase) if r is not None), None)
        chars = (ex.doc[a].idx, ex.doc[b - 1].idx + len(ex.doc[b - 1].text))
        f = Found(ex.text[chars[0]:chars[1]], "indirect", chars, k, cue=first.text, attribution="cue")
        f.set_who(Who(inner, span, "document", phrase.text, doc_tok.lemma_.lower()))
        out.append(f)
    return out
