"""Records -> RDF on the diplograph ontology (the public contract of the first issue).

IRIs are minted only from knowledge-base IDs, slugs and hashes, never from raw text, so the
same input gives the same IRIs on every run and nothing from an article can break an IRI.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from functools import lru_cache

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, PROV, SKOS

from diplograph.kb import KnowledgeBase, load_kb
from diplograph.rdf.namespace import DEFAULT_BASE, DG
from diplograph.records import Entity, Extraction, Relation

WD = Namespace("http://www.wikidata.org/entity/")
PREDICATES = {"MEETS": DG.meets, "ATTENDS": DG.attends, "REPORTS": DG.reports, "PROPOSES": DG.proposes}
_CONTROL = {c: " " for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)}
_CONTROL.update({0xFFFE: "\ufffd", 0xFFFF: "\ufffd"})


def clean_text(text: str) -> str:
    """Text safe for an RDF literal: no control characters other than tab and newline, no
    noncharacters. Each is replaced by one character (a space, U+FFFD), never deleted, so an
    evidence sentence keeps the length its offsets say."""
    return text.translate(_CONTROL)


@lru_cache(maxsize=100_000)
def _literal(value: object, datatype: URIRef | None = None, lang: str | None = None) -> Literal:
    """A literal that recurs across statements and articles (labels, rules, numbers), made once."""
    if isinstance(value, str):
        value = clean_text(value)
    return Literal(value, datatype=datatype, lang=lang)


def bind_prefixes(graph: Graph, base: str = DEFAULT_BASE) -> None:
    graph.bind("dg", DG._NS)
    graph.bind("dgr", Namespace(base))
    graph.bind("prov", PROV)
    graph.bind("skos", SKOS)
    graph.bind("owl", OWL)
    graph.bind("wd", WD)


class _Tee:
    """Adds each triple to the whole graph and to one named graph of a dataset."""

    def __init__(self, *graphs: Graph) -> None:
        self.graphs = graphs

    def add(self, triple: tuple) -> None:
        for graph in self.graphs:
            graph.add(triple)


class GraphBuilder:
    """Adds the records of articles to one rdflib Graph.

    Args:
        graph: the graph to add to (a new one by default).
        base: base IRI of resources.
        kb: the knowledge base (the shipped one by default).
        dataset: if given, every triple also goes into a named graph of this dataset: the
            article's own graph (named by the article's IRI) for what the article says, and
            the graph ``<base>graph/kb`` for knowledge-base facts (offices). ``graph`` still
            receives every triple, so it stays the union of the named graphs.
    """

    def __init__(
        self,
        graph: Graph | None = None,
        *,
        base: str = DEFAULT_BASE,
        kb: KnowledgeBase | None = None,
        dataset: Dataset | None = None,
    ) -> None:
        self.graph = graph if graph is not None else Graph()
        self.base = base if base.endswith(("/", "#")) else base + "/"
        self.kb = kb or load_kb()
        bind_prefixes(self.graph, self.base)
        self.dataset = dataset
        if dataset is not None:
            bind_prefixes(dataset, self.base)
        self._offices_done: set[str] = set()

    def iri(self, path: str) -> URIRef:
        return _iri(self.base + path)

    @property
    def kb_graph(self) -> URIRef:
        """Name of the dataset graph that holds knowledge-base facts."""
        return self.iri("graph/kb")

    def _target(self, graph_name: URIRef | None) -> Graph | _Tee:
        """Where triples go: the graph, and with a dataset also the named graph (None: the KB's)."""
        if self.dataset is None:
            return self.graph
        return _Tee(self.graph, self.dataset.graph(graph_name or self.kb_graph))

    def add(self, extraction: Extraction) -> None:
        article = extraction.article
        art = self.iri(f"article/{article.id}")
        g = self._target(art)
        g.add((art, RDF.type, DG.Article))
        g.add((art, RDFS.label, Literal(clean_text(article.title or article.source), lang=article.lang)))
        if article.title:
            g.add((art, DG.title, Literal(clean_text(article.title))))
        if article.date:
            g.add((art, DG.publicationDate, Literal(article.date.isoformat(), datatype=XSD.date)))
        g.add((art, DG.language, _literal(article.lang)))
        g.add((art, DG.sourceFile, Literal(clean_text(article.source))))

        for entity in extraction.entities.values():
            node = self.iri(entity.id)
            g.add((node, RDF.type, getattr(DG, entity.type)))
            for lang, label in sorted(entity.labels.items()):
                g.add((node, RDFS.label, _literal(label, lang=lang)))
            for form in sorted(entity.surface_forms):
                g.add((node, SKOS.altLabel, _literal(form, lang=article.lang)))
            if entity.wikidata:
                g.add((node, OWL.sameAs, WD[entity.wikidata]))
            g.add((node, DG.mentionedIn, art))
            if entity.type == "Person":
                self._offices(entity, node)

        for event in extraction.events.values():
            node = self.iri(event.id)
            g.add((node, RDF.type, getattr(DG, event.kind)))
            g.add((node, RDFS.label, _literal(event.label, lang="en")))
            for form in sorted(event.surface_forms):
                g.add((node, SKOS.altLabel, _literal(form, lang=article.lang)))
            if event.date:
                g.add((node, DG.date, _literal(event.date.isoformat(), XSD.date)))
                g.add((node, DG.datePrecision, _literal(event.date_precision or "day")))
            if event.place:
                g.add((node, DG.place, self._place(extraction.entities.get(event.place), event.place, art)))
            for pid in sorted(event.participants):
                g.add((node, DG.participant, self.iri(pid)))
            g.add((node, DG.mentionedIn, art))

        for rel in extraction.relations:
            self._relation(rel, art, article.lang)

    def _offices(self, person: Entity, node: URIRef) -> None:
        person_id = person.id
        if person_id in self._offices_done:
            return
        self._offices_done.add(person_id)
        g = self._target(None)
        offices = self.kb.offices_by_person.get(person_id, [])
        if offices and self.dataset is not None:
            # the KB graph names the holders it refers to, so it can be read on its own
            g.add((node, RDF.type, DG.Person))
            for lang, label in sorted(person.labels.items()):
                g.add((node, RDFS.label, _literal(label, lang=lang)))
        for n, office in enumerate(offices):
            holding = self.iri(f"{person_id}/office-{n}")
            g.add((node, DG.holds, holding))
            g.add((holding, RDF.type, DG.PositionHolding))
            g.add((holding, DG.post, _literal(office.role)))
            g.add((holding, DG.ofAgent, self.iri(office.of)))
            if office.start:
                g.add((holding, DG.startDate, _literal(office.start.isoformat(), XSD.date)))
            if office.end:
                g.add((holding, DG.endDate, _literal(office.end.isoformat(), XSD.date)))

    def _place(self, entity: Entity | None, place_id: str, art: URIRef) -> URIRef:
        """The place node of an event. A state named as the place stands for its territory: a
        dg:Country linked from the state by dg:territory, so the actor is never typed a place."""
        if entity is None or entity.type != "State":
            return self.iri(place_id)
        g = self._target(art)
        country = self.iri("country/" + place_id.split("/", 1)[-1])
        g.add((country, RDF.type, DG.Country))
        for lang, label in sorted(entity.labels.items()):
            g.add((country, RDFS.label, _literal(label, lang=lang)))
        g.add((country, DG.mentionedIn, art))
        g.add((self.iri(place_id), DG.territory, country))
        return country

    def _statement(self, s: URIRef, p: URIRef, o: URIRef, rel: Relation, art: URIRef) -> None:
        g = self._target(art)
        digest = hashlib.sha1(f"{s}|{p}|{o}|{art}|{rel.evidence.start}".encode()).hexdigest()[:16]
        st = self.iri(f"statement/{digest}")
        g.add((s, p, o))
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, p))
        g.add((st, RDF.object, o))
        g.add((st, DG.evidenceText, Literal(clean_text(rel.evidence.text))))
        g.add((st, DG.charStart, _literal(rel.evidence.start, XSD.integer)))
        g.add((st, DG.charEnd, _literal(rel.evidence.end, XSD.integer)))
        conf = Decimal(str(round(min(max(rel.confidence, 0.0), 1.0), 2)))
        g.add((st, DG.confidence, _literal(conf, XSD.decimal)))
        g.add((st, DG.modality, _literal(rel.modality)))
        g.add((st, DG.rule, _literal(rel.rule)))
        g.add((st, PROV.wasDerivedFrom, art))

    def _relation(self, rel: Relation, art: URIRef, lang: str) -> None:
        g = self._target(art)
        subject = self.iri(rel.subject)
        obj = self.iri(rel.object)
        predicate = PREDICATES[rel.kind]
        if rel.kind == "REPORTS":
            g.add((obj, RDF.type, DG.Claim))
            g.add((obj, DG.text, Literal(clean_text(rel.object_text or rel.evidence.text), lang=lang)))
            g.add((obj, RDFS.label, Literal(clean_text(_short(rel.object_text or rel.evidence.text)), lang=lang)))
        elif rel.kind == "PROPOSES":
            g.add((obj, RDF.type, DG.Proposal))
            text = rel.object_text or rel.evidence.text
            g.add((obj, DG.text, Literal(clean_text(text), lang=lang)))
            g.add((obj, RDFS.label, Literal(clean_text(_short(text)), lang=lang)))
            if rel.addressee:
                g.add((obj, DG.addressee, self.iri(rel.addressee)))
        self._statement(subject, predicate, obj, rel, art)
        if rel.kind == "MEETS":
            self._statement(obj, predicate, subject, rel, art)


@lru_cache(maxsize=200_000)
def _iri(value: str) -> URIRef:
    """An IRI node (made once per IRI: rdflib checks every new URIRef)."""
    return URIRef(value)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
