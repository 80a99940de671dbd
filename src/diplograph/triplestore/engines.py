"""Run a SPARQL query with bound parameters on rdflib, pyoxigraph or an endpoint.

Parameters are RDF terms, never text in the query:

- rdflib: the query is prepared once and the terms are passed as ``initBindings``;
- pyoxigraph and HTTP endpoints: the terms become a ``VALUES`` block, written from pyoxigraph's
  ``NamedNode``/``Literal`` objects (whose string form is escaped N-Triples), placed as the
  first element of the query's ``WHERE`` group, so it binds the variables for the whole group.

The default graph is the set of all triples everywhere, so a query gives the same rows on
graph.ttl, graph.trig, a store and a server: rdflib reads TriG and N-Quads as
``Dataset(default_union=True)``, whose union is a set. Oxigraph's union of the named graphs
(``use_default_graph_as_union``, ``oxigraph serve --union-default-graph``) is a bag instead,
with a triple once per graph that holds it; so the default graph is made the set of the
triples of all graphs: by ``build --store`` (:mod:`diplograph.triplestore.disk`), by
:func:`load_memory_store` for TriG and N-Quads, and by ``diplograph load`` on a server (which then
runs *without* ``--union-default-graph``). A store written before that has an empty default
graph and is queried as the union of its graphs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Identifier, Variable

from diplograph.errors import GraphFileError, QueryError, StoreError
from diplograph.queries import NamedQuery, to_term
from diplograph.triplestore.dataset import UNION_UPDATE, rdf_format, read_graph
from diplograph.triplestore.endpoint import auth_from_environment, select
from diplograph.triplestore.results import Results
from diplograph.triplestore.terms import oxigraph_cell, rdflib_cell, to_oxigraph

ENGINES = ("auto", "rdflib", "oxigraph")
RDFLIB_MAX_BYTES = 1_000_000
"""``auto`` reads files up to this size with rdflib, larger ones with pyoxigraph."""

_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "xml": ox.RdfFormat.RDF_XML,
    "json-ld": ox.RdfFormat.JSON_LD,
}


def bind_parameters(query: NamedQuery, params: Mapping[str, str]) -> dict[str, Identifier]:
    """Typed RDF terms for ``--param key=value`` pairs, checked against the query's header.

    Raises:
        QueryError: a required parameter is missing, or a value is not of its type.
    """
    declared = {p.name for p in query.parameters}
    missing = [p.name for p in query.parameters if p.required and p.name not in params]
    if missing:
        raise QueryError(
            f"{query.name}: missing parameter {', '.join(missing)} (--param {missing[0]}=...)"
        )
    out = {}
    for name, value in params.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"parameter name {name!r} is not a SPARQL variable name")
        spec = query.parameter(name)
        if declared and spec is None:
            raise QueryError(
                f"{query.name}: no parameter {name}; it takes {', '.join(sorted(declared))}"
            )
        out[name] = to_term(value, spec.type if spec else None, name=name)
    return out


def with_values(query: str, bindings: Mapping[str, Identifier]) -> str:
    """The query with a ``VALUES`` block binding ``bindings`` first in its ``WHERE`` group."""
    if not bindings:
        return query
    names = sorted(bindings)
    terms = " ".join(str(to_oxigraph(bindings[n])) for n in names)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({terms}) }} "
    at = _where_brace(query)
    return query[: at + 1] + block + query[at + 1 :]


_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_STRING = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'',
    re.S,
)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _where_brace(query: str) -> int:
    """Index of the ``{`` that opens the outermost WHERE group (skipping comments, strings, IRIs).

    Raises:
        QueryError: the query has no WHERE group to bind parameters in.
    """
    i, depth, form, after_where = 0, 0, None, False
    while i < len(query):
        ch = query[i]
        if ch == "#":
            end = query.find("\n", i)
            i = len(query) if end < 0 else end
            continue
        if ch in "\"'":
            match = _STRING.match(query, i)
            i = match.end() if match else i + 1
            continue
        if ch == "<":
            match = _IRIREF.match(query, i)
            i = match.end() if match else i + 1
            continue
        if ch == "{":
            if depth == 0 and (after_where or form in ("SELECT", "ASK")):
                return i
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "?" or ch == "$":
            match = _WORD.match(query, i + 1)
            i = match.end() if match else i + 1
            continue
        elif ch.isalpha() or ch == "_":
            match = _WORD.match(query, i)
            word = match.group(0).upper()
            if depth == 0 and word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE") and form is None:
                form = word
            if depth == 0 and word == "WHERE":
                after_where = True
            i = match.end()
            continue
        i += 1
    raise QueryError("cannot bind parameters: the query has no WHERE { ... } group")


class Source:
    """Something to run SPARQL on."""

    name = "source"

    def select(self, query: str, bindings: Mapping[str, Identifier]) -> Results:
        raise NotImplementedError

    def close(self) -> None:
        """Release the store or graph."""


class RdflibSource(Source):
    """An rdflib graph in memory (a Dataset's default graph is the union of its graphs)."""

    name = "rdflib"

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def select(self, query: str, bindings: Mapping[str, Identifier]) -> Results:
        prepared = _prepared(query)
        try:
            answer = self.graph.query(
                prepared, initBindings={Variable(k): v for k, v in bindings.items()}
            )
        except Exception as exc:  # noqa: BLE001 - rdflib evaluation errors have no common base
            raise QueryError(f"rdflib could not run the query: {exc}") from None
        if answer.type == "ASK":
            return Results([], [], boolean=bool(answer.askAnswer))
        if answer.type != "SELECT":
            raise QueryError("only SELECT and ASK queries are supported")
        variables = [str(v) for v in answer.vars]
        rows = [tuple(rdflib_cell(row[i]) for i in range(len(variables))) for row in answer]
        return Results(variables, rows)


@lru_cache(maxsize=64)
def _prepared(query: str):
    try:
        return prepareQuery(query)
    except Exception as exc:  # noqa: BLE001 - pyparsing errors
        raise QueryError(f"not a valid SPARQL query: {str(exc).splitlines()[0][:200]}") from None


class OxigraphSource(Source):
    """A pyoxigraph store: in memory (loaded from a file) or a store folder on disk."""

    name = "oxigraph"

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        # an older store keeps only named graphs: query their union (see the module docstring)
        self.union = not store.query("ASK { ?s ?p ?o }") and bool(
            store.query("ASK { GRAPH ?g { ?s ?p ?o } }")
        )

    def select(self, query: str, bindings: Mapping[str, Identifier]) -> Results:
        text = with_values(query, bindings)
        try:
            answer = self.store.query(text, use_default_graph_as_union=self.union)
        except SyntaxError as exc:
            raise QueryError(
                f"not a valid SPARQL query: {str(exc).splitlines()[0][:200]}"
            ) from None
        except OSError as exc:
            raise StoreError(f"the store could not answer: {exc}") from None
        if isinstance(answer, ox.QueryBoolean):
            return Results([], [], boolean=bool(answer))
        if not isinstance(answer, ox.QuerySolutions):
            raise QueryError("only SELECT and ASK queries are supported")
        variables = [v.value for v in answer.variables]
        rows = [tuple(oxigraph_cell(solution[v]) for v in variables) for solution in answer]
        return Results(variables, rows)

    def close(self) -> None:
        del self.store


class EndpointSource(Source):
    """A SPARQL 1.1 Protocol query endpoint (e.g. ``http://localhost:7878/query``)."""

    name = "endpoint"

    def __init__(self, url: str, *, auth: str | None = None, timeout: float = 60.0) -> None:
        self.url = url
        self.auth = auth
        self.timeout = timeout

    def select(self, query: str, bindings: Mapping[str, Identifier]) -> Results:
        return select(self.url, with_values(query, bindings), auth=self.auth, timeout=self.timeout)


def open_source(location: str | Path, *, engine: str = "auto") -> Source:
    """Open a graph file, a store folder or an endpoint URL for querying.

    Args:
        location: a Turtle/TriG/N-Triples/N-Quads file, a store folder written by
            ``build --store``, or an ``http(s)://`` SPARQL query endpoint.
        engine: ``rdflib`` or ``oxigraph`` for files; ``auto`` picks by size
            (rdflib up to :data:`RDFLIB_MAX_BYTES`).

    Raises:
        GraphFileError, StoreError: the file or folder cannot be read.
    """
    text = str(location)
    if text.startswith(("http://", "https://")):
        return EndpointSource(text, auth=auth_from_environment())
    path = Path(location)
    if path.is_dir():
        return OxigraphSource(open_store(path, read_only=True))
    if not path.is_file():
        raise GraphFileError(f"{path}: no such file, store folder or URL")
    if engine == "auto":
        engine = "rdflib" if path.stat().st_size <= RDFLIB_MAX_BYTES else "oxigraph"
    if engine == "rdflib":
        return RdflibSource(read_graph(path))
    return OxigraphSource(load_memory_store(path))


def load_memory_store(path: Path) -> ox.Store:
    """A pyoxigraph store in memory holding a graph file (TriG/N-Quads keep their graphs, and
    the default graph is made the set of all their triples).

    Raises:
        GraphFileError: the file is not valid RDF.
    """
    fmt = rdf_format(path)
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=_OX_FORMATS[fmt])
    except (SyntaxError, ValueError) as exc:
        raise GraphFileError(
            f"{path}: not valid {fmt} ({str(exc).splitlines()[0][:200]})"
        ) from None
    except OSError as exc:
        raise GraphFileError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if fmt in ("trig", "nquads", "json-ld"):
        store.update(UNION_UPDATE)
    return store


def open_store(path: Path, *, read_only: bool = False) -> ox.Store:
    """Open (or create) an Oxigraph store folder.

    Raises:
        StoreError: the folder is not a store, or another process holds it.
    """
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as exc:
        raise StoreError(
            f"{path}: cannot open the Oxigraph store ({str(exc).splitlines()[0][:200]}); "
            "is it a store folder, and is no other process (a server?) using it?"
        ) from None


def run(
    location: str | Path, query: NamedQuery, params: Mapping[str, str], *, engine: str = "auto"
) -> Results:
    """Open ``location`` and run ``query`` with ``params`` bound as typed RDF terms."""
    bindings = bind_parameters(query, params)
    source = open_source(location, engine=engine)
    try:
        return source.select(query.text, bindings)
    finally:
        source.close()
