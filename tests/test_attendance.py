"""Attendance is not attached too freely (issue 13/15, ATT-over): two people in bilateral talks
meet; the talks are their meeting, not an event they attend. Variants written before the fix."""

from __future__ import annotations

import pytest


BARE_TALKS = [
    ("Antony Blinken held talks with Wang Yi in Jakarta on Friday.", "en", {("Antony Blinken", "Wang Yi")}),
    ("Jean-Noël Barrot met Subrahmanyam Jaishankar in Oslo on Monday for talks on trade.", "en",
     {("Jean-Noël Barrot", "S. Jaishankar")}),
    ("Johann Wadephul traf am Montag in Kairo den ägyptischen Außenminister Badr Abdelatty zu Gesprächen über Gaza.",
     "de", {("Badr Abdelatty", "Johann Wadephul")}),
    ("Außenminister Johann Wadephul führte am Dienstag in Ankara Gespräche mit Hakan Fidan.", "de",
     {("Hakan Fidan", "Johann Wadephul")}),
]


@pytest.mark.parametrize("text,lang,pairs", BARE_TALKS)
def test_two_people_in_talks_meet_and_attend_nothing(relations, text, lang, pairs):
    found = relations(text, lang, "2025-06-10")
    assert {tuple(sorted(r[1:])) for r in found if r[0] == "MEETS"} == {tuple(sorted(p)) for p in pairs}
    assert not [r for r in found if r[0] == "ATTENDS"], "a bare bilateral meeting is only MEETS (ANNOTATION.md)"
