"""One named graph per article, from a built graph.

A store keeps each article's statements in a named graph named by the article's IRI, so that
rebuilding an article replaces exactly what it said and nothing else. Entity nodes are shared:
an entity's type, labels and Wikidata link go into the graph of every article that mentions it
(a store is a set per graph, and the union of the graphs is the merged graph); from a merged
graph, surface forms (``skos:altLabel``) go to every mentioning article of the same language,
as the graph cannot tell which one saw them. Knowledge-base
facts that no article states (offices) go into a shared graph ``<base>graph/kb`` that is only
ever added to. Where the default graph is the set of all triples (a store, a server loaded by
``diplograph load``), triples of no graph go to ``<base>graph/unplaced``
(:func:`with_unplaced_named`).

Works on the merged rdflib ``Graph`` that :func:`diplograph.build.build_graph` returns, and on
an rdflib ``Dataset`` that already has one named graph per article (TriG / N-Quads input).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import PROV, SKOS
from rdflib.term import Node

from diplograph.errors import GraphFileError
from diplograph.rdf.namespace import DEFAULT_BASE, DG

Triple = tuple[Node, Node, Node]
FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
    ".trig": "trig",
    ".nq": "nquads",
    ".nquads": "nquads",
    ".rdf": "xml",
    ".owl": "xml",
    ".jsonld": "json-ld",
}
QUAD_FORMATS = {"trig", "nquads"}
UNION_UPDATE = "CLEAR DEFAULT ; INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
"""SPARQL Update making the default graph the set of the triples of all named graphs."""
RELATIONS = {DG.meets, DG.attends, DG.reports, DG.proposes}


@dataclass
class ArticleGraphs:
    """Triples by graph: ``articles`` are replaced whole, ``shared`` graphs are only added to
    (key ``None`` is the default graph)."""

    articles: dict[URIRef, set[Triple]] = field(default_factory=dict)
    shared: dict[URIRef | None, set[Triple]] = field(default_factory=dict)

    def quads(self) -> Iterator[tuple[Node, Node, Node, URIRef | None]]:
        for name, triples in (*self.articles.items(), *self.shared.items()):
            for s, p, o in triples:
                yield s, p, o, name

    def __len__(self) -> int:
        return sum(len(t) for t in self.articles.values()) + sum(
            len(t) for t in self.shared.values()
        )


def with_unplaced_named(parts: ArticleGraphs) -> ArticleGraphs:
    """``parts`` with the triples of no named graph (key ``None``) in the shared graph
    ``<base>graph/unplaced``: where the default graph is made as the union of the named graphs
    (a store, a server), every triple then has a named graph."""
    if None not in parts.shared:
        return parts
    base = DEFAULT_BASE
    if parts.articles:
        base = str(min(parts.articles)).rpartition("article/")[0]
    shared: dict[URIRef | None, set[Triple]] = {
        name: triples for name, triples in parts.shared.items() if name is not None
    }
    unplaced = URIRef(base + "graph/unplaced")
    shared[unplaced] = shared.get(unplaced, set()) | parts.shared[None]
    return ArticleGraphs(articles=parts.articles, shared=shared)


def rdf_format(path: Path) -> str:
    """The rdflib format name for a graph file, from its suffix.

    Raises:
        GraphFileError: the suffix is not one of a known RDF syntax.
    """
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise GraphFileError(
            f"{path}: unknown RDF file type {path.suffix or '(none)'}; use one of {known}"
        )
    return fmt


def read_graph(path: Path) -> Graph:
    """Parse a graph file with rdflib: a ``Dataset`` (union as default graph) for TriG and
    N-Quads, a ``Graph`` otherwise.

    Raises:
        GraphFileError: the file is missing or not valid RDF.
    """
    fmt = rdf_format(path)
    graph: Graph = Dataset(default_union=True) if fmt in QUAD_FORMATS else Graph()
    try:
        graph.parse(str(path), format=fmt)
    except FileNotFoundError:
        raise GraphFileError(f"{path}: no such file") from None
    except Exception as exc:  # noqa: BLE001 - rdflib raises many kinds of parse errors
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise GraphFileError(f"{path}: not valid {fmt} ({first[:200]})") from None
    return graph


def split_by_article(graph: Graph) -> ArticleGraphs:
    """The triples of ``graph`` in one named graph per article (see the module docstring)."""
    if isinstance(graph, ConjunctiveGraph):
        graphs = graph.graphs() if isinstance(graph, Dataset) else graph.contexts()
        named = [c for c in graphs if isinstance(c.identifier, URIRef) and len(c)]
        if any((c.identifier, RDF.type, DG.Article) in c for c in named):
            return _from_contexts(graph, named)
    return _from_merged(graph)


def _from_contexts(dataset: ConjunctiveGraph, named: list[Graph]) -> ArticleGraphs:
    out = ArticleGraphs()
    seen: set[Triple] = set()
    for context in named:
        triples = set(context.triples((None, None, None)))
        seen |= triples
        if (context.identifier, RDF.type, DG.Article) in context:
            out.articles[context.identifier] = triples
        else:
            out.shared[context.identifier] = triples
    rest = {t for t in dataset.triples((None, None, None)) if t not in seen}
    if rest:
        out.shared[None] = rest
    return out


def _from_merged(graph: Graph) -> ArticleGraphs:
    out = ArticleGraphs()
    articles = set(graph.subjects(RDF.type, DG.Article))
    parts: dict[URIRef, set[Triple]] = {a: set() for a in articles if isinstance(a, URIRef)}
    placed: set[Triple] = set()

    def put(article: Node, triples) -> None:
        for t in triples:
            parts[article].add(t)
            placed.add(t)

    for article in parts:
        put(article, graph.triples((article, None, None)))
    for statement, article in graph.subject_objects(PROV.wasDerivedFrom):
        if article not in parts:
            continue
        put(article, graph.triples((statement, None, None)))
        s = graph.value(statement, RDF.subject)
        p = graph.value(statement, RDF.predicate)
        o = graph.value(statement, RDF.object)
        if s is not None and p is not None and o is not None and (s, p, o) in graph:
            put(article, [(s, p, o)])
        if o is not None and (
            (o, RDF.type, DG.Claim) in graph or (o, RDF.type, DG.Proposal) in graph
        ):
            put(article, graph.triples((o, None, None)))
    kb_graphs: dict[URIRef, set[Triple]] = {}
    languages = {a: str(graph.value(a, DG.language) or "") for a in parts}
    for node, article in graph.subject_objects(DG.mentionedIn):
        if article not in parts:
            continue
        put(
            article,
            (
                t
                for t in graph.triples((node, None, None))
                if _describes(t, article, languages[article])
            ),
        )
        for holding in graph.objects(node, DG.holds):
            kb = kb_graphs.setdefault(_kb_graph(article), set())
            kb.add((node, DG.holds, holding))
            kb.update(graph.triples((holding, None, None)))
    for triples in kb_graphs.values():
        placed.update(triples)
    out.articles = parts
    out.shared.update(kb_graphs)
    rest = {t for t in graph.triples((None, None, None)) if t not in placed}
    if rest:
        out.shared[None] = rest
    return out


def _describes(triple: Triple, article: URIRef, language: str) -> bool:
    """Whether a triple about an entity mentioned in ``article`` belongs in its graph.

    Relation triples are placed through their statements, offices go to the shared graph,
    ``dg:mentionedIn`` only to the article it names. Surface forms (``skos:altLabel``) are
    tagged with the language of the article they were seen in: one in another language cannot
    come from this article (one in the same language may; a merged graph cannot tell).
    """
    _, p, o = triple
    if p in RELATIONS or p == DG.holds:
        return False
    if p == DG.mentionedIn:
        return o == article
    if p == SKOS.altLabel and isinstance(o, Literal) and o.language and language:
        return o.language == language
    return True


def _kb_graph(article: URIRef) -> URIRef:
    """``<base>graph/kb`` for an article IRI ``<base>article/ID`` (as the RDF mapping names it)."""
    base, _, _ = str(article).rpartition("article/")
    return URIRef(base + "graph/kb")
