"""A plain-Python view of a Doc's tokens for the rule components.

Indexing a spaCy ``Doc`` (``doc[i]``) creates a new ``Token`` object every time, and the rules
look at neighbouring tokens millions of times per thousand articles. ``token_table`` reads the
attributes the rules use once per Doc, in one ``Doc.to_array`` call, into ``Tok`` tuples that
are cheap to index. The table is kept on ``doc._.toks``; the first component to read it (the
mentions component) passes its own table of word attributes, so each word type is read once
per pipeline.
"""

from __future__ import annotations

from functools import partial
from operator import add
from typing import NamedTuple

from spacy.attrs import IDX, LEMMA, ORTH, SENT_START, SPACY
from spacy.tokens import Doc

__all__ = [
    "CACHE_LIMIT",
    "Tok",
    "WordAttributes",
    "token_table",
    "Ent",
    "entities",
    "span_text",
    "entity_index",
]

for _name in ("toks", "ent_table", "source_text"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

CACHE_LIMIT = 500_000  # word types per cache; cleared when full


class Tok(NamedTuple):
    """The attributes of one token that the rules read (names as on ``spacy.tokens.Token``).
    Entity labels change during the pipeline and are read from ``doc.ents`` instead."""

    # the word's own attributes (one tuple per word type, shared) ...
    text: str
    lower_: str
    lemma_: str
    is_alpha: bool
    is_lower: bool
    is_punct: bool
    is_space: bool
    is_title: bool
    like_num: bool
    # ... and the token's
    i: int
    idx: int
    space_after: bool
    is_sent_start: bool
    pos_: str


_new_tok = partial(tuple.__new__, Tok)
WordAttributes = dict[int, tuple]  # orth hash -> the attributes that depend on the word alone


def token_table(doc: Doc, words: WordAttributes | None = None) -> list[Tok]:
    """The Doc's tokens as ``Tok`` tuples (made once per Doc and kept on ``doc._.toks``).

    The loops run in C (``map``/``zip``); Python code runs once per new word type only.

    Args:
        words: the attributes of the word types seen before, for the Doc's vocabulary (filled
            here; cleared when it holds more than ``CACHE_LIMIT``); None: none seen before.
    """
    table = doc._.toks
    if table is not None and len(table) == len(doc):
        return table
    table = []
    n = len(doc)
    if n:
        if words is None:
            words = {}
        elif len(words) > CACHE_LIMIT:
            words.clear()
        array = doc.to_array([ORTH, IDX, SPACY, SENT_START, LEMMA])
        orth = array[:, 0].tolist()
        rows = list(map(words.get, orth))
        if None in rows:
            lemmas = array[:, 4].tolist()
            strings = doc.vocab.strings
            for k, h in enumerate(orth):
                if rows[k] is None:
                    lex = doc.vocab[h]
                    lemma = strings[lemmas[k]] if lemmas[k] else ""
                    rows[k] = words[h] = (
                        lex.orth_,
                        lex.lower_,
                        lemma,
                        lex.is_alpha,
                        lex.is_lower,
                        lex.is_punct,
                        lex.is_space,
                        lex.is_title,
                        lex.like_num,
                    )
        # a trained pipeline's tagger (--model)
        tags = [t.pos_ for t in doc] if doc.has_annotation("POS") else [""] * n
        per_token = zip(
            range(n),
            array[:, 1].tolist(),
            (array[:, 2] != 0).tolist(),
            (array[:, 3] == 1).tolist(),
            tags,
            strict=True,
        )
        table = list(map(_new_tok, map(add, rows, per_token)))
    doc._.toks = table
    return table


class Ent(NamedTuple):
    """An entity of the Doc as the rules read it (names as on ``spacy.tokens.Span``)."""

    start: int
    end: int
    label_: str
    ent_id_: str
    text: str


def entities(doc: Doc) -> list[Ent]:
    """The Doc's entities (``doc.ents`` read once, span texts cut from the source text).

    Kept on ``doc._.ent_table``; a component that sets ``doc.ents`` sets it back to None.
    """
    cached = doc._.ent_table
    if cached is not None:
        return cached
    source = doc._.source_text
    table = token_table(doc)
    out = []
    for ent in doc.ents:
        start, end = ent.start, ent.end
        if source is not None:
            last = table[end - 1]
            text = source[table[start].idx : last.idx + len(last.text)]
        else:
            text = ent.text
        out.append(Ent(start, end, ent.label_, ent.ent_id_, text))
    doc._.ent_table = out
    return out


def span_text(doc: Doc, start: int, end: int) -> str:
    """The text of tokens ``start:end`` (as ``doc[start:end].text``)."""
    source = doc._.source_text
    if source is None or end <= start:
        return doc[start:end].text
    table = token_table(doc)
    last = table[end - 1]
    return source[table[start].idx : last.idx + len(last.text)]


def entity_index(doc: Doc, ents: list[Ent] | None = None) -> dict[int, Ent]:
    """Token index -> the entity covering it."""
    index = {}
    for ent in entities(doc) if ents is None else ents:
        for k in range(ent.start, ent.end):
            index[k] = ent
    return index
