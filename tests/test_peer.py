"""Sentence-level check on the peer test suites in ../shared/peer (PETRARCH-2 and PLOVER
records)."""

from __future__ import annotations

import csv

import pytest

from conftest import SHARED, require_shared
from diplograph.build import extract_articles
from diplograph.reader import article_id, parse_article

PEER = SHARED / "peer" / "meeting_sentences.tsv"


@pytest.fixture(scope="module")
def peer_results():
    require_shared(PEER)
    with PEER.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    articles = [parse_article(r["sentence"], f"{r['id']}.txt", lang="en") for r in rows]
    found = {}
    for ex in extract_articles(articles):
        found[ex.article.id] = any(
            rel.kind in ("MEETS", "ATTENDS") and rel.evidence.text.strip() in ex.article.text
            for rel in ex.relations
        )
    return [(r, found[article_id(f"{r['id']}.txt")]) for r in rows]


def _is_phone(row) -> bool:
    return any(w in row["sentence"].lower() for w in ("phone", "telephone", "call"))


def test_meetings_found(peer_results):
    meetings = [(r, f) for r, f in peer_results if r["expected"] == "MEETING" and not _is_phone(r)]
    assert len(meetings) >= 10
    rate = sum(f for _, f in meetings) / len(meetings)
    assert rate >= 0.80, [r["sentence"] for r, f in meetings if not f]


def test_agreements_are_not_meetings(peer_results):
    agree = [(r, f) for r, f in peer_results if "AGREE" in r["code"] or r["code"].startswith("03")]
    assert len(agree) >= 10
    assert sum(f for _, f in agree) / len(agree) <= 0.10, [r["sentence"] for r, f in agree if f]


def test_no_meeting_sentences(peer_results):
    rows = [(r, f) for r, f in peer_results if r["expected"] == "NO_MEETING"]
    assert sum(f for _, f in rows) / len(rows) <= 0.10
