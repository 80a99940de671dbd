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
from rdflib.term import Node

from diplograph.kb import KnowledgeBase, load_kb
from diplograph.rdf.namespace import DEFAULT_BASE, DG
from diplograph.records import Entity, EventMention, Extraction, Relation
from diplograph.resolve.events import EventResolution, mention_path, mentions_of, resolve_events

__all__ = ["WD", "PREDICATES", "clean_text", "bind_prefixes", "GraphBuilder"]

WD = Namespace("http://www.wikidata.org/entity/")
PREDICATES = {
    "MEETS": DG.meets,
    "ATTENDS": DG.attends,
    "REPORTS": DG.reports,
    "PROPOSES": DG.proposes,
}
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
        self._mentions: list[EventMention] = []

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
        """Add one article's records. Its events are mentions until :meth:`resolve` joins the
        mentions of all articles added into events."""
        article = extraction.article
        self._mentions.extend(mentions_of(extraction))
        art = self.iri(f"article/{article.id}")
        g = self._target(art)
        g.add((art, RDF.type, DG.Article))
        g.add(
            (
                art,
                RDFS.label,
                Literal(clean_text(article.title or article.source), lang=article.lang),
            )
        )
        if article.title:
            g.add((art, DG.title, Literal(clean_text(article.title))))
        if article.date:
            g.add((art, DG.publicationDate, Literal(article.date.isoformat(), datatype=XSD.date)))
        g.add((art, DG.language, _literal(article.lang)))
        g.add((art, DG.sourceFile, Literal(clean_text(article.source))))
        if article.sha256:
            g.add((art, DG.sha256, Literal(article.sha256)))

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

        # each event the article speaks of is a mention; the resolve stage joins the mentions of
        # all articles into events (add_events) and points attendance at them (retarget)
        mentions = {}
        for event in extraction.events.values():
            node = mentions[event.id] = self.mention_iri(article.id, event.id)
            g.add((node, RDF.type, DG.EventMention))
            g.add((node, DG.eventType, getattr(DG, event.kind)))
            g.add((node, RDFS.label, _literal(event.label, lang="en")))
            for form in sorted(event.surface_forms):
                g.add((node, SKOS.altLabel, _literal(form, lang=article.lang)))
            if event.date:
                g.add((node, DG.date, _literal(event.date.isoformat(), XSD.date)))
                g.add((node, DG.datePrecision, _literal(event.date_precision or "day")))
                g.add((node, DG.dateSource, _literal(event.date_source)))
            elif event.year:
                g.add((node, DG.year, _literal(event.year, XSD.gYear)))
            if event.place:
                g.add(
                    (
                        node,
                        DG.place,
                        self._place(extraction.entities.get(event.place), event.place, art),
                    )
                )
            if event.series:
                g.add((node, DG.series, self.iri(event.series)))
            g.add((node, DG.status, _literal(event.status)))
            for pid in sorted(event.participants):
                g.add((node, DG.participant, self.iri(pid)))
            g.add((node, PROV.wasDerivedFrom, art))

        for rel in extraction.relations:
            self._relation(rel, art, article.lang, mentions)

    @property
    def mentions(self) -> tuple[EventMention, ...]:
        """The event mentions of the articles added so far."""
        return tuple(self._mentions)

    def resolve(self) -> EventResolution:
        """Join the event mentions of every article added so far into events, point attendance
        at them and add them to the graph (call once, after the last :meth:`add`)."""
        resolution = resolve_events(self._mentions, self.kb)
        self.retarget(resolution)
        self.add_events(resolution)
        return resolution

    def mention_iri(self, article_id: str, event_id: str) -> URIRef:
        """``mention/<article>/<event>``: an event as one article speaks of it."""
        return self.iri(mention_path(article_id, event_id))

    @property
    def events_graph(self) -> URIRef:
        """Name of the dataset graph that holds the resolved events."""
        return self.iri("graph/events")

    def add_events(self, resolution: EventResolution) -> None:
        """The events of a build, each with its mentions, to the graph (and
        ``<base>graph/events``)."""
        g = self._target(self.events_graph)
        for event in resolution.events:
            node = self.iri(event.id)
            meeting = len(event.participants) >= 2
            g.add(
                (
                    node,
                    RDF.type,
                    getattr(DG, event.kind)
                    if meeting or event.kind in ("PressConference", "Event")
                    else DG.Event,
                )
            )
            for lang, label in sorted(event.labels.items()):
                g.add((node, RDFS.label, _literal(label, lang=lang)))
            if event.date:
                g.add((node, DG.date, _literal(event.date.isoformat(), XSD.date)))
                g.add((node, DG.datePrecision, _literal(event.date_precision or "day")))
                g.add((node, DG.dateSource, _literal(event.date_source)))
                if event.end_date:
                    g.add((node, DG.endDate, _literal(event.end_date.isoformat(), XSD.date)))
            elif event.year:
                g.add((node, DG.year, _literal(event.year, XSD.gYear)))
            if event.place:
                g.add((node, DG.place, self._event_place(event.place)))
            if event.series:
                g.add((node, DG.series, self.iri(event.series)))
            g.add((node, DG.status, _literal(event.status)))
            for pid in event.participants:
                g.add((node, DG.participant, self.iri(pid)))
            for pid in event.hosts:
                g.add((node, DG.host, self.iri(pid)))
            for pid in event.visitors:
                g.add((node, DG.visitor, self.iri(pid)))
            for article_id, local in event.mentions:
                mention = self.iri(f"mention/{article_id}/{local}")
                g.add((node, DG.hasMention, mention))
                g.add((mention, DG.mentionOf, node))
            for article_id in event.articles:
                g.add((node, DG.mentionedIn, self.iri(f"article/{article_id}")))
            g.add((node, DG.articleCount, _literal(len(event.articles), XSD.integer)))
            g.add((node, DG.languageCount, _literal(len(event.languages), XSD.integer)))
            if event.part_of:
                g.add((node, DG.subEventOf, self.iri(event.part_of)))
            for other in event.possibly_same:
                g.add((node, DG.possiblySameAs, self.iri(other)))

    def _event_place(self, place_id: str) -> URIRef:
        """The place node of a resolved event (a state's territory for a state, see _place)."""
        entry = self.kb.get(place_id)
        if entry is None or entry.type != "State":
            return self.iri(place_id)
        g = self._target(self.events_graph)
        country = self.iri("country/" + place_id.split("/", 1)[-1])
        g.add((country, RDF.type, DG.Country))
        g.add((country, RDFS.label, _literal(entry.name, lang="en")))
        if entry.de:
            g.add((country, RDFS.label, _literal(entry.de, lang="de")))
        g.add((self.iri(place_id), DG.territory, country))
        return country

    def retarget(self, resolution: EventResolution) -> None:
        """Point attendance at the resolved events instead of the articles' mentions (in the
        graph and in each article's named graph)."""
        graph = self.graph
        events: dict[Node, URIRef] = {
            self.iri(f"mention/{a}/{local}"): self.iri(e)
            for (a, local), e in resolution.of_mention.items()
        }
        for st, mention in list(graph.subject_objects(DG.eventMention)):
            event = events.get(mention)
            if event is None:
                continue
            subject = graph.value(st, RDF.subject)
            old = graph.value(st, RDF.object)
            assert subject is not None  # the builder writes every statement whole
            targets: list[Graph] = [graph]
            if self.dataset is not None:
                art = graph.value(st, PROV.wasDerivedFrom)
                assert isinstance(art, URIRef)  # ... from the article it was found in
                targets.append(self.dataset.graph(art))
            for target in targets:
                target.remove((st, RDF.object, old))
                target.add((st, RDF.object, event))
                target.remove((subject, DG.attends, old))
                target.add((subject, DG.attends, event))

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
            g.add((holding, DG.ofAgent, self._agent(office.of)))
            if office.start:
                g.add((holding, DG.startDate, _literal(office.start.isoformat(), XSD.date)))
            if office.end:
                g.add((holding, DG.endDate, _literal(office.end.isoformat(), XSD.date)))

    def _agent(self, agent_id: str) -> URIRef:
        """The state or organisation of an office, typed and labelled from the knowledge base
        (in the KB graph), so it reads on its own where no article mentions it."""
        node = self.iri(agent_id)
        entry = self.kb.get(agent_id)
        if entry is not None:
            g = self._target(None)
            g.add((node, RDF.type, getattr(DG, entry.type)))
            g.add((node, RDFS.label, _literal(entry.name, lang="en")))
            if entry.de:
                g.add((node, RDFS.label, _literal(entry.de, lang="de")))
        return node

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
        st = self._statement_iri(s, p, o, rel, art)
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

    def _statement_iri(self, s: URIRef, p: URIRef, o: URIRef, rel: Relation, art: URIRef) -> URIRef:
        digest = hashlib.sha1(f"{s}|{p}|{o}|{art}|{rel.evidence.start}".encode()).hexdigest()[:16]
        return self.iri(f"statement/{digest}")

    def _relation(
        self, rel: Relation, art: URIRef, lang: str, mentions: dict[str, URIRef] | None = None
    ) -> None:
        g = self._target(art)
        subject = self.iri(rel.subject)
        mention = (mentions or {}).get(rel.object) if rel.kind == "ATTENDS" else None
        obj = mention if mention is not None else self.iri(rel.object)
        predicate = PREDICATES[rel.kind]
        if rel.kind == "REPORTS":
            g.add((obj, RDF.type, DG.Claim))
            g.add(
                (obj, DG.text, Literal(clean_text(rel.object_text or rel.evidence.text), lang=lang))
            )
            g.add(
                (
                    obj,
                    RDFS.label,
                    Literal(clean_text(_short(rel.object_text or rel.evidence.text)), lang=lang),
                )
            )
        elif rel.kind == "PROPOSES":
            g.add((obj, RDF.type, DG.Proposal))
            text = rel.object_text or rel.evidence.text
            g.add((obj, DG.text, Literal(clean_text(text), lang=lang)))
            g.add((obj, RDFS.label, Literal(clean_text(_short(text)), lang=lang)))
            if rel.addressee:
                g.add((obj, DG.addressee, self.iri(rel.addressee)))
        self._statement(subject, predicate, obj, rel, art)
        if mention is not None:
            st = self._statement_iri(subject, predicate, obj, rel, art)
            g.add((st, DG.eventMention, mention))
        if rel.kind == "MEETS":
            self._statement(obj, predicate, subject, rel, art)


@lru_cache(maxsize=200_000)
def _iri(value: str) -> URIRef:
    """An IRI node (made once per IRI: rdflib checks every new URIRef)."""
    return URIRef(value)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
