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

import pycountry

from diplograph.package_data import read_yaml
from diplograph.reader import slugify

ORG_TYPES = ("Organization", "GovernmentBody", "NewsOrganization")
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


def _date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value)
    for candidate in (text, text + "-01", text + "-01-01"):
        try:
            return dt.date.fromisoformat(candidate)
        except ValueError:
            continue
    return None


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if v]


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
        """Persons holding ``role`` of state/org ``of`` on ``day`` (any state when ``of`` is None)."""
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


def _data_files(prefix: str) -> list[str]:
    folder = resources.files("diplograph").joinpath("kb/data")
    return sorted(
        p.name for p in folder.iterdir() if p.name.startswith(prefix) and p.name.endswith(".yaml")
    )


def _load_yaml(name: str) -> list[dict]:
    data = read_yaml(f"kb/data/{name}") or []
    return [d for d in data if isinstance(d, dict)]


def _load_states(kb: KnowledgeBase) -> None:
    german = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"], fallback=True)
    extra = {}
    for item in _load_yaml("states.yaml") if "states.yaml" in _data_files("states") else []:
        if item.get("iso3"):
            extra[str(item["iso3"]).upper()] = item
    codes = {c.alpha_3: c for c in pycountry.countries}
    for iso3 in sorted(set(codes) | set(extra)):
        country = codes.get(iso3)
        item = extra.get(iso3, {})
        if country is None and not item.get("name"):
            continue
        official = getattr(country, "official_name", None) if country else None
        common = getattr(country, "common_name", None) if country else None
        name = item.get("name") or common or (country.name if country else iso3)
        de_name = item.get("de") or (german.gettext(country.name) if country else None)
        aliases = _as_list(item.get("aliases_en")) + _as_list(item.get("aliases_de"))
        for candidate in (country.name if country else None, official, common):
            if candidate and candidate != name and "," not in candidate:
                aliases.append(candidate)
        entity_id = f"state/{iso3.lower()}"
        # German genitive forms: "Russlands", "Chinas"
        genitives = [
            n + "s" for n in (de_name, name) if n and not n.endswith(("s", "x", "z", "ß")) and " " not in n
        ]
        kb.add(
            KBEntry(
                id=entity_id,
                type="State",
                name=name,
                de=de_name if de_name != name else None,
                aliases=sorted(set(aliases) - {name}),
                wikidata=item.get("wikidata"),
            ),
            extra_names=genitives,
        )
        for adj in _as_list(item.get("adj_en")):
            kb.state_adjectives["en"][adj.lower()] = entity_id
        for stem in _as_list(item.get("adj_de")):
            stem = stem.lower()
            if stem.endswith("e") and not stem.endswith("sche"):
                stem = stem[:-1]
            for ending in _DE_ADJ_ENDINGS:
                kb.state_adjectives["de"][stem + ending] = entity_id
        for prefix in _as_list(item.get("prefix")) + [iso3]:
            kb.state_prefixes[prefix] = entity_id
        for demonym in _as_list(item.get("demonyms_en")) + _as_list(item.get("demonyms_de")):
            kb.state_adjectives.setdefault("demonyms", {})[demonym.lower()] = entity_id
        for metonym in _as_list(item.get("metonyms")):
            kb.metonyms[metonym] = entity_id
            if " " not in metonym and not metonym.endswith(("s", "x", "z", "ß")):
                kb.metonyms[metonym + "s"] = entity_id  # "der Vorschlag Washingtons"
                kb.names[metonym + "s"].add(kb.capitals.get(entity_id) or entity_id)
        capital = item.get("capital")
        if isinstance(capital, dict) and capital.get("name"):
            place_id = f"place/{slugify(capital['name'])}"
            kb.add(
                KBEntry(
                    id=place_id,
                    type="Place",
                    name=capital["name"],
                    de=capital.get("de") if capital.get("de") != capital["name"] else None,
                    wikidata=capital.get("wikidata"),
                    state=entity_id,
                    kind="city",
                )
            )
            kb.capitals[entity_id] = place_id
    # Short names everybody uses.
    for short, iso3 in (("US", "USA"), ("U.S.", "USA"), ("USA", "USA"), ("UK", "GBR"), ("U.K.", "GBR")):
        kb.names[short].add(f"state/{iso3.lower()}")
        kb.state_prefixes.setdefault(short.replace(".", ""), f"state/{iso3.lower()}")


def _load_orgs(kb: KnowledgeBase) -> None:
    for file in ("organisations.yaml", "news.yaml"):
        if file not in _data_files(file.split(".")[0]):
            continue
        for item in _load_yaml(file):
            if not item.get("id") or not item.get("name"):
                continue
            etype = item.get("type") or ("NewsOrganization" if file == "news.yaml" else "Organization")
            if etype not in ORG_TYPES:
                etype = "Organization"
            state = item.get("state")
            entry = KBEntry(
                id=f"org/{slugify(str(item['id']))}",
                type=etype,
                name=str(item["name"]),
                de=item.get("de") if item.get("de") != item.get("name") else None,
                aliases=_as_list(item.get("aliases")),
                wikidata=item.get("wikidata"),
                state=f"state/{str(state).lower()}" if state else None,
                kind=item.get("kind"),
            )
            genitives = [
                n + "s"
                for n in (entry.de, entry.name, *entry.aliases)
                if n and " " not in n and not n.endswith(("s", "x", "z", "ß")) and not n.isupper()
            ]
            extra = genitives if etype == "GovernmentBody" else []
            kb.add(entry, extra_names=extra + german_inflections(entry.de or entry.name))


def _load_places(kb: KnowledgeBase) -> None:
    if "places.yaml" not in _data_files("places"):
        return
    for item in _load_yaml("places.yaml"):
        if not item.get("name"):
            continue
        country = item.get("country")
        kb.add(
            KBEntry(
                id=f"place/{slugify(str(item.get('id') or item['name']))}",
                type="Place",
                name=str(item["name"]),
                de=item.get("de") if item.get("de") != item.get("name") else None,
                aliases=_as_list(item.get("aliases")),
                wikidata=item.get("wikidata"),
                state=f"state/{str(country).lower()}" if country else None,
                kind=item.get("kind"),
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
        if parts[-1].lower().endswith(("funk", "dienst", "sender", "blatt", "kurier", "anzeiger", "spiegel", "standard")):
            forms.append(" ".join(changed + [parts[-1] + "s"]))
    return forms


def _org_ref(value: str) -> str:
    return f"org/{slugify(value)}"


def _load_persons(kb: KnowledgeBase) -> None:
    for file in _data_files("persons"):
        for item in _load_yaml(file):
            if not item.get("id") or not item.get("name"):
                continue
            person_id = f"person/{slugify(str(item['id']))}"
            entry = KBEntry(
                id=person_id,
                type="Person",
                name=str(item["name"]),
                de=item.get("de") if item.get("de") != item.get("name") else None,
                aliases=_as_list(item.get("aliases")),
                wikidata=item.get("wikidata"),
                gender=item.get("gender"),
            )
            full_names = [n for n in (entry.name, entry.de, *entry.aliases) if n and " " in n]
            states = {str(o.get("state", "")).upper() for o in item.get("offices") or [] if isinstance(o, dict)}
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
                    kb.given_names[parts[1]].add(person_id)  # "Prince William": a given name, no surname
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
            for office in item.get("offices") or []:
                if not isinstance(office, dict) or not office.get("role"):
                    continue
                if office.get("state"):
                    of = f"state/{str(office['state']).lower()}"
                elif office.get("org"):
                    of = _org_ref(str(office["org"]))
                else:
                    continue
                kb.add_office(
                    Office(
                        person=person_id,
                        role=str(office["role"]),
                        of=of,
                        start=_date(office.get("start")),
                        end=_date(office.get("end")),
                        title=office.get("title"),
                    )
                )


PATRONYMIC = frozenset("bin ibn bint ben".split())  # "Mohammed bin Salman"
# titles royals go by, with their given name ("Sheikh Mohammed", "Prinz William", "König Charles")
ROYAL_TITLES = frozenset(
    "sheikh scheich prince prinz princess prinzessin king könig queen königin emir sultan kronprinz".split()
)
TITLE_LIKE = frozenset("sheikh scheich emir sultan malik amir".split())  # "Hussein al-Sheikh" is no "Sheikh"
ARTICLE_PREFIXES = frozenset("al el ad as ash at az ar an".split())  # "al-Sharaa", "el-Sisi"


@lru_cache(maxsize=1)
def load_kb() -> KnowledgeBase:
    """The shipped knowledge base, loaded once per process."""
    kb = KnowledgeBase()
    _load_states(kb)
    _load_orgs(kb)
    _load_places(kb)
    _load_persons(kb)
    for item in _load_yaml("leaders.yaml") if "leaders.yaml" in _data_files("leaders") else []:
        kb.parliamentary.update(f"state/{code.lower()}" for code in item.get("head_of_government_leads", []))
    # A surname that is also a state, organisation or place name is not a surname mention.
    for name in list(kb.surnames):
        if any(not i.startswith("person/") for i in kb.names.get(name, ())):
            del kb.surnames[name]
    return kb
