"""The relation component: sentence views of a resolved Doc, the rules run over them, and the
records (entities, events, relations) of one article."""

from __future__ import annotations

import hashlib
from bisect import bisect_left

from spacy.tokens import Doc

from diplograph.kb import KnowledgeBase, load_kb
from diplograph.nlp.lexicon import load_lexicon
from diplograph.nlp.mentions import Mention
from diplograph.nlp.tokens import Tok, entities, token_table
from diplograph.nlp.transliteration import english_spelling
from diplograph.records import Article, Entity, Event, Evidence, Extraction, Relation
from diplograph.relations.persons import unify_persons
from diplograph.relations.rules import Actor, RuleSet, SentenceView

__all__ = ["RelationExtractor"]

STATE_PREPS = frozenset(
    [
        "in",
        "im",
        "nach",
        "aus",
        "gegen",
        "über",
        "für",
        "vor",
        "zwischen",
        "into",
        "in",
        "to",
        "from",
        "against",
        "about",
        "for",
        "on",
        "over",
        "across",
        "within",
        "throughout",
        "at",
    ]
)


ARTICLES = frozenset(["der", "die", "das", "den", "dem", "des", "the"])


def _dateline_end(sent, T: list[Tok]) -> int:
    """End of a dateline at the start of a sentence ("GENEVA, June 16 (Reuters) -", "Riad (dpa)
    -")."""
    for token in T[sent.start : min(sent.end, sent.start + 14)]:
        if token.text in ("-", "–", "—") and token.i > sent.start:
            before = T[sent.start : token.i]
            if (
                any(t.text in ("(", ")") for t in before)
                or sent.doc[sent.start : token.i].text.replace(",", "").replace(" ", "").isupper()
            ):
                return token.i + 1
    return sent.start


# nouns after a person's name that make the name a modifier ("the Biden administration")
OWNED_NOUNS = frozenset(["administration", "government", "regierung", "camp", "team", "lager"])
# role nouns whose complement names whom they serve ("adviser to X", "envoy of X", "Berater von X")
ROLE_HEADS = frozenset(
    [
        "adviser",
        "advisor",
        "aide",
        "envoy",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "deputy",
        "chief",
        "secretary",
        "representative",
        "ambassador",
        "berater",
        "beraterin",
        "sprecher",
        "sprecherin",
        "gesandter",
        "gesandte",
        "stellvertreter",
        "botschafter",
    ]
)
# words after "said X" that make X the subject of what was said, not the speaker
COMPLEMENT_STARTS = frozenset(
    [
        "and",
        "und",
        "had",
        "has",
        "have",
        "was",
        "were",
        "would",
        "will",
        "is",
        "are",
        "could",
        "should",
        "might",
        "must",
        "can",
        "hatte",
        "habe",
        "hat",
        "sei",
        "seien",
        "werde",
        "würde",
        "wolle",
        "könne",
    ]
)


class RelationExtractor:
    """spaCy component: sets ``doc._.relations`` (Relation records, objects of REPORTS and
    PROPOSES still empty: they are minted per article in :func:`extraction`)."""

    def __init__(self, lang: str) -> None:
        self.kb = load_kb()
        self.rules = RuleSet(load_lexicon(lang), self.kb)

    def _complement_of_role(self, T: list, start: int, sent_start: int) -> bool:
        """The person at ``start`` follows "<role> to/of/von/des" (with titles and articles
        between): "national security adviser to Prime Minister Abiy Ahmed", "Berater von Kanzler
        Scholz"."""
        k = start - 1
        while (
            k > sent_start
            and (T[k].text[:1].isupper() or T[k].lower_ in ("the", "der", "dem", "des"))
            and start - k < 5
        ):
            k -= 1  # titles and articles before the name
        if k <= sent_start or T[k].lower_ not in ("to", "of", "von", "des"):
            return False
        between = " ".join(
            T[j].lower_
            for j in range(k + 1, start)
            if T[j].lower_ not in ("the", "der", "dem", "des")
        )
        roles = self.rules.lex.roles
        if not between or not (
            between in roles
            or between.rpartition(" ")[2] in roles
            or between.rpartition("-")[2] in roles
        ):
            return False  # "Secretary of State X", "Ambassador to Thailand X": X holds the title
        head = T[k - 1].lower_
        return head in ROLE_HEADS or head.endswith(
            ("berater", "beraterin", "sprecher", "sprecherin", "gesandter", "gesandte")
        )

    def _german_genitive(self, T: list[Tok], m: Mention, sent_end: int) -> bool:
        """A German name in the genitive before the noun it qualifies ("Melonis engster Vertrauter",
        "Putins Berater"): the person owns someone else, as "Meloni's" does; not before a meeting or
        an event ("Putins Treffen mit Trump" is his)."""
        if self.rules.lang != "de" or m.end >= sent_end or not m.text.endswith("s"):
            return False
        base = m.text[:-1]
        if not any(
            i in self.kb.names.get(base, ()) or i in self.kb.surnames.get(base, ()) for i in m.ids
        ):
            return False  # "Tsipras": the name itself ends in s
        occasions = self.rules.meet_words
        if m.start > 0 and (
            T[m.start - 1].lower_ in occasions or T[m.start - 1].lower_ in self.rules.lex.events
        ):
            return False  # after its noun: "die fünfte Begegnung Witkoffs mit Putin" is his
        nxt = T[m.end]
        if not nxt.is_alpha or nxt.lower_ in occasions or nxt.lower_ in self.rules.lex.events:
            return False
        # before a noun ("Putins Berater") or its adjective ("Melonis engster Vertrauter")
        return nxt.text[:1].isupper() or nxt.lower_.endswith(("e", "en", "er", "es", "em"))

    def views(self, doc: Doc) -> list[SentenceView]:
        mentions: list[Mention] = [m for m in (doc._.mentions or []) if m.ids]
        speech = self.rules.speech_verbs
        event_mentions = doc._.event_mentions or []
        dates = doc._.dates or []
        doc_text = doc._.source_text or doc.text  # Doc.text joins every token's text
        T = token_table(doc)
        doc_ents = entities(doc)
        ent_starts = [e.start for e in doc_ents]
        views = []
        mentions.sort(key=lambda m: m.start)
        starts = [m.start for m in mentions]
        for n, sent in enumerate(doc.sents):
            text = doc_text[sent.start_char : sent.end_char]
            stripped = text.rstrip()
            lead = len(text) - len(text.lstrip())
            start_char = sent.start_char + lead
            end_char = sent.start_char + len(stripped)
            if end_char <= start_char:
                continue
            evidence = Evidence(doc_text[start_char:end_char], start_char, end_char)
            actors: list[Actor] = []
            outlets: list[Actor] = []
            dateline_end = _dateline_end(sent, T)
            for m in mentions[
                bisect_left(starts, max(sent.start, dateline_end)) : bisect_left(starts, sent.end)
            ]:
                before = m.start - 1
                while before > sent.start and T[before].lower_ in ARTICLES:
                    before -= 1
                if (
                    m.type == "State"
                    and not m.delegation
                    and before >= sent.start
                    and T[before].lower_ in STATE_PREPS
                ):
                    continue  # "gegen die Ukraine", "in Saudi-Arabien": not an actor here
                prev = T[m.start - 1].lower_ if m.start > sent.start else ""
                if m.kind == "role" and prev in ("als", "as") and m.type == "Person":
                    # "der als Chefdiplomat ...", "as secretary of state": says what someone is
                    continue
                if prev in ("ohne", "without"):
                    continue  # "reisten ohne ihn": the one who was not there
                prev2 = T[m.start - 2].text if m.start - 1 > sent.start else ""
                nxt = T[m.end].lower_ if m.end < sent.end else ""
                nxt2 = T[m.end + 1].lower_ if m.end + 1 < sent.end else ""
                # "X said", "X, adding", ", said X", "“...,” sagte X" (not "Trump said he ...")
                speaker = (
                    (nxt in speech)
                    or (nxt == "," and nxt2 in speech)
                    or (
                        prev in speech
                        and prev2 in (",", '"', "“", "”", "«", "»", "'", "’")
                        and nxt
                        # "X, for his part, said Turkey and the U.N. had ..."
                        not in COMPLEMENT_STARTS
                    )
                )
                # "Trump's envoy", "Macron's invitation": the person owns something, is not in the
                # clause's meeting ("Trump's meeting with Putin" is his)
                possessor = (
                    m.type == "Person"
                    and nxt in ("'s", "’s")
                    and m.end + 1 < sent.end
                    and T[m.end + 1].lower_ not in self.rules.meet_words
                    and T[m.end + 1].lower_ not in self.rules.lex.events
                )
                # "the outgoing Biden administration", "adviser to Prime Minister Abiy", "Berater
                # von Kanzler Scholz": the person qualifies someone else, who acts
                possessor = (
                    possessor
                    or (m.type == "Person" and nxt in OWNED_NOUNS)
                    or (m.type == "Person" and self._complement_of_role(T, m.start, sent.start))
                    or (m.type == "Person" and self._german_genitive(T, m, sent.end))
                )
                if m.type == "NewsOrganization":
                    outlets.append(Actor(m.start, m.end, m.ids, m.type))
                elif m.type in ("Person", "State", "Organization", "GovernmentBody"):
                    actors.append(
                        Actor(
                            m.start,
                            m.end,
                            m.ids,
                            m.type or "",
                            m.delegation,
                            speaker,
                            possessor,
                            objective=m.kind == "object_pronoun",
                        )
                    )
            view = SentenceView(
                span=sent,
                index=n,
                evidence=evidence,
                actors=actors,
                outlets=outlets,
                events=[e for e in event_mentions if sent.start <= e.start < sent.end],
                toks=T,
                dates=[d for d in dates if sent.start <= d.start < sent.end],
                doc_ents=doc_ents,
                ents=[
                    e
                    for e in doc_ents[
                        bisect_left(ent_starts, sent.start) : bisect_left(ent_starts, sent.end)
                    ]
                    if e.end <= sent.end
                ],
            )
            view.dateline_end = dateline_end
            view.lang = self.rules.lang
            views.append(view)
        return views

    def __call__(self, doc: Doc) -> Doc:
        events: dict[str, Event] = doc._.events or {}
        main_event = doc._.main_event or next(iter(events), None)
        relations: list[Relation] = []
        last_outlet: str | None = None
        previous_proposals: list[Relation] = []
        previous_reports: list[Relation] = []
        said: dict[str, set[str]] = {}  # event id -> modalities of the clauses that name it
        named_in: dict[str, list[SentenceView]] = {}  # event id -> sentences that name it
        for view in self.views(doc):
            for ev in view.events:
                said.setdefault(ev.event_id, set()).add(self.rules.modality_of(view, ev.start))
                named_in.setdefault(ev.event_id, []).append(view)
            meetings = list(self.rules.meets(view))
            relations.extend(meetings)
            attends: dict[tuple[str, str], Relation] = {}
            for rel in self.rules.attends(view, main_event, events, meetings):
                attends.setdefault((rel.subject, rel.object), rel)
            relations.extend(attends.values())
            reports = list(self.rules.reports(view, last_outlet, continued=bool(previous_reports)))
            relations.extend(reports)
            previous_reports = reports
            if view.outlets:
                last_outlet = view.outlets[-1].ids[0]
            proposals = list(self.rules.proposes(view, previous_proposals))
            relations.extend(proposals)
            previous_proposals = proposals
            for ev in view.events:
                event = events.get(ev.event_id)
                if event is None:
                    continue
                for rel in relations:
                    if rel.kind == "MEETS" and rel.evidence == view.evidence:
                        event.participants.update((rel.subject, rel.object))
        for event_id, event in events.items():
            event.status = event_status(said.get(event_id, set()), event, doc._.article_date)
            if event.status != "happened":
                # who was to meet at a summit that was called off, planned or only imagined: its
                # would-be participants (nobody attends it, see extraction())
                for view in named_in.get(event_id, ()):
                    event.participants.update(
                        pid
                        for a in view.actors
                        if a.type == "Person" and not a.possessor
                        for pid in a.ids
                    )
        doc._.relations = relations
        return doc


_MODALITY_STATUS = {
    "cancelled": "cancelled",
    "denied": "denied",
    "negated": "denied",
    "hypothetical": "hypothetical",
    "planned": "planned",
}


def event_status(modalities: set[str], event: Event, published) -> str:
    """What the article says of an event: happened (or, dated after the article, planned) when
    one clause that names it asserts it; otherwise what its clauses say (called off, denied,
    only imagined, planned). A phone call names no event that did not happen."""
    if not modalities or modalities & {"asserted", "phone", "reported"}:
        if event.date_source == "text" and event.date and published and event.date > published:
            return "planned"
        return "happened"
    for modality in ("cancelled", "denied", "negated", "planned", "hypothetical"):
        if modality in modalities:
            return _MODALITY_STATUS[modality]
    return "happened"


def _short_hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def extraction(doc: Doc, article: Article, kb: KnowledgeBase | None = None) -> Extraction:
    """The records of one article: entities seen, events, relations with offsets into the
    article text as read (header included)."""
    kb = kb or load_kb()
    lang = article.lang
    offset = article.body_start
    entities: dict[str, Entity] = {}
    events: dict[str, Event] = doc._.events or {}

    def entity(entity_id: str, surface: str | None, etype: str | None = None) -> Entity | None:
        ent = entities.get(entity_id)
        if ent is None:
            entry = kb.get(entity_id)
            if entry is not None:
                labels = {"en": entry.name}
                if entry.de:
                    labels["de"] = entry.de
                ent = Entity(entity_id, entry.type, entry.name, "en", labels, set(), entry.wikidata)
            elif surface:
                ent = Entity(
                    entity_id,
                    etype or ("Person" if entity_id.startswith("person/") else "Organization"),
                    surface,
                    lang,
                    {lang: surface},
                    set(),
                )
                english = (
                    english_spelling(surface)
                    if lang == "de" and entity_id.startswith("person/")
                    else None
                )
                if english:
                    ent.surface_forms.add(english)  # "Michail Galusin" is also "Mikhail Galuzin"
            else:
                return None
            entities[entity_id] = ent
        if surface and surface not in ent.labels.values():
            ent.surface_forms.add(surface)
        return ent

    for m in doc._.mentions or []:
        if not m.ids:
            continue
        surface = (
            m.new_name
            if m.kind == "unknown"
            else (m.text if m.kind in ("name", "surname", "metonym") else None)
        )
        if m.kind == "name" and m.delegation:
            surface = None
        for entity_id in m.ids:
            entity(
                entity_id,
                surface if len(m.ids) == 1 else None,
                m.type if m.kind == "unknown" else None,
            )
    for event in events.values():
        if event.place:
            entity(event.place, None)

    relations: list[Relation] = []
    unreal = {k for k, e in events.items() if e.status in ("cancelled", "denied", "hypothetical")}
    for rel in doc._.relations or []:
        if rel.kind == "ATTENDS" and rel.object in unreal:
            continue  # nobody attends an event that was called off, denied or only imagined
        ev = Evidence(rel.evidence.text, rel.evidence.start + offset, rel.evidence.end + offset)
        if rel.kind in ("MEETS", "ATTENDS", "PROPOSES", "REPORTS"):
            entity(rel.subject, None)
        if rel.kind == "MEETS":
            entity(rel.object, None)
        obj = rel.object
        if rel.kind == "REPORTS":
            obj = f"claim/{article.id}-{_short_hash(rel.subject, str(ev.start))}"
        elif rel.kind == "PROPOSES":
            obj = f"proposal/{article.id}-{_short_hash(rel.subject, str(ev.start))}"
            if rel.addressee:
                entity(rel.addressee, None)
        relations.append(
            Relation(
                rel.kind,
                rel.subject,
                obj,
                ev,
                rel.confidence,
                rel.rule,
                rel.modality,
                rel.addressee,
                rel.object_text or (ev.text if rel.kind == "REPORTS" else None),
            )
        )
    # events keep only participants that are known entities
    for event in events.values():
        event.participants = {p for p in event.participants if p in entities}
    used_events = {r.object for r in relations if r.kind == "ATTENDS"}
    kept = {k: v for k, v in events.items() if k in used_events or v.participants}
    for event in kept.values():
        if len(event.participants) < 2 and event.kind != "StateVisit":
            # a meeting needs two participants; with fewer we only know an event (a visit has
            # its visitor, the host need not be named)
            event.kind = "Event"
    return unify_persons(
        Extraction(article=article, entities=entities, events=kept, relations=relations), kb
    )
