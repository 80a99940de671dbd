"""Event mentions (summits, talks, visits, conferences) grouped into event nodes, and dates
normalised against the article's date."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from contextlib import suppress
from dataclasses import dataclass

from spacy.tokens import Doc

from diplograph.kb import KnowledgeBase
from diplograph.nlp.lexicon import Lexicon
from diplograph.nlp.tokens import Ent, Tok, entity_index, span_text, token_table
from diplograph.reader import slugify
from diplograph.records import Event

__all__ = [
    "KIND_RANK",
    "KIND_LABEL",
    "COMPOUND_HEADS",
    "EventMention",
    "DateMention",
    "find_dates",
    "find_events",
]

KIND_RANK = {
    "Summit": 5,
    "StateVisit": 4,
    "Talks": 3,
    "Conference": 3,
    "Meeting": 2,
    "PressConference": 1,
}
KIND_LABEL = {
    "en": {
        "Summit": "summit",
        "Talks": "talks",
        "StateVisit": "visit",
        "Conference": "conference",
        "Meeting": "meeting",
        "PressConference": "press conference",
    },
}
COMPOUND_HEADS = (
    "gipfeltreffen",
    "gipfel",
    "treffen",
    "gespräche",
    "gesprächen",
    "verhandlungen",
    "konferenz",
    "besuch",
)
_YEAR = re.compile(r"^(19[5-9]\d|20[0-4]\d)$", re.ASCII)


@dataclass
class EventMention:
    start: int
    end: int
    event_id: str
    sent: int


@dataclass
class DateMention:
    start: int
    end: int
    date: dt.date
    precision: str  # day | month | year


def find_dates(doc: Doc, lex: Lexicon, day: dt.date | None) -> list[DateMention]:
    """Explicit and relative dates ("15. August 2025", "Aug. 15", "am Freitag", "last Tuesday")."""
    months = lex.table("dates", "months")
    weekdays = lex.table("dates", "weekdays")
    today = lex.words("dates", "today")
    yesterday = lex.words("dates", "yesterday")
    tomorrow = lex.words("dates", "tomorrow")
    future = lex.words("dates", "future_cues")
    found: list[DateMention] = []
    T = token_table(doc)
    i = 0
    n = len(doc)

    def year_at(k: int) -> int | None:
        if k < n and _YEAR.match(T[k].text):
            return int(T[k].text)
        return None

    date_words = set(months) | set(weekdays) | today | yesterday | tomorrow
    for c in [t.i for t in T if t.lower_ in date_words or t.text[:1].isdecimal()]:
        if c < i:
            continue  # inside the date before
        i = c
        t = T[i]
        low = t.lower_
        # 15. August 2025  |  15 August 2025
        num = t.text.rstrip(".")
        if num.isdecimal() and 1 <= int(num) <= 31 and i + 1 < n and T[i + 1].lower_ in months:
            month = months[T[i + 1].lower_]
            year = year_at(i + 2) or (day.year if day else None)
            end = i + 3 if year_at(i + 2) else i + 2
            if year:
                with suppress(ValueError):  # no such day ("31. Februar")
                    found.append(DateMention(i, end, dt.date(year, month, int(num)), "day"))
            i = end
            continue
        # August 15, 2025  |  Aug. 15
        if (
            low in months
            and i + 1 < n
            and T[i + 1].text.rstrip(".").isdecimal()
            and 1 <= int(T[i + 1].text.rstrip(".")) <= 31
        ):
            month = months[low]
            k = i + 2
            if k < n and T[k].text == ",":
                k += 1
            year = year_at(k)
            end = k + 1 if year else i + 2
            year = year or (day.year if day else None)
            if year:
                with suppress(ValueError):  # no such day ("February 31")
                    found.append(
                        DateMention(
                            i, end, dt.date(year, month, int(T[i + 1].text.rstrip("."))), "day"
                        )
                    )
            i = end
            continue
        if day is not None:
            if low in weekdays:
                prev = T[i - 1].lower_ if i > 0 else ""
                delta = (day.weekday() - weekdays[low]) % 7
                ahead = prev in (
                    "next",
                    "kommenden",
                    "nächsten",
                    "kommende",
                    "nächste",
                    "coming",
                ) or (
                    delta and _near(T, i, future, before=8, after=4)  # "will meet on Sunday"
                )
                if ahead:
                    delta = -((weekdays[low] - day.weekday()) % 7 or 7)
                found.append(DateMention(i, i + 1, day - dt.timedelta(days=delta), "day"))
            elif low in today:
                found.append(DateMention(i, i + 1, day, "day"))
            elif low in yesterday:
                found.append(DateMention(i, i + 1, day - dt.timedelta(days=1), "day"))
            elif low in tomorrow and not (lex.lang == "de" and _morning(T, i)):
                found.append(DateMention(i, i + 1, day + dt.timedelta(days=1), "day"))
        i += 1
    return found


_DETERMINERS = frozenset(
    [
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "the",
        "a",
        "an",
        "ein",
        "einem",
        "einen",
        "eines",
        "dieser",
        "diesem",
        "dieses",
        "this",
        "that",
    ]
)


def _nearness(date: dt.date, day: dt.date) -> tuple[int, bool]:
    """How far a date lies from the article's day; of two as far, the one before it is nearer
    (reports look back on what happened more often than ahead)."""
    return abs((date - day).days), date > day


def _relative_year(T: list[Tok], i: int, start: int, end: int, lex: Lexicon, day: dt.date) -> int:
    """-1 or +1 when the clause around an event noun says "last year" / "im kommenden Jahr"
    ("Im vergangenen Jahr hatte Indien den Gipfel ausgerichtet"), or names a month of another
    year ("last October" in May: the October of the year before), else 0."""
    previous, following = lex.words("dates", "previous"), lex.words("dates", "following")
    years = lex.words("dates", "year_words")
    months = lex.table("dates", "months")
    for k in range(max(start, i - 8), min(end - 1, i + 8)):
        low = T[k].lower_
        if low == "vorjahr":
            return -1
        nxt = T[k + 1].lower_
        if nxt in years:
            if low in previous:
                return -1
            if low in following:
                return 1
        if nxt in months and not (k + 2 < end and T[k + 2].like_num):
            if low in previous and months[nxt] >= day.month:
                return -1  # "last October", "im vergangenen Oktober"
            if low in following and months[nxt] <= day.month:
                return 1  # "next March"
    return 0


def _earlier_period(T: list[Tok], i: int, start: int, end: int, lex: Lexicon) -> bool:
    """The clause around an event noun dates it to an earlier week or month ("last week",
    "vergangene Woche", "in der Vorwoche", "two weeks ago", "vor zwei Wochen")."""
    previous, periods = lex.words("dates", "previous"), lex.words("dates", "periods")
    single = lex.words("dates", "previous_periods")
    for k in range(max(start, i - 8), min(end, i + 8)):
        low = T[k].lower_
        if low in single:
            return True
        if (
            k + 1 < end
            and T[k + 1].lower_ in periods
            and (
                low in previous
                or (k + 2 < end and T[k + 2].lower_ == "ago")
                or (k > start and T[k - 1].lower_ == "vor" and T[k].like_num)
            )
        ):
            return True
        if low == "vor" and k + 2 < end and T[k + 1].like_num and T[k + 2].lower_ in periods:
            return True
    return False


def _relative_prep(T: list[Tok], i: int, start: int, preps: frozenset[str]) -> int | None:
    """The position of the temporal preposition whose object is the event noun at ``i``
    ("after the summit", "nach dem Gipfel", "ahead of the talks"), or None."""
    k = i - 1
    skipped = 0
    while (
        k >= start
        and skipped < 3
        and (
            T[k].lower_ in _DETERMINERS
            or T[k].text[:1].isupper()
            or (
                T[k].is_lower
                and T[k].lower_.endswith(("en", "em", "er", "es"))
                and T[k].lower_ not in preps
            )
        )
    ):
        k -= 1
        skipped += 1
    if k < start:
        return None
    if T[k].lower_ == "of" and k > start and T[k - 1].lower_ in preps:
        return k - 1  # ahead of
    return k if T[k].lower_ in preps else None


def _dated_relative_to(T: list[Tok], i: int, start: int, preps: frozenset[str]) -> bool:
    """The event noun at ``i`` is the object of a temporal preposition ("after the summit",
    "nach dem Gipfel", "ahead of the talks"): the sentence dates something else relative to it."""
    return _relative_prep(T, i, start, preps) is not None


def _distance_date(
    T: list[Tok], i: int, start: int, lex: Lexicon, day: dt.date | None
) -> dt.date | None:
    """The day of an event noun at ``i`` that the sentence places at a distance from the
    article's day: "five days after the summit" (the summit was five days before it), "zwei
    Wochen vor dem Gipfel" (two weeks after it). The distance is counted from the article's
    day, the present of a report."""
    if day is None:
        return None
    k = _relative_prep(T, i, start, lex.words("dates", "event_time_preps"))
    if k is None or k - 2 < start:
        return None
    if T[k].lower_ in lex.words("dates", "distance_after"):
        sign = -1
    elif T[k].lower_ in lex.words("dates", "distance_before"):
        sign = 1
    else:
        return None
    units = lex.table("dates", "distance_units")
    numbers = lex.table("dates", "numbers")
    unit, count = T[k - 1].lower_, T[k - 2].lower_
    if unit not in units:
        return None
    if count.isdecimal() and 0 < int(count) <= 366:
        n = int(count)
    elif count in numbers:
        n = numbers[count]
    else:
        return None
    return day + dt.timedelta(days=sign * n * units[unit])


# lower-case words that continue a noun phrase after an event noun ("talks between X and Y in Z")
_NP_WORDS = frozenset(
    [
        "von",
        "vom",
        "zwischen",
        "und",
        "mit",
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "zum",
        "zur",
        "beider",
        "beiden",
        "of",
        "between",
        "and",
        "with",
        "the",
        "a",
        "an",
        "his",
        "her",
        "their",
        "its",
    ]
)


def _noun_phrase(T: list[Tok], end: int, limit: int, lex: Lexicon, named: set[int]) -> range:
    """Positions after an event noun up to the end of its noun phrase (at most 14 tokens): names,
    titles, role words, articles, "von/zwischen/und/of/between/and", German adjectives before a
    noun ("dem russischen Präsidenten"), and a place preposition with its place. Any other noun
    ends it ("der Besuch von der Entlassung des Botschafters in Washington")."""
    preps = lex.words("place_preps")
    k = end
    stop = min(limit, end + 14)
    while k < stop:
        t = T[k]
        low = t.lower_
        if t.is_punct:
            break
        if (
            k in named
            or low in _NP_WORDS
            or low in preps
            or low in lex.roles
            or low in lex.titles
            or (
                t.text[:1].isupper()
                and "-" in t.text
                and t.text.rpartition("-")[2].lower() in lex.roles
            )
        ):
            k += 1  # "US-Präsident", "Vizepräsident JD Vance"
            continue
        if (
            t.is_lower
            and lex.lang == "de"
            and low.endswith(("en", "em", "er", "es", "e"))
            and k + 1 < stop
            and (k + 1 in named or T[k + 1].lower_ in lex.roles)
        ):
            k += 1  # an adjective before its noun
            continue
        break
    # the first four words in any case, as they always were ("Gipfel am Montag in Osaka")
    return range(end, max(k, min(limit, end + 4)))


def _near(T: list[Tok], i: int, words: frozenset[str], *, before: int, after: int) -> bool:
    """One of ``words`` within ``before`` tokens before or ``after`` tokens after ``i``, not
    across a sentence end."""
    for k in range(i - 1, max(-1, i - before - 1), -1):
        if T[k].text in (".", "!", "?"):
            break
        if T[k].lower_ in words:
            return True
    for k in range(i + 1, min(len(T), i + after + 1)):
        if T[k].text in (".", "!", "?"):
            break
        if T[k].lower_ in words:
            return True
    return False


def _morning(T: list[Tok], i: int) -> bool:
    """German "morgen" as "morning" ("am Morgen", "heute Morgen", "jeden Morgen"), not
    "tomorrow"."""
    return T[i].text == "Morgen" or (
        i > 0 and T[i - 1].lower_ in ("am", "heute", "gestern", "jeden", "den", "dem", "der")
    )


def _event_kind(T: list[Tok], i: int, lex: Lexicon) -> tuple[str | None, str | None, int]:
    """Kind of the event noun at token i, a compound prefix ("G20" of "G20-Gipfel"), span end."""
    token = T[i]
    if lex.lang == "en":
        low = token.lower_
        if low in lex.event_phrase_starts and i + 2 <= len(T):
            phrase = f"{low} {T[i + 1].lower_}"
            if phrase in lex.events:
                return lex.events[phrase], None, i + 2
        if low in lex.events:
            return lex.events[low], None, i + 1
        return None, None, i + 1
    low = token.lower_
    if low in lex.events:
        return lex.events[low], None, i + 1
    if token.text[:1].isupper() and "-" not in low:
        for head in COMPOUND_HEADS:
            if low.endswith(head) and len(low) > len(head) + 3:
                return lex.events[head], None, i + 1
    if "-" in token.text:
        prefix, _, head = token.text.rpartition("-")
        if head.lower() in lex.events:
            return lex.events[head.lower()], prefix, i + 1
    return None, None, i + 1


def _series(
    prefix: str | None, ent_at: dict[int, Ent], i: int, kb: KnowledgeBase
) -> tuple[str | None, str | None]:
    """Organisation (series) or place named before an event noun: "G20-Gipfel", "NATO summit"."""
    candidates: list[str] = []
    if prefix:
        candidates.extend(
            sorted(kb.names.get(prefix, ())) or sorted(kb.names.get(prefix.upper(), ()))
        )
    else:
        ent = ent_at.get(i - 1)
        if ent is not None and ent.end == i:
            candidates.append(ent.ent_id_)
    for entity_id in candidates:
        entry = kb.get(entity_id)
        if entry is None:
            continue
        if entry.type == "Organization":
            return entity_id, None
        if entry.type == "Place":
            return None, entity_id
    return None, None


def find_events(
    doc: Doc,
    kb: KnowledgeBase,
    lex: Lexicon,
    *,
    article_id: str,
    day: dt.date | None,
    dates: list[DateMention],
) -> tuple[dict[str, Event], list[EventMention], str | None]:
    """Event nodes of an article, their mentions and the article's own (main) event.

    Mentions naming a series ("G20-Gipfel 2019") or another year become events of their own;
    the other mentions ("der Gipfel", "the talks") are the article's main event, split by place
    when the text names different places.
    """
    events: dict[str, Event] = {}
    mentions: list[EventMention] = []
    relative_sents: set[int] = set()  # sentences dating something relative to an event
    T = token_table(doc)
    ent_at = entity_index(doc)
    place_preps = lex.words("place_preps")
    time_preps = lex.words("dates", "event_time_preps")
    in_names = {k for e in ent_at.values() for k in range(e.start, e.end)}  # positions inside names
    # four-digit years, found once for the whole Doc
    year_at = [t.i for t in T if len(t.text) == 4 and _YEAR.match(t.text)]
    sents = list(doc.sents)
    sent_starts = [sent.start for sent in sents]
    main_id: str | None = None
    series_events: dict[tuple[str, int | None], str] = {}  # (series, year) -> first event id
    label_words = KIND_LABEL["en"]
    events_lex = lex.events
    if lex.lang == "en":
        starts = lex.event_phrase_starts
        candidates = [t.i for t in T if t.lower_ in events_lex or t.lower_ in starts]
    else:  # the words _event_kind can take
        candidates = [
            t.i
            for t in T
            if t.lower_ in events_lex or "-" in t.text or t.lower_.endswith(COMPOUND_HEADS)
        ]
    i = 0
    for k in candidates:
        if k < i:
            continue  # inside the event mention before
        i = k
        kind, prefix, end = _event_kind(T, i, lex)
        if kind is None:
            continue
        sent_n = bisect_right(sent_starts, i) - 1
        sent = sents[sent_n]
        series, place = _series(prefix, ent_at, i, kb)
        named = None
        if (
            series is None
            and end + 1 < sent.end
            and T[end].lower_ in ("der", "des", "of")
            and kind in ("Summit", "Conference")
        ):
            k = end + 1 + (1 if T[end + 1].lower_ == "the" else 0)
            j = k
            while j < sent.end and (T[j].text[:1].isupper() or T[j].text == "-") and j - k < 6:
                j += 1
            ent = ent_at.get(k)
            if j > k and (
                T[k].lower_ in lex.roles
                or T[k].lower_ in lex.plural_heads
                or T[k].lower_ in lex.titles
            ):
                # "das Gipfeltreffen der Präsidenten Macron und Lula": its participants, not its
                # name
                pass
            elif j > k and (ent is None or ent.label_ == "Organization"):
                if ent is not None and ent.start == k:
                    series = ent.ent_id_
                elif ent is None:
                    named = doc[k:j].text
        # place after the noun: "Gipfel in Osaka", "summit in Anchorage", and at the end of the
        # noun phrase: "Gipfeltreffen von US-Präsident Joe Biden und dem russischen Präsidenten
        # Wladimir Putin in Genf", "the talks between Biden and Xi at Filoli"
        for k in _noun_phrase(T, end, sent.end, lex, in_names):
            ent = ent_at.get(k)
            if (
                ent is not None
                and ent.label_ in ("Place", "State")
                and T[k - 1].lower_ in place_preps
            ):
                entry = kb.get(ent.ent_id_)
                place = entry.id if entry is not None and entry.type == "State" else ent.ent_id_
                break
        years = [
            int(T[k].text)
            for k in year_at
            if sent.start <= k < sent.end
            and abs(k - i) <= 8
            and not (
                k > 0
                and T[k - 1].lower_
                in ("since", "seit", "until", "bis", "before", "vor", "after", "nach")
            )
        ]
        earlier = False
        if not years and day is not None:
            shift = _relative_year(
                T, i, sent.start, sent.end, lex, day
            )  # "im vergangenen Jahr", "next year"
            if shift:
                years = [day.year + shift]
            else:
                earlier = _earlier_period(
                    T, i, sent.start, sent.end, lex
                )  # "in der Vorwoche", "last week"
        year = years[0] if years else (day.year if day else None)
        other_year = bool(years) and day is not None and years[0] != day.year
        day_dates = [d for d in dates if sent.start <= d.start < sent.end and d.precision == "day"]
        if _dated_relative_to(T, i, sent.start, time_preps):
            # "after the summit, X flew on to Doha on Wednesday": not the summit's day
            day_dates = []
            relative_sents.add(sent.start)
        distance = _distance_date(T, i, sent.start, lex, day)
        if distance is not None:
            day_dates = [DateMention(i, i + 1, distance, "day")]  # "five days after the summit"
        if named:
            event_id = f"event/{slugify(named)}-{kind.lower()}-{year or 'x'}"
            label = f"{named} {label_words[kind]} {year or ''}".strip()
        elif series:
            entry = kb.get(series)
            name = entry.name if entry else series
            # "the G7 meeting" in an article about the G7 summit is that summit
            same = series_events.get((series, year))
            if same is not None and {kind, events[same].kind} <= {"Summit", "Meeting"}:
                event_id, label = same, events[same].label
            else:
                event_id = f"event/{slugify(name)}-{kind.lower()}-{year or 'x'}"
                label = f"{name} {label_words[kind]} {year or ''}".strip()
                series_events.setdefault((series, year), event_id)
        elif earlier and series is None:
            # an earlier occasion, not the article's own event ("war erst in der Vorwoche zu
            # Gesprächen in Washington")
            event_id = f"event/{article_id}-earlier-{kind.lower()}"
            label = f"{label_words[kind].capitalize()} (earlier)"
        elif other_year:
            place_name = kb_entry.name if place and (kb_entry := kb.get(place)) else ""
            event_id = (
                f"event/{kind.lower()}-{slugify(place_name) if place_name else article_id}-{year}"
            )
            where = ("in " + place_name) if place_name else ""
            label = f"{label_words[kind].capitalize()} {where} {year}".replace("  ", " ")
        else:
            if main_id is None:
                main_id = f"event/{article_id}"
            event_id = main_id
            main = events.get(main_id)
            if (
                place
                and main is not None
                and main.place
                and main.place != place
                and kind in ("Summit", "Talks", "StateVisit", "Conference")
            ):
                # the same kind of event at another place: a separate event
                place_name = kb_entry.name if (kb_entry := kb.get(place)) else place
                event_id = f"event/{article_id}-{slugify(place_name)}"
            label = ""
        event = events.get(event_id)
        if event is None:
            event = Event(
                id=event_id,
                kind=kind,
                label=label,
                series=series,
                earlier=earlier and series is None,
            )
            events[event_id] = event
        if years and event.year is None:
            event.year = years[0]
        if KIND_RANK.get(kind, 0) > KIND_RANK.get(event.kind, 0):
            event.kind = kind
        if place and not event.place:
            event.place = place
        if day_dates and (
            event.date is None
            or (
                day is not None
                and event_id.startswith(f"event/{article_id}")
                and _nearness(day_dates[0].date, day) < _nearness(event.date, day)
            )
        ):
            # the article's own event: the date nearest the article's, not that of a sentence
            # looking back ("had spoken by phone on Wednesday")
            event.date, event.date_precision = day_dates[0].date, "day"
        event.surface_forms.add(span_text(doc, i, end))
        mentions.append(EventMention(i, end, event_id, sent_n))
        i = end
    main_id = _series_as_main(events, mentions, main_id, article_id, day)
    if main_id is not None and main_id in events and day is not None:
        _date_from_lead(events[main_id], doc, dates, day, relative_sents)
    # the dateline's city ("GENF (dpa) -", "BUSAN, South Korea, Oct 30 -") places the main event
    if main_id is not None and main_id in events and not events[main_id].place:
        events[main_id].place = _dateline_place(doc)
    # labels and dates of the main events
    for event in events.values():
        if (
            event.date is None
            and event.id.startswith(f"event/{article_id}")
            and day is not None
            and not event.earlier
        ):
            event.date, event.date_precision, event.date_source = day, "day", "article"
        if not event.label:
            place_name = kb_entry.name if event.place and (kb_entry := kb.get(event.place)) else ""
            on = event.date.year if event.date else (day.year if day else "")
            where = f" in {place_name}" if place_name else ""
            event.label = f"{label_words[event.kind].capitalize()}{where} {on}".strip()
    return events, mentions, main_id if main_id in events else None


def _series_as_main(
    events: dict[str, Event],
    mentions: list[EventMention],
    main_id: str | None,
    article_id: str,
    day: dt.date | None,
) -> str | None:
    """A summit of a series named in the article's first two sentences, in the article's year
    ("hosted the leaders ... for his last summit of the Quad"), is the article's own summit: the
    later "the summit" mentions are that event, not a second one."""
    if main_id is None or main_id not in events or day is None:
        return main_id
    main = events[main_id]
    first = next((m for m in mentions if m.event_id != main_id and m.sent <= 1), None)
    if first is None or first.event_id.startswith(f"event/{article_id}"):
        return main_id
    series = events[first.event_id]
    if (
        series.kind != main.kind
        or series.kind not in ("Summit", "Conference")
        or not first.event_id.endswith(f"-{day.year}")
    ):
        return main_id
    if main.place and series.place and main.place != series.place:
        return main_id
    for m in mentions:
        if m.event_id == main_id:
            m.event_id = series.id
    series.surface_forms |= main.surface_forms
    series.participants |= main.participants
    series.place = series.place or main.place
    if series.date is None:
        if main.date:
            series.date, series.date_precision, series.date_source = (
                main.date,
                main.date_precision,
                main.date_source,
            )
        else:
            series.date, series.date_precision, series.date_source = day, "day", "article"
    del events[main_id]
    return series.id


def _date_from_lead(
    event: Event, doc: Doc, dates: list[DateMention], day: dt.date, relative: set[int]
) -> None:
    """The lead sentence says when the article's own event took place ("Putin told Erdogan on
    Monday ..."), even without naming it: its day competes with those of the sentences that do
    name the event (the one nearest the article's date wins). A lead that dates something
    relative to an event ("five days after the summit, the ambassador returned on Sunday")
    does not date the event (``relative``: starts of such sentences)."""
    lead = next((s for s in doc.sents if s.text.strip()), None)
    if lead is None or lead.start in relative:
        return
    found = [d for d in dates if lead.start <= d.start < lead.end and d.precision == "day"]
    if found and (event.date is None or _nearness(found[0].date, day) < _nearness(event.date, day)):
        event.date, event.date_precision, event.date_source = found[0].date, "day", "text"


def _dateline_place(doc: Doc) -> str | None:
    for sent in doc.sents:
        if not sent.text.strip():
            continue
        head = sent[:10]
        if not any(t.text in ("-", "–", "—", "(") for t in head):
            return None
        for ent in sent.ents:
            if ent.start - sent.start < 8 and ent.label_ == "Place":
                return ent.ent_id_
        return None
    return None
