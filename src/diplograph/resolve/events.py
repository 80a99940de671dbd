"""Event identity: the mentions of one real-world event, in any article and language, become
one event node.

Each article describes the events it speaks of as :class:`~diplograph.records.EventMention`
records (kind, date, place, series, participants, status). Two mentions from different articles
are compared on what identifies an event:

- **kind**: compatible kinds only (a summit can be called talks or a meeting; a state visit is
  never a conference, a press conference is only a press conference);
- **date**: years must agree; dates the texts state must lie within :data:`DAY_TOLERANCE` days
  of each other, an article's publication date standing in for an undated mention within
  :data:`FALLBACK_TOLERANCE` days;
- **place**: the same place, or a city and the country it lies in; two places in different
  countries never;
- **series**: two different series (G7, G20) never; a series summit and a bilateral meeting
  without one never (the meeting is at most a part of the summit, see below);
- **participants**: two mentions that each name two persons or more must share one.

Each agreement adds to a score; mentions whose score reaches :data:`MERGE_SCORE` are joined,
best pairs first, and two groups are joined only when *every* pair across them is compatible
(complete linkage), so a chain of look-alikes never pulls a distractor in. Pairs that are
compatible but score lower are kept apart and linked by ``dg:possiblySameAs``. A meeting held
during a series summit, at its place, among its participants, is linked to it by
``dg:subEventOf`` (aligned to ``sem:subEventOf``).

The result depends only on the set of mentions, never on the order of articles, the batch or
the worker that saw them: pairs are taken in an order fixed by their scores and the mentions'
own keys, and every event IRI is minted from what identifies the event (start date, place,
series or principal participants, kind; see :func:`_event_id`), with a short hash of its
mentions only where two events would otherwise get the same IRI.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from diplograph.kb import KnowledgeBase
from diplograph.reader import slugify
from diplograph.records import EventMention, Extraction

__all__ = [
    "DAY_TOLERANCE",
    "FALLBACK_TOLERANCE",
    "MERGE_SCORE",
    "EventResolution",
    "ResolvedEvent",
    "mention_path",
    "mentions_of",
    "resolve_events",
]

DAY_TOLERANCE = 3
"""Days two stated dates of one event may lie apart (multi-day summits, reports of day two)."""
FALLBACK_TOLERANCE = 10
"""Days a publication date standing in for an undated mention may lie from the event."""
MERGE_SCORE = 3.0
"""Score from which two compatible mentions are taken to be the same event."""
POSSIBLY_SAME_SCORE = 1.5
"""Score from which two compatible mentions kept apart are linked as possibly the same."""

KIND_RANK = {
    "Summit": 6,
    "StateVisit": 5,
    "Conference": 4,
    "Talks": 3,
    "Meeting": 2,
    "PressConference": 1,
    "Event": 0,
}
_COMPATIBLE = {
    "Summit": {"Summit", "Meeting", "Talks", "Conference"},
    "Meeting": {"Summit", "Meeting", "Talks", "StateVisit"},
    "Talks": {"Summit", "Meeting", "Talks", "StateVisit"},
    "StateVisit": {"StateVisit", "Meeting", "Talks"},
    "Conference": {"Conference", "Summit"},
    "PressConference": {"PressConference"},
}
_BILATERAL = frozenset({"Meeting", "Talks", "StateVisit"})
_SPECULATIVE = frozenset({"hypothetical", "denied"})
# which status wins when the mentions of one event disagree: what happened outranks a plan, a
# cancellation outranks the plan it cancels
_STATUS_RANK = {
    "happened": 6,
    "ongoing": 5,
    "cancelled": 4,
    "planned": 3,
    "denied": 2,
    "hypothetical": 1,
}

KIND_WORDS = {
    "en": {
        "Summit": "summit",
        "Talks": "talks",
        "StateVisit": "state visit",
        "Conference": "conference",
        "Meeting": "meeting",
        "PressConference": "press conference",
        "Event": "event",
    },
    "de": {
        "Summit": "Gipfeltreffen",
        "Talks": "Gespräche",
        "StateVisit": "Staatsbesuch",
        "Conference": "Konferenz",
        "Meeting": "Treffen",
        "PressConference": "Pressekonferenz",
        "Event": "Ereignis",
    },
}


@dataclass(frozen=True)
class ResolvedEvent:
    """One real-world event: the mentions of all articles that speak of it.

    Attributes:
        id: the event's IRI path (``event/2025-08-15-anchorage-summit-trump-putin``).
        labels: readable labels by language ("Trump–Putin summit, Anchorage, 2025-08-15").
        date, end_date: first and last day the texts state (``end_date`` only for several days).
        date_precision: ``day`` or ``year``; ``date_source``: ``text``, or ``article`` when only
            publication dates stand in for it.
        participants: every participant any mention names; ``hosts``/``visitors`` among them.
        mentions: (article id, local event id) of each mention.
        articles, languages: where it is reported (for corroboration).
        part_of: the event it is a part of (a sideline meeting of a summit).
        possibly_same: events kept apart from it although they may be the same.
    """

    id: str
    kind: str
    labels: dict[str, str]
    date: dt.date | None
    end_date: dt.date | None
    year: int | None
    date_precision: str | None
    date_source: str
    place: str | None
    series: str | None
    status: str
    participants: tuple[str, ...]
    hosts: tuple[str, ...]
    visitors: tuple[str, ...]
    mentions: tuple[tuple[str, str], ...]
    articles: tuple[str, ...]
    languages: tuple[str, ...]
    part_of: str | None = None
    possibly_same: tuple[str, ...] = ()


@dataclass
class EventResolution:
    """The events of a build and which event each mention is a mention of."""

    events: list[ResolvedEvent] = field(default_factory=list)
    of_mention: dict[tuple[str, str], str] = field(default_factory=dict)


def mention_path(article_id: str, event_id: str) -> str:
    """The IRI path of an event mention: ``mention/<article id>/<the article's event id>``.

    >>> mention_path("geneva-2021-06-16-en", "event/geneva-2021-06-16-en")
    'mention/geneva-2021-06-16-en/main'
    >>> mention_path("geneva-2021-06-16-en", "event/g20-summit-2019")
    'mention/geneva-2021-06-16-en/g20-summit-2019'
    """
    local = event_id.partition("/")[2]
    if local.startswith(article_id):
        local = local[len(article_id) :].lstrip("-") or "main"
    return f"mention/{article_id}/{local}"


def mentions_of(record: Extraction) -> list[EventMention]:
    """The event mentions of one article's records."""
    article = record.article
    out = []
    for event in record.events.values():
        out.append(
            EventMention(
                article=article.id,
                local=mention_path(article.id, event.id).rpartition("/")[2],
                kind=event.kind,
                date=event.date,
                date_precision=event.date_precision,
                date_source=event.date_source if event.date else "none",
                place=event.place,
                series=event.series,
                status=event.status,
                participants=tuple(sorted(event.participants)),
                lang=article.lang,
                published=article.date,
                # a series summit without a year ("the APEC summit") is the one of the article's
                # year
                year=event.date.year
                if event.date
                else (event.year or (article.date.year if article.date else None)),
            )
        )
    return out


# ---------------------------------------------------------------------------- comparison
class _Places:
    """Place ids and the country each lies in (a state is its own country)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._country: dict[str, str | None] = {}

    def country(self, place: str) -> str | None:
        if place not in self._country:
            if place.startswith("state/"):
                found: str | None = place
            else:
                entry = self.kb.get(place)
                found = entry.state if entry is not None else None
            self._country[place] = found
        return self._country[place]


def _persons(m: EventMention) -> set[str]:
    return {p for p in m.participants if p.startswith("person/")}


def _score(a: EventMention, b: EventMention, places: _Places) -> float | None:
    """How strongly two mentions speak for one event; None when they cannot be one."""
    if a.article == b.article and not _same_in_article(a, b, places):
        return None  # the article's own extraction already told its events apart
    if b.kind not in _COMPATIBLE.get(a.kind, ()) and "Event" not in (a.kind, b.kind):
        return None
    if a.status in _SPECULATIVE or b.status in _SPECULATIVE:
        return None  # a meeting that is only imagined or denied is no real event to join
    if "cancelled" in (a.status, b.status) and {a.status, b.status} & {"happened", "ongoing"}:
        return None  # what was called off is not what took place
    if a.series and b.series and a.series != b.series:
        return None
    if bool(a.series) != bool(b.series):
        other = b if a.series else a
        if other.kind in _BILATERAL:
            return None  # a bilateral meeting at most takes place during a series summit
    if a.year is None or b.year is None or a.year != b.year:
        return None  # undated mentions are never joined: nothing says they are the same
    score = 0.0
    if a.date is not None and b.date is not None and a.date_precision == b.date_precision == "day":
        days = abs((a.date - b.date).days)
        if a.date_source == b.date_source == "text":
            if days > DAY_TOLERANCE:
                return None
            score += 2.0 if days <= 1 else 1.0
        else:
            if days > FALLBACK_TOLERANCE:
                return None
            score += 0.5
    else:
        score += 0.5  # the same year
    if a.place and b.place:
        if a.place == b.place:
            score += 2.0
        else:
            ca, cb = places.country(a.place), places.country(b.place)
            if ca is None or cb is None or ca != cb:
                return None
            if a.place.startswith("state/") or b.place.startswith("state/"):
                score += 1.0  # a city inside the country the other names
    if a.series and a.series == b.series:
        score += 2.0
    pa, pb = _persons(a), _persons(b)
    shared = pa & pb
    if len(pa) >= 2 and len(pb) >= 2 and not (a.series and a.series == b.series):
        if not shared:
            return None
        if len(shared) < 2 and a.kind in _BILATERAL and b.kind in _BILATERAL:
            return (
                None  # the same host receiving two different guests (Xi with Macron, Xi with Lula)
            )
    score += 1.25 * min(len(shared), 3)
    states = {p for p in a.participants if not p.startswith("person/")} & {
        p for p in b.participants if not p.startswith("person/")
    }
    score += 0.5 * min(len(states), 2)
    return score


def _same_in_article(a: EventMention, b: EventMention, places: _Places) -> bool:
    """Two events of one article that are one: "the summit" and "the G20 summit" on the same
    day at the same place (a city and its country), only one of them named by its series."""
    if bool(a.series) == bool(b.series) or not (a.place and b.place):
        return False
    if a.date is None or b.date is None or a.date_source != "text" or b.date_source != "text":
        return False
    if abs((a.date - b.date).days) > 1:
        return False
    return (
        a.place == b.place
        or places.country(a.place) == places.country(b.place)
        and (a.place.startswith("state/") or b.place.startswith("state/"))
    )


def _key(m: EventMention) -> tuple[str, str]:
    return (m.article, m.local)


def _candidate_pairs(mentions: list[EventMention], places: _Places) -> set[tuple[int, int]]:
    """Pairs of mentions worth comparing: the same year and a shared person, series, place or
    state, dated within the tolerance where both are dated. Keeps the work near linear in the
    number of mentions instead of quadratic."""
    by_key: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
    for n, m in enumerate(mentions):
        if m.year is None:
            continue
        ordinal = m.date.toordinal() if m.date else 0
        keys = set(m.participants)
        if m.series:
            keys.add(m.series)
        if m.place:
            keys.add(m.place)
            keys.add(places.country(m.place) or m.place)  # a city meets the country it lies in
        for k in keys:
            by_key[(m.year, k)].append((ordinal, n))
    pairs: set[tuple[int, int]] = set()
    window = max(DAY_TOLERANCE, FALLBACK_TOLERANCE)
    for entries in by_key.values():
        entries.sort()
        ordinals = [o for o, _ in entries]
        undated = [n for o, n in entries if o == 0]
        for o, n in entries:
            if o == 0:
                neighbours = [x for _, x in entries]  # a year only: all of that year
            else:
                lo, hi = bisect_left(ordinals, o - window), bisect_right(ordinals, o + window)
                neighbours = [x for _, x in entries[lo:hi]] + undated
            for x in neighbours:
                if x > n:
                    pairs.add((n, x))
                elif x < n:
                    pairs.add((x, n))
    return pairs


# ---------------------------------------------------------------------------- clustering
def resolve_events(mentions: Iterable[EventMention], kb: KnowledgeBase) -> EventResolution:
    """The events of a build: mentions of the same real-world event joined into one.

    The result depends on the set of mentions only (see the module docstring).
    """
    ms = sorted(set(mentions), key=_key)
    places = _Places(kb)
    scored: list[tuple[float, int, int]] = []
    for a, b in _candidate_pairs(ms, places):
        s = _score(ms[a], ms[b], places)
        if s is not None:
            scored.append((s, a, b))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    known = {(a, b): True for _, a, b in scored}

    def compatible(x: int, y: int) -> bool:
        pair = (min(x, y), max(x, y))
        if pair not in known:  # a pair no shared key brought together: compare it now
            known[pair] = _score(ms[pair[0]], ms[pair[1]], places) is not None
        return known[pair]

    parent = list(range(len(ms)))
    members: dict[int, list[int]] = {n: [n] for n in range(len(ms))}

    def find(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    maybe: list[tuple[int, int]] = []
    for s, a, b in scored:
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        if s < MERGE_SCORE:
            if s >= POSSIBLY_SAME_SCORE:
                maybe.append((a, b))
            continue
        if all(compatible(x, y) for x in members[ra] for y in members[rb]):
            keep, gone = (ra, rb) if ra < rb else (rb, ra)
            parent[gone] = keep
            members[keep].extend(members.pop(gone))
    groups = sorted((sorted(group) for group in members.values()), key=lambda g: _key(ms[g[0]]))
    resolution = EventResolution()
    taken: set[str] = set()
    index: dict[int, str] = {}
    for group in groups:
        event = _describe([ms[n] for n in group], kb, places, taken)
        taken.add(event.id)
        resolution.events.append(event)
        for n in group:
            index[n] = event.id
            resolution.of_mention[_key(ms[n])] = event.id
    possibly: dict[str, set[str]] = defaultdict(set)
    for a, b in maybe:
        ea, eb = index[a], index[b]
        if ea != eb:
            possibly[ea].add(eb)
            possibly[eb].add(ea)
    parts = _parts(resolution.events, places)
    resolution.events = sorted(
        (_with_links(e, parts.get(e.id), possibly.get(e.id, set())) for e in resolution.events),
        key=lambda e: e.id,
    )
    return resolution


def _with_links(event: ResolvedEvent, part_of: str | None, possibly: set[str]) -> ResolvedEvent:
    if part_of is None and not possibly:
        return event
    from dataclasses import replace

    return replace(event, part_of=part_of, possibly_same=tuple(sorted(possibly)))


def _parts(events: list[ResolvedEvent], places: _Places) -> dict[str, str]:
    """Meetings held during a series summit or conference, at its place, among its participants."""
    series = [
        e for e in events if e.series and e.kind in ("Summit", "Conference") and e.date is not None
    ]
    found: dict[str, str] = {}
    for e in events:
        if e.series or e.kind not in _BILATERAL or e.date is None or e.status in _SPECULATIVE:
            continue
        persons = {p for p in e.participants if p.startswith("person/")}
        for s in series:
            start = s.date
            end = s.end_date or s.date
            assert start is not None and end is not None
            if not (start - dt.timedelta(days=1) <= e.date <= end + dt.timedelta(days=1)):
                continue
            if (
                e.place
                and s.place
                and e.place != s.place
                and places.country(e.place) != places.country(s.place)
            ):
                continue
            if not e.place and e.date_source != "text":
                continue
            if (
                persons
                and not persons & set(s.participants)
                and not (e.place and e.place == s.place)
            ):
                continue
            found[e.id] = s.id
            break
    return found


_PLACE_RANK = {"city": 0, "venue": 1, "region": 2}


def _place_kind(place: str, kb: KnowledgeBase) -> str:
    entry = kb.get(place)
    return (entry.kind or "") if entry is not None and entry.type == "Place" else "state"


def _most_common(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], v))


def _describe(
    group: list[EventMention], kb: KnowledgeBase, places: _Places, taken: set[str]
) -> ResolvedEvent:
    kind = max((m.kind for m in group), key=lambda k: (KIND_RANK.get(k, 0), k))
    stated = sorted(
        m.date for m in group if m.date and m.date_source == "text" and m.date_precision == "day"
    )
    precision: str | None
    if stated:
        date: dt.date | None = stated[0]
        end = max(d for d in stated if (d - stated[0]).days <= 7)
        end_date = end if end != date else None
        precision, source = "day", "text"
    else:
        fallback = sorted(m.date for m in group if m.date)
        date, end_date = (fallback[0] if fallback else None), None
        precision, source = (
            ("day", "article") if fallback else ("year" if group[0].year else None, "text")
        )
    year = date.year if date else group[0].year
    # the most often named place; of places named as often, a city before a venue in it, a
    # region and the country ("Anchorage", not "Alaska" or "Joint Base Elmendorf-Richardson")
    named = Counter(m.place for m in group if m.place)
    place = (
        min(named, key=lambda p: (-named[p], _PLACE_RANK.get(_place_kind(p, kb), 3), p))
        if named
        else None
    )
    series = _most_common(m.series for m in group)
    status = max((m.status for m in group), key=lambda s: _STATUS_RANK.get(s, 0))
    counts = Counter(p for m in group for p in m.participants)
    participants = tuple(sorted(counts))
    persons = sorted(
        (p for p in counts if p.startswith("person/")),
        key=lambda p: (-_standing(p, date, kb), -counts[p], p),
    )
    country = places.country(place) if place else None
    hosts: list[str] = []
    visitors: list[str] = []
    if country is not None:
        for p in persons:
            offices = kb.roles_of(p, date)
            if any(o.of == country for o in offices):
                hosts.append(p)
            elif kind == "StateVisit":
                visitors.append(p)
    principal = [] if series else _principals(persons, hosts, date, kb, counts)
    event_id = _event_id(kind, date, year, place, series, principal, kb, group, taken)
    labels = {
        lang: _label(
            lang, kind, date, end_date, year, place, series, principal, visitors, country, kb
        )
        for lang in ("en", "de")
    }
    return ResolvedEvent(
        id=event_id,
        kind=kind,
        labels=labels,
        date=date,
        end_date=end_date,
        year=year,
        date_precision=precision,
        date_source=source,
        place=place,
        series=series,
        status=status,
        participants=participants,
        hosts=tuple(sorted(hosts)),
        visitors=tuple(sorted(visitors)),
        mentions=tuple(sorted(_key(m) for m in group)),
        articles=tuple(sorted({m.article for m in group})),
        languages=tuple(sorted({m.lang for m in group})),
    )


_STANDING = {
    "head_of_state": 3,
    "monarch": 3,
    "head_of_government": 3,
    "org_leader": 2,
    "crown_prince": 2,
    "vice_president": 1,
    "foreign_minister": 1,
}


def _principals(
    persons: list[str], hosts: list[str], day: dt.date | None, kb: KnowledgeBase, counts: Counter
) -> list[str]:
    """Who names an event: its two highest-ranking participants, guests before a host who only
    offers the venue ("Biden–Putin" in Geneva, not Parmelin), a host before one guest
    ("Trump–Putin" in Anchorage); nobody when more than three leaders meet (a multilateral
    summit is named by its place and date)."""
    if not persons:
        return []
    top = max(_standing(p, day, kb) for p in persons)
    # the leaders most mentions name first ("Trump–Putin", not a leader one article mentions)
    leading = sorted(
        (p for p in persons if _standing(p, day, kb) == top), key=lambda p: (-counts[p], p)
    )
    if top >= 3 and len(leading) > 3 and counts[leading[3]] == counts[leading[0]]:
        return []
    guests = [p for p in leading if p not in hosts]
    best_host = max((counts[p] for p in leading if p in hosts), default=0)
    if len(guests) >= 2 and counts[guests[1]] >= best_host:
        chosen = sorted(guests[:2])
    else:
        chosen = [p for p in leading if p in hosts][:1] + guests[:1]
        if len(chosen) < 2:
            chosen += [p for p in persons if p not in chosen][: 2 - len(chosen)]
    host_first = [p for p in chosen if p in hosts] + sorted(p for p in chosen if p not in hosts)
    return host_first[:2]


def _standing(person: str, day: dt.date | None, kb: KnowledgeBase) -> int:
    """How high the person's office ranks on the day: leaders name an event, their ministers not."""
    return max((_STANDING.get(o.role, 0) for o in kb.roles_of(person, day)), default=0)


_SURNAMES: dict[int, dict[str, str]] = {}


def _surname(person: str, kb: KnowledgeBase) -> str:
    """The name a person goes by in a label: the surname the knowledge base derives ("Xi" of
    Xi Jinping, "von der Leyen"), else the last word of the name."""
    table = _SURNAMES.get(id(kb))
    if table is None:
        table = _SURNAMES[id(kb)] = {}
        for surname, ids in kb.surnames.items():
            for pid in ids:
                entry = kb.get(pid)
                if entry is None or f" {surname} " not in f" {entry.name} ":
                    continue  # an inflected form ("Putins") or another spelling
                if pid not in table or len(surname) > len(table[pid]):
                    table[pid] = surname
    entry = kb.get(person)
    if person in table:
        words = entry.name.split() if entry is not None else []
        surname = table[person]
        if surname in words:
            k = words.index(surname)
            while k > 1 and words[k - 1].islower():
                k -= 1  # particles belong to it: von der Leyen, da Silva, bin Salman
            return " ".join(words[k : words.index(surname) + 1])
        return surname
    name = entry.name if entry is not None else person.rpartition("/")[2].replace("-", " ").title()
    return name.split()[-1] if name.split() else name


def _event_id(
    kind: str,
    date: dt.date | None,
    year: int | None,
    place: str | None,
    series: str | None,
    principal: list[str],
    kb: KnowledgeBase,
    group: list[EventMention],
    taken: set[str],
) -> str:
    """``event/<start date or year>-<place>-<series>-<kind>-<principal surnames>``: what
    identifies the event, readable, free of file names."""
    parts = [date.isoformat() if date else (str(year) if year else "undated")]
    if place:
        entry = kb.get(place)
        parts.append(slugify(entry.name if entry else place.rpartition("/")[2]))
    if series:
        entry = kb.get(series)
        parts.append(slugify(entry.name if entry else series.rpartition("/")[2]))
    parts.append(slugify(KIND_WORDS["en"].get(kind, kind)))
    parts.extend(slugify(_surname(p, kb)) for p in principal)
    event_id = "event/" + "-".join(p for p in parts if p)
    if event_id in taken:
        digest = hashlib.sha1(
            "|".join(f"{m.article}#{m.local}" for m in sorted(group, key=_key)).encode()
        ).hexdigest()[:8]
        event_id = f"{event_id}-{digest}"
    return event_id


def _dates(lang: str, date: dt.date | None, end: dt.date | None, year: int | None) -> str:
    if date is None:
        return str(year) if year else ""
    if end is None:
        return date.isoformat()
    to = "bis" if lang == "de" else "to"
    if end.year != date.year:
        tail = end.isoformat()
    elif end.month != date.month:
        tail = end.isoformat()[5:]
    else:
        tail = f"{end.day:02d}"
    return f"{date.isoformat()} {to} {tail}"


def _label(
    lang: str,
    kind: str,
    date: dt.date | None,
    end: dt.date | None,
    year: int | None,
    place: str | None,
    series: str | None,
    persons: list[str],
    visitors: list[str],
    country: str | None,
    kb: KnowledgeBase,
) -> str:
    """ "Trump–Putin summit, Anchorage, 2025-08-15"; "Xi state visit to Russia, Moscow, 2023-03-20
    to 22"."""
    word = KIND_WORDS[lang].get(kind, kind)

    def name(entity_id: str | None) -> str:
        entry = kb.get(entity_id) if entity_id else None
        return (
            entry.label(lang)
            if entry is not None
            else (entity_id or "").rpartition("/")[2].replace("-", " ").title()
        )

    if series:
        who = name(series)
    else:
        named = visitors[:1] if kind == "StateVisit" and visitors else persons
        who = "–".join(_surname(p, kb) for p in named)
    if kind == "StateVisit" and visitors and country:
        head = (
            f"{who} state visit to {name(country)}"
            if lang == "en"
            else f"Staatsbesuch {who} in {name(country)}"
        )
    elif lang == "en":
        head = f"{who} {word}".strip()
        head = head[:1].upper() + head[1:]
    else:
        head = f"{word} {who}".strip()
    # the country alone is said already in "state visit to <country>"
    place_name = (
        "" if not place or (kind == "StateVisit" and visitors and place == country) else name(place)
    )
    return ", ".join(p for p in (head, place_name, _dates(lang, date, end, year)) if p)
