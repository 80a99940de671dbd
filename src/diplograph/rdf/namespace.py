"""The diplograph ontology namespace. A test checks these terms against ontology/diplograph.ttl,
so code and ontology cannot drift; a typo in code fails at import time (``_fail = True``)."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

__all__ = ["ONTOLOGY_IRI", "DEFAULT_BASE", "DG"]

ONTOLOGY_IRI = "https://w3id.org/diplograph/ontology"
DEFAULT_BASE = "https://w3id.org/diplograph/resource/"


class DG(DefinedNamespace):
    """Terms of https://w3id.org/diplograph/ontology#"""

    _fail = True
    _NS = Namespace("https://w3id.org/diplograph/ontology#")

    Agent: URIRef
    Person: URIRef
    State: URIRef
    Organization: URIRef
    GovernmentBody: URIRef
    NewsOrganization: URIRef
    Place: URIRef
    Country: URIRef
    Event: URIRef
    Meeting: URIRef
    Summit: URIRef
    Talks: URIRef
    StateVisit: URIRef
    Conference: URIRef
    PressConference: URIRef
    Article: URIRef
    Claim: URIRef
    Proposal: URIRef
    PositionHolding: URIRef
    EventMention: URIRef

    meets: URIRef
    attends: URIRef
    reports: URIRef
    proposes: URIRef
    addressee: URIRef
    quotedPerson: URIRef
    claimedBy: URIRef
    participant: URIRef
    host: URIRef
    place: URIRef
    territory: URIRef
    date: URIRef
    datePrecision: URIRef
    evidenceText: URIRef
    charStart: URIRef
    charEnd: URIRef
    confidence: URIRef
    modality: URIRef
    rule: URIRef
    text: URIRef
    mentionedIn: URIRef
    title: URIRef
    publicationDate: URIRef
    language: URIRef
    sourceFile: URIRef
    sha256: URIRef
    sourceLocation: URIRef
    toolVersion: URIRef
    ontologyVersion: URIRef
    eventCount: URIRef
    relationCount: URIRef
    holds: URIRef
    holder: URIRef
    post: URIRef
    ofAgent: URIRef
    startDate: URIRef
    endDate: URIRef
    eventType: URIRef
    dateSource: URIRef
    year: URIRef
    series: URIRef
    status: URIRef
    visitor: URIRef
    hasMention: URIRef
    mentionOf: URIRef
    eventMention: URIRef
    articleCount: URIRef
    languageCount: URIRef
    subEventOf: URIRef
    possiblySameAs: URIRef


# rdflib makes a new URIRef (and checks it) on every ``DG.term`` access; the terms are fixed, so
# make each once. Unknown names still go through DefinedNamespace and fail.
for _name in DG.__annotations__:
    type.__setattr__(DG, _name, DG._NS.term(_name))
