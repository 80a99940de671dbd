"""Typed records at the NLP -> RDF boundary. They refer to entities by ID, never by surface text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

ENTITY_TYPES = (
    "Person",
    "State",
    "Organization",
    "GovernmentBody",
    "NewsOrganization",
    "Place",
    "Event",
)


@dataclass(frozen=True)
class Evidence:
    """A sentence of an article, with offsets into the article text as read."""

    text: str
    start: int
    end: int


@dataclass
class Entity:
    """An entity of one article's graph: from the knowledge base or found in the text."""

    id: str  # stable slug path, e.g. "person/vladimir-putin"
    type: str  # one of ENTITY_TYPES
    name: str  # canonical name
    name_lang: str = "en"
    labels: dict[str, str] = field(default_factory=dict)  # lang -> label
    surface_forms: set[str] = field(default_factory=set)
    wikidata: str | None = None


@dataclass
class Event:
    """An event node: summit, talks, visit, conference."""

    id: str
    kind: str  # Summit | Talks | StateVisit | Conference | Meeting | PressConference
    label: str
    date: dt.date | None = None
    date_precision: str | None = None
    place: str | None = None  # entity id
    participants: set[str] = field(default_factory=set)
    surface_forms: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Relation:
    """One extracted relation, tied to its evidence sentence."""

    kind: str  # MEETS | ATTENDS | REPORTS | PROPOSES
    subject: str  # entity id
    object: str  # entity id, event id, or claim/proposal id
    evidence: Evidence
    confidence: float
    rule: str
    modality: str = "asserted"
    addressee: str | None = None
    object_text: str | None = None  # claim or proposal text


@dataclass
class Article:
    """An article as read: the full text, the body's offset, and what the header says."""

    id: str  # slug
    source: str  # file name as given
    text: str  # whole text as read (header included), newlines normalised
    body_start: int
    title: str | None
    date: dt.date | None
    lang: str

    @property
    def body(self) -> str:
        return self.text[self.body_start :]


@dataclass
class Extraction:
    """What the NLP stages found in one article."""

    article: Article
    entities: dict[str, Entity]
    events: dict[str, Event]
    relations: list[Relation]
