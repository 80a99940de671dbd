"""The graph view: projection, analysis tables, GraphML export, the HTML page (no browser)."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest
from rdflib import Graph

from diplograph.cli import main
from diplograph.view.analysis import (
    Table,
    analyze,
    central_actors,
    communities,
    event_attendance,
    graphml_ready,
    interaction_graph,
    meeting_pairs,
    write_graphml,
)
from diplograph.view.html import keep_central, layout, render_projection
from diplograph.view.projection import project

R = "https://w3id.org/diplograph/resource/"

# Two articles: A and B meet in both (one edge, two sentences), both attend a summit in a place,
# an outlet reports a claim, C proposes something to B. D meets E in a second, separate cluster.
TURTLE = """
@prefix dg: <https://w3id.org/diplograph/ontology#> .
@base <https://w3id.org/diplograph/resource/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix wd: <http://www.wikidata.org/entity/> .

<article/one> a dg:Article ; dg:title "One" ; dg:publicationDate "2024-05-01" ; dg:language "en" ;
    dg:sourceFile "one.en.txt" .
<article/two> a dg:Article ; dg:title "Zwei" ; dg:publicationDate "2024-06-02" ; dg:language "de" ;
    dg:sourceFile "two.de.txt" .
<person/a> a dg:Person ; rdfs:label "Anna A"@en, "Anna Ah"@de ; owl:sameAs wd:Q1 .
<person/b> a dg:Person ; rdfs:label "Bert B"@de .
<person/c> a dg:Person ; rdfs:label "Carl C"@en .
<person/d> a dg:Person ; rdfs:label "Dora D"@en .
<person/e> a dg:Person ; rdfs:label "Emil E"@en .
<state/x> a dg:State ; rdfs:label "Xland"@en .
<news/n> a dg:NewsOrganization, dg:Organization ; rdfs:label "News"@en .
<event/s> a dg:Summit ; rdfs:label "Summit 2024"@en ; dg:date "2024-05-01" ; dg:place <place/p> .
<place/p> a dg:Place ; rdfs:label "Porto"@en .
<claim/c1> a dg:Claim ; rdfs:label "It went well"@en .
<proposal/p1> a dg:Proposal ; rdfs:label "a ceasefire"@en ; dg:addressee <person/b> .

<person/a> dg:meets <person/b> . <person/b> dg:meets <person/a> .
<person/d> dg:meets <person/e> . <person/e> dg:meets <person/d> .
<person/a> dg:attends <event/s> . <person/b> dg:attends <event/s> . <state/x> dg:attends <event/s> .
<news/n> dg:reports <claim/c1> .
<person/c> dg:proposes <proposal/p1> .

<st/1> a rdf:Statement ; rdf:subject <person/a> ; rdf:predicate dg:meets ; rdf:object <person/b> ;
    dg:evidenceText "A met B." ; dg:confidence 0.9 ;
    prov:wasDerivedFrom <article/one> .
<st/2> a rdf:Statement ; rdf:subject <person/b> ; rdf:predicate dg:meets ; rdf:object <person/a> ;
    dg:evidenceText "A met B." ; dg:confidence 0.9 ;
    prov:wasDerivedFrom <article/one> .
<st/3> a rdf:Statement ; rdf:subject <person/a> ; rdf:predicate dg:meets ; rdf:object <person/b> ;
    dg:evidenceText "A traf B." ; dg:confidence 0.7 ;
    prov:wasDerivedFrom <article/two> .
<st/4> a rdf:Statement ; rdf:subject <person/a> ; rdf:predicate dg:attends ; rdf:object <event/s> ;
    dg:evidenceText "A and B at the summit." ; dg:confidence 0.8 ;
    prov:wasDerivedFrom <article/one> .
<st/5> a rdf:Statement ; rdf:subject <person/b> ; rdf:predicate dg:attends ; rdf:object <event/s> ;
    dg:evidenceText "A and B at the summit." ; dg:confidence 0.8 ;
    prov:wasDerivedFrom <article/one> .
<st/6> a rdf:Statement ; rdf:subject <state/x> ; rdf:predicate dg:attends ; rdf:object <event/s> ;
    dg:evidenceText "Xland came <b>too</b>." ; dg:confidence 0.6 ;
    prov:wasDerivedFrom <article/one> .
<st/7> a rdf:Statement ; rdf:subject <news/n> ; rdf:predicate dg:reports ; rdf:object <claim/c1> ;
    dg:evidenceText "News reported it went well." ; dg:confidence 0.85 ; dg:modality "reported" ;
    prov:wasDerivedFrom <article/one> .
<st/8> a rdf:Statement ; rdf:subject <person/c> ; rdf:predicate dg:proposes ;
    rdf:object <proposal/p1> ;
    dg:evidenceText "C schlug B eine Waffenruhe vor." ; dg:confidence 0.75 ;
    prov:wasDerivedFrom <article/two> .
<st/9> a rdf:Statement ; rdf:subject <person/d> ; rdf:predicate dg:meets ; rdf:object <person/e> ;
    dg:evidenceText "D met E <script>alert(1)</script>." ; dg:confidence 0.9 ;
    prov:wasDerivedFrom <article/one> .
"""


@pytest.fixture(scope="module")
def g() -> nx.MultiDiGraph:
    return project(Graph().parse(data=TURTLE, format="turtle"))


def edge(g, a, b, relation):
    return g.edges[R + a, R + b, relation]


def test_projection_nodes(g):
    assert g.number_of_nodes() == 11
    assert g.nodes[R + "person/a"]["label"] == "Anna A"  # English label first
    assert g.nodes[R + "person/b"]["label"] == "Bert B"
    assert g.nodes[R + "person/a"]["wikidata"] == "http://www.wikidata.org/entity/Q1"
    assert g.nodes[R + "news/n"]["type"] == "news organisation"  # the most specific type
    assert g.nodes[R + "event/s"]["type"] == "event"
    assert g.nodes[R + "event/s"]["date"] == "2024-05-01"
    assert g.nodes[R + "person/a"]["articles"] == ["one.en.txt", "two.de.txt"]


def test_meets_is_one_edge_per_pair_with_all_its_sentences(g):
    assert not g.has_edge(R + "person/b", R + "person/a")
    meets = edge(g, "person/a", "person/b", "meets")
    assert [e["text"] for e in meets["evidence"]] == ["A met B.", "A traf B."]
    assert [e["title"] for e in meets["evidence"]] == ["One", "Zwei"]
    assert meets["confidence"] == 0.9
    assert meets["dates"] == ["2024-05-01", "2024-06-02"]
    assert meets["langs"] == ["de", "en"]
    assert meets["articles"] == ["one.en.txt", "two.de.txt"]


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        ("person/a", "event/s", "attends"),
        ("state/x", "event/s", "attends"),
        ("news/n", "claim/c1", "reports"),
        ("person/c", "proposal/p1", "proposes"),
        ("proposal/p1", "person/b", "addressee"),
        ("event/s", "place/p", "place"),
    ],
)
def test_projection_edges(g, a, b, relation):
    assert edge(g, a, b, relation)["relation"] == relation


def test_structural_edges_take_dates_and_languages_from_their_node(g):
    assert edge(g, "proposal/p1", "person/b", "addressee")["langs"] == ["de"]
    assert edge(g, "event/s", "place/p", "place")["dates"] == ["2024-05-01"]
    assert edge(g, "event/s", "place/p", "place")["evidence"] == []


def test_reported_modality_kept(g):
    assert edge(g, "news/n", "claim/c1", "reports")["evidence"][0]["modality"] == "reported"


def test_interaction_graph_leaves_out_places_and_weights_sentences(g):
    simple = interaction_graph(g)
    assert R + "place/p" not in simple
    assert simple[R + "person/a"][R + "person/b"]["weight"] == 2


def test_central_actors(g):
    table = central_actors(g, top=3)
    assert [row[0] for row in table.rows] == ["Anna A", "Bert B", "Carl C"]  # ties by name
    assert table.rows[0][2] == 2  # links: Bert B and the summit
    assert all(row[1] in ("person", "state") for row in table.rows)


def test_meeting_pairs_counts_articles_sentences_and_shared_events(g):
    rows = meeting_pairs(g).rows
    assert rows[0] == ("Anna A", "Bert B", 2, 2, 1)
    assert rows[1] == ("Dora D", "Emil E", 1, 1, 0)


def test_communities_are_deterministic_and_split_the_clusters(g):
    found = communities(g)
    assert found == communities(g)
    assert [R + "person/d", R + "person/e"] in found
    members = [n for c in found for n in c]
    assert len(members) == len(set(members))
    assert R + "place/p" not in members


def test_event_attendance(g):
    rows = event_attendance(g).rows
    assert rows == [("Summit 2024", "2024-05-01", "Porto", 3, ["Anna A", "Bert B", "Xland"])]


def test_event_attendance_names_at_most_members(g):
    (row,) = event_attendance(g, members=2).rows
    assert row[3] == 3 and row[4] == ["Anna A", "Bert B", "… 1 more"]


def test_table_text_and_html():
    table = Table("T", ("name", "n"), [("<b>x</b>", 3), ("y", 12)])
    assert table.text().splitlines() == [
        "T",
        "name       n",
        "--------  --",
        "<b>x</b>   3",
        "y         12",
    ]
    assert "&lt;b&gt;x&lt;/b&gt;" in table._repr_html_()
    assert Table("E", ("a",)).text().endswith("(none)")


def test_analyze_tables(g):
    titles = [t.title for t in analyze(g)]
    assert titles == [
        "Relations",
        "Most central actors",
        "Who meets whom most often",
        "Communities (Louvain)",
        "Attendance per event",
    ]


def test_graphml_round_trip(g, tmp_path):
    path = tmp_path / "graph.graphml"
    write_graphml(g, path)
    back = nx.read_graphml(path, force_multigraph=True)
    assert set(back.nodes) == set(g.nodes)
    assert back.number_of_edges() == g.number_of_edges()
    assert back.nodes[R + "person/a"]["label"] == "Anna A"
    assert json.loads(back.nodes[R + "person/a"]["articles"]) == ["one.en.txt", "two.de.txt"]
    meets = back.edges[R + "person/a", R + "person/b", "meets"]
    assert json.loads(meets["evidence"]) == edge(g, "person/a", "person/b", "meets")["evidence"]
    assert meets["sentences"] == 2
    assert isinstance(back.nodes[R + "person/a"]["centrality"], float)


def test_graphml_ready_has_only_scalar_attributes(g):
    ready = graphml_ready(g)
    values = [v for _, d in ready.nodes(data=True) for v in d.values()]
    values += [v for _, _, d in ready.edges(data=True) for v in d.values()]
    assert all(isinstance(v, str | int | float | bool) for v in values)


def test_keep_central_says_what_it_left_out(g):
    kept, left_out = keep_central(g, 4)
    assert kept.number_of_nodes() == 4
    assert R + "event/s" in kept and R + "person/a" in kept
    assert len(left_out) == 7 and "Porto" in left_out
    assert keep_central(g, 100) == (g, [])


def test_layout_is_deterministic_and_keeps_components_apart(g):
    positions = layout(g)
    assert positions == layout(g)
    assert set(positions) == set(g.nodes)
    d, a = positions[R + "person/d"], positions[R + "person/a"]
    assert abs(d[0] - a[0]) + abs(d[1] - a[1]) > 100


def test_page_loads_nothing_and_escapes_article_text(g):
    assert "left out" not in render_projection(g)[0]
    page, left_out = render_projection(g, max_nodes=9)
    assert len(left_out) == 2
    assert "2 less central nodes left out" in page
    page = render_projection(g)[0]
    assert not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)=", page, re.I)
    assert "<script>alert(1)</script>" not in page
    assert "D met E \\u003cscript\\u003ealert(1)\\u003c/script\\u003e." in page
    assert "Xland came \\u003cb\\u003etoo\\u003c/b\\u003e." in page


def test_analyze_command(tmp_path, capsys):
    ttl = tmp_path / "graph.ttl"
    Graph().parse(data=TURTLE, format="turtle").serialize(ttl, format="turtle")
    out = tmp_path / "g.graphml"
    assert main(["analyze", str(tmp_path), "--top", "3", "--graphml", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Most central actors" in printed and "Anna A" in printed
    assert "Attendance per event" in printed
    assert nx.read_graphml(out, force_multigraph=True).number_of_nodes() == 11


@pytest.mark.parametrize("content", [None, "not turtle <<<"])
def test_analyze_command_bad_graph(tmp_path, capsys, content):
    path = tmp_path / "graph.ttl"
    if content is not None:
        path.write_text(content, "utf-8")
    assert main(["analyze", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}: ") and len(err.strip().splitlines()) == 1


def test_keep_central_keeps_what_the_first_view_draws_before_claims(g):
    kept, left_out = keep_central(g, 9)
    assert not {n for n, d in kept.nodes(data=True) if d["type"] in ("claim", "proposal")}
    assert sorted(left_out) == ["It went well", "a ceasefire"]


@pytest.mark.parametrize(
    ("own", "sentence", "lang", "kind", "expected"),
    [
        (
            "Wie die Nachrichtenagentur Interfax meldete, hält Medinski ein Treffen für möglich.",
            "",
            "de",
            "claim",
            "hält Medinski ein Treffen für möglich",
        ),
        (
            "According to Reuters, the talks will resume in May.",
            "",
            "en",
            "claim",
            "the talks will resume in May",
        ),
        (
            "Die Gespräche sollen im Mai weitergehen, berichtete die Agentur Tass.",
            "",
            "de",
            "claim",
            "Die Gespräche sollen im Mai weitergehen",
        ),
        (
            "regte an",
            "Macron regte an, einen Gipfel in Paris einzuberufen.",
            "de",
            "proposal",
            "Macron regte an, einen Gipfel in Paris einzuberufen",
        ),
        (
            "schlug vor, zu einer weiteren Konferenz auch Russland einzuladen",
            "",
            "de",
            "proposal",
            "zu einer weiteren Konferenz auch Russland einzuladen",
        ),
        (
            "offered to host a conference on rebuilding Gaza",
            "",
            "en",
            "proposal",
            "offered to host a conference on rebuilding Gaza",
        ),
        ("a ceasefire", "C proposed a ceasefire to B.", "en", "proposal", "a ceasefire"),
    ],
)
def test_content_drops_the_attribution(own, sentence, lang, kind, expected):
    from diplograph.view.content import content

    assert content(own, sentence, lang=lang, kind=kind) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Putins Berater sprach mit Xi.", ["p", "x"]),
        ("A delegation flew to Xiamen.", []),
        ("Macron's plan", ["m"]),
        ("macron", []),  # names are proper nouns: case counts
    ],
)
def test_mentioned_matches_whole_names(text, expected):
    from diplograph.view.content import mentioned

    assert mentioned(text, {"p": ["Putin"], "x": ["Xi"], "m": ["Macron"], "o": ["O"]}) == expected


def test_claims_link_to_the_actors_their_sentence_names():
    extra = """
<person/a> dg:mentionedIn <article/one> .
<claim/c2> a dg:Claim ; rdfs:label "Anna A says Bert B will come"@en ;
    dg:text "Anna A says Bert B will come back soon."@en .
<news/n> dg:reports <claim/c2> .
<st/10> a rdf:Statement ; rdf:subject <news/n> ; rdf:predicate dg:reports ;
    rdf:object <claim/c2> ; dg:evidenceText "News says Anna A says Bert B will come back soon." ;
    dg:confidence 0.8 ; prov:wasDerivedFrom <article/one> .
"""
    g = project(Graph().parse(data=TURTLE + extra, format="turtle"))
    claim = R + "claim/c2"
    assert g.nodes[claim]["text"] == "Anna A says Bert B will come back soon"
    assert g.nodes[claim]["label"] == g.nodes[claim]["text"]
    mentions = sorted(b for _, b, k in g.out_edges(claim, keys=True) if k == "mentions")
    assert mentions == [R + "person/a", R + "person/b"]
    assert "Anna Ah" in g.nodes[R + "person/a"]["names"]  # every label, both languages


@pytest.mark.parametrize(
    ("modalities", "dashes", "mark"),
    [
        (["asserted"], False, ""),
        (["planned"], True, "planned"),
        (["planned", "asserted"], False, ""),
        (["hypothetical"], [2, 6], "conditional"),
        (["denied"], [1, 5], "✗ denied"),
    ],
)
def test_edge_style_shows_modality(modalities, dashes, mark):
    from diplograph.view.html import edge_style

    found = edge_style([{"modality": m} for m in modalities])
    assert found[:2] == (dashes, mark)
