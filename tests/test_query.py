"""Bundled SPARQL queries, parameter binding and the ``query`` command."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from diplograph.cli import main
from diplograph.errors import QueryError
from diplograph.queries import bundled, named, parse_query, to_term
from diplograph.triplestore.dataset import read_graph
from diplograph.triplestore.engines import (
    OxigraphSource,
    RdflibSource,
    bind_parameters,
    load_memory_store,
    too_many_rows,
    with_values,
)
from diplograph.triplestore.engines import run as run_query
from triplestore_support import PARAMS, R, dev_graph

QUERIES = sorted(bundled())
REQUIRED = {
    "meetings-between",
    "meetings-of-actor",
    "event-attendees",
    "who-reported-what",
    "proposals",
    "evidence",
    "most-connected",
    "events-by-place",
    "corroboration",
}


@pytest.fixture(scope="module")
def engines():
    path = dev_graph()
    return {
        "rdflib": RdflibSource(read_graph(path)),
        "oxigraph": OxigraphSource(load_memory_store(path), union=False),
    }


def test_every_asked_query_is_bundled():
    assert set(QUERIES) >= REQUIRED
    assert set(PARAMS) == set(QUERIES), "every bundled query needs test parameters"


@pytest.mark.parametrize("name", QUERIES)
def test_query_is_documented(name):
    query = named(name)
    assert query.title and not query.title.startswith("PREFIX")
    assert f"--name {name}" in query.example
    body = "\n".join(line for line in query.text.splitlines() if not line.startswith("#"))
    for parameter in query.parameters:
        assert f"?{parameter.name}" in body, (
            f"{name}: @param {parameter.name} is not a variable of the query"
        )
        assert parameter.doc
        assert f"--param {parameter.name}=" in query.example or not parameter.required


@pytest.mark.parametrize("name", QUERIES)
def test_query_answers_the_same_on_rdflib_and_oxigraph(engines, name):
    query = named(name)
    bindings = bind_parameters(query, PARAMS[name])
    expected = engines["rdflib"].select(query.text, bindings)
    assert expected.rows, f"{name} found nothing on the dev corpus"
    assert engines["oxigraph"].select(query.text, bindings) == expected


EVIL = [
    '"} UNION { ?s ?p ?o } #',
    "x' } UNION { ?s ?p ?o } #",
    '"""} UNION {"""',
    "}}} {{{ \\\" \\' \n\r\t",
    'Putin"@en } UNION { ?s ?p ?o',
    "> } UNION { ?s ?p ?o . <x",
]
EXACT_LABEL = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?label WHERE { ?s rdfs:label ?label FILTER (STR(?label) = ?name) } ORDER BY STR(?s)
"""


@pytest.mark.parametrize("evil", EVIL)
@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_parameter_cannot_change_the_query(engines, engine, evil):
    query = parse_query(EXACT_LABEL, "-e")
    source = engines[engine]
    assert source.select(query.text, bind_parameters(query, {"name": evil})).rows == []
    found = source.select(query.text, bind_parameters(query, {"name": "Donald Trump"})).rows
    assert found and all(row[1]["value"] == "Donald Trump" for row in found)


@pytest.mark.parametrize("evil", EVIL)
def test_values_block_holds_one_escaped_literal(evil):
    import pyoxigraph as ox

    text = with_values(EXACT_LABEL, {"name": Literal(evil)})
    store = ox.Store()
    store.add(
        ox.Quad(
            ox.NamedNode("http://e/s"),
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            ox.Literal(evil),
        )
    )
    rows = list(store.query(text))
    assert len(rows) == 1 and rows[0]["label"].value == evil
    assert text.count("VALUES") == 1


@pytest.mark.parametrize(
    "bad", ["https://x/a> } UNION { ?s ?p ?o } #", "not an iri", "https://x/a b", 'http://x/"']
)
def test_iri_parameter_must_be_an_iri(bad):
    with pytest.raises(QueryError, match="not a valid iri"):
        to_term(bad, "iri", name="actor")


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        (
            "2025-08-15",
            "date",
            Literal("2025-08-15", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")),
        ),
        (
            "2025-08-15",
            None,
            Literal("2025-08-15", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")),
        ),
        ("42", None, Literal("42", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer"))),
        (R + "person/x", None, URIRef(R + "person/x")),
        ("Anchorage", None, Literal("Anchorage")),
        ("2025-08-15", "string", Literal("2025-08-15")),
    ],
)
def test_parameter_types(value, kind, expected):
    assert to_term(value, kind, name="p") == expected


def test_bad_date_parameter():
    with pytest.raises(QueryError, match="not a valid date"):
        bind_parameters(named("meetings-between"), {"from": "2025-02-30", "to": "2025-03-01"})


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ?s ?p ?o }",
        "select * { ?s ?p ?o }",
        '# WHERE { in a comment\nSELECT ?s WHERE { ?s ?p "WHERE { }" }',
        "PREFIX ex: <http://e/{x}>\nSELECT (STR(?s) AS ?x) WHERE { ?s ?p ?o FILTER (?o < 3) }",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "ASK { ?s ?p ?o }",
    ],
)
def test_values_go_first_in_the_where_group(query):
    text = with_values(query, {"s": URIRef("http://e/a")})
    assert re.search(r"(WHERE|where|ASK|\*)\s*\{ VALUES \(\?s\) \{ \(<http://e/a>\) \}", text), text


def test_query_without_where_group_cannot_take_parameters():
    with pytest.raises(QueryError, match="no WHERE"):
        with_values("DESCRIBE <http://e/a>", {"s": URIRef("http://e/a")})


def test_cli_query_table_and_json(capsys):
    path = str(dev_graph())
    assert (
        main(
            [
                "query",
                path,
                "--name",
                "meetings-of-actor",
                "--param",
                f"actor={R}person/vladimir-putin",
            ]
        )
        == 0
    )
    table = capsys.readouterr().out
    assert "otherLabel" in table and "dgr:person/" in table and "rows)" in table
    assert (
        main(
            ["query", path, "--name", "most-connected", "--format", "json", "--engine", "oxigraph"]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["head"]["vars"] == ["actor", "actorLabel", "connections"]
    assert len(data["results"]["bindings"]) == 25


def test_cli_query_csv_tsv_and_own_file(tmp_path, capsys):
    path = str(dev_graph())
    rq = tmp_path / "count.rq"
    rq.write_text(
        "# Count articles.\n# @param lang string optional  a language\n"
        "PREFIX dg: <https://w3id.org/diplograph/ontology#>\n"
        "SELECT (COUNT(?a) AS ?n) WHERE { ?a a dg:Article ; dg:language ?lang }\n",
        encoding="utf-8",
    )
    assert main(["query", path, str(rq), "--param", "lang=de", "--format", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "n" and int(out[1]) > 0
    assert main(["query", path, "-e", "ASK { ?s ?p ?o }", "--format", "tsv"]) == 0
    assert capsys.readouterr().out == "?boolean\ntrue\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--name", "meetings-between"], "missing parameter from"),
        (["--name", "nope"], "no bundled query named 'nope'"),
        (
            ["--name", "proposals", "--param", "actor=not an iri"],
            "no entity is labelled 'not an iri'",
        ),
        (["--name", "proposals", "--param", "actor=https://x/a b"], "not a valid iri"),
        (["--name", "proposals", "--param", "who=x"], "unknown parameter who; it takes actor"),
        (
            ["--name", "meetings-of-actor", "--param", "actr=x"],
            "unknown parameter actr (did you mean actor?)",
        ),
        (
            ["--name", "meetings-between", "--param", "form=2025-01-01"],
            "unknown parameter form (did you mean from?)",
        ),
        (["-e", "SELECT nonsense {"], "not a valid SPARQL query"),
        ([], "give exactly one query"),
    ],
)
def test_cli_query_errors_are_one_line(capsys, args, message):
    assert main(["query", str(dev_graph()), *args]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_cli_query_missing_graph(capsys, tmp_path):
    assert main(["query", str(tmp_path / "none.ttl"), "--name", "most-connected"]) == 1
    assert "no such file" in capsys.readouterr().err


def test_cli_query_list(capsys):
    assert main(["query", "--list"]) == 0
    out = capsys.readouterr().out
    for name in QUERIES:
        assert f"{name}:" in out


def test_auto_engine_chooses_by_size(monkeypatch, tmp_path):
    from diplograph.triplestore import engines as module

    path = Path(dev_graph())
    monkeypatch.setattr(module, "RDFLIB_MAX_BYTES", path.stat().st_size + 1)
    assert module.open_source(path).name == "rdflib"
    monkeypatch.setattr(module, "RDFLIB_MAX_BYTES", path.stat().st_size - 1)
    assert module.open_source(path).name == "oxigraph"


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
@pytest.mark.parametrize(
    "value", ["dgr:person/vladimir-putin", "Wladimir Putin", "vladimir putin", "Putin"]
)
def test_actor_parameter_by_prefixed_iri_or_label(capsys, engine, value):
    """--param takes the prefixed form result tables print, and labels, as well as full IRIs."""

    def rows(actor: str) -> str:
        args = ["--name", "meetings-of-actor", "--param", f"actor={actor}", "--engine", engine]
        assert main(["query", str(dev_graph()), *args, "--format", "tsv"]) == 0
        return capsys.readouterr().out

    expected = rows(R + "person/vladimir-putin")
    assert expected.count("\n") > 2
    assert rows(value) == expected


AMBIGUOUS = """
@prefix person: <https://w3id.org/diplograph/resource/person/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
person:kim-jong-un rdfs:label "Kim Jong-un"@en ; skos:altLabel "Kim"@en .
person:kim-yo-jong rdfs:label "Kim Yo-jong"@en ; skos:altLabel "Kim"@de .
"""
OWN_QUERY = (
    "# Labels.\n# @param who iri required  an entity\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "SELECT ?label WHERE { ?who rdfs:label ?label }\n"
)


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_label_parameter_lists_every_entity_it_names(tmp_path, capsys, engine):
    graph = tmp_path / "graph.ttl"
    graph.write_text(AMBIGUOUS, encoding="utf-8")
    rq = tmp_path / "labels.rq"
    rq.write_text(OWN_QUERY, encoding="utf-8")
    base = ["query", str(graph), str(rq), "--engine", engine, "--format", "csv"]
    assert main([*base, "--param", "who=kim yo-jong"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == ["Kim Yo-jong"]
    assert main([*base, "--param", "who=Kim"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "'Kim' names 2 entities: dgr:person/kim-jong-un (Kim Jong-un); " in err
    assert "dgr:person/kim-yo-jong (Kim Yo-jong)" in err
    assert main([*base, "--param", "who=Kim Il-sung"]) == 1
    assert "no entity is labelled 'Kim Il-sung'" in capsys.readouterr().err


# Two events: one of three days (2020-05-01 to 03), one undated, and a mention of the first.
# Anna holds four offices: one ending during the event, one starting during it, one long over,
# one current; Ben holds none. Anna is both dg:participant and attends the first event.
ATTENDANCE = """
@prefix dg: <https://w3id.org/diplograph/ontology#> .
@prefix r: <https://w3id.org/diplograph/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
r:summit a dg:Summit ; rdfs:label "Summit"@en, "Gipfel"@de ;
    dg:date "2020-05-01"^^xsd:date ; dg:endDate "2020-05-03"^^xsd:date ; dg:participant r:anna .
r:talks a dg:Meeting ; rdfs:label "Talks"@en ; dg:participant r:anna .
r:mention a dg:EventMention ; rdfs:label "the summit"@en ; dg:participant r:anna .
r:anna rdfs:label "Anna"@en ; dg:attends r:summit ;
    dg:holds r:ending, r:starting, r:over, r:current .
r:ben rdfs:label "Ben"@en ; dg:attends r:summit .
r:ending dg:post "head_of_state" ; dg:ofAgent r:land ;
    dg:startDate "2010-01-01"^^xsd:date ; dg:endDate "2020-05-02"^^xsd:date .
r:starting dg:post "head_of_government" ; dg:ofAgent r:land ; dg:startDate "2020-05-03"^^xsd:date .
r:over dg:post "foreign_minister" ; dg:ofAgent r:land ;
    dg:startDate "2000-01-01"^^xsd:date ; dg:endDate "2005-01-01"^^xsd:date .
r:current dg:post "chair" ; dg:ofAgent r:club ; dg:startDate "2021-01-01"^^xsd:date .
r:land rdfs:label "Land"@en, "Landes"@de .
"""


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_event_attendees_one_row_per_person_and_event(tmp_path, capsys, engine):
    graph = tmp_path / "graph.ttl"
    graph.write_text(ATTENDANCE, encoding="utf-8")
    args = ["query", str(graph), "--name", "event-attendees", "--engine", engine]
    assert main([*args, "--format", "csv"]) == 0
    rows = [line.split(",", 5) for line in capsys.readouterr().out.splitlines()]
    assert rows[0] == ["event", "eventLabel", "date", "attendee", "attendeeLabel", "offices"]
    assert [(r[1], r[2], r[4], r[5]) for r in rows[1:]] == [
        ("Talks", "", "Anna", f"chair ({R}club); head_of_government (Land)"),
        ("Summit", "2020-05-01", "Anna", "head_of_government (Land); head_of_state (Land)"),
        ("Summit", "2020-05-01", "Ben", ""),
    ]
    assert main([*args, "--param", "event=dgr:summit", "--format", "csv"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3


# Query limits (issue 18): --timeout, --max-rows and --max-memory on every engine, one line

CROSS_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CROSS_SORTED = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?i ?f ?c"


def query_cli(*args: str) -> subprocess.CompletedProcess:
    """``diplograph query ARGS`` in its own process (the guard of 600 s only stops a hang)."""
    return subprocess.run(
        [sys.executable, "-m", "diplograph", "query", *args],
        capture_output=True,
        text=True,
        timeout=600,
    )


def assert_one_line(done: subprocess.CompletedProcess, option: str) -> None:
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: query stopped"), done.stderr
    assert option in lines[0] and "Traceback" not in done.stderr


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_cartesian_product_stops_at_the_timeout(engine):
    done = query_cli(str(dev_graph()), "--engine", engine, "-e", CROSS_COUNT, "--timeout", "2")
    assert_one_line(done, "--timeout 2")


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_sorted_cross_product_stops_at_the_memory_limit(engine):
    # an ORDER BY collects every solution before the first row: only memory can stop it
    done = query_cli(
        str(dev_graph()), "--engine", engine, "-e", CROSS_SORTED, "--max-memory", "500"
    )
    assert_one_line(done, "--max-memory 500")


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_rows_past_the_limit_stop_the_query(engine, capsys):
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
    assert (
        main(["query", str(dev_graph()), "--engine", engine, "-e", query, "--max-rows", "50"]) == 1
    )
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == "error: " + too_many_rows(50)
    # under the limit the rows come as usual
    limited = "SELECT ?a WHERE { ?a a <https://w3id.org/diplograph/ontology#Article> } LIMIT 3"
    assert (
        main(
            [
                "query",
                str(dev_graph()),
                "--engine",
                engine,
                "-e",
                limited,
                "--format",
                "csv",
                "--max-rows",
                "3",
            ]
        )
        == 0
    )
    assert len(capsys.readouterr().out.strip().splitlines()) == 4


def test_endpoint_that_never_answers_stops_at_the_timeout():
    """A server that takes the request and never answers (it would after 60 s) is given up at
    --timeout, whatever the socket's own timeout."""
    import http.server
    import threading

    release = threading.Event()

    class Silent(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the handler's API
            release.wait(60)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Silent)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/query"
        done = query_cli(url, "-e", "SELECT * WHERE { ?s ?p ?o }", "--timeout", "1")
        assert_one_line(done, "--timeout 1")
    finally:
        release.set()
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    "option,value",
    [("--timeout", "nan"), ("--timeout", "-1"), ("--max-rows", "x"), ("--max-memory", "-5")],
)
def test_limit_options_are_checked(option, value, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["query", str(dev_graph()), "--name", "most-connected", option, value])
    assert stop.value.code == 2
    assert option in capsys.readouterr().err


def test_labels_are_english_where_the_graph_has_them(tmp_path):
    """Issue 16: a table labelled people in the article's language ('Sergej Lawrow' is the
    smallest string); the page labels them in English. Every bundled query prefers the English
    label, and takes another where there is none."""
    graph = tmp_path / "g.ttl"
    graph.write_text(
        """@prefix dg: <https://w3id.org/diplograph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix r: <https://w3id.org/diplograph/resource/person/> .
r:a a dg:Person ; rdfs:label "Sergey Lavrov"@en, "Sergej Lawrow"@de ; dg:meets r:b .
r:b a dg:Person ; rdfs:label "Wang Yi"@de ; dg:meets r:a .
""",
        encoding="utf-8",
    )
    for engine in ("rdflib", "oxigraph"):
        results = run_query(graph, named("most-connected"), {}, engine=engine)
        labels = {row[1]["value"] for row in results.rows}
        assert labels == {"Sergey Lavrov", "Wang Yi"}, engine
