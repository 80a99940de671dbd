"""The knowledge base shipped with diplograph: states, persons with time-scoped offices,
organisations, news organisations and places, with German and English names and Wikidata IDs.

The data are YAML files in ``diplograph/kb/data`` (see FORMAT.md there); states are completed
from pycountry. Entity IDs are paths: ``person/vladimir-putin``, ``state/rus``, ``org/nato``,
``place/anchorage``.
"""

from __future__ import annotations

import datetime as dt
import gettext
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import pycountry

from diplograph import schemas
from diplograph.errors import DataFileInvalid
from diplograph.package_data import read_yaml
from diplograph.reader import slugify

__all__ = [
    "FAMILY_NAME_FIRST",
    "MIXED_NAME_ORDER",
    "KBEntry",
    "Office",
    "KnowledgeBase",
    "german_inflections",
    "PATRONYMIC",
    "ROYAL_TITLES",
    "TITLE_LIKE",
    "ARTICLE_PREFIXES",
    "load_kb",
]

_DE_ADJ_ENDINGS = ("", "e", "en", "er", "es", "em")
FAMILY_NAME_FIRST = frozenset({"CHN", "PRK", "KOR", "TWN", "HKG", "MAC", "SGP"})
MIXED_NAME_ORDER = frozenset({"SGP", "HKG", "MAC"})


@dataclass
class KBEntry:
    """One entity of the knowledge base."""

    id: str
    type: str
    name: str
    de: str | None = None
    aliases: list[str] = field(default_factory=list)
    wikidata: str | None = None
    gender: str | None = None
    state: str | None = None  # state id of a government body, news organisation or place
    kind: str | None = None

    def label(self, lang: str) -> str:
        return self.de if (lang == "de" and self.de) else self.name


@dataclass(frozen=True)
class Office:
    """A person holding an office of a state or organisation for a time."""

    person: str
    role: str
    of: str  # state or org id
    start: dt.date | None
    end: dt.date | None
    title: str | None = None

    def holds_on(self, day: dt.date | None) -> bool:
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


class KnowledgeBase:
    """Entities, names and offices, indexed for the NLP stages."""

    def __init__(self) -> None:
        self.entries: dict[str, KBEntry] = {}
        self.offices: list[Office] = []
        self.offices_by_person: dict[str, list[Office]] = defaultdict(list)
        self._holders: dict[tuple[str, str], list[Office]] = defaultdict(list)
        # surface form (as written) -> entity ids, per language ("*" = any)
        self.names: dict[str, set[str]] = defaultdict(set)
        self.surnames: dict[str, set[str]] = defaultdict(set)
        self.first_names: set[str] = set()
        self.given_names: dict[str, set[str]] = defaultdict(set)  # first name -> persons
        self.state_adjectives: dict[str, dict[str, str]] = {"de": {}, "en": {}}
        self.state_prefixes: dict[str, str] = {}
        self.metonyms: dict[str, str] = {}
        self.capitals: dict[str, str] = {}  # state id -> place id
        self.parliamentary: set[str] = set()  # states led by their head of government

    # --- queries -------------------------------------------------------------------------
    def get(self, entity_id: str) -> KBEntry | None:
        return self.entries.get(entity_id)

    def holders(self, role: str, of: str | None, day: dt.date | None) -> list[str]:
        """Persons holding ``role`` of state/org ``of`` on ``day`` (any state when ``of`` is
        None)."""
        if of is None:
            offices = [o for (r, _), offs in self._holders.items() if r == role for o in offs]
        else:
            offices = self._holders.get((role, of), [])
        found = [o.person for o in offices if o.holds_on(day)]
        return sorted(dict.fromkeys(found))

    def roles_of(self, person: str, day: dt.date | None) -> list[Office]:
        return [o for o in self.offices_by_person.get(person, []) if o.holds_on(day)]

    # --- building ------------------------------------------------------------------------
    def add(self, entry: KBEntry, extra_names: list[str] | None = None) -> None:
        if entry.id in self.entries:
            old = self.entries[entry.id]
            old.aliases.extend(a for a in entry.aliases if a not in old.aliases)
            old.wikidata = old.wikidata or entry.wikidata
            old.de = old.de or entry.de
            entry = old
        else:
            self.entries[entry.id] = entry
        for name in [entry.name, entry.de, *entry.aliases, *(extra_names or [])]:
            if name:
                self.names[name].add(entry.id)

    def add_office(self, office: Office) -> None:
        self.offices.append(office)
        self.offices_by_person[office.person].append(office)
        self._holders[(office.role, office.of)].append(office)


def _read_files() -> dict[str, list[Any]]:
    """Every data file's entries, validated by :mod:`diplograph.schemas`, by file name.

    Raises:
        DataFileInvalid: a file, or a reference from one file to another, is wrong.
    """
    folder = resources.files("diplograph").joinpath("kb/data")
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".yaml"))
    # checked at every load: cheap, see schemas.check
    files: dict[str, list[Any]] = {}
    for name in names:
        path = f"kb/data/{name}"
        files[name] = schemas.check(path, read_yaml(path) or [])
    problems = schemas.kb_reference_problems(files, (c.alpha_3 for c in pycountry.countries))
    if problems:
        raise DataFileInvalid(problems, docs=schemas.DOCS["kb/data"])
    return files


def _entries(files: dict[str, list[Any]], prefix: str) -> list[Any]:
    return [e for name, entries in files.items() if name.startswith(prefix) for e in entries]


def _load_states(kb: KnowledgeBase, states: list[schemas.State]) -> None:
    german = gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=["de"], fallback=True
    )
    extra = {item.iso3: item for item in states}
    codes = {c.alpha_3: c for c in pycountry.countries}
    for iso3 in sorted(set(codes) | set(extra)):
        country = codes.get(iso3)
        item = extra.get(iso3) or schemas.State(iso3=iso3)
        if country is None and not item.name:
            continue
        official = getattr(country, "official_name", None) if country else None
        common = getattr(country, "common_name", None) if country else None
        name = item.name or common or (country.name if country else iso3)
        de_name = item.de or (german.gettext(country.name) if country else None)
        aliases = item.aliases_en + item.aliases_de
        for candidate in (country.name if country else None, official, common):
            if candidate and candidate != name and "," not in candidate:
                aliases.append(candidate)
        entity_id = f"state/{iso3.lower()}"
        # German genitive forms: "Russlands", "Chinas"
        genitives = [
            n + "s"
            for n in (de_name, name)
            if n and not n.endswith(("s", "x", "z", "ß")) and " " not in n
        ]
        kb.add(
            KBEntry(
                id=entity_id,
                type="State",
                name=name,
                de=de_name if de_name != name else None,
                aliases=sorted(set(aliases) - {name}),
                wikidata=item.wikidata,
            ),
            extra_names=genitives,
        )
        for adj in item.adj_en:
            kb.state_adjectives["en"][adj.lower()] = entity_id
        for stem in item.adj_de:
            stem = stem.lower()
            if stem.endswith("e") and not stem.endswith("sche"):
                stem = stem[:-1]
            for ending in _DE_ADJ_ENDINGS:
                kb.state_adjectives["de"][stem + ending] = entity_id
        for prefix in [*item.prefix, iso3]:
            kb.state_prefixes[prefix] = entity_id
        for demonym in item.demonyms_en + item.demonyms_de:
            kb.state_adjectives.setdefault("demonyms", {})[demonym.lower()] = entity_id
        for metonym in item.metonyms:
            kb.metonyms[metonym] = entity_id
            if " " not in metonym and not metonym.endswith(("s", "x", "z", "ß")):
                kb.metonyms[metonym + "s"] = entity_id  # "der Vorschlag Washingtons"
                kb.names[metonym + "s"].add(kb.capitals.get(entity_id) or entity_id)
        capital = item.capital
        if capital is not None:
            place_id = f"place/{slugify(capital.name)}"
            kb.add(
                KBEntry(
                    id=place_id,
                    type="Place",
                    name=capital.name,
                    de=capital.de if capital.de != capital.name else None,
                    wikidata=capital.wikidata,
                    state=entity_id,
                    kind="city",
                )
            )
            kb.capitals[entity_id] = place_id
    # Short names everybody uses.
    for short, iso3 in (
        ("US", "USA"),
        ("U.S.", "USA"),
        ("USA", "USA"),
        ("UK", "GBR"),
        ("U.K.", "GBR"),
    ):
        kb.names[short].add(f"state/{iso3.lower()}")
        kb.state_prefixes.setdefault(short.replace(".", ""), f"state/{iso3.lower()}")


def _load_orgs(
    kb: KnowledgeBase, orgs: list[schemas.Organisation | schemas.NewsOrganisation]
) -> None:
    for item in orgs:
        etype = item.type
        entry = KBEntry(
            id=f"org/{item.id}",
            type=etype,
            name=item.name,
            de=item.de if item.de != item.name else None,
            aliases=list(item.aliases),
            wikidata=item.wikidata,
            state=f"state/{item.state.lower()}" if item.state else None,
            kind=getattr(item, "kind", None),
        )
        genitives = [
            n + "s"
            for n in (entry.de, entry.name, *entry.aliases)
            if n and " " not in n and not n.endswith(("s", "x", "z", "ß")) and not n.isupper()
        ]
        extra = genitives if etype == "GovernmentBody" else []
        kb.add(entry, extra_names=extra + german_inflections(entry.de or entry.name))


def _load_places(kb: KnowledgeBase, places: list[schemas.Place]) -> None:
    for item in places:
        kb.add(
            KBEntry(
                id=f"place/{item.id}",
                type="Place",
                name=item.name,
                de=item.de if item.de != item.name else None,
                aliases=list(item.aliases),
                wikidata=item.wikidata,
                state=f"state/{item.country.lower()}",
                kind=item.kind,
            )
        )


def german_inflections(name: str) -> list[str]:
    """Dative/genitive forms of German multi-word names: "Frankfurter Allgemeinen Zeitung",
    "Deutschen Presse-Agentur", "Westdeutschen Rundfunks"."""
    parts = name.split()
    if len(parts) < 2:
        return []
    changed = []
    for part in parts[:-1]:
        low = part.lower()
        if part[:1].isupper() and low.endswith("e") and not low.endswith("ee"):
            changed.append(part + "n")
        elif part[:1].isupper() and low.endswith(("ischer", "tscher", "isches", "tsches")):
            changed.append(part[:-2] + "en")
        else:
            changed.append(part)
    forms = []
    if changed != parts[:-1]:
        forms.append(" ".join(changed + parts[-1:]))
        if (
            parts[-1]
            .lower()
            .endswith(
                ("funk", "dienst", "sender", "blatt", "kurier", "anzeiger", "spiegel", "standard")
            )
        ):
            forms.append(" ".join(changed + [parts[-1] + "s"]))
    return forms


def _load_persons(kb: KnowledgeBase, persons: list[schemas.Person]) -> None:
    for item in persons:
        person_id = f"person/{item.id}"
        entry = KBEntry(
            id=person_id,
            type="Person",
            name=item.name,
            de=item.de if item.de != item.name else None,
            aliases=list(item.aliases),
            wikidata=item.wikidata,
            gender=item.gender,
        )
        full_names = [n for n in (entry.name, entry.de, *entry.aliases) if n and " " in n]
        states = {o.state for o in item.offices if o.state}
        family_first = bool(states & FAMILY_NAME_FIRST)
        mixed_order = bool(states & MIXED_NAME_ORDER)  # "Lee Hsien Loong" but "Lawrence Wong"
        # German genitive of full names: "Wladimir Putins"
        genitives = [n + "s" for n in full_names if not n.endswith(("s", "x", "z", "ß"))]
        kb.add(entry, extra_names=genitives)
        for full in full_names:
            if " of " in full or "," in full:
                continue  # "Abdullah II of Jordan": no surname
            parts = full.replace(".", ". ").split()
            if len(parts) == 2 and parts[0].lower() in ROYAL_TITLES:
                kb.given_names[parts[1]].add(
                    person_id
                )  # "Prince William": a given name, no surname
                continue
            last = parts[-1]
            if family_first and len(parts) >= 2:
                # Chinese and Korean names: the family name comes first ("Xi Jinping",
                # "Kim Yo Jong"); the last part is a given name, not a surname
                if parts[0] not in ("He", "Ma", "Yu", "Do", "An", "So"):
                    kb.surnames[parts[0]].add(person_id)
                    kb.surnames[parts[0] + "s"].add(person_id)  # "Kims Begleitung"
                if not mixed_order:
                    continue
            if len(parts) >= 3 and parts[-2].lower() in PATRONYMIC:
                pass  # "Mohammed bin Salman": the last part names the father, not the family
            elif len(last) > 2 and last[0].isupper():
                kb.surnames[last].add(person_id)
                if not last.endswith(("s", "x", "z", "ß")):
                    kb.surnames[last + "s"].add(person_id)
            elif "-" in last and last.split("-", 1)[0].lower() in ARTICLE_PREFIXES:
                # "al-Sharaa": English tokens "al - Sharaa", German ones "al-Sharaa"
                rest = last.split("-", 1)[1]
                if len(rest) > 2 and rest[0].isupper() and rest.lower() not in TITLE_LIKE:
                    for form in (rest, last, last[0].upper() + last[1:]):
                        kb.surnames[form].add(person_id)
            first = parts[0]
            if len(first) > 2 and first[0].isupper() and not first.endswith("."):
                kb.first_names.add(first)
                kb.given_names[first].add(person_id)  # "Sheikh Mohammed", "König Charles"
        for office in item.offices:
            of = f"state/{office.state.lower()}" if office.state else f"org/{office.org}"
            kb.add_office(
                Office(
                    person=person_id,
                    role=office.role,
                    of=of,
                    start=office.start,
                    end=office.end,
                    title=office.title,
                )
            )


PATRONYMIC = frozenset(["bin", "ibn", "bint", "ben"])  # "Mohammed bin Salman"
# titles royals go by, with their given name ("Sheikh Mohammed", "Prinz William", "König Charles")
ROYAL_TITLES = frozenset(
    [
        "sheikh",
        "scheich",
        "prince",
        "prinz",
        "princess",
        "prinzessin",
        "king",
        "könig",
        "queen",
        "königin",
        "emir",
        "sultan",
        "kronprinz",
    ]
)
TITLE_LIKE = frozenset(
    ["sheikh", "scheich", "emir", "sultan", "malik", "amir"]
)  # "Hussein al-Sheikh" is no "Sheikh"
ARTICLE_PREFIXES = frozenset(
    ["al", "el", "ad", "as", "ash", "at", "az", "ar", "an"]
)  # "al-Sharaa", "el-Sisi"


@lru_cache(maxsize=1)
def load_kb() -> KnowledgeBase:
    """The shipped knowledge base, loaded once per process."""
    files = _read_files()
    kb = KnowledgeBase()
    _load_states(kb, _entries(files, "states"))
    _load_orgs(kb, _entries(files, "organisations") + _entries(files, "news"))
    _load_places(kb, _entries(files, "places"))
    _load_persons(kb, _entries(files, "persons"))
    for item in _entries(files, "leaders"):
        kb.parliamentary.update(f"state/{code.lower()}" for code in item.head_of_government_leads)
    # A surname that is also a state, organisation or place name is not a surname mention.
    for name in list(kb.surnames):
        if any(not i.startswith("person/") for i in kb.names.get(name, ())):
            del kb.surnames[name]
    return kb
