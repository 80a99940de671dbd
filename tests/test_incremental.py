"""Idempotent, incremental and interruption-safe builds (issue 8).

Byte-identical Turtle from separate processes with different hash seeds; ``build --update``
adds and replaces articles without duplicates; ``kill -9`` in the middle of a build leaves the
previous graph.ttl and store whole, and the next build clears the temporary files.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import PROV

from diplograph.build import build
from diplograph.incremental import update

ARTICLES = {
    "paris-talks.en.txt": "date 2024-03-01 Talks in Paris\n\nOlaf Scholz met Emmanuel Macron in "
    "Paris on Friday. According to Reuters, the two leaders want to agree on new rules for arms "
    "exports.\n",
    "peking-besuch.de.txt": "date 2023-04-14 Besuch in Peking\n\nAußenministerin Annalena Baerbock "
    "traf in Peking ihren chinesischen Amtskollegen Qin Gang. Baerbock schlug einen Dialog über "
    "die Lage in der Taiwanstraße vor.\n",
    "bali.en.txt": "date 2022-11-14 Bali meeting\n\nJoe Biden met Xi Jinping in Bali on Monday "
    "for three hours of talks. Xi Jinping proposed regular talks between the two militaries.\n",
}
CHANGED = (
    "date 2024-03-02 Talks in Berlin\n\nOlaf Scholz met Joe Biden in Berlin on Saturday. The two "
    "leaders talked about Ukraine.\n"
)
ART = "https://w3id.org/diplograph/resource/article/"


def quiet(line: str) -> None:
    pass


def write(folder: Path, names) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(ARTICLES[name], encoding="utf-8")
    return folder


def cli(*args: str, seed: str = "0", **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run(
        [sys.executable, "-m", "diplograph", "build", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        **kwargs,
    )


def test_same_inputs_give_byte_identical_turtle(tmp_path):
    inputs = write(tmp_path / "in", ARTICLES)
    for seed in ("1", "4242"):
        proc = cli(str(inputs), "-o", str(tmp_path / seed), "--no-html", seed=seed)
        assert proc.returncode == 0, proc.stderr
    first = (tmp_path / "1" / "graph.ttl").read_bytes()
    assert first == (tmp_path / "4242" / "graph.ttl").read_bytes()
    assert b"_:" not in first  # no blank nodes


def test_update_adds_without_duplicates(tmp_path):
    names = sorted(ARTICLES)
    both = build([str(write(tmp_path / "all", names))], tmp_path / "full", html=False, report=quiet)
    assert len(both.processed) == 3
    out = tmp_path / "inc"
    build([str(write(tmp_path / "first", names[:2]))], out, html=False, report=quiet)
    result = update([str(write(tmp_path / "second", names[2:]))], out, html=False, report=quiet)
    assert result.processed == names[2:]
    full = (tmp_path / "full" / "graph.ttl").read_bytes()
    assert (out / "graph.ttl").read_bytes() == full
    # the same article again changes nothing
    update([str(tmp_path / "second")], out, html=False, report=quiet)
    assert (out / "graph.ttl").read_bytes() == full


def test_update_on_the_command_line(tmp_path):
    names = sorted(ARTICLES)
    out = tmp_path / "out"
    assert cli(str(write(tmp_path / "a", names[:1])), "-o", str(out), "--no-html").returncode == 0
    proc = cli(str(write(tmp_path / "b", names[1:])), "-o", str(out), "--no-html", "--update")
    assert proc.returncode == 0, proc.stderr
    assert "update: 2 articles added, 0 replaced, 1 kept from graph.ttl" in proc.stderr
    graph = Graph().parse(out / "graph.ttl")
    assert (
        len(set(graph.subjects(None, URIRef("https://w3id.org/diplograph/ontology#Article")))) == 3
    )


def statements_of(graph: Graph, article: str) -> set:
    return set(graph.subjects(PROV.wasDerivedFrom, URIRef(ART + article)))


@pytest.mark.parametrize("fmt", ["trig", "turtle"])
def test_changed_article_replaces_its_statements(tmp_path, fmt):
    names = sorted(ARTICLES)
    out = tmp_path / "out"
    build([str(write(tmp_path / "in", names))], out, html=False, fmt=fmt, report=quiet)
    target = out / ("graph.trig" if fmt == "trig" else "graph.ttl")
    before = Dataset(default_union=True).parse(target) if fmt == "trig" else Graph().parse(target)
    old = statements_of(before, "paris-talks-en")
    others = {n: statements_of(before, n) for n in ("peking-besuch-de", "bali-en")}
    assert old and all(others.values())

    changed = tmp_path / "changed"
    changed.mkdir()
    (changed / "paris-talks.en.txt").write_text(CHANGED, encoding="utf-8")
    update([str(changed)], out, html=False, fmt=fmt, report=quiet)
    after = Dataset(default_union=True).parse(target) if fmt == "trig" else Graph().parse(target)
    new = statements_of(after, "paris-talks-en")
    assert new and not (new & old)
    assert not any((s, None, None) in after for s in old - new)
    assert {n: statements_of(after, n) for n in others} == others
    texts = {
        str(o)
        for o in after.objects(None, URIRef("https://w3id.org/diplograph/ontology#evidenceText"))
    }
    assert any("Berlin" in t for t in texts) and not any("arms exports" in t for t in texts)
    if fmt == "trig":
        # exact: the same as building the changed set from scratch
        fresh_in = write(tmp_path / "fresh", [n for n in names if n != "paris-talks.en.txt"])
        (fresh_in / "paris-talks.en.txt").write_text(CHANGED, encoding="utf-8")
        fresh = build([str(fresh_in)], tmp_path / "fresh-out", html=False, fmt=fmt, report=quiet)
        assert set(fresh.graph) == set(after.triples((None, None, None)))


def generations(out: Path) -> list[str]:
    """The generation folders of an output folder (see diplograph.generations)."""
    return sorted(p.name for p in (out / ".diplograph").glob("gen-*"))


def test_kill_mid_build_keeps_the_previous_output(tmp_path):
    """kill -9 while a build of 40 articles is processing: graph.ttl and the store as before,
    and the next build removes the temporary file the killed one left."""
    folder = tmp_path / "many"
    folder.mkdir()
    sentences = [
        "Olaf Scholz met Emmanuel Macron in Paris on Friday.",
        "According to Reuters, the two leaders want to agree on new rules for arms exports.",
        "Joe Biden met Xi Jinping in Bali for three hours of talks.",
        "Xi Jinping proposed regular talks between the two militaries.",
    ]
    for n in range(40):
        body = " ".join(sentences[(n + k) % 4] for k in range(60))
        (folder / f"article-{n:02d}.en.txt").write_text(
            f"date 2024-03-{n % 28 + 1:02d} Report {n}\n\n{body}\n"
        )
    out, store = tmp_path / "out", tmp_path / "store"
    first = cli(str(folder / "article-00.en.txt"), "-o", str(out), "--store", str(store))
    assert first.returncode == 0, first.stderr
    graph_before = (out / "graph.ttl").read_bytes()
    html_before = (out / "graph.html").read_bytes()
    quads_before = len(pyoxigraph.Store.read_only(str(store)))

    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "diplograph",
            "build",
            str(folder),
            "-o",
            str(out),
            "--store",
            str(store),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while len(generations(out)) < 2:  # the killed build's folder beside the current one
            assert proc.poll() is None, "the build ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        time.sleep(3)  # past loading the pipelines, into the articles
        assert proc.poll() is None, "the build ended before it could be killed"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert len(generations(out)) == 2, "the killed build should have left its folder"
    assert (out / "graph.ttl").read_bytes() == graph_before
    assert (out / "graph.html").read_bytes() == html_before
    assert len(pyoxigraph.Store.read_only(str(store))) == quads_before

    again = cli(str(folder / "article-01.en.txt"), "-o", str(out), "--no-html")
    assert again.returncode == 0, again.stderr
    assert "left behind by an interrupted build" in again.stderr
    assert len(generations(out)) == 1
    assert sorted(p.name for p in out.iterdir()) == [".diplograph", "graph.ttl", "void.ttl"]


BYTE_IDENTICAL = ("turtle", "trig", "turtle-star", "trig-star")
SAME_QUADS = {  # written in the order rows come (N-Triples and N-Quads) or by rdflib (JSON-LD)
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "nquads": pyoxigraph.RdfFormat.N_QUADS,
    "json-ld": pyoxigraph.RdfFormat.JSON_LD,
}


@pytest.mark.parametrize("fmt", [*BYTE_IDENTICAL, *SAME_QUADS])
def test_update_equals_a_full_build_as_the_readme_says(tmp_path, fmt):
    """README: --update gives byte for byte a full build for Turtle and TriG (plain and RDF
    1.2), the same set of quads for N-Triples, N-Quads and JSON-LD."""
    first = write(tmp_path / "first", ["paris-talks.en.txt", "peking-besuch.de.txt"])
    second = write(tmp_path / "second", ["bali.en.txt"])
    options = {"fmt": fmt, "html": False, "report": quiet}
    whole = build([str(first), str(second)], tmp_path / "whole", **options)
    build([str(first)], tmp_path / "step", **options)
    stepped = update([str(second)], tmp_path / "step", **options)
    [whole_file] = [p for p in whole.outputs if p.name != "void.ttl"]
    [step_file] = [p for p in stepped.outputs if p.name != "void.ttl"]
    assert whole_file.name == step_file.name
    if fmt in BYTE_IDENTICAL:
        assert step_file.read_bytes() == whole_file.read_bytes()
        return

    def quads(path: Path) -> set[str]:
        return {str(q) for q in pyoxigraph.parse(path=str(path), format=SAME_QUADS[fmt])}

    assert len(quads(whole_file)) > 50
    assert quads(step_file) == quads(whole_file)
