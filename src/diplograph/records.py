"""Typed records at the NLP -> RDF boundary. They refer to entities by ID, never by surface text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = [
    "ENTITY_TYPES",
    "Evidence",
    "Entity",
    "EVENT_STATUSES",
    "Event",
    "EventMention",
    "Relation",
    "Article",
    "Extraction",
]

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


EVENT_STATUSES = ("happened", "ongoing", "planned", "cancelled", "hypothetical", "denied")


@dataclass
class Event:
    """An event an article speaks of (summit, talks, visit, conference): one *mention* of a
    real-world event. The resolve stage (:mod:`diplograph.resolve`) joins the mentions of all
    articles that speak of the same event into one event node.

    ``id`` is local to the article (it never becomes an IRI of its own: the article's mention
    node and the resolved event are minted from it and from what identifies the event).
    """

    id: str
    kind: str  # Summit | Talks | StateVisit | Conference | Meeting | PressConference | Event
    label: str
    date: dt.date | None = None
    date_precision: str | None = None  # day | month | year
    place: str | None = None  # entity id
    participants: set[str] = field(default_factory=set)
    surface_forms: set[str] = field(default_factory=set)
    series: str | None = None  # organisation whose series it belongs to ("G20" of "G20-Gipfel")
    year: int | None = (
        None  # a year the text names for it ("G20-Gipfel 2019"), when no day is known
    )
    date_source: str = (
        "text"  # text: the article says when; article: its publication date stands in
    )
    earlier: bool = False  # an occasion the article dates to an earlier week or month ("last week")
    status: str = "happened"  # one of EVENT_STATUSES


@dataclass(frozen=True)
class EventMention:
    """What one article says about one event, as the resolve stage compares it with the
    mentions of other articles. Refers to entities by ID."""

    article: str  # article id
    local: str  # the last step of its IRI path, mention/<article>/<local>
    kind: str
    date: dt.date | None
    date_precision: str | None
    date_source: str
    place: str | None
    series: str | None
    status: str
    participants: tuple[str, ...]
    lang: str
    published: dt.date | None = None
    year: int | None = None

    @property
    def path(self) -> str:
        """The mention's IRI path."""
        return f"mention/{self.article}/{self.local}"


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
    sha256: str | None = None  # SHA-256 of the bytes read (hex); None for text given directly
    location: str | None = None  # where it was read from: the path as given, or a URL

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
