"""A networkx projection of the RDF graph: actors, events, claims, proposals and places as nodes,
the four relations (and a proposal's addressee, an event's place) as edges carrying their evidence.

Node attributes: ``label``, ``type`` (one of :data:`TYPE_ORDER` or ``"other"``), ``wikidata``
(IRI or ``""``), ``date`` (events: ``YYYY-MM-DD`` or ``""``), ``articles`` (source file names),
``names`` (every label and alternative label, both languages, for search). Claims and proposals
also have ``text`` (what was reported or proposed: :func:`diplograph.view.content.content`) and
their label is the short form of it; a ``mentions`` edge links them to each actor and event their
sentence names (:func:`diplograph.view.content.mentioned`).
Edge attributes: ``relation``, ``evidence`` (list of dicts: ``text``, ``title``, ``date``, ``lang``,
``source``, ``confidence``, ``modality``), ``confidence`` (highest), ``dates``, ``langs``,
``articles``. Edges are keyed by relation, so a pair has at most one edge per relation.
"""

from __future__ import annotations

import networkx as nx
import pyoxigraph as ox
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import OWL, PROV, SKOS

from diplograph.rdf.namespace import DG
from diplograph.view.content import content, mentioned, short_label

__all__ = ["NODE_TYPES", "TYPE_ORDER", "ACTOR_TYPES", "RELATIONS", "project", "project_store"]

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

_PREFIXES = f"""PREFIX rdf: <{RDF}>
PREFIX rdfs: <{RDFS}>
PREFIX owl: <{OWL}>
PREFIX prov: <{PROV}>
PREFIX dg: <{DG._NS}>
PREFIX skos: <{SKOS}>
"""
_STATEMENTS = (
    _PREFIXES
    + """
SELECT DISTINCT ?s ?p ?o ?text ?conf ?modality ?article WHERE {
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      dg:evidenceText ?text ; prov:wasDerivedFrom ?article .
  OPTIONAL { ?st dg:confidence ?conf }
  OPTIONAL { ?st dg:modality ?modality }
}
"""
)
_ARTICLES = (
    _PREFIXES
    + """
SELECT DISTINCT ?article ?source ?title ?date ?lang WHERE {
  ?article a dg:Article .
  OPTIONAL { ?article dg:sourceFile ?source }
  OPTIONAL { ?article dg:title ?title }
  OPTIONAL { ?article dg:publicationDate ?date }
  OPTIONAL { ?article dg:language ?lang }
}
"""
)
_VALUES = {
    "label": "SELECT DISTINCT ?n ?v WHERE { ?n rdfs:label ?v }",
    "altLabel": "SELECT DISTINCT ?n ?v WHERE { ?n skos:altLabel ?v }",
    "text": "SELECT DISTINCT ?n ?v WHERE { ?n dg:text ?v }",
    "mentionedIn": "SELECT DISTINCT ?n ?v WHERE { ?n dg:mentionedIn ?v }",
    "type": "SELECT DISTINCT ?n ?v WHERE { VALUES ?v { "
    + " ".join(f"<{t}>" for t in NODE_TYPES)
    + " } ?n a ?v }",
    "wikidata": "SELECT DISTINCT ?n ?v WHERE { ?n owl:sameAs ?v }",
    "date": "SELECT DISTINCT ?n ?v WHERE { ?n dg:date ?v }",
    "addressee": "SELECT DISTINCT ?n ?v WHERE { ?n dg:addressee ?v }",
    "place": "SELECT DISTINCT ?n ?v WHERE { ?n dg:place ?v }",
    # the state whose territory a place is (a country as place is drawn as its state)
    "state": "SELECT DISTINCT ?n ?v WHERE { ?v dg:territory ?n }",
}


def _text(term: object) -> str:
    """The lexical form of an Oxigraph term (a literal's value, a node's IRI)."""
    return term.value if term is not None else ""  # type: ignore[attr-defined]


def _ask(store: ox.Store, query: str) -> ox.QuerySolutions:
    # the union of the named graphs: TriG/N-Quads rows put every triple in a graph
    return store.query(query, use_default_graph_as_union=True)  # type: ignore[return-value]


def _by_node(store: ox.Store, name: str) -> dict[str, list[object]]:
    found: dict[str, list[object]] = {}
    for n, v in _ask(store, _PREFIXES + _VALUES[name]):
        if isinstance(n, ox.NamedNode):
            found.setdefault(n.value, []).append(v)
    return found


def _label(values: list[object], node: str) -> str:
    labels: dict[str, str] = {}
    for lit in sorted((v for v in values if isinstance(v, ox.Literal)), key=lambda v: v.value):
        labels.setdefault(lit.language or "", lit.value)
    if not labels:
        return node.rsplit("/", 1)[-1]
    return labels.get("en") or labels.get("de") or labels[min(labels)]


def _type(values: list[object]) -> str:
    found = [NODE_TYPES[URIRef(v.value)] for v in values if isinstance(v, ox.NamedNode)]
    return min(found, key=TYPE_ORDER.index) if found else "other"


def _articles(store: ox.Store) -> dict[str, dict[str, str]]:
    articles: dict[str, dict[str, str]] = {}
    for art, source, title, date, lang in _ask(store, _ARTICLES):
        source_text = _text(source)
        articles.setdefault(
            _text(art),
            {
                "title": _text(title) or source_text,
                "date": _text(date),
                "lang": _text(lang),
                "source": source_text,
            },
        )
    return articles


def project(graph: Graph) -> nx.MultiDiGraph:
    """Project the RDF graph onto a networkx multigraph for drawing and analysis.

    The graph is copied into an Oxigraph store in memory and projected there
    (:func:`project_store`).

    Args:
        graph: a graph written by :class:`diplograph.rdf.mapping.GraphBuilder`.

    Returns:
        The projection; node keys are the entities' IRIs as strings.
    """
    from diplograph.triplestore.terms import to_oxigraph_quad

    store = ox.Store()
    store.bulk_extend(to_oxigraph_quad(s, p, o) for s, p, o in graph.triples((None, None, None)))
    return project_store(store)


def project_store(store: ox.Store) -> nx.MultiDiGraph:
    """Project the graph in an Oxigraph store (the union of its graphs) onto a networkx
    multigraph for drawing and analysis.

    ``meets`` is symmetric in RDF (asserted both ways); the projection keeps one edge per pair,
    from the smaller IRI to the larger. Every relation edge lists each sentence that supports it.
    Where a node has several values of a one-valued property (label per language, Wikidata
    link, date), the smallest counts, so the projection does not depend on the store's order.

    Returns:
        The projection; node keys are the entities' IRIs as strings.
    """
    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    articles = _articles(store)
    labels, types = _by_node(store, "label"), _by_node(store, "type")
    alt_labels = _by_node(store, "altLabel")
    same_as, dates = _by_node(store, "wikidata"), _by_node(store, "date")

    def ensure(key: str) -> str:
        if key not in g:
            wikidata = min(
                (v.value for v in same_as.get(key, []) if "wikidata.org" in v.value),  # type: ignore[attr-defined]
                default="",
            )
            date = min((_text(v) for v in dates.get(key, [])), default=None)
            g.add_node(
                key,
                label=_label(labels.get(key, []), key),
                type=_type(types.get(key, [])),
                wikidata=wikidata,
                date=date[:10] if date is not None else "",
                articles=set(),
            )
        return key

    grouped: dict[tuple[str, str, str], list[dict]] = {}
    for s, p, o, text, conf, modality, article in _ask(store, _STATEMENTS):
        relation = RELATIONS.get(URIRef(p.value)) if isinstance(p, ox.NamedNode) else None
        if relation is None or not isinstance(s, ox.NamedNode) or not isinstance(o, ox.NamedNode):
            continue
        if relation == "meets" and s.value > o.value:
            continue  # symmetric: one edge per pair
        meta = articles.get(_text(article), {})
        item = {
            "text": _text(text),
            "title": meta.get("title", ""),
            "date": meta.get("date", ""),
            "lang": meta.get("lang", ""),
            "source": meta.get("source", ""),
            "confidence": float(conf.value) if conf is not None else 0.0,
            "modality": _text(modality),
        }
        evidence = grouped.setdefault((s.value, relation, o.value), [])
        if item not in evidence:
            evidence.append(item)
    for (s, relation, o), evidence in sorted(grouped.items()):
        evidence.sort(
            key=lambda e: (e["date"], e["source"], e["text"], e["confidence"], e["modality"])
        )
        a, b = ensure(s), ensure(o)
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
    states = {
        place: min(v.value for v in values if isinstance(v, ox.NamedNode))  # type: ignore[attr-defined]
        for place, values in _by_node(store, "state").items()
        if any(isinstance(v, ox.NamedNode) for v in values)
    }
    for relation in ("addressee", "place"):
        pairs = sorted(
            (n, v.value)
            for n, values in _by_node(store, relation).items()
            for v in values
            if isinstance(v, ox.NamedNode)
        )
        for node, target in pairs:
            if node in g:
                if relation == "place":
                    # a country as place is drawn as its state: one node per country, not two
                    target = states.get(target, target)
                _structural_edge(g, node, ensure(target), relation)
    for n in g.nodes:
        names = {_text(v) for v in labels.get(n, []) + alt_labels.get(n, [])}
        g.nodes[n]["names"] = sorted(x for x in names if x)
    _contents(g, texts=_by_node(store, "text"))
    _mentions(g, articles, mentioned_in=_by_node(store, "mentionedIn"))
    for n in g.nodes:
        g.nodes[n]["articles"] = sorted(g.nodes[n]["articles"])
    return g


_CONTENT_TYPES = ("claim", "proposal")


def _contents(g: nx.MultiDiGraph, *, texts: dict[str, list[object]]) -> None:
    """Give each claim and proposal its content (``text``) and a label that is its content."""
    for n, data in g.nodes(data=True):
        if data["type"] not in _CONTENT_TYPES:
            continue
        own = min((_text(v) for v in texts.get(n, [])), default=data["label"])
        sentences = [ev["text"] for _, _, d in g.in_edges(n, data=True) for ev in d["evidence"]]
        lang = next(
            (ev["lang"] for _, _, d in g.in_edges(n, data=True) for ev in d["evidence"]), ""
        )
        sentence = min(sentences, default="")
        data["text"] = content(own, sentence, lang=lang, kind=data["type"])
        data["sentence"] = sentence or own
        data["label"] = short_label(data["text"])


def _mentions(
    g: nx.MultiDiGraph,
    articles: dict[str, dict[str, str]],
    *,
    mentioned_in: dict[str, list[object]],
) -> None:
    """Link each claim and proposal to the actors and events its sentence names: candidates are
    the nodes mentioned in the same article (or linked by an edge stated there), matched by any
    of their names (:func:`diplograph.view.content.mentioned`)."""
    by_source: dict[str, set[str]] = {}
    for n, arts in mentioned_in.items():
        if n in g:
            for art in arts:
                source = articles.get(_text(art), {}).get("source")
                if source:
                    by_source.setdefault(source, set()).add(n)
    for a, b, d in g.edges(data=True):
        for source in d["articles"]:
            by_source.setdefault(source, set()).update((a, b))
    # the outlet that reports a claim is linked by the report; other outlets' names are common
    # words ("Times")
    targets = (ACTOR_TYPES - {"news organisation"}) | {"event"}
    sentences: dict[str, set[str]] = {}
    for _, b, d in g.edges(data=True):
        if g.nodes[b]["type"] == "event":
            sentences.setdefault(b, set()).update(ev["text"] for ev in d["evidence"])
    for n in sorted(g):
        data = g.nodes[n]
        if data["type"] not in _CONTENT_TYPES:
            continue
        linked = {m for m in g.predecessors(n)} | {m for m in g.successors(n)}
        candidates = sorted(
            {
                m
                for source in data["articles"]
                for m in by_source.get(source, ())
                if m != n and g.nodes[m]["type"] in targets and m not in linked
            }
        )
        actors = [m for m in candidates if g.nodes[m]["type"] != "event"]
        names = {m: g.nodes[m]["names"] or [g.nodes[m]["label"]] for m in actors}
        found = set(mentioned(data["sentence"] + " " + data["text"], names))
        # an event's other names are common nouns ("Gipfel"): it is mentioned when the claim's
        # sentence is one that states an attendance of it
        found.update(m for m in candidates if data["sentence"] in sentences.get(m, ()))
        for m in sorted(found):
            _structural_edge(g, n, m, "mentions")


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
