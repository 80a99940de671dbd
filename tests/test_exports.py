"""Export formats: the same content in every format, one named graph per article, JSON-LD with
the published context, and the corroboration query over three articles of one summit."""

from __future__ import annotations

import json
import re

import pyoxigraph
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from diplograph.build import build, build_graph
from diplograph.rdf.exports import EXPORT_FORMATS
from diplograph.rdf.namespace import DG
from diplograph.rdf.validation import ontology_file
from graph_builds import G7_ARTICLES, G7_EVENT, quiet, write_g7_articles

ARTICLE = "https://w3id.org/diplograph/resource/article/"
KB_GRAPH = "https://w3id.org/diplograph/resource/graph/kb"
EVENTS_GRAPH = "https://w3id.org/diplograph/resource/graph/events"
DATASET_GRAPH = "https://w3id.org/diplograph/resource/graph/dataset"  # the description
ARTICLE_IRIS = {ARTICLE + name.removesuffix(".txt").replace(".", "-") for name in G7_ARTICLES}
PARSERS = {"turtle": "turtle", "trig": "trig", "nt": "nt", "nquads": "nquads", "json-ld": "json-ld"}


@pytest.fixture(scope="session")
def g7_folder(tmp_path_factory):
    return write_g7_articles(tmp_path_factory.mktemp("g7") / "articles")


@pytest.fixture(scope="session")
def g7_outputs(g7_folder, tmp_path_factory):
    """The three articles built once per format, validated: format name -> output file."""
    files = {}
    for name in EXPORT_FORMATS:
        out = tmp_path_factory.mktemp(name.replace("-", ""))
        result = build([str(g7_folder)], out, html=False, fmt=name, validate=True, report=quiet)
        assert len(result.processed) == 3
        [files[name], void] = result.outputs
        assert void.name == "void.ttl"
    return files


def read_dataset(path, fmt: str) -> dict[str, Graph]:
    """Graph name -> graph; a plain graph format gives one graph named ''."""
    if fmt in ("turtle", "nt"):
        return {"": Graph().parse(path, format=fmt)}
    dataset = Dataset()
    dataset.parse(path, format=fmt)
    graphs = {}
    for graph in dataset.graphs():
        if len(graph):
            copy = Graph()
            for triple in graph:
                copy.add(triple)
            graphs[str(graph.identifier)] = copy
    return graphs


def union(graphs: dict[str, Graph]) -> Graph:
    out = Graph()
    for graph in graphs.values():
        for triple in graph:
            out.add(triple)
    return out


def assert_same(a: Graph, b: Graph, what: str) -> None:
    if not isomorphic(a, b):
        _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
        pytest.fail(
            f"{what} differ:\nonly in first:\n{only_a.serialize(format='nt')}\nonly in second:\n"
            f"{only_b.serialize(format='nt')}"
        )


def test_file_names(g7_outputs):
    assert {f: p.name for f, p in g7_outputs.items()} == {
        "turtle": "graph.ttl",
        "trig": "graph.trig",
        "nt": "graph.nt",
        "nquads": "graph.nq",
        "json-ld": "graph.jsonld",
        "turtle-star": "graph-star.ttl",
        "trig-star": "graph-star.trig",
    }


def test_same_content_in_every_format(g7_outputs):
    datasets = {f: read_dataset(p, PARSERS[f]) for f, p in g7_outputs.items() if f in PARSERS}
    turtle = datasets["turtle"][""]
    assert len(turtle) > 100
    for fmt, graphs in datasets.items():
        assert_same(union(graphs), turtle, f"{fmt} and turtle")
    for fmt in ("nquads", "json-ld"):
        assert datasets[fmt].keys() == datasets["trig"].keys()
        for name, graph in datasets["trig"].items():
            assert_same(datasets[fmt][name], graph, f"graph {name} in {fmt} and trig")


def test_trig_loads_into_pyoxigraph_with_one_graph_per_article(g7_outputs):
    store = pyoxigraph.Store()
    store.load(path=str(g7_outputs["trig"]), format=pyoxigraph.RdfFormat.TRIG)
    names = {g.value for g in store.named_graphs()}
    assert names == ARTICLE_IRIS | {KB_GRAPH, EVENTS_GRAPH, DATASET_GRAPH}
    assert len(list(store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph()))) == 0
    for iri in ARTICLE_IRIS:
        article = pyoxigraph.NamedNode(iri)
        # the graph of an article holds the article node and every statement derived from it
        assert list(store.quads_for_pattern(article, None, None, article))
        derived = pyoxigraph.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
        for quad in store.quads_for_pattern(None, derived, None, None):
            assert quad.object == quad.graph_name


CORROBORATION_BY_GRAPH = """
PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?event (COUNT(DISTINCT ?article) AS ?articles) WHERE {
  GRAPH ?article {
    ?mention a dg:EventMention ; prov:wasDerivedFrom ?article . ?article a dg:Article
  } GRAPH <https://w3id.org/diplograph/resource/graph/events> { ?event dg:hasMention ?mention }
}
GROUP BY ?event
"""


def test_corroboration_counts_articles_per_event(g7_outputs):
    store = pyoxigraph.Store()
    store.load(path=str(g7_outputs["trig"]), format=pyoxigraph.RdfFormat.TRIG)
    counts = {
        row["event"].value: int(row["articles"].value)
        for row in store.query(CORROBORATION_BY_GRAPH)
    }
    assert counts[G7_EVENT] == 3
    own_events = {e: n for e, n in counts.items() if e != G7_EVENT}
    assert own_events and set(own_events.values()) == {1}


def readme_queries() -> list[tuple[str, str]]:
    text = ontology_file("README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sparql\n(.*?)```", text, flags=re.S)
    return [(re.search(r"#\s*(.+)", q).group(1).strip(), q) for q in blocks]


@pytest.mark.parametrize("title,query", readme_queries(), ids=[t for t, _ in readme_queries()])
def test_readme_queries_run(g7_outputs, title, query):
    """The example SPARQL of ontology/README.md runs on a build and finds something."""
    graph = Graph().parse(g7_outputs["turtle"])
    rows = list(graph.query(query))
    assert rows, title


def test_readme_corroboration_query(g7_outputs):
    [(_, query)] = [(t, q) for t, q in readme_queries() if "corroborat" in t.lower()]
    graph = Graph().parse(g7_outputs["turtle"])
    counts = {str(row.event): int(row.articles) for row in graph.query(query)}
    assert counts[G7_EVENT] == 3


def test_named_graphs_leave_turtle_unchanged(g7_folder):
    plain = build_graph([str(g7_folder)], report=quiet)
    split = build_graph([str(g7_folder)], report=quiet, named_graphs=True)
    assert plain.dataset is None
    assert_same(plain.graph, split.graph, "graph without and with named graphs")
    assert split.dataset is not None
    assert_same(
        union({str(g.identifier): g for g in split.dataset.graphs()}),
        plain.graph,
        "dataset union and graph",
    )


def test_kb_graph_holds_offices(g7_outputs):
    graphs = read_dataset(g7_outputs["trig"], "trig")
    kb = graphs[KB_GRAPH]
    assert set(kb.subjects(DG.holds, None))
    for article in ARTICLE_IRIS:
        assert not set(graphs[article].subjects(DG.holds, None))


def test_jsonld_uses_published_context(g7_outputs):
    document = json.loads(g7_outputs["json-ld"].read_text(encoding="utf-8"))
    published = json.loads(ontology_file("context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert document["@context"] == published
    text = g7_outputs["json-ld"].read_text(encoding="utf-8")
    assert '"evidenceText"' in text and '"wasDerivedFrom"' in text


def test_state_as_place_becomes_its_territory(tmp_path):
    (tmp_path / "visit.en.txt").write_text(
        "date 2024-03-05 A visit to France\n\nOlaf Scholz met Emmanuel Macron "
        "during a state visit to France on Tuesday.\n",
        encoding="utf-8",
    )
    graph = build_graph([str(tmp_path)], report=quiet).graph
    for place in graph.objects(None, DG.place):
        assert (place, None, None) in graph
        assert (
            place,
            URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            DG.State,
        ) not in graph


# RDF 1.2 (issue 17): each statement once as the reifier of a triple term, with its annotations

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
STAR_MEETINGS = f"""
PREFIX dg: <{DG._NS}>
PREFIX rdf: <{RDF_NS}>
SELECT DISTINCT ?actor ?other WHERE {{
  ?statement rdf:reifies <<( ?actor dg:meets ?other )>> ; dg:evidenceText ?text .
  FILTER (STR(?actor) < STR(?other))
}}
"""
STAR_FORMATS = {"turtle-star": pyoxigraph.RdfFormat.TURTLE, "trig-star": pyoxigraph.RdfFormat.TRIG}


@pytest.fixture(scope="module")
def example_builds(tmp_path_factory):
    """examples/ built once plain (Turtle) and once in each RDF 1.2 format: format -> file."""
    from conftest import EXAMPLES

    files = {}
    for fmt in ("turtle", *STAR_FORMATS):
        out = tmp_path_factory.mktemp(fmt.replace("-", ""))
        result = build([str(EXAMPLES)], out, html=False, fmt=fmt, report=quiet)
        assert len(result.processed) == 4
        [files[fmt], _void] = result.outputs
    return files


def oxigraph_store(path, fmt) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(path=str(path), format=fmt)
    return store


def count(store: pyoxigraph.Store, where: str, union: bool = False) -> int:
    answer = store.query(
        f"PREFIX rdf: <{RDF_NS}> SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}",
        use_default_graph_as_union=union,
    )
    return int(next(answer)[0].value)


@pytest.mark.parametrize("fmt", list(STAR_FORMATS))
def test_star_output_has_one_triple_term_per_statement(example_builds, fmt):
    plain = oxigraph_store(example_builds["turtle"], pyoxigraph.RdfFormat.TURTLE)
    star = oxigraph_store(example_builds[fmt], STAR_FORMATS[fmt])
    union = fmt == "trig-star"
    statements = count(plain, "?st a rdf:Statement")
    assert statements > 20
    assert count(star, "?st rdf:reifies ?fact FILTER isTRIPLE(?fact)", union) == statements
    for gone in ("?st a rdf:Statement", "?st rdf:subject ?x", "?st rdf:object ?x"):
        assert count(star, gone, union) == 0, gone
    # the annotations are those of the reified statement: the same rows for every statement
    annotations = f"""
        ?st <{DG.evidenceText}> ?text ; <{DG.confidence}> ?c ; <{DG.modality}> ?m ;
            <http://www.w3.org/ns/prov#wasDerivedFrom> ?article ."""
    assert count(star, annotations, union) == count(plain, annotations) == statements
    # each fact also stays asserted, as in the plain graph
    asserted = "?st rdf:reifies <<( ?s ?p ?o )>> . ?s ?p ?o ."
    assert count(star, asserted, union) == statements


def test_star_query_finds_the_meetings_of_the_bundled_query(example_builds):
    from diplograph.queries import named
    from diplograph.triplestore.engines import run

    rows = run(
        example_builds["turtle"],
        named("meetings-between"),
        {"from": "1900-01-01", "to": "2100-01-01"},
    ).rows
    expected = {(row[1]["value"], row[3]["value"]) for row in rows}
    assert len(expected) >= 3
    for fmt, syntax in STAR_FORMATS.items():
        store = oxigraph_store(example_builds[fmt], syntax)
        found = {
            (s["actor"].value, s["other"].value)
            for s in store.query(STAR_MEETINGS, use_default_graph_as_union=fmt == "trig-star")
        }
        assert found == expected, fmt


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_bundled_queries_give_the_same_rows_on_the_star_output(example_builds, engine):
    """On the oxigraph engine a star file is read as RDF 1.2 and the queries' star variants
    run; rdflib reads it as reified statements. Either way the rows are those of graph.ttl."""
    from diplograph.queries import bundled, star_variants
    from diplograph.triplestore.engines import run

    params = {
        "meetings-between": {"from": "1900-01-01", "to": "2100-01-01"},
        "meetings-of-actor": {"actor": "https://w3id.org/diplograph/resource/person/donald-trump"},
    }
    assert set(star_variants()) < set(bundled())
    for name, query in bundled().items():
        given = params.get(name, {})
        if any(p.required and p.name not in given for p in query.parameters):
            continue
        plain = run(example_builds["turtle"], query, given, engine=engine)
        for fmt in STAR_FORMATS:
            star = run(example_builds[fmt], query, given, engine=engine)
            assert star.rows == plain.rows, f"{name} on {fmt}"


def test_star_variants_differ_from_the_plain_queries_only_in_the_statement():
    from diplograph.queries import bundled, star_variants

    plain = bundled()
    for name, star in star_variants().items():
        assert "rdf:reifies <<(" in star.text and "rdf:subject" not in star.text
        assert star.parameters == plain[name].parameters, name


def test_every_office_agent_is_typed_and_labelled():
    """11 IRIs used as dg:ofAgent had no type or label (issue 17): now each has both, in the
    KB graph itself, so that graph reads on its own."""
    from rdflib import RDF, RDFS

    from graph_builds import dev_build

    built = dev_build()
    agents = set(built.graph.objects(None, DG.ofAgent))
    assert len(agents) > 5
    kb = built.dataset.graph(URIRef(KB_GRAPH))
    for agent in agents:
        assert isinstance(agent, URIRef)
        for graph in (built.graph, kb):
            assert graph.value(agent, RDF.type) is not None, agent
            assert graph.value(agent, RDFS.label) is not None, agent
