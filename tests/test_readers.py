"""Every command reads every format build writes, as build wrote it.

The examples are built once in each ``--format``; ``load`` (into a real Oxigraph server),
``query`` (each engine), ``analyze``, ``validate`` and ``build --update`` must then report the
same counts as for Turtle. Also: the default graph is the set of all triples on every engine,
JSON-LD never fetches a context, and a syntax error names its line and shows its text.
"""

from __future__ import annotations

import http.server
import shutil
import threading
from pathlib import Path

import pytest

from conftest import EXAMPLES
from diplograph.cli import main
from diplograph.triplestore.endpoint import select
from triplestore_support import OxigraphServer, oxigraph_binary

FORMATS = {
    "turtle": "graph.ttl",
    "trig": "graph.trig",
    "nt": "graph.nt",
    "nquads": "graph.nq",
    "json-ld": "graph.jsonld",
}
STAR = {"turtle-star": "graph-star.ttl", "trig-star": "graph-star.trig"}  # RDF 1.2 (issue 17)
ALL = {**FORMATS, **STAR}
ENGINES = ["rdflib", "oxigraph"]
TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ARTICLES = (
    "PREFIX dg: <https://w3id.org/diplograph/ontology#> "
    "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a dg:Article }"
)


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    """The examples built once per format: format -> graph file."""
    root = tmp_path_factory.mktemp("formats")
    out = {}
    for fmt, name in ALL.items():
        folder = root / fmt
        assert (
            main(["build", str(EXAMPLES), "-o", str(folder), "--format", fmt, "--no-html", "-q"])
            == 0
        )
        out[fmt] = folder / name
    return out


def query_number(capsys, source: Path | str, query: str, *extra: str) -> int:
    assert main(["query", str(source), "-e", query, "--format", "csv", *extra]) == 0, (
        capsys.readouterr().err
    )
    lines = capsys.readouterr().out.splitlines()
    return int(lines[1])


@pytest.fixture(scope="module")
def turtle_triples(builds) -> int:
    from rdflib import Graph

    count = len(Graph().parse(builds["turtle"], format="turtle"))
    assert count > 1000
    return count


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_query_counts_as_for_turtle(builds, turtle_triples, capsys, fmt, engine):
    path = builds[fmt]
    assert query_number(capsys, path, TRIPLES, "--engine", engine) == turtle_triples
    assert query_number(capsys, path, ARTICLES, "--engine", engine) == 4


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("fmt", STAR)
def test_star_files_count_as_turtle_less_three_triples_a_statement(
    builds, turtle_triples, capsys, fmt, engine
):
    """rdflib reads a reifier as the four triples of a reified statement; pyoxigraph keeps the
    triple term, one triple where reification has four."""
    statements = query_number(
        capsys,
        builds["turtle"],
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a "
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> }",
    )
    expected = turtle_triples if engine == "rdflib" else turtle_triples - 3 * statements
    assert query_number(capsys, builds[fmt], TRIPLES, "--engine", engine) == expected
    assert query_number(capsys, builds[fmt], ARTICLES, "--engine", engine) == 4


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("fmt", ALL)
@pytest.mark.parametrize("name", ["most-connected", "event-attendees"])
def test_bundled_query_answers_as_for_turtle(builds, capsys, fmt, engine, name):
    def rows(path: Path) -> str:
        assert (
            main(["query", str(path), "--name", name, "--format", "tsv", "--engine", engine]) == 0
        )
        return capsys.readouterr().out

    expected = rows(builds["turtle"])
    assert expected.count("\n") > 3
    assert rows(builds[fmt]) == expected


@pytest.mark.parametrize("fmt", ALL)
def test_analyze_prints_what_it_prints_for_turtle(builds, capsys, fmt):
    assert main(["analyze", str(builds["turtle"])]) == 0
    expected = capsys.readouterr().out
    assert "(none)" not in expected
    assert main(["analyze", str(builds[fmt])]) == 0
    assert capsys.readouterr().out == expected


@pytest.mark.parametrize("fmt", ALL)
def test_validate_checks_as_many_triples_as_for_turtle(builds, turtle_triples, capsys, fmt):
    assert main(["validate", str(builds[fmt])]) == 0
    out = capsys.readouterr().out
    assert f"{builds[fmt]}: {turtle_triples} triples" in out and "conforms" in out


def test_validate_takes_the_output_folder(builds, turtle_triples, capsys):
    folder = builds["json-ld"].parent
    assert main(["validate", str(folder)]) == 0
    assert f"{folder / 'graph.jsonld'}: {turtle_triples} triples" in capsys.readouterr().out


def test_analyze_takes_any_output_folder(builds, capsys):
    assert main(["analyze", str(builds["turtle"])]) == 0
    expected = capsys.readouterr().out
    assert main(["analyze", str(builds["trig"].parent)]) == 0
    assert capsys.readouterr().out == expected


def test_a_folder_without_a_graph_is_one_line(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "no graph file in this folder" in err and err.count("\n") == 1


@pytest.mark.parametrize("fmt", ALL)
def test_load_sends_every_triple(builds, turtle_triples, tmp_path, capsys, fmt):
    server = OxigraphServer(oxigraph_binary(), tmp_path / "store")
    try:
        assert main(["load", str(builds[fmt]), "--endpoint", server.store_url]) == 0
        err = capsys.readouterr().err
        assert " quads into " in err and " triples " not in err
        distinct = (
            "SELECT (COUNT(*) AS ?n) "
            "WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
        )
        assert int(select(server.query_url, distinct).rows[0][0]["value"]) == turtle_triples
        articles = (
            "PREFIX dg: <https://w3id.org/diplograph/ontology#> "
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a dg:Article } }"
        )
        assert len(select(server.query_url, articles).rows) == 4
    finally:
        server.stop()


@pytest.mark.parametrize("fmt", ALL)
def test_update_keeps_the_earlier_articles(builds, turtle_triples, tmp_path, capsys, fmt):
    folder = tmp_path / fmt
    shutil.copytree(builds[fmt].parent, folder)
    article = EXAMPLES / "merz-weisses-haus-2025-06-05.de.txt"
    assert (
        main(["build", str(article), "-o", str(folder), "--format", fmt, "--no-html", "--update"])
        == 0
    )
    err = capsys.readouterr().err
    assert "1 replaced, 3 kept" in err, err
    assert query_number(capsys, folder / ALL[fmt], ARTICLES) == 4
    assert query_number(capsys, folder / ALL[fmt], TRIPLES, "--engine", "rdflib") == turtle_triples


# The same triple in two named graphs and in the default graph: the default graph (the union)
# holds it once, on every engine.
TRIG = """
@prefix ex: <http://example.org/> .
ex:a ex:p ex:b .
ex:g1 { ex:a ex:p ex:b . ex:c ex:p ex:d . }
ex:g2 { ex:a ex:p ex:b . }
"""


@pytest.mark.parametrize("engine", ENGINES)
def test_default_graph_is_the_set_of_all_triples(tmp_path, capsys, engine):
    path = tmp_path / "graph.trig"
    path.write_text(TRIG, encoding="utf-8")
    assert query_number(capsys, path, TRIPLES, "--engine", engine) == 2
    assert (
        query_number(
            capsys,
            path,
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
            "--engine",
            engine,
        )
        == 3
    )


class _Counting(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        type(self).requests.append(self.path)
        body = b'{"@context": {"name": "http://schema.org/name"}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def context_server():
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Counting)
    _Counting.requests = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/context.jsonld", _Counting.requests
    finally:
        httpd.shutdown()
        httpd.server_close()


COMMANDS = {
    "query-rdflib": ["query", "{path}", "-e", "ASK { ?s ?p ?o }", "--engine", "rdflib"],
    "query-oxigraph": ["query", "{path}", "-e", "ASK { ?s ?p ?o }", "--engine", "oxigraph"],
    "analyze": ["analyze", "{path}"],
    "validate": ["validate", "{path}"],
    "load": ["load", "{path}", "--endpoint", "http://127.0.0.1:9/store"],
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("where", ["http", "file", "import"])
def test_jsonld_context_is_never_fetched(tmp_path, capsys, context_server, command, where):
    url, requests = context_server
    local = tmp_path / "context.jsonld"
    local.write_text('{"@context": {"name": "http://schema.org/name"}}', encoding="utf-8")
    reference = {
        "http": f'"{url}"',
        "file": f'"{local.as_uri()}"',
        "import": f'{{"@import": "{url}"}}',
    }[where]
    path = tmp_path / "graph.jsonld"
    path.write_text(
        f'{{"@context": {reference}, "@id": "http://example.org/a", "name": "A"}}', encoding="utf-8"
    )
    args = [a.replace("{path}", str(path)) for a in COMMANDS[command]]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "is not read" in err and "never fetched" in err and err.count("\n") == 1, err
    assert requests == []


BROKEN = {
    "turtle": (
        "graph.ttl",
        "@prefix ex: <http://example.org/> .\n"
        'ex:a ex:p ex:b .\nex:c ex:p "open .\nex:d ex:p ex:e .\n',
        3,
        'ex:c ex:p "open .',
    ),
    "turtle-prefix": (
        "graph.ttl",
        "@prefix ex: <http://example.org/> .\nex:a ex:p ex:b ;\n  nope:q ex:c .\n",
        3,
        "nope:q ex:c .",
    ),
    "trig": (
        "graph.trig",
        "@prefix ex: <http://example.org/> .\nex:g {\n  ex:a ex:p ex:b .\n  ex:a ex:p ,, .\n}\n",
        4,
        "ex:a ex:p ,, .",
    ),
    "nt": (
        "graph.nt",
        "<http://e/a> <http://e/p> <http://e/b> .\n<http://e/a> <http://e/p> <http://e/b\n",
        2,
        "<http://e/a> <http://e/p> <http://e/b",
    ),
    "json-ld": (
        "graph.jsonld",
        '{"@id": "http://e/a",\n "http://e/p": [1,,2]}\n',
        2,
        '"http://e/p": [1,,2]}',
    ),
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", BROKEN)
def test_syntax_error_names_line_and_text(tmp_path, capsys, case, command):
    name, text, line, shown = BROKEN[case]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert main([a.replace("{path}", str(path)) for a in COMMANDS[command]]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "of <>" not in err, err
    assert f"at line {line}" in err and repr(shown) in err, err
