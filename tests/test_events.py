"""Events as nodes: grouping of mentions, series and other years, dates normalised to the article's
date."""

from __future__ import annotations

import datetime as dt

import pytest

from diplograph.nlp.events import find_dates
from diplograph.nlp.lexicon import load_lexicon
from diplograph.nlp.pipeline import make_nlp


@pytest.mark.parametrize(
    "lang,text,day,expected",
    [
        ("de", "Das Treffen fand am Freitag statt.", dt.date(2025, 8, 16), dt.date(2025, 8, 15)),
        (
            "de",
            "Er landete am 15. August 2025 in Anchorage.",
            dt.date(2025, 8, 20),
            dt.date(2025, 8, 15),
        ),
        ("en", "They met last Tuesday in Geneva.", dt.date(2021, 6, 17), dt.date(2021, 6, 15)),
        ("en", "The summit opened on June 16, 2021.", None, dt.date(2021, 6, 16)),
        ("en", "The talks began on Aug. 15.", dt.date(2025, 8, 20), dt.date(2025, 8, 15)),
    ],
)
def test_dates(lang, text, day, expected):
    nlp = make_nlp(lang)
    doc = nlp.make_doc(text)
    found = find_dates(doc, load_lexicon(lang), day)
    assert [d.date for d in found] == [expected]


def test_main_event_gathers_mentions(extract):
    text = (
        "Das Gipfeltreffen in Genf hat begonnen. Joe Biden und Wladimir Putin "
        "nahmen an dem Treffen teil. "
        "Der Gipfel dauerte vier Stunden."
    )
    ex = extract(text, "de", "2021-06-16")
    attended = {r.object for r in ex.relations if r.kind == "ATTENDS"}
    assert len(attended) == 1
    event = ex.events[attended.pop()]
    assert event.kind == "Summit"
    assert event.place == "place/geneva"
    assert event.date == dt.date(2021, 6, 16)
    assert {"person/joe-biden", "person/vladimir-putin"} <= event.participants


def test_series_event_of_another_year_is_its_own_node(extract):
    text = (
        "The NATO summit in Vilnius opened on Tuesday, attended by Joe Biden. "
        "Joe Biden had also attended the G20 summit in 2019."
    )
    ex = extract(text, "en", "2023-07-11")
    objects = {r.object for r in ex.relations if r.kind == "ATTENDS"}
    assert len(objects) == 2
    assert any("g20" in o and "2019" in o for o in objects)


def test_relative_weekday_on_event(extract):
    ex = extract(
        "Emmanuel Macron and Olaf Scholz met on Monday for talks in Berlin.", "en", "2024-05-29"
    )
    events = [e for e in ex.events.values() if e.participants]
    assert events and events[0].date == dt.date(2024, 5, 27)


def test_digits_that_are_no_numbers(extract):
    # "²" passes str.isdigit() but is no day of the month (found by the hypothesis fuzz test)
    ex = extract("Am ² August trafen sich Olaf Scholz und Emmanuel Macron.", "de", "2024-08-02")
    assert any(r.kind == "MEETS" for r in ex.relations)


def test_a_series_summit_named_in_the_lead_is_the_articles_summit(extract):
    text = (
        "WILMINGTON, Delaware — Joe Biden hosted the leaders of Australia, "
        "India and Japan on Saturday for "
        "what is likely his last summit of the Quad. The summit was held at his "
        "old school. Taking part "
        "were Anthony Albanese, Narendra Modi and Fumio Kishida."
    )
    ex = extract(text, "en", "2024-09-21")
    summits = {r.object for r in ex.relations if r.kind == "ATTENDS"}
    assert len(summits) == 1
    attendees = {r.subject for r in ex.relations if r.kind == "ATTENDS"}
    assert {
        "person/joe-biden",
        "person/anthony-albanese",
        "person/narendra-modi",
        "person/fumio-kishida",
    } <= attendees


@pytest.mark.parametrize(
    "lang,text,day,expected",
    [
        (
            "de",
            "Fünf Tage nach dem Gipfeltreffen von Joe Biden und Wladimir Putin in Genf ist der "
            "Botschafter am Sonntag nach Washington zurückgekehrt.",
            "2021-06-21",
            dt.date(2021, 6, 16),
        ),
        (
            "en",
            "Three days after the summit between Joe Biden and Vladimir Putin in Geneva, the "
            "ambassador flew back on Sunday.",
            "2021-06-21",
            dt.date(2021, 6, 18),
        ),
        (
            "en",
            "A week after the summit of Joe Biden and Xi Jinping in Woodside, the two militaries "
            "spoke again on Monday.",
            "2023-11-22",
            dt.date(2023, 11, 15),
        ),
        (
            "de",
            "Zwei Wochen vor dem Gipfel von Donald Trump und Wladimir Putin in Budapest sagte "
            "Peskow am Montag, die Vorbereitungen liefen.",
            "2025-10-20",
            dt.date(2025, 11, 3),
        ),
        (
            "en",
            "10 days before the summit of Narendra Modi and Xi Jinping in Kazan, diplomats "
            "met in Beijing on Tuesday.",
            "2024-10-13",
            dt.date(2024, 10, 23),
        ),
    ],
)
def test_an_event_dated_by_its_distance_from_the_article(extract, lang, text, day, expected):
    """'Five days after the summit' dates the summit five days before the article; the other
    dates of the sentence belong to what happened after (or before) it."""
    ex = extract(text, lang, day)
    summits = [e for e in ex.events.values() if e.kind == "Summit"]
    assert [e.date for e in summits] == [expected]
