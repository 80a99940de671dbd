"""The description of a built dataset, in VoID and DCAT: what it is, under which licence, who
made it with which tool and ontology, from which inputs, and how big it is.

Two forms are written with every build:

- in the graph, the dataset node ``<base>dataset`` (in TriG and N-Quads in the named graph
  ``<base>graph/dataset``): licence, creator, tool and ontology versions, counts, and a
  ``dcterms:source`` link to each article (whose node carries its file name and
  ``dg:sha256``). Everything in it follows from the graph itself, so a rebuild and an
  ``--update`` write the same bytes;
- OUTDIR/void.ttl: the same, plus what changes from build to build: the build time (from
  ``SOURCE_DATE_EPOCH`` when set, for reproducible builds), where each article was read
  (``dg:sourceLocation``: the path as given, or a URL), and the SPARQL endpoint when served.

The counts do not include the description's own triples.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, VOID

from diplograph.errors import DiplographError
from diplograph.rdf.namespace import DEFAULT_BASE, DG, ONTOLOGY_IRI
from diplograph.version import __version__

__all__ = [
    "COUNTED",
    "DEFAULT_LICENSE",
    "ENTITY_CLASSES",
    "DatasetCounts",
    "DescriptionOptions",
    "add_endpoint",
    "article_iri",
    "bind_description_prefixes",
    "build_time",
    "check_license",
    "creator_term",
    "dataset_iri",
    "describe",
    "describe_build",
    "description_graph",
    "locations_of",
    "normal_base",
    "ontology_version",
    "recount",
]

DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
"""Licence of a built graph unless ``--license`` says otherwise: CC BY 4.0."""

ENTITY_CLASSES = tuple(
    DG[name] for name in ("Person", "State", "Organization", "GovernmentBody", "NewsOrganization")
) + (DG.Place,)
"""Classes whose members count as entities (``void:entities``): actors and places."""

_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")


@dataclass
class DatasetCounts:
    """What a graph holds, counted from its triples.

    Attributes:
        triples: distinct triples (without the description's own).
        entities: resources typed as an actor or a place (:data:`ENTITY_CLASSES`).
        events: resolved events (resources with a ``dg:articleCount``).
        relations: reified relation statements (``rdf:Statement``; a meeting is stated both
            ways).
        articles: per article IRI, its ``dg:sourceFile`` and ``dg:sha256`` (None if absent).
    """

    triples: int = 0
    entities: int = 0
    events: int = 0
    relations: int = 0
    articles: dict[str, dict[str, str | None]] = field(default_factory=dict)


@dataclass(frozen=True)
class DescriptionOptions:
    """What the user says about the dataset: ``license`` (an IRI) and ``creator`` (an IRI or a
    name; None: not stated)."""

    license: str = DEFAULT_LICENSE
    creator: str | None = None


def check_license(value: str) -> str:
    """``value`` if it is an absolute IRI.

    Raises:
        DiplographError: it is not (a licence is named by its IRI, e.g. CC BY 4.0's).
    """
    if not _IRI.match(value):
        raise DiplographError(
            f"--license {value!r}: give the licence as an absolute IRI, e.g. {DEFAULT_LICENSE}"
        )
    return value


def creator_term(value: str) -> URIRef | Literal:
    """An IRI for a creator given as one (``https://orcid.org/...``, ``mailto:...``), a plain
    name otherwise."""
    value = value.strip()
    if _IRI.match(value) and value.split(":", 1)[0].lower() in ("http", "https", "mailto", "urn"):
        return URIRef(value)
    return Literal(value)


def normal_base(base: str) -> str:
    """``base`` as the RDF mapping uses it: ending in ``/`` or ``#``."""
    return base if base.endswith(("/", "#")) else base + "/"


def article_iri(base: str, article_id: str) -> str:
    """The IRI of the article ``article_id`` (as :class:`~diplograph.rdf.mapping.GraphBuilder`
    mints it)."""
    return normal_base(base) + "article/" + article_id


def dataset_iri(base: str = DEFAULT_BASE) -> URIRef:
    """The dataset node of a build with base IRI ``base``."""
    return URIRef(normal_base(base) + "dataset")


def description_graph(base: str = DEFAULT_BASE) -> URIRef:
    """Name of the dataset graph that holds the description."""
    return URIRef(normal_base(base) + "graph/dataset")


def ontology_version() -> str:
    """``owl:versionInfo`` of the shipped ontology."""
    from diplograph.rdf.validation import ontology_graph

    version = ontology_graph().value(URIRef(ONTOLOGY_IRI), OWL.versionInfo)
    return str(version) if version is not None else "unknown"


def describe(
    counts: DatasetCounts, options: DescriptionOptions, *, base: str = DEFAULT_BASE
) -> Graph:
    """The description that goes into the graph itself: only what the graph determines."""
    check_license(options.license)
    graph = Graph()
    node = dataset_iri(base)
    graph.add((node, RDF.type, VOID.Dataset))
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add(
        (node, DCTERMS.title, Literal("Diplomatic events and relations from news", lang="en"))
    )
    graph.add((node, DCTERMS.license, URIRef(options.license)))
    if options.creator and options.creator.strip():
        graph.add((node, DCTERMS.creator, creator_term(options.creator)))
    graph.add((node, DCTERMS.conformsTo, URIRef(ONTOLOGY_IRI)))
    graph.add((node, VOID.vocabulary, URIRef(str(DG._NS))))
    graph.add((node, VOID.uriSpace, Literal(normal_base(base))))
    graph.add((node, DG.toolVersion, Literal(f"diplograph {__version__}")))
    graph.add((node, DG.ontologyVersion, Literal(ontology_version())))
    graph.add((node, VOID.triples, Literal(counts.triples, datatype=XSD.integer)))
    graph.add((node, VOID.entities, Literal(counts.entities, datatype=XSD.integer)))
    graph.add((node, DG.eventCount, Literal(counts.events, datatype=XSD.integer)))
    graph.add((node, DG.relationCount, Literal(counts.relations, datatype=XSD.integer)))
    for article in counts.articles:
        graph.add((node, DCTERMS.source, URIRef(article)))
    return graph


COUNTED = (VOID.triples, VOID.entities, DG.eventCount, DG.relationCount, DCTERMS.source)
"""What a description says that follows from the graph's content (see :func:`recount`)."""


def recount(graph: Graph, node: URIRef, counts: DatasetCounts) -> None:
    """Replace the counts and articles the description ``graph`` states of ``node`` by
    ``counts`` (for a store that gathers builds: its description is of all it holds)."""
    for predicate in COUNTED:
        graph.remove((node, predicate, None))
    graph.add((node, VOID.triples, Literal(counts.triples, datatype=XSD.integer)))
    graph.add((node, VOID.entities, Literal(counts.entities, datatype=XSD.integer)))
    graph.add((node, DG.eventCount, Literal(counts.events, datatype=XSD.integer)))
    graph.add((node, DG.relationCount, Literal(counts.relations, datatype=XSD.integer)))
    for article in counts.articles:
        graph.add((node, DCTERMS.source, URIRef(article)))


def build_time() -> dt.datetime:
    """When the build ran: ``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC) when set, else now.

    Raises:
        DiplographError: SOURCE_DATE_EPOCH is set but not a whole number of seconds.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise DiplographError(
                f"SOURCE_DATE_EPOCH={epoch!r}: not a whole number of seconds since 1970"
            ) from None
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def describe_build(
    counts: DatasetCounts,
    options: DescriptionOptions,
    *,
    base: str = DEFAULT_BASE,
    locations: Mapping[str, str] | None = None,
    built: dt.datetime | None = None,
    endpoint: str | None = None,
) -> Graph:
    """The description for void.ttl: :func:`describe`, the build time, each input with its
    file name, SHA-256 and location, and the SPARQL endpoint if given.

    Args:
        locations: per article IRI, where it was read (a path as given, or a URL).
        built: the build time (default :func:`build_time`).
    """
    graph = describe(counts, options, base=base)
    node = dataset_iri(base)
    when = Literal((built or build_time()).isoformat(), datatype=XSD.dateTime)
    graph.add((node, DCTERMS.modified, when))
    graph.add((node, PROV.generatedAtTime, when))
    for article, facts in counts.articles.items():
        iri = URIRef(article)
        graph.add((iri, RDF.type, DG.Article))
        if facts.get("sourceFile") is not None:
            graph.add((iri, DG.sourceFile, Literal(facts["sourceFile"])))
        if facts.get("sha256") is not None:
            graph.add((iri, DG.sha256, Literal(facts["sha256"])))
        location = (locations or {}).get(article)
        if location:
            graph.add((iri, DG.sourceLocation, Literal(location)))
    if endpoint:
        add_endpoint(graph, endpoint, base=base)
    bind_description_prefixes(graph)
    return graph


def add_endpoint(graph: Graph, endpoint: str, *, base: str = DEFAULT_BASE) -> None:
    """State that the dataset is served at the SPARQL endpoint ``endpoint``."""
    node = dataset_iri(base)
    graph.add((node, VOID.sparqlEndpoint, URIRef(endpoint)))
    service = URIRef(endpoint)
    graph.add((service, RDF.type, DCAT.DataService))
    graph.add((service, DCAT.endpointURL, service))
    graph.add((service, DCAT.servesDataset, node))


def bind_description_prefixes(graph: Graph) -> None:
    for prefix, namespace in (
        ("dg", DG._NS),
        ("void", VOID),
        ("dcat", DCAT),
        ("dcterms", DCTERMS),
        ("prov", PROV),
        ("xsd", XSD),
    ):
        graph.bind(prefix, namespace, override=True)


def locations_of(description: Graph | None) -> dict[str, str]:
    """Per article IRI, the ``dg:sourceLocation`` an earlier void.ttl recorded."""
    if description is None:
        return {}
    return {
        str(s): str(o) for s, o in description.subject_objects(DG.sourceLocation) if str(o).strip()
    }
