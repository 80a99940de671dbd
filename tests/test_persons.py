"""One person, one node within an article: misspellings of known persons and short forms of
full names the article gives (issue 13, entity identity)."""

from __future__ import annotations

import datetime as dt

import pytest

from diplograph.kb import load_kb
from diplograph.records import Article, Entity, Event, Evidence, Extraction, Relation
from diplograph.relations.persons import same_name, unify_persons


def person(pid: str, name: str) -> Entity:
    return Entity(pid, "Person", name, "en", {"en": name}, set())


def record(entities: list[Entity], relations: list[tuple[str, str, str]]) -> Extraction:
    article = Article("a", "a.txt", "text", 0, None, dt.date(2025, 6, 10), "en")
    evidence = Evidence("text", 0, 4)
    rels = [Relation(kind, s, o, evidence, 0.8, "test") for kind, s, o in relations]
    event = Event("event/a", "Talks", "", participants={e.id for e in entities})
    return Extraction(article, {e.id: e for e in entities}, {"event/a": event}, rels)


@pytest.mark.parametrize(
    "a,b,same",
    [
        ("Volodymr Zelenskyy", "Volodymyr Zelenskyy", True),
        (
            "Sergej Lawrow",
            "Sergei Lavrov",
            False,
        ),  # another transliteration: left to the knowledge base's aliases
        ("Kim Jong Un", "Kim Yo Jong", False),
        ("Abdel Fattah el-Sisi", "Abdel Fattah al-Sisi", True),
        ("Joe Biden", "Jill Biden", False),
    ],
)
def test_same_name(a, b, same):
    assert same_name(a, b) is same


def test_a_misspelt_known_person_is_that_person():
    misspelt = person("person/volodymr-zelenskyy", "Volodymr Zelenskyy")
    scholz = person("person/olaf-scholz", "Olaf Scholz")
    out = unify_persons(record([misspelt, scholz], [("MEETS", misspelt.id, scholz.id)]), load_kb())
    assert "person/volodymr-zelenskyy" not in out.entities
    assert "Volodymr Zelenskyy" in out.entities["person/volodymyr-zelenskyy"].surface_forms
    assert [(r.subject, r.object) for r in out.relations] == [
        ("person/volodymyr-zelenskyy", "person/olaf-scholz")
    ]
    assert out.events["event/a"].participants == {
        "person/volodymyr-zelenskyy",
        "person/olaf-scholz",
    }


def test_a_short_name_is_the_person_named_in_full():
    full = person("person/mussaed-al-aiban", "Mussaed al-Aiban")
    short = person("person/musaed", "Musaed")
    scholz = person("person/olaf-scholz", "Olaf Scholz")
    out = unify_persons(
        record(
            [full, short, scholz],
            [
                ("MEETS", full.id, scholz.id),
                ("MEETS", short.id, scholz.id),
                ("MEETS", short.id, full.id),
            ],
        ),
        load_kb(),
    )
    assert "person/musaed" not in out.entities
    # the two statements of one meeting stay; the person does not meet himself
    assert {(r.subject, r.object) for r in out.relations} == {
        ("person/mussaed-al-aiban", "person/olaf-scholz")
    }


def test_an_ambiguous_short_name_stays_apart():
    a = person("person/ahmed-al-sharaa-x", "Ahmed Khan")
    b = person("person/ahmed-nasser", "Ahmed Nasser")
    short = person("person/ahmed", "Ahmed")
    out = unify_persons(record([a, b, short], []), load_kb())
    assert set(out.entities) == {a.id, b.id, short.id}
