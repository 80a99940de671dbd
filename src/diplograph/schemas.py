"""Schemas of the data files shipped with diplograph, checked when the files are loaded.

Every YAML file under ``lang/`` and ``kb/data/`` has a pydantic model here, with strict strings
(YAML reads a bare ``no``, ``on``, ``off`` or ``yes`` as a boolean: a word must then be quoted),
no unknown keys, dates as dates and closed sets as ``Literal``. :func:`validate` returns one
``[file: item: field] message`` line per problem, as spaCy's ``spacy/schemas.py`` does for its
pattern files; :func:`check` raises them as :class:`~diplograph.errors.DataFileInvalid`.

The headers of the bundled SPARQL queries are checked by :func:`query_header_problems`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import cache
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    model_validator,
)
from pydantic_core import ErrorDetails

from diplograph.errors import DataFileInvalid

__all__ = [
    "OfficeRole",
    "OFFICE_ROLES",
    "LexiconRole",
    "Gender",
    "PlaceKind",
    "OutletKind",
    "ParameterType",
    "Word",
    "Slug",
    "ISO3",
    "QID",
    "LangCode",
    "Words",
    "Schema",
    "RoleWord",
    "Gendered",
    "EventWords",
    "VerbWords",
    "MeetsWords",
    "VisitsWords",
    "AttendsWords",
    "ReportsWords",
    "OutletWords",
    "ProposesWords",
    "ModalityWords",
    "DateWords",
    "LexiconFile",
    "DetectFile",
    "Office",
    "Person",
    "Organisation",
    "NewsOrganisation",
    "Capital",
    "State",
    "Place",
    "Leaders",
    "KB_FILES",
    "schema_for",
    "DOCS",
    "check",
    "validate",
    "problems",
    "kb_reference_problems",
    "QueryParameter",
    "PARAM_LINE",
    "query_header_problems",
]

# --- closed sets ------------------------------------------------------------------------------

# The office roles of kb/data/FORMAT.md (tests/test_schemas.py keeps the two equal).
OfficeRole = Literal[
    "head_of_state", "head_of_government", "vice_president", "foreign_minister", "defence_minister",
    "finance_minister", "interior_minister", "economy_minister", "trade_minister",
    "national_security_adviser", "special_envoy", "adviser", "spokesperson", "chief_of_staff",
    "ambassador", "org_leader", "monarch", "crown_prince", "opposition_leader", "military_chief",
]  # fmt: skip
OFFICE_ROLES: tuple[str, ...] = get_args(OfficeRole)
# Role words of the lexicons may also name a relative role, resolved by coreference: "leader"
# (head of government or of state, see leaders.yaml), "guest" and "counterpart".
LexiconRole = Literal[OfficeRole, "leader", "guest", "counterpart"]
Gender = Literal["m", "f"]
PlaceKind = Literal["city", "venue", "region"]
OutletKind = Literal["agency", "newspaper", "broadcaster", "magazine", "online"]
ParameterType = Literal["iri", "date", "string", "integer", "decimal"]  # of a query's @param

# --- value types ------------------------------------------------------------------------------

_TRIMMED = r"^\S(.*\S)?$"
_SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_ISO3 = r"^[A-Z]{3}$"
_QID = r"^Q[1-9][0-9]*$"
_LANG = r"^[a-z]{2}$"
_PATTERN_NAMES = {
    _TRIMMED: "is empty or starts or ends with a space",
    _SLUG: "is not an id: lowercase ASCII letters, digits and single '-'",
    _ISO3: "is not an ISO 3166-1 alpha-3 code (three capital letters, e.g. RUS)",
    _QID: "is not a Wikidata QID (Q and digits)",
    _LANG: "is not a two-letter language code",
}

Word = Annotated[str, StringConstraints(pattern=_TRIMMED)]  # a word or phrase; also names
Slug = Annotated[str, StringConstraints(pattern=_SLUG)]
ISO3 = Annotated[str, StringConstraints(pattern=_ISO3)]
QID = Annotated[str, StringConstraints(pattern=_QID)]
LangCode = Annotated[str, StringConstraints(pattern=_LANG)]
Words = list[Word]


class Schema(BaseModel):
    """Strict: strings must be strings (never a YAML boolean or number), no unknown keys."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


# --- lang/<lang>.yaml ---------------------------------------------------------------------------


class RoleWord(Schema):
    role: LexiconRole
    state: ISO3 | None = None  # the role word names this state's office ("Kremlchef")
    default_state: ISO3 | None = None  # ... this state's unless another is given ("chancellor")
    org: Slug | None = None  # ... this organisation's ("commission president")


def _role_word(value: Any) -> Any:
    return {"role": value} if isinstance(value, str) else value  # "president: head_of_state"


class Gendered(Schema):
    m: Words
    f: Words


class EventWords(Schema):
    """Event nouns by event kind (the kinds of ``records.Event``)."""

    Summit: Words
    Talks: Words
    StateVisit: Words
    Conference: Words
    Meeting: Words
    PressConference: Words


class VerbWords(Schema):
    forms: Words  # exact lower-case tokens
    lemmas: Words  # the lookup lemmatizer's lemmas


class MeetsWords(Schema):
    verbs: VerbWords
    need_particle: dict[Word, Words]  # a verb that means meeting only with one of these words
    # a verb that means another verb with one of these particles at the end of its clause ("trafen
    # ... ein")
    separable: dict[Word, Words]
    # a verb that is a meeting of delegations, but persons only gather ("versammelten sich")
    states_only: Words
    nouns: Words
    pair_markers: Words
    with_: Words = Field(alias="with")
    and_: Words = Field(alias="and")
    reciprocal: Words
    passive: Words
    noun_support: Words
    mediation: Words
    symmetric: Words
    separately: Words
    signing: Words
    visit_forms: Words
    hand_forms: Words
    speak_forms: Words
    gerunds: Words
    trilateral: Words


class VisitsWords(Schema):
    arrivals: Words
    # a verb that means arriving with one of these particles at the end of its clause ("trafen ...
    # ein")
    separable_arrivals: dict[Word, Words]
    verbs: Words
    nouns: Words


class AttendsWords(Schema):
    forms: Words
    # forms that attend only an event named in their clause ("an den Beratungen beteiligt")
    need_event: Words
    phrases: Words
    # phrases that date what a person says or does inside an event named right after them ("zu
    # Beginn des Gipfels", "at the opening of the summit"): its speaker attends too
    occasion_phrases: Words
    list_markers: Words


class ReportsWords(Schema):
    forms: Words
    before_outlet: Words
    anaphors: Words
    reported_speech: Words
    anaphor_start: Words


class OutletWords(Schema):
    appositives: Words
    heads: Words


class ProposesWords(Schema):
    forms: Words
    need_particle: dict[Word, Words]
    nouns: Words
    support_verbs: Words
    # "expressed readiness to supply", "signalisierte Bereitschaft": these verbs make only these
    # nouns proposals
    readiness_verbs: Words
    readiness_nouns: Words
    participles: Words
    addressee_preps: Words
    elaboration_start: Words
    volition: Words


class ModalityWords(Schema):
    cancelled: Words
    denied: Words
    negated: Words
    hypothetical: Words
    planned: Words
    phone: Words
    not_negation_after: Words
    past_markers: Words
    cancelled_phrases: Words  # "off the table", "vom Tisch": called off, in several words
    # "before X and Y meet": a clause after one of these with its verb in the present is yet to come
    future_conjunctions: Words
    conditionals: Words  # if, unless, falls: the clause is a condition, not a fact
    past_auxiliaries: (
        Words  # "before they had met": ... unless an auxiliary in the past says otherwise
    )


class DateWords(Schema):
    months: dict[Word, Annotated[int, Field(ge=1, le=12)]]
    weekdays: dict[Word, Annotated[int, Field(ge=0, le=6)]]  # Monday = 0
    today: Words
    yesterday: Words
    tomorrow: Words
    future_cues: Words  # a weekday near one of these lies ahead ("will meet on Sunday")
    previous: Words  # "last" of "last year", "vergangenen" of "im vergangenen Jahr"
    following: Words  # "next" of "next year"
    year_words: Words  # year, Jahr
    periods: Words  # week, month: "last week", "vergangene Woche" name an earlier occasion
    previous_periods: Words  # one word for the period before: "Vorwoche"
    event_time_preps: Words  # "after the summit": the sentence's dates are not the summit's
    numbers: dict[Word, Annotated[int, Field(ge=1, le=100)]]  # "five" (days after)
    distance_units: dict[Word, Annotated[int, Field(ge=1)]]  # "days", "Wochen": in days
    distance_after: Words  # "five days after the summit": the summit was before the article
    distance_before: Words  # "two weeks before the summit": the summit lies ahead


class LexiconFile(Schema):
    """``lang/<lang>.yaml``: every section in every language; a list a language lacks is ``[]``."""

    roles: dict[Word, Annotated[RoleWord, BeforeValidator(_role_word)]]
    titles: Words
    plural_heads: Words
    plural_quantifiers: dict[Word, Annotated[int, Field(ge=2)]]
    pronouns: Gendered
    object_pronouns: Gendered
    object_pronoun_before: Words
    events: EventWords
    meets: MeetsWords
    visits: VisitsWords
    attends: AttendsWords
    reports: ReportsWords
    outlets: OutletWords
    proposes: ProposesWords
    modality: ModalityWords
    speech_verbs: Words
    dates: DateWords
    place_preps: Words


# lang/detect.yaml: the frequent function words of each language
DetectFile = dict[LangCode, Words]

# --- kb/data/*.yaml (kb/data/FORMAT.md) ---------------------------------------------------------


class Office(Schema):
    role: OfficeRole
    state: ISO3 | None = None
    org: Slug | None = None
    start: dt.date | None = None  # ISO YYYY-MM-DD, unquoted
    end: dt.date | None = None  # none: still in office
    title: Word | None = None
    to: Word | None = None  # a special envoy's: ISO3 or free text

    @model_validator(mode="after")
    def _of_one_and_in_order(self) -> Office:
        if (self.state is None) == (self.org is None):
            raise ValueError("give exactly one of state and org")
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"ends ({self.end}) before it starts ({self.start})")
        return self


class Person(Schema):
    id: Slug
    name: Word
    de: Word | None = None
    aliases: Words = []
    wikidata: QID | None = None
    gender: Gender
    offices: list[Office] = []


class Organisation(Schema):
    id: Slug
    name: Word
    de: Word | None = None
    aliases: Words = []
    type: Literal["Organization", "GovernmentBody"]
    wikidata: QID | None = None
    state: ISO3 | None = None  # a government body's


class NewsOrganisation(Schema):
    id: Slug
    name: Word
    de: Word | None = None
    aliases: Words = []
    type: Literal["NewsOrganization"]
    wikidata: QID | None = None
    state: ISO3
    kind: OutletKind


class Capital(Schema):
    name: Word
    de: Word | None = None
    wikidata: QID | None = None


class State(Schema):
    iso3: ISO3
    name: Word | None = None  # else pycountry's
    de: Word | None = None
    wikidata: QID | None = None
    aliases_en: Words = []
    aliases_de: Words = []
    adj_en: Words = []
    adj_de: Words = []  # stems: the loader adds the endings
    prefix: Words = []
    demonyms_en: Words = []
    demonyms_de: Words = []
    capital: Capital | None = None
    metonyms: Words = []


class Place(Schema):
    id: Slug
    name: Word
    de: Word | None = None
    aliases: Words = []
    wikidata: QID | None = None
    country: ISO3
    kind: PlaceKind


class Leaders(Schema):
    head_of_government_leads: list[ISO3]


# --- which schema a file has --------------------------------------------------------------------

KB_FILES: dict[str, type[Schema]] = {  # file name prefix -> entry schema
    "persons": Person,
    "organisations": Organisation,
    "news": NewsOrganisation,
    "states": State,
    "places": Place,
    "leaders": Leaders,
}


@cache
def schema_for(path: str) -> TypeAdapter[Any]:
    """The schema of a data file, by its path inside the package (``kb/data/news.yaml``).

    Raises:
        LookupError: the file has no schema (a new kind of data file needs one here).
    """
    folder, _, name = path.rpartition("/")
    if folder == "lang" and name == "detect.yaml":
        return TypeAdapter(DetectFile)
    if folder == "lang" and name.endswith(".yaml"):
        return TypeAdapter(LexiconFile)
    if folder == "kb/data" and name.endswith(".yaml"):
        for prefix, entry in KB_FILES.items():
            if name.startswith(prefix):
                return TypeAdapter(list[entry])  # type: ignore[valid-type]
    raise LookupError(f"{path} has no schema in diplograph/schemas.py")


# --- validating and reporting -------------------------------------------------------------------

DOCS = {"kb/data": "kb/data/FORMAT.md", "lang": "diplograph/schemas.py (LexiconFile, DetectFile)"}


def check(path: str, data: Any) -> Any:
    """The data of a file, validated against :func:`schema_for` its path.

    A file is validated through one ``TypeAdapter`` over the whole file: ~10 ms for the 8 files of
    the knowledge base, plus ~0.1 s once per process to import pydantic and build the models
    (``load_kb()`` went from ~0.26 s to ~0.36 s; measured December 2026). That is small enough to
    check at every load, not only in the tests.

    Raises:
        DataFileInvalid: the data do not fit the schema; one line per problem.
    """
    adapter = schema_for(path)
    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        raise DataFileInvalid(problems(path, data, exc), docs=_docs(path)) from None


def validate(path: str, data: Any) -> list[str]:
    """One ``[file: item: field] message`` line per problem of the data (none if they fit)."""
    try:
        schema_for(path).validate_python(data)
    except ValidationError as exc:
        return problems(path, data, exc)
    return []


def _docs(path: str) -> str:
    return next((doc for folder, doc in DOCS.items() if path.startswith(folder + "/")), "")


def problems(path: str, data: Any, exc: ValidationError) -> list[str]:
    """The errors of pydantic as ``[file: item: field] message`` lines.

    The item is the entry of a list file (by its ``id``, else its position ``#3``) or the section
    of a mapping file (``modality.negated``); the field is the rest of the location.
    """
    lines = []
    for error in exc.errors(include_url=False):
        loc = [str(p) for p in error["loc"]]
        key = bool(loc) and loc[-1] == "[key]"
        if key:  # the key itself is wrong: name it as YAML wrote it (pydantic shows True as 1)
            value = error.get("input")
            loc = [*loc[:-2], str(value).lower() if isinstance(value, bool) else str(value)]
        if isinstance(data, list) and loc:
            item, field = _entry_label(data, int(loc[0])), ".".join(loc[1:])
        else:
            item, field = ".".join(loc[:-1]), (loc[-1] if loc else "")
        where = ": ".join(p for p in (path, item, field) if p)
        lines.append(f"[{where}] {_message(error, key=key, lexicon=not isinstance(data, list))}")
    return lines


def _entry_label(data: list, index: int) -> str:
    entry = data[index] if 0 <= index < len(data) else None
    if isinstance(entry, dict):
        for key in ("id", "iso3"):
            if isinstance(entry.get(key), str) and entry[key]:
                return entry[key]
        if isinstance(entry.get("name"), str):
            return f"#{index} ({entry['name']})"
    return f"#{index}"


def _message(error: ErrorDetails, *, key: bool, lexicon: bool) -> str:
    kind, value = error["type"], error.get("input")
    what = "key" if key else "value"
    if kind == "string_type" and isinstance(value, bool):
        bare = "yes, on or true" if value else "no, off or false"
        return (
            f"{what} is the YAML boolean {str(value).lower()} (a bare {bare}), not a word: quote it"
        )
    if kind == "string_type" and isinstance(value, (int, float)):
        return f"{what} is the number {value!r}, not a word: quote it"
    if kind == "string_type" and value is None:
        return f"{what} is empty"
    if kind == "string_pattern_mismatch":
        return f"{value!r} {_PATTERN_NAMES.get(error['ctx']['pattern'], error['msg'])}"
    if kind == "missing":
        return "missing (a list this language lacks is written as [])" if lexicon else "missing"
    if kind == "extra_forbidden":
        hint = " (a value with a comma inside {...} must be quoted)" if value is None else ""
        return "unknown key" + hint
    if kind == "literal_error":
        return f"{value!r} is not one of {error['ctx']['expected']}"
    if kind in ("date_type", "date_parsing", "date_from_datetime_inexact"):
        return f"{value!r} is not a date: write an existing day as YYYY-MM-DD, unquoted"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    if kind in ("model_type", "dict_type"):
        return f"expected a mapping, got {value!r}"
    if kind == "list_type":
        return f"expected a list [...], got {value!r}"
    return f"{value!r}: {error['msg'][:1].lower()}{error['msg'][1:]}"


# --- cross-file checks of the knowledge base ------------------------------------------------------


def kb_reference_problems(files: dict[str, list[Any]], known_states: Iterable[str]) -> list[str]:
    """Problems across the knowledge-base files: an id used twice, an office of an organisation
    that is not in organisations.yaml, a state code that is neither in pycountry nor states.yaml.

    Args:
        files: the validated entries by file name (``persons_historical.yaml``).
        known_states: ISO3 codes of pycountry.
    """
    states = set(known_states) | {
        e.iso3 for name, es in files.items() if name.startswith("states") for e in es
    }
    orgs = {e.id for name, es in files.items() if name.startswith("organisations") for e in es}
    first_file: dict[str, str] = {}
    lines = []

    def state_problem(where: str, code: str | None) -> None:
        if code is not None and code not in states:
            lines.append(f"[{where}] {code!r} is neither a pycountry country nor in states.yaml")

    for name, entries in files.items():
        path = f"kb/data/{name}"
        for entry in entries:
            entry_id = getattr(entry, "id", None)
            if entry_id is not None:
                if entry_id in first_file:
                    lines.append(f"[{path}: {entry_id}: id] already used in {first_file[entry_id]}")
                first_file.setdefault(entry_id, name)
            if isinstance(entry, (Organisation, NewsOrganisation)):
                state_problem(f"{path}: {entry.id}: state", entry.state)
            elif isinstance(entry, Place):
                state_problem(f"{path}: {entry.id}: country", entry.country)
            elif isinstance(entry, Leaders):
                for i, code in enumerate(entry.head_of_government_leads):
                    state_problem(f"{path}: head_of_government_leads: {i}", code)
            elif isinstance(entry, Person):
                for i, office in enumerate(entry.offices):
                    state_problem(f"{path}: {entry.id}: offices.{i}.state", office.state)
                    if office.org is not None and office.org not in orgs:
                        lines.append(
                            f"[{path}: {entry.id}: offices.{i}.org] {office.org!r} is not an id "
                            "of organisations.yaml"
                        )
    return lines


# --- query headers ------------------------------------------------------------------------------


class QueryParameter(Schema):
    """A ``# @param NAME TYPE required|optional  description`` line of a query header."""

    name: Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]
    type: ParameterType
    required: bool
    doc: str = ""


PARAM_LINE = re.compile(r"#\s*@param\s+(\w+)\s+(\w+)\s+(required|optional)\s*(.*)$")


def query_header_problems(
    name: str, header: list[str], body: str
) -> tuple[list[QueryParameter], list[str]]:
    """The parameters declared in a query's header comment, and its problems as lines: an
    ``@param`` line that cannot be read, an unknown type, a parameter declared twice or one that
    is no variable of the query.

    Args:
        name: the query's file name (``meetings-between.rq``) or ``-e``.
        header: the comment lines at the top of the query.
        body: the query text after the header.
    """
    parameters: list[QueryParameter] = []
    lines = []
    for number, line in enumerate(header, start=1):
        if "@param" not in line:
            continue
        match = PARAM_LINE.match(line)
        if match is None:
            lines.append(
                f"[{name}: line {number}] cannot read the @param line; write "
                "'# @param NAME TYPE required|optional  description'"
            )
            continue
        pname, ptype, needed, doc = match.groups()
        try:
            parameter = QueryParameter.model_validate(
                {"name": pname, "type": ptype, "required": needed == "required", "doc": doc.strip()}
            )
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                field = ".".join(str(p) for p in error["loc"])
                lines.append(
                    f"[{name}: @param {pname}: {field}] {_message(error, key=False, lexicon=False)}"
                )
            continue
        if any(p.name == pname for p in parameters):
            lines.append(f"[{name}: @param {pname}] declared twice")
        elif not re.search(rf"[?$]{pname}\b", body):
            lines.append(f"[{name}: @param {pname}] is not a variable of the query (?{pname})")
        parameters.append(parameter)
    return parameters, lines
