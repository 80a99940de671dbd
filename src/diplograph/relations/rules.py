"""Relation rules for German and English: MEETS, ATTENDS, REPORTS, PROPOSES.

The rules work on sentences and clauses of a Doc whose mentions are resolved. Trigger words and
modality cues are language data (``diplograph/lang/<lang>.yaml``); the logic here is shared.
Each extractor is a generator of Relation records.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from spacy.tokens import Span

from diplograph.kb import KnowledgeBase
from diplograph.nlp.events import EventMention
from diplograph.nlp.lexicon import Lexicon
from diplograph.nlp.mentions import POSSESSIVE_PRONOUNS, _prefix_ref
from diplograph.nlp.tokens import Ent, Tok, entities, token_table
from diplograph.records import Event, Evidence, Relation

CLAUSE_STARTERS = {
    "de": frozenset(
        [
            "dass",
            "weil",
            "nachdem",
            "während",
            "als",
            "bevor",
            "obwohl",
            "wobei",
            "sodass",
            "damit",
            "ehe",
            "seitdem",
            "bis",
            "falls",
            "wenn",
            "der",
            "die",
            "das",
            "den",
            "dem",
            "deren",
            "dessen",
            "denen",
            "welche",
            "welcher",
            "welches",
            "wo",
            "um",
        ]
    ),
    "en": frozenset(
        [
            "which",
            "who",
            "whom",
            "whose",
            "that",
            "after",
            "before",
            "while",
            "as",
            "when",
            "where",
            "because",
            "although",
            "though",
            "since",
            "saying",
            "adding",
            "noting",
            "arguing",
            "stressing",
            "warning",
            "insisting",
            "but",
            "whereas",
            "until",
            "unless",
            "if",
        ]
    ),
}
SUBORDINATORS = {  # start a clause even without a comma before them
    "de": frozenset(["weil", "obwohl"]),
    "en": frozenset(["because", "although", "whereas"]),
}
IMPERSONAL = frozenset(["man", "wir", "ich", "we", "i", "you"])
PP_PREPOSITIONS = (
    frozenset(  # not "after"/"before"/"since": also conjunctions ("after Putin proposed")
        [
            "to",
            "with",
            "by",
            "from",
            "for",
            "of",
            "under",
            "during",
            "despite",
            "among",
            "against",
            "between",
            "mit",
            "von",
            "vom",
            "an",
            "zu",
            "für",
            "gegenüber",
            "bei",
            "beim",
            "unter",
            "seit",
            "nach",
            "vor",
            "während",
            "trotz",
            "wegen",
            "neben",
            "zwischen",
        ]
    )
)
DETERMINERS_EN = frozenset(
    ["the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these", "those"]
)
# lower-case words that go on with a German noun phrase ("Treffen mit dem ... in Rom")
PHRASE_WORDS_DE = frozenset(
    [
        "in",
        "im",
        "am",
        "an",
        "auf",
        "mit",
        "von",
        "vom",
        "zwischen",
        "und",
        "der",
        "die",
        "das",
        "dem",
        "den",
        "des",
        "zum",
        "zur",
        "beider",
        "beiden",
    ]
)
SECOND_PERSON_DE = frozenset(
    ["Ihr", "Ihre", "Ihren", "Ihrem", "Ihrer", "Ihres"]
)  # the polite "your", capitalised
FUNCTION_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "for",
        "with",
        "by",
        "and",
        "or",
        "in",
        "on",
        "at",
        "from",
        "as",
        "that",
        "this",
        "these",
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einen",
        "einem",
        "eines",
        "einer",
        "und",
        "oder",
        "von",
        "mit",
        "zu",
        "für",
        "in",
        "im",
        "am",
        "an",
        "auf",
    ]
)
FIRST_PERSON = frozenset(
    ["i", "we", "ich", "wir"]
)  # subjects of a quote that stand for its speaker
QUOTE_MARKS = frozenset(['"', "“", "”", "„", "«", "»", "‚", "‘", "’"])
NAME_PARTICLES = frozenset(
    ["al", "el", "bin", "ibn", "-", "da", "de", "dos", "van", "von"]
)  # "al-Sudani", "bin Salman"
OCCASION_PREPS = frozenset(
    ["at", "during", "bei", "beim", "auf", "während"]
)  # "with X at a meeting"
PRESUPPOSING = frozenset(
    ["bei", "beim", "nach", "während", "after", "during", "following", "at", "amid"]
)
RELATIVES = frozenset(["der", "die", "das", "welcher", "welche", "welches", "who", "which", "that"])
RELATIVE_AFTER_PREP = frozenset(["dem", "der", "denen", "den", "dessen", "deren", "which", "whom"])
BACKED = frozenset(["backed", "brokered", "drafted", "proposed", "sponsored", "authored"])
PLURAL_POSSESSIVES = frozenset(["their", "ihrem", "ihren", "ihrer", "ihres"])
EN_AUXILIARIES = frozenset(
    [
        "do",
        "does",
        "did",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
    ]
)
POSSESSIVE_DETERMINERS = frozenset(
    [
        "his",
        "her",
        "their",
        "its",
        "sein",
        "seine",
        "seinen",
        "seinem",
        "seiner",
        "seines",
        "ihr",
        "ihre",
        "ihren",
        "ihrem",
        "ihrer",
        "ihres",
    ]
)
SUBJECT_PRONOUNS = frozenset(["he", "she", "it", "they", "er", "sie", "es"])
PERIODS = frozenset(
    [
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "woche",
        "wochen",
        "monat",
        "monaten",
        "jahr",
        "jahren",
        "wochenende",
    ]
)
SEQUENCE = frozenset(
    [
        "then",
        "later",
        "afterwards",
        "subsequently",
        "next",
        "dann",
        "danach",
        "anschließend",
        "später",
        "zuvor",
        "vorher",
    ]
)
ARTICLE_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einen",
        "einem",
        "eines",
    ]
)
PARTICIPANT_TYPES = ("Person", "State")
AGENT_TYPES = ("Person", "State", "Organization", "GovernmentBody")


@dataclass
class Actor:
    """A resolved mention seen by the rules."""

    start: int
    end: int
    ids: tuple[str, ...]
    type: str
    delegation: bool = False
    speaker: bool = False
    possessor: bool = (
        False  # "Trump's envoy", "Macron's invitation": not a participant of the clause
    )
    objective: bool = False  # an object pronoun ("him", "ihm"): never the one who proposes


@dataclass
class SentenceView:
    """What the rules need of one sentence."""

    span: Span
    index: int
    evidence: Evidence
    actors: list[Actor]
    outlets: list[Actor]
    events: list[EventMention]
    clauses: list[tuple[int, int]] | None = None  # computed when first needed (clause_of)
    dateline_end: int = 0
    lang: str = "en"
    toks: list[Tok] = field(default_factory=list)  # the whole Doc's token table
    tokens: list[Tok] = field(default_factory=list)  # the sentence's tokens
    words: list[str] = field(default_factory=list)  # ... lower-cased
    wordset: frozenset[str] = frozenset()
    dates: list = field(default_factory=list)  # DateMentions of the sentence
    doc_ents: list[Ent] = field(default_factory=list)  # the Doc's entities
    ents: list[Ent] = field(default_factory=list)  # ... and those of the sentence

    def __post_init__(self) -> None:
        if not self.toks:
            self.toks = token_table(self.span.doc)
        if not self.tokens:
            self.tokens = self.toks[self.span.start : self.span.end]
            self.words = [t.lower_ for t in self.tokens]
            self.wordset = frozenset(self.words)
        if not self.doc_ents:
            self.doc_ents = entities(self.span.doc)
            self.ents = [
                e for e in self.doc_ents if self.span.start <= e.start and e.end <= self.span.end
            ]

    def find(self, words: frozenset[str]) -> list[Tok]:
        """The sentence's tokens whose lower-cased form is one of ``words``."""
        if self.wordset.isdisjoint(words):
            return []
        return [t for t in self.tokens if t.lower_ in words]

    def clause_of(self, i: int) -> tuple[int, int]:
        if self.clauses is None:
            self.clauses = _clauses(
                self.span,
                self.lang,
                frozenset(a.start for a in self.actors),
                frozenset(a.end - 1 for a in self.actors),
                self.toks,
            )
        for start, end in self.clauses:
            if start <= i < end:
                return start, end
        return self.span.start, self.span.end


FINITE = {
    "de": frozenset(
        [
            "hatte",
            "hatten",
            "hat",
            "haben",
            "war",
            "waren",
            "ist",
            "sind",
            "wurde",
            "wurden",
            "wird",
            "werden",
            "traf",
            "trafen",
            "empfing",
            "empfingen",
            "sagte",
            "sagten",
        ]
    ),
    "en": frozenset(
        [
            "had",
            "has",
            "have",
            "was",
            "were",
            "is",
            "are",
            "met",
            "received",
            "hosted",
            "said",
            "told",
        ]
    ),
}


def _clauses(
    span: Span,
    lang: str,
    actor_starts: frozenset[int] = frozenset(),
    actor_ends: frozenset[int] = frozenset(),
    toks: list[Tok] | None = None,
) -> list[tuple[int, int]]:
    starters = CLAUSE_STARTERS[lang]
    finite = FINITE[lang]
    doc = toks if toks is not None else token_table(span.doc)
    bounds = [span.start]
    for token in doc[span.start + 1 : span.end]:
        prev = doc[token.i - 1]
        if prev.text != "," and token.text != ";":
            if token.lower_ in SUBORDINATORS[lang]:
                bounds.append(token.i)  # "turned it down because it offered no guarantees"
            elif (
                lang == "de"
                and token.lower_ == "und"
                and prev.is_lower
                and prev.is_alpha
                and token.i + 1 < span.end
            ):
                # "kamen mit Selenskyj zusammen und riefen dann Trump an": "und" before an
                # inflected verb after the end of a verb phrase starts a clause of its own
                nxt = doc[token.i + 1]
                lemma = nxt.lemma_.lower()
                if nxt.is_lower and lemma != nxt.lower_ and lemma.endswith(("en", "ern", "eln")):
                    bounds.append(token.i)
            continue  # every other boundary follows a comma, but ";"
        if token.text in (";",) or (prev.text == "," and token.lower_ in starters):
            bounds.append(token.i)
        elif (
            token.lower_ in ("and", "und", "but", "aber", "while", "während")
            and prev.text == ","
            and token.i - 2 >= span.start
            and (token.i - 2) not in actor_ends
            and any(k in actor_starts for k in range(token.i + 1, min(span.end, token.i + 6)))
        ):
            bounds.append(token.i)  # ", and Foreign Minister Lavrov led ...": a new main clause
        elif (
            prev.text == ","
            and token.lower_ in finite
            and (
                (len(bounds) > 1 and doc[bounds[-1]].lower_ in RELATIVES)
                or (lang == "de" and any(t.lower_ in finite for t in doc[bounds[-1] : token.i - 1]))
            )
        ):
            # "Der Premier, der in China ist, war mit Xi zusammengetroffen", "Zelensky, who did not
            # take part, met X"; "X und Y haben sich verständigt, sind aber nicht nähergekommen": a
            # new clause with the same subject
            bounds.append(token.i)
        elif (
            prev.text == ","
            and token.i in actor_starts
            and any(t.lower_ in finite for t in doc[bounds[-1] : token.i])
            and any(t.lower_ in finite for t in doc[token.i : min(span.end, token.i + 6)])
        ):
            bounds.append(token.i)  # ", Trump wurde ...": a new main clause
        elif (
            prev.text == ","
            and token.i + 1 < span.end
            and doc[token.i + 1].lower_ in RELATIVE_AFTER_PREP
            and token.is_lower
        ):
            bounds.append(token.i)  # ", bei dem", ", with whom"
    bounds.append(span.end)
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


# the EU's presidents and its foreign policy chief are one side
EU_BODIES = {
    "org/european-commission": "org/eu",
    "org/european-council": "org/eu",
    "org/european-parliament": "org/eu",
}
# finite auxiliaries in second position of a German main clause, before the object of a verb at its
# end
GERMAN_AUXILIARIES = frozenset(
    [
        "hatte",
        "hatten",
        "hat",
        "haben",
        "habe",
        "hätte",
        "hätten",
        "war",
        "waren",
        "ist",
        "sind",
        "wird",
        "werden",
        "wurde",
        "wurden",
        "will",
        "wollte",
    ]
)


def _has_phrase(words: list[str], phrase: tuple[str, ...]) -> bool:
    """Whether the words hold the phrase as a run."""
    n = len(phrase)
    return any(tuple(words[i : i + n]) == phrase for i, w in enumerate(words) if w == phrase[0])


def _has_particle(words: list[str], need: list[str]) -> bool:
    """Whether a required companion word is there: short particles ("vor", "an") exactly,
    longer ones also as the start of a word ("erwäg" in "erwägen")."""
    return any(w == p or (len(p) > 3 and w.startswith(p)) for p in need for w in words)


class RuleSet:
    """The relation rules of one language, with the knowledge base at hand."""

    def __init__(self, lex: Lexicon, kb: KnowledgeBase) -> None:
        self.lex = lex
        self.kb = kb
        lang = lex.lang
        self.lang = lang
        self.meet_forms = lex.words("meets", "verbs", "forms")
        self.meet_lemmas = lex.words("meets", "verbs", "lemmas")
        self.meet_particles = {
            k.lower(): [str(p).lower() for p in v]
            for k, v in lex.table("meets", "need_particle").items()
        }
        self.states_only = lex.words("meets", "states_only")
        self.meet_separable = {
            k: [str(p).lower() for p in v] for k, v in lex.table("meets", "separable").items()
        }
        self.meet_nouns = lex.words("meets", "nouns")
        self.pair_markers = lex.words("meets", "pair_markers")
        self.separately = lex.words("meets", "separately")
        self.with_words = lex.words("meets", "with")
        self.symmetric = lex.words("meets", "symmetric")
        self.signing = lex.words("meets", "signing")
        self.hand_forms = lex.words("meets", "hand_forms")
        self.visit_forms = lex.words("meets", "visit_forms") | self.hand_forms
        self.speak_forms = lex.words("meets", "speak_forms")
        self.gerunds = lex.words("meets", "gerunds")
        self.trilateral = lex.words("meets", "trilateral")
        self.noun_support = lex.words("meets", "noun_support")
        self.mediation = lex.words("meets", "mediation")
        self.visit_verbs = lex.words("visits", "verbs")
        self.separable_arrivals = {
            k: [str(p).lower() for p in v]
            for k, v in lex.table("visits", "separable_arrivals").items()
        }
        self.arrival_verbs = lex.words("visits", "arrivals") | frozenset(self.separable_arrivals)
        self.visit_nouns = lex.words("visits", "nouns")
        self.visit_words = self.visit_verbs | self.visit_nouns
        self.meet_words = self.meet_forms | self.meet_nouns | self.mediation | self.signing
        self._meet_memo: dict[str, bool] = {}  # word -> has a meeting form or lemma
        self._actor_tokens: set[int] = set()  # token positions of the current sentence's actors
        self._propose_memo: dict[str, bool] = {}  # word -> is a proposal form or noun
        self.reciprocal = lex.words("meets", "reciprocal")
        self.passive_aux = lex.words("meets", "passive")
        self.attend_forms = lex.words("attends", "forms")
        self.attend_phrases = sorted(tuple(p.split()) for p in lex.words("attends", "phrases"))
        self.attend_phrase_starts = frozenset(p[0] for p in self.attend_phrases)
        self.attend_need_event = lex.words("attends", "need_event")
        self.occasion_phrases = [tuple(p.split()) for p in lex.words("attends", "occasion_phrases")]
        self.occasion_starts = frozenset(p[0] for p in self.occasion_phrases)
        self.report_forms = lex.words("reports", "forms")
        self.report_before = lex.words("reports", "before_outlet")
        self.report_anaphor_start = [
            tuple(p.split()) for p in lex.words("reports", "anaphor_start")
        ]
        self.report_anaphors = lex.words("reports", "anaphors")
        self.reported_speech = lex.words("reports", "reported_speech")
        self.propose_forms = lex.words("proposes", "forms")
        self.propose_particles = {
            k.lower(): [str(p).lower() for p in v]
            for k, v in lex.table("proposes", "need_particle").items()
        }
        self.addressee_preps = lex.words("proposes", "addressee_preps")
        self.propose_nouns = lex.words("proposes", "nouns")
        self.participles = lex.words("proposes", "participles")
        self.readiness_verbs = lex.words("proposes", "readiness_verbs")
        self.readiness_nouns = lex.words("proposes", "readiness_nouns")
        self.propose_words = self.propose_forms | self.propose_nouns
        self.support_verbs = lex.words("proposes", "support_verbs")
        self.elaboration_start = [
            tuple(p.split()) for p in lex.words("proposes", "elaboration_start")
        ]
        self.volition = lex.words("proposes", "volition")
        self.speech_verbs = lex.words("speech_verbs")
        mod = {
            k: lex.words("modality", k)
            for k in ("cancelled", "denied", "negated", "hypothetical", "planned", "phone")
        }
        self.modality = mod
        self.not_negation_after = lex.words("modality", "not_negation_after")
        self.past_markers = lex.words("modality", "past_markers")
        self.cancelled_phrases = [
            tuple(p.split()) for p in lex.words("modality", "cancelled_phrases")
        ]
        self.future_conjunctions = lex.words("modality", "future_conjunctions")
        self.conditionals = lex.words("modality", "conditionals")
        self.past_auxiliaries = lex.words("modality", "past_auxiliaries")
        self.tense_verbs = self.meet_forms | self.noun_support | self.signing
        self.soon = lex.words("dates", "today") | lex.words("dates", "tomorrow")
        self.weekdays = lex.table("dates", "weekdays")
        self.months = lex.table("dates", "months")

    # ------------------------------------------------------------------ helpers
    def _particle_ok(
        self, doc: list[Tok], token: Tok, table: dict[str, list[str]], clause: tuple[int, int]
    ) -> bool:
        need = table.get(token.lower_)
        if not need:
            return True
        words = [doc[k].lower_ for k in range(clause[0], clause[1]) if k != token.i]
        return _has_particle(words, need)

    @staticmethod
    def _separated(
        doc: list[Tok], token: Tok, clause: tuple[int, int], table: dict[str, list[str]]
    ) -> bool:
        """The verb's separable particle closes its clause ("trafen am Abend in Brüssel ein", "kam
        ... an und ..."): the verb with that particle is another verb."""
        particles = table.get(token.lower_)
        if not particles:
            return False
        for k in range(token.i + 1, clause[1]):
            if (
                doc[k].lower_ in ("und", "oder", "aber")
                and k + 1 < clause[1]
                and doc[k + 1].is_lower
            ):
                return False  # "traf X und lud Y ein": the particle is the later verb's
            if doc[k].lower_ in particles and (
                k + 1 >= clause[1]
                or doc[k + 1].is_punct
                or doc[k + 1].lower_ in ("und", "oder", "aber")
            ):
                return True
        return False

    def modality_of(self, view: SentenceView, trigger: int, *, yet_to_come: bool = True) -> str:
        """asserted, or why the clause around a trigger does not state a real event.

        Args:
            yet_to_come: also read a clause after "before"/"bevor" with its verb in the present as
                planned (see :meth:`_yet_to_come`).
        """
        doc = view.toks
        start, end = view.clause_of(trigger)
        if self.lang == "en":  # German puts participles and negation at the end of the clause
            start = max(start, trigger - 10, view.dateline_end)
            # a noun heads a long subject ("A meeting between X and Y at the G20 ... has been ruled
            # out")
            end = min(end, trigger + (21 if doc[trigger].lower_ in self.meet_nouns else 11))
        else:  # ... and the modal verb second, far before a verb at the end ("will ... treffen")
            start = max(
                start, trigger - (10 if doc[trigger].text[:1].isupper() else 25), view.dateline_end
            )
            start = self._german_main_clause(doc, trigger, start)
            if doc[trigger].is_lower:
                # a verb ends its clause: "..., die mit X zusammentraf und Hilfen ankündigte" - what
                # follows "und" is another statement
                end = next(
                    (
                        k
                        for k in range(trigger + 1, end)
                        if doc[k].lower_ in ("und", "oder")
                        and k + 1 < end
                        and doc[k + 1].is_lower
                        and not doc[k + 1].is_punct
                    ),
                    end,
                )
        if trigger > 0 and (
            any(
                doc[k].lower_ in PRESUPPOSING
                for k in range(max(view.span.start, trigger - 3), trigger)
            )
            or self._after_occasion_phrase(view, trigger)
        ):
            # "bei Gesprächen mit X", "after talks with X", "at the opening of the summit": the
            # talks took place
            start, end = max(start, trigger - 3), min(end, trigger + 4)
            cut = next((k for k in range(trigger + 4, end) if doc[k].text in (",", ";")), None)
            end = cut if cut is not None else end
            if self.lang == "de" and doc[trigger].text[:1].isupper():
                # the phrase ends before the main clause's verb: "Bei ihrem Treffen in Rom lud Modi
                # ... ein"
                end = next(
                    (
                        k
                        for k in range(trigger + 1, end)
                        if doc[k].is_lower
                        and doc[k].is_alpha
                        and doc[k].lower_ not in PHRASE_WORDS_DE
                    ),
                    end,
                )
        inserted = self._inserted_relative(doc, start, trigger) if self.lang == "en" else set()
        words = [
            doc[k].lower_
            for k in range(start, end)
            if not (
                doc[k].text == "May" and not doc[k].is_sent_start
            )  # the month (or Theresa May), not the modal
            and k not in inserted
        ]
        clause_start = view.clause_of(trigger)[0]
        if clause_start > view.span.start and any(
            doc[k].lower_ in self.modality["denied"]
            for k in range(max(view.span.start, clause_start - 8), clause_start)
        ):
            return "denied"  # "dementierte Berichte, wonach X mit Y zusammengetroffen sei"

        for i, w in enumerate(words):
            if w in self.modality["negated"]:
                if (
                    self.lang == "en"
                    and w == "not"
                    and not any(p in EN_AUXILIARIES for p in words[max(0, i - 2) : i])
                ):
                    # English negates a verb after an auxiliary ("has still not met"); "countries
                    # not involved" is no negation
                    continue
                nxt = words[i + 1] if i + 1 < len(words) else ""
                if nxt in self.not_negation_after:
                    continue
                return "negated"
        for name in ("phone", "cancelled", "denied"):
            if any(w in self.modality[name] for w in words):
                if (
                    name == "phone"
                    and self.lang == "en"
                    and "called" in words
                    and not any(w in ("phone", "telephone", "call", "video") for w in words)
                ):
                    continue  # "the so-called ..." / "called for"
                if (
                    name == "phone"
                    and "courtesy" in words
                    and not any(
                        w in self.modality["phone"]
                        for w in words
                        if w not in ("call", "calls", "called")
                    )
                ):
                    continue  # "paid a courtesy call on X": a visit"
                if (
                    name == "cancelled"
                    and self.lang == "en"
                    and "called" in words
                    and "off" not in words
                ):
                    continue
                if (
                    name == "cancelled"
                    and self.lang == "de"
                    and "sagte" in words
                    and "ab" not in words
                ):
                    continue
                return name
        if any(p[0] in words and _has_phrase(words, p) for p in self.cancelled_phrases):
            return "cancelled"  # "is now off the table", "ist vom Tisch", "put on ice"
        if (
            yet_to_come
            and self._yet_to_come(view, trigger)
            and not self._firm(words, view.span.doc._.article_date)
        ):
            return "planned"  # "before Macron and Modi next sit down together"
        if self._past_dated_noun(view, trigger):
            return "asserted"  # "Wednesday's summit ... may have been brief": it took place
        for name in ("hypothetical", "planned"):
            hits = [
                w
                for n, w in enumerate(words)
                if w in self.modality[name]
                # "at Macron's invitation", "auf Einladung von X": the visit took place
                and not (
                    w in ("invitation", "einladung")
                    and any(p in ("at", "upon", "auf") for p in words[max(0, n - 5) : n])
                )
                # "länger als geplant", "as planned", "than expected": it took place
                and not (n > 0 and words[n - 1] in ("als", "wie", "than", "as"))
            ]
            if (
                self.lang == "de"
                and name == "planned"
                and self._german_passive(doc, trigger, words)
            ):
                hits = [
                    w for w in hits if w not in ("wird", "werden")
                ]  # "wird von X begleitet": passive, not future
            if self.lang == "en" and name == "planned":
                hits = [w for w in hits if w not in ("to", "set", "next")] + (
                    ["to"] if trigger > 0 and doc[trigger - 1].lower_ == "to" else []
                )
            if hits:
                if name == "planned" and self._firm(words, view.span.doc._.article_date):
                    continue
                return name
        return "asserted"

    def _yet_to_come(self, view: SentenceView, trigger: int) -> bool:
        """The trigger is in a clause after "before"/"until"/"once" ("bevor", "ehe", "bis",
        "sobald") with its own subject and its verb in the present: what it tells has not happened
        yet ("before Macron and Modi next sit down together"; not "before they sat down")."""
        doc = view.toks
        conj = None
        for k in range(trigger - 1, max(view.span.start, trigger - 12) - 1, -1):
            if doc[k].is_punct:
                break
            if doc[k].lower_ in self.future_conjunctions:
                conj = k
                break
        if conj is None or not any(conj < a.start and a.end <= trigger for a in view.actors):
            return False  # "before the summit", "until midnight": no clause of its own
        if self.lang == "de":
            # the finite verb closes the clause: "bevor sich X und Y treffen" / "... trafen" / "...
            # getroffen hatten"
            end = next((k for k in range(trigger, view.span.end) if doc[k].is_punct), view.span.end)
            verb = next(
                (
                    doc[k]
                    for k in range(end - 1, trigger - 1, -1)
                    if doc[k].is_lower and doc[k].is_alpha
                ),
                None,
            )
            if verb is None:
                return False
            return verb.lower_ not in self.past_auxiliaries and not (
                verb.lower_ != verb.lemma_.lower() and not verb.lower_.endswith("t")
            )
        if any(doc[k].lower_ in self.past_auxiliaries for k in range(conj + 1, trigger)):
            return False  # "before they had met"
        verb = next(
            (
                doc[k]
                for k in range(trigger, conj, -1)
                if doc[k].is_lower and doc[k].lower_ in self.tense_verbs
            ),
            None,
        )
        if verb is None:
            return False
        lemma = verb.lemma_.lower()
        return verb.lower_ in (lemma, lemma + "s", lemma + "es")

    @staticmethod
    def _german_passive(doc: list[Tok], trigger: int, words: list[str]) -> bool:
        """``wird``/``werden`` makes a passive here, not a future: the trigger is a participle
        ("wird begleitet") or the clause names the agent ("wird von Xi empfangen")."""
        token = doc[trigger]
        if (
            token.is_lower
            and token.lower_.endswith("t")
            and not token.lower_.endswith(("st", "heit", "keit", "schaft"))
        ):
            return True
        return any(
            w in ("von", "vom") for w in words[words.index("wird") if "wird" in words else 0 :]
        )

    @staticmethod
    def _inserted_relative(doc: list[Tok], start: int, trigger: int) -> set[int]:
        """Positions of a relative clause set off by commas before the trigger ("Tony Blair, who is
        expected to play a role, was also in the audience"): what it says is not the trigger's
        modality."""
        inside: set[int] = set()
        k = start
        while k < trigger - 1:
            if doc[k].text == "," and doc[k + 1].lower_ in ("who", "which", "whose", "whom"):
                close = next((j for j in range(k + 2, trigger) if doc[j].text == ","), None)
                if close is None:
                    break
                inside.update(range(k + 1, close))
                k = close
            k += 1
        return inside

    @staticmethod
    def _german_main_clause(doc: list[Tok], trigger: int, start: int) -> int:
        """Where the main clause of a German trigger starts after a comma: "Putin kam nicht,
        Russland wurde von Lawrow vertreten" (a subject and its finite auxiliary right after the
        comma)."""
        for k in range(trigger - 2, start, -1):
            if (
                doc[k].text == ","
                and doc[k + 1].text[:1].isupper()
                and any(doc[j].lower_ in GERMAN_AUXILIARIES for j in (k + 2, k + 3) if j < trigger)
            ):
                return k + 1
        return start

    def _past_dated_noun(self, view: SentenceView, trigger: int) -> bool:
        """The trigger is a noun its own noun phrase dates before the article's day:
        "Wednesday's summit", "the summit on Wednesday", "das Gipfeltreffen ... am Mittwoch".
        What the clause's modal verb says is said of it; that it took place is presupposed."""
        doc = view.span.doc
        day = doc._.article_date
        token = doc[trigger]
        if day is None or not token.text[:1].isalpha() or token.pos_ == "VERB":
            return False
        if self.lang == "en" and not token.is_lower:
            return False
        if self.lang == "de" and not token.text[:1].isupper():
            return False  # German nouns are capitalised; a lower-case trigger is a verb
        modal = self.modality["hypothetical"] | self.modality["planned"]
        span = view.span
        if any(doc[k].lower_ in modal for k in range(span.start, trigger)):
            return False  # "is scheduled to hold talks on Saturday": the plan governs the noun
        if any(t.lower_ in self.conditionals for t in span):
            return False  # "if Kim saw the message, he would meet him": another clause's wish
        for d in doc._.dates or ():
            if d.precision != "day" or d.date >= day or not view.span.start <= d.start:
                continue
            between = range(d.end, trigger) if d.end <= trigger else range(trigger + 1, d.start)
            if len(between) > 12:
                continue
            if (
                all(not doc[k].is_punct or doc[k].text in ("'s", "'", "’s") for k in between)
                and not any(doc[k].lower_ in modal for k in between)
                and not any(doc[k].lower_ in self.tense_verbs for k in between)
            ):
                return True
        return False

    def _firm(self, words: list[str], day) -> bool:
        """A plan for the same or the next day ("am Freitag" said on Thursday) counts as firm."""
        if any(w in self.soon for w in words):
            return True
        if day is None:
            return False
        for w in words:
            weekday = self.weekdays.get(w)
            if weekday is not None and (weekday - day.weekday()) % 7 in (0, 1):
                return True
        return False

    def _participants(self, view: SentenceView, start: int, end: int) -> list[Actor]:
        return [
            a
            for a in view.actors
            if start <= a.start < end
            and a.type in PARTICIPANT_TYPES
            and not a.speaker
            and not a.possessor
        ]

    @staticmethod
    def _pairs(actors: list[Actor], *, hub: Actor | None = None) -> list[tuple[str, str]]:
        persons = [pid for a in actors if a.type == "Person" for pid in a.ids]
        states = [sid for a in actors if a.type == "State" for sid in a.ids]
        members = (
            list(dict.fromkeys(persons))
            if len(set(persons)) >= 2
            else (list(dict.fromkeys(states)) if len(set(states)) >= 2 else [])
        )
        if (
            not members
            and len(set(persons)) == 1
            and any(a.delegation for a in actors if a.type == "State")
        ):
            members = list(
                dict.fromkeys(persons + [s for a in actors if a.delegation for s in a.ids])
            )
        pairs: list[tuple[str, str]] = []
        hub_ids = hub.ids if hub is not None else ()
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if a == b:
                    continue
                if hub_ids and a not in hub_ids and b not in hub_ids:
                    continue
                pairs.append((a, b))
        return pairs

    # ------------------------------------------------------------------ MEETS
    @staticmethod
    def _side(actors: list[Actor], *, allow_states: bool) -> list[str]:
        persons = [pid for a in actors if a.type == "Person" for pid in a.ids]
        delegations = [sid for a in actors if a.type == "State" and a.delegation for sid in a.ids]
        states = [sid for a in actors if a.type == "State" for sid in a.ids]
        if persons:
            return list(dict.fromkeys(persons + delegations))
        return list(dict.fromkeys(states if allow_states else delegations))

    @staticmethod
    def _cross(a: list[str], b: list[str]) -> list[tuple[str, str]]:
        return [(x, y) for x in a for y in b if x != y]

    @staticmethod
    def _within(a: list[str]) -> list[tuple[str, str]]:
        return [(x, y) for i, x in enumerate(a) for y in a[i + 1 :] if x != y]

    def _signers(
        self, view: SentenceView, token: Tok, clause: tuple[int, int]
    ) -> list[tuple[str, str]]:
        """Who signed together: "A and B signed", "unterzeichneten A und B", "A signed ... with
        B"."""
        doc = view.toks
        actors = self._participants(view, *clause)
        with_at = next(
            (k for k in range(token.i + 1, clause[1]) if doc[k].lower_ in self.with_words), None
        )
        if (
            with_at is not None
        ):  # persons only: "signed a waiver on cooperation with Azerbaijan" is no meeting
            before = [a for a in actors if a.end <= token.i and a.type == "Person"]
            after = [a for a in actors if a.start > with_at and a.type == "Person"]
            if len(self._side(after, allow_states=False)) >= 2:
                return []  # "signed the charter with A, B and C": a multilateral signing, as below
            return self._cross(
                self._side(before[:1], allow_states=False), self._side(after, allow_states=False)
            )
        for group in (
            [a for a in actors if a.end <= token.i],
            [a for a in actors if a.start > token.i],
        ):
            joined = [group[0]] if group else []
            for a, b in zip(group, group[1:], strict=False):
                if b.start - a.end <= 6 and doc[a.end].lower_ in ("and", "und", ",", "sowie"):
                    joined.append(b)
                else:
                    break
            # two signers together; a row of guarantors signing at a summit is not counted
            if len(joined) == 2 and all(a.type == "Person" for a in joined):
                return self._within(self._side(joined, allow_states=False))
        return []

    def _gerund_pairs(self, view: SentenceView, token: Tok) -> list[tuple[str, str]]:
        """ "After meeting X, Y said", "Y said after meeting X", "Meeting X in Toronto, Y pledged":
        the person right after the gerund met the subject of the main clause."""
        doc = view.toks
        starts_sentence = token.i == view.span.start or token.i == view.dateline_end
        after_conjunction = token.i > view.span.start and doc[token.i - 1].lower_ in (
            "after",
            "before",
            "while",
            "when",
        )
        if not (starts_sentence or after_conjunction):
            return []
        obj = next(
            (a for a in view.actors if a.type == "Person" and token.i < a.start <= token.i + 4),
            None,
        )
        if obj is None:
            return []
        phrase_start = token.i - 1 if after_conjunction else token.i
        if phrase_start <= view.span.start or phrase_start == view.dateline_end:
            # the phrase opens the sentence: the subject follows its comma
            comma = next((k for k in range(obj.end, view.span.end) if doc[k].text == ","), None)
            subject = next(
                (
                    a
                    for a in view.actors
                    if a.type == "Person" and comma is not None and a.start > comma
                ),
                None,
            )
        else:
            subject = next(
                (a for a in reversed(view.actors) if a.type == "Person" and a.end <= phrase_start),
                None,
            )
        if subject is None:
            return []
        return self._cross(list(subject.ids), list(obj.ids))

    def _meeting_pairs(
        self, view: SentenceView, token, is_verb: bool, clause: tuple[int, int]
    ) -> tuple[list[tuple[str, str]], str]:
        doc = view.toks
        if token.lower_ in self.gerunds:
            pairs = self._gerund_pairs(view, token)
            if pairs:
                return pairs, "meets-verb"
        if token.lower_ in self.signing:
            return self._signers(view, token, clause), "meets-signing"
        words = [doc[k].lower_ for k in range(clause[0], clause[1])]
        in_clause = self._participants(view, *clause)
        persons_in_clause = any(a.type == "Person" for a in in_clause)
        allow_states = not persons_in_clause
        nxt = [doc[k].lower_ for k in range(token.i + 1, min(token.i + 3, view.span.end))]
        if not is_verb and token.lower_ in ("gast", "guest"):
            # "X war am Montag zu Gast bei Y", "X was the guest of Y": a visit to Y
            k = token.i + 1
            if not (
                token.i > 0
                and doc[token.i - 1].lower_ in ("zu", "the")
                and k < clause[1]
                and doc[k].lower_ in ("bei", "of")
            ):
                return [], ""
            hosts = self._joined_after(view, k + 1, clause[1])
            guests = [a for a in in_clause if a.end <= token.i and a.type in PARTICIPANT_TYPES]
            return self._cross(
                self._side(guests[:1], allow_states=allow_states),
                self._side(hosts, allow_states=allow_states),
            ), "meets-verb"
        if not is_verb:
            if token.lower_ in self.mediation and any(
                doc[k].lower_ in self.pair_markers
                for k in range(token.i + 1, min(token.i + 5, clause[1]))
            ):
                mediator = [a for a in in_clause if a.end <= token.i]
                group = [a for a in in_clause if a.start > token.i]
                ids = self._side(group, allow_states=True) + [
                    s
                    for a in group
                    if a.type == "State"
                    for s in a.ids
                    if s not in self._side(group, allow_states=True)
                ]
                if mediator:
                    side = self._side(mediator[:1], allow_states=True)
                    if all(i.startswith("state/") for i in ids):
                        # "Qatar's emir launched a mediation between the Emirates and Saudi Arabia":
                        # the mediator's state meets the states he mediates between (persons meet
                        # persons)
                        side = [s for i in side if (s := self._state_of(i, view))]
                    return self._cross([i for i in side if i], ids), "meets-mediation"
                return self._within(ids), "meets-mediation"
            if any(w in self.pair_markers for w in nxt):
                group = self._participants(
                    view, token.i + 1, clause[1] if clause[1] > token.i + 2 else view.span.end
                )
                return self._within(self._side(group, allow_states=allow_states)), "meets-between"
            if nxt and nxt[0] in ("of", "von", "der", "des"):
                # "das Treffen von Putin und Trump", "a meeting of Scholz and Xi", "das
                # Gipfeltreffen der Präsidenten Macron und Lula": the two named together
                group = self._joined_after(view, token.i + 2, clause[1])
                if len(group) >= 2:
                    return self._within(
                        self._side(group, allow_states=allow_states)
                    ), "meets-between"
            owner = next(
                (
                    a
                    for a in in_clause
                    if a.end in (token.i, token.i - 1, token.i - 2) and len(a.ids) >= 2
                ),
                None,
            )
            with_at = next(
                (
                    k
                    for k in range(token.i + 1, min(token.i + 4, clause[1]))
                    if doc[k].lower_ in self.with_words
                ),
                None,
            )
            if with_at is None:
                # "held talks at the town hall with X": a "with" a little further, no actor in
                # between
                with_at = next(
                    (
                        k
                        for k in range(token.i + 1, min(token.i + 8, clause[1]))
                        if doc[k].lower_ in self.with_words
                        and not any(token.i < a.start < k for a in in_clause)
                    ),
                    None,
                )
            if with_at is None:
                with_at = self._with_before_occasion(view, token, clause)
            if owner is not None and with_at is None:
                return self._within(
                    list(owner.ids)
                ), "meets-owner"  # "the two leaders' first meeting"
            if with_at is None:
                # "Israel and Lebanon renewed negotiations": coordinated subjects of a support verb
                subjects = [a for a in in_clause if a.end <= token.i]
                # "Negotiators of Armenia and Azerbaijan ended their talks": the delegations, one
                # mention of both states; the states named after it are theirs
                delegated = {i for a in subjects if a.delegation for i in a.ids}
                subjects = [a for a in subjects if a.delegation or not set(a.ids) <= delegated]
                # "Russland und die Ukraine haben sich bei ihrem Treffen ... verständigt"
                possessive = any(
                    doc[k].lower_ in PLURAL_POSSESSIVES
                    for k in range(max(clause[0], token.i - 4), token.i)
                )
                if len(subjects) >= 2 and (
                    possessive or any(w in self.noun_support for w in words)
                ):
                    together = all(
                        a.start
                        == b.start  # "Polish and Italian delegations": one mention, two states
                        or (
                            b.start - a.end <= 6
                            and any(
                                doc[k].lower_ in ("and", "und", ",", "sowie")
                                for k in range(a.end, b.start)
                            )
                        )
                        for a, b in zip(subjects, subjects[1:], strict=False)
                    )
                    if together:
                        return self._within(
                            self._side(subjects, allow_states=True)
                        ), "meets-noun-subjects"
                k = (
                    token.i - 1
                    if token.i > 1 and doc[token.i - 1].lower_ in PLURAL_POSSESSIVES
                    else token.i
                )
                if k > 0 and doc[k - 1].lower_ in ("during", "während", "bei", "beim", "amid"):
                    # "Wang Yi told Kaja Kallas during talks in Brussels", "During their talks in
                    # Rome, Modi invited Meloni": the people of the clause talked
                    people = [
                        a
                        for a in view.actors
                        if not a.possessor
                        and clause[0] <= a.start < clause[1]
                        and a.type == "Person"
                    ]
                    ids = list(dict.fromkeys(i for a in people for i in a.ids))
                    if len(ids) >= 2:
                        return self._cross(ids[:1], ids[1:]), "meets-during"
                return [], ""
            after = [a for a in in_clause if a.start > with_at]
            # the "with" phrase: the actors right after "with", joined by "and"/","; a later one
            # is no part of it ("Bei einem Treffen mit X und Y sagte er zu": "er" is the other side)
            group = []
            edge = with_at + 1
            for a in after:
                if all(
                    doc[k].lower_ in ("and", "und", ",", "sowie")
                    or self._modifier(doc[k])
                    or doc[k].lower_ in NAME_PARTICLES
                    for k in range(edge, a.start)
                ):
                    group.append(a)  # ("with al-Sudani": the particle may stand outside the name)
                    edge = a.end
                else:
                    break
            later = [a for a in after if a not in group] if group else []
            after = group or after
            # the other side: before "with" in the clause (speakers too: "X said after talks with
            # Y"), else a person after the phrase, else the first actor of the sentence outside it
            before = [
                a
                for a in view.actors
                if not a.possessor
                and clause[0] <= a.start < with_at
                and a.type in PARTICIPANT_TYPES
            ]
            k = (
                token.i - 1
                if token.i - 1 > clause[0] and doc[token.i - 1].lower_ in self.noun_support
                else token.i
            )
            k -= 1
            if k > clause[0] and doc[k].lower_ in (
                "also",
                "then",
                "later",
                "auch",
                "dann",
                "später",
                "zudem",
            ):
                k -= 1
            if self.lang == "en" and k > clause[0] and doc[k].lower_ == "and":
                # "X was received by Y and also held talks with Z": the subject of the verb before
                verb_before = next(
                    (
                        j
                        for j in range(k - 1, clause[0] - 1, -1)
                        if doc[j].lower_ in self.meet_words
                    ),
                    None,
                )
                if verb_before is not None and any(a.end <= verb_before for a in before):
                    before = [a for a in before if a.end <= verb_before]
            if not before:
                before = [a for a in later if a.type == "Person"][:1]
            if not before:
                before = [
                    a
                    for a in view.actors
                    if not a.possessor and a.type == "Person" and a not in after
                ][:1]
            a_ids = self._side(before, allow_states=allow_states)
            b_ids = self._side(after, allow_states=allow_states)
            pairs = self._cross(a_ids, b_ids)
            if not any(w in self.separately for w in words):
                pairs += self._apart(self._within(b_ids), view)
            return pairs, "meets-with"
        subjects = [a for a in in_clause if a.end <= token.i]
        k = token.i - 1
        if k > clause[0] and doc[k].lower_ in (
            "also",
            "then",
            "later",
            "auch",
            "dann",
            "später",
            "zudem",
        ):
            k -= 1
        if (
            k > clause[0]
            and doc[k].lower_ in ("and", "und")
            and len(subjects) >= 2
            and not (doc[k - 1].is_punct or self.lang == "de")
        ):
            # "X paid a courtesy call on Y and also met Z": the verb after "and" shares the subject
            # of the verb before it, not that verb's object
            verb_before = next(
                (j for j in range(k - 1, clause[0] - 1, -1) if doc[j].lower_ in self.meet_words),
                None,
            )
            if verb_before is not None and any(a.end <= verb_before for a in subjects):
                subjects = [a for a in subjects if a.end <= verb_before]
        if (
            self.lang == "de"
            and clause[0] > view.span.start
            and doc[clause[0]].lower_ in RELATIVES
            and doc[clause[0] - 1].text == ","
        ):
            # "Putin, der am Montag mit Xi zusammengekommen war", "al-Sisi, der Scholz in Kairo
            # empfing": the name before the relative clause and those in it, before its verb
            antecedent = [
                a
                for a in view.actors
                if clause[0] - 3 <= a.end <= clause[0] - 1
                and a.type in PARTICIPANT_TYPES
                and not a.possessor
                and all(doc[k].is_lower or doc[k].text == "," for k in range(a.end, clause[0]))
            ][-1:]
            # ("von Harris vertreten, die am Rande mit Selenskyj zusammentraf": the verb may stand
            # between)
            a_ids = self._side(antecedent, allow_states=allow_states)
            inside = self._side(subjects, allow_states=allow_states)
            if a_ids and inside:
                return self._cross(a_ids, inside), "meets-verb"
        objects = self._objects(doc, [a for a in in_clause if a.start > token.i], token.i)
        if doc[clause[0]].lower_ in FINITE[self.lang] and clause[0] > view.span.start:
            # the main clause goes on after a relative clause: its subject stands before it
            earlier = [
                a
                for a in view.actors
                if not a.possessor
                and a.end <= clause[0]
                and a.type in PARTICIPANT_TYPES
                and not a.speaker
            ]
            if earlier:
                subjects = earlier[:1] + subjects
        reciprocal = any(w in self.reciprocal for w in words)
        passive = any(w in self.passive_aux for w in words)
        by_at = next(
            (k for k in range(clause[0], clause[1]) if doc[k].lower_ in ("by", "von", "vom")), None
        )
        if (
            by_at is not None
            and token.i < by_at
            and any(doc[k].text == "," for k in range(token.i, by_at))
            and not any(
                doc[k].lower_ in self.passive_aux
                for k in range(max(clause[0], token.i - 2), token.i)
            )
        ):
            by_at = None  # "X sat down with Y, joined by Z": the passive is another verb's
        if by_at is not None and self.lang == "en" and by_at < token.i:
            by_at = None  # "Footage broadcast by X showed A and B seated across from each other"
        if passive and by_at is not None:
            # "X wurde von Y empfangen", "X was received by Y": patients before "von/by", agents
            # after
            patients = [a for a in in_clause if a.end <= by_at]
            aux = next(
                (k for k in range(clause[0], by_at) if doc[k].lower_ in self.passive_aux), None
            )
            if (
                aux is not None
                and aux > clause[0]
                and doc[aux - 1].lower_ in ("and", "und")
                and patients
            ):
                # "X held talks with Y and was received by Z": the passive shares X, the subject
                first = [a for a in patients if a.end <= aux][:1]
                joined = self._joined_after(view, first[0].start, aux) if first else []
                patients = (
                    joined or first
                )  # "Duda, Nausėda, Levits und Karis reisten ... und wurden von X empfangen"
            agents = [a for a in in_clause if a.start > by_at]
            if (
                not patients
                and clause[0] > view.span.start
                and doc[clause[0]].lower_ in ("und", "and")
            ):
                # "X, Y und Z reisten ... und wurden in Kiew von W empfangen": the sentence's
                # subject
                lead = next(
                    (
                        a
                        for a in view.actors
                        if a.type in PARTICIPANT_TYPES and not a.possessor and a.end <= clause[0]
                    ),
                    None,
                )
                patients = (
                    (self._joined_after(view, lead.start, clause[0]) or [lead]) if lead else []
                )
            p_ids = self._side(patients, allow_states=allow_states)
            a_ids = self._side(agents, allow_states=allow_states)
            if p_ids and a_ids:
                pairs = self._cross(p_ids, a_ids)
                if len(p_ids) >= 2:
                    # "X sat down with the president, joined by A and B": A and B join those of
                    # their own state, they do not meet them
                    pairs = self._apart(pairs, view)
                return pairs, "meets-passive"
        s_ids = self._side(subjects, allow_states=allow_states)
        o_ids = self._side(objects, allow_states=allow_states)
        with_at = next(
            (k for k in range(token.i + 1, clause[1]) if doc[k].lower_ in self.with_words), None
        )
        if (
            not s_ids
            and o_ids
            and self.lang == "de"
            and token.i == clause[0] + 1
            and doc[clause[0]].lower_ == "und"
        ):
            # "Modi traf in Rom ein und kam dort mit Meloni zusammen": the verb right after "und"
            # shares the subject of the clause before
            shared = [
                a
                for a in view.actors
                if view.span.start <= a.start < clause[0]
                and a.type in PARTICIPANT_TYPES
                and not a.possessor
                and not a.speaker
                and not self._after_preposition(doc, a)
            ]
            s_ids = self._side(shared[:1], allow_states=allow_states)
        if reciprocal and not s_ids and o_ids and with_at is not None:
            # "trafen sich X und Y mit Z": X and Y met Z; "beriet er sich mit X und Y": the
            # subject is a pronoun we could not resolve, and X and Y need not have met each other
            front = self._side([a for a in objects if a.end <= with_at], allow_states=allow_states)
            back = self._side([a for a in objects if a.start > with_at], allow_states=allow_states)
            if not front:
                return [], ""
            return self._cross(front, back) + self._within(front), "meets-reciprocal"
        if reciprocal and not (s_ids and o_ids and any(w in self.with_words for w in words)):
            return self._within(list(dict.fromkeys(s_ids + o_ids))), "meets-reciprocal"
        separate = any(w in self.separately for w in words)
        if not s_ids and o_ids:
            # the subject stands before a relative clause ("Zelensky, who flew in, met Modi")
            earlier = [
                a
                for a in view.actors
                if not a.possessor
                and view.span.start <= a.start < clause[0]
                and a.type in PARTICIPANT_TYPES
                and not a.speaker
            ]
            if (
                earlier
                and clause[0] > view.span.start
                and doc[clause[0]].lower_ not in ("and", "und")
            ):
                # in a relative clause its antecedent, the name just before ("..., Macron, who
                # hosted him"); else the main clause's subject, named first
                subjects = earlier[-1:] if doc[clause[0]].lower_ in RELATIVES else earlier[:1]
                s_ids = self._side(subjects, allow_states=allow_states)
        if s_ids and o_ids:
            pairs = self._cross(s_ids, o_ids)
            if any(w in self.trilateral for w in words):
                pairs += self._within(
                    s_ids
                )  # "Macron and von der Leyen met Xi for trilateral talks"
            plural_subjects = [a for a in subjects if len(a.ids) >= 2]
            symmetric = token.lower_ in self.symmetric or token.lemma_.lower() in self.symmetric
            direct = objects[0].start - token.i <= 5 or any(
                doc[k].lower_ in self.with_words
                or doc[k].lower_ in ("from", "across", "opposite", "gegenüber")
                for k in range(token.i + 1, min(clause[1], token.i + 4))
            )  # "A, B and C met D", "A and B negotiated with C": two sides, not one
            if reciprocal and any(
                doc[k].lower_ in ("other", "another", "gegenüber")
                for k in range(token.i + 1, min(clause[1], token.i + 6))
            ):
                # "A and B sat across from each other, with C presiding": A and B met each other
                pairs += self._within(s_ids)
            if symmetric and plural_subjects:
                # "The leaders of X and Y shook hands, with Z standing between them"
                pairs += self._within([i for a in plural_subjects for i in a.ids])
            elif symmetric and not direct:
                # "Modi and Xi spoke on the sidelines, ..., with the Indian leader raising ...": the
                # subjects met each other; the later "with" belongs to another phrase
                pairs += self._within(s_ids)
            if (
                len(objects) >= 2
                and not separate
                and not passive
                and not self._in_sequence(doc, objects)
            ):
                pairs += self._apart(self._within(o_ids), view)
            if passive and not separate:
                pairs += self._within(s_ids)
            return pairs, "meets-passive" if passive else "meets-verb"
        if s_ids and (token.lower_ in self.symmetric or token.lemma_.lower() in self.symmetric):
            return self._within(s_ids), "meets-verb"
        if self.lang == "de" and not o_ids and len(subjects) >= 2:
            mit_at = next(
                (k for k in range(subjects[0].end, token.i) if doc[k].lower_ in self.with_words),
                None,
            )
            if mit_at is not None:
                # verb last with "mit": "als Scholz im Februar mit Biden zusammentraf"
                f_ids = self._side(
                    [a for a in subjects if a.end <= mit_at], allow_states=allow_states
                )
                r_ids = self._side(
                    [a for a in subjects if a.start > mit_at], allow_states=allow_states
                )
                if f_ids and r_ids:
                    return self._cross(f_ids, r_ids), "meets-verb"
            # verb last: "X hatte den US-Präsidenten empfangen" - the first (coordinated) group is
            # the subject, the rest the object
            first = [subjects[0]]
            for a, b in zip(subjects, subjects[1:], strict=False):
                if b.start - a.end <= 4 and doc[a.end].lower_ in (
                    "und",
                    ",",
                    "sowie",
                ):  # "er und seine Frau X"
                    first.append(b)
                else:
                    break
            rest = [a for a in subjects if a not in first]
            # only with the object marked: accusative "den"/"einen" ("hatte den US-Präsidenten
            # empfangen"), or the finite auxiliary between subject and object ("Li hatte Scholz ...
            # besucht")
            marked = bool(rest) and (
                any(
                    doc[k].lower_ in ("den", "einen")
                    for k in range(max(clause[0], rest[0].start - 3), rest[0].start)
                )
                or (
                    doc[first[-1].end].lower_ in GERMAN_AUXILIARIES
                    and rest[0].start - first[-1].end <= 3
                )
            )
            f_ids = self._side(first, allow_states=allow_states)
            r_ids = self._side(rest, allow_states=allow_states)
            if f_ids and r_ids and marked:
                return self._cross(f_ids, r_ids), "meets-verb"
        coordinated = len(objects) >= 2 and all(
            any(doc[k].lower_ in ("and", "und", ",", "sowie") for k in range(a.end, b.start))
            and all(
                doc[k].lower_ in ("and", "und", ",", "sowie") or doc[k].text[:1].isupper()
                for k in range(a.end, b.start)
            )
            for a, b in zip(objects, objects[1:], strict=False)
        )
        if (
            o_ids
            and len(o_ids) >= 2
            and coordinated
            and (token.lower_ in self.symmetric or token.lemma_.lower() in self.symmetric)
            and not any(w in self.with_words or w in self.reciprocal for w in words)
        ):
            return [], ""  # "Für die Ukraine verhandelten A, B und C": one side, the other unnamed
        if o_ids and len(o_ids) >= 2:
            # verb first (German inversion "Am Freitag traf X Y"): the first actor is the subject,
            # with those joined to it by "und" ("hießen König Charles und Königin Camilla die Gäste
            # willkommen")
            first = [objects[0]]
            for a in objects[1:]:
                gap = [doc[k].lower_ for k in range(first[-1].end, a.start)]
                if (
                    gap
                    and all(
                        w in ("und", "and", ",", "sowie") or doc[k].text[:1].isupper()
                        for w, k in zip(gap, range(first[-1].end, a.start), strict=True)
                    )
                    and any(w in ("und", "and", "sowie") for w in gap)
                    and a is not objects[-1]
                ):
                    first.append(a)
                else:
                    break
            rest = [a for a in objects if a not in first]
            return self._cross(
                self._side(first, allow_states=allow_states),
                self._side(rest, allow_states=allow_states),
            ), "meets-verb"
        return [], ""

    def _with_before_occasion(
        self, view: SentenceView, token: Tok, clause: tuple[int, int]
    ) -> int | None:
        """Where the clause's "with" stands when the meeting noun names the occasion the clause's
        action took place at: "Tajani reviewed the draft with Barrot at a meeting", "besprach mit
        Barrot bei einem Treffen den Entwurf" (the subject before "with", a person or state after
        it)."""
        doc = view.toks
        k = token.i - 1
        while (
            k > clause[0]
            and token.i - k <= 3
            and doc[k].is_lower
            and doc[k].is_alpha
            and doc[k].lower_ not in OCCASION_PREPS
        ):
            k -= 1  # "a", "einem", "their first"
        if k <= clause[0] or doc[k].lower_ not in OCCASION_PREPS:
            return None
        for j in range(k - 1, clause[0], -1):
            if doc[j].lower_ not in self.with_words:
                continue
            partner = any(
                j < a.start <= j + 4 and a.end <= k and a.type in PARTICIPANT_TYPES
                for a in view.actors
            )
            subject = any(
                clause[0] <= a.start
                and a.end <= j
                and a.type in PARTICIPANT_TYPES
                and not a.possessor
                for a in view.actors
            )
            return j if partner and subject else None
        return None

    def _joined_after(self, view: SentenceView, start: int, end: int) -> list[Actor]:
        """The actors from ``start`` on (after an article or modifiers) joined by
        "and"/"und"/","."""
        doc = view.toks
        group: list[Actor] = []
        edge = start
        for a in sorted(
            (a for a in view.actors if start <= a.start < end and a.type in PARTICIPANT_TYPES),
            key=lambda a: a.start,
        ):
            gap = range(edge, a.start)
            if all(
                doc[k].lower_ in ("and", "und", ",", "sowie", "the", "dem", "der", "den")
                or self._modifier(doc[k])
                for k in gap
            ) and (not group or any(doc[k].lower_ in ("and", "und", ",", "sowie") for k in gap)):
                group.append(a)
                edge = a.end
            else:
                break
        return group

    def _apart(self, pairs: list[tuple[str, str]], view: SentenceView) -> list[tuple[str, str]]:
        """Pairs met together by someone else, without two officials of the same state ("talks with
        Vance and Rubio": Vance and Rubio did not meet each other there) or an official and his
        state."""
        day = view.span.doc._.article_date

        def states(pid: str) -> set[str]:
            if pid.startswith("state/"):
                return {pid}  # nor an official with the state he serves
            # the EU's presidents and its foreign policy chief are one side too
            return {
                EU_BODIES.get(o.of, o.of)
                for o in self.kb.roles_of(pid, day)
                if o.of.startswith(("state/", "org/"))
            }

        return [(a, b) for a, b in pairs if not (states(a) & states(b))]

    def _state_of(self, entity_id: str, view: SentenceView) -> str | None:
        """The state itself, or the state a person holds an office of on the article's day."""
        if entity_id.startswith("state/"):
            return entity_id
        day = view.span.doc._.article_date
        offices = self.kb.roles_of(entity_id, day) or self.kb.offices_by_person.get(
            entity_id, []
        )  # (undated: any)
        return next((o.of for o in offices if o.of.startswith("state/")), None)

    def _in_sequence(self, doc, actors: list[Actor]) -> bool:
        """Actors met one after the other ("Macron on Monday and Starmer on Thursday", "with Carney
        and then with Ishiba"): a word of time or order between two of them."""
        for a, b in zip(actors, actors[1:], strict=False):
            for k in range(a.end, b.start):
                low = doc[k].lower_
                if low in SEQUENCE or low in self.weekdays or low in self.months:
                    return True
        return False

    def _objects(self, doc, after: list[Actor], trigger: int) -> list[Actor]:
        """Actors close enough after a verb to be its objects, and those coordinated with them."""
        # A limit on the distance from the verb was tried and lost more meetings than it saved
        # (dev corpus), so every actor after the verb in its clause counts.
        return after

    def meets(self, view: SentenceView) -> Iterator[Relation]:
        doc = view.toks
        done: set[tuple[str, str]] = set()
        if len({i for a in view.actors if a.type in PARTICIPANT_TYPES for i in a.ids}) < 2:
            return  # every pair is made of two of the sentence's persons or states
        memo = self._meet_memo
        if len(memo) > 200_000:
            memo.clear()
        candidates = []
        for (
            token
        ) in view.tokens:  # a word is a candidate by its form or lemma: decided once per word
            hit = memo.get(token.text)
            if hit is None:
                hit = memo[token.text] = (
                    token.lower_ in self.meet_words or token.lemma_.lower() in self.meet_lemmas
                )
            if hit:
                candidates.append(token)
        for token in candidates:
            low = token.lower_
            is_noun = low in self.meet_nouns or low in self.mediation
            is_verb = (
                low in self.meet_forms
                or low in self.signing
                or (
                    token.lemma_.lower() in self.meet_lemmas
                    and not token.is_title
                    and low not in self.meet_nouns
                )
            )
            if self.lang == "de" and is_verb and token.is_title and not token.is_sent_start:
                is_verb = False  # "das Treffen" is a noun
            if (
                self.lang == "en"
                and is_verb
                and token.i > 0
                and doc[token.i - 1].lower_ in DETERMINERS_EN
            ):
                is_verb = False  # "the negotiating table", "the host"
            if not (is_noun or is_verb):
                continue
            clause = view.clause_of(token.i)
            if is_verb and self._separated(doc, token, clause, self.meet_separable):
                continue  # "trafen am Abend in Brüssel ein": they arrived
            visit = is_verb and low in self.visit_forms
            if (
                is_verb
                and low in self.speak_forms
                and self._meeting_article(view)
                and any(
                    doc[k].lower_ in self.with_words
                    for k in range(max(clause[0], token.i - 8), min(clause[1], token.i + 4))
                )
            ):
                # "Mit Li sprach er über Lieferketten" in an article about a summit: face to face
                pass
            elif (
                is_verb
                and not visit
                and not self._particle_ok(doc, token, self.meet_particles, clause)
            ):
                if not is_noun:
                    continue
                is_verb = False
            pairs, rule = self._meeting_pairs(view, token, is_verb, clause)
            if low == "told" and self.lang == "en":
                # "Putin told Erdogan on Monday that ...": said to his face, in an article about a
                # meeting
                main = view.span.doc._.main_event
                event = (view.span.doc._.events or {}).get(main) if main else None
                obj = next(
                    (
                        a
                        for a in view.actors
                        if a.type == "Person" and token.i < a.start <= token.i + 4
                    ),
                    None,
                )
                subj = next(
                    (
                        a
                        for a in reversed(view.actors)
                        if a.type == "Person"
                        and a.end <= token.i
                        and token.i - a.end <= 3
                        and not a.possessor
                    ),
                    None,
                )
                if (
                    event is None
                    or event.kind not in ("Summit", "Talks", "StateVisit", "Meeting")
                    or obj is None
                    or subj is None
                ):
                    continue
                # what was told ("that ...") may be hypothetical; how it was told may not be by
                # phone
                cut = next(
                    (
                        k
                        for k in range(obj.end, view.span.end)
                        if doc[k].lower_ in ("that", ",", ".")
                    ),
                    view.span.end,
                )
                said = [
                    doc[k].lower_
                    for k in range(
                        max(view.span.start, subj.start - 3), min(cut + 1, view.span.end)
                    )
                ]
                if any(
                    w in self.modality[name]
                    for name in (
                        "phone",
                        "negated",
                        "cancelled",
                        "denied",
                        "hypothetical",
                        "planned",
                    )
                    for w in said
                    if w != "to"
                ):
                    continue
                for a, b in self._cross(list(subj.ids), list(obj.ids)):
                    key = (a, b) if a <= b else (b, a)
                    if key not in done:
                        done.add(key)
                        yield Relation("MEETS", key[0], key[1], view.evidence, 0.7, "meets-told")
                continue
            elif visit and (
                low in self.hand_forms
                or not self._particle_ok(doc, token, self.meet_particles, clause)
            ):
                # "Li hatte Scholz in Berlin besucht", "Modi visited Putin": visiting a person is
                # meeting him; visiting a country or a city is not
                pairs = [
                    (a, b) for a, b in pairs if a.startswith("person/") and b.startswith("person/")
                ]
                if self.lang == "en" and not any(
                    a.type == "Person" and token.i < a.start <= token.i + 4 for a in view.actors
                ):
                    pairs = []  # "visited Beijing, where ...": the person must follow the verb
            if low in self.states_only:
                pairs = [
                    (a, b) for a, b in pairs if a.startswith("state/") and b.startswith("state/")
                ]
            if not pairs or self.modality_of(view, token.i) != "asserted":
                continue
            confidence = 0.9 if rule in ("meets-between", "meets-reciprocal") else 0.8
            for a, b in pairs:
                key = (a, b) if a <= b else (b, a)
                if key in done or a.startswith("person/") != b.startswith("person/"):
                    # persons meet persons, states states: "talks with Indonesia" beside a person is
                    # none
                    continue
                done.add(key)
                yield Relation("MEETS", key[0], key[1], view.evidence, confidence, rule)

    # ------------------------------------------------------------------ ATTENDS
    def attends(
        self,
        view: SentenceView,
        main_event: str | None,
        events: dict[str, Event],
        meetings: Sequence[Relation] = (),
    ) -> Iterator[Relation]:
        """Persons taking part in an event: attendance cues, or meeting in the article's event."""
        if not view.actors:
            return  # every participant is one of the sentence's actors
        yield from self._attends_by_cue(view, main_event, events)
        yield from self.visits(view, events, main_event)
        yield from self.own_visits(view, events)
        yield from self.arrivals(view, main_event, events)
        if not meetings:
            return
        # people who meet in a sentence about an event of the article (summit, talks, visit) take
        # part in it
        event_id = None
        if view.events:
            event_id = view.events[0].event_id
        elif main_event is not None and not any(w in self.past_markers for w in view.words):
            event_id = main_event
        event = events.get(event_id) if event_id else None
        if (
            event_id is None
            or event is None
            or event.kind not in ("Summit", "Talks", "Conference", "StateVisit")
            or event.earlier
        ):
            return  # (who met at an earlier occasion is not said to take part in an event)
        met = {p for rel in meetings for p in (rel.subject, rel.object)}
        if event.kind == "Talks" and len(event.participants | met) <= 2:
            # "X met Y for talks": the talks are the meeting itself, a bare meeting (only MEETS)
            return
        if event.place and self._elsewhere(view, event.place):
            return  # the meeting happened somewhere else than the event
        if not view.events and self._other_day(view, event):
            return  # "received Macron on Monday": a meeting on another day than the event
        if event.date is not None and any(
            t.like_num
            and len(t.text) == 4
            and t.text.isdecimal()
            and 1950 < int(t.text) < 2100
            and int(t.text) != event.date.year
            for t in view.tokens
        ):
            return  # "who met Trump in Helsinki in 2018": another year than the event
        for pid in dict.fromkeys(p for rel in meetings for p in (rel.subject, rel.object)):
            if pid.startswith("person/"):
                event.participants.add(pid)
                yield Relation("ATTENDS", pid, event_id, view.evidence, 0.7, "attends-meeting")

    @staticmethod
    def _meeting_article(view: SentenceView) -> bool:
        """The article is about an occasion where people meet (its main event is a summit, talks, a
        visit or a meeting)."""
        doc = view.span.doc
        event = (doc._.events or {}).get(doc._.main_event) if doc._.main_event else None
        return event is not None and event.kind in ("Summit", "Talks", "StateVisit", "Meeting")

    def _stayed_away(self, view: SentenceView, actor: Actor, cue_clause: tuple[int, int]) -> bool:
        """The actor's clause (other than the cue's) cancels or negates what it says of the
        actor."""
        clause = view.clause_of(actor.start)
        if clause == cue_clause:
            return False
        words = [view.toks[k].lower_ for k in range(clause[0], clause[1])]
        return any(w in self.modality["cancelled"] or w in self.modality["negated"] for w in words)

    @staticmethod
    def _earlier_occasion(words: list[str]) -> bool:
        """The sentence dates what it tells to an earlier week, month or year ("last week", "two
        years ago", "vergangene Woche", "im vergangenen Jahr")."""
        for a, b in zip(words, words[1:], strict=False):
            if (
                a in ("last", "vergangene", "vergangenen", "letzte", "letzten", "vorige", "vorigen")
                and b in PERIODS
            ):
                return True
            if b == "ago" or (a == "vor" and b in PERIODS):
                return True
        return False

    @staticmethod
    def _other_day(view: SentenceView, event: Event) -> bool:
        """The sentence dates what it tells more than two days away from the event."""
        if event.date is None:
            return False
        return any(d.precision == "day" and abs((d.date - event.date).days) > 2 for d in view.dates)

    @staticmethod
    def _cue_part(view: SentenceView, clause: tuple[int, int], trigger: int) -> tuple[int, int]:
        """The sentence up to a ", and" / ", but" / ";" after the trigger that starts another
        statement ("..., and the two sides also discussed ... last year")."""
        doc = view.toks
        for k in range(trigger + 1, clause[1] - 1):
            if doc[k].text == ";" or (
                doc[k].text == ","
                and doc[k + 1].lower_ in ("and", "but", "und", "aber", "while", "während")
            ):
                return view.span.start, k
        return view.span.start, view.span.end

    def _elsewhere(
        self,
        view: SentenceView,
        place: str,
        within: tuple[int, int] | None = None,
        skip: AbstractSet[int] = frozenset(),
    ) -> bool:
        """The sentence (or its part ``within``, without the positions ``skip``) places what it
        tells at another place than ``place``."""
        doc = view.toks
        place_entry = self.kb.get(place)
        for ent in view.ents:
            if ent.label_ not in ("Place", "State") or ent.ent_id_ == place or ent.start in skip:
                continue
            if within is not None and not within[0] <= ent.start < within[1]:
                continue
            # "in Antalya", and for towns and venues "in the Turkish resort of Antalya"
            k = ent.start - 1
            while (
                ent.label_ == "Place"
                and k > view.span.start
                and ent.start - k < 6
                and doc[k].lower_ not in ("in", "nach", "to", "at", "im")
                and (
                    doc[k].lower_ in ("of", "the", "von", "der", "des")
                    or doc[k].is_lower
                    or doc[k].lower_ in self.kb.state_adjectives.get(self.lang, {})
                )
            ):
                k -= 1
            if k >= view.span.start and doc[k].lower_ in ("in", "nach", "to", "at", "im"):
                entry = self.kb.get(ent.ent_id_)
                if (
                    place_entry is not None
                    and entry is not None
                    and place_entry.state == ent.ent_id_
                ):
                    continue  # "in Switzerland" for an event in Geneva
                return True
        return False

    def arrivals(
        self, view: SentenceView, main_event: str | None, events: dict[str, Event]
    ) -> Iterator[Relation]:
        """Persons arriving at the place of the article's event take part in it ("kamen nach
        Elmau")."""
        event = events.get(main_event) if main_event else None
        if event is None:
            return
        named = any(e.event_id == main_event for e in view.events)
        if not event.place and not named:
            # (where the event is unknown, the sentence must name it: "after landing in Oslo, ... at
            # the conference")
            return
        doc = view.toks
        for token in view.find(self.arrival_verbs):
            clause = view.clause_of(token.i)
            if token.lower_ in self.separable_arrivals and not self._separated(
                doc, token, clause, self.separable_arrivals
            ):
                continue  # "trafen" arrives only with its particle ("trafen ... ein")
            if self.modality_of(view, token.i) != "asserted":
                continue
            target = None
            for ent in view.ents:
                if (
                    clause[0] <= ent.start < clause[1]
                    and ent.label_ in ("Place", "State")
                    and ent.start > 0
                    and doc[ent.start - 1].lower_ in ("nach", "in", "to", "at")
                ):
                    target = ent.ent_id_
                    break
            if target is None or (event.place and target != event.place):
                continue
            # "Shortly after arriving in Geneva, Wang Yi said": the speaker is the one who arrived
            adverbial = token.i > view.span.start and doc[token.i - 1].lower_ in (
                "after",
                "upon",
                "nach",
            )
            for actor in view.actors:
                if (
                    actor.type == "Person"
                    and clause[0] <= actor.start < clause[1]
                    and (not actor.speaker or adverbial)
                ):
                    for pid in actor.ids:
                        event.participants.add(pid)
                        yield Relation(
                            "ATTENDS", pid, event.id, view.evidence, 0.7, "attends-arrival"
                        )
            return

    def own_visits(self, view: SentenceView, events: dict[str, Event]) -> Iterator[Relation]:
        """Whose visit it was attends it: a person owning a visit noun ("his state visit in
        March 2023", "Xi's visit", "Modis Besuch im Jahr 2019", "sein erster Staatsbesuch")
        is its visitor, destination named or not."""
        doc = view.toks
        for mention in view.events:
            event = events.get(mention.event_id)
            if event is None or event.kind != "StateVisit":
                continue
            owner = None
            for actor in view.actors:
                if actor.type != "Person" or actor.end > mention.start:
                    continue
                if not (
                    actor.possessor
                    or doc[actor.start].lower_ in POSSESSIVE_PRONOUNS
                    or (actor.end < len(doc) and doc[actor.end].text in ("'s", "’s", "'", "’"))
                    or (self.lang == "de" and doc[actor.end - 1].lower_.endswith("s"))
                ):  # "his visit", "Scholz's visit", "Modis Besuch"
                    continue
                between = [doc[k] for k in range(actor.end, mention.start)]
                if len(between) <= 3 and all(
                    t.text in ("'s", "’s", "'", "’") or (t.is_lower and t.is_alpha) for t in between
                ):
                    owner = actor
            if owner is None or self.modality_of(view, mention.start) != "asserted":
                continue
            for pid in owner.ids:
                event.participants.add(pid)
                yield Relation("ATTENDS", pid, event.id, view.evidence, 0.7, "attends-own-visit")

    def visits(
        self, view: SentenceView, events: dict[str, Event], main_event: str | None = None
    ) -> Iterator[Relation]:
        """A person visiting a state or place takes part in that visit (an event of its own), or in
        the article's summit or conference when it is held there ("his first visit to Canada" in an
        article about the G7 summit in Kananaskis)."""
        doc = view.toks
        for token in view.find(self.visit_words):
            clause = view.clause_of(token.i)
            if self.modality_of(view, token.i) != "asserted":
                continue
            persons = [
                a
                for a in view.actors
                if a.type == "Person" and clause[0] <= a.start < clause[1] and not a.speaker
            ]
            if not persons:
                continue
            before = [a for a in persons if a.end <= token.i]
            visitor = (
                before[-1]
                if before and self.lang == "en"
                else (before[0] if before else persons[0])
            )
            destination = None
            for ent in sorted(
                view.doc_ents, key=lambda e: (e.start <= token.i, abs(e.start - token.i))
            ):
                if ent.start < token.i and (
                    ent.start == 0 or doc[ent.start - 1].lower_ not in ("in", "nach", "to")
                ):
                    continue  # before the trigger only as "arrived in X on a visit"
                if (
                    clause[0] <= ent.start < min(clause[1], token.i + 6)
                    and ent.label_ in ("State", "Place")
                    and not any(a.start <= ent.start < a.end for a in persons)
                ):
                    destination = ent
                    break
            if destination is None:
                continue
            event_id = next(
                (
                    e.event_id
                    for e in view.events
                    if events.get(e.event_id) and events[e.event_id].kind == "StateVisit"
                ),
                None,
            )
            main = events.get(main_event) if main_event else None
            if (
                event_id is None
                and main is not None
                and main.kind in ("Summit", "Conference")
                and main.place
                and destination.ent_id_
                in (main.place, getattr(self.kb.get(main.place), "state", None))
            ):
                event_id = main.id
            if event_id is None:
                event_id = (
                    f"event/{view.span.doc._.article_id}"
                    f"-visit-{destination.ent_id_.rpartition('/')[2]}"
                )
                if event_id not in events:
                    entry = self.kb.get(destination.ent_id_)
                    name = entry.name if entry else destination.text
                    year = view.span.doc._.article_date.year if view.span.doc._.article_date else ""
                    events[event_id] = Event(
                        id=event_id,
                        kind="StateVisit",
                        label=f"Visit to {name} {year}".strip(),
                        date=view.span.doc._.article_date,
                        date_precision="day" if view.span.doc._.article_date else None,
                        date_source="article",
                        place=destination.ent_id_ if destination.label_ == "Place" else None,
                    )
            events[event_id].surface_forms.add(token.text)
            for pid in visitor.ids:
                events[event_id].participants.add(pid)
                yield Relation("ATTENDS", pid, event_id, view.evidence, 0.7, "attends-visit")
            return

    def _after_occasion_phrase(self, view: SentenceView, trigger: int) -> bool:
        """The trigger follows an occasion phrase ("zu Beginn des Gipfels", "at the opening of the
        summit")."""
        words, base = view.words, view.span.start
        for p in self.occasion_phrases:
            for gap in (0, 1, 2):  # the article between: "des", "of the"
                end = trigger - gap - base
                if end - len(p) >= 0 and tuple(words[end - len(p) : end]) == p:
                    return True
        return False

    def _occasion(self, view: SentenceView) -> tuple[int, int] | None:
        """Where a phrase starts that dates the clause inside an event named right after it ("zu
        Beginn des Gipfels", "at the opening of the summit"; not "zu Beginn der Woche"), and where
        the event's name ends."""
        words = view.words
        for token in view.find(self.occasion_starts):
            k = token.i - view.span.start
            for p in self.occasion_phrases:
                if tuple(words[k : k + len(p)]) != p:
                    continue
                event = next(
                    (e for e in view.events if 0 <= e.start - (token.i + len(p)) <= 2), None
                )
                if event is not None:
                    return token.i, event.end
        return None

    @staticmethod
    def _speaks_at(actor: Actor, occasion: tuple[int, int]) -> bool:
        """The speaker's words are the ones the occasion phrase dates: "Starmer sagte zu Beginn des
        Gipfels", "At the opening of the summit, Carney said" (not "..., X wrote on X" at the
        end)."""
        start, end = occasion
        return 0 <= start - actor.end <= 3 or 0 <= actor.start - end <= 5

    def _attends_by_cue(
        self, view: SentenceView, main_event: str | None, events: dict[str, Event]
    ) -> Iterator[Relation]:
        words = view.words
        trigger = None
        for token in view.find(self.attend_forms):
            if (
                self.lang == "de"
                and token.lower_ == "teil"
                and not any(
                    w in ("nahm", "nahmen", "nehmen", "nimmt", "nehme", "nähmen") for w in words
                )
            ):
                continue
            if (
                self.lang == "en"
                and token.lower_ in ("took", "take", "takes", "taking")
                and "part" not in words
            ):
                continue
            if (
                self.lang == "en"
                and token.lower_ in ("led", "leads", "leading")
                and not any(
                    w in ("delegation", "team", "side", "delegations", "talks", "negotiations")
                    for w in words
                )
            ):
                continue
            if (
                self.lang == "de"
                and token.lower_
                in ("leitete", "leiteten", "geleitet", "leitet", "führte", "angeführt", "anführte")
                and not any(
                    w.endswith(
                        (
                            "delegation",
                            "gespräche",
                            "verhandlungen",
                            "gipfel",
                            "treffen",
                            "sitzung",
                            "konferenz",
                            "seite",
                            "team",
                        )
                    )
                    for w in words
                )
            ):
                continue
            if (
                self.lang == "de"
                and token.lower_ in ("führte", "führten", "führt", "führe")
                and any(
                    a.endswith(("gespräche", "gespräch", "verhandlungen", "unterredung"))
                    and b == "mit"
                    for a, b in zip(words, words[1:], strict=False)
                )
            ):
                continue  # "führte Gespräche mit X": held talks with X (a meeting), not led them
            if (
                token.lower_ in ("including", "darunter", "among")
                and not view.events
                and main_event is None
            ):
                continue
            if token.lower_ in self.attend_need_event:
                clause = view.clause_of(token.i)
                if not any(clause[0] <= e.start < clause[1] for e in view.events):
                    continue  # "an der Planung des Angriffs beteiligt": no event
            trigger = token.i
            break
        phrase_trigger = False
        occasion = self._occasion(view) if trigger is None else None
        if occasion is not None:
            trigger = occasion[0]
        if trigger is None:
            phrase_trigger = True
            # the first word of the sentence that starts one of the phrases
            for token in view.find(self.attend_phrase_starts):
                k = token.i - view.span.start
                if any(
                    p[0] == words[k] and tuple(words[k : k + len(p)]) == p
                    for p in self.attend_phrases
                ):
                    trigger = token.i
                    break
        if trigger is None:
            return
        # (not yet for attendance cues: "bevor er den Vertrag unterzeichnet" attends nothing, but
        # dropping it cost a hit on corpus/events whose main event is misdated, so it stays for now)
        modality = self.modality_of(view, trigger, yet_to_come=False)
        if modality not in ("asserted",):
            return
        # the event: nearest event mention in the sentence, else the article's main event
        # the event: an event mention in the trigger's clause (or a main-event mention anywhere in
        # the sentence), else the article's main event
        event_id = None
        clause = view.clause_of(trigger)
        in_clause = [e for e in view.events if clause[0] <= e.start < clause[1]]
        main_mentions = [e for e in view.events if e.event_id == main_event]
        if in_clause:
            event_id = min(in_clause, key=lambda e: abs(e.start - trigger)).event_id
        elif main_mentions:
            event_id = main_event
        elif (
            main_event is not None
            and (any(w in self.attend_forms for w in words) or phrase_trigger)
            and not self._earlier_occasion(
                [view.toks[k].lower_ for k in range(*self._cue_part(view, clause, trigger))]
            )
        ):
            # ("who hosted him last week": another occasion)
            event = events.get(main_event)
            inserted = (
                self._inserted_relative(view.toks, view.span.start, trigger)
                if self.lang == "en"
                else frozenset()
            )
            if (
                event is not None
                and event.place
                and self._elsewhere(
                    view, event.place, self._cue_part(view, clause, trigger), inserted
                )
            ):
                return  # attending something elsewhere, not the article's event
            if event is not None and self._other_day(view, event):
                return  # on another day than the article's event
            event_id = main_event
        if event_id is None:
            return
        # the sentence's persons, but not those of another clause that says they stayed away ("He
        # skipped the sessions, where the US was represented by X")
        # (a speaker too where what he says is dated inside the event: "X sagte zu Beginn des
        # Gipfels")
        persons = [
            a
            for a in view.actors
            if a.type == "Person"
            and not a.possessor
            and (not a.speaker or (occasion is not None and self._speaks_at(a, occasion)))
            and not self._stayed_away(view, a, clause)
        ]
        if self.lang == "de":
            # "Putin kam nicht, Russland wurde von Lawrow vertreten": who the clause before says
            # stayed away
            main = self._german_main_clause(view.toks, trigger, clause[0])
            persons = [
                a
                for a in persons
                if a.start >= main
                or not any(
                    view.toks[k].lower_ in self.modality["negated"]
                    or view.toks[k].lower_ in self.modality["cancelled"]
                    for k in range(a.end, main)
                )
            ]
        seen: set[str] = set()
        for actor in persons:
            for pid in actor.ids:
                if pid in seen:
                    continue
                seen.add(pid)
                events[event_id].participants.add(pid)
                yield Relation("ATTENDS", pid, event_id, view.evidence, 0.8, "attends-sentence")

    # ------------------------------------------------------------------ REPORTS
    def reports(
        self, view: SentenceView, last_outlet: str | None, continued: bool = False
    ) -> Iterator[Relation]:
        doc = view.toks
        words = view.words
        yielded: set[str] = set()
        inside: set[int] = set()  # outlets inside another outlet's apposition
        for outlet in view.outlets:
            if outlet.start in inside:
                continue
            before = [
                doc[k].lower_ for k in range(max(view.span.start, outlet.start - 4), outlet.start)
            ]
            near = [
                doc[k].lower_
                for k in range(
                    max(view.span.start, outlet.start - 8), min(view.span.end, outlet.end + 8)
                )
                if not outlet.start <= k < outlet.end
            ]
            if outlet.end < view.span.end and doc[outlet.end].text == ",":
                # "the Global Times, a tabloid run by the People's Daily, said ...": look past the
                # apposition
                close = next(
                    (
                        k
                        for k in range(outlet.end + 1, min(view.span.end, outlet.end + 16))
                        if doc[k].text == ","
                    ),
                    None,
                )
                if close is not None:
                    near += [doc[k].lower_ for k in range(close + 1, min(view.span.end, close + 4))]
                    inside.update(o.start for o in view.outlets if outlet.end < o.start < close)
            cue = any(w in self.report_before for w in before) or any(
                w in self.report_forms for w in near
            )
            if not cue:
                continue
            after = [doc[k].lower_ for k in range(outlet.end, min(view.span.end, outlet.end + 8))]
            if any(w in self.modality["negated"] or w == "unable" for w in after[:4]) and any(
                w.startswith(
                    ("verif", "confirm", "überprüf", "bestätig", "unabhängig", "independent")
                )
                for w in after
            ):
                continue  # "Reuters could not independently verify the report"
            for oid in outlet.ids:
                if oid not in yielded:
                    yielded.add(oid)
                    yield Relation(
                        "REPORTS", oid, "", view.evidence, 0.85, "reports-cue", modality="reported"
                    )
        if not view.outlets and last_outlet is not None:
            if (
                continued
                and any(w in self.reported_speech for w in words)
                and not any(a.speaker for a in view.actors)
                and not any(w in self.speech_verbs for w in words)
                and '"' not in view.span.text
            ):
                # German reported speech (Konjunktiv I) right after a report goes on with that
                # report
                yield Relation(
                    "REPORTS",
                    last_outlet,
                    "",
                    view.evidence,
                    0.6,
                    "reports-continued",
                    modality="reported",
                )
                return
            starts = any(tuple(words[: len(p)]) == p for p in self.report_anaphor_start)
            anaphor = any(
                w in self.report_anaphors
                and (i > 0 and words[i - 1] in ("the", "die", "das", "der", "dem", "des"))
                for i, w in enumerate(words)
            ) and any(w in self.report_forms for w in words)
            if starts or anaphor:
                yield Relation(
                    "REPORTS",
                    last_outlet,
                    "",
                    view.evidence,
                    0.6,
                    "reports-anaphor",
                    modality="reported",
                )

    # ------------------------------------------------------------------ PROPOSES
    def _owner(self, view: SentenceView, token_i: int) -> Actor | None:
        """The agent of a proposal noun: "Putins Vorschlag", "Vorschlag von X", "the US proposal",
        "der ukrainische Vorschlag", "Washington's offer"."""
        doc = view.toks
        token = doc[token_i]
        if (
            token_i - 2 >= view.span.start
            and doc[token_i - 1].lower_ in BACKED
            and doc[token_i - 2].text == "-"
        ):
            # "a Washington-backed plan", "the US-drafted resolution"
            for actor in view.actors:
                if actor.end == token_i - 2 and actor.type in AGENT_TYPES:
                    return actor
        if "-" in token.text:
            ref = _prefix_ref(token.text.rpartition("-")[0], self.kb)
            if ref:
                return Actor(
                    token_i,
                    token_i + 1,
                    (ref,),
                    "State" if ref.startswith("state/") else "Organization",
                )
        k = token_i - 1
        while k >= view.span.start and doc[k].lower_ in (
            "own",
            "eigenen",
            "eigene",
            "eigener",
            "new",
            "neuen",
            "neue",
            "neuer",
            "jüngsten",
            "latest",
        ):
            k -= 1
        if k >= view.span.start and (
            doc[k].lower_ == "your"
            or (self.lang == "de" and doc[k].text in SECOND_PERSON_DE and not doc[k].is_sent_start)
        ):
            # "Ich danke Ihnen für Ihre Einladung", said to someone: the one spoken to owns it
            return self._spoken_to(view)
        j = k
        while (
            j > view.span.start
            and k - j < 3
            and doc[j].is_lower
            and doc[j].is_alpha
            and doc[j].lower_ not in POSSESSIVE_DETERMINERS
            and doc[j].lower_ not in FUNCTION_WORDS
        ):
            j -= 1  # "his ambitious climate plan", "seinen umstrittenen Friedensplan"
        if j < k and doc[j].lower_ in POSSESSIVE_DETERMINERS:
            k = j
        if k >= view.span.start and doc[k].lower_ in POSSESSIVE_DETERMINERS:
            # "bekräftigte sein Angebot", "renewed his offer": the clause's subject owns it
            clause = view.clause_of(token_i)
            subject = next(
                (
                    a
                    for a in view.actors
                    if clause[0] <= a.start < k
                    and a.type in AGENT_TYPES
                    and not self._after_preposition(doc, a)
                ),
                None,
            )
            if subject is not None:
                return subject
        if self.lang == "en":
            # "Trump's Middle East peace plan": back over up to four modifiers to a possessive
            j = k
            while (
                j > view.span.start
                and j > k - 4
                and doc[j].is_alpha
                and doc[j].text not in ("'s", "’s")
                and doc[j].lower_ not in ("the", "a", "an", "and", "of", "to", "for", "with", "by")
            ):
                j -= 1
            if doc[j].text in ("'s", "’s"):
                for actor in view.actors:
                    if actor.end == j and actor.type in AGENT_TYPES:
                        return actor
        by_at = next(
            (
                j
                for j in range(token_i + 1, min(view.span.end, token_i + 4))
                if doc[j].lower_ in ("by", "von", "vom")
            ),
            None,
        )
        if by_at is not None:
            for actor in view.actors:
                if actor.type in AGENT_TYPES and by_at < actor.start <= by_at + 4:
                    return actor  # "an initiative pushed by Macron"
        if k >= view.span.start:
            adjectives = self.kb.state_adjectives.get(self.lang, {})
            ref = adjectives.get(doc[k].lower_)
            if (
                ref is None
                and self.lang == "en"
                and k > view.span.start
                and doc[k].is_lower
                and doc[k].lower_ not in FUNCTION_WORDS
            ):
                k -= 1  # "the Brazilian peace plan", "the Indian ceasefire proposal"
                ref = adjectives.get(doc[k].lower_)
            if ref:
                return Actor(k, k + 1, (ref,), "State")
        for actor in view.actors:
            if actor.type not in AGENT_TYPES:
                continue
            if actor.end == k + 1 and (self.lang == "de" or doc[k].text not in ("'s", "’s")):
                if self.lang == "de" and not doc[actor.end - 1].text.endswith("s"):
                    continue  # "Putins Vorschlag" needs the genitive
                return actor
            if actor.end == k and doc[k].text in ("'s", "’s"):
                return actor
            if (
                token_i + 1 < actor.start <= token_i + 5
                and doc[token_i + 1].lower_
                in ("von", "by", "of", "des", "der", "from", "aus", "vom")
                and all(self._modifier(doc[k]) for k in range(token_i + 2, actor.start))
            ):
                # "proposal by French President X", "Vorschlag des ukrainischen Präsidenten X"
                return actor
            if (
                actor.start == token_i + 1
                and self.lang == "de"
                and doc[actor.end - 1].text.endswith("s")
            ):
                return actor  # "der Vorschlag Putins"
        return None

    def _modifier(self, token: Tok) -> bool:
        """A word that can stand between a preposition and the person or state it introduces: an
        article, a title or name, a state adjective, a German adjective ("des ukrainischen")."""
        low = token.lower_
        return (
            low in ARTICLE_WORDS
            or token.text[:1].isupper()
            or low in self.kb.state_adjectives.get(self.lang, {})
            or (
                self.lang == "de" and token.is_alpha and low.endswith(("e", "en", "er", "es", "em"))
            )
        )

    @staticmethod
    def _after_by(doc, start: int) -> bool:
        """The mention at ``start`` follows "by"/"von", perhaps with titles between ("proposed by
        Treasury Secretary Scott Bessent", "von Bundeskanzler Merz")."""
        k = start - 1
        while (
            k >= 0
            and start - k <= 4
            and (
                (doc[k].text[:1].isupper() and doc[k].is_alpha)
                or doc[k].lower_ in ("the", "der", "dem", "den", "des")
            )
        ):
            k -= 1  # ("von der Türkei", "by the United States")
        return k >= 0 and doc[k].lower_ in ("by", "von", "vom")

    def _after_preposition(self, doc, actor: Actor) -> bool:
        """The actor stands in a prepositional phrase ("mit dem schwedischen Premier X und Y")."""
        k = actor.start - 1
        while (
            k >= 0
            and k > actor.start - 12
            and (
                doc[k].lower_ in ("the", "der", "die", "dem", "den", "des", "and", "und")
                or (
                    doc[k].text == "," and k - 1 in self._actor_tokens
                )  # "mit X, Y und Z", not across clauses
                or doc[k].text[:1].isupper()
                or (
                    doc[k].is_lower
                    and doc[k].lower_.endswith(("e", "en", "er", "es", "em"))
                    and doc[k].lower_ not in ("sie", "er", "die")
                )
            )
        ):
            if doc[k].lower_ in PP_PREPOSITIONS:
                break
            k -= 1
        if (
            k >= 1
            and k + 1 < actor.start
            and doc[k + 1].lower_ in RELATIVE_AFTER_PREP
            and doc[k - 1].text == ","
        ):
            # ", zu dem Präsident Macron ... eingeladen hatte": the preposition takes the relative
            # pronoun
            return False
        return k >= 0 and doc[k].lower_ in PP_PREPOSITIONS

    def _antecedent(self, view: SentenceView, clause: tuple[int, int]) -> Actor | None:
        """The actor a relative clause refers to ("X, der/who ...")."""
        doc = view.toks
        if clause[0] <= view.span.start or doc[clause[0]].lower_ not in RELATIVES:
            return None
        before = [a for a in view.actors if a.end <= clause[0] and a.type in AGENT_TYPES]
        return before[-1] if before else None

    def _subject_group(self, doc: list[Tok], agents: list[Actor], pick: Actor) -> list[Actor]:
        """The agent and those coordinated with it ("Alijew und Paschinjan schlugen vor")."""
        group = [pick]
        idx = agents.index(pick)
        for direction in (-1, 1):
            j = idx
            while 0 <= j + direction < len(agents):
                a, b = (
                    (agents[j + direction], agents[j])
                    if direction < 0
                    else (agents[j], agents[j + direction])
                )
                between = a.end, b.start
                words = [doc[k].lower_ for k in range(*between)]
                # "Merz und der französische Präsident Emmanuel Macron schlugen vor"
                if (
                    words
                    and words[0] in ("and", "und", ",", "sowie")
                    and len(words) <= 6
                    and not any(
                        w in ("a", "an", "ein", "eine")
                        for w in words  # ", a U.S. treaty ally": an apposition
                    )
                    and all(
                        w in ("and", "und", ",", "sowie", "the") or self._modifier(doc[k])
                        for w, k in zip(words, range(*between), strict=True)
                    )
                ):
                    group.append(agents[j + direction])
                    j += direction
                else:
                    break
        return sorted(group, key=lambda a: a.start)

    def _spoken_to(self, view: SentenceView) -> Actor | None:
        """Whom the sentence's speaker speaks to: "sagte (Macron) zu Meloni", "said to X", "told
        X"."""
        doc = view.toks
        for verb in view.find(self.speech_verbs):
            to = next(
                (
                    j
                    for j in range(verb.i + 1, min(view.span.end, verb.i + 6))
                    if doc[j].lower_ in ("zu", "to", "gegenüber")
                ),
                None,
            )
            lo, hi = (
                (to + 1, to + 5)
                if to is not None
                else (verb.i + 1, verb.i + 4)
                if verb.lower_ in ("told", "tells")
                else (0, 0)
            )
            found = next(
                (a for a in view.actors if lo <= a.start < hi and a.type in PARTICIPANT_TYPES), None
            )
            if found is not None:
                return found
        return None

    def _attributive(self, low: str) -> bool:
        """A German proposal participle with an attribute's ending ("vorgelegten",
        "vorgeschlagene")."""
        return self.lang == "de" and any(
            low.endswith(end) and low[: -len(end)] in self.participles
            for end in ("en", "er", "es", "em", "e")
        )

    def _attributive_agent(self, view: SentenceView, token: Tok) -> Actor | None:
        """The agent of a participle attribute: "der von Macron vorgelegte Stufenplan" (the actor
        after "von" right before the participle, a noun or its adjective right after it)."""
        doc = view.toks
        nxt = doc[token.i + 1] if token.i + 1 < view.span.end else None
        if nxt is None or not (
            nxt.text[:1].isupper()
            or (nxt.is_lower and nxt.lower_.endswith(("e", "en", "er", "es", "em")))
        ):
            return None
        return next(
            (
                a
                for a in view.actors
                if a.end == token.i and a.type in AGENT_TYPES and self._after_by(doc, a.start)
            ),
            None,
        )

    def _controls_infinitive(self, view: SentenceView, speaker: Actor, trigger: int) -> bool:
        """The speaker is the subject of an English infinitive after his own words: "X stated his
        intention to offer" (no one else, no "that" and no quote between)."""
        doc = view.toks
        if (
            self.lang != "en"
            or doc[trigger - 1].lower_ != "to"
            or not 0 < trigger - speaker.end <= 6
        ):
            return False
        if any(speaker.end <= a.start < trigger for a in view.actors):
            return False
        return not any(
            doc[k].lower_ in ("that", ",", "he", "she", "they", "it") or doc[k].text in QUOTE_MARKS
            for k in range(speaker.end, trigger)
        )

    def _quote_speaker(
        self, view: SentenceView, trigger: int, clause: tuple[int, int]
    ) -> Actor | None:
        """The speaker of a first-person quote the trigger stands in ("'I put an idea to Barrot,' he
        said", "Tusk erklärte: „Wir bieten Kiew Hilfe an.“"): "I"/"we" of the trigger's clause is
        the speaker, named outside the quote before or after it."""
        doc = view.toks
        first = next(
            (
                k
                for k in range(clause[0], min(clause[1], trigger + 2))
                if doc[k].lower_ in FIRST_PERSON and (k < trigger or self.lang == "de")
            ),
            None,
        )
        if first is None:
            return None
        quotes = [k for k in range(view.span.start, view.span.end) if doc[k].text in QUOTE_MARKS]
        after = next(
            (
                a
                for a in view.actors
                if a.speaker and a.start > trigger and any(trigger < k < a.start for k in quotes)
            ),
            None,
        )
        if after is not None:
            return after  # '..., " he said', "“, sagte Wadephul"
        return next(
            (
                a
                for a in reversed(view.actors)
                if a.speaker and a.end <= first and any(a.end <= k < first for k in quotes)
            ),
            None,
        )  # 'Meloni said: "I ...'

    def proposes(self, view: SentenceView, previous: list[Relation]) -> Iterator[Relation]:
        doc = view.toks
        self._actor_tokens = {k for a in view.actors for k in range(a.start, a.end)}
        done: set[str] = set()
        memo = self._propose_memo
        if len(memo) > 200_000:
            memo.clear()
        candidates = []
        for token in (
            view.tokens
        ):  # a word is a candidate by its form or its last part: decided once per word
            hit = memo.get(token.lower_)
            if hit is None:
                low = token.lower_
                base = low.rpartition("-")[2]
                hit = memo[low] = (
                    low in self.propose_words
                    or base in self.propose_words
                    or self._attributive(low)
                )
            if hit:
                candidates.append(token)
        for token in candidates:
            low = token.lower_
            base = low.rpartition("-")[2] if "-" in low else low
            attributive = None
            if low not in self.propose_words and base not in self.propose_words:
                # "den von Moskau vorgeschlagenen Waffenstillstand": the agent after "von" proposes
                attributive = self._attributive_agent(view, token)
                if attributive is None:
                    continue
            is_noun = low in self.propose_nouns or base in self.propose_nouns
            if self.lang == "de" and is_noun and not token.text[:1].isupper():
                is_noun = False
            if (
                self.lang == "en"
                and is_noun
                and low in self.propose_forms
                and token.i > view.span.start
                and doc[token.i - 1].lower_ == "to"
            ):
                is_noun = (
                    False  # "stated his intention to offer": a verb after the infinitive's "to"
                )
            clause = view.clause_of(token.i)
            table = self.propose_particles
            key = low if low in table else base
            if key in table:
                need = table[key]
                if self.lang == "en":
                    window = [
                        doc[k].lower_
                        for k in range(
                            max(view.span.start, token.i - 4), min(view.span.end, token.i + 5)
                        )
                        if k != token.i
                    ]
                else:
                    window = [doc[k].lower_ for k in range(clause[0], clause[1]) if k != token.i]
                if not _has_particle(window, need):
                    continue
            modality = self.modality_of(view, token.i)
            if any(
                doc[k].lower_ in ("whether", "ob")
                for k in range(max(clause[0], token.i - 4), token.i)
            ):
                continue  # "Asked whether he had invited Biden"
            owner = self._owner(view, token.i) if is_noun else None
            if modality in ("negated", "denied") and owner is None:
                continue  # "X's proposal was not accepted" still is X's proposal
            clause_words = [doc[k].lower_ for k in range(clause[0], clause[1])]
            # a speaker is no agent, except of this very verb ("Macron suggested that ..."); nor is
            # a name that qualifies an event ("the next APEC summit")
            agents = [
                a
                for a in view.actors
                if a.type in AGENT_TYPES
                and clause[0] <= a.start < clause[1]
                and not a.objective
                # nor one who only qualifies someone else ("Berater von Kanzler Scholz"; "X's" stays
                # an owner)
                and not (a.possessor and a.end < len(doc) and doc[a.end].lower_ not in ("'s", "’s"))
                and (
                    not a.speaker
                    or a.end == token.i
                    or (a.end + 1 == token.i and doc[a.end].text == ",")
                    or self._controls_infinitive(view, a, token.i)
                )
                and not (a.end < len(doc) and doc[a.end].lower_ in self.lex.events)
            ]
            group: list[Actor] = []
            shared_subject = False
            quoted = (
                self._quote_speaker(view, token.i, clause)
                if owner is None and attributive is None
                else None
            )
            if attributive is not None:
                group = [attributive]
            elif quoted is not None:
                group = [quoted]  # "'I put an idea to Barrot,' he said": the speaker proposes
            elif is_noun:
                if owner is not None:
                    group = [owner]
                elif agents and (
                    any(w in self.support_verbs for w in clause_words)
                    or (
                        low in self.readiness_nouns
                        and any(w in self.readiness_verbs for w in clause_words)
                    )
                ):  # "legte einen Plan vor"; "expressed readiness to supply"
                    before = [a for a in agents if a.end <= token.i]
                    pick = before[0] if before else agents[0]
                    if self.lang == "en" and before:
                        # the subject of the support verb: "X said Turkey and the U.N. had worked
                        # out new proposals" (English puts it right before the verb)
                        support = [
                            k
                            for k in range(clause[0], token.i)
                            if doc[k].lower_ in self.support_verbs
                        ]
                        subjects = [a for a in before if support and a.end <= support[-1]]
                        if subjects:
                            pick = subjects[-1]
                    group = self._subject_group(doc, agents, pick)
                else:
                    continue
            else:
                # English passives have the auxiliary right before the participle ("was proposed",
                # "had been invited"); German ones anywhere in the clause ("wurde ...
                # vorgeschlagen")
                aux_words = (
                    clause_words
                    if self.lang == "de"
                    else [doc[k].lower_ for k in range(max(clause[0], token.i - 3), token.i)]
                )
                passive = any(
                    w in self.passive_aux for w in aux_words if w not in ("von", "vom", "by")
                ) or (
                    low in self.participles
                    and any(
                        w in ("würde", "würden", "werden", "wird", "werde") for w in clause_words
                    )
                )
                impersonal = [k for k in range(clause[0], token.i) if doc[k].lower_ in IMPERSONAL]
                if impersonal and not any(a.end <= impersonal[0] for a in agents):
                    continue  # "man werde die Ukraine einladen": the subject is no entity
                by_agent = [a for a in agents if self._after_by(doc, a.start)]
                if passive:
                    if not by_agent:
                        continue  # "Er war eingeladen worden": the invited, not the one who invites
                    group = self._subject_group(
                        doc, agents, by_agent[0]
                    )  # "invited by Trump and Sisi"
                elif (
                    self.lang == "en"
                    and low.endswith("ing")
                    and token.i > view.span.start
                    and doc[token.i - 1].text == ","
                ):
                    # ", inviting the U.S. president to ...": the main clause's subject proposes
                    main = [
                        a
                        for a in view.actors
                        if a.type in AGENT_TYPES
                        and a.end <= token.i
                        and not a.speaker
                        and not self._after_preposition(doc, a)
                    ]
                    group = main[:1]
                else:
                    before = [
                        a
                        for a in agents
                        if a.end <= token.i and not self._after_preposition(doc, a)
                    ]
                    after = [a for a in agents if a.start > token.i]
                    antecedent = self._antecedent(view, clause)
                    speaker = next(
                        (
                            a
                            for a in view.actors
                            if a.speaker
                            and a.type in AGENT_TYPES
                            and a.end <= token.i
                            and any(
                                doc[k].lower_ in SUBJECT_PRONOUNS for k in range(a.end, token.i)
                            )
                        ),
                        None,
                    )
                    if (
                        before
                        and self.lang == "de"
                        and any(
                            doc[k].lower_ in SUBJECT_PRONOUNS
                            for k in range(clause[0], before[0].start)
                        )
                    ):
                        # "hatte er X und Y eingeladen" with "er" unknown: X and Y are the invited
                        continue
                    k = token.i - 1
                    if k > view.span.start and doc[k].lower_ in (
                        "also",
                        "then",
                        "later",
                        "auch",
                        "dann",
                        "zudem",
                    ):
                        k -= 1
                    coordinated = k > view.span.start and doc[k].lower_ in ("and", "und")
                    main = (
                        [
                            a
                            for a in view.actors
                            if a.type in AGENT_TYPES
                            and a.end <= k
                            and not a.objective
                            and not self._after_preposition(doc, a)
                        ]
                        if coordinated
                        else []
                    )
                    if main and not any(a.start > k for a in before):
                        # "X announced that Japan would host it, and offered to ...", "X hugged Y
                        # and invited him": the verb after "and" shares the sentence's subject
                        group = main[:1]
                        shared_subject = True
                    elif before:
                        pick = before[0] if self.lang == "de" else before[-1]
                        if (
                            self.lang == "en"
                            and len(before) >= 2
                            and any(doc[k].text == "," for k in range(pick.end, token.i))
                            and any(doc[k].text == "," for k in range(before[-2].end, pick.start))
                        ):
                            # "Thailand, a U.S. treaty ally, had offered": not the apposition's name
                            pick = before[-2]
                        group = self._subject_group(doc, agents, pick)
                    elif speaker is not None:
                        group = [speaker]  # "Cambodia said that it had proposed a ceasefire"
                    elif antecedent is not None:
                        group = [antecedent]  # "Putin, der die Gespräche vorgeschlagen hatte"
                    elif (
                        self.lang == "de"
                        and doc[clause[0]].lower_ == "und"
                        and clause[0] > view.span.start
                    ):
                        # "Die Ukraine schlug X vor und brachte Y ins Spiel": the subject is left
                        # out
                        earlier = [
                            a
                            for a in view.actors
                            if a.end <= clause[0]
                            and a.type in AGENT_TYPES
                            and not a.objective
                            and not a.speaker
                            and not self._after_preposition(doc, a)
                        ]
                        group = earlier[:1]
                    elif after and self.lang == "de":
                        group = [
                            after[0]
                        ]  # "Am Freitag schlug Putin vor"; in English that is the object
            if not group:
                continue
            for actor in agents:
                k = actor.start - 1
                while k > clause[0] and doc[k].lower_ in ("the", "der", "dem", "den"):
                    k -= 1
                if (
                    actor not in group
                    and actor.start < token.i
                    and doc[k].lower_ in ("mit", "with")
                    and doc[k - 1].lower_ in ("gemeinsam", "together", "jointly", "zusammen")
                ):
                    group.append(actor)  # "gemeinsam mit Brasilien vorgelegt"
            agent_ids = {i for a in group for i in a.ids}
            addressee = None
            if quoted is not None:
                addressees = [a for a in agents if a not in group]  # whom the quote names
            elif self.lang == "de" and not shared_subject:
                addressees = [
                    a
                    for a in agents
                    if a.start > group[-1].end and a not in group and a.start < clause[1]
                ]
            else:
                addressees = [a for a in agents if a.start > token.i and a not in group]
            for actor in addressees:
                prev = doc[actor.start - 1].lower_ if actor.start > 0 else ""
                if prev in (
                    "über",
                    "about",
                    "on",
                    "for",
                    "für",
                    "gegen",
                    "against",
                    "in",
                    "nach",
                    "into",
                    "with",
                    "mit",
                ):
                    continue
                addressee = actor.ids[0]
                break
            start = token.i
            if self.lang == "de" and not is_noun and group[-1].end < token.i:
                # German puts the object before the verb's particle: "will der Kreml die
                # Wiederaufnahme von Gesprächen ins Spiel bringen"
                start = group[-1].end
            text = view.span.doc[start : clause[1]].text.strip(" ,.;:")
            for aid in sorted(agent_ids):
                if aid in done:
                    continue
                done.add(aid)
                yield Relation(
                    "PROPOSES",
                    aid,
                    "",
                    view.evidence,
                    0.75,
                    "proposes-noun" if is_noun else "proposes-verb",
                    modality="reported" if modality != "asserted" else "asserted",
                    addressee=addressee if addressee not in agent_ids else None,
                    object_text=text[:300],
                )
        if done or not previous:
            return
        # elaboration of a proposal in the sentence before ("Demnach ...", "Under the plan, ...")
        words = view.words
        if any(tuple(words[: len(p)]) == p for p in self.elaboration_start) and any(
            w in self.volition for w in words
        ):
            present = {i for a in view.actors for i in a.ids}
            for rel in previous:
                if rel.subject in present or rel.subject.startswith("org/"):
                    yield Relation(
                        "PROPOSES",
                        rel.subject,
                        "",
                        view.evidence,
                        0.6,
                        "proposes-elaboration",
                        modality="reported",
                        addressee=rel.addressee,
                        object_text=view.span.text[:300],
                    )
                    break
