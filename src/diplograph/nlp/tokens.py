"""A plain-Python view of a Doc's tokens for the rule components.

Indexing a spaCy ``Doc`` (``doc[i]``) creates a new ``Token`` object every time, and the rules
look at neighbouring tokens millions of times per thousand articles. ``token_table`` reads the
attributes the rules use once per Doc, in one ``Doc.to_array`` call, into ``Tok`` objects that
are cheap to index. The table is kept on ``doc._.toks``.
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.attrs import (
    IDX,
    IS_ALPHA,
    IS_LOWER,
    IS_PUNCT,
    IS_SPACE,
    IS_TITLE,
    LEMMA,
    LIKE_NUM,
    LOWER,
    ORTH,
    POS,
    SENT_START,
    SPACY,
)
from spacy.tokens import Doc, Span

if not Doc.has_extension("toks"):
    Doc.set_extension("toks", default=None)

COLUMNS = [ORTH, LOWER, LEMMA, IDX, SPACY, IS_ALPHA, IS_LOWER, IS_PUNCT, IS_SPACE, IS_TITLE, LIKE_NUM, SENT_START, POS]


class Tok(NamedTuple):
    """The attributes of one token that the rules read (names as on ``spacy.tokens.Token``;
    flags are 0/1). Entity labels change during the pipeline and are read from ``doc.ents``."""

    i: int
    text: str
    lower_: str
    lemma_: str
    idx: int
    whitespace_: str
    is_alpha: int
    is_lower: int
    is_punct: int
    is_space: int
    is_title: int
    like_num: int
    is_sent_start: bool
    pos_: str


def _strings(doc: Doc, hashes: list[int]) -> list[str]:
    strings = doc.vocab.strings
    return [strings[h] if h else "" for h in hashes]


def token_table(doc: Doc) -> list[Tok]:
    """The Doc's tokens as ``Tok`` tuples (made once per Doc and kept on ``doc._.toks``)."""
    table = doc._.toks
    if table is not None and len(table) == len(doc):
        return table
    table = []
    if len(doc):
        orth, lower, lemma, idx, ws, alpha, is_lower, punct, space, title, num, sent, pos = doc.to_array(COLUMNS).T.tolist()
        columns = (
            range(len(doc)),
            _strings(doc, orth),
            _strings(doc, lower),
            _strings(doc, lemma),
            idx,
            [" " if w else "" for w in ws],
            alpha,
            is_lower,
            punct,
            space,
            title,
            num,
            [s == 1 for s in sent],
            _strings(doc, pos),
        )
        table = list(map(Tok._make, zip(*columns, strict=True)))
    doc._.toks = table
    return table


def entity_index(doc: Doc) -> dict[int, Span]:
    """Token index -> the entity Span covering it (``doc.ents`` read once)."""
    index = {}
    for ent in doc.ents:
        for k in range(ent.start, ent.end):
            index[k] = ent
    return index
