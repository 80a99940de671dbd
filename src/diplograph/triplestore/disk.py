"""The persistent store of ``build --store DIR``: an Oxigraph database on disk.

Each article lives in its own named graph (the article's IRI). Writing a build replaces the
graphs of the articles in it and leaves every other article alone, so rebuilding an article
never duplicates its statements and adding articles never loses the old ones. Shared graphs
(knowledge-base facts, see :mod:`diplograph.triplestore.dataset`) are only added to. The
description of the dataset (``<base>graph/dataset``, :mod:`diplograph.rdf.description`) is
that of the last build with its counts and articles made anew from the whole store, so it
describes what the store holds, as graph.ttl's describes graph.ttl.

The default graph is the set of all triples of the named graphs, made anew after every write
(:data:`UNION_UPDATE`): a query on it gives each triple once, as on graph.ttl, however many
article graphs hold it (Oxigraph's union of the named graphs would give it once per graph).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import VOID

from diplograph.errors import StoreError
from diplograph.rdf.description import ENTITY_CLASSES, DatasetCounts, recount
from diplograph.rdf.namespace import DG
from diplograph.triplestore.dataset import (
    UNION_UPDATE,
    ArticleGraphs,
    split_by_article,
    with_unplaced_named,
)
from diplograph.triplestore.engines import open_store
from diplograph.triplestore.terms import to_oxigraph_quad

__all__ = ["BULK_MIN_QUADS", "NAMED_QUADS", "StoreWrite", "write_store"]

BULK_MIN_QUADS = 100_000
"""Builds with at least this many quads are written with Oxigraph's bulk loader."""

NAMED_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def without_description(parts: ArticleGraphs) -> ArticleGraphs:
    """``parts`` without a build's description graph (``<base>graph/dataset``)."""
    shared = {
        name: triples
        for name, triples in parts.shared.items()
        if name is None or not str(name).endswith("/graph/dataset")
    }
    return ArticleGraphs(articles=parts.articles, shared=shared)


_STORE_COUNTS = {
    "triples": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "entities": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { VALUES ?c { "
    + " ".join(f"<{c}>" for c in ENTITY_CLASSES)
    + " } ?s a ?c }",
    "events": f"SELECT (COUNT(*) AS ?n) WHERE {{ ?e <{DG.articleCount}> ?c }}",
    "relations": f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s a <{RDF.Statement}> }}",
}


def _describe_store(store: ox.Store, name: URIRef, description: set) -> None:
    """Write a build's description into graph ``name`` (and the default graph) with its counts
    and articles made from the store's default graph (the set of all its other triples)."""
    counts = DatasetCounts()
    for key, query in _STORE_COUNTS.items():
        answer = store.query(query)
        assert isinstance(answer, ox.QuerySolutions)
        setattr(counts, key, int(next(answer)[0].value))
    articles = store.query(f"SELECT ?a WHERE {{ ?a a <{DG.Article}> }}")
    assert isinstance(articles, ox.QuerySolutions)
    counts.articles = {solution[0].value: {} for solution in articles}
    graph = Graph()
    for triple in description:
        graph.add(triple)
    for dataset in set(graph.subjects(RDF.type, VOID.Dataset)):
        recount(graph, URIRef(str(dataset)), counts)
    for s, p, o in graph:
        store.add(to_oxigraph_quad(s, p, o, URIRef(str(name))))
        store.add(to_oxigraph_quad(s, p, o))


@dataclass
class StoreWrite:
    """What a write did to the store."""

    path: Path
    articles: int
    quads: int
    total_quads: int
    total_articles: int
    bulk: bool

    def summary(self) -> str:
        return (
            f"store {self.path}: {self.articles} article graphs written ({self.quads} quads"
            f"{', bulk load' if self.bulk else ''}); the store holds "
            f"{self.total_articles} articles, "
            f"{self.total_quads} quads"
        )


def write_store(
    graph: Graph | ArticleGraphs,
    path: Path | str,
    *,
    bulk: bool | None = None,
    report: Callable[[str], None] | None = None,
) -> StoreWrite:
    """Write a built graph into the store folder ``path`` (created if missing).

    Args:
        graph: the merged graph of a build, a Dataset with one graph per article, or the
            graphs already split (triples in no named graph go to ``<base>graph/unplaced``,
            so that the default graph can be made from the named graphs alone).
        bulk: use the bulk loader (default: for :data:`BULK_MIN_QUADS` quads or more). The
            bulk loader is faster but not transactional.

    Raises:
        StoreError: the folder cannot be opened or written.
    """
    path = Path(path)
    parts = graph if isinstance(graph, ArticleGraphs) else split_by_article(graph)
    described = {
        name: triples
        for name, triples in parts.shared.items()
        if name is not None and str(name).endswith("/graph/dataset")
    }
    parts = with_unplaced_named(without_description(parts))
    quads = len(parts)
    bulk = quads >= BULK_MIN_QUADS if bulk is None else bulk
    store = open_store(path)
    try:
        for article in parts.articles:
            store.remove_graph(ox.NamedNode(str(article)))
        new = (to_oxigraph_quad(s, p, o, g) for s, p, o, g in parts.quads())
        if bulk:
            store.bulk_extend(new)
            store.optimize()
        else:
            store.extend(new)
        for name in described:
            store.remove_graph(ox.NamedNode(str(name)))
        store.update(UNION_UPDATE)
        for name, triples in described.items():
            _describe_store(store, name, triples)
        store.flush()
        counted = store.query(NAMED_QUADS)
        assert isinstance(counted, ox.QuerySolutions)
        total = int(next(counted)[0].value)
        graphs = store.query(
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a "
            "<https://w3id.org/diplograph/ontology#Article> } }"
        )
        assert isinstance(graphs, ox.QuerySolutions)
        articles = sum(1 for _ in graphs)
    except OSError as exc:
        raise StoreError(f"{path}: cannot write the store ({exc})") from None
    finally:
        del store
    if report:
        report(f"store {path}: wrote {len(parts.articles)} article graphs")
    return StoreWrite(path, len(parts.articles), quads, total, articles, bulk)
