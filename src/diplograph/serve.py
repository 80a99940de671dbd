"""``diplograph serve``: a build's graph behind a read-only SPARQL endpoint, and its page.

The graph (a build folder's graph file, a graph file, or a ``build --store`` folder) is held
in Oxigraph, in memory for a file, read-only on disk for a store. Its default graph is the set
of all triples, as everywhere in diplograph (:mod:`diplograph.triplestore.engines`), so the
endpoint gives the rows ``diplograph query`` gives on the file.

A small :mod:`http.server` front answers the SPARQL 1.1 protocol at ``/sparql`` (``/query``
too): ``GET ?query=``, ``POST`` of a form or of ``application/sparql-query``. Updates are
refused (403), and so are queries with ``SERVICE``: the endpoint reads nothing from the
network. ``/`` is graph.html, ``/void.ttl`` (and ``/.well-known/void``) the dataset description
with the endpoint added.
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import cast
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import VOID

from diplograph.errors import DiplographError, GraphFileError
from diplograph.rdf.description import add_endpoint, bind_description_prefixes
from diplograph.triplestore.dataset import graph_file
from diplograph.triplestore.engines import calls_service, load_memory_store, open_store

__all__ = [
    "GRAPH_FORMATS",
    "MAX_QUERY_BYTES",
    "RESULT_FORMATS",
    "SERVICE_REFUSED",
    "UPDATE_REFUSED",
    "Served",
    "SparqlHandler",
    "calls_service",
    "make_server",
    "open_graph",
    "serve",
    "with_endpoint",
]

MAX_QUERY_BYTES = 1_000_000
"""Longest query body accepted (413 above it)."""

RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
UPDATE_REFUSED = "this SPARQL endpoint is read-only: updates are refused\n"
SERVICE_REFUSED = "SERVICE is refused: this endpoint reads nothing from the network\n"

_VOID_DATASETS = "SELECT DISTINCT ?d WHERE { ?d a <http://rdfs.org/ns/void#Dataset> }"


@dataclass
class Served:
    """What a server serves: the store, how to query it, the page and the description."""

    store: ox.Store
    union: bool
    source: Path
    page: bytes
    description: Graph | None
    triples: int


def open_graph(location: Path | str) -> Served:
    """Open what ``diplograph serve`` serves: a build folder (its graph file, graph.html and
    void.ttl), a graph file, or a store folder written by ``build --store``.

    Raises:
        GraphFileError, StoreError: nothing servable there, or it cannot be read.
    """
    location = Path(location)
    if not location.exists():
        raise GraphFileError(f"{location}: no such file or folder")
    folder = location if location.is_dir() else location.parent
    if location.is_dir() and _is_store(location):
        store = open_store(location, read_only=True)
        union = not store.query("ASK { ?s ?p ?o }") and bool(
            store.query("ASK { GRAPH ?g { ?s ?p ?o } }")
        )
        source = location
    else:
        source = graph_file(location)
        store = load_memory_store(source)
        union = False
    triples = _count(store, union)
    return Served(
        store=store,
        union=union,
        source=source,
        page=_page(folder, store),
        description=_description(folder / "void.ttl") or _stored_description(store, union),
        triples=triples,
    )


def _is_store(folder: Path) -> bool:
    """Whether a folder is an Oxigraph store (RocksDB keeps a CURRENT file) with no graph file."""
    from diplograph.rdf.exports import EXPORT_FORMATS

    if any((folder / f.filename).is_file() for f in EXPORT_FORMATS.values()):
        return False
    return (folder / "CURRENT").is_file()


def _count(store: ox.Store, union: bool) -> int:
    answer = store.query(
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", use_default_graph_as_union=union
    )
    assert isinstance(answer, ox.QuerySolutions)
    return int(next(answer)[0].value)


def _page(folder: Path, store: ox.Store) -> bytes:
    """graph.html of the folder, or the page drawn from the store when there is none."""
    page = folder / "graph.html"
    if page.is_file():
        return page.read_bytes()
    from diplograph.options import LARGE_PAGE_NODES
    from diplograph.view.html import render_projection
    from diplograph.view.projection import project_store

    text, _ = render_projection(project_store(store), max_nodes=LARGE_PAGE_NODES)
    return text.encode("utf-8")


def _description(path: Path) -> Graph | None:
    if not path.is_file():
        return None
    try:
        return Graph().parse(str(path), format="turtle")
    except Exception as exc:  # noqa: BLE001 - rdflib raises many kinds of parse errors
        raise GraphFileError(
            f"{path}: not valid Turtle ({str(exc).splitlines()[0][:200]})"
        ) from None


def _stored_description(store: ox.Store, union: bool) -> Graph | None:
    """The dataset node's triples as the graph holds them (for a folder without void.ttl)."""
    answer = store.query(
        "CONSTRUCT { ?d ?p ?o } WHERE { ?d a <http://rdfs.org/ns/void#Dataset> ; ?p ?o }",
        use_default_graph_as_union=union,
    )
    assert isinstance(answer, ox.QueryTriples)
    text = answer.serialize(format=ox.RdfFormat.N_TRIPLES) or b""
    if not text.strip():
        return None
    return Graph().parse(data=text.decode("utf-8"), format="nt")


def with_endpoint(served: Served, endpoint: str) -> bytes | None:
    """The description (void.ttl) stating the endpoint, as Turtle; None without a void.ttl.
    The endpoint is also added to the graph when it is held in memory."""
    answer = served.store.query(_VOID_DATASETS, use_default_graph_as_union=served.union)
    assert isinstance(answer, ox.QuerySolutions)  # a SELECT query
    datasets = [
        URIRef(solution[0].value) for solution in answer if isinstance(solution[0], ox.NamedNode)
    ]
    if not _on_disk(served):  # a store folder is opened read-only
        endpoint_node = ox.NamedNode(endpoint)
        for dataset in datasets:
            served.store.add(
                ox.Quad(
                    ox.NamedNode(str(dataset)),
                    ox.NamedNode(str(VOID.sparqlEndpoint)),
                    endpoint_node,
                )
            )
    if served.description is None:
        return None
    description = Graph()
    for triple in served.description:
        description.add(triple)
    described = {URIRef(str(d)) for d in description.subjects(None, VOID.Dataset)}
    for dataset in described or datasets:
        base = str(dataset)[: -len("dataset")]
        add_endpoint(description, endpoint, base=base)
    bind_description_prefixes(description)
    return description.serialize(format="turtle").encode("utf-8")


def _on_disk(served: Served) -> bool:
    return served.source.is_dir()


class SparqlHandler(BaseHTTPRequestHandler):
    """Answers the SPARQL 1.1 protocol (queries only), and serves the page and description."""

    served: Served
    void: bytes | None
    quiet = True
    server_version = "diplograph"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        if not self.quiet:
            super().log_message(format, *args)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        url = urlsplit(self.path)
        if url.path in ("/", "/graph.html", "/index.html"):
            self._send(200, self.served.page, "text/html; charset=utf-8")
        elif url.path in ("/void.ttl", "/.well-known/void"):
            if self.void is None:
                self._text(404, "this graph has no dataset description (void.ttl)\n")
            else:
                self._send(200, self.void, "text/turtle; charset=utf-8")
        elif url.path in ("/sparql", "/query"):
            params = parse_qs(url.query, keep_blank_values=True)
            if "update" in params:
                self._text(403, UPDATE_REFUSED)
            elif "query" not in params:
                self._text(400, "give the query as ?query=...\n")
            else:
                self._query(params["query"][0], params)
        else:
            self._text(404, f"nothing at {url.path}; the SPARQL endpoint is /sparql\n")

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        url = urlsplit(self.path)
        if url.path not in ("/sparql", "/query", "/update"):
            self._text(404, f"nothing at {url.path}; the SPARQL endpoint is /sparql\n")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_QUERY_BYTES:
            self._text(413, f"the request is longer than {MAX_QUERY_BYTES:,} bytes\n")
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        if url.path == "/update" or kind == "application/sparql-update":
            self._text(403, UPDATE_REFUSED)
        elif kind == "application/sparql-query":
            self._query(body, params)
        elif kind == "application/x-www-form-urlencoded":
            params.update(parse_qs(body, keep_blank_values=True))
            if "update" in params:
                self._text(403, UPDATE_REFUSED)
            elif "query" not in params:
                self._text(400, "give the query as the form field query\n")
            else:
                self._query(params["query"][0], params)
        else:
            self._text(
                415,
                "send the query as application/sparql-query or as the form field query "
                "(application/x-www-form-urlencoded)\n",
            )

    def _query(self, query: str, params: dict[str, list[str]]) -> None:
        if calls_service(query):
            self._text(403, SERVICE_REFUSED)
            return
        options: dict = {"use_default_graph_as_union": self.served.union}
        if params.get("default-graph-uri"):
            options = {"default_graph": [ox.NamedNode(g) for g in params["default-graph-uri"]]}
        if params.get("named-graph-uri"):
            options["named_graphs"] = [ox.NamedNode(g) for g in params["named-graph-uri"]]
        try:
            answer = self.served.store.query(query, **options)
            if isinstance(answer, ox.QueryTriples):
                mime, fmt = self._negotiate(GRAPH_FORMATS, "text/turtle")
                body = answer.serialize(format=cast(ox.RdfFormat, fmt))
            else:
                mime, fmt = self._negotiate(RESULT_FORMATS, "application/sparql-results+json")
                body = answer.serialize(format=cast(ox.QueryResultsFormat, fmt))
        except (SyntaxError, ValueError) as exc:
            self._text(400, f"query not accepted: {exc}\n")
            return
        except OSError as exc:
            self._text(500, f"the store failed: {exc}\n")
            return
        self._send(200, body or b"", f"{mime}; charset=utf-8")

    def _negotiate(self, formats: dict, default: str) -> tuple[str, object]:
        accepted: list[tuple[float, int, str]] = []
        for part in (self.headers.get("Accept") or "").split(","):
            mime, _, rest = part.strip().partition(";")
            weight = 1.0
            match = re.search(r"q=([0-9.]+)", rest)
            if match:
                try:
                    weight = float(match.group(1))
                except ValueError:
                    weight = 0.0
            accepted.append((-weight, len(accepted), mime.strip().lower()))
        for _, _, mime in sorted(accepted):
            if mime in formats:
                return mime, formats[mime]
        return default, formats[default]

    def _text(self, status: int, text: str) -> None:
        self._send(status, text.encode("utf-8"), "text/plain; charset=utf-8")

    def _send(self, status: int, body: bytes, mime: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", mime)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_HEAD = do_GET  # noqa: N815


def make_server(
    location: Path | str, *, host: str = "127.0.0.1", port: int = 8000, quiet: bool = True
) -> tuple[ThreadingHTTPServer, Served, str]:
    """A server of the graph at ``location`` (not yet serving), what it serves, and its URL.

    Raises:
        DiplographError: the address cannot be bound (in use, or not this machine's).
        GraphFileError, StoreError: as :func:`open_graph`.
    """
    served = open_graph(location)
    try:
        server = ThreadingHTTPServer((host, port), SparqlHandler)
    except OSError as exc:
        raise DiplographError(
            f"cannot serve on {host}:{port} ({exc.strerror or exc}); choose another --port"
        ) from None
    server.daemon_threads = True
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{server.server_address[1]}/"
    handler = type(
        "Handler",
        (SparqlHandler,),
        {"served": served, "void": with_endpoint(served, url + "sparql"), "quiet": quiet},
    )
    server.RequestHandlerClass = handler
    return server, served, url


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """Ctrl-C (SIGINT) and SIGTERM stop the server (in the main thread only). SIGINT is caught
    even where the process was started with it ignored (a shell's background job)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):  # noqa: ANN001 - signal handler signature
        raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def serve(
    location: Path | str,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    quiet: bool = True,
    say: Callable[[str], None] = print,
) -> None:
    """Serve the graph at ``location`` until Ctrl-C (or SIGTERM), then say goodbye in one line."""
    server, served, url = make_server(location, host=host, port=port, quiet=quiet)
    say(
        f"serving {served.source} ({served.triples:,} triples): the page at {url}, "
        f"SPARQL at {url}sparql (read-only); Ctrl-C stops"
    )
    try:
        with _stopped_by_signals():
            server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    say(f"stopped serving {served.source}")
