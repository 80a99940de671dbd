"""Event mentions (summits, talks, visits, conferences) grouped into event nodes, and dates
normalised against the article's date."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc

from diplograph.kb import KnowledgeBase
from diplograph.nlp.lexicon import Lexicon
from diplograph.nlp.tokens import Ent, Tok, entity_index, span_text, token_table
from diplograph.reader import slugify
from diplograph.records import Event

KIND_RANK = {"Summit": 5, "StateVisit": 4, "Talks": 3, "Conference": 3, "Meeting": 2, "PressConference": 1}
KIND_LABEL = {
    "en": {"Summit": "summit", "Talks": "talks", "StateVisit": "visit", "Conference": "conference",
           "Meeting": "meeting", "PressConference": "press conference"},
}
COMPOUND_HEADS = ("gipfeltreffen", "gipfel", "treffen", "gespräche", "gesprächen", "verhandlungen", "konferenz", "besuch")
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
    found: list[DateMention] = []
    T = token_table(doc)
    i = 0
    n = len(doc)

    def year_at(k: int) -> int | None:
        if k < n and _YEAR.match(T[k].text):
            return int(T[k].text)
        return None

    date_words = set(months) | set(weekdays) | today | yesterday
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
                try:
                    found.append(DateMention(i, end, dt.date(year, month, int(num)), "day"))
                except ValueError:
                    pass
            i = end
            continue
        # August 15, 2025  |  Aug. 15
        if low in months and i + 1 < n and T[i + 1].text.rstrip(".").isdecimal() and 1 <= int(T[i + 1].text.rstrip(".")) <= 31:
            month = months[low]
            k = i + 2
            if k < n and T[k].text == ",":
                k += 1
            year = year_at(k)
            end = k + 1 if year else i + 2
            year = year or (day.year if day else None)
            if year:
                try:
                    found.append(DateMention(i, end, dt.date(year, month, int(T[i + 1].text.rstrip("."))), "day"))
                except ValueError:
                    pass
            i = end
            continue
        if day is not None:
            if low in weekdays:
                prev = T[i - 1].lower_ if i > 0 else ""
                delta = (day.weekday() - weekdays[low]) % 7
                if prev in ("next", "kommenden", "nächsten", "kommende", "nächste", "coming"):
                    delta = -((weekdays[low] - day.weekday()) % 7 or 7)
                found.append(DateMention(i, i + 1, day - dt.timedelta(days=delta), "day"))
            elif low in today:
                found.append(DateMention(i, i + 1, day, "day"))
            elif low in yesterday:
                found.append(DateMention(i, i + 1, day - dt.timedelta(days=1), "day"))
        i += 1
    return found


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


def _series(prefix: str | None, ent_at: dict[int, Ent], i: int, kb: KnowledgeBase) -> tuple[str | None, str | None]:
    """Organisation (series) or place named before an event noun: "G20-Gipfel", "NATO summit"."""
    candidates: list[str] = []
    if prefix:
        candidates.extend(sorted(kb.names.get(prefix, ())) or sorted(kb.names.get(prefix.upper(), ())))
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
    T = token_table(doc)
    ent_at = entity_index(doc)
    place_preps = lex.words("place_preps")
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
        candidates = [t.i for t in T if t.lower_ in events_lex or "-" in t.text or t.lower_.endswith(COMPOUND_HEADS)]
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
        if series is None and end + 1 < sent.end and T[end].lower_ in ("der", "des", "of") and kind in ("Summit", "Conference"):
            k = end + 1 + (1 if T[end + 1].lower_ == "the" else 0)
            j = k
            while j < sent.end and (T[j].text[:1].isupper() or T[j].text == "-") and j - k < 6:
                j += 1
            ent = ent_at.get(k)
            if j > k and (ent is None or ent.label_ == "Organization"):
                if ent is not None and ent.start == k:
                    series = ent.ent_id_
                elif ent is None:
                    named = doc[k:j].text
        # place after the noun: "Gipfel in Osaka", "summit in Anchorage"
        for k in range(end, min(end + 4, sent.end)):
            ent = ent_at.get(k)
            if ent is not None and ent.label_ in ("Place", "State") and T[k - 1].lower_ in place_preps:
                entry = kb.get(ent.ent_id_)
                place = entry.id if entry is not None and entry.type == "State" else ent.ent_id_
                break
        years = [
            int(T[k].text) for k in year_at
            if sent.start <= k < sent.end and abs(k - i) <= 8
            and not (k > 0 and T[k - 1].lower_ in ("since", "seit", "until", "bis", "before", "vor", "after", "nach"))
        ]
        year = years[0] if years else (day.year if day else None)
        other_year = bool(years) and day is not None and years[0] != day.year
        day_dates = [d for d in dates if sent.start <= d.start < sent.end and d.precision == "day"]
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
        elif other_year:
            place_name = kb.get(place).name if place and kb.get(place) else ""
            event_id = f"event/{kind.lower()}-{slugify(place_name) if place_name else article_id}-{year}"
            label = f"{label_words[kind].capitalize()} {('in ' + place_name) if place_name else ''} {year}".replace("  ", " ")
        else:
            if main_id is None:
                main_id = f"event/{article_id}"
            event_id = main_id
            main = events.get(main_id)
            if place and main is not None and main.place and main.place != place and kind in ("Summit", "Talks", "StateVisit", "Conference"):
                # the same kind of event at another place: a separate event
                place_name = kb.get(place).name if kb.get(place) else place
                event_id = f"event/{article_id}-{slugify(place_name)}"
            label = ""
        event = events.get(event_id)
        if event is None:
            event = Event(id=event_id, kind=kind, label=label, series=series)
            events[event_id] = event
        if years and event.year is None:
            event.year = years[0]
        if KIND_RANK.get(kind, 0) > KIND_RANK.get(event.kind, 0):
            event.kind = kind
        if place and not event.place:
            event.place = place
        if day_dates and (event.date is None or (
            day is not None and event_id.startswith(f"event/{article_id}")
            and abs((day_dates[0].date - day).days) < abs((event.date - day).days)
        )):
            # the article's own event: the date nearest the article's, not that of a sentence
            # looking back ("had spoken by phone on Wednesday")
            event.date, event.date_precision = day_dates[0].date, "day"
        event.surface_forms.add(span_text(doc, i, end))
        mentions.append(EventMention(i, end, event_id, sent_n))
        i = end
    main_id = _series_as_main(events, mentions, main_id, article_id, day)
    # the dateline's city ("GENF (dpa) -", "BUSAN, South Korea, Oct 30 -") places the main event
    if main_id is not None and main_id in events and not events[main_id].place:
        events[main_id].place = _dateline_place(doc)
    # labels and dates of the main events
    for event in events.values():
        if event.date is None and event.id.startswith(f"event/{article_id}") and day is not None:
            event.date, event.date_precision, event.date_source = day, "day", "article"
        if not event.label:
            place_name = kb.get(event.place).name if event.place and kb.get(event.place) else None
            year = event.date.year if event.date else (day.year if day else "")
            where = f" in {place_name}" if place_name else ""
            event.label = f"{label_words[event.kind].capitalize()}{where} {year}".strip()
    return events, mentions, main_id if main_id in events else None


def _series_as_main(
    events: dict[str, Event], mentions: list[EventMention], main_id: str | None, article_id: str, day: dt.date | None
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
    if series.kind != main.kind or series.kind not in ("Summit", "Conference") or not first.event_id.endswith(f"-{day.year}"):
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
            series.date, series.date_precision, series.date_source = main.date, main.date_precision, main.date_source
        else:
            series.date, series.date_precision, series.date_source = day, "day", "article"
    del events[main_id]
    return series.id


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
