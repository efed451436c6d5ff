"""A small store filled straight from model dataclasses (no pipeline): Lavrov in two spellings, one
story in two copies, a conflict event, a negated and a future event, and an article whose text carries
markup that must never run."""

from __future__ import annotations

from pathlib import Path

from wirescope.model import Actor, ActorRef, Article, Document, Event, Page, Place, Quote
from wirescope.store.duckdb import DuckDBStore

LAVROV = "person:lavrov-srg"
XI = "person:xi-jnpng"
RUS, CHN, UKR = "country:RUS", "country:CHN", "country:UKR"
XSS_ID = "xss0000000000000000"
XSS_TEXT = ('Hostile page. <script>window.__xss = 1</script> and <img src=x onerror="window.__xss = 2"> '
            'were in the scrape. Russia criticised Ukraine.')

TEXT_1 = ("BEIJING — Chinese leader Xi Jinping met Russian Foreign Minister Sergei Lavrov on Tuesday. "
          "“We are sincerely pleased with these successes,” Lavrov said. Russia and China agreed to deepen ties. "
          "China did not send weapons to Russia. Russia will hold drills with China next year.")
TEXT_3 = ("MOSCOW — Sergey Lavrov accused China of ignoring Russian interests in Central Asia. "
          "“A multipolar world order will take an era,” Lavrov said.")


def _span(text: str, part: str, start: int = 0) -> tuple[int, int]:
    i = text.index(part, start)
    return (i, i + len(part))


def _ref(actor_id: str, name: str, country: str) -> ActorRef:
    return ActorRef(actor_id, name, country)


def _lavrov(text: str, spellings: tuple[str, ...]) -> Actor:
    mentions = tuple(_span(text, s) for s in spellings if s in text)
    return Actor(LAVROV, "Sergei Lavrov", "PERSON", aliases=spellings, country="RUS", role="foreign minister",
                 sector="GOV", mentions=mentions)


def story_doc(article_id: str, publisher: str, cluster: str, published: str, boilerplate: str) -> Document:
    """The Xi-Lavrov story: the first copy and a republished copy share `cluster` and every event."""
    text = TEXT_1
    article = Article(id=article_id, path=f"{article_id}.txt", text=text, title="Xi meets Lavrov in Beijing",
                      publisher=publisher, published=published, language="en", removed=(boilerplate,),
                      cluster=cluster, duplicate_of=None if article_id.endswith("1") else "story1")
    actors = (
        _lavrov(text, ("Sergei Lavrov", "Lavrov")),
        Actor(XI, "Xi Jinping", "PERSON", aliases=("Xi",), country="CHN", mentions=(_span(text, "Xi Jinping"),)),
        Actor(RUS, "Russia", "COUNTRY", country="RUS", mentions=(_span(text, "Russia ", 200),)),
        Actor(CHN, "China", "COUNTRY", country="CHN", mentions=(_span(text, "China", 200),)),
    )
    lavrov, xi = _ref(LAVROV, "Sergei Lavrov", "RUS"), _ref(XI, "Xi Jinping", "CHN")
    rus, chn = _ref(RUS, "Russia", "RUS"), _ref(CHN, "China", "CHN")
    quotes = (Quote("We are sincerely pleased with these successes,", "direct", _span(text, "We are sincerely"), 1,
                    speaker=lavrov, cue="said"),)
    events = (
        Event("CONSULT", "040", 1.0, _span(text, "met"), 0, source=xi, target=lavrov, trigger="met",
              location=Place("Beijing", "CHN")),
        Event("AGREE", "057", 8.0, _span(text, "agreed"), 2, source=rus, target=chn, trigger="agreed"),
        Event("AID", "070", 7.0, _span(text, "send"), 3, source=chn, target=rus, negated=True, trigger="send"),
        Event("COOPERATE", "062", 7.4, _span(text, "hold drills"), 4, source=rus, target=chn, modality="future"),
    )
    page = Page(path=article.path, raw=text, url=f"https://www.{publisher.lower().replace(' ', '')}.example/a")
    return Document(page=page, article=article, actors=actors, quotes=quotes, events=events)


def conflict_doc() -> Document:
    text = TEXT_3
    article = Article(id="story3", path="story3.txt", text=text, title="Lavrov accuses China",
                      publisher="Wire Two", published="2023-05-02", language="en")
    lavrov, chn = _ref(LAVROV, "Sergei Lavrov", "RUS"), _ref(CHN, "China", "CHN")
    actors = (_lavrov(text, ("Sergey Lavrov", "Lavrov")),
              Actor(CHN, "China", "COUNTRY", country="CHN", mentions=(_span(text, "China"),)))
    quotes = (Quote("A multipolar world order will take an era,", "direct", _span(text, "A multipolar"), 1,
                    speaker=lavrov, cue="said"),)
    events = (Event("ACCUSE", "112", -2.0, _span(text, "accused"), 0, source=lavrov, target=chn, trigger="accused"),)
    return Document(page=Page(path=article.path, raw=text), article=article, actors=actors, quotes=quotes,
                    events=events)


def xss_doc() -> Document:
    text = XSS_TEXT
    article = Article(id=XSS_ID, path="xss.txt", text=text, title='<img src=x onerror="window.__xss = 3">',
                      publisher="<b>Evil</b>", published="2023-06-01", language="en")
    rus, ukr = _ref(RUS, "Russia", "RUS"), _ref(UKR, "Ukraine", "UKR")
    actors = (Actor(RUS, "Russia", "COUNTRY", country="RUS", mentions=(_span(text, "Russia"),)),
              Actor(UKR, "Ukraine", "COUNTRY", country="UKR", mentions=(_span(text, "Ukraine"),)))
    events = (Event("ACCUSE", "111", -2.0, _span(text, "criticised"), 1, source=rus, target=ukr),)
    quotes = (Quote("<script>window.__xss = 1</script>", "direct", _span(text, "<script>"), 0),)
    return Document(page=Page(path=article.path, raw=text), article=article, actors=actors, events=events,
                    quotes=quotes)


def documents() -> list[Document]:
    return [story_doc("story1", "Wire One", "story1", "2023-03-21", "Back to top button"),
            story_doc("story2", "Copy Daily", "story1", "2023-03-22", "Source link"),
            conflict_doc(), xss_doc()]


def build_store(path: Path) -> Path:
    store = DuckDBStore(str(path))
    try:
        store.add(documents())
    finally:
        store.close()
    return path
