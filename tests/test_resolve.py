"""The resolve stage: event mentions of several articles joined into one event node, look-alikes
kept apart, IRIs from what identifies an event, the same result whatever the batch (issue 13)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from rdflib import RDFS, Graph, URIRef

from conftest import SEED, require_shared
from diplograph.build import build, build_graph
from diplograph.incremental import update
from diplograph.kb import load_kb
from diplograph.rdf.namespace import DG
from diplograph.records import EventMention
from diplograph.resolve.events import resolve_events

REPO = Path(__file__).resolve().parent.parent
EVENTS_CORPUS = REPO / "corpus" / "events"
RES = "https://w3id.org/diplograph/resource/"
D = dt.date


def mention(
    article: str,
    kind: str = "Summit",
    date: dt.date | None = None,
    *,
    source: str = "text",
    place: str | None = None,
    series: str | None = None,
    status: str = "happened",
    participants: tuple[str, ...] = (),
    lang: str = "en",
    published: dt.date | None = None,
    local: str = "main",
) -> EventMention:
    return EventMention(
        article=article,
        local=local,
        kind=kind,
        date=date,
        date_precision="day" if date else None,
        date_source=source if date else "none",
        place=place,
        series=series,
        status=status,
        participants=tuple(sorted(participants)),
        lang=lang,
        published=published or date,
        year=date.year if date else (published.year if published else None),
    )


TRUMP, PUTIN, VANCE, LAVROV = (
    "person/donald-trump",
    "person/vladimir-putin",
    "person/jd-vance",
    "person/sergey-lavrov",
)
BIDEN, XI, ZELENSKYY = "person/joe-biden", "person/xi-jinping", "person/volodymyr-zelenskyy"
MACRON, LULA = "person/emmanuel-macron", "person/luiz-inacio-lula-da-silva"


def events_of(mentions: list[EventMention]):
    resolution = resolve_events(mentions, load_kb())
    return resolution, {e.id: e for e in resolution.events}


def test_one_summit_reported_three_times_is_one_event():
    mentions = [
        mention(
            "a-de",
            date=D(2025, 8, 15),
            place="place/anchorage",
            participants=(TRUMP, PUTIN, VANCE),
            lang="de",
        ),
        mention("b-en", date=D(2025, 8, 15), place="place/anchorage", participants=(TRUMP, PUTIN)),
        # a look back two days later, dated only by its publication
        mention("c-en", date=D(2025, 8, 17), source="article", participants=(TRUMP, PUTIN, LAVROV)),
    ]
    resolution, events = events_of(mentions)
    assert len(events) == 1
    [event] = events.values()
    assert event.id == "event/2025-08-15-anchorage-summit-trump-putin"
    assert event.labels["en"] == "Trump–Putin summit, Anchorage, 2025-08-15"
    assert event.labels["de"] == "Gipfeltreffen Trump–Putin, Anchorage, 2025-08-15"
    assert event.articles == ("a-de", "b-en", "c-en") and event.languages == ("de", "en")
    assert set(event.participants) == {TRUMP, PUTIN, VANCE, LAVROV}
    assert event.date_source == "text" and event.status == "happened"
    assert set(resolution.of_mention.values()) == {event.id}


@pytest.mark.parametrize(
    "other,why",
    [
        (
            mention("x", date=D(2018, 7, 16), place="place/helsinki", participants=(TRUMP, PUTIN)),
            "the same leaders in another year",
        ),
        (
            mention("x", date=D(2025, 10, 20), place="place/budapest", participants=(TRUMP, PUTIN)),
            "the same leaders, another place",
        ),
        (
            mention(
                "x",
                date=D(2025, 8, 16),
                place="place/anchorage",
                participants=(TRUMP, PUTIN),
                status="cancelled",
                kind="Talks",
            ),
            "a meeting that did not happen is not joined to one that did",
        ),
        (
            mention(
                "x",
                date=D(2025, 8, 15),
                place="place/anchorage",
                participants=(TRUMP, PUTIN),
                status="hypothetical",
            ),
            "an imagined meeting",
        ),
        (
            mention(
                "x",
                kind="PressConference",
                date=D(2025, 8, 15),
                place="place/anchorage",
                participants=(TRUMP, PUTIN),
            ),
            "a press conference is not the summit",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_look_alikes_stay_apart(other, why):
    summit = mention("a", date=D(2025, 8, 15), place="place/anchorage", participants=(TRUMP, PUTIN))
    _, events = events_of([summit, other])
    assert len(events) == 2, why


def test_one_host_receiving_two_guests_is_two_visits():
    macron = mention(
        "macron",
        kind="StateVisit",
        date=D(2023, 4, 6),
        source="article",
        place="state/chn",
        participants=(XI, MACRON),
    )
    lula = mention(
        "lula",
        kind="StateVisit",
        date=D(2023, 4, 14),
        source="article",
        place="state/chn",
        participants=(XI, LULA),
    )
    _, events = events_of([macron, lula])
    assert len(events) == 2


def test_series_summit_of_another_year_stays_apart():
    delhi = mention(
        "a", date=D(2023, 9, 9), place="place/new-delhi", series="org/g20", participants=(BIDEN,)
    )
    rio = mention(
        "b",
        date=D(2024, 11, 18),
        place="place/rio-de-janeiro",
        series="org/g20",
        participants=(BIDEN,),
    )
    delhi2 = mention(
        "c", date=D(2023, 9, 10), series="org/g20", participants=(BIDEN, XI), lang="de"
    )
    _, events = events_of([delhi, rio, delhi2])
    assert len(events) == 2
    assert "event/2023-09-09-new-delhi-g20-summit" in events


def test_sideline_meeting_is_part_of_the_summit():
    summit = mention(
        "a",
        date=D(2023, 7, 11),
        place="place/vilnius",
        series="org/nato",
        participants=(BIDEN, ZELENSKYY),
    )
    bilateral = mention(
        "b",
        kind="Meeting",
        date=D(2023, 7, 12),
        place="place/vilnius",
        participants=(BIDEN, ZELENSKYY),
    )
    _, events = events_of([summit, bilateral])
    assert len(events) == 2
    [meeting] = [e for e in events.values() if e.kind == "Meeting"]
    assert meeting.part_of == "event/2023-07-11-vilnius-nato-summit"


def test_a_city_and_its_country_are_compatible_places():
    a = mention(
        "a", kind="StateVisit", date=D(2023, 3, 20), place="place/moscow", participants=(XI, PUTIN)
    )
    b = mention(
        "b",
        kind="Talks",
        date=D(2023, 3, 21),
        place="state/rus",
        participants=(XI, PUTIN),
        lang="de",
    )
    _, events = events_of([a, b])
    assert len(events) == 1
    [event] = events.values()
    assert event.date == D(2023, 3, 20) and event.end_date == D(2023, 3, 21)


def test_weak_evidence_keeps_two_events_linked_as_possibly_the_same():
    a = mention("a", kind="Talks", date=D(2025, 5, 2), source="article", participants=(TRUMP,))
    b = mention("b", kind="Talks", date=D(2025, 5, 6), source="article", participants=(TRUMP,))
    _, events = events_of([a, b])
    assert len(events) == 2
    first, second = events.values()
    assert first.possibly_same == (second.id,) and second.possibly_same == (first.id,)


def test_result_does_not_depend_on_the_order_of_mentions():
    mentions = [
        mention(
            "a-de",
            date=D(2025, 8, 15),
            place="place/anchorage",
            participants=(TRUMP, PUTIN, VANCE),
            lang="de",
        ),
        mention("b-en", date=D(2025, 8, 15), place="place/anchorage", participants=(TRUMP, PUTIN)),
        mention("c-en", date=D(2025, 8, 17), source="article", participants=(TRUMP, PUTIN, LAVROV)),
        mention("d-en", date=D(2018, 7, 16), place="place/helsinki", participants=(TRUMP, PUTIN)),
        mention(
            "e-en",
            kind="Meeting",
            date=D(2023, 11, 15),
            place="place/woodside",
            participants=(BIDEN, XI),
        ),
        mention(
            "f-de",
            kind="Talks",
            date=D(2023, 11, 15),
            source="article",
            participants=(BIDEN, XI),
            lang="de",
        ),
    ]
    first = resolve_events(mentions, load_kb())
    for seed in range(5):
        shuffled = mentions[:]
        random.Random(seed).shuffle(shuffled)
        again = resolve_events(shuffled, load_kb())
        assert again.events == first.events and again.of_mention == first.of_mention


def test_event_iris_never_name_files():
    _, events = events_of(
        [mention("some-file-name-2025-08-15-de", date=D(2025, 8, 15), participants=(TRUMP, PUTIN))]
    )
    assert not any("some-file-name" in e for e in events)


# ------------------------------------------------------------------ through the build
ANCHORAGE = sorted(EVENTS_CORPUS.glob("anchorage-*.txt"))


def event_nodes(graph: Graph) -> set[URIRef]:
    return set(graph.subjects(DG.hasMention, None))


def test_seed_and_two_own_articles_give_one_summit_node():
    require_shared(SEED)
    assert len(ANCHORAGE) == 2
    graph = build_graph([str(SEED), *map(str, ANCHORAGE)], report=lambda line: None).graph
    summits = [
        e
        for e in event_nodes(graph)
        if str(e).startswith(RES + "event/2025-08-15-anchorage-summit")
    ]
    assert len(summits) == 1, summits
    [summit] = summits
    assert str(summit) == RES + "event/2025-08-15-anchorage-summit-trump-putin"
    assert int(graph.value(summit, DG.articleCount)) == 3
    assert int(graph.value(summit, DG.languageCount)) == 2
    attendees = {str(s).rpartition("/")[2] for s in graph.subjects(DG.attends, summit)}
    # the seed's delegation, and the principals every article names
    assert {
        "donald-trump",
        "vladimir-putin",
        "jd-vance",
        "marco-rubio",
        "sergey-lavrov",
        "andrey-belousov",
    } <= attendees
    articles = {
        graph.value(st, DG.eventMention)
        for st in graph.subjects(DG.eventMention, None)
        if graph.value(st, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#object")) == summit
    }
    assert {str(m).split("/mention/")[1].split("/")[0] for m in articles} == {
        "alaska-summit-2025-08-15-de",
        *(p.name[: -len(".txt")].replace(".", "-") for p in ANCHORAGE),
    }
    labels = {label.language: str(label) for label in graph.objects(summit, RDFS.label)}
    assert labels["en"] == "Trump–Putin summit, Anchorage, 2025-08-15"
    assert labels["de"] == "Gipfeltreffen Trump–Putin, Anchorage, 2025-08-15"


CANCELLED = (
    "date 2025-10-22 Budapest-Gipfel abgesagt\n\n"
    "Das geplante Gipfeltreffen von Donald Trump und Wladimir Putin in "
    "Budapest ist abgesagt worden. "
    "Trump sagte das Treffen am Dienstag ab.\n"
)


def test_a_cancelled_summit_is_an_event_nobody_attends(tmp_path):
    (tmp_path / "budapest.de.txt").write_text(CANCELLED, encoding="utf-8")
    graph = build_graph([str(tmp_path)], report=lambda line: None).graph
    events = event_nodes(graph)
    assert events, "the cancelled summit is kept as an event"
    assert {str(graph.value(e, DG.status)) for e in events} == {"cancelled"}
    assert not list(graph.subject_objects(DG.attends))
    assert not list(graph.subject_objects(DG.meets))


def test_batches_updates_and_jobs_give_byte_identical_graphs(tmp_path):
    files = (
        sorted(EVENTS_CORPUS.glob("geneva-*.txt"))
        + sorted(EVENTS_CORPUS.glob("genf-*.txt"))
        + sorted(EVENTS_CORPUS.glob("helsinki-*.txt"))
    )
    assert len(files) == 4
    first, rest = files[:2], files[2:]
    whole = tmp_path / "whole"
    build([str(f) for f in files], whole, report=lambda line: None, html=False)
    expected = (whole / "graph.ttl").read_bytes()
    assert b"geneva-summit-biden-putin" in expected
    for name, order in (("ab", (first, rest)), ("ba", (rest, first))):
        out = tmp_path / name
        build([str(f) for f in order[0]], out, report=lambda line: None, html=False)
        update([str(f) for f in order[1]], out, report=lambda line: None, html=False)
        assert (out / "graph.ttl").read_bytes() == expected, f"update in order {name}"
    jobs = tmp_path / "jobs"
    build([str(f) for f in reversed(files)], jobs, report=lambda line: None, html=False, jobs=2)
    assert (jobs / "graph.ttl").read_bytes() == expected, "--jobs 2, inputs reversed"


def test_the_summit_and_the_g20_summit_of_one_article_are_one_event():
    main = mention(
        "a", date=D(2023, 9, 10), place="state/ind", participants=(BIDEN, "person/narendra-modi")
    )
    series = mention(
        "a",
        date=D(2023, 9, 10),
        place="place/new-delhi",
        series="org/g20",
        participants=(BIDEN,),
        local="g20-summit-2023",
    )
    other = mention(
        "b", date=D(2023, 9, 9), place="place/new-delhi", series="org/g20", participants=(XI,)
    )
    _, events = events_of([main, series, other])
    assert list(events) == ["event/2023-09-09-new-delhi-g20-summit"]


def test_two_different_occasions_of_one_article_stay_apart():
    main = mention("a", date=D(2023, 9, 10), place="place/new-delhi", participants=(BIDEN, XI))
    earlier = mention(
        "a",
        date=D(2023, 9, 10),
        place="place/new-delhi",
        participants=(BIDEN, XI),
        local="other",
        kind="Talks",
    )
    _, events = events_of([main, earlier])
    assert len(events) == 2


def test_the_page_draws_a_country_as_its_state(tmp_path):
    from diplograph.view.projection import project

    (tmp_path / "visit.en.txt").write_text(
        "date 2023-04-06 Macron in China\n\nFrench President Emmanuel Macron "
        "arrived in China on Wednesday "
        "for a three-day state visit and held talks with Xi Jinping in Beijing.\n",
        encoding="utf-8",
    )
    graph = build_graph([str(tmp_path)], report=lambda line: None).graph
    g = project(graph)
    labels = [d["label"] for _, d in g.nodes(data=True)]
    assert len(labels) == len(set(labels)), labels


RECALLED = (
    "date 2025-03-10 Looking back at Geneva\n\n"
    "Joe Biden and Vladimir Putin met at the summit in Geneva on 16 June "
    "2021. Both leaders took part "
    "in the summit at Villa La Grange.\n"
)


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_a_meeting_recalled_years_later_is_dated_by_its_event(tmp_path, engine):
    from diplograph.queries import named
    from diplograph.triplestore.engines import bind_parameters, open_source

    (tmp_path / "recall.en.txt").write_text(RECALLED, encoding="utf-8")
    build([str(tmp_path / "recall.en.txt")], tmp_path / "out", report=lambda line: None, html=False)
    graph = tmp_path / "out" / "graph.ttl"
    query = named("meetings-between")

    def rows(start: str, end: str) -> list:
        bindings = bind_parameters(query, {"from": start, "to": end})
        return open_source(graph, engine=engine).select(query.text, bindings).rows

    assert len(rows("2021-06-01", "2021-06-30")) == 1
    assert rows("2025-01-01", "2025-12-31") == []
