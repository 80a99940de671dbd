"""Shared fixtures: paths, the spaCy pipelines (loaded once), a helper that builds small
articles."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "alaska-summit-2025-08-15.de.txt"
CORPUS = REPO / "corpus" / "dev"
EXAMPLES = REPO / "examples"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_shared(path: Path) -> Path:
    """Skip (or fail in CI) when ../shared is not present."""
    if not path.exists():
        if IN_CI:
            pytest.fail(f"{path} is missing in CI")
        pytest.skip(f"{path} not present")
    return path


@pytest.fixture(scope="session")
def kb():
    from diplograph.kb import load_kb

    return load_kb()


@pytest.fixture(scope="session")
def extract():
    """Extract records from a text: extract(text, lang, date="2025-08-15") -> Extraction."""
    import datetime as dt

    from diplograph.build import extract_articles
    from diplograph.reader import parse_article

    def run(text: str, lang: str, date: str | None = "2025-08-15", name: str = "test.txt"):
        header = f"date {date} Test\n\n" if date else ""
        article = parse_article(header + text, name, lang=lang)
        assert article.date == (dt.date.fromisoformat(date) if date else None)
        return next(iter(extract_articles([article])))

    return run


@pytest.fixture(scope="session")
def relations(extract):
    """Relations of a text as readable tuples: (KIND, subject label, object label or '')."""

    def run(text: str, lang: str, date: str | None = "2025-08-15"):
        ex = extract(text, lang, date)
        names = {k: v.name for k, v in ex.entities.items()}
        out = set()
        for rel in ex.relations:
            if rel.kind == "MEETS":
                out.add(("MEETS", *sorted((names[rel.subject], names[rel.object]))))
            elif rel.kind == "ATTENDS":
                out.add(("ATTENDS", names[rel.subject]))
            else:
                out.add((rel.kind, names.get(rel.subject, rel.subject)))
        return out

    return run
