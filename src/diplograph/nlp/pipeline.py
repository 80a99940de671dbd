"""The offline spaCy pipeline: ``spacy.blank(lang)`` plus diplograph's registered components.

    diplograph_sentences -> lemmatizer (lookup table) -> diplograph_names (knowledge base)
    -> diplograph_mentions -> diplograph_coref -> diplograph_events -> diplograph_relations

Components pass data on Doc extensions, and each factory declares what it reads (``requires``)
and writes (``assigns``), so ``nlp.analyze_pipes()`` checks the order. Not declared: the
article's date and ID (``doc._.article_date``, ``doc._.article_id``), which :func:`process` sets
before the pipeline runs, and the caches ``doc._.toks`` and ``doc._.ent_table`` (see
:mod:`diplograph.nlp.tokens`), which any component fills when it first reads them.

The knowledge base and the language data reach the components as config: ``kb`` names a
registered function (default ``diplograph.knowledge_base.v1``, the shipped one) and ``lexicon``
another (``diplograph.lexicon.v1``; None: the lexicon of the pipeline's language).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import cast

import numpy
import spacy
from spacy.attrs import IS_SPACE, LEMMA, ORTH, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import registry
from thinc.types import Ints2d

from diplograph.kb import KnowledgeBase, load_kb
from diplograph.nlp.coref import resolve
from diplograph.nlp.events import find_dates, find_events
from diplograph.nlp.lexicon import Lexicon, common_words, load_lexicon
from diplograph.nlp.mentions import MentionWords, find_mentions
from diplograph.nlp.tokens import Ent, WordAttributes, entities, span_text, token_table

__all__ = [
    "SENT_END",
    "CLOSERS",
    "ABBREVIATIONS",
    "knowledge_base",
    "lexicon",
    "KB_CONFIG",
    "RESOURCES_CONFIG",
    "sentence_splitter",
    "make_lemmatizer",
    "LookupLemmatizer",
    "make_names",
    "KnowledgeBaseNames",
    "make_mentions",
    "MentionFinder",
    "make_coref",
    "Coreference",
    "make_events",
    "EventFinder",
    "make_relations",
    "entity_patterns",
    "make_nlp",
    "process",
]

for _name, _default in (
    ("article_date", None),
    ("article_id", "article"),
    ("mentions", None),
    ("events", None),
    ("main_event", None),
    ("event_mentions", None),
    ("dates", None),
    ("relations", None),
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)

SENT_END = frozenset(".!?")
CLOSERS = frozenset("\"'”“«»)’")
ABBREVIATIONS = frozenset(
    [
        "st.",
        "dr.",
        "prof.",
        "mr.",
        "mrs.",
        "ms.",
        "gen.",
        "sen.",
        "rep.",
        "gov.",
        "lt.",
        "col.",
        "adm.",
        "jr.",
        "sr.",
        "no.",
        "nr.",
        "vs.",
        "z.b.",
        "bzw.",
        "ca.",
        "u.a.",
        "jan.",
        "feb.",
        "mar.",
        "apr.",
        "jun.",
        "jul.",
        "aug.",
        "sep.",
        "sept.",
        "oct.",
        "nov.",
        "dec.",
        "okt.",
        "dez.",
        "mio.",
        "mrd.",
        "abs.",
        "vgl.",
        "inc.",
        "corp.",
        "co.",
    ]
)


@registry.misc("diplograph.knowledge_base.v1")
def knowledge_base() -> KnowledgeBase:
    """The shipped knowledge base (loaded once per process), the components' default ``kb``.

    To run the components on another one, register a function that returns it and name it in
    their config: ``nlp.add_pipe("diplograph_coref", config={"kb": {"@misc": "my_kb.v1"}})``.
    """
    return load_kb()


@registry.misc("diplograph.lexicon.v1")
def lexicon(lang: str) -> Lexicon:
    """The language data of ``lang`` (``lang/<lang>.yaml``, loaded once per process)."""
    return load_lexicon(lang)


KB_CONFIG = {"kb": {"@misc": "diplograph.knowledge_base.v1"}}
RESOURCES_CONFIG = {**KB_CONFIG, "lexicon": None}


@Language.component("diplograph_sentences", assigns=["token.is_sent_start", "doc.sents"])
def sentence_splitter(doc: Doc) -> Doc:
    """Sentences end at . ! ? (with closing quotes) before an upper-case word, and at blank
    lines."""
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
    for c in [k for k, text in enumerate(texts) if text[-1:] in SENT_END or "\n" in text]:
        if c < i:
            continue  # skipped over with the boundary before
        i = c
        text = texts[i]
        boundary = None
        if space[i] and "\n" in text:
            boundary = i + 1
            while boundary < n and space[boundary]:
                boundary += 1
        elif text in SENT_END or (
            len(text) > 1
            and text[-1] in SENT_END
            and text.lower() not in ABBREVIATIONS
            and not (text[:-1].isdigit() and len(text) <= 3)
            and text.count(".") == 1
            and not (len(text) == 2 and text[0].isupper())  # an initial: "S. Jaishankar"
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
                    if not (
                        text == "."
                        and prev in ABBREVIATIONS
                        and len(prev) <= 4
                        and not first.isdigit()
                    ):
                        boundary = j
            i = j - 1 if j > i + 1 else i
        if boundary is not None and boundary < n:
            starts[boundary, 0] = 1
        i += 1
    if n:
        doc.from_array([SENT_START], cast(Ints2d, starts.astype("uint64")))
    return doc


@Language.factory("diplograph_lemmatizer", assigns=["token.lemma"])
def make_lemmatizer(nlp: Language, name: str) -> LookupLemmatizer:
    return LookupLemmatizer(cast(str, nlp.lang))  # a blank pipeline has its language


class LookupLemmatizer:
    """Lemmas from spacy-lookups-data's ``lemma_lookup`` table, as spaCy's lookup lemmatizer
    gives them (a word missing from the table is its own lemma), set in one array write per Doc
    instead of one Python call per token."""

    def __init__(self, lang: str) -> None:
        from spacy.util import load_language_data, registry

        # the plain JSON dict (word -> lemma); spaCy's Lookups table would hash every key first
        self.table = cast(
            dict[str, str], load_language_data(registry.lookups.get(lang)["lemma_lookup"])
        )
        self._lemma_of: dict[int, int] = {}  # orth hash -> lemma hash, filled as words are seen

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        lemma_of = self._lemma_of
        if len(lemma_of) > 500_000:
            lemma_of.clear()
        orths = doc.to_array(ORTH).tolist()
        missing = [h for h in orths if h not in lemma_of]
        if missing:
            strings = doc.vocab.strings
            for h in missing:
                lemma = self.table.get(strings[h])
                lemma_of[h] = strings.add(lemma) if isinstance(lemma, str) else h
        lemmas = numpy.array([lemma_of[h] for h in orths], dtype="uint64").reshape(-1, 1)
        doc.from_array([LEMMA], cast(Ints2d, lemmas))
        return doc


@Language.factory("diplograph_names", assigns=["doc.ents"], default_config=KB_CONFIG)
def make_names(nlp: Language, name: str, kb: KnowledgeBase) -> KnowledgeBaseNames:
    """Args:
    kb: the knowledge base whose names :func:`make_nlp` adds as patterns.
    """
    return KnowledgeBaseNames(nlp, kb)


class KnowledgeBaseNames:
    """The knowledge base's names as entities (label: entity type, ``ent_id_``: entity ID).

    A PhraseMatcher over token texts; of overlapping matches the longest wins, then the earliest.
    Entities already on the Doc (a trained pipeline's NER, ``--model``) that overlap a match are
    replaced. This is spaCy's ``entity_ruler`` with phrase patterns and ``overwrite_ents``,
    without its per-Doc count of all patterns.
    """

    def __init__(self, nlp: Language, kb: KnowledgeBase) -> None:
        self.nlp = nlp
        self.kb = kb
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.keys: dict[int, tuple[str, str]] = {}  # match key -> (label, entity ID)

    def add_patterns(self, patterns: list[dict]) -> None:
        """Add ``{"label": ..., "pattern": surface text, "id": ...}`` patterns."""
        grouped: dict[tuple[str, str], list[str]] = {}
        for pattern in patterns:
            grouped.setdefault((pattern["label"], pattern["id"]), []).append(pattern["pattern"])
        for (label, entity_id), surfaces in grouped.items():
            key = f"{label}||{entity_id}"
            self.keys[self.nlp.vocab.strings.add(key)] = (label, entity_id)
            self.matcher.add(key, [self.nlp.make_doc(text) for text in surfaces])

    def __call__(self, doc: Doc) -> Doc:
        matches = sorted(
            {(key, start, end) for key, start, end in self.matcher(doc) if start != end},
            key=lambda m: (m[2] - m[1], -m[1]),
            reverse=True,
        )
        if not matches:
            return doc
        entities = list(doc.ents)
        found = []
        seen: set[int] = set()
        for key, start, end in matches:
            if start in seen or end - 1 in seen:
                continue
            label, entity_id = self.keys[key]
            found.append(Span(doc, start, end, label=label, span_id=entity_id))
            seen.update(range(start, end))
        if entities:
            entities = [e for e in entities if not any(k in seen for k in range(e.start, e.end))]
        doc.ents = entities + found
        doc._.ent_table = None
        return doc


@Language.factory(
    "diplograph_mentions",
    assigns=["doc._.mentions", "doc._.dates", "doc.ents"],
    requires=["doc.ents", "token.is_sent_start"],
    default_config=RESOURCES_CONFIG,
)
def make_mentions(
    nlp: Language, name: str, kb: KnowledgeBase, lexicon: Lexicon | None
) -> MentionFinder:
    """Args:
    kb: the knowledge base.
    lexicon: the language data; None: that of the pipeline's language.
    """
    lex = lexicon or load_lexicon(nlp.lang)
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    table = None
    if isinstance(lemmatizer, LookupLemmatizer) and lex.lang == nlp.lang:
        table = lemmatizer.table  # read already: not again
    return MentionFinder(kb, lex, common_words(lex.lang, table))


class MentionFinder:
    """Finds actor mentions beyond names (surnames, roles, titles, plural references, pronouns)
    and dates; adds the dates to the entities (label DATE).

    As the first component to read the token table, it keeps the word attributes for it (see
    :func:`~diplograph.nlp.tokens.token_table`), and the word sets and memo tables of the passes
    (:class:`~diplograph.nlp.mentions.MentionWords`).
    """

    def __init__(
        self, kb: KnowledgeBase, lex: Lexicon, common: frozenset[str] | None = None
    ) -> None:
        self.lex = lex
        self.kb = kb
        self.words = MentionWords(lex, kb, common)
        self.word_attributes: WordAttributes = {}

    def __call__(self, doc: Doc) -> Doc:
        token_table(doc, self.word_attributes)
        doc._.mentions = find_mentions(doc, self.words)
        dates = find_dates(doc, self.lex, doc._.article_date)
        doc._.dates = dates
        if not dates:
            return doc
        table = entities(doc)  # read during find_mentions
        occupied = {i for e in table for i in range(e.start, e.end)}
        added = []
        for d in dates:
            if not any(i in occupied for i in range(d.start, d.end)):
                added.append(Ent(d.start, d.end, "DATE", "", span_text(doc, d.start, d.end)))
                occupied.update(range(d.start, d.end))
        if added:
            doc.ents = [*doc.ents, *(Span(doc, e.start, e.end, label=e.label_) for e in added)]
            # the same as entities(doc)
            doc._.ent_table = sorted(table + added, key=lambda e: e.start)
        return doc


@Language.factory(
    "diplograph_coref",
    assigns=["doc._.mentions"],
    requires=["doc._.mentions", "doc.sents"],
    default_config=KB_CONFIG,
)
def make_coref(nlp: Language, name: str, kb: KnowledgeBase) -> Coreference:
    """Args:
    kb: the knowledge base (offices by date, genders).
    """
    return Coreference(kb)


class Coreference:
    """Resolves surnames, role phrases, plural references and pronouns within the article (sets
    the ``ids`` of ``doc._.mentions``)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def __call__(self, doc: Doc) -> Doc:
        resolve(doc, doc._.mentions or [], self.kb, doc._.article_date)
        return doc


@Language.factory(
    "diplograph_events",
    assigns=["doc._.events", "doc._.event_mentions", "doc._.main_event"],
    requires=["doc._.mentions", "doc._.dates", "doc.ents", "doc.sents"],
    default_config=RESOURCES_CONFIG,
)
def make_events(
    nlp: Language, name: str, kb: KnowledgeBase, lexicon: Lexicon | None
) -> EventFinder:
    """Args:
    kb: the knowledge base (places, event series).
    lexicon: the language data; None: that of the pipeline's language.
    """
    return EventFinder(kb, lexicon or load_lexicon(nlp.lang))


class EventFinder:
    """Groups event mentions into event nodes with date and place."""

    def __init__(self, kb: KnowledgeBase, lex: Lexicon) -> None:
        self.lex = lex
        self.kb = kb

    def __call__(self, doc: Doc) -> Doc:
        events, mentions, main = find_events(
            doc,
            self.kb,
            self.lex,
            article_id=doc._.article_id,
            day=doc._.article_date,
            dates=doc._.dates or [],
        )
        doc._.events = events
        doc._.main_event = main
        doc._.event_mentions = mentions
        return doc


@Language.factory(
    "diplograph_relations",
    # the events' status too (happened, planned, ...: from how the clauses naming them say it)
    assigns=["doc._.relations", "doc._.events"],
    requires=[
        "doc._.mentions",
        "doc._.events",
        "doc._.main_event",
        "doc._.event_mentions",
        "doc._.dates",
        "doc.ents",
        "doc.sents",
        "token.lemma",
    ],
)
def make_relations(nlp: Language, name: str):  # noqa: ANN201 - spaCy factory
    """The relation rules (their knowledge base and lexicon: the shipped ones, loaded by
    :class:`~diplograph.relations.extract.RelationExtractor` itself)."""
    from diplograph.relations.extract import RelationExtractor

    return RelationExtractor(cast(str, nlp.lang))


def entity_patterns(kb: KnowledgeBase, lang: str) -> list[dict]:
    """Entity-ruler patterns for every name of the knowledge base."""
    priority = {
        "Person": 0,
        "GovernmentBody": 1,
        "NewsOrganization": 2,
        "Organization": 3,
        "State": 4,
        "Place": 5,
    }
    patterns = []
    for surface, ids in sorted(kb.names.items()):
        if len(surface) < 2:
            continue
        entries = [e for i in ids if (e := kb.get(i)) is not None]
        if not entries:
            continue
        best = min(entries, key=lambda e: (priority.get(e.type, 9), e.id))
        patterns.append({"label": best.type, "pattern": surface, "id": best.id})
        if lang == "de" and best.type == "NewsOrganization":
            # German text: genitive "des Handelsblatts", "der Times" for "The Times", and the
            # inflected adjective of "Westdeutscher Rundfunk" ("der Westdeutsche Rundfunk", "des
            # Westdeutschen Rundfunks", "der Süddeutschen Zeitung")
            bare = surface[4:] if surface.startswith("The ") else None
            forms = [bare, surface + "s" if not surface.endswith(("s", "x", "z", "ß")) else None]
            first, _, rest = surface.partition(" ")
            if (
                rest
                and rest[:1].isupper()
                and first[:1].isupper()
                and first.endswith(("er", "e"))
                and len(first) > 4
            ):
                stem = first[:-2] if first.endswith("er") else first[:-1]
                forms += [f"{stem}e {rest}", f"{stem}en {rest}", f"{stem}en {rest}s"]
            for form in forms:
                if form and len(form) > 3 and form != surface and form not in kb.names:
                    patterns.append({"label": best.type, "pattern": form, "id": best.id})
        if (
            surface.upper() != surface
            and best.type in ("Organization", "NewsOrganization")
            and surface.isalpha()
            and len(surface) <= 5
        ):
            patterns.append({"label": best.type, "pattern": surface.upper(), "id": best.id})
        elif best.type == "Place" and surface.upper() != surface and len(surface) > 3:
            # datelines: "GENEVA"
            patterns.append({"label": best.type, "pattern": surface.upper(), "id": best.id})
    return patterns


def make_nlp(lang: str, model: str | None = None) -> Language:
    """Build (once per process) the pipeline for ``lang``; see :func:`_make_nlp`."""
    return _make_nlp(lang, model or None)  # one cache entry however the arguments are passed


@lru_cache(maxsize=4)
def _make_nlp(lang: str, model: str | None) -> Language:
    """Build (once per process) the pipeline for ``lang``.

    Args:
        lang: ``de`` or ``en``.
        model: an installed trained spaCy pipeline to take the tokenizer, tagger and parser from.
            Its NER is kept as a source of extra entities; the knowledge base still decides IDs.
    """
    if model:
        nlp = spacy.load(model, exclude=["lemmatizer", "entity_ruler"])
        if "ner" in nlp.pipe_names:
            nlp.rename_pipe("ner", "model_ner")
    else:
        nlp = spacy.blank(lang)
    nlp.add_pipe("diplograph_sentences", first=True)
    nlp.add_pipe("diplograph_lemmatizer", name="lemmatizer")
    names = cast(KnowledgeBaseNames, nlp.add_pipe("diplograph_names"))
    language_data = {"lexicon": {"@misc": "diplograph.lexicon.v1", "lang": nlp.lang}}
    nlp.add_pipe("diplograph_mentions", config=language_data)
    nlp.add_pipe("diplograph_coref")
    nlp.add_pipe("diplograph_events", config=language_data)
    nlp.add_pipe("diplograph_relations")
    names.add_patterns(entity_patterns(names.kb, lang))
    return nlp


def process(
    texts: Iterable[tuple[str, str, dt.date | None]],
    lang: str,
    *,
    model: str | None = None,
    batch_size: int = 32,
) -> Iterator[Doc]:
    """Run the pipeline over (article id, body text, article date) triples."""
    nlp = make_nlp(lang, model)

    def docs() -> Iterator[Doc]:
        for article_id, text, day in texts:
            doc = nlp.make_doc(text)
            doc._.source_text = text  # the same as doc.text, which joins every token again
            doc._.article_date = day
            doc._.article_id = article_id
            yield doc

    yield from nlp.pipe(docs(), batch_size=batch_size)
