"""The evaluation harness and the dev corpus score, kept from regressing."""

from __future__ import annotations

import pytest
from rdflib import Graph

from conftest import CORPUS
from diplograph.evaluate import NameMatcher, evaluate, normalise, read_gold

# Measured on corpus/dev; raise when extraction improves, never lower to make a change pass.
DEV_MICRO_F1 = 0.88
DEV_LANG_F1 = 0.87


@pytest.fixture(scope="module")
def dev_evaluation():
    return evaluate(CORPUS)


def test_dev_corpus_size():
    txt = sorted(CORPUS.glob("*.txt"))
    assert len(txt) >= 30
    assert len([p for p in txt if p.name.endswith(".de.txt")]) >= 15
    assert len([p for p in txt if p.name.endswith(".en.txt")]) >= 15
    assert all(p.with_name(p.name.replace(".txt", ".gold.tsv")).exists() for p in txt)


def test_gold_evidence_is_in_the_article():
    for txt in CORPUS.glob("*.txt"):
        text = " ".join(txt.read_text("utf-8").split())
        for row in read_gold(txt.with_name(txt.name.replace(".txt", ".gold.tsv"))):
            assert " ".join(row.evidence.split()) in text, (txt.name, row.evidence)


def test_dev_corpus_f1(dev_evaluation):
    assert len(dev_evaluation.articles) >= 30
    assert dev_evaluation.total().f1 >= DEV_MICRO_F1, dev_evaluation.table()
    for lang in ("de", "en"):
        assert dev_evaluation.total(lang=lang).f1 >= DEV_LANG_F1, dev_evaluation.table()


# Corpora whose misses were read to find general failure modes (see their READMEs), floors a few
# points below their scores. Not corpus/holdout4 and corpus/holdout5: they stay untuned, so no test
# may depend on their scores.
TUNED_FLOORS = {
    "validation": 0.89,
    "holdout": 0.81,
    "holdout2": 0.84,
    "holdout3": 0.85,
    "holdout6": 0.80,
}


@pytest.mark.parametrize("name", sorted(TUNED_FLOORS))
def test_other_corpora_f1(name):
    result = evaluate(CORPUS.parent / name)
    assert len(result.articles) >= 8
    assert result.total().f1 >= TUNED_FLOORS[name], result.table()


def test_normalise():
    assert normalise("Sergej Lawrow") == "sergej lawrow"
    assert normalise("Recep Tayyip Erdoğan") == "recep tayyip erdogan"
    assert normalise("Elmendorf-Richardson") == "elmendorf richardson"


def test_name_matching_uses_spellings_and_surnames():
    g = Graph()
    g.parse(
        data="""
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <urn:x:lavrov> rdfs:label "Sergej Lawrow"@de .
    """,
        format="turtle",
    )
    matcher = NameMatcher(g)
    from rdflib import URIRef

    node = URIRef("urn:x:lavrov")
    assert matcher.matches(node, "Sergey Lavrov")
    assert not matcher.matches(node, "Vladimir Putin")


def test_equally_voted_nodes_go_to_the_gold_event_of_their_year():
    from diplograph.evaluate import same_year

    assert same_year("BRICS summit 2024", "http://x/event/2024-10-22-kazan-brics-summit")
    assert not same_year(
        "Xi state visit to Russia 2023", "http://x/event/2024-10-22-kazan-brics-summit"
    )
    assert not same_year("Hanoi summit", "http://x/event/2019-02-27-hanoi-summit")
