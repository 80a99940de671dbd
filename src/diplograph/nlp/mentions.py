"""Mentions of actors beyond the entity ruler's names: surnames, role phrases, unknown persons
introduced by a title, plural references ("die beiden Staatschefs"), pronouns, metonyms.

Each mention is a token span with what it refers to, or what is needed to resolve it later
(coreference runs after this stage).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from spacy.tokens import Doc

from diplograph.kb import PATRONYMIC, ROYAL_TITLES, KnowledgeBase
from diplograph.nlp.lexicon import Lexicon, RoleWord, common_words
from diplograph.nlp.tokens import Ent, Tok, entities, entity_index, span_text, token_table
from diplograph.reader import name_slug

__all__ = [
    "AGENT_TYPES",
    "INDEFINITE",
    "DETERMINERS",
    "PLACE_PREPS",
    "FUNCTION_WORDS",
    "MODEL_LABELS",
    "KB_LABELS",
    "QUOTES",
    "TITLE_SUFFIXES_DE",
    "DEPUTY",
    "BY_PARTICIPLES",
    "GROUP_NOUNS",
    "PLURAL_PRONOUNS",
    "POSSESSIVE_PRONOUNS",
    "GERMAN_PLURAL_VERBS",
    "GERMAN_SINGULAR_VERBS",
    "COMPASS",
    "MONTHS",
    "FORMER",
    "CROWN_TITLES",
    "SPOUSE_WORDS",
    "POSSESSIVES",
    "DESCRIPTION_WORDS",
    "NAME_PARTICLES",
    "AFTER_NAME_STOP",
    "VERBISH",
    "NAME_STOP",
    "Mention",
    "MEMO_LIMIT",
    "MentionWords",
    "RoleSpan",
    "MentionState",
    "find_mentions",
    "drop_nested",
    "role_phrases",
    "role_mentions",
    "name_mentions",
    "person_names",
    "news_outlets",
    "plural_references",
    "state_plural_roles",
    "subject_pronouns",
    "possessive_pronouns",
    "epithets",
    "object_pronouns",
    "delegations_and_sides",
    "group_references",
    "PASSES",
    "PLURAL_ROLE",
    "PLURAL_ROLE_WORDS",
    "SIDE_NOUNS",
    "LIST_JOINERS",
    "EPITHET_WORDS",
]

AGENT_TYPES = ("Person", "State", "Organization", "GovernmentBody")
INDEFINITE = frozenset(
    [
        "ein",
        "eine",
        "einem",
        "einen",
        "einer",
        "eines",
        "a",
        "an",
        "any",
        "another",
        "jeder",
        "jede",
        "jeden",
        "some",
    ]
)
DETERMINERS = frozenset(
    [
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "the",
        "ein",
        "eine",
        "einem",
        "einen",
        "einer",
        "eines",
        "a",
        "an",
        "this",
        "these",
        "diese",
        "dieser",
    ]
)
PLACE_PREPS = frozenset(
    [
        "in",
        "im",
        "nach",
        "aus",
        "von",
        "bei",
        "vor",
        "zu",
        "zur",
        "zum",
        "from",
        "to",
        "at",
        "into",
        "near",
        "outside",
        "inside",
        "across",
        "around",
        "via",
    ]
)
FUNCTION_WORDS = frozenset(
    [
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "und",
        "oder",
        "aber",
        "mit",
        "von",
        "für",
        "auf",
        "bei",
        "nach",
        "aus",
        "zu",
        "im",
        "am",
        "an",
        "in",
        "ist",
        "sind",
        "war",
        "hat",
        "haben",
        "wird",
        "wurde",
        "sich",
        "er",
        "sie",
        "es",
        "wir",
        "ihr",
        "ein",
        "eine",
        "einen",
        "einem",
        "einer",
        "nicht",
        "auch",
        "noch",
        "doch",
        "so",
        "wie",
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "with",
        "of",
        "for",
        "on",
        "at",
        "in",
        "to",
        "from",
        "by",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "he",
        "she",
        "it",
        "they",
        "we",
        "his",
        "her",
        "their",
        "its",
        "this",
        "that",
        "these",
        "those",
        "as",
        "after",
        "before",
        "while",
        "when",
        "who",
        "which",
        "said",
        "says",
        "told",
        "dass",
        "denn",
        "weil",
        "als",
        "wenn",
        "ob",
        "seit",
        "bis",
        "über",
        "unter",
        "vor",
        "hinter",
        "neben",
        "zwischen",
    ]
)
MODEL_LABELS = {"PERSON": "Person", "PER": "Person", "ORG": "Organization", "NORP": None}
MODEL_LABELS = {k: v for k, v in MODEL_LABELS.items() if v}
KB_LABELS = frozenset(
    ("Person", "State", "Organization", "GovernmentBody", "NewsOrganization", "Place")
)
QUOTES = frozenset("\"„“”«»‚‘’'")
TITLE_SUFFIXES_DE = (
    "chef",
    "chefin",
    "minister",
    "ministerin",
    "berater",
    "beraterin",
    "sprecher",
    "sprecherin",
    "botschafter",
    "botschafterin",
    "präsident",
    "präsidentin",
    "vorsitzende",
    "vorsitzender",
    "leiter",
    "leiterin",
    "gesandte",
    "gesandter",
    "beauftragte",
    "beauftragter",
    "kommissar",
    "kommissarin",
    "sekretär",
    "sekretärin",
    "general",
    "direktor",
    "vorsitzenden",
    "präsidenten",
    "chefs",
    "ministers",
    "beraters",
    "sprechers",
    "botschafters",
    "leiters",
    "direktors",
    "kommissars",
    "sekretärs",
    "generals",
    "gesandten",
    "beauftragten",
)
DEPUTY = frozenset(
    [
        "vice",
        "deputy",
        "first",
        "stellvertretende",
        "stellvertretender",
        "stellvertretenden",
        "vize-",
        "erste",
        "erster",
    ]
)
BY_PARTICIPLES = frozenset(
    [
        "led",
        "headed",
        "hosted",
        "chaired",
        "received",
        "accompanied",
        "joined",
        "opened",
        "welcomed",
        "greeted",
        "met",
        "flanked",
        "represented",
        "angeführt",
        "geleitet",
        "empfangen",
        "begrüßt",
        "begleitet",
        "eröffnet",
        "vertreten",
    ]
)
GROUP_NOUNS = frozenset(["delegation", "mission", "gruppe", "group", "team"])
# "they", and German "sie" with a plural verb: resolved (in coref) to persons named together
PLURAL_PRONOUNS = frozenset(("they", "sie", "gäste", "guests"))
# possessive determiners before a meeting or event noun stand for its subject ("bei ihrem Treffen
# mit Saied", "his talks with Xi"): resolved like the personal pronoun of their gender
POSSESSIVE_PRONOUNS = {
    "sein": "m",
    "seine": "m",
    "seinem": "m",
    "seinen": "m",
    "seiner": "m",
    "seines": "m",
    "ihr": "f",
    "ihre": "f",
    "ihrem": "f",
    "ihren": "f",
    "ihrer": "f",
    "ihres": "f",
    "his": "m",
    "her": "f",
}
GERMAN_PLURAL_VERBS = frozenset(
    [
        "wurden",
        "waren",
        "sind",
        "haben",
        "hatten",
        "hätten",
        "werden",
        "würden",
        "wollen",
        "wollten",
        "können",
        "konnten",
        "müssen",
        "mussten",
        "sollen",
        "sollten",
        "trafen",
        "kamen",
        "sprachen",
        "berieten",
        "reisten",
        "flogen",
        "unterzeichneten",
        "einigten",
        "vereinbarten",
        "besuchten",
        "empfingen",
        "landeten",
        "nahmen",
        "gingen",
        "standen",
        "saßen",
    ]
)
GERMAN_SINGULAR_VERBS = frozenset(
    [
        "wurde",
        "war",
        "ist",
        "hat",
        "hatte",
        "hätte",
        "wird",
        "würde",
        "will",
        "wollte",
        "kann",
        "konnte",
        "muss",
        "musste",
        "soll",
        "sollte",
        "traf",
        "kam",
        "sprach",
        "beriet",
        "reiste",
        "flog",
        "unterzeichnete",
        "einigte",
        "vereinbarte",
        "besuchte",
        "empfing",
        "landete",
        "nahm",
        "ging",
        "stand",
        "saß",
    ]
)
COMPASS = frozenset(["south", "north", "east", "west", "süd", "nord", "ost", "west"])
MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
FORMER = frozenset(
    [
        "former",
        "ehemalige",
        "ehemaliger",
        "ehemaligen",
        "früherer",
        "frühere",
        "früheren",
        "damalige",
        "damaligen",
        "damaliger",
        "then-",
    ]
)
# not sheikhs: ministers too
CROWN_TITLES = frozenset(
    ["prince", "prinz", "princess", "prinzessin", "king", "könig", "queen", "königin"]
)
SPOUSE_WORDS = frozenset(["frau", "ehefrau", "mann", "ehemann", "wife", "husband"])
POSSESSIVES = frozenset(
    ["seine", "seiner", "seinem", "ihre", "ihrer", "ihrem", "dessen", "deren", "his", "her"]
)
# "Botschafterin in Peking, X"
DESCRIPTION_WORDS = frozenset(
    [
        "of",
        "the",
        "'s",
        "’s",
        "der",
        "des",
        "die",
        "den",
        "dem",
        "for",
        "für",
        "in",
        "im",
        "to",
        "at",
        "bei",
        "beim",
    ]
)
NAME_PARTICLES = frozenset(
    [
        "bin",
        "bint",
        "ibn",
        "van",
        "von",
        "de",
        "da",
        "di",
        "del",
        "der",
        "le",
        "la",
        "dos",
        "das",
        "do",
        "du",
        "al",
    ]
)
AFTER_NAME_STOP = frozenset(
    [
        "airport",
        "international",
        "palace",
        "street",
        "square",
        "university",
        "hotel",
        "center",
        "centre",
        "base",
        "house",
        "avenue",
        "flughafen",
        "palast",
        "platz",
    ]
)
VERBISH = frozenset(
    [
        "wurden",
        "waren",
        "sind",
        "haben",
        "hatten",
        "trafen",
        "kamen",
        "sagten",
        "were",
        "are",
        "have",
        "had",
        "met",
        "said",
        "will",
        "would",
        "could",
    ]
)
NAME_STOP = frozenset(
    [
        "Am",
        "Im",
        "Beim",
        "Vom",
        "Zum",
        "Zur",
        "Nach",
        "Vor",
        "Bei",
        "Mit",
        "Seit",
        "Laut",
        "Dort",
        "Hier",
        "Heute",
        "Gestern",
        "Morgen",
        "Dabei",
        "Demnach",
        "The",
        "A",
        "An",
        "On",
        "In",
        "At",
        "After",
        "Before",
        "During",
        "While",
        "When",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Montag",
        "Dienstag",
        "Mittwoch",
        "Donnerstag",
        "Freitag",
        "Samstag",
        "Sonntag",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Januar",
        "Februar",
        "März",
        "Mai",
        "Juni",
        "Juli",
        "Oktober",
        "Dezember",
        "I",
        "We",
        "He",
        "She",
        "They",
        "It",
        "This",
        "That",
    ]
)


@dataclass
class Mention:
    """A span that refers to one entity (or, for plural references, several)."""

    start: int
    end: int
    # name | metonym | unknown | surname | role | plural | pronoun | plural_pronoun | object_pronoun
    # | epithet | group (coreference has a resolver for each: diplograph.nlp.coref.RESOLVERS)
    kind: str
    type: str | None = None
    ids: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()
    role: RoleWord | None = None
    of: str | None = None
    gender: str | None = None
    size: int = 0  # plural references: how many
    head: str = ""  # plural references: the head noun
    delegation: bool = False
    text: str = ""
    new_name: str | None = None  # a person not in the knowledge base
    weak: bool = False  # a surname that is also a common word at the start of a sentence
    titles: list[str] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return bool(self.ids)


MEMO_LIMIT = 200_000  # entries per memo table (token texts); cleared when full


class MentionWords:
    """The word sets the passes of :func:`find_mentions` look for, and the results of their word
    tests by token text, for one lexicon and knowledge base.

    Kept on the mentions component, so made once per pipeline; the memo tables grow with the
    vocabulary of the articles (bounded) and are cleared when one passes ``MEMO_LIMIT`` entries.

    Args:
        lex: the language data.
        kb: the knowledge base.
        common: lower-case lemmas of the language (see
            :func:`~diplograph.nlp.lexicon.common_words`); None: read from spacy-lookups-data.
    """

    def __init__(
        self, lex: Lexicon, kb: KnowledgeBase, common: frozenset[str] | None = None
    ) -> None:
        self.lex = lex
        self.kb = kb
        self.common = common_words(lex.lang) if common is None else common
        # first and last words of the role phrases ("prime", "minister" of "prime minister")
        self.role_first_words = frozenset(p.split(" ")[0] for p in lex.roles)
        self.role_last_words = frozenset(k.split()[-1] for k in lex.roles if " " in k)
        # every word (without a hyphen) that one of the passes looks for
        self.wanted: frozenset[str] = frozenset().union(
            lex.roles,
            self.role_first_words,
            lex.words("outlets", "appositives"),
            lex.words("outlets", "heads"),
            lex.plural_quantifiers,
            PLURAL_ROLE_WORDS,
            lex.pronouns,
            SIDE_NOUNS,
            GROUP_NOUNS,
            PLURAL_PRONOUNS,
            POSSESSIVE_PRONOUNS,
            EPITHET_WORDS,
            (
                str(f).lower()
                for forms in lex.table("object_pronouns").values()
                for f in forms or []
            ),
        )
        self.roles: dict[str, tuple[RoleWord | None, str | None]] = {}  # see _role_word
        self.titles: dict[str, bool] = {}  # see _title_word
        self.names: dict[str, bool] = {}  # see _is_name_token

    @staticmethod
    def memo(table: dict) -> dict:
        """``table``, emptied first if it has grown past ``MEMO_LIMIT`` entries."""
        if len(table) > MEMO_LIMIT:
            table.clear()
        return table


def _role_word(token: Tok, words: MentionWords) -> tuple[RoleWord | None, str | None]:
    """The role a token names, and a compound prefix ("US" of "US-Präsident")."""
    memo = words.memo(words.roles)
    found = memo.get(token.text)
    if found is None:
        found = memo[token.text] = _role_of(token.text, words.lex)
    return found


def _role_of(text: str, lex: Lexicon) -> tuple[RoleWord | None, str | None]:
    word = text.lower()
    if word in lex.roles:
        return lex.roles[word], None
    if (
        lex.lang == "de"
        and word.startswith("vize")
        and word[4:] in lex.roles
        and word[4:] != "präsident"
    ):
        base = lex.roles[word[4:]]
        return RoleWord(role=f"deputy_{base.role}", state=base.state, org=base.org), None
    if "-" in text:
        prefix, _, head = text.rpartition("-")
        role = lex.roles.get(head.lower())
        if role is not None:
            return role, prefix
    return None, None


def describes(token: Tok, lex: Lexicon, kb: KnowledgeBase) -> bool:
    """A word of a role's description before a name in apposition: "of", articles, names,
    possessives, adjectives ("der Religionsbehörde Diyanet", "of Egypt's intelligence service")."""
    low = token.lower_
    return (
        low in DESCRIPTION_WORDS
        or token.text[:1].isupper()
        or low in kb.state_adjectives.get(lex.lang, {})
        or (
            token.is_alpha
            and token.is_lower
            and (lex.lang == "en" or low.endswith(("e", "en", "er", "es", "em")))
        )
    )


def _title_word(token: Tok, words: MentionWords) -> bool:
    """A title or role word that a name may follow ("Vizepräsident", "Minister", "Sheikh")."""
    memo = words.memo(words.titles)
    found = memo.get(token.text)
    if found is None:
        text, lex = token.text, words.lex
        found = memo[text] = (
            token.lower_ in lex.titles
            or _role_of(text, lex)[0] is not None
            or (
                lex.lang == "de"
                and text[:1].isupper()
                and token.lower_.endswith(TITLE_SUFFIXES_DE)
                and len(text) > 6
            )
        )
    return found


def _prefix_ref(prefix: str | None, kb: KnowledgeBase) -> str | None:
    """The state or organisation a compound prefix names: "US", "Nato", "Kreml", "EU"."""
    if not prefix:
        return None
    if prefix in kb.state_prefixes:
        return kb.state_prefixes[prefix]
    for key in (prefix, prefix.upper(), prefix.capitalize()):
        for entity_id in sorted(kb.names.get(key, ())):
            entry = kb.get(entity_id)
            if entry is None:
                continue
            if entry.type == "GovernmentBody" and entry.state:
                return entry.state
            if entry.type in ("State", "Organization"):
                return entity_id
    adj = kb.state_adjectives["de"].get(prefix.lower())
    return adj


def _is_name_token(token: Tok, words: MentionWords, table: list[Tok] | None = None) -> bool:
    """Whether a token can be part of a person's name (capitalised, not a known word of
    another kind)."""
    text = token.text
    if not text or not text[0].isupper() or token.is_punct or token.like_num:
        return False
    memo = words.memo(words.names)
    ok = memo.get(text)
    if ok is None:
        ok = memo[text] = _name_word(text, token.lower_, words)
    if (
        ok
        and token.lower_ in COMPASS
        and table is not None
        and token.i + 1 < len(table)
        and table[token.i + 1].text[:1].isupper()
    ):
        return False  # "South African", "North Korean": an adjective, not a first name
    return ok


def _name_word(text: str, lower: str, words: MentionWords) -> bool:
    lex, kb = words.lex, words.kb
    if text in NAME_STOP or lower in FUNCTION_WORDS:
        return False
    if (
        lower in lex.titles
        or _role_of(text, lex)[0] is not None
        or lower in lex.plural_heads
        or lower in lex.events
        or lower in kb.state_adjectives.get(lex.lang, {})
        or lower in words.role_last_words
    ):
        return False
    if not all(c.isalpha() or c in "-'’." for c in text):
        return False
    return not any(not i.startswith("person/") for i in kb.names.get(text, ()))


# start, end, role, compound prefix ("US" of "US-Präsident")
RoleSpan = tuple[int, int, RoleWord, str | None]


@dataclass
class MentionState:
    """What the passes of :func:`find_mentions` share: the Doc as read once, and what the passes
    before found.

    Each pass appends to ``mentions`` and marks the tokens it used as ``taken`` (no later pass
    starts a mention there); qualifiers that belong to a role ("U.S." of "U.S. President",
    "Russlands" of "Präsident Russlands") are ``consumed``, so the names pass does not make them
    mentions of their own.
    """

    doc: Doc
    words: MentionWords
    kb: KnowledgeBase
    lex: Lexicon
    tokens: list[Tok]  # the token table (indexing a Doc makes a new Token object every time)
    lowers: list[str]  # lower-cased token texts
    ents: list[Ent]
    ent_by_start: dict[int, Ent]
    ent_at: dict[int, Ent]  # token index -> the entity covering it
    hits: list[int]  # positions of every word one of the passes looks for (one scan for all)
    common: frozenset[str]  # lemmas of the language: a capitalised one is more likely a word
    speech: frozenset[str]  # speech verbs ("said", "sagte")
    day: dt.date | None  # the article's date
    mentions: list[Mention] = field(default_factory=list)
    taken: set[int] = field(default_factory=set)
    consumed: set[int] = field(default_factory=set)
    role_spans: list[RoleSpan] = field(default_factory=list)
    role_tokens: set[int] = field(default_factory=set)  # tokens of roles, and commas before names
    unknown_by_surname: dict[str, Mention] = field(default_factory=dict)  # last word -> mention

    @classmethod
    def of(cls, doc: Doc, words: MentionWords) -> MentionState:
        """The state before the first pass, for a Doc whose entities the names component set."""
        lex = words.lex
        speech = lex.words("speech_verbs")
        ents = entities(doc)
        tokens = token_table(doc)
        lowers = [t.lower_ for t in tokens]
        wanted = words.wanted
        if lex.lang == "en":
            hits = [k for k, w in enumerate(lowers) if w in wanted or "-" in w or " " in w]
        else:
            hits = [
                k for k, w in enumerate(lowers) if w in wanted or "-" in w or w.startswith("vize")
            ]
        return cls(
            doc=doc,
            words=words,
            kb=words.kb,
            lex=lex,
            tokens=tokens,
            lowers=lowers,
            ents=ents,
            ent_by_start={e.start: e for e in ents},
            ent_at=entity_index(doc, ents),
            hits=hits,
            common=words.common,
            speech=speech,
            day=doc._.article_date if doc.has_extension("article_date") else None,
            taken={k for e in ents for k in range(e.start, e.end)},
        )

    @property
    def lang(self) -> str:
        return self.lex.lang

    def hit_tokens(self, words: Collection[str]) -> list[Tok]:
        """The tokens among ``hits`` whose lower-cased text is one of ``words``."""
        lowers, T = self.lowers, self.tokens
        return [T[k] for k in self.hits if lowers[k] in words]


def find_mentions(doc: Doc, words: MentionWords) -> list[Mention]:
    """All actor mentions of a Doc whose entities were set by the entity ruler.

    Args:
        words: the word sets and memo tables of the language and knowledge base (the mentions
            component keeps one).
    """
    state = MentionState.of(doc, words)
    for find in PASSES:
        find(state)
    return drop_nested(state.mentions)


def drop_nested(mentions: list[Mention]) -> list[Mention]:
    """The mentions in text order, without those inside an earlier one (names are always kept)."""
    mentions.sort(key=lambda m: (m.start, m.end))
    result: list[Mention] = []
    last_end = -1
    for m in mentions:
        if m.start < last_end and m.kind != "name":
            continue
        result.append(m)
        last_end = max(last_end, m.end)
    return result


# Pass 1: role phrases, with the qualifiers and names around them --------------------------------


def role_phrases(state: MentionState) -> None:
    """Find the spans of role words and phrases ("Präsident", "US-Außenminister", "prime
    minister") into ``state.role_spans``; no mentions yet (see :func:`role_mentions`)."""
    T = state.tokens
    if state.lang == "en":
        state.role_spans = _english_role_spans(state)
    else:
        # only these words can name a role (see _role_of)
        for token in [T[k] for k in state.hits]:
            role, prefix = _role_word(token, state.words)
            if role is not None and token.i not in state.taken:  # not inside a name
                state.role_spans.append((token.i, token.i + 1, role, prefix))
    state.role_tokens = {t for start, end, _, _ in state.role_spans for t in range(start, end)}


def _english_role_spans(state: MentionState) -> list[RoleSpan]:
    """The longest role phrase (of up to four words) at each hit, left to right."""
    lowers, roles, n_tokens = state.lowers, state.lex.roles, len(state.tokens)
    first_words = state.words.role_first_words  # a phrase can only start with one of these
    spans: list[RoleSpan] = []
    i = 0
    for k in state.hits:
        if k < i:
            continue  # inside the role phrase before
        i = k
        best = None
        for n in (4, 3, 2, 1) if lowers[i] in first_words or " " in lowers[i] else ():
            if i + n <= n_tokens:
                phrase = " ".join(lowers[i : i + n])
                if phrase in roles:
                    if phrase == "secretary" and not (
                        i > 0
                        and lowers[i - 1] == "the"
                        and (i + 1 >= n_tokens or lowers[i + 1] not in ("-", "of", "general", "to"))
                    ):
                        # "the secretary" alone; not "Secretary-General", "secretary of X's council"
                        break
                    best = (i, i + n, roles[phrase], None)
                    break
        if best:
            spans.append(best)
            i = best[1]
    return spans


def role_mentions(state: MentionState) -> None:
    """Role mentions ("der Bundeskanzler", "the U.S. president") for the role spans that do not
    describe a name next to them, are no description ("a former prime minister") and are not
    indefinite ("einen amerikanischen Präsidenten")."""
    for start, end, role, prefix in state.role_spans:
        if any(t in state.taken for t in range(start, end)):
            continue
        role, of = _qualifier_before(state, start, role, prefix)
        of, k = _qualifier_after(state, end, of)
        T, n_tokens = state.tokens, len(state.tokens)
        # skip further title words ("Vizepräsident JD Vance", "Deputy Prime Minister X")
        while k < n_tokens and (T[k].lower_ in state.lex.titles):
            k += 1
        if _name_follows(state, start, end, k) or _description_then_name(state, start, end, k):
            continue  # the role describes the person named there
        if _not_an_office_holder(state, start, end, of, role):
            continue
        state.mentions.append(
            Mention(start, end, "role", "Person", role=role, of=of, text=state.doc[start:end].text)
        )
        state.taken.update(range(start, end))


def _qualifier_before(
    state: MentionState, start: int, role: RoleWord, prefix: str | None
) -> tuple[RoleWord, str | None]:
    """The role made deputy ("Vize-", "deputy") and the state or organisation it is of: fixed by
    the role word, its compound prefix, or a word before it ("Taiwan's Vice Foreign Minister",
    "der russische Präsident")."""
    T, kb, adjectives = state.tokens, state.kb, state.kb.state_adjectives.get(state.lang, {})
    of = role.state or role.org or _prefix_ref(prefix, kb)
    j = start - 1
    deputy = False
    while j >= 0 and T[j].lower_ in DEPUTY:
        deputy = True
        j -= 1
    if (
        deputy
        or T[start].lower_.startswith(("vize", "stellvertret"))
        and role.role != "vice_president"
    ):
        role = RoleWord(
            role=f"deputy_{role.role}", state=role.state, default_state=None, org=role.org
        )
    if j >= 0 and of is None:
        prev = T[j]
        adj = adjectives.get(prev.lower_)
        if adj is None and "-" in prev.text:
            adj = adjectives.get(prev.text.rpartition("-")[2].lower())
        ent = state.ent_at.get(j)
        if adj:
            of = adj
            state.consumed.add(j)
        elif ent is not None and ent.label_ in ("State", "Organization", "GovernmentBody"):
            of = _state_or_body(kb, ent)
            state.consumed.update(range(ent.start, ent.end))
        elif prev.text in ("'s", "’s") and j - 1 >= 0:
            ent = state.ent_at.get(j - 1)
            if ent is not None and ent.label_ in ("State", "Organization", "GovernmentBody"):
                of = _state_or_body(kb, ent)
                state.consumed.update(range(ent.start, ent.end))
    return role, of


def _qualifier_after(state: MentionState, end: int, of: str | None) -> tuple[str | None, int]:
    """The state or organisation named after a role ("of Russia", "der USA", "Russlands") when
    none was before it, and where the role phrase with it ends."""
    T, n_tokens = state.tokens, len(state.tokens)
    k = end
    if of is None and k < n_tokens:
        look = k + 1 if T[k].lower_ in ("of", "der", "des", "von") else k
        if look < n_tokens and T[look].lower_ in ("the",):
            look += 1
        ent = state.ent_at.get(look) if look < n_tokens else None
        if (
            ent is not None
            and ent.start == look
            and ent.label_ in ("State", "Organization", "GovernmentBody")
            and (look > k or ent.text.endswith("s") or state.lang == "de")
        ):
            of = _state_or_body(state.kb, ent)
            state.consumed.update(range(ent.start, ent.end))
            k = ent.end
    return of, k


def _state_or_body(kb: KnowledgeBase, ent: Ent) -> str:
    """The entity a role is of: a government body's state ("Kreml"), else the entity itself."""
    entry = kb.get(ent.ent_id_)
    return entry.state if entry and entry.type == "GovernmentBody" and entry.state else ent.ent_id_


def _name_follows(state: MentionState, start: int, end: int, k: int) -> bool:
    """A name follows the role phrase ending at ``k`` (in apposition after a comma, too): the role
    describes that person, who is found by the names or person passes. Marks the role consumed."""
    T, kb, n_tokens = state.tokens, state.kb, len(state.tokens)
    n = k + 1 if (k < n_tokens and T[k].text == ",") else k
    if n >= n_tokens:
        return False
    ent = state.ent_by_start.get(n)
    if ent is not None and ent.label_ == "Person":
        state.consumed.update(range(start, end))
        return True
    if _is_name_token(T[n], state.words, T) and (n == k or T[n].text in kb.surnames):
        state.consumed.update(range(start, end))
        return True  # surname or unknown name: handled by the person pass
    name_end = _hyphenated_name_end(T, n, state.words) if n > k else n
    if (
        n > k
        and name_end - n >= 2
        and _is_name_token(T[n], state.words, T)
        and _is_name_token(T[n + 1], state.words, T)
        and (
            T[n].text in kb.first_names
            or name_end >= n_tokens
            or T[name_end].text in (",", ".", ";", ")")
        )
    ):
        state.consumed.update(range(start, end))
        state.role_tokens.add(n - 1)  # ", Denis Manturov": an unknown name in apposition
        return True
    return False


def _description_then_name(state: MentionState, start: int, end: int, k: int) -> bool:
    """A longer description before the apposition: "the head of Egypt's intelligence service,
    Hassan Rashad", "den Präsidenten der Religionsbehörde Diyanet, Safi Arpaguş". Marks the role
    consumed."""
    T, kb, lex, n_tokens = state.tokens, state.kb, state.lex, len(state.tokens)
    comma = next((c for c in range(k, min(n_tokens, k + 7)) if T[c].text == ","), None)
    if comma is None or comma <= k or not all(describes(T[c], lex, kb) for c in range(k, comma)):
        return False
    n = comma + 1
    ent = state.ent_by_start.get(n)
    if ent is not None and ent.label_ == "Person":
        state.consumed.update(range(start, end))
        return True
    if (
        n + 1 < n_tokens
        and _is_name_token(T[n], state.words, T)
        and _is_name_token(T[n + 1], state.words, T)
        and T[n].text not in kb.surnames
        and (n + 2 >= n_tokens or T[n + 2].text in (",", ".", ";", ")"))
    ):
        state.consumed.update(range(start, end))
        state.role_tokens.add(comma)
        return True
    return False


def _not_an_office_holder(
    state: MentionState, start: int, end: int, of: str | None, role: RoleWord
) -> bool:
    """The role phrase describes someone without standing for the holder of the office: a former
    one, an office of a body the knowledge base does not know, an indefinite or plural phrase."""
    T, lex, n_tokens = state.tokens, state.lex, len(state.tokens)
    if any(T[k].lower_ in FORMER for k in range(max(0, start - 3), start)) or T[
        start
    ].lower_.startswith(("ex-", "alt")):
        # "a former prime minister of the Netherlands": a description, not the office holder
        return True
    if of is None and end < n_tokens and T[end].lower_ in ("of", "der", "des"):
        look = (
            end
            + 1
            + (1 if end + 1 < n_tokens and T[end + 1].lower_ in ("the", "der", "des") else 0)
        )
        if look < n_tokens and T[look].text[:1].isupper() and state.ent_at.get(look) is None:
            # "senior leader of the TPLF": an office of a body the knowledge base does not know
            return True
    det = T[start - 1].lower_ if start > 0 else ""
    det2 = T[start - 2].lower_ if start > 1 and (start - 1) in state.consumed else ""
    if det == "zu" and role.role == "guest":
        return True  # "war zu Gast bei X": a visit, not a reference to the guest
    if det in INDEFINITE or det2 in INDEFINITE:
        return True
    plural = role.role and T[start].lower_ in lex.plural_heads
    quant = T[start - 1].lower_ if start > 0 else ""
    # "die beiden Präsidenten": a plural reference (pass 4)
    return bool(
        (plural or T[start].lower_.endswith(("en", "s"))) and quant in lex.plural_quantifiers
    )


# Pass 2: names ------------------------------------------------------------------------------------


def name_mentions(state: MentionState) -> None:
    """Names from the entity ruler (minus qualifiers consumed by roles), metonyms ("Moskau" for
    Russia); entities of a trained pipeline (``--model``) that the knowledge base does not know
    become persons and organisations."""
    T, kb, n_tokens = state.tokens, state.kb, len(state.tokens)
    for ent in state.ents:
        if any(t in state.consumed for t in range(ent.start, ent.end)):
            continue
        if ent.label_ in MODEL_LABELS:
            found = _model_entity_mention(kb, ent)
            if found is not None:
                state.mentions.append(found)
            continue
        if ent.label_ not in KB_LABELS:
            continue
        m = _name_mention(kb, ent)
        if m.type == "Place" and ent.text in kb.metonyms:
            prev = T[ent.start - 1].lower_ if ent.start > 0 else ""
            if prev not in PLACE_PREPS:
                m = Mention(
                    ent.start, ent.end, "metonym", "State", (kb.metonyms[ent.text],), text=ent.text
                )
        if m.type == "State":
            nxt = T[ent.end].lower_ if ent.end < n_tokens else ""
            if (
                nxt in ("'s", "’s")
                and ent.end + 1 < n_tokens
                and state.ent_by_start.get(ent.end + 1) is not None
            ):
                continue  # "Russia's Putin"
        state.mentions.append(m)


def _name_mention(kb: KnowledgeBase, ent: Ent) -> Mention:
    """The mention of a knowledge-base name, typed by the entry it names."""
    ids = tuple(sorted(kb.names.get(ent.text, ()))) or ((ent.ent_id_,) if ent.ent_id_ else ())
    entity_id = ent.ent_id_ or (ids[0] if ids else "")
    entry = kb.get(entity_id)
    etype = entry.type if entry else ent.label_
    return Mention(
        ent.start,
        ent.end,
        "name",
        etype,
        (entity_id,),
        text=ent.text,
        gender=entry.gender if entry else None,
    )


def _model_entity_mention(kb: KnowledgeBase, ent: Ent) -> Mention | None:
    """A trained pipeline's person or organisation: a known surname, else a new entity."""
    etype = MODEL_LABELS[ent.label_]
    name = ent.text.strip()
    if not name or not name[0].isupper():
        return None
    if etype == "Person" and ent.end - ent.start == 1 and name in kb.surnames:
        return Mention(
            ent.start,
            ent.end,
            "surname",
            "Person",
            candidates=tuple(sorted(kb.surnames[name])),
            text=name,
        )
    prefix = "person" if etype == "Person" else "org"
    return Mention(
        ent.start,
        ent.end,
        "unknown",
        etype,
        ids=(f"{prefix}/{name_slug(name)}",),
        new_name=name,
        text=name,
    )


# Pass 3: persons by surname, and persons the knowledge base does not know ----------------------


def person_names(state: MentionState) -> None:
    """Surnames of known persons ("Scholz", "von der Leyen"), royals and spouses by given name
    ("Prinz Faisal", "seine Frau Melania"), and persons the knowledge base does not know, named
    after a title or role ("Vizepräsident JD Vance"), by a speech verb or a participle with "by"."""
    surnames = state.kb.surnames
    # every rule needs a capitalised word or a surname
    for token in [t for t in state.tokens if t.text[:1].isupper() or t.text in surnames]:
        i = token.i
        if i in state.taken or i in state.consumed:
            continue
        if token.text not in surnames and not _is_name_token(token, state.words, state.tokens):
            continue  # neither a surname nor a word that can start a name (see the last test below)
        _person_name_at(state, token)


def _person_name_at(state: MentionState, token: Tok) -> None:
    """The person mention starting at ``token``, if any (see :func:`person_names`)."""
    T, kb, i = state.tokens, state.kb, token.i
    prev = T[i - 1] if i > 0 else None
    after_title = prev is not None and (
        prev.i in state.role_tokens or _title_word(prev, state.words)
    )
    nxt = T[i + 1] if i + 1 < len(T) else None
    if _given_name_mention(state, token, prev, nxt):
        return
    if _stands_for_surname(state, token, prev, nxt, after_title):
        _surname_mention(state, token, prev)
        return
    if (
        state.unknown_by_surname
        and token.lower_ not in state.common
        and _unknown_named_before(state, i)
    ):
        return
    starts_name = (
        after_title
        or (state.lang == "en" and token.text in kb.first_names)
        or (
            token.text in kb.surnames
            and nxt is not None
            and nxt.text[:1].isupper()
            and nxt.text not in kb.surnames
            and _is_name_token(nxt, state.words, T)
            and nxt.lower_ not in state.common
        )
    )
    if (
        not starts_name
        and prev is not None
        and prev.lower_ in ("by", "von", "vom")
        and i >= 2
        and T[i - 2].lower_ in BY_PARTICIPLES
        and token.lower_ not in state.common
    ):
        starts_name = _name_after_by(state, i)
    if (
        not starts_name
        and _is_name_token(token, state.words, T)
        and token.lower_ not in state.common
    ):
        starts_name = _name_by_speech_verb(state, i, prev)
    if not starts_name or not _is_name_token(token, state.words, T):
        return
    _full_name_mention(state, i, after_title)


def _given_name_mention(state: MentionState, token: Tok, prev: Tok | None, nxt: Tok | None) -> bool:
    """ "Sheikh Mohammed", "Prince Faisal", "König Charles": royals go by their given name, and so
    do spouses ("seine Frau Melania"); a royal title wants a royal, not "William Ruto"."""
    T, kb, i = state.tokens, state.kb, token.i
    spouse = (
        prev is not None
        and prev.lower_ in SPOUSE_WORDS
        and i >= 2
        and T[i - 2].lower_ in POSSESSIVES
    )
    if (
        prev is None
        or not (prev.lower_ in ROYAL_TITLES or spouse)
        or token.text not in kb.given_names
        or (nxt is not None and _is_name_token(nxt, state.words, T))
    ):
        return False
    cands = tuple(sorted(kb.given_names[token.text]))
    if not spouse and prev.lower_ in CROWN_TITLES:
        royal = tuple(
            c
            for c in cands
            if any(o.role in ("monarch", "crown_prince") for o in kb.offices_by_person.get(c, []))
            or "prince" in c
            or "princess" in c
            or "sheikh" in c
            or "king" in c
            or "queen" in c
        )
        cands = royal or cands
    state.mentions.append(Mention(i, i + 1, "surname", "Person", candidates=cands, text=token.text))
    state.taken.add(i)
    return True


def _stands_for_surname(
    state: MentionState, token: Tok, prev: Tok | None, nxt: Tok | None, after_title: bool
) -> bool:
    """The token is a known surname standing for a person here, not a part of a longer name."""
    T, kb, i = state.tokens, state.kb, token.i
    if token.text not in kb.surnames:
        return False
    if (
        nxt is not None
        and nxt.text not in kb.surnames
        and _is_name_token(nxt, state.words, T)
        and nxt.i not in state.taken
        and after_title
    ):
        # "Vizeverteidigungsminister Alexander Fomin": a first name, not the surname "Alexander"
        return False
    if (nxt is not None and nxt.lower_ in PATRONYMIC) or (
        prev is not None and prev.lower_ in PATRONYMIC
    ):
        # "Mohammed bin Said": given name and patronymic of a longer name, not surnames
        return False
    if (
        nxt is not None
        and nxt.i not in state.taken
        and nxt.text not in kb.surnames
        and _is_name_token(nxt, state.words, T)
        and nxt.lower_ not in state.common
        and nxt.text[:1].isupper()
        and not any(
            f"{token.text} {_word_at(T, i + 1)}"
            in (kb_entry.name if (kb_entry := kb.get(c)) else "")
            for c in kb.surnames[token.text]
        )
        and not (token.is_sent_start and token.lower_ in state.common)
    ):
        # "Francesco Talò", "Cai Qi": a full name of someone else, not the surname of a known person
        return False
    return i not in state.taken and not (
        nxt is not None and nxt.like_num and token.lower_ in MONTHS
    )


def _surname_mention(state: MentionState, token: Tok, prev: Tok | None) -> None:
    """A surname mention, possibly preceded by a first name we do not know, with the name
    particles before it that belong to it ("von der Leyen", "van der Bellen", "de Mistura")."""
    T, kb, i = state.tokens, state.kb, token.i
    if (
        state.lang == "en"
        and prev is not None
        and not prev.is_sent_start
        and _is_name_token(prev, state.words, T)
        and prev.i not in state.taken
        and prev.text not in kb.first_names
    ):
        return  # part of a longer name: "Peace Memorial Park"
    cands = tuple(sorted(kb.surnames[token.text]))
    initial = token.is_sent_start or (
        prev is not None and prev.text in ('"', "„", "“", "'", "(", "-", "–")
    )
    weak = initial and token.lower_ in state.common
    # particles are part of the surname when a candidate's name has them: not a preposition
    start = i
    while start > 0 and T[start - 1].lower_ in NAME_PARTICLES and start - 1 not in state.taken:
        start -= 1
    if start < i:
        tail = span_text(state.doc, start, i + 1).lower()
        names = [kb.get(c) for c in cands]
        if not any(e is not None and (" " + tail) in " " + e.name.lower() for e in names):
            start = i
    state.mentions.append(
        Mention(
            start,
            i + 1,
            "surname",
            "Person",
            candidates=cands,
            text=span_text(state.doc, start, i + 1),
            weak=weak and start == i,
        )
    )
    state.taken.update(range(start, i + 1))


def _unknown_named_before(state: MentionState, i: int) -> bool:
    """The surname of a person the knowledge base does not know, named in full before
    ("Al-Aiban" after "Musaed Al-Aiban"): a mention of that person."""
    T, n_tokens = state.tokens, len(state.tokens)
    end = i + 1
    while (
        end + 1 < n_tokens
        and T[end].text == "-"
        and not T[end].space_after
        and not T[end - 1].space_after
    ):
        end += 2
    known = state.unknown_by_surname.get("".join(T[k].text for k in range(i, end)))
    if (
        known is None
        or (end < n_tokens and _is_name_token(T[end], state.words, T))
        or all(k in state.taken for k in range(i, end))
    ):
        return False
    state.mentions.append(
        Mention(
            i,
            end,
            "unknown",
            "Person",
            ids=known.ids,
            new_name=known.new_name,
            text=span_text(state.doc, i, end),
        )
    )
    state.taken.update(range(i, end))
    return True


def _name_after_by(state: MentionState, i: int) -> bool:
    """A name after "by" and a participle: "was headed by Redwan Hussien", "wurde von Rafael
    Grossi empfangen" (two capitalised words)."""
    T, k = state.tokens, i
    while (
        k < len(T)
        and k - i < 3
        and _is_name_token(T[k], state.words, T)
        and T[k].text not in state.kb.surnames
    ):
        k += 1
    return k - i >= 2


def _name_by_speech_verb(state: MentionState, i: int, prev: Tok | None) -> bool:
    """A name next to a speech verb: "Getachew Reda said", ", said Getachew Reda" (two
    capitalised words)."""
    T, n_tokens, speech, k = state.tokens, len(state.tokens), state.speech, i
    while (
        k < n_tokens
        and k - i < 3
        and k not in state.taken
        and _is_name_token(T[k], state.words, T)
        and T[k].text not in state.kb.surnames
    ):
        k += 1
    before_speech = k < n_tokens and (
        T[k].lower_ in speech
        or (T[k].text == "," and k + 1 < n_tokens and T[k + 1].lower_ in speech)
    )
    after_speech = (
        prev is not None
        and prev.lower_ in speech
        and i >= 2
        and T[i - 2].text in (",", '"', "”", "“")
    )
    return k - i >= 2 and (before_speech or after_speech)


def _name_end(state: MentionState, i: int) -> int:
    """The end of the name starting at ``i``: up to four name words, with particles ("bin",
    "al-") and hyphenated parts the tokenizer split ("Mlambo-Ngcuka", "Cho Tae-yong")."""
    T, n_tokens = state.tokens, len(state.tokens)
    j = i
    while j < n_tokens and j - i < 4 and j not in state.taken:
        t = T[j]
        if _is_name_token(t, state.words, T) or (
            j > i
            and (t.lower_ in NAME_PARTICLES or t.lower_.startswith(("al-", "el-")))
            and j + 1 < n_tokens
            and (T[j + 1].text[:1].isupper() or t.lower_.startswith(("al-", "el-")))
        ):
            j += 1
        elif (
            j > i
            and t.text == "-"
            and not t.space_after
            and not T[j - 1].space_after
            and j + 1 < n_tokens
            and T[j + 1].text[:1].isupper()
        ):
            j += 1  # "Mlambo-Ngcuka" split by the tokenizer
        elif (
            j > i
            and t.text == "-"
            and not t.space_after
            and not T[j - 1].space_after
            and j + 1 < n_tokens
            and T[j + 1].is_lower
            and T[j + 1].is_alpha
            and len(T[j + 1].text) <= 4
        ):
            j += 2  # Korean given names: "Cho Tae-yong"
        else:
            break
    return j


def _full_name_mention(state: MentionState, i: int, after_title: bool) -> None:
    """The name starting at ``i``: a first name and a known surname, or a person the knowledge
    base does not know (remembered by the last word of the name, for later mentions)."""
    T, kb, doc, n_tokens = state.tokens, state.kb, state.doc, len(state.tokens)
    j = _name_end(state, i)
    if j < n_tokens and T[j].lower_ in AFTER_NAME_STOP:
        return  # "Ben Gurion airport"
    if j < n_tokens and T[j].text in kb.surnames and j not in state.taken and j - i < 3:
        cands = tuple(sorted(kb.surnames[T[j].text]))
        state.mentions.append(
            Mention(i, j + 1, "surname", "Person", candidates=cands, text=doc[i : j + 1].text)
        )
        state.taken.update(range(i, j + 1))
        return
    if state.lang == "en" and not after_title and j - i < 2:
        return  # a first name alone is not enough
    if j - i == 1 and T[i].lower_ in state.common:
        return  # "the General Office": a word, not a name
    name = doc[i:j].text.rstrip(".")
    if name.endswith(("’s", "'s")):
        name = name[:-2]
    mention = Mention(
        i, j, "unknown", "Person", ids=(f"person/{name_slug(name)}",), new_name=name, text=name
    )
    state.mentions.append(mention)
    last_start, last = _last_name_word(T, j)
    if last_start > i:
        state.unknown_by_surname.setdefault(last, mention)
    state.taken.update(range(i, j))


# Pass 3b: news organisations ----------------------------------------------------------------------


def news_outlets(state: MentionState) -> None:
    """News organisations the knowledge base does not know: after an appositive ("die Zeitung
    "Sunday Times"", "the newspaper Al-Ahram") or ending in a head word ("Kyiv Independent")."""
    T, doc, n_tokens = state.tokens, state.doc, len(state.tokens)
    appositives = state.lex.words("outlets", "appositives")
    heads = state.lex.words("outlets", "heads")
    for token in state.hit_tokens(appositives | heads):
        i = token.i
        if i in state.taken:
            continue
        start = end = None
        if token.lower_ in appositives and i + 1 < n_tokens:
            j = i + 1
            if T[j].text in QUOTES:
                j += 1
            k = j
            while (
                k < n_tokens
                and k - j < 5
                and k not in state.taken
                and (T[k].text[:1].isupper() or T[k].text in ("-", "&"))
                and T[k].text not in NAME_STOP
            ):
                k += 1
            if k > j and (
                T[j - 1].text in QUOTES
                or k - j >= 1
                and T[k - 1].lower_ in heads
                or k < n_tokens
                and T[k].text in (",", ".")
                and k - j >= 1
            ):
                start, end = j, k
        elif token.lower_ in heads and token.text[:1].isupper() and i > 0:
            j = i
            while (
                j > 0
                and j - 1 not in state.taken
                and T[j - 1].text[:1].isupper()
                and T[j - 1].lower_ not in DETERMINERS
                and T[j - 1].lower_ not in FUNCTION_WORDS
                and not T[j - 1].is_sent_start
                and T[j - 1].text not in NAME_STOP
            ):
                j -= 1
            if j < i:
                start, end = j, i + 1
        if start is None or end is None or any(t in state.taken for t in range(start, end)):
            continue
        name = doc[start:end].text.strip('"„“”«» ')
        if len(name) < 3:
            continue
        state.mentions.append(
            Mention(
                start,
                end,
                "unknown",
                "NewsOrganization",
                ids=(f"org/{name_slug(name)}",),
                new_name=name,
                text=name,
            )
        )
        state.taken.update(range(start, end))


# Pass 4: plural references ------------------------------------------------------------------------


def plural_references(state: MentionState) -> None:
    """Plural references resolved by coreference: "die beiden Staatschefs", "the two leaders",
    "both men", "the two EU leaders", "beide unterzeichneten", "Die vier wurden empfangen"."""
    T, doc, lex, n_tokens = state.tokens, state.doc, state.lex, len(state.tokens)
    for token in state.hit_tokens(lex.plural_quantifiers):
        if token.i in state.taken:
            continue
        head = T[token.i + 1] if token.i + 1 < n_tokens else None
        if head is not None and head.lower_ in ("of",) and token.i + 2 < n_tokens:
            head = (
                T[token.i + 2]
                if T[token.i + 2].lower_ != "the"
                else T[min(token.i + 3, n_tokens - 1)]
            )
        if head is None:
            continue
        word = head.lower_
        base = word.rpartition("-")[2]
        if (
            word not in lex.plural_heads
            and base not in lex.plural_heads
            and token.i + 2 < n_tokens
            and (
                head.text[:1].isupper()
                or head.lower_ in state.kb.state_adjectives.get(state.lang, {})
            )
            and T[token.i + 2].lower_ in lex.plural_heads
        ):
            head = T[token.i + 2]  # "the two EU leaders", "die beiden EU-Spitzen"
            word = base = head.lower_
        if token.lower_ in ("beide", "both") and (
            head.is_punct or head.pos_ in ("VERB", "AUX") or head.lower_ in VERBISH
        ):
            state.mentions.append(
                Mention(token.i, token.i + 1, "plural", "Person", size=2, head="", text=token.text)
            )
            state.taken.add(token.i)
            continue
        if (
            token.i > 0
            and T[token.i - 1].lower_ in ("die", "the", "alle", "all")
            and (
                head.pos_ in ("VERB", "AUX")
                or head.lower_ in VERBISH
                or head.lower_ in GERMAN_PLURAL_VERBS
            )
        ):
            # "Die vier wurden gemeinsam empfangen", "the three met": the persons named before
            size = lex.plural_quantifiers[token.lower_]
            state.mentions.append(
                Mention(
                    token.i, token.i + 1, "plural", "Person", size=size, head="", text=token.text
                )
            )
            state.taken.add(token.i)
            continue
        if word in lex.plural_heads or base in lex.plural_heads:
            size = lex.plural_quantifiers[token.lower_]
            state.mentions.append(
                Mention(
                    token.i,
                    head.i + 1,
                    "plural",
                    "Person",
                    size=size,
                    head=base,
                    text=doc[token.i : head.i + 1].text,
                )
            )
            state.taken.update(range(token.i, head.i + 1))


# Pass 4b: plural roles and delegations of the states named with them ------------------------------


def state_plural_roles(state: MentionState) -> None:
    """Plural roles and delegations of named states, resolved here by the knowledge base: "the
    leaders of Armenia and Azerbaijan", "the U.S. and Russian presidents", "Delegationen
    Russlands und der Ukraine"."""
    T, lowers = state.tokens, state.lowers
    candidates = [
        T[k]
        for k in state.hits
        if lowers[k] in PLURAL_ROLE_WORDS
        or ("-" in lowers[k] and lowers[k].rpartition("-")[2] in PLURAL_ROLE)
    ]
    for token in candidates:
        if token.i in state.taken:
            continue
        word = token.lower_
        role_ref = PLURAL_ROLE.get(word) or PLURAL_ROLE.get(word.rpartition("-")[2])
        if token.i > 0 and T[token.i - 1].lower_ in ("foreign", "defence", "defense", "prime"):
            role_ref = PLURAL_ROLE.get(T[token.i - 1].lower_ + " " + word, role_ref)
        if role_ref is None:
            continue
        states, span_start, span_end = _state_list(T, state.ent_at, token.i, state.kb, state.lex)
        if len(states) < 2:
            continue
        if role_ref == "delegation":
            for sid in states:
                state.mentions.append(
                    Mention(
                        token.i,
                        token.i + 1,
                        "name",
                        "State",
                        (sid,),
                        delegation=True,
                        text=token.text,
                    )
                )
            state.taken.update(range(span_start, span_end))
            continue
        ids = []
        for sid in states:
            holders = _leaders(state.kb, sid, role_ref, state.day)
            if holders:
                ids.append(holders[0])
        if len(ids) == len(states):
            state.mentions.append(
                Mention(
                    span_start,
                    span_end,
                    "plural",
                    "Person",
                    ids=tuple(ids),
                    size=len(ids),
                    head=word,
                    text=state.doc[span_start:span_end].text,
                )
            )
            state.taken.update(range(span_start, span_end))
            state.consumed.update(range(span_start, span_end))


# Passes 5, 5a, 5c, 5b: pronouns and epithets ------------------------------------------------------


def subject_pronouns(state: MentionState) -> None:
    """Personal pronouns in the nominative ("er", "he", "she"): always a subject; "they", German
    "sie" with a plural verb ("wo sie ... begrüßt wurden") and "die Gäste" refer to persons named
    together."""
    T, lex = state.tokens, state.lex
    for token in state.hit_tokens(lex.pronouns.keys() | PLURAL_PRONOUNS):
        if token.i in state.taken:
            continue
        if token.lower_ in ("gäste", "guests"):
            if token.i > 0 and T[token.i - 1].lower_ in (
                "die",
                "the",
                "seine",
                "ihre",
                "his",
                "her",
                "their",
            ):
                # "hießen die Gäste willkommen": the visitors, named together before
                state.mentions.append(
                    Mention(token.i, token.i + 1, "plural_pronoun", "Person", text=token.text)
                )
            continue
        if token.lower_ == "they" or (token.lower_ == "sie" and _german_plural(T, token.i)):
            # "Sie" inside a sentence: the polite "you"
            if token.text != "Sie" or token.is_sent_start:
                state.mentions.append(
                    Mention(token.i, token.i + 1, "plural_pronoun", "Person", text=token.text)
                )
            continue
        if token.lower_ not in lex.pronouns:
            continue
        gender = lex.pronouns[token.lower_]
        state.mentions.append(
            Mention(token.i, token.i + 1, "pronoun", "Person", gender=gender, text=token.text)
        )


def possessive_pronouns(state: MentionState) -> None:
    """Possessives before a meeting or event noun stand for its subject ("nach seinem Treffen mit
    X", "her talks with Y"), resolved like the personal pronoun of their gender."""
    T, lex, n_tokens = state.tokens, state.lex, len(state.tokens)
    occasions = lex.words("meets", "nouns") | frozenset(lex.events)
    for token in state.hit_tokens(POSSESSIVE_PRONOUNS):
        if token.i in state.taken or token.i + 1 >= n_tokens:
            continue
        nxt = T[token.i + 1]
        noun = (
            nxt
            if nxt.lower_ in occasions
            else (
                T[token.i + 2]
                if token.i + 2 < n_tokens
                and nxt.is_lower
                and not nxt.is_punct
                and T[token.i + 2].lower_ in occasions
                else None
            )
        )
        if noun is None or (state.lang == "de" and not noun.text[:1].isupper()):
            continue
        state.mentions.append(
            Mention(
                token.i,
                token.i + 1,
                "pronoun",
                "Person",
                gender=POSSESSIVE_PRONOUNS[token.lower_],
                text=token.text,
            )
        )
        state.taken.add(token.i)


def epithets(state: MentionState) -> None:
    """Epithets for someone named before: "der 77-Jährige", "die Grünen-Politikerin", "die
    Ministerin", "the 71-year-old" (resolved like a pronoun; see coref)."""
    T, lowers = state.tokens, state.lowers
    for token in [T[k] for k in state.hits if "-" in lowers[k] or lowers[k] in EPITHET_WORDS]:
        if token.i == 0 or token.i in state.taken or not token.text[:1].isalnum():
            continue
        det = T[token.i - 1].lower_
        if det not in ("der", "die", "dem", "den", "the"):
            continue
        if _epithet(token.text, state.lang):
            gender = None
            if state.lang == "de":
                gender = (
                    "f"
                    if (token.lower_.endswith("in") or (det == "die" and "jährige" in token.lower_))
                    else (
                        "m"
                        if det in ("der", "dem", "den") and not token.lower_.endswith("in")
                        else None
                    )
                )
            state.mentions.append(
                Mention(
                    token.i,
                    token.i + 1,
                    "epithet",
                    "Person",
                    gender=gender,
                    head=token.lower_,
                    text=token.text,
                )
            )
            state.taken.add(token.i)


def object_pronouns(state: MentionState) -> None:
    """Personal pronouns as objects ("hosted him", "holte ihn ab"); "her" only where it cannot be
    a possessive."""
    T, lex = state.tokens, state.lex
    objects = lex.table("object_pronouns")
    object_forms = {str(f).lower(): g for g, forms in objects.items() for f in forms or []}
    before = lex.words("object_pronoun_before")
    for token in state.hit_tokens(object_forms):
        if token.i in state.taken:
            continue
        if token.lower_ == "her" and (token.i + 1 >= len(T) or T[token.i + 1].lower_ not in before):
            continue
        state.mentions.append(
            Mention(
                token.i,
                token.i + 1,
                "object_pronoun",
                "Person",
                gender=object_forms[token.lower_],
                text=token.text,
            )
        )


# Passes 6 and 7: delegations, sides and groups ----------------------------------------------------


def delegations_and_sides(state: MentionState) -> None:
    """A state's delegation or side: "die russische Delegation", "auf US-Seite", "the
    Ukrainian side"."""
    T, lowers, kb = state.tokens, state.lowers, state.kb
    for token in [T[k] for k in state.hits if lowers[k].rpartition("-")[2] in SIDE_NOUNS]:
        ref = None
        if "-" in token.text:
            ref = _prefix_ref(token.text.rpartition("-")[0], kb)
        if ref is None and token.i > 0:
            ref = kb.state_adjectives.get(state.lang, {}).get(T[token.i - 1].lower_)
            if ref is None:
                ent = state.ent_at.get(token.i - 1)
                if ent is not None and ent.label_ == "State":
                    ref = ent.ent_id_
        if ref and ref.startswith("state/") and token.i not in state.taken:
            state.mentions.append(
                Mention(
                    token.i, token.i + 1, "name", "State", (ref,), delegation=True, text=token.text
                )
            )


def group_references(state: MentionState) -> None:
    """A group named earlier: "die Delegation", "the delegation", "die Mission" (no state named).
    Size 1 marks a definite reference to the group; the others only mark where members are listed
    ("Zur Delegation gehörten X, Y und Z")."""
    T, lowers = state.tokens, state.lowers
    for token in [T[k] for k in state.hits if lowers[k].rpartition("-")[2] in GROUP_NOUNS]:
        if token.i in state.taken or token.i == 0:
            continue
        definite = T[token.i - 1].lower_ in ("die", "der", "the", "diese", "this")
        state.mentions.append(
            Mention(
                token.i,
                token.i + 1,
                "group",
                "Person",
                head=token.lower_,
                size=int(definite),
                text=token.text,
            )
        )


PASSES: tuple[Callable[[MentionState], None], ...] = (
    role_phrases,  # 1
    role_mentions,
    name_mentions,  # 2
    person_names,  # 3
    news_outlets,  # 3b
    plural_references,  # 4
    state_plural_roles,  # 4b
    subject_pronouns,  # 5
    possessive_pronouns,  # 5a
    epithets,  # 5c
    object_pronouns,  # 5b
    delegations_and_sides,  # 6
    group_references,  # 7
)
"""The passes of :func:`find_mentions` in running order: each sees what the passes before took."""


PLURAL_ROLE = {
    "leaders": "leader",
    "staatschefs": "leader",
    "spitzen": "leader",
    "regierungschefs": "head_of_government",
    "presidents": "head_of_state",
    "präsidenten": "head_of_state",
    "prime ministers": "head_of_government",
    "premierminister": "head_of_government",
    "foreign ministers": "foreign_minister",
    "außenminister": "foreign_minister",
    "chefdiplomaten": "foreign_minister",
    "defence ministers": "defence_minister",
    "defense ministers": "defence_minister",
    "verteidigungsminister": "defence_minister",
    "delegations": "delegation",
    "delegationen": "delegation",
    "delegation": "delegation",
    "teams": "delegation",
    "unterhändler": "delegation",
    "negotiators": "delegation",
    "vertreter": "delegation",
    "representatives": "delegation",
    "officials": "delegation",
    "regierungsvertreter": "delegation",
}
PLURAL_ROLE_WORDS = frozenset(PLURAL_ROLE) | frozenset(
    k.split()[-1] for k in PLURAL_ROLE if " " in k
)
SIDE_NOUNS = frozenset(
    ["delegation", "delegationen", "seite", "side", "unterhändler", "negotiators", "delegations"]
)
LIST_JOINERS = frozenset(
    [
        ",",
        "and",
        "und",
        "sowie",
        "the",
        "der",
        "des",
        "die",
        "dem",
        "den",
        "von",
        "of",
        "aus",
        "from",
    ]
)


_AGE = re.compile(r"^\d{2}-(jährige[rn]?|year-old)$", re.IGNORECASE)
EPITHET_WORDS = frozenset(
    ["ministerin", "minister", "politiker", "politikerin", "diplomatin", "diplomat"]
)


def _epithet(text: str, lang: str) -> bool:
    """A word that, after a definite article, names someone by age, party or trade ("77-Jährige",
    "Grünen-Politikerin", "Ministerin", "71-year-old")."""
    if _AGE.match(text):
        return True
    if lang != "de":
        return False
    low = text.lower()
    return low in EPITHET_WORDS or (
        low.endswith(("-politiker", "-politikerin")) and text[:1].isupper()
    )


def _german_plural(T: list[Tok], i: int) -> bool:
    """The finite verb of the clause of "sie" at ``i`` is plural ("sie trafen", "wo sie ... begrüßt
    wurden"), so "sie" means "they", not "she"."""
    for k in range(max(0, i - 1), min(len(T), i + 12)):
        word = T[k].lower_
        if k > i and T[k].text in (",", ".", ";", ":", "?", "!"):
            break
        if word in GERMAN_PLURAL_VERBS:
            return True
        if word in GERMAN_SINGULAR_VERBS:
            return False
    return False


def _word_at(T: list[Tok], k: int) -> str:
    """The word at ``k`` with a hyphenated part the tokenizer split off ("Tae-yong")."""
    if (
        k + 2 < len(T)
        and T[k + 1].text == "-"
        and not T[k].space_after
        and not T[k + 1].space_after
    ):
        return T[k].text + "-" + T[k + 2].text
    return T[k].text


def _hyphenated_name_end(T: list[Tok], n: int, words: MentionWords) -> int:
    """The end of the capitalised words from ``n`` on, hyphenated parts included ("Musaed Al-Aiban",
    which the tokenizer splits at the hyphen)."""
    j = n
    while j < len(T) and j - n < 6:
        if _is_name_token(T[j], words, T) or (
            j > n
            and T[j].text == "-"
            and not T[j].space_after
            and not T[j - 1].space_after
            and j + 1 < len(T)
            and T[j + 1].text[:1].isupper()
        ):
            j += 1
        elif (
            j > n
            and T[j].text == "-"
            and not T[j].space_after
            and not T[j - 1].space_after
            and j + 1 < len(T)
            and T[j + 1].is_lower
            and T[j + 1].is_alpha
            and len(T[j + 1].text) <= 4
        ):
            j += 2  # "Cho Tae-yong"
        else:
            break
    return j


def _last_name_word(T: list[Tok], end: int) -> tuple[int, str]:
    """Start and text of the last word of a name ending at ``end``, a hyphenated one whole."""
    start = end - 1
    while (
        start >= 2
        and T[start - 1].text == "-"
        and not T[start - 1].space_after
        and not T[start - 2].space_after
    ):
        start -= 2
    return start, "".join(T[k].text for k in range(start, end))


def _state_list(
    T: list[Tok], ent_at: dict, i: int, kb: KnowledgeBase, lex: Lexicon
) -> tuple[list[str], int, int]:
    """States named around a plural head: adjectives before it or a genitive/of-list after it."""
    adjectives = kb.state_adjectives.get(lex.lang, {})
    states: list[str] = []
    start, end = i, i + 1
    k = i - 1
    while k >= 0:
        t = T[k]
        ref = adjectives.get(t.lower_)
        ent = ent_at.get(k)
        if ref:
            states.insert(0, ref)
            start = k
        elif ent is not None and ent.label_ == "State":
            states.insert(0, ent.ent_id_)
            start = ent.start
            k = ent.start
        elif t.lower_ not in ("and", "und", ",", "sowie"):
            break
        k -= 1
    if len(states) >= 2:
        return states, start, end
    states = []
    k = i + 1
    while k < len(T):
        t = T[k]
        ent = ent_at.get(k)
        if ent is not None and ent.label_ == "State":
            states.append(ent.ent_id_)
            k = ent.end
            end = ent.end
            continue
        if t.lower_ in LIST_JOINERS:
            k += 1
            continue
        break
    return states, start, end


def _leaders(kb: KnowledgeBase, state: str, role: str, day) -> list[str]:
    if role != "leader":
        return kb.holders(role, state, day)
    first, second = (
        ("head_of_government", "head_of_state")
        if state in kb.parliamentary
        else ("head_of_state", "head_of_government")
    )
    return kb.holders(first, state, day) or kb.holders(second, state, day)
