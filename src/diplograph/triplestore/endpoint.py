"""SPARQL over HTTP: queries (SPARQL 1.1 Protocol) and loading graphs (Graph Store Protocol).

Works with any conforming server: Oxigraph (``/query``, ``/store``), Apache Jena Fuseki
(``/DATASET/query``, ``/DATASET/data``), GraphDB (``/repositories/ID``,
``/repositories/ID/rdf-graphs/service``). Credentials come from an environment variable
(``DIPLOGRAPH_AUTH`` by default): ``user:password`` for HTTP Basic, anything else is sent as a
bearer token (a value that already starts with ``Basic `` or ``Bearer `` is sent as it is).
"""

from __future__ import annotations

import base64
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from diplograph.errors import EndpointError
from diplograph.triplestore.dataset import ArticleGraphs, Triple, with_unplaced_named
from diplograph.triplestore.results import Results, from_json
from diplograph.triplestore.terms import ntriples

AUTH_VARIABLE = "DIPLOGRAPH_AUTH"
USER_AGENT = "diplograph"


def auth_header(secret: str | None) -> str | None:
    """The ``Authorization`` header value for a credential from the environment."""
    if not secret:
        return None
    secret = secret.strip()
    if secret.lower().startswith(("basic ", "bearer ")):
        return secret
    if ":" in secret:
        return "Basic " + base64.b64encode(secret.encode("utf-8")).decode("ascii")
    return "Bearer " + secret


def _request(
    method: str,
    url: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    auth: str | None = None,
    timeout: float = 60.0,
) -> bytes:
    """One HTTP request; any failure becomes an :class:`EndpointError` with a one-line reason."""
    request = urllib.request.Request(url, data=body, method=method)
    request.add_header("User-Agent", USER_AGENT)
    for key, value in (headers or {}).items():
        request.add_header(key, value)
    if auth:
        request.add_header("Authorization", auth)
    shown = _without_query(url)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - URL given by the user
            return response.read()
    except urllib.error.HTTPError as exc:
        detail = _first_line(exc.read())
        hint = ""
        if exc.code in (401, 403):
            hint = (
                f"; set {AUTH_VARIABLE}=user:password or a bearer token"
                if not auth
                else "; check the credentials"
            )
        raise EndpointError(
            f"{shown}: refused, HTTP {exc.code} {exc.reason}{': ' + detail if detail else ''}{hint}"
        ) from None
    except urllib.error.URLError as exc:
        reason = (
            exc.reason.strerror
            if isinstance(exc.reason, OSError) and exc.reason.strerror
            else exc.reason
        )
        raise EndpointError(f"{shown}: cannot connect ({reason}); is the server running?") from None
    except TimeoutError:
        raise EndpointError(f"{shown}: no answer within {timeout:g} s") from None
    except (ValueError, OSError) as exc:
        raise EndpointError(f"{shown}: {exc}") from None


def _without_query(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def _first_line(body: bytes) -> str:
    text = body.decode("utf-8", "replace").strip()
    return text.splitlines()[0][:200] if text else ""


def select(url: str, query: str, *, auth: str | None = None, timeout: float = 60.0) -> Results:
    """Run a query on a SPARQL 1.1 Protocol endpoint (POST, results as JSON)."""
    body = _request(
        "POST",
        url,
        body=query.encode("utf-8"),
        auth=auth,
        timeout=timeout,
        headers={
            "Content-Type": "application/sparql-query; charset=utf-8",
            "Accept": "application/sparql-results+json",
        },
    )
    try:
        return from_json(json.loads(body))
    except (ValueError, KeyError, TypeError):
        raise EndpointError(
            f"{_without_query(url)}: the answer is not SPARQL JSON results; is this the query endpoint?"
        ) from None


@dataclass
class LoadResult:
    """What a load sent: graphs, and quads (the triples of each graph, summed over graphs)."""

    graphs: list[str] = field(default_factory=list)
    quads: int = 0


def graph_url(endpoint: str, graph: URIRef | None) -> str:
    """The Graph Store Protocol URL of a graph: ``?graph=IRI`` (encoded) or ``?default``."""
    separator = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    if graph is None:
        return f"{endpoint}{separator}default"
    return f"{endpoint}{separator}{urllib.parse.urlencode({'graph': str(graph)})}"


def load(
    parts: ArticleGraphs | Graph,
    endpoint: str,
    *,
    graph: URIRef | None = None,
    replace: bool = True,
    auth: str | None = None,
    timeout: float = 120.0,
    report: Callable[[str], None] | None = None,
) -> LoadResult:
    """Send graphs to a Graph Store Protocol endpoint.

    Args:
        parts: the graph split by article (each article into its own named graph, replaced or
            appended to as a whole; shared graphs are always appended to, and so is the
            default graph, with every triple once), or one graph.
        endpoint: the Graph Store Protocol URL, e.g. ``http://localhost:7878/store``.
        graph: send everything into this one named graph instead.
        replace: PUT (replace each graph) rather than POST (add to it).
        auth: an ``Authorization`` header value (see :func:`auth_header`).
    """
    if isinstance(parts, Graph):
        batches: list[tuple[URIRef | None, set[Triple], bool]] = [
            (graph, set(parts.triples((None, None, None))), replace)
        ]
    elif graph is not None:
        merged: set[Triple] = set()
        for triples in (*parts.articles.values(), *parts.shared.values()):
            merged |= triples
        batches = [(graph, merged, replace)]
    else:
        parts = with_unplaced_named(parts)
        batches = [(name, triples, replace) for name, triples in sorted(parts.articles.items())]
        batches += [(name, triples, False) for name, triples in parts.shared.items()]
        # the default graph: the set of all triples (a server runs without a union default
        # graph, whose answers would repeat a triple once per graph that holds it)
        union: set[Triple] = set()
        for _, triples, _ in batches:
            union |= triples
        batches.append((None, union, False))
    result = LoadResult()
    for name, triples, put in batches:
        body = ntriples(triples)
        _request(
            "PUT" if put else "POST",
            graph_url(endpoint, name),
            body=body,
            auth=auth,
            timeout=timeout,
            headers={"Content-Type": "text/turtle; charset=utf-8"},
        )
        result.graphs.append(str(name) if name is not None else "(default graph)")
        result.quads += len(triples)
        if report:
            report(
                f"{'replaced' if put else 'added to'} {result.graphs[-1]}: {len(triples)} triples"
            )
    return result


def auth_from_environment(variable: str = AUTH_VARIABLE) -> str | None:
    return auth_header(os.environ.get(variable))


def load_file(
    path: Path,
    endpoint: str,
    *,
    graph: str | None = None,
    replace: bool = True,
    auth_variable: str = AUTH_VARIABLE,
    timeout: float = 120.0,
    report: Callable[[str], None] | None = None,
) -> LoadResult:
    """Read a graph file and send it to a Graph Store Protocol endpoint (see :func:`load`).

    Raises:
        GraphFileError: the file cannot be read.
        QueryError: ``graph`` is not an absolute IRI.
        EndpointError: the endpoint is down or refuses.
    """
    from diplograph.queries import to_term
    from diplograph.triplestore.dataset import read_article_graphs

    target = to_term(graph, "iri", name="--graph") if graph is not None else None
    if not endpoint.startswith(("http://", "https://")):
        raise EndpointError(f"{endpoint}: not an http(s) URL")
    parts = read_article_graphs(path)
    return load(
        parts,
        endpoint,
        graph=target,
        replace=replace,
        auth=auth_from_environment(auth_variable),
        timeout=timeout,
        report=report,
    )
