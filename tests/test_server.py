"""A real Oxigraph server, started by the tests: ``load`` into it, every bundled query over HTTP,
and the same answers from rdflib, pyoxigraph in memory, the store on disk and the server."""

from __future__ import annotations

import pytest

from diplograph.cli import main
from diplograph.errors import StoreError
from diplograph.queries import bundled, named
from diplograph.triplestore.dataset import read_graph, split_by_article
from diplograph.triplestore.disk import write_store
from diplograph.triplestore.endpoint import select
from diplograph.triplestore.engines import (
    EndpointSource,
    OxigraphSource,
    RdflibSource,
    bind_parameters,
    load_memory_store,
    open_source,
    open_store,
)
from triplestore_support import PARAMS, OxigraphServer, dev_graph, free_port, oxigraph_binary

QUERIES = sorted(bundled())
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    binary = oxigraph_binary()
    running = OxigraphServer(binary, tmp_path_factory.mktemp("oxigraph-server"))
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def loaded(server):
    assert main(["load", str(dev_graph()), "--endpoint", server.store_url]) == 0
    return server


@pytest.fixture(scope="module")
def sources(loaded, tmp_path_factory):
    path = dev_graph()
    graph = read_graph(path)
    store = tmp_path_factory.mktemp("store") / "store"
    write_store(graph, store)
    return {
        "rdflib": RdflibSource(graph),
        "oxigraph-memory": OxigraphSource(load_memory_store(path)),
        "oxigraph-disk": open_source(store),
        "server": EndpointSource(loaded.query_url),
    }


def quad_count(server) -> int:
    return int(select(server.query_url, COUNT).rows[0][0]["value"])


@pytest.mark.parametrize("name", QUERIES)
def test_same_answers_everywhere(sources, name):
    query = named(name)
    bindings = bind_parameters(query, PARAMS[name])
    answers = {engine: source.select(query.text, bindings) for engine, source in sources.items()}
    expected = answers.pop("rdflib")
    assert expected.rows
    for engine, answer in answers.items():
        assert answer.variables == expected.variables, engine
        assert answer.rows == expected.rows, f"{name}: {engine} differs from rdflib"


def test_load_puts_each_article_in_its_graph(loaded):
    graph = read_graph(dev_graph())
    parts = split_by_article(graph)
    assert quad_count(loaded) == len(parts)
    graphs = select(loaded.query_url, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    names = {row[0]["value"] for row in graphs.rows}
    assert {str(a) for a in parts.articles} <= names


def test_replacing_twice_duplicates_nothing(loaded, capsys):
    before = quad_count(loaded)
    assert main(["load", str(dev_graph()), "--endpoint", loaded.store_url, "--replace", "-q"]) == 0
    assert quad_count(loaded) == before
    assert capsys.readouterr().err == ""


def test_append_and_replace_one_graph(tmp_path):
    binary = oxigraph_binary()
    server = OxigraphServer(binary, tmp_path / "db")
    try:
        first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
        first.write_text("<http://e/a> <http://e/p> 1 .\n", encoding="utf-8")
        second.write_text("<http://e/b> <http://e/p> 2 .\n", encoding="utf-8")
        target = ["--endpoint", server.store_url, "--graph", "http://e/g", "-q"]
        assert main(["load", str(first), *target]) == 0
        assert main(["load", str(second), *target, "--append"]) == 0
        assert quad_count(server) == 2
        assert main(["load", str(second), *target, "--replace"]) == 0
        rows = select(server.query_url, "SELECT ?s ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        assert [(r[0]["value"], r[1]["value"]) for r in rows] == [("http://e/b", "http://e/g")]
    finally:
        server.stop()


def test_endpoint_down_is_one_clear_line(capsys):
    url = f"http://127.0.0.1:{free_port()}/store"
    assert main(["load", str(dev_graph()), "--endpoint", url]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {url}: cannot connect") and err.count("\n") == 1
    assert main(["query", f"http://127.0.0.1:{free_port()}/query", "--name", "most-connected"]) == 1
    assert "cannot connect" in capsys.readouterr().err


def test_endpoint_refusal_is_one_clear_line(loaded, capsys):
    # the query endpoint does not accept graph uploads: the server refuses with an HTTP error
    assert main(["load", str(dev_graph()), "--endpoint", loaded.base + "/nowhere"]) == 1
    err = capsys.readouterr().err
    assert "refused, HTTP 404" in err and err.count("\n") == 1


def test_bad_graph_iri_is_refused_before_sending(loaded, capsys):
    assert (
        main(["load", str(dev_graph()), "--endpoint", loaded.store_url, "--graph", "not an iri"])
        == 1
    )
    assert "not a valid iri" in capsys.readouterr().err


def test_parameters_reach_the_server_as_terms(loaded):
    query = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?s WHERE { ?s rdfs:label ?l FILTER (STR(?l) = ?name) }"
    )
    from diplograph.queries import parse_query

    parsed = parse_query(query, "-e")
    source = EndpointSource(loaded.query_url)
    assert (
        source.select(query, bind_parameters(parsed, {"name": '"} UNION { ?s ?p ?o } #'})).rows
        == []
    )
    assert source.select(query, bind_parameters(parsed, {"name": "Donald Trump"})).rows


# credentials (Basic, Bearer, Digest, in the URL) are tested in test_endpoints.py


def test_store_folder_used_by_a_server_is_a_clear_error(tmp_path):
    binary = oxigraph_binary()
    server = OxigraphServer(binary, tmp_path / "db")
    try:
        with pytest.raises(StoreError, match="no other process"):
            open_store(tmp_path / "db")
    finally:
        server.stop()


# A triple held by several article graphs (an entity's type and labels, a meeting two articles
# report) must count once everywhere: rows without DISTINCT show a bag at once.
BAG_QUERIES = {
    "all-triples": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "meetings": "PREFIX dg: <https://w3id.org/diplograph/ontology#>\n"
    "SELECT ?a ?b WHERE { ?a dg:meets ?b }",
    "labels": "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "SELECT ?s ?l WHERE { ?s a ?t ; rdfs:label ?l }",
}


@pytest.fixture(scope="module")
def one_build(tmp_path_factory):
    """graph.ttl with --store, and graph.trig, of the dev corpus."""
    from triplestore_support import CORPUS

    root = tmp_path_factory.mktemp("one-build")
    store = root / "store"
    args = ["build", str(CORPUS), "--no-html", "-q"]
    assert main([*args, "-o", str(root / "ttl"), "--store", str(store)]) == 0
    assert main([*args, "-o", str(root / "trig"), "--format", "trig"]) == 0
    return root / "ttl" / "graph.ttl", root / "trig" / "graph.trig", store


@pytest.fixture(scope="module")
def everywhere(one_build, tmp_path_factory):
    ttl, trig, store = one_build
    server = OxigraphServer(oxigraph_binary(), tmp_path_factory.mktemp("trig-server"))
    assert main(["load", str(trig), "--endpoint", server.store_url, "-q"]) == 0
    sources = {
        "graph.ttl (rdflib)": open_source(ttl, engine="rdflib"),
        "graph.ttl (oxigraph)": open_source(ttl, engine="oxigraph"),
        "graph.trig (rdflib)": open_source(trig, engine="rdflib"),
        "graph.trig (oxigraph)": open_source(trig, engine="oxigraph"),
        "--store": open_source(store),
        "server loaded with graph.trig": EndpointSource(server.query_url),
    }
    try:
        yield sources
    finally:
        for source in sources.values():
            source.close()
        server.stop()


@pytest.mark.parametrize("name", [*QUERIES, *BAG_QUERIES])
def test_same_rows_on_ttl_trig_store_and_server(everywhere, name):
    if name in BAG_QUERIES:
        text, bindings = BAG_QUERIES[name], {}
    else:
        query = named(name)
        text, bindings = query.text, bind_parameters(query, PARAMS[name])
    answers = {where: source.select(text, bindings) for where, source in everywhere.items()}
    expected = answers.pop("graph.ttl (rdflib)")
    assert expected.rows
    for where, answer in answers.items():
        assert answer.variables == expected.variables, where
        if name in BAG_QUERIES:  # no ORDER BY: compare as bags
            assert sorted(map(repr, answer.rows)) == sorted(map(repr, expected.rows)), where
        else:
            assert answer.rows == expected.rows, f"{name}: {where} differs from graph.ttl"


# --- Virtuoso (Debian's virtuoso-opensource, started on 127.0.0.1 by the fixture) ----------


@pytest.fixture(scope="module")
def dev_rdflib():
    return RdflibSource(read_graph(dev_graph()))


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    from triplestore_support import virtuoso_server

    server = virtuoso_server(tmp_path_factory.mktemp("virtuoso"))
    try:
        # Digest (Virtuoso's Graph Store endpoint asks for it), credentials in the URL
        assert main(["load", str(dev_graph()), "--endpoint", server.store_url, "-q"]) == 0
        yield server
    finally:
        server.stop()


@pytest.mark.slow
@pytest.mark.parametrize("name", QUERIES)
def test_same_rows_on_virtuoso(virtuoso, dev_rdflib, name):
    query = named(name)
    bindings = bind_parameters(query, PARAMS[name])
    expected = dev_rdflib.select(query.text, bindings)
    answer = EndpointSource(virtuoso.query_url).select(query.text, bindings)
    assert expected.rows
    assert answer.variables == expected.variables
    assert answer.rows == expected.rows, f"{name}: Virtuoso differs from graph.ttl"


def test_virtuoso_holds_the_article_graphs_and_the_set_of_all_triples(virtuoso, dev_rdflib):
    from diplograph.triplestore.endpoint import ALL_TRIPLES_GRAPH

    parts = split_by_article(dev_rdflib.graph)
    first = min(parts.articles)
    for graph in (first, ALL_TRIPLES_GRAPH):
        ask = f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        assert select(virtuoso.plain_query_url, ask).boolean, graph
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    total = int(select(virtuoso.query_url, count).rows[0][0]["value"])
    assert total == len(dev_rdflib.graph)


# --- Jena TDB2 (Debian's Jena 4.5 command-line tools) -------------------------------------


@pytest.fixture(scope="module")
def jena(tmp_path_factory):
    from triplestore_support import jena_tdb2

    return jena_tdb2(tmp_path_factory.mktemp("jena"), dev_graph())


@pytest.mark.slow
@pytest.mark.parametrize("name", QUERIES)
def test_same_rows_on_jena_tdb2(jena, dev_rdflib, name):
    from diplograph.triplestore.engines import with_values

    query = named(name)
    bindings = bind_parameters(query, PARAMS[name])
    expected = dev_rdflib.select(query.text, bindings)
    answer = jena.select(with_values(query.text, bindings))
    assert expected.rows
    assert answer.variables == expected.variables
    assert answer.rows == expected.rows, f"{name}: Jena TDB2 differs from graph.ttl"


def test_a_server_with_only_named_graphs_says_how_to_query_them(tmp_path, capsys):
    """``load --graph IRI`` fills one named graph and leaves the default graph empty: the
    bundled queries find nothing there, and ``query`` says why instead of a bare 0 rows."""
    server = OxigraphServer(oxigraph_binary(), tmp_path / "db")
    try:
        target = ["--endpoint", server.store_url, "--graph", "http://e/g", "-q"]
        assert main(["load", str(dev_graph()), *target]) == 0
        capsys.readouterr()
        assert main(["query", server.query_url, "--name", "most-connected"]) == 0
        out, err = capsys.readouterr()
        assert "(0 rows)" in out or "0 rows" in out
        assert err.startswith(f"note: {server.query_url}: the default graph is empty")
        assert "--union-default-graph" in err and err.count("\n") == 1
        # a server whose default graph holds the triples gives no note
        assert main(["load", str(dev_graph()), "--endpoint", server.store_url, "-q"]) == 0
        assert main(["query", server.query_url, "--name", "most-connected"]) == 0
        assert capsys.readouterr().err == ""
    finally:
        server.stop()
