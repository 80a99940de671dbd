"""One person, one node: names the knowledge base lacks that are another spelling of a known
person, or the short form of a person named in full in the same article.

Runs on the records of one article (after the relations), so it sees every person the article
names: "Volodymr Zelenskyy" (a misspelling) is Volodymyr Zelenskyy; "Musaed" after "Mussaed
al-Aiban" is the same man. A name is joined only when exactly one person fits; two Kims stay
two unknowns.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from difflib import SequenceMatcher
from functools import lru_cache

from diplograph.kb import KnowledgeBase
from diplograph.records import Entity, Extraction, Relation

__all__ = ["SIMILAR", "same_name", "unify_persons"]

SIMILAR = 0.88
"""How alike two spellings of a full name must be (difflib ratio of the normalised names)."""
SIMILAR_WORD = 0.8
"""How alike two spellings of one name word must be ("Musaed" / "Mussaed")."""


def normalise(name: str) -> str:
    """Lower case, no accents, hyphens, apostrophes or dots, single spaces.

    >>> normalise("Mussaed al-Aiban")
    'mussaed al aiban'
    >>> normalise("Volodymyr Zelens'kyy")
    'volodymyr zelenskyy'
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("-", " ").replace("'", "").replace("’", "").replace(".", "")
    # the Arabic article is spelt el-, al-, ul-: one particle
    return " ".join("al" if w in _ARTICLES else w for w in text.split())


_ARTICLES = frozenset({"al", "el", "ul"})


def same_name(a: str, b: str, threshold: float = SIMILAR) -> bool:
    """Two spellings of one name: the same words, give or take a letter.

    >>> same_name("Volodymr Zelenskyy", "Volodymyr Zelenskyy")
    True
    >>> same_name("Kim Jong Un", "Kim Yo Jong")
    False
    """
    return _same_normalised(normalise(a), normalise(b), threshold)


def _same_normalised(na: str, nb: str, threshold: float = SIMILAR) -> bool:
    """:func:`same_name` of two normalised names. difflib's quick ratios are upper bounds of
    its ratio, so the names they already rule out are never compared letter by letter."""
    if na == nb:
        return True
    wa, wb = na.split(), nb.split()
    if len(wa) != len(wb):
        return False
    return _similar(na, nb, threshold) and all(
        _similar(x, y, SIMILAR_WORD) for x, y in zip(wa, wb, strict=True)
    )


def _similar(a: str, b: str, threshold: float) -> bool:
    matcher = SequenceMatcher(None, a, b)
    return (
        matcher.real_quick_ratio() >= threshold
        and matcher.quick_ratio() >= threshold
        and matcher.ratio() >= threshold
    )


@lru_cache(maxsize=4)
def _persons_by_initial(kb: KnowledgeBase) -> dict[str, list[tuple[str, str]]]:
    """(normalised full name, person id) of every known person, by the first letter of the
    last word, so a misspelt name is compared with a few hundred names, not all."""
    table: dict[str, list[tuple[str, str]]] = {}
    for entry in kb.entries.values():
        if entry.type != "Person":
            continue
        for name in {entry.name, entry.de, *entry.aliases}:
            if name and len(name.split()) >= 2:
                norm = normalise(name)
                table.setdefault(norm.split()[-1][:1], []).append((norm, entry.id))
    return table


def _known_spelling(name: str, kb: KnowledgeBase) -> str | None:
    """The known person a full name the knowledge base lacks is a misspelling of, if exactly one."""
    norm = normalise(name)
    words = norm.split()
    if len(words) < 2:
        return None
    found = {
        pid
        for known, pid in _persons_by_initial(kb).get(words[-1][:1], ())
        if abs(len(known) - len(norm)) <= 3 and _same_normalised(norm, known)
    }
    return found.pop() if len(found) == 1 else None


def _short_form(name: str, others: dict[str, str]) -> str | None:
    """The one person of the article whose full name contains a one-word name ("Musaed" in
    "Mussaed al-Aiban"), if exactly one."""
    word = normalise(name)
    if " " in word or len(word) < 4:
        return None
    found = {
        pid
        for other, pid in others.items()
        if " " in normalise(other)
        and any(_similar(word, w, SIMILAR_WORD) for w in normalise(other).split())
    }
    return found.pop() if len(found) == 1 else None


def unify_persons(record: Extraction, kb: KnowledgeBase) -> Extraction:
    """The article's records with every person the knowledge base lacks that is another
    spelling of a known person, or the short form of a person named in full in the article,
    replaced by that person."""
    unknown = {
        pid: e for pid, e in record.entities.items() if e.type == "Person" and kb.get(pid) is None
    }
    if not unknown:
        return record
    names = {e.name: pid for pid, e in record.entities.items() if e.type == "Person"}
    remap: dict[str, str] = {}
    for pid, entity in sorted(unknown.items()):
        target = _known_spelling(entity.name, kb)
        if target is None:
            target = _short_form(entity.name, {n: p for n, p in names.items() if p != pid})
        if target is not None and target != pid:
            remap[pid] = target
    # a chain (short form -> unknown full name -> known person) ends at the last
    for pid in list(remap):
        seen = {pid}
        while remap[pid] in remap and remap[pid] not in seen:
            seen.add(remap[pid])
            remap[pid] = remap[remap[pid]]
    if not remap:
        return record
    entities = dict(record.entities)
    for old, new in remap.items():
        gone = entities.pop(old)
        into = entities.get(new)
        if into is None:
            entry = kb.get(new)
            if entry is not None:
                labels = {"en": entry.name, **({"de": entry.de} if entry.de else {})}
                into = entities[new] = Entity(
                    new, entry.type, entry.name, "en", labels, set(), entry.wikidata
                )
            else:
                into = entities[new] = replace(gone, id=new, surface_forms=set(gone.surface_forms))
        into.surface_forms |= {gone.name, *gone.surface_forms} - set(into.labels.values())

    def to(pid: str | None) -> str | None:
        return remap.get(pid, pid) if pid is not None else None

    relations: list[Relation] = []
    keys: set[tuple] = set()
    for rel in record.relations:
        moved = replace(
            rel,
            subject=remap.get(rel.subject, rel.subject),
            object=to(rel.object) or rel.object,
            addressee=to(rel.addressee),
        )
        if moved.kind == "MEETS" and moved.subject == moved.object:
            continue  # a person does not meet another spelling of themselves
        key = (moved.kind, moved.subject, moved.object, moved.evidence.start)
        if key in keys:
            continue
        keys.add(key)
        relations.append(moved)
    for event in record.events.values():
        event.participants = {to(p) or p for p in event.participants}
    return replace(record, entities=entities, relations=relations)
