"""A networkx projection of the RDF graph: actors, events, claims and proposals as nodes, the
four relations as edges carrying their evidence."""

from __future__ import annotations

from collections import defaultdict

import networkx as nx
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import OWL, PROV

from diplograph.rdf.namespace import DG

NODE_TYPES = {
    DG.Person: "person",
    DG.State: "state",
    DG.GovernmentBody: "organisation",
    DG.Organization: "organisation",
    DG.NewsOrganization: "news organisation",
    DG.Summit: "event",
    DG.Talks: "event",
    DG.StateVisit: "event",
    DG.Conference: "event",
    DG.Meeting: "event",
    DG.PressConference: "event",
    DG.Event: "event",
    DG.Claim: "claim",
    DG.Proposal: "proposal",
    DG.Place: "place",
}
TYPE_ORDER = ["news organisation", "person", "state", "organisation", "event", "claim", "proposal", "place"]
RELATIONS = {DG.meets: "meets", DG.attends: "attends", DG.reports: "reports", DG.proposes: "proposes"}

_STATEMENTS = """
SELECT ?s ?p ?o ?text ?conf ?article WHERE {
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      dg:evidenceText ?text ; prov:wasDerivedFrom ?article .
  OPTIONAL { ?st dg:confidence ?conf }
}
"""


def _label(graph: Graph, node: URIRef) -> str:
    labels = {lit.language: str(lit) for lit in graph.objects(node, RDFS.label)}
    return labels.get("en") or labels.get("de") or next(iter(labels.values()), str(node).rsplit("/", 1)[-1])


def _type(graph: Graph, node: URIRef) -> str:
    found = [NODE_TYPES[t] for t in graph.objects(node, RDF.type) if t in NODE_TYPES]
    return min(found, key=TYPE_ORDER.index) if found else "other"


def project(graph: Graph) -> nx.MultiDiGraph:
    """Nodes: actors, events, claims, proposals, places; edges: meets (once per pair and
    article sentence), attends, reports, proposes, addressee; each edge with its evidence."""
    g = nx.MultiDiGraph()
    articles: dict[URIRef, dict] = {}
    for art in graph.subjects(RDF.type, DG.Article):
        articles[art] = {
            "title": str(graph.value(art, DG.title) or graph.value(art, DG.sourceFile) or ""),
            "date": str(graph.value(art, DG.publicationDate) or ""),
            "lang": str(graph.value(art, DG.language) or ""),
            "source": str(graph.value(art, DG.sourceFile) or ""),
        }

    def ensure(node: URIRef) -> str:
        key = str(node)
        if key not in g:
            wikidata = graph.value(node, OWL.sameAs)
            g.add_node(key, label=_label(graph, node), type=_type(graph, node),
                       wikidata=str(wikidata) if wikidata else "", articles=set())
        return key

    grouped: dict[tuple[str, str, str], dict] = {}
    for row in graph.query(_STATEMENTS, initNs={"rdf": RDF, "dg": DG._NS, "prov": PROV}):
        s, p, o, text, conf, article = row
        relation = RELATIONS.get(p)
        if relation is None:
            continue
        if relation == "meets" and str(s) > str(o):
            continue  # symmetric: one edge per pair
        key = (str(s), relation, str(o))
        item = grouped.setdefault(key, {"evidence": [], "confidence": 0.0})
        meta = articles.get(article, {})
        item["evidence"].append(
            {"text": str(text), "title": meta.get("title", ""), "date": meta.get("date", ""),
             "lang": meta.get("lang", ""), "source": meta.get("source", "")}
        )
        item["confidence"] = max(item["confidence"], float(conf) if conf is not None else 0.0)
    for (s, relation, o), item in sorted(grouped.items()):
        a, b = ensure(URIRef(s)), ensure(URIRef(o))
        dates = sorted({e["date"] for e in item["evidence"] if e["date"]})
        langs = sorted({e["lang"] for e in item["evidence"] if e["lang"]})
        g.add_edge(a, b, key=relation, relation=relation, evidence=item["evidence"],
                   confidence=item["confidence"], dates=dates, langs=langs)
        for n in (a, b):
            g.nodes[n]["articles"].update(e["source"] for e in item["evidence"])
    for proposal in graph.subjects(RDF.type, DG.Proposal):
        for addressee in graph.objects(proposal, DG.addressee):
            if str(proposal) in g:
                g.add_edge(str(proposal), ensure(addressee), key="addressee", relation="addressee",
                           evidence=[], confidence=1.0, dates=[], langs=[])
    for event in graph.subjects(DG.place, None):
        if str(event) in g:
            place = graph.value(event, DG.place)
            g.add_edge(str(event), ensure(place), key="place", relation="place", evidence=[],
                       confidence=1.0, dates=[], langs=[])
    for n in g.nodes:
        g.nodes[n]["articles"] = sorted(a for a in g.nodes[n]["articles"] if a)
    return g


def actor_graph(g: nx.MultiDiGraph) -> nx.Graph:
    """Undirected simple graph of actors and events, for centrality and communities."""
    simple = nx.Graph()
    for a, b, data in g.edges(data=True):
        if data["relation"] in ("meets", "attends", "proposes", "reports", "addressee"):
            weight = simple[a][b]["weight"] + 1 if simple.has_edge(a, b) else 1
            simple.add_edge(a, b, weight=weight)
    for n, data in g.nodes(data=True):
        if n in simple:
            simple.nodes[n].update(label=data["label"], type=data["type"])
    return simple


def meeting_counts(g: nx.MultiDiGraph) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for a, b, data in g.edges(data=True):
        if data["relation"] == "meets":
            counts[(g.nodes[a]["label"], g.nodes[b]["label"])] += len(data["evidence"])
    return dict(counts)
