"""The main job end to end: the seed article's bar, outputs, bad input in a batch."""

from __future__ import annotations

import subprocess
import sys

import pyoxigraph
import pytest
from rdflib import Graph

from conftest import SEED, require_shared
from diplograph.build import build
from diplograph.evaluate import evaluate_graph


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    require_shared(SEED)
    out = tmp_path_factory.mktemp("seed")
    result = build([str(SEED)], out, report=lambda line: None)
    return result, out


def test_seed_bar(seed_build):
    """Every required relation of the seed gold, at most one false hit (issue 2)."""
    result, out = seed_build
    graph = Graph().parse(out / "graph.ttl")
    gold = SEED.with_name(SEED.name.replace(".txt", ".gold.tsv"))
    evaluation = evaluate_graph(graph, {SEED.name: (gold, "de")})
    total = evaluation.total()
    assert total.fn == 0, evaluation.articles[0].misses
    assert total.fp <= 1, evaluation.articles[0].false_hits


def test_seed_outputs_parse(seed_build):
    _, out = seed_build
    ttl = (out / "graph.ttl").read_bytes()
    assert len(Graph().parse(data=ttl, format="turtle")) > 100
    store = pyoxigraph.Store()
    store.load(ttl, pyoxigraph.RdfFormat.TURTLE)
    assert len(store) > 100
    html = (out / "graph.html").read_text("utf-8")
    assert "http://" not in html.replace("http://www.w3.org", "") or 'src="http' not in html
    assert "<script src=" not in html and "<link" not in html


def test_seed_labels_and_evidence(seed_build):
    result, _ = seed_build
    g = result.graph
    rows = list(
        g.query(
            """SELECT ?label ?text WHERE {
             ?st rdf:subject ?p ; rdf:predicate dg:attends ; dg:evidenceText ?text .
             ?p rdfs:label ?label . FILTER(lang(?label) = "en") }""",
            initNs={"dg": "https://w3id.org/diplograph/ontology#"},
        )
    )
    labels = {str(r[0]) for r in rows}
    assert {"Donald Trump", "Vladimir Putin"} <= labels
    text = SEED.read_text("utf-8")
    assert all(str(r[1]) in text for r in rows)


def test_same_input_same_iris(tmp_path):
    require_shared(SEED)
    a = build([str(SEED)], tmp_path / "a", html=False, report=lambda line: None)
    b = build([str(SEED)], tmp_path / "b", html=False, report=lambda line: None)
    assert set(a.graph) == set(b.graph)


def test_batch_with_bad_files(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(
        "date 2024-03-01 Talks\n\nOlaf Scholz met Emmanuel Macron in Paris on Friday.",
        encoding="utf-8",
    )
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\xff" * 500)
    (tmp_path / "baddate.txt").write_text("date 2024-13-01 X\n\nThe leaders met.", encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "diplograph", "build", str(tmp_path), "-o", str(out), "--no-html"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3 and all(".txt:" in e for e in errors)
    assert "Traceback" not in proc.stderr
    assert "1 processed, 0 skipped, 3 failed" in proc.stderr
    graph = Graph().parse(out / "graph.ttl")
    assert len(graph) > 10
    # nothing left beside the outputs: one generation in diplograph's own folder
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [".diplograph"]
    assert len(list((out / ".diplograph").glob("gen-*"))) == 1


def test_nothing_readable_writes_nothing(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "diplograph", "build", str(tmp_path / "empty.txt"), "-o", str(out)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert not (out / "graph.ttl").exists()


def test_stdin(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "diplograph",
            "build",
            "-",
            "-o",
            str(tmp_path),
            "--lang",
            "en",
            "--no-html",
        ],
        input="Joe Biden met Xi Jinping in Bali on Monday for three hours of talks.",
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert "meets" in (tmp_path / "graph.ttl").read_text("utf-8")
