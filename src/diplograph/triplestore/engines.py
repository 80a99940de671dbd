"""Run a SPARQL query with bound parameters on rdflib, pyoxigraph or an endpoint.

Parameters are RDF terms, never text in the query:

- rdflib: the query is prepared once and the terms are passed as ``initBindings``;
- pyoxigraph and HTTP endpoints: the terms become a ``VALUES`` block, written from pyoxigraph's
  ``NamedNode``/``Literal`` objects (whose string form is escaped N-Triples), placed as the
  first element of the query's ``WHERE`` group, so it binds the variables for the whole group.

The default graph is the set of all triples everywhere, so a query gives the same rows on
graph.ttl, graph.trig, a store and a server: rdflib reads TriG, N-Quads and JSON-LD as
``Dataset(default_union=True)``, whose union is a set. Oxigraph's union of the named graphs
(``use_default_graph_as_union``, ``oxigraph serve --union-default-graph``) is a bag instead,
with a triple once per graph that holds it; so the default graph is made the set of the
triples of all graphs: by ``build --store`` (:mod:`diplograph.triplestore.disk`), by
:func:`load_memory_store` for TriG, N-Quads and JSON-LD, and by ``diplograph load`` on a
server (which then runs *without* ``--union-default-graph``). A store written before that
has an empty default graph and is queried as the union of its graphs.
"""

from __future__ import annotations

import difflib
import multiprocessing
import os
import re
import time
import typing
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import cast, get_args

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.query import ResultRow
from rdflib.term import Identifier, Variable

from diplograph.errors import (
    DiplographError,
    EndpointError,
    GraphFileError,
    QueryError,
    QueryLimitExceeded,
    StoreError,
)
from diplograph.queries import NamedQuery, to_term
from diplograph.triplestore.dataset import (
    QUAD_FORMATS,
    graph_file,
    jsonld_text,
    rdf_format,
    read_graph,
    syntax_problem,
)
from diplograph.triplestore.endpoint import (
    Credentials,
    auth_from_environment,
    default_graph_note,
    redact,
    select,
)
from diplograph.triplestore.results import PREFIXES, Cell, Results
from diplograph.triplestore.terms import oxigraph_cell, rdflib_cell, to_oxigraph

__all__ = [
    "QueryLimits",
    "run_limited",
    "too_many_rows",
    "DEFAULT_MAX_ROWS",
    "DEFAULT_TIMEOUT",
    "DEFAULT_MAX_MEMORY_MB",
    "Engine",
    "calls_service",
    "ENGINES",
    "RDFLIB_MAX_BYTES",
    "bind_parameters",
    "check_parameter_names",
    "parameter_term",
    "resolve_label",
    "with_values",
    "Source",
    "RdflibSource",
    "OxigraphSource",
    "EndpointSource",
    "open_source",
    "load_memory_store",
    "open_store",
    "run",
]

Engine = typing.Literal["auto", "rdflib", "oxigraph"]  # (rdflib's Literal is a term here)
ENGINES: tuple[Engine, ...] = get_args(Engine)
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


def bind_parameters(
    query: NamedQuery, params: Mapping[str, str], source: Source | None = None
) -> dict[str, Identifier]:
    """Typed RDF terms for ``--param key=value`` pairs, checked against the query's header.

    An ``iri`` parameter (or an undeclared one) takes a full IRI or the prefixed form result
    tables print (``dgr:person/donald-trump``); an ``iri`` parameter also takes a label
    (``Donald Trump``), looked up in ``source`` by ``rdfs:label`` and ``skos:altLabel``.

    Raises:
        QueryError: a parameter name is unknown or a required one missing, a value is not of
            its type, or a label names no entity or several.
    """
    check_parameter_names(query, params)
    out = {}
    for name, value in params.items():
        spec = query.parameter(name)
        out[name] = parameter_term(value, spec.type if spec else None, name=name, source=source)
    return out


def check_parameter_names(query: NamedQuery, params: Mapping[str, str]) -> None:
    """Raise :class:`QueryError` for a parameter the query does not declare (naming it, with
    the nearest declared name), then for a required one that is missing. A query without
    ``@param`` lines takes any of its variables."""
    declared = sorted(p.name for p in query.parameters)
    for name in params:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"parameter name {name!r} is not a SPARQL variable name")
        if declared and name not in declared:
            near = difflib.get_close_matches(name, declared, n=1)
            hint = f" (did you mean {near[0]}?)" if near else ""
            raise QueryError(
                f"{query.name}: unknown parameter {name}{hint}; it takes {', '.join(declared)}"
            )
    missing = [p.name for p in query.parameters if p.required and p.name not in params]
    if missing:
        raise QueryError(
            f"{query.name}: missing parameter {', '.join(missing)} (--param {missing[0]}=...)"
        )


def parameter_term(
    value: str, kind: str | None, *, name: str, source: Source | None = None
) -> Identifier:
    """One parameter value as an RDF term (see :func:`bind_parameters`)."""
    if kind in ("iri", None):
        expanded = _expand_prefixed(value)
        if expanded is not None:
            return to_term(expanded, "iri", name=name)
        if kind == "iri" and source is not None and not _IRI_LIKE.match(value):
            return resolve_label(source, value, name=name)
    return to_term(value, kind, name=name)


# what is meant as an IRI (a label may hold a colon, but not "://" or a colon and no blank)
_IRI_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(//|\S+$)")


def _expand_prefixed(value: str) -> str | None:
    """The full IRI of a prefixed name with a prefix result tables use (``dgr:``, ``dg:``,
    ``wd:``, ``xsd:``), else None."""
    for prefix, namespace in PREFIXES.items():
        if (
            value.startswith(prefix)
            and len(value) > len(prefix)
            and not value.startswith(prefix + "//")
        ):
            return namespace + value[len(prefix) :]
    return None


_BY_LABEL = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dg: <https://w3id.org/diplograph/ontology#>
SELECT ?entity (MIN(STR(?canonical)) AS ?label) WHERE {
  { ?entity rdfs:label ?name } UNION { ?entity skos:altLabel ?name }
  FILTER (LCASE(STR(?name)) = LCASE(STR(?text)))
  FILTER NOT EXISTS { ?entity a dg:EventMention }
  OPTIONAL { ?entity rdfs:label ?canonical }
}
GROUP BY ?entity
ORDER BY STR(?entity)
"""


def resolve_label(source: Source, label: str, *, name: str) -> URIRef:
    """The one entity of ``source`` whose ``rdfs:label`` or ``skos:altLabel`` is ``label``
    (ignoring case; event mentions are not entities).

    Raises:
        QueryError: no entity has that label, or several have (all listed in one line).
    """
    found = source.select(_BY_LABEL, {"text": Literal(label)})
    entities = [
        (row[0]["value"], row[1]["value"] if row[1] else "") for row in found.rows if row[0]
    ]
    if len(entities) == 1:
        return URIRef(entities[0][0])
    if not entities:
        raise QueryError(
            f"parameter {name}: no entity is labelled {label!r}; give its IRI "
            f"(e.g. dgr:person/...) or another of its names"
        )
    listed = "; ".join(
        f"{_prefixed(iri)} ({shown})" if shown else _prefixed(iri) for iri, shown in entities
    )
    raise QueryError(
        f"parameter {name}: {label!r} names {len(entities)} entities: {listed}; "
        "give one of these IRIs"
    )


def _prefixed(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return prefix + iri[len(namespace) :]
    return f"<{iri}>"


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
            assert match is not None  # ch starts a word
            word = match.group(0).upper()
            if depth == 0 and word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE") and form is None:
                form = word
            if depth == 0 and word == "WHERE":
                after_where = True
            i = match.end()
            continue
        i += 1
    raise QueryError("cannot bind parameters: the query has no WHERE { ... } group")


_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n\r]*"
    r"|(?P<word>[?$]?[A-Za-z_][\w.-]*(?::[\w.-]*)?)",
)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def calls_service(query: str) -> bool:
    """Whether a query may call another endpoint (a ``SERVICE`` keyword outside strings, IRIs
    and comments, after SPARQL's ``\\u`` escapes are applied). Errs on the side of yes."""

    def unescape(match: re.Match) -> str:
        try:
            return chr(int(match.group(1) or match.group(2), 16))
        except ValueError:
            return match.group(0)

    text = _CODEPOINT.sub(unescape, query)
    return any(
        match.group("word") and match.group("word").upper() == "SERVICE"
        for match in _TOKENS.finditer(text)
    )


class Source:
    """Something to run SPARQL on.

    Attributes:
        max_rows: a SELECT giving more rows than this raises :class:`QueryLimitExceeded`
            (None: no limit). The rows are counted as the engine yields them.
    """

    name = "source"
    allow_service = False
    """Local sources refuse ``SERVICE`` (a query on a file must not reach the network)."""

    def _check_service(self, query: str) -> None:
        if not self.allow_service and calls_service(query):
            raise QueryError(
                "the query calls another endpoint (SERVICE), which a query on a local graph "
                "does not do by default; give --allow-service to let it"
            )

    max_rows: int | None = None

    def limited(self, rows: Iterator[tuple[Cell, ...]]) -> list[tuple[Cell, ...]]:
        """The rows, or :class:`QueryLimitExceeded` at the first row past :attr:`max_rows`."""
        if self.max_rows is None:
            return list(rows)
        out = list(islice(rows, self.max_rows + 1))
        if len(out) > self.max_rows:
            raise QueryLimitExceeded(too_many_rows(self.max_rows))
        return out

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
        self._check_service(query)
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
        variables = [str(v) for v in answer.vars or []]
        rows = self.limited(
            tuple(rdflib_cell(row[i]) for i in range(len(variables)))
            for row in cast("Iterable[ResultRow]", answer)  # a SELECT answer: rows
        )
        return Results(variables, rows)


@lru_cache(maxsize=64)
def _prepared(query: str):
    try:
        return prepareQuery(query)
    except Exception as exc:  # noqa: BLE001 - pyparsing errors
        raise QueryError(f"not a valid SPARQL query: {str(exc).splitlines()[0][:200]}") from None


class OxigraphSource(Source):
    """A pyoxigraph store: in memory (loaded from a file) or a store folder on disk.

    Args:
        union: query the union of the store's graphs as the default graph; False for a
            store whose default graph already holds every triple once (from
            :func:`load_memory_store`, or written by ``build --store``); None decides by the
            store: the union where the default graph is empty and named graphs are not (a
            store written before the default graph was filled).
    """

    name = "oxigraph"

    def __init__(self, store: ox.Store, *, union: bool | None = None) -> None:
        self.store = store
        if union is None:
            # an older store keeps only named graphs: query their union (see the module docstring)
            union = not store.query("ASK { ?s ?p ?o }") and bool(
                store.query("ASK { GRAPH ?g { ?s ?p ?o } }")
            )
        self.union = union

    def select(self, query: str, bindings: Mapping[str, Identifier]) -> Results:
        self._check_service(query)
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
        rows = self.limited(
            tuple(oxigraph_cell(solution[v]) for v in variables) for solution in answer
        )
        return Results(variables, rows)

    def close(self) -> None:
        del self.store


class EndpointSource(Source):
    """A SPARQL 1.1 Protocol query endpoint (e.g. ``http://localhost:7878/query``).

    An answer without rows carries a note (:attr:`Results.notes`) when the endpoint's default
    graph is empty but its named graphs are not.
    """

    name = "endpoint"
    allow_service = True  # the server decides

    def __init__(
        self, url: str, *, auth: Credentials | str | None = None, timeout: float = 60.0
    ) -> None:
        self.url = url
        self.auth = auth
        self.timeout = timeout

    def select(self, query: str, bindings: Mapping[str, Identifier]) -> Results:
        results = select(
            self.url, with_values(query, bindings), auth=self.auth, timeout=self.timeout
        )
        results.rows = self.limited(iter(results.rows))
        if not results.rows and not results.boolean:
            try:
                note = default_graph_note(self.url, auth=self.auth, timeout=self.timeout)
            except EndpointError:
                note = None
            if note:
                results.notes.append(note)
        return results


def open_source(
    location: str | Path,
    *,
    engine: Engine = "auto",
    timeout: float | None = None,
    allow_service: bool = False,
) -> Source:
    """Open a graph file, a store folder or an endpoint URL for querying.

    Args:
        location: a Turtle/TriG/N-Triples/N-Quads file, a store folder written by
            ``build --store``, or an ``http(s)://`` SPARQL query endpoint.
        engine: ``rdflib`` or ``oxigraph`` for files; ``auto`` picks by size
            (rdflib up to :data:`RDFLIB_MAX_BYTES`).
        timeout: seconds in total for each answer of an endpoint.
        allow_service: let a query on a file or store call other endpoints (``SERVICE``).

    Raises:
        GraphFileError, StoreError: the file or folder cannot be read.
    """
    text = str(location)
    if text.lower().startswith(("http://", "https://")):
        return EndpointSource(text, auth=auth_from_environment(), timeout=timeout or 60.0)
    path = Path(location)
    source: Source
    if path.is_dir():
        source = OxigraphSource(open_store(path, read_only=True))
    elif not path.is_file():
        raise GraphFileError(f"{redact(str(path))}: no such file, store folder or URL")
    else:
        if engine == "auto":
            engine = "rdflib" if path.stat().st_size <= RDFLIB_MAX_BYTES else "oxigraph"
        if engine == "rdflib":
            source = RdflibSource(read_graph(path))
        else:
            source = OxigraphSource(load_memory_store(path), union=False)
    source.allow_service = allow_service
    return source


def load_memory_store(path: Path) -> ox.Store:
    """A pyoxigraph store in memory holding a graph file, read as rdflib reads it.

    Named graphs (TriG, N-Quads, JSON-LD) are kept, and the default graph is the set of all
    triples of the file (each once, as in rdflib's ``Dataset(default_union=True)``); query it
    without ``use_default_graph_as_union``, which would repeat a triple once per graph.

    Raises:
        GraphFileError: the file is not valid RDF (line and text named), or JSON-LD naming a
            context outside the file.
    """
    path = graph_file(path)
    fmt = rdf_format(path)
    store = ox.Store()
    try:
        if fmt == "json-ld":
            store.bulk_load(input=jsonld_text(path).encode("utf-8"), format=_OX_FORMATS[fmt])
        else:
            store.bulk_load(path=str(path), format=_OX_FORMATS[fmt])
        if fmt in QUAD_FORMATS:
            store.update(_COPY_TO_DEFAULT_GRAPH)
    except (SyntaxError, ValueError) as exc:
        raise GraphFileError(syntax_problem(path, fmt, exc)) from None
    except FileNotFoundError:
        raise GraphFileError(f"{path}: no such file") from None
    except OSError as exc:
        raise GraphFileError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return store


# a store is a set: each triple of the named graphs lands once in the default graph
_COPY_TO_DEFAULT_GRAPH = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


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


_REIFIERS = "ASK { ?statement <http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies> ?triple }"


def for_source(query: NamedQuery, source: Source) -> NamedQuery:
    """The bundled query itself, or its RDF 1.2 variant where ``source`` holds reifiers of
    triple terms (``--format turtle-star``, ``trig-star``) read as such. rdflib has no RDF 1.2
    and reads such a file as reified statements, so there the query stays as it is."""
    from diplograph.queries import bundled, star_variants

    variant = star_variants().get(query.name)
    if variant is None or isinstance(source, RdflibSource) or bundled().get(query.name) != query:
        return query
    return variant if source.select(_REIFIERS, {}).boolean else query


def run(
    location: str | Path,
    query: NamedQuery,
    params: Mapping[str, str],
    *,
    engine: Engine = "auto",
    limits: QueryLimits | None = None,
    allow_service: bool = False,
) -> Results:
    """Open ``location`` and run ``query`` with ``params`` bound as typed RDF terms (see
    :func:`open_source` for the options).

    With ``limits`` the whole query (reading the graph included) runs in a child process that
    is stopped at the time or memory limit, and rows are counted as they come
    (:func:`run_limited`); without, in this process with no limit.

    Raises:
        QueryLimitExceeded: a limit of ``limits`` was reached (one line saying which).
    """
    check_parameter_names(query, params)
    if limits is not None:
        return run_limited(
            location, query, params, engine=engine, limits=limits, allow_service=allow_service
        )
    return _run_here(location, query, params, engine=engine, allow_service=allow_service)


def _run_here(
    location: str | Path,
    query: NamedQuery,
    params: Mapping[str, str],
    *,
    engine: Engine = "auto",
    max_rows: int | None = None,
    timeout: float | None = None,
    allow_service: bool = False,
) -> Results:
    source = open_source(location, engine=engine, timeout=timeout, allow_service=allow_service)
    try:
        query = for_source(query, source)
        bindings = bind_parameters(query, params, source)
        source.max_rows = max_rows
        return source.select(query.text, bindings)
    finally:
        source.close()


DEFAULT_MAX_ROWS = 100_000
"""``query --max-rows``: more rows than this stop a query (0: no limit)."""
DEFAULT_TIMEOUT = 300.0
"""``query --timeout``, in seconds: reading the graph and running the query together."""
DEFAULT_MAX_MEMORY_MB = 4096
"""``query --max-memory``, in MB: the resident memory of the query process (Linux)."""
_POLL_SECONDS = 0.05


@dataclass(frozen=True)
class QueryLimits:
    """What a query may use: wall time in seconds, rows, resident memory in MB (None or 0:
    no limit for that one)."""

    timeout: float | None = DEFAULT_TIMEOUT
    max_rows: int | None = DEFAULT_MAX_ROWS
    max_memory_mb: int | None = DEFAULT_MAX_MEMORY_MB


def too_many_rows(max_rows: int) -> str:
    return (
        f"query stopped: more than {max_rows:,} rows (--max-rows {max_rows}); "
        "narrow it (LIMIT, a filter) or raise --max-rows (0: no limit)"
    )


def run_limited(
    location: str | Path,
    query: NamedQuery,
    params: Mapping[str, str],
    *,
    engine: Engine = "auto",
    limits: QueryLimits,
    allow_service: bool = False,
) -> Results:
    """Run a query in a child process under ``limits``.

    Neither rdflib nor pyoxigraph can interrupt a running query, and an ORDER BY collects every
    solution before the first row, so rows alone cannot bound memory. The child (forked where
    the system can, a few milliseconds) reads the graph and runs the query; this process waits
    for its answer, and kills it at the deadline or when its resident memory passes the limit.

    Raises:
        QueryLimitExceeded: the time, row or memory limit was reached.
        DiplographError: whatever the query raises in the child (a bad query, a bad file).
    """
    methods = multiprocessing.get_all_start_methods()
    # typed as BaseContext, which the stubs give no Process
    context: typing.Any = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=_child,
        args=(send, str(location), query, dict(params), engine, limits, allow_service),
        daemon=True,
    )
    child.start()
    send.close()
    deadline = None if not limits.timeout else time.monotonic() + limits.timeout
    try:
        while not receive.poll(_POLL_SECONDS):
            if not child.is_alive() and not receive.poll(0):
                raise QueryError(
                    f"the query process ended without an answer (exit status {child.exitcode}); "
                    "it may have run out of memory: try --max-memory below the free memory"
                )
            if deadline is not None and time.monotonic() > deadline:
                raise QueryLimitExceeded(
                    f"query stopped after {limits.timeout:g} s (--timeout {limits.timeout:g}); "
                    "narrow it (LIMIT, more specific patterns) or raise --timeout"
                )
            used = _resident_mb(child.pid)
            if limits.max_memory_mb and used is not None and used > limits.max_memory_mb:
                raise QueryLimitExceeded(
                    f"query stopped at {used:,.0f} MB of memory (--max-memory "
                    f"{limits.max_memory_mb}); narrow it (a sort or grouping over fewer rows, "
                    "more specific patterns) or raise --max-memory"
                )
        try:
            ok, answer = receive.recv()
        except EOFError:
            raise QueryError("the query process ended without an answer") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    if not ok:
        raise answer
    return answer


def _child(
    send,
    location: str,
    query: NamedQuery,
    params: dict,
    engine: Engine,
    limits: QueryLimits,
    allow_service: bool = False,
) -> None:
    """Run the query and send ``(True, results)`` or ``(False, error)`` to the parent."""
    try:
        answer = _run_here(
            location,
            query,
            params,
            engine=engine,
            max_rows=limits.max_rows or None,
            timeout=limits.timeout or None,
            allow_service=allow_service,
        )
        message: tuple = (True, answer)
    except DiplographError as exc:
        message = (False, exc)
    except MemoryError:
        message = (False, QueryLimitExceeded("query stopped: out of memory; narrow it"))
    except BaseException as exc:  # noqa: BLE001 - reported as one line in the parent
        message = (False, QueryError(f"the query failed: {type(exc).__name__}: {exc}"))
    try:
        send.send(message)
    except (OSError, ValueError):
        pass
    finally:
        send.close()


def _resident_mb(pid: int | None) -> float | None:
    """Resident memory of a process in MB (Linux ``/proc``; None elsewhere or when gone)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            pages = int(handle.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * _PAGE_SIZE / 1_048_576


_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
