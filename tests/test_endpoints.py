"""The network as it is: SPARQL endpoints that take one protocol form only, Digest, redirects,
slow servers, credentials in URLs, and SERVICE on local files. Each server here is a small
``http.server`` on 127.0.0.1 started by the test."""

from __future__ import annotations

import hashlib
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from diplograph.cli import main
from diplograph.errors import EndpointError, QueryError
from diplograph.triplestore import endpoint
from diplograph.triplestore.endpoint import credentials, select
from diplograph.triplestore.engines import open_source

ANSWER = json.dumps(
    {
        "head": {"vars": ["s"]},
        "results": {"bindings": [{"s": {"type": "uri", "value": "http://e/a"}}]},
    }
).encode()
EMPTY = json.dumps({"head": {"vars": ["s"]}, "results": {"bindings": []}}).encode()


class Server:
    """A threaded HTTP server on 127.0.0.1 whose answers a test decides (``handle``); every
    request it saw is kept in ``seen`` as (method, path, headers, body)."""

    def __init__(self, handle) -> None:
        self.seen: list[tuple[str, str, dict[str, str], bytes]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                outer.seen.append((self.command, self.path, dict(self.headers), body))
                handle(self, self.command, self.path, body)

            do_GET = do_POST = do_PUT = _any

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def serve():
    started: list[Server] = []

    def start(handle) -> Server:
        server = Server(handle)
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()


@pytest.fixture(autouse=True)
def fresh_memory(monkeypatch):
    monkeypatch.setattr(endpoint, "_working_form", {})
    monkeypatch.setattr(endpoint, "_asked_for", {})
    monkeypatch.delenv("DIPLOGRAPH_AUTH", raising=False)


def reply(h, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
    h.send_response(status)
    for key, value in (headers or {}).items():
        h.send_header(key, value)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


def sparql_json(h, body: bytes = ANSWER) -> None:
    reply(h, 200, body, {"Content-Type": "application/sparql-results+json"})


def form_of(method: str, headers: dict[str, str]) -> str:
    if method == "GET":
        return "get"
    kind = headers.get("Content-Type", "")
    return "form" if kind.startswith("application/x-www-form-urlencoded") else "direct"


# --- the protocol's three forms ------------------------------------------------------------


@pytest.mark.parametrize("only", ["form", "direct", "get"])
def test_query_finds_the_one_form_an_endpoint_answers(serve, only):
    def handle(h, method, path, body):
        if form_of(method, dict(h.headers)) == only:
            sparql_json(h)
        else:
            reply(h, 415 if method == "POST" else 405, b"unsupported")

    server = serve(handle)
    url = server.url + "/sparql"
    assert select(url, "SELECT ?s WHERE { ?s ?p ?o }").rows[0][0]["value"] == "http://e/a"
    tried = len(server.seen)
    # remembered: the second query goes straight to the form that worked
    assert select(url, "SELECT ?s WHERE { ?s ?p ?o }").rows
    assert len(server.seen) == tried + 1
    assert form_of(server.seen[-1][0], server.seen[-1][2]) == only


def test_an_endpoint_that_never_answers_a_direct_post_is_asked_with_a_form(serve):
    """Virtuoso 7.2 keeps a direct POST (application/sparql-query) open without an answer."""
    release = threading.Event()

    def handle(h, method, path, body):
        if form_of(method, dict(h.headers)) == "direct":
            release.wait(30)
            return
        sparql_json(h)

    server = serve(handle)
    try:
        assert select(server.url + "/sparql", "SELECT * WHERE { ?s ?p ?o }", timeout=20).rows
    finally:
        release.set()
    assert form_of(server.seen[0][0], server.seen[0][2]) == "form"


def test_form_post_sends_the_endpoint_url_parameters_in_the_body(serve):
    server = serve(lambda h, method, path, body: sparql_json(h))
    select(server.url + "/sparql?default-graph-uri=http%3A%2F%2Fe%2Fall", "ASK {}")
    method, path, _, body = server.seen[0]
    fields = dict(urllib.parse.parse_qsl(body.decode()))
    assert (method, path) == ("POST", "/sparql")
    assert fields == {"default-graph-uri": "http://e/all", "query": "ASK {}"}


def test_a_bad_query_is_reported_at_once_where_the_form_works(serve):
    """Virtuoso answers a bad query in a form POST with 400, and a direct POST never."""
    release = threading.Event()

    def handle(h, method, path, body):
        if form_of(method, dict(h.headers)) == "direct":
            release.wait(30)
            return
        query = dict(urllib.parse.parse_qsl(body.decode())).get("query", "")
        if query == "ASK {}":
            sparql_json(h, json.dumps({"head": {}, "boolean": True}).encode())
        else:
            reply(h, 400, b"SPARQL compiler, line 1: syntax error at 'SELEKT'")

    server = serve(handle)
    try:
        with pytest.raises(EndpointError, match="HTTP 400 .*syntax error at 'SELEKT'"):
            select(server.url + "/sparql", "SELEKT", timeout=20)
    finally:
        release.set()
    assert {form_of(s[0], s[2]) for s in server.seen} == {"form"}


def test_a_bad_query_names_the_servers_first_answer(serve):
    def handle(h, method, path, body):
        reply(h, 400, b"Parse error: line 1 near 'SELEKT'\nmore")

    server = serve(handle)
    with pytest.raises(EndpointError, match="HTTP 400 .*Parse error: line 1") as caught:
        select(server.url + "/sparql", "SELEKT")
    assert "\n" not in str(caught.value)


# --- deadlines ----------------------------------------------------------------------------


def test_timeout_is_a_total_deadline_not_per_read(serve, capsys):
    """A server that sends a byte every 0.2 s is never cut off by a per-read timeout."""
    stop = threading.Event()

    def handle(h, method, path, body):
        h.send_response(200)
        h.send_header("Content-Type", "application/sparql-results+json")
        h.send_header("Content-Length", str(len(ANSWER)))
        h.end_headers()
        for byte in ANSWER:
            if stop.is_set():
                return
            h.wfile.write(bytes([byte]))
            h.wfile.flush()
            time.sleep(0.2)

    server = serve(handle)
    try:
        code = main(["query", server.url + "/sparql", "-e", "ASK {}", "--timeout", "1"])
    finally:
        stop.set()
    err = capsys.readouterr().err
    assert code == 1
    # the endpoint's own deadline or the query's (--timeout bounds the whole query): one line
    said = "no complete answer within 1 s" in err or "query stopped after 1 s" in err
    assert said and err.count("\n") == 1


def test_load_has_a_total_deadline_too(serve, tmp_path):
    stop = threading.Event()

    def handle(h, method, path, body):
        h.send_response(201)
        h.send_header("Content-Length", "100")
        h.end_headers()
        for _ in range(100):
            if stop.is_set():
                return
            h.wfile.write(b" ")
            h.wfile.flush()
            time.sleep(0.2)

    server = serve(handle)
    graph = tmp_path / "g.ttl"
    graph.write_text("<http://e/a> <http://e/p> 1 .\n", encoding="utf-8")
    try:
        with pytest.raises(EndpointError, match="no complete answer within 1 s"):
            endpoint.load_file(graph, server.url + "/store", graph="http://e/g", timeout=1)
    finally:
        stop.set()


@pytest.mark.parametrize("value", ["-1", "nan", "inf", "soon"])
def test_timeout_must_be_a_number_of_seconds(value, capsys):
    """--timeout is a finite number of seconds (0: no limit, see test_query.py)."""
    with pytest.raises(SystemExit) as stop:
        main(["query", "http://127.0.0.1:9/sparql", "-e", "ASK {}", "--timeout", value])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "--timeout" in err and err.count("\n") == 1


# --- authentication -----------------------------------------------------------------------

REALM, NONCE = "SPARQL", "4c1d3e"


def digest_ok(header: str, method: str, password: str = "secret") -> bool:
    """Checks an RFC 2617 Digest answer (MD5, qop=auth) the way a server does."""
    if not header.startswith("Digest "):
        return False
    fields = dict(
        (k.strip(), v.strip().strip('"'))
        for k, v in (part.split("=", 1) for part in header[7:].split(","))
    )
    ha1 = hashlib.md5(f"{fields['username']}:{REALM}:{password}".encode()).hexdigest()
    ha2 = hashlib.md5(f"{method}:{fields['uri']}".encode()).hexdigest()
    expected = hashlib.md5(
        f"{ha1}:{NONCE}:{fields['nc']}:{fields['cnonce']}:auth:{ha2}".encode()
    ).hexdigest()
    return fields["response"] == expected and fields["username"] == "alice"


def digest_server(serve):
    """Like Virtuoso's /sparql-graph-crud-auth: Digest only; a Basic header gets a bare 401."""

    def handle(h, method, path, body):
        sent = h.headers.get("Authorization", "")
        if digest_ok(sent, method):
            if path.startswith("/sparql"):
                sparql_json(h)
            else:
                reply(h, 201)
        elif sent:
            reply(h, 401)
        else:
            challenge = f'Digest realm="{REALM}", nonce="{NONCE}", qop="auth", algorithm="MD5"'
            reply(h, 401, headers={"WWW-Authenticate": challenge})

    return serve(handle)


def test_load_answers_a_digest_challenge(serve, tmp_path, monkeypatch, capsys):
    server = digest_server(serve)
    graph = tmp_path / "g.ttl"
    graph.write_text("<http://e/a> <http://e/p> 1 .\n", encoding="utf-8")
    monkeypatch.setenv("DIPLOGRAPH_AUTH", "alice:secret")
    store = server.url + "/sparql-graph-crud-auth"
    assert main(["load", str(graph), "--endpoint", store, "--graph", "http://e/g"]) == 0
    puts = [s for s in server.seen if s[0] == "PUT"]
    assert digest_ok(puts[-1][2]["Authorization"], "PUT")
    # the password never travelled in clear
    assert not any(s[2].get("Authorization", "").startswith("Basic") for s in server.seen)
    monkeypatch.setenv("DIPLOGRAPH_AUTH", "alice:wrong")
    assert main(["load", str(graph), "--endpoint", store, "--graph", "http://e/g"]) == 1
    assert "HTTP 401" in capsys.readouterr().err


def test_query_answers_a_digest_challenge_with_credentials_from_the_url(serve):
    server = digest_server(serve)
    rows = select(f"http://alice:secret@{server.url[7:]}/sparql-auth", "ASK {}").rows
    assert rows and server.seen[-1][2]["Authorization"].startswith("Digest ")


def test_basic_on_challenge_then_with_each_request(serve):
    def handle(h, method, path, body):
        if h.headers.get("Authorization") == "Basic YWxpY2U6c2VjcmV0":  # alice:secret
            sparql_json(h)
        else:
            reply(h, 401, headers={"WWW-Authenticate": 'Basic realm="x"'})

    server = serve(handle)
    auth = credentials("alice:secret")
    assert select(server.url + "/q", "ASK {}", auth=auth).rows
    assert select(server.url + "/q", "ASK {}", auth=auth).rows
    assert [s[2].get("Authorization") is None for s in server.seen] == [True, False, False]


@pytest.mark.parametrize(
    ("secret", "header", "user"),
    [
        (None, None, None),
        ("", None, None),
        ("user:pa:ss", None, "user"),
        ("Digest user:pa:ss", None, "user"),
        ("abc.def-token", "Bearer abc.def-token", None),
        ("Bearer xyz", "Bearer xyz", None),
        ("Basic dXNlcjpwdw==", "Basic dXNlcjpwdw==", None),
    ],
)
def test_credentials_from_the_environment(secret, header, user):
    found = credentials(secret)
    assert (found.header if found else None) == header
    assert (found.user if found else None) == user
    if found and found.password:
        assert found.password not in repr(found)


def test_a_password_in_the_url_is_never_shown(serve, tmp_path, capsys):
    graph = tmp_path / "g.ttl"
    graph.write_text("<http://e/a> <http://e/p> 1 .\n", encoding="utf-8")
    server = serve(lambda h, method, path, body: reply(h, 500, b"boom at http://bob:hunter2@x/"))
    url = f"http://bob:hunter2@{server.url[7:]}/store"
    assert main(["load", str(graph), "--endpoint", url, "--graph", "http://e/g"]) == 1
    assert main(["query", url, "-e", "ASK {}"]) == 1
    down = "http://bob:hunter2@127.0.0.1:9/store"
    assert main(["load", str(graph), "--endpoint", down]) == 1
    assert main(["query", "http://bob:hunter2@[::1/q", "-e", "ASK {}"]) == 1
    ok = serve(lambda h, method, path, body: reply(h, 201))
    assert main(["load", str(graph), "--endpoint", f"http://bob:hunter2@{ok.url[7:]}/s"]) == 0
    out = capsys.readouterr()
    assert "hunter2" not in out.err + out.out
    assert ok.seen[0][2].get("Authorization") is None  # no challenge: nothing sent


# --- redirects ----------------------------------------------------------------------------


def test_a_redirected_put_or_post_is_refused_not_reported_as_loaded(serve, tmp_path, capsys):
    other = serve(lambda h, method, path, body: reply(h, 200, b"ok"))

    def handle(h, method, path, body):
        reply(h, 302, headers={"Location": other.url + "/elsewhere"})

    server = serve(handle)
    graph = tmp_path / "g.ttl"
    graph.write_text("<http://e/a> <http://e/p> 1 .\n", encoding="utf-8")
    for mode in ("--replace", "--append"):
        assert main(["load", str(graph), "--endpoint", server.url + "/store", mode]) == 1
        err = capsys.readouterr().err
        assert "redirects this P" in err and other.url + "/elsewhere" in err
        assert err.count("\n") == 1 and "loaded" not in err
    assert other.seen == []


def test_authorization_is_not_sent_to_another_origin(serve, monkeypatch):
    other = serve(lambda h, method, path, body: sparql_json(h))

    def handle(h, method, path, body):
        if method != "GET":
            reply(h, 405)
        elif path.startswith("/moved"):
            reply(h, 302, headers={"Location": other.url + "/q?" + path.split("?", 1)[1]})
        else:
            reply(h, 302, headers={"Location": "/moved?" + path.split("?", 1)[1]})

    server = serve(handle)
    monkeypatch.setenv("DIPLOGRAPH_AUTH", "Bearer s3cret")
    source = open_source(server.url + "/sparql")
    source.select("SELECT ?s WHERE { ?s ?p ?o }", {})
    same_origin = [s for s in server.seen if s[0] == "GET"]
    assert all(s[2].get("Authorization") == "Bearer s3cret" for s in same_origin)
    assert len(same_origin) == 2  # followed within the origin, with the header
    assert other.seen and all("Authorization" not in s[2] for s in other.seen)


def test_a_redirect_to_another_scheme_is_not_followed(serve):
    def handle(h, method, path, body):
        if method != "GET":
            reply(h, 405)
        else:  # urllib itself refuses file:, but would follow ftp:
            reply(h, 302, headers={"Location": "ftp://u:pw@127.0.0.1:9/answer.json"})

    server = serve(handle)
    with pytest.raises(EndpointError, match="not an http\\(s\\) URL; not followed") as caught:
        select(server.url + "/sparql", "ASK {}")
    assert "pw" not in str(caught.value)


# --- empty default graph ------------------------------------------------------------------


def test_an_empty_default_graph_with_named_graphs_is_named(serve, capsys):
    def handle(h, method, path, body):
        query = dict(urllib.parse.parse_qsl(body.decode())).get("query", "")
        if query.startswith("ASK"):
            holds = "GRAPH" in query  # only the named graphs hold data
            sparql_json(h, json.dumps({"head": {}, "boolean": holds}).encode())
        else:
            sparql_json(h, EMPTY)

    server = serve(handle)
    assert main(["query", server.url + "/query", "--name", "most-connected"]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "default graph is empty but named graphs hold data" in err
    assert "--union-default-graph" in err and "GRAPH" in err


# --- SERVICE on local files ---------------------------------------------------------------

SERVICE_QUERY = "SELECT * WHERE { SERVICE <%s/sparql> { ?s ?p ?o } }"


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_service_is_refused_on_a_local_file(serve, tmp_path, engine, capsys):
    server = serve(lambda h, method, path, body: sparql_json(h))
    graph = tmp_path / "g.ttl"
    graph.write_text("<http://e/a> <http://e/p> 1 .\n", encoding="utf-8")
    query = SERVICE_QUERY % server.url
    assert main(["query", str(graph), "-e", query, "--engine", engine]) == 1
    assert "SERVICE" in capsys.readouterr().err
    assert server.seen == []
    with pytest.raises(QueryError):
        open_source(graph, engine=engine).select(query, {})
    # allowed on request: the query then reaches the server (so the refusal above is real)
    main(["query", str(graph), "-e", query, "--engine", engine, "--allow-service"])
    assert server.seen


@pytest.mark.parametrize(
    ("query", "calls"),
    [
        ("SELECT * WHERE { service <http://x/> { ?s ?p ?o } }", True),
        ("SELECT * WHERE { SERVICE SILENT ?x { ?s ?p ?o } }", True),
        ('SELECT * WHERE { ?service ?p "SERVICE <x>" } # SERVICE', False),
        ("PREFIX service: <http://x/> SELECT * WHERE { service:a ?p ex:SERVICE }", False),
    ],
)
def test_service_is_found_as_a_keyword_only(query, calls):
    from diplograph.triplestore.engines import calls_service

    assert calls_service(query) is calls


def test_an_http_error_survives_the_trip_from_the_query_process():
    """A query runs in a child process that sends its error back pickled; an HTTP error with
    its status once failed to unpickle there (TypeError instead of the one-line message)."""
    import pickle

    from diplograph.triplestore.endpoint import HTTPRefused

    error = pickle.loads(pickle.dumps(HTTPRefused("refused, HTTP 500", 500, "Digest realm=x")))
    assert (str(error), error.status, error.challenge) == (
        "refused, HTTP 500",
        500,
        "Digest realm=x",
    )
