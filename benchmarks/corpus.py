"""Benchmark corpora: the repository's real articles multiplied, or seeded generated articles.

:func:`write_real_corpus` copies the articles of ``corpus/*/`` (real-text articles written for
the project, German and English) round-robin under distinct file names until ``n`` are written:
the issue's throughput targets are measured on these.

Articles are German or English, 300-500 words, in diplograph's article format (a header line
``date YYYY-MM-DD TITLE`` and the body). Actors are office holders of the shipped knowledge base
on the article's date, places are its cities, outlets its news organisations; the sentences come
from the templates in ``benchmarks/templates.yaml``. The same ``n`` and ``seed`` always give the
same files, byte for byte.

Usage::

    python benchmarks/corpus.py 1000 /tmp/real-1000
    python benchmarks/corpus.py 2000 /tmp/corpus-2000 --generated --seed 7
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from diplograph.kb import FAMILY_NAME_FIRST, KnowledgeBase, load_kb

TEMPLATES = Path(__file__).with_name("templates.yaml")
REAL_CORPUS = Path(__file__).resolve().parent.parent / "corpus"
FIRST_DAY = dt.date(2019, 1, 1)
LAST_DAY = dt.date(2025, 10, 31)
MIN_WORDS, MAX_WORDS = 300, 500
EN_MONTHS = (
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
)


@dataclass(frozen=True)
class GeneratedArticle:
    """One generated article: its file name and text (header line included)."""

    name: str
    text: str

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class _Actor:
    full_name: str
    surname: str
    role: str
    state: str  # state id


class _Pools:
    """The knowledge-base names the generator draws from, in a fixed order."""

    def __init__(self, kb: KnowledgeBase, roles: set[str]) -> None:
        self.kb = kb
        self.offices = sorted(
            (
                o
                for o in kb.offices
                if o.role in roles and o.of.startswith("state/") and kb.get(o.person)
            ),
            key=lambda o: (o.person, o.role, o.of, o.start or dt.date.min),
        )
        entries = sorted(kb.entries.values(), key=lambda e: e.id)
        self.cities = [e for e in entries if e.type == "Place" and e.kind == "city"]
        self.outlets = [e for e in entries if e.type == "NewsOrganization" and len(e.name) <= 30]
        self.orgs = [e for e in entries if e.type == "Organization" and e.de and len(e.name) <= 40]
        self.en_adjective: dict[str, str] = {}
        for adjective, state in sorted(kb.state_adjectives["en"].items()):
            self.en_adjective.setdefault(state, adjective[:1].upper() + adjective[1:])

    def actors_on(self, day: dt.date, lang: str) -> list[_Actor]:
        actors = []
        for office in self.offices:
            if not office.holds_on(day):
                continue
            person = self.kb.get(office.person)
            assert person is not None
            name = person.label(lang)
            parts = name.split()
            surname = (
                parts[0] if office.of.split("/")[-1].upper() in FAMILY_NAME_FIRST else parts[-1]
            )
            actors.append(_Actor(name, surname, office.role, office.of))
        return actors


def _state_name(kb: KnowledgeBase, state: str, lang: str) -> str:
    entry = kb.get(state)
    return entry.label(lang) if entry else state


def _full(pools: _Pools, actor: _Actor, lang: str, role_words: dict[str, str]) -> str:
    role = role_words[actor.role]
    if lang == "en":
        adjective = pools.en_adjective.get(actor.state)
        owner = adjective if adjective else _state_name(pools.kb, actor.state, "en") + "'s"
        return f"{owner} {role} {actor.full_name}"
    state = _state_name(pools.kb, actor.state, "de")
    genitive = state if state.endswith(("s", "z", "x")) else state + "s"
    return f"{genitive} {role} {actor.full_name}"


def generate(
    n: int, *, seed: int = 7, kb: KnowledgeBase | None = None
) -> Iterator[GeneratedArticle]:
    """Yield ``n`` articles, alternating German and English at random (half each on average).

    Args:
        n: number of articles.
        seed: the random seed; the same seed gives the same articles.
        kb: the knowledge base to draw names from (the shipped one by default).
    """
    templates = yaml.safe_load(TEMPLATES.read_text(encoding="utf-8"))
    kb = kb or load_kb()
    roles = set(templates["en"]["roles"]) & set(templates["de"]["roles"])
    pools = _Pools(kb, roles)
    rng = random.Random(seed)
    actors_cache: dict[tuple[dt.date, str], list[_Actor]] = {}
    span = (LAST_DAY - FIRST_DAY).days
    for number in range(n):
        lang = rng.choice(("de", "en"))
        t = templates[lang]
        topics = t["topics"]
        # dates fall on the first of a month so that actors_cache stays small
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(span))
        day = day.replace(day=1)
        actors = actors_cache.get((day, lang))
        if actors is None:
            actors = actors_cache[(day, lang)] = pools.actors_on(day, lang)
        chosen: list[_Actor] = []
        while len(chosen) < 3:
            actor = rng.choice(actors)
            if all(actor.state != c.state and actor.surname != c.surname for c in chosen):
                chosen.append(actor)
        city = rng.choice(pools.cities)
        values = {
            "P": city.label(lang),
            "O": rng.choice(pools.outlets).name,
            "ORG": (lambda e: e.label(lang))(rng.choice(pools.orgs)),
            "DAY": rng.choice(t["weekdays"]),
            "MONTH": EN_MONTHS[day.month - 1],
            "DATE_DAY": str(rng.randint(1, 28)),
        }
        for key, actor in zip("ABC", chosen, strict=True):
            values[f"{key}_full"] = _full(pools, actor, lang, t["roles"])
            values[f"{key}_sur"] = actor.surname
            values[f"S{key}"] = _state_name(kb, actor.state, lang)

        def fill(template: str, values: dict[str, str] = values, topics: list[str] = topics) -> str:
            return template.format(**values, TOPIC=rng.choice(topics), N=rng.randint(2, 9))

        title = fill(rng.choice(t["titles"]))
        paragraphs = [fill(rng.choice(t["lead"]))]
        words = len(paragraphs[0].split())
        target = rng.randint(MIN_WORDS, MAX_WORDS)
        body = list(t["body"])
        while True:
            rng.shuffle(body)
            for template in body:
                paragraph = fill(template)
                if words + len(paragraph.split()) > target:
                    break
                paragraphs.append(paragraph)
                words += len(paragraph.split())
            else:
                continue
            break
        text = f"date {day.isoformat()} {title}\n\n" + "\n\n".join(paragraphs) + "\n"
        yield GeneratedArticle(f"bench-{number:06d}.{lang}.txt", text)


def write_corpus(n: int, folder: Path | str, *, seed: int = 7) -> list[Path]:
    """Write ``n`` generated articles into ``folder`` (created if missing); return the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for article in generate(n, seed=seed):
        path = folder / article.name
        path.write_text(article.text, encoding="utf-8")
        paths.append(path)
    return paths


def real_articles(root: Path = REAL_CORPUS) -> list[Path]:
    """The real-text articles of the repository (``corpus/*/*.txt``), sorted by path."""
    return sorted(root.glob("*/*.txt"))


def write_real_corpus(n: int, folder: Path | str, *, root: Path = REAL_CORPUS) -> list[Path]:
    """Write ``n`` copies of the repository's real articles into ``folder``, round-robin, each
    under a distinct name (``r00012-NAME.LANG.txt``); return the paths. The copies are byte for
    byte the originals, so the n-th article is the same whatever ``n`` is."""
    sources = real_articles(root)
    if not sources:
        raise SystemExit(f"no articles in {root}/*/*.txt")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    texts = [source.read_bytes() for source in sources]
    paths = []
    for number in range(n):
        source = sources[number % len(sources)]
        path = folder / f"r{number:05d}-{source.name}"
        path.write_bytes(texts[number % len(sources)])
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a benchmark corpus.")
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--generated",
        action="store_true",
        help="generate articles from templates instead of multiplying the real ones",
    )
    args = parser.parse_args()
    if args.generated:
        paths = write_corpus(args.n, args.folder, seed=args.seed)
    else:
        paths = write_real_corpus(args.n, args.folder)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    print(f"wrote {len(paths)} articles, {words} words, to {args.folder}")


if __name__ == "__main__":
    main()
