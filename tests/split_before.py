"""``split_by_article`` as it was before it was made linear (quadratic in the number of
articles), kept as the reference that the linear split must equal."""

from __future__ import annotations

from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import PROV, RDFS
from rdflib.term import Node

from diplograph.rdf.namespace import DG
from diplograph.triplestore.dataset import ArticleGraphs, Triple, describes, kb_graph


def split_before(graph: Graph) -> ArticleGraphs:
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
                if describes(t, article, languages[article])
            ),
        )
        for holding in graph.objects(node, DG.holds):
            kb = kb_graphs.setdefault(kb_graph(article), set())
            kb.add((node, DG.holds, holding))
            kb.update(graph.triples((holding, None, None)))
            # added with the types and labels of office agents in the KB graph (issue 17)
            agent = graph.value(holding, DG.ofAgent)
            if agent is not None:
                kb.update(graph.triples((agent, RDF.type, None)))
                kb.update(graph.triples((agent, RDFS.label, None)))
    for triples in kb_graphs.values():
        placed.update(triples)
    out.articles = parts
    out.shared.update(kb_graphs)
    rest = {t for t in graph.triples((None, None, None)) if t not in placed}
    if rest:
        out.shared[None] = rest
    return out
