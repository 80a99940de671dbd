"""The offline spaCy pipeline: ``spacy.blank(lang)`` plus diplograph's registered components.

    diplograph_sentences -> lemmatizer (lookup) -> entity_ruler (knowledge base)
    -> diplograph_mentions -> diplograph_coref -> diplograph_events -> diplograph_relations

Components pass data on Doc extensions. The article's date is set on ``doc._.article_date``
before the pipeline runs (see :func:`process`).
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterable, Iterator
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from diplograph.kb import KnowledgeBase, load_kb
from diplograph.nlp.coref import resolve
from diplograph.nlp.events import find_dates, find_events
from diplograph.nlp.lexicon import common_words, load_lexicon
from diplograph.nlp.mentions import find_mentions

for _name, _default in (
    ("article_date", None),
    ("article_id", "article"),
    ("mentions", None),
    ("events", None),
    ("event_mentions", None),
    ("dates", None),
    ("relations", None),
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)

SENT_END = frozenset(".!?")
CLOSERS = frozenset("\"'”“«»)’")
ABBREVIATIONS = frozenset(
    "st. dr. prof. mr. mrs. ms. gen. sen. rep. gov. lt. col. adm. jr. sr. no. nr. vs. z.b. bzw. ca. u.a. "
    "jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec. okt. dez. mio. mrd. abs. vgl. inc. corp. co.".split()
)


@Language.component("diplograph_sentences", assigns=["token.is_sent_start"])
def sentence_splitter(doc: Doc) -> Doc:
    """Sentences end at . ! ? (with closing quotes) before an upper-case word, and at blank lines."""
    n = len(doc)
    # token texts read once (indexing a Doc makes a Token object each time); one array write at
    # the end: setting Token.is_sent_start scans the whole Doc every time
    if n:
        orth, space = doc.to_array([ORTH, IS_SPACE]).T.tolist()
        strings = doc.vocab.strings
        texts = [strings[h] for h in orth]
    starts = numpy.full((n, 1), -1, dtype="int64")
    if n:
        starts[0, 0] = 1
    i = 0
    while i < n:
        text = texts[i]
        boundary = None
        if space[i] and "\n" in text:
            boundary = i + 1
            while boundary < n and space[boundary]:
                boundary += 1
        elif text in SENT_END or (
            len(text) > 1 and text[-1] in SENT_END and text.lower() not in ABBREVIATIONS
            and not (text[:-1].isdigit() and len(text) <= 3) and text.count(".") == 1
        ):
            j = i + 1
            while j < n and (texts[j] in CLOSERS or texts[j] in SENT_END):
                j += 1
            while j < n and space[j]:
                j += 1
            if j < n:
                first = texts[j][:1]
                if first.isupper() or first.isdigit() or first in "\"„“‘'«(" or space[j]:
                    prev = texts[i - 1].lower() + "." if i > 0 else ""
                    if not (text == "." and prev in ABBREVIATIONS and len(prev) <= 4 and not first.isdigit()):
                        boundary = j
            i = j - 1 if j > i + 1 else i
        if boundary is not None and boundary < n:
            starts[boundary, 0] = 1
        i += 1
    if n:
        doc.from_array([SENT_START], starts.astype("uint64"))
    return doc


@Language.factory("diplograph_mentions", assigns=["doc._.mentions", "doc._.dates"], requires=["doc.ents"])
def make_mentions(nlp: Language, name: str) -> MentionFinder:
    return MentionFinder(nlp.lang)


class MentionFinder:
    """Finds actor mentions beyond names: surnames, roles, titles, plural references, pronouns."""

    def __init__(self, lang: str) -> None:
        self.lex = load_lexicon(lang)
        self.kb = load_kb()

    def __call__(self, doc: Doc) -> Doc:
        doc._.mentions = find_mentions(doc, self.kb, self.lex)
        dates = find_dates(doc, self.lex, doc._.article_date)
        doc._.dates = dates
        spans = list(doc.ents)
        occupied = {i for e in spans for i in range(e.start, e.end)}
        for d in dates:
            if not any(i in occupied for i in range(d.start, d.end)):
                spans.append(Span(doc, d.start, d.end, label="DATE"))
                occupied.update(range(d.start, d.end))
        doc.ents = sorted(spans, key=lambda s: s.start)
        return doc


@Language.factory("diplograph_coref", assigns=["doc._.mentions"], requires=["doc._.mentions"])
def make_coref(nlp: Language, name: str) -> Coreference:
    return Coreference()


class Coreference:
    """Resolves surnames, role phrases, plural references and pronouns within the article."""

    def __init__(self) -> None:
        self.kb = load_kb()

    def __call__(self, doc: Doc) -> Doc:
        resolve(doc, doc._.mentions or [], self.kb, doc._.article_date)
        return doc


@Language.factory("diplograph_events", assigns=["doc._.events", "doc._.event_mentions"], requires=["doc._.mentions"])
def make_events(nlp: Language, name: str) -> EventFinder:
    return EventFinder(nlp.lang)


class EventFinder:
    """Groups event mentions into event nodes with date and place."""

    def __init__(self, lang: str) -> None:
        self.lex = load_lexicon(lang)
        self.kb = load_kb()

    def __call__(self, doc: Doc) -> Doc:
        events, mentions = find_events(
            doc, self.kb, self.lex, article_id=doc._.article_id, day=doc._.article_date, dates=doc._.dates or []
        )
        doc._.events = events
        doc._.event_mentions = mentions
        return doc


@Language.factory(
    "diplograph_relations",
    assigns=["doc._.relations"],
    requires=["doc._.mentions", "doc._.events"],
)
def make_relations(nlp: Language, name: str):  # noqa: ANN201 - spaCy factory
    from diplograph.relations.extract import RelationExtractor

    return RelationExtractor(nlp.lang)


def entity_patterns(kb: KnowledgeBase, lang: str) -> list[dict]:
    """Entity-ruler patterns for every name of the knowledge base."""
    priority = {"Person": 0, "GovernmentBody": 1, "NewsOrganization": 2, "Organization": 3, "State": 4, "Place": 5}
    patterns = []
    for surface, ids in sorted(kb.names.items()):
        if len(surface) < 2:
            continue
        entries = [kb.get(i) for i in ids]
        entries = [e for e in entries if e is not None]
        if not entries:
            continue
        best = min(entries, key=lambda e: (priority.get(e.type, 9), e.id))
        patterns.append({"label": best.type, "pattern": surface, "id": best.id})
        if surface.upper() != surface and best.type in ("Organization", "NewsOrganization") and surface.isalpha() and len(surface) <= 5:
            patterns.append({"label": best.type, "pattern": surface.upper(), "id": best.id})
        elif best.type == "Place" and surface.upper() != surface and len(surface) > 3:
            patterns.append({"label": best.type, "pattern": surface.upper(), "id": best.id})  # datelines: "GENEVA"
    return patterns


@lru_cache(maxsize=4)
def make_nlp(lang: str, model: str | None = None) -> Language:
    """Build (once per process) the pipeline for ``lang``.

    Args:
        lang: ``de`` or ``en``.
        model: an installed trained spaCy pipeline to take the tokenizer, tagger and parser from.
            Its NER is kept as a source of extra entities; the knowledge base still decides IDs.
    """
    if model:
        nlp = spacy.load(model, exclude=["lemmatizer"])
        if "ner" in nlp.pipe_names:
            nlp.rename_pipe("ner", "model_ner")
    else:
        nlp = spacy.blank(lang)
    nlp.add_pipe("diplograph_sentences", first=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"}, name="lemmatizer")
    ruler = nlp.add_pipe(
        "entity_ruler",
        config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH", "validate": False},
    )
    nlp.add_pipe("diplograph_mentions")
    nlp.add_pipe("diplograph_coref")
    nlp.add_pipe("diplograph_events")
    nlp.add_pipe("diplograph_relations")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lemmatizer = nlp.get_pipe("lemmatizer")
        lemmatizer.initialize()
    common_words(nlp.lang, lemmatizer.lookups.get_table("lemma_lookup"))
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(entity_patterns(load_kb(), lang))
    return nlp


def process(
    texts: Iterable[tuple[str, str, dt.date | None]], lang: str, *, model: str | None = None, batch_size: int = 32
) -> Iterator[Doc]:
    """Run the pipeline over (article id, body text, article date) triples."""
    nlp = make_nlp(lang, model)

    def docs() -> Iterator[Doc]:
        for article_id, text, day in texts:
            doc = nlp.make_doc(text)
            doc._.article_date = day
            doc._.article_id = article_id
            yield doc

    yield from nlp.pipe(docs(), batch_size=batch_size)
