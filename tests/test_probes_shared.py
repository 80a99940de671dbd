"""Pattern probes of issue 15 (``../shared/probes/patterns.tsv``): one- or two-sentence texts,
each an instance of a construction on which extraction from real news goes wrong, with what a
careful reader takes from it. Each probe is read as an article dated 2025-06-10 in its language.

The file lives beside the repository (``../shared/probes``), not in it; the test is skipped where
the folder is absent (and fails in CI, where it must be present).

How the ``expected`` column is read (clauses separated by ";"):

- ``nothing``: no relation at all.
- ``no ATTENDS`` / ``no pairwise MEETS``: no relation of that kind.
- ``KIND [event:] A, B [only]``: exactly these relations of that kind (MEETS as pairs "A-B", the
  others as agents), apart from the pairs named ``(A-B optional)``; the ATTENDS named together
  attend one event. Kinds a line does not name are not checked.
- ``ATTENDS event: nobody from the second sentence``: no ATTENDS stated in the second sentence.
- ``no person named X``: no person entity whose name contains X.

Probes that fail today are marked ``xfail(strict=True)`` with their class, so the test documents
the progress and fails (XPASS) when a probe starts to pass: then remove its mark.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

import pytest

from conftest import require_shared

PROBES = Path(__file__).resolve().parents[2] / "shared" / "probes"
DATE = "2025-06-10"

# probe id -> why it fails today (its class); remove a line when its probe passes
FAILING = {
    "C3b": "ATT-over: the host's officials met during a visit do not attend it",
    "C3c": "ATT-over: 'accompanied X to the airport' after the summit",
    "C4a": "MEETS-expr: negotiators of two states assembled",
    "C4c": "MEETS-expr: 'entered the hall, where X awaited them'",
    "F1": "ENTITY: 'Im Fall einer Einigung' is read as the person Yassine Fall (nlp/mentions.py)",
}

KINDS = ("MEETS", "ATTENDS", "REPORTS", "PROPOSES")


def _rows() -> list[dict[str, str]]:
    path = PROBES / "patterns.tsv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def _params() -> list:
    rows = _rows()
    if not rows:
        return [pytest.param(None, id="probes-absent")]
    params = []
    for row in rows:
        marks = (
            [pytest.mark.xfail(reason=FAILING[row["id"]], strict=True)]
            if row["id"] in FAILING
            else []
        )
        params.append(pytest.param(row, id=row["id"], marks=marks))
    return params


def _norm(name: str) -> list[str]:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^\w]+", " ", text).split()


def _names_match(gold: str, names: set[str]) -> bool:
    """The gold name (often a surname: "Lula", "al-Sudani") is one of the entity's names or a run of
    words in one of them."""
    want = _norm(gold)
    for name in names:
        have = _norm(name)
        if any(have[i : i + len(want)] == want for i in range(len(have) - len(want) + 1)):
            return True
    return False


def _pair_matches(gold: str, pair: tuple[set[str], set[str]]) -> bool:
    """ "A-B" against a pair of entities, trying every hyphen as the split ("Macron-al-Sudani")."""
    for m in re.finditer("-", gold):
        a, b = gold[: m.start()], gold[m.end() :]
        if (_names_match(a, pair[0]) and _names_match(b, pair[1])) or (
            _names_match(a, pair[1]) and _names_match(b, pair[0])
        ):
            return True
    return False


def _check(expected: str, text: str, ex) -> list[str]:
    """What the extraction ``ex`` gets wrong against the expectation; empty when it is right."""

    def names(entity_id: str) -> set[str]:
        ent = ex.entities.get(entity_id)
        if ent is None:
            return {entity_id}
        return {ent.name, *ent.labels.values(), *ent.surface_forms}

    rels = {kind: [r for r in ex.relations if r.kind == kind] for kind in KINDS}
    problems: list[str] = []
    for clause in (c.strip() for c in expected.split(";")):
        if clause.startswith("nothing"):
            if ex.relations:
                problems.append(f"expected nothing, got {len(ex.relations)} relations")
            continue
        m = re.match(r"no person named (\S+)", clause)
        if m:
            bad = [
                e.name
                for e in ex.entities.values()
                if e.type == "Person" and m.group(1).lower() in e.name.lower()
            ]
            if bad:
                problems.append(f"person named {m.group(1)}: {bad}")
            continue
        m = re.match(r"no (?:pairwise )?(MEETS|ATTENDS|REPORTS|PROPOSES)$", clause)
        if m:
            if rels[m.group(1)]:
                problems.append(f"expected no {m.group(1)}, got {len(rels[m.group(1)])}")
            continue
        m = re.match(r"(MEETS|ATTENDS|REPORTS|PROPOSES) (?:[^:]+: )?(.*)$", clause)
        assert m, f"unreadable expectation {clause!r}"
        kind, rest = m.groups()
        if rest.startswith("nobody from the second sentence"):
            second = text[text.index(". ") + 2 :]
            wrong = [r for r in rels[kind] if r.evidence.text in second]
            if wrong:
                who = [ex.entities[r.subject].name for r in wrong]
                problems.append(f"{kind} from the second sentence: {who}")
            continue
        optional = [o.strip() for o in re.findall(r"\(([^)]*) optional\)", rest)]
        items = [
            i.strip()
            for i in re.sub(r"\([^)]*\)", "", rest).replace(" only", "").split(",")
            if i.strip()
        ]
        found = rels[kind]
        if kind == "MEETS":
            pairs = [(names(r.subject), names(r.object)) for r in found]
            for item in items:
                if not any(_pair_matches(item, p) for p in pairs):
                    problems.append(f"missing MEETS {item}")
            for p in pairs:
                if not any(_pair_matches(item, p) for item in items + optional):
                    problems.append(f"unexpected MEETS {sorted(p[0])[0]} - {sorted(p[1])[0]}")
            continue
        agents = [(names(r.subject), r) for r in found]
        hits = []
        for item in items:
            hit = [r for n, r in agents if _names_match(item, n)]
            if not hit:
                problems.append(f"missing {kind} {item}")
            hits.extend(hit)
        for n, _rel in agents:
            if not any(_names_match(item, n) for item in items + optional):
                problems.append(f"unexpected {kind} {sorted(n)[0]}")
        if kind == "ATTENDS" and len(items) > 1 and hits:
            shared = set.intersection(
                *(
                    {r.object for r in hits if _names_match(item, names(r.subject))}
                    for item in items
                )
            )
            if not shared:
                problems.append(f"{', '.join(items)} attend different events")
    return problems


@pytest.fixture(scope="module")
def extractions():
    """Every probe's extraction, built in one run."""
    from diplograph.build import extract_articles
    from diplograph.reader import parse_article

    rows = _rows()
    articles = [
        parse_article(f"date {DATE} Probe\n\n{row['text']}", f"{row['id']}.txt", lang=row["lang"])
        for row in rows
    ]
    return {row["id"]: ex for row, ex in zip(rows, extract_articles(articles), strict=True)}


@pytest.mark.parametrize("row", _params())
def test_probe(row, extractions):
    if row is None:
        require_shared(PROBES / "patterns.tsv")
    problems = _check(row["expected"], row["text"], extractions[row["id"]])
    assert not problems, f"{row['id']} ({row['class']}) {row['text']!r}: {problems}"


@pytest.mark.skipif(not _rows(), reason="../shared/probes not present")
def test_every_failing_mark_names_a_probe():
    assert set(FAILING) <= {row["id"] for row in _rows()}
