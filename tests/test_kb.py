"""The knowledge base: entities, names in both languages, time-scoped offices."""

from __future__ import annotations

import datetime as dt

import pytest


def test_states_from_pycountry_and_data(kb):
    russia = kb.get("state/rus")
    assert russia.name == "Russia" and russia.de == "Russland" and russia.wikidata == "Q159"
    assert "state/rus" in kb.names["Russlands"]
    assert kb.state_adjectives["de"]["russischen"] == "state/rus"
    assert kb.state_adjectives["en"]["russian"] == "state/rus"
    assert len([e for e in kb.entries.values() if e.type == "State"]) >= 190


@pytest.mark.parametrize(
    "role,state,day,expected",
    [
        ("head_of_state", "state/usa", dt.date(2025, 8, 15), "person/donald-trump"),
        ("head_of_state", "state/usa", dt.date(2021, 6, 16), "person/joe-biden"),
        ("head_of_state", "state/rus", dt.date(2021, 6, 16), "person/vladimir-putin"),
        ("head_of_government", "state/deu", dt.date(2023, 1, 1), "person/olaf-scholz"),
        ("head_of_government", "state/deu", dt.date(2019, 1, 1), "person/angela-merkel"),
        ("foreign_minister", "state/rus", dt.date(2025, 8, 15), "person/sergey-lavrov"),
    ],
)
def test_office_holders_by_date(kb, role, state, day, expected):
    assert expected in kb.holders(role, state, day)


def test_spellings_in_both_languages(kb):
    lavrov = kb.names["Sergej Lawrow"] & kb.names["Sergey Lavrov"]
    assert lavrov == {"person/sergey-lavrov"}
    assert "person/vladimir-putin" in kb.surnames["Putin"]
    assert "person/xi-jinping" in kb.surnames["Xi"]  # family name first


def test_news_organisations(kb):
    news = [e for e in kb.entries.values() if e.type == "NewsOrganization"]
    assert len(news) >= 80
    assert kb.get("org/reuters").wikidata == "Q130879"
    assert "Frankfurter Allgemeinen Zeitung" in kb.names


def test_ids_are_slugs(kb):
    import re

    assert all(re.fullmatch(r"(person|state|org|place)/[a-z0-9-]+", i) for i in kb.entries)
