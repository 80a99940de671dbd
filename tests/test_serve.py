"""``diplograph serve``: the bundled examples built, served on 127.0.0.1, queried over the SPARQL
protocol with the rows ``diplograph query`` gives on graph.ttl, graph.html fetched, updates and
SERVICE refused, and stopped with Ctrl-C (SIGINT) and a goodbye line."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import EXAMPLES
from diplograph.serve import calls_service
from triplestore_support import free_port


def diplograph(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "diplograph", *args], capture_output=True, text=True, timeout=600
    )


class Served:
    """``diplograph serve LOCATION`` in a child process, on a free port of 127.0.0.1."""

    def __init__(self, location: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "diplograph", "serve", str(location), "--port", str(self.port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 120
        while True:
            if self.process.poll() is not None:
                raise AssertionError(f"serve exited: {self.process.stderr.read()}")
            try:
                with urllib.request.urlopen(self.url + "/sparql?query=ASK%7B%7D", timeout=2):
                    return
            except OSError:
                if time.monotonic() > deadline:
                    self.process.kill()
                    raise AssertionError("serve did not answer within 120 s") from None
                time.sleep(0.2)

    def stop(self) -> tuple[int, str]:
        """Ctrl-C; the exit status and stderr."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            _, err = self.process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, err = self.process.communicate()
        return self.process.returncode, err


def get(url: str, **headers: str) -> tuple[int, bytes, str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), exc.headers.get("Content-Type", "")


def post(url: str, body: bytes, content_type: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def count(url: str) -> int:
    status, body, _ = get(url + "/sparql?" + urllib.parse.urlencode({"query": COUNT}))
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def outdir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("served")
    proc = diplograph("build", str(EXAMPLES), "-o", str(out), "-q")
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def server(outdir):
    served = Served(outdir)
    yield served
    served.stop()


@pytest.mark.parametrize("name", ["event-attendees", "most-connected", "who-reported-what"])
def test_endpoint_gives_the_rows_of_query_on_graph_ttl(outdir, server, name):
    on_file = diplograph("query", str(outdir / "graph.ttl"), "--name", name, "--format", "json")
    served = diplograph("query", server.url + "/sparql", "--name", name, "--format", "json")
    assert on_file.returncode == 0, on_file.stderr
    assert served.returncode == 0, served.stderr
    rows = json.loads(on_file.stdout)
    assert rows, f"{name} has no rows on the examples"
    assert json.loads(served.stdout) == rows


def test_get_form_post_and_direct_post_give_one_answer(outdir, server):
    from rdflib import Graph

    triples = len(Graph().parse(outdir / "graph.ttl"))
    assert (
        count(server.url) == triples + 1
    )  # and the endpoint the server states (void:sparqlEndpoint)
    form = urllib.parse.urlencode({"query": COUNT}).encode()
    for body, kind in (
        (form, "application/x-www-form-urlencoded"),
        (COUNT.encode(), "application/sparql-query"),
    ):
        status, answer = post(server.url + "/sparql", body, kind)
        assert status == 200, answer
        assert json.loads(answer)["results"]["bindings"][0]["n"]["value"] == str(triples + 1)
    status, csv, kind = get(
        server.url + "/sparql?" + urllib.parse.urlencode({"query": COUNT}), Accept="text/csv"
    )
    assert (status, kind.split(";")[0]) == (200, "text/csv")
    assert csv.decode().split() == ["n", str(triples + 1)]


def test_construct_answers_turtle(server):
    query = "CONSTRUCT { ?d a ?t } WHERE { ?d a <http://rdfs.org/ns/void#Dataset> ; a ?t }"
    status, body, kind = get(server.url + "/sparql?" + urllib.parse.urlencode({"query": query}))
    assert (status, kind.split(";")[0]) == (200, "text/turtle")
    assert b"http://www.w3.org/ns/dcat#Dataset" in body


def test_updates_are_refused_and_change_nothing(server):
    before = count(server.url)
    update = "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"
    refused = [
        post(server.url + "/sparql", update.encode(), "application/sparql-update"),
        post(
            server.url + "/sparql",
            urllib.parse.urlencode({"update": update}).encode(),
            "application/x-www-form-urlencoded",
        ),
        get(server.url + "/sparql?" + urllib.parse.urlencode({"update": update}))[:2],
        post(server.url + "/sparql", update.encode(), "application/sparql-query"),  # not a query
    ]
    assert [status for status, _ in refused] == [403, 403, 403, 400]
    assert b"read-only" in refused[0][1]
    assert count(server.url) == before


def test_service_is_refused(server):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    status, body, _ = get(server.url + "/sparql?" + urllib.parse.urlencode({"query": query}))
    assert status == 403
    assert b"SERVICE" in body


def test_page_and_description(outdir, server):
    status, page, kind = get(server.url + "/")
    assert (status, kind) == (200, "text/html; charset=utf-8")
    assert page == (outdir / "graph.html").read_bytes()
    status, void, kind = get(server.url + "/void.ttl")
    assert status == 200 and kind.startswith("text/turtle")
    from rdflib import Graph, URIRef
    from rdflib.namespace import VOID

    description = Graph().parse(data=void.decode(), format="turtle")
    endpoints = set(description.objects(None, VOID.sparqlEndpoint))
    assert endpoints == {URIRef(server.url + "/sparql")}
    query = "SELECT ?e WHERE { ?d <http://rdfs.org/ns/void#sparqlEndpoint> ?e }"
    status, body, _ = get(server.url + "/sparql?" + urllib.parse.urlencode({"query": query}))
    bindings = json.loads(body)["results"]["bindings"]
    assert [b["e"]["value"] for b in bindings] == [server.url + "/sparql"]
    assert get(server.url + "/nothing")[0] == 404


def test_ctrl_c_stops_with_one_goodbye_line(outdir):
    served = Served(outdir)
    status, err = served.stop()
    lines = err.strip().splitlines()
    assert status == 0, err
    assert lines[0].startswith(f"serving {outdir / 'graph.ttl'}")
    assert lines[-1] == f"stopped serving {outdir / 'graph.ttl'}"
    with pytest.raises(OSError):
        urllib.request.urlopen(served.url + "/", timeout=5)


def test_a_store_folder_is_served_with_the_same_rows(tmp_path, outdir):
    store = tmp_path / "store"
    proc = diplograph(
        "build", str(EXAMPLES), "-o", str(tmp_path / "out"), "--store", str(store), "-q"
    )
    assert proc.returncode == 0, proc.stderr
    served = Served(store)
    try:
        on_file = diplograph(
            "query", str(outdir / "graph.ttl"), "--name", "event-attendees", "--format", "json"
        )
        answer = diplograph(
            "query", served.url + "/sparql", "--name", "event-attendees", "--format", "json"
        )
        assert json.loads(answer.stdout) == json.loads(on_file.stdout)
        status, page, _ = get(served.url + "/")  # drawn from the store: no graph.html there
        assert status == 200 and b"<html" in page
        status, void, _ = get(served.url + "/void.ttl")  # the description the store holds
        assert status == 200 and (served.url + "/sparql").encode() in void
    finally:
        assert served.stop()[0] == 0


def test_a_folder_without_a_graph_is_one_line_error(tmp_path):
    proc = diplograph("serve", str(tmp_path), "--port", str(free_port()))
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and str(tmp_path) in proc.stderr


@pytest.mark.parametrize(
    ("query", "calls"),
    [
        ("SELECT * WHERE { SERVICE <http://x/sparql> { ?s ?p ?o } }", True),
        ("select * where { service silent <http://x/> { ?s ?p ?o } }", True),
        ("SELECT * WHERE { \\u0053ERVICE <http://x/> { ?s ?p ?o } }", True),
        ("SELECT * WHERE { ?s ?p 'SERVICE' }", False),
        ("SELECT * WHERE { ?s <http://x/SERVICE> ?o } # SERVICE", False),
        ('SELECT ?service WHERE { ?service ?p """a SERVICE b""" }', False),
        ("PREFIX SERVICE: <http://x/> SELECT * WHERE { ?s SERVICE:p ?o }", False),
        ("SELECT * WHERE { ?s ?p ?o FILTER(?o < 3) SERVICE <http://x/> { ?a ?b ?c } }", True),
    ],
)
def test_calls_service(query, calls):
    assert calls_service(query) is calls
