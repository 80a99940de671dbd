"""A networkx projection of the RDF graph: actors, events, claims, proposals and places as nodes,
the four relations (and a proposal's addressee, an event's place) as edges carrying their evidence.

Node attributes: ``label``, ``type`` (one of :data:`TYPE_ORDER` or ``"other"``), ``wikidata``
(IRI or ``""``), ``date`` (events: ``YYYY-MM-DD`` or ``""``), ``articles`` (source file names).
Edge attributes: ``relation``, ``evidence`` (list of dicts: ``text``, ``title``, ``date``, ``lang``,
``source``, ``confidence``, ``modality``), ``confidence`` (highest), ``dates``, ``langs``,
``articles``. Edges are keyed by relation, so a pair has at most one edge per relation.
"""

from __future__ import annotations

import networkx as nx
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV
from rdflib.plugins.sparql import prepareQuery

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
TYPE_ORDER = [
    "news organisation",
    "person",
    "state",
    "organisation",
    "event",
    "claim",
    "proposal",
    "place",
]
ACTOR_TYPES = frozenset({"person", "state", "organisation", "news organisation"})
RELATIONS = {
    DG.meets: "meets",
    DG.attends: "attends",
    DG.reports: "reports",
    DG.proposes: "proposes",
}

_STATEMENTS = prepareQuery(
    """
SELECT ?s ?p ?o ?text ?conf ?modality ?article WHERE {
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      dg:evidenceText ?text ; prov:wasDerivedFrom ?article .
  OPTIONAL { ?st dg:confidence ?conf }
  OPTIONAL { ?st dg:modality ?modality }
}
""",
    initNs={"rdf": RDF, "dg": DG._NS, "prov": PROV},
)


def _label(graph: Graph, node: URIRef) -> str:
    labels = {
        lit.language: str(lit)
        for lit in graph.objects(node, RDFS.label)
        if isinstance(lit, Literal)
    }
    if not labels:
        return str(node).rsplit("/", 1)[-1]
    return labels.get("en") or labels.get("de") or labels[min(labels, key=lambda k: k or "")]


def _type(graph: Graph, node: URIRef) -> str:
    found = [
        NODE_TYPES[t]
        for t in graph.objects(node, RDF.type)
        if isinstance(t, URIRef) and t in NODE_TYPES
    ]
    return min(found, key=TYPE_ORDER.index) if found else "other"


def _articles(graph: Graph) -> dict[str, dict[str, str]]:
    articles = {}
    for art in graph.subjects(RDF.type, DG.Article):
        source = str(graph.value(art, DG.sourceFile) or "")
        articles[str(art)] = {
            "title": str(graph.value(art, DG.title) or source),
            "date": str(graph.value(art, DG.publicationDate) or ""),
            "lang": str(graph.value(art, DG.language) or ""),
            "source": source,
        }
    return articles


def project(graph: Graph) -> nx.MultiDiGraph:
    """Project the RDF graph onto a networkx multigraph for drawing and analysis.

    ``meets`` is symmetric in RDF (asserted both ways); the projection keeps one edge per pair,
    from the smaller IRI to the larger. Every relation edge lists each sentence that supports it.

    Args:
        graph: a graph written by :class:`diplograph.rdf.mapping.GraphBuilder`.

    Returns:
        The projection; node keys are the entities' IRIs as strings.
    """
    g = nx.MultiDiGraph()
    articles = _articles(graph)

    def ensure(node: URIRef) -> str:
        key = str(node)
        if key not in g:
            wikidata = next(
                (str(o) for o in graph.objects(node, OWL.sameAs) if "wikidata.org" in str(o)), ""
            )
            date = graph.value(node, DG.date)
            g.add_node(
                key,
                label=_label(graph, node),
                type=_type(graph, node),
                wikidata=wikidata,
                date=str(date)[:10] if date is not None else "",
                articles=set(),
            )
        return key

    grouped: dict[tuple[str, str, str], list[dict]] = {}
    for row in graph.query(_STATEMENTS):
        s, p, o, text, conf, modality, article = row  # type: ignore[misc]
        relation = RELATIONS.get(p) if isinstance(p, URIRef) else None
        if relation is None:
            continue
        if relation == "meets" and str(s) > str(o):
            continue  # symmetric: one edge per pair
        meta = articles.get(str(article), {})
        item = {
            "text": str(text),
            "title": meta.get("title", ""),
            "date": meta.get("date", ""),
            "lang": meta.get("lang", ""),
            "source": meta.get("source", ""),
            "confidence": float(conf) if conf is not None else 0.0,
            "modality": str(modality or ""),
        }
        evidence = grouped.setdefault((str(s), relation, str(o)), [])
        if item not in evidence:
            evidence.append(item)
    for (s, relation, o), evidence in sorted(grouped.items()):
        evidence.sort(key=lambda e: (e["date"], e["source"], e["text"]))
        a, b = ensure(URIRef(s)), ensure(URIRef(o))
        sources = sorted({e["source"] for e in evidence if e["source"]})
        g.add_edge(
            a,
            b,
            key=relation,
            relation=relation,
            evidence=evidence,
            confidence=max(e["confidence"] for e in evidence),
            dates=sorted({e["date"] for e in evidence if e["date"]}),
            langs=sorted({e["lang"] for e in evidence if e["lang"]}),
            articles=sources,
        )
        for n in (a, b):
            g.nodes[n]["articles"].update(sources)
    for proposal, addressee in sorted(graph.subject_objects(DG.addressee), key=str):
        if str(proposal) in g and isinstance(addressee, URIRef):
            _structural_edge(g, str(proposal), ensure(addressee), "addressee")
    for event, place in sorted(graph.subject_objects(DG.place), key=str):
        if str(event) in g and isinstance(place, URIRef):
            # a country as place is drawn as its state: one node per country, not two of one name
            state = graph.value(predicate=DG.territory, object=place)
            _structural_edge(g, str(event), ensure(state if isinstance(state, URIRef) else place), "place")
    for n in g.nodes:
        g.nodes[n]["articles"] = sorted(g.nodes[n]["articles"])
    return g


def _structural_edge(g: nx.MultiDiGraph, a: str, b: str, relation: str) -> None:
    """An edge that states a fact about a node (where, to whom) rather than a reported relation."""
    around = [d for _, _, d in g.in_edges(a, data=True)] + [
        d for _, _, d in g.out_edges(a, data=True)
    ]
    dates = sorted({x for d in around for x in d["dates"]})
    langs = sorted({x for d in around for x in d["langs"]})
    source = g.nodes[a]["articles"]
    g.add_edge(
        a,
        b,
        key=relation,
        relation=relation,
        evidence=[],
        confidence=1.0,
        dates=dates,
        langs=langs,
        articles=sorted(source),
    )
    g.nodes[b]["articles"].update(source)
