"""Meeting probes: 240 short texts (120 German, 120 English) written for this test by a helper who
did not read the extraction rules, half stating a meeting and half not (calls, letters, plans,
denials, criticism, mere co-presence). Each row lists the MEETS pairs the text states
(``tests/data/probes.tsv``).

The floors are below the scores measured when the probes were added and later tuned against (see
README); they catch regressions, they do not measure generalisation (the holdout corpora do)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

PROBES = Path(__file__).parent / "data" / "probes.tsv"


@pytest.fixture(scope="module")
def scores():
    from diplograph.build import extract_articles
    from diplograph.reader import parse_article

    rows = list(csv.DictReader(PROBES.open(encoding="utf-8"), delimiter="\t"))
    articles = [
        parse_article(f"date {r['date']} Probe\n\n{r['text']}", f"{r['id']}.txt", lang=r["lang"])
        for r in rows
    ]
    counts = {"de": [0, 0, 0], "en": [0, 0, 0]}  # tp, fp, fn
    for row, record in zip(rows, extract_articles(articles), strict=True):
        names = {k: v.name for k, v in record.entities.items()}
        got = {
            frozenset((names.get(r.subject, r.subject), names.get(r.object, r.object)))
            for r in record.relations
            if r.kind == "MEETS"
        }
        want = {
            frozenset(x.strip() for x in pair.split(" + "))
            for pair in row["meets"].split(" ; ")
            if pair.strip()
        }
        c = counts[row["lang"]]
        c[0] += len(got & want)
        c[1] += len(got - want)
        c[2] += len(want - got)
    return counts


@pytest.mark.parametrize("lang", ["de", "en"])
def test_meeting_probes(scores, lang):
    tp, fp, fn = scores[lang]
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert tp + fn >= 55  # the file holds the probes
    assert precision >= 0.93, (lang, precision)
    assert recall >= 0.85, (lang, recall)
