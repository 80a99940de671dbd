"""Builds shared by the ontology, validation and export tests, each made once per session (the
spaCy pipelines take seconds to load), and the three small articles of the corroboration test."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from conftest import CORPUS, SEED
from diplograph.build import BuildResult, build_graph

# Three short reports of one summit, written for these tests: two in English, one in German.
# Each names the G7 summit of 2022, so all three share its event node; the first also has
# talks of its own.
G7_ARTICLES = {
    "g7-elmau-a.en.txt": (
        "date 2022-06-27 Leaders gather in the Bavarian Alps\n\n"
        "Chancellor Olaf Scholz welcomed Joe Biden and Emmanuel Macron to the G7 summit at Schloss "
        "Elmau on Monday. Biden and Scholz met for talks on the first evening. "
        "According to Reuters, "
        "the leaders want to agree on a price cap for Russian oil.\n"
    ),
    "g7-elmau-b.en.txt": (
        "date 2022-06-28 Summit ends with pledges for Ukraine\n\n"
        "The G7 summit in Elmau closed on Tuesday. Emmanuel Macron and Joe Biden both took part in "
        "the G7 summit, where Macron proposed a new fund for Ukrainian farmers.\n"
    ),
    "g7-elmau-c.de.txt": (
        "date 2022-06-28 Abschluss in Elmau\n\n"
        "Beim G7-Gipfel auf Schloss Elmau trafen sich Olaf Scholz und Emmanuel Macron zu einem "
        "Gespräch. Auch Joe Biden nahm am G7-Gipfel teil.\n"
    ),
}
G7_EVENT = "https://w3id.org/diplograph/resource/event/2022-06-27-schloss-elmau-g7-summit"


def quiet(line: str) -> None:
    """A reporter that drops progress lines."""


@cache
def seed_build() -> BuildResult:
    return build_graph([str(SEED)], report=quiet, named_graphs=True)


@cache
def dev_build() -> BuildResult:
    return build_graph([str(CORPUS)], report=quiet, named_graphs=True)


def write_g7_articles(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in G7_ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
