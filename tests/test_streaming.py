"""Streaming builds: the streamed N-Triples/N-Quads hold exactly the in-memory graph, Turtle and
graph.html at any size (a large graph's page keeps its most central nodes and says so), shared
facts are written once, progress and summary on stderr."""

from __future__ import annotations

import io
import sys
import time

import pytest
from rdflib import Dataset, Graph

from conftest import CORPUS
from diplograph.build import build, build_graph, describe_result
from diplograph.cli import main
from diplograph.options import BuildOptions
from diplograph.parallel import ArticleRows
from diplograph.progress import BuildProgress
from diplograph.streaming import RowWriter, stream_build

# Six articles, both languages, several sharing actors (Biden, Putin, Xi).
ARTICLES = [
    CORPUS / name
    for name in (
        "bali-biden-xi-meeting-2022-11-14.en.txt",
        "biden-putin-genf-2021-06-16.de.txt",
        "biden-xi-woodside-2023-11-16.de.txt",
        "geneva-biden-putin-summit-2021-06-16.en.txt",
        "busan-trump-xi-trade-truce-2025-10-30.en.txt",
        "armenien-aserbaidschan-washington-2025-08-09.de.txt",
    )
]


def quiet(line: str) -> None:
    pass


@pytest.fixture(scope="module")
def in_memory():
    """The in-memory build of ARTICLES, described as a written build is (void.ttl's node)."""
    result = build_graph([str(p) for p in ARTICLES], report=quiet, named_graphs=True)
    describe_result(result, BuildOptions())
    return result


def test_streamed_ntriples_are_the_in_memory_graph(tmp_path, in_memory):
    result = build([str(p) for p in ARTICLES], tmp_path, fmt="nt", html=False, report=quiet)
    streamed = Graph().parse(tmp_path / "graph.nt", format="nt")
    assert set(streamed) == set(in_memory.graph)
    lines = (tmp_path / "graph.nt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(set(lines)) == result.triples  # every triple written once
    assert result.relations == in_memory.relations
    assert (result.entities, result.events) == (in_memory.entities, in_memory.events)


def test_streamed_nquads_are_the_in_memory_dataset(tmp_path, in_memory):
    build([str(p) for p in ARTICLES], tmp_path, fmt="nquads", html=False, report=quiet)
    streamed = Dataset().parse(tmp_path / "graph.nq", format="nquads")
    quads = set(streamed.quads((None, None, None, None)))
    assert quads == set(in_memory.dataset.quads((None, None, None, None)))


def test_small_graph_is_turtle_and_a_page(tmp_path, in_memory):
    result = build([str(p) for p in ARTICLES[:2]], tmp_path, report=quiet)
    assert [p.name for p in result.outputs] == ["graph.ttl", "void.ttl", "graph.html"]
    assert not (tmp_path / "graph.nt").exists()
    # no temporary file left: the generation holds the three outputs, nothing else
    assert sorted(p.name for p in (tmp_path / ".diplograph" / "current").iterdir()) == [
        "graph.html",
        "graph.ttl",
        "void.ttl",
    ]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [".diplograph"]
    assert result._graph is None  # not read back by the build itself
    assert len(Graph().parse(tmp_path / "graph.ttl")) == result.triples == len(result.graph)


def test_large_graph_is_turtle_and_the_central_part_of_the_page(tmp_path, monkeypatch):
    import diplograph.streaming as streaming

    monkeypatch.setattr(streaming, "LARGE_PAGE_NODES", 20)
    said: list[str] = []
    inputs = [str(p) for p in ARTICLES[:2]]
    result = stream_build(inputs, tmp_path / "large", report=said.append, pretty_limit=100)
    assert [p.name for p in result.outputs] == ["graph.ttl", "void.ttl", "graph.html"]
    assert result._graph is None  # the graph was not read into rdflib
    assert result.triples == len(Graph().parse(tmp_path / "large" / "graph.ttl")) > 100
    left = [line for line in said if line.startswith("graph.html:")]
    assert len(left) == 1 and "least central nodes left out" in left[0]
    assert "more than 100 triples" in left[0] and "20 most central" in left[0]
    page = (tmp_path / "large" / "graph.html").read_text("utf-8")
    assert '"leftOut": [' in page and '"leftOut": []' not in page
    # the same Turtle as a build under the limit: one writer for every size
    small = stream_build(inputs, tmp_path / "small", report=quiet)
    assert (tmp_path / "small" / "graph.ttl").read_bytes() == (
        tmp_path / "large" / "graph.ttl"
    ).read_bytes()
    assert small.triples == result.triples


def test_large_graph_stays_nquads_for_json_ld(tmp_path):
    said: list[str] = []
    result = stream_build(
        [str(p) for p in ARTICLES[:2]],
        tmp_path,
        fmt="json-ld",
        html=False,
        report=said.append,
        pretty_limit=100,
    )
    assert [p.name for p in result.outputs] == ["graph.nq", "void.ttl"]
    assert any("instead of graph.jsonld" in line and "N-Quads" in line for line in said)


def test_shared_rows_are_written_once():
    out = io.StringIO()
    writer = RowWriter(out)
    writer.write(
        ArticleRows("a.txt", rows=("<a> <p> <x> .\n", "<k> <p> <o> .\n"), shared=b"\x00\x01")
    )
    writer.write(
        ArticleRows("b.txt", rows=("<b> <p> <x> .\n", "<k> <p> <o> .\n"), shared=b"\x00\x01")
    )
    assert out.getvalue().splitlines() == ["<a> <p> <x> .", "<k> <p> <o> .", "<b> <p> <x> ."]
    assert writer.rows == 3


def test_one_failing_article_keeps_the_others(tmp_path, monkeypatch):
    import diplograph.parallel as parallel

    real = parallel.article_rows

    def flaky(record, **kwargs):
        if record.article.source == ARTICLES[1].name:
            raise RuntimeError("boom")
        return real(record, **kwargs)

    monkeypatch.setattr(parallel, "article_rows", flaky)
    said: list[str] = []
    result = build(
        [str(p) for p in ARTICLES[:3]], tmp_path, fmt="nt", html=False, report=said.append
    )
    assert result.processed == [ARTICLES[0].name, ARTICLES[2].name]
    assert [source for source, _ in result.failed] == [ARTICLES[1].name]
    assert any("boom" in line for line in said)


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("total", "enabled", "stream", "shown"),
    [
        (100, True, FakeTerminal(), True),
        (100, False, FakeTerminal(), False),  # --quiet
        (100, True, io.StringIO(), False),  # stderr is not a terminal
        (3, True, FakeTerminal(), False),  # a few articles
    ],
)
def test_progress_bar_only_on_a_terminal(total, enabled, stream, shown):
    said: list[str] = []
    with BuildProgress(total, enabled=enabled, stream=stream) as bar:
        bar.advance(40)
        bar.wrap(said.append)("error: x.txt: broken")
    assert said == ["error: x.txt: broken"]  # messages are never lost
    text = stream.getvalue()
    assert ("40/100" in text and "article/s" in text and "left" in text) is shown


def test_cli_prints_only_the_summary_when_stderr_is_not_a_terminal(tmp_path, capsys):
    code = main(
        ["build", *map(str, ARTICLES[:2]), "-o", str(tmp_path), "--no-html", "--format", "nt"]
    )
    assert code == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("2 processed, 0 skipped, 0 failed;") and "triples" in err[0]
    assert err[1:] == [f"wrote {tmp_path / 'graph.nt'}", f"wrote {tmp_path / 'void.ttl'}"]
    main(["build", *map(str, ARTICLES[:2]), "-o", str(tmp_path), "--no-html", "--quiet"])
    assert capsys.readouterr().err == ""


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_person_at_a_terminal_follows_the_phases_and_is_shown_the_page(tmp_path, monkeypatch):
    """Issue 16: the build was silent for its first seconds and its last two thirds, its
    summary time was shorter than the wall time, and it did not say where the page is."""
    err = _Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    started = time.perf_counter()
    code = main(["build", *map(str, ARTICLES[:2]), "-o", str(tmp_path / "out")])
    wall = time.perf_counter() - started
    assert code == 0
    lines = err.getvalue().splitlines()
    phases = [line.split("] ", 1)[1] for line in lines if line.startswith("[")]
    assert phases[0] == "loading pipelines"
    assert phases[1] == "extracting 2 article files"
    assert phases[2].startswith("joining ") and phases[2].endswith(" event mentions into events")
    assert phases[3:] == ["laying out graph.html", "writing graph.ttl"]
    summary = next(line for line in lines if " processed, " in line)
    seconds = float(summary.rsplit("; ", 1)[1].removesuffix(" s"))
    # the summary times the whole command (pipelines included), not only the writing
    assert seconds >= 0.9 * wall - 0.2
    page = (tmp_path / "out" / "graph.html").absolute()
    assert lines[-1] == f"open {page.as_uri()}"


def test_phases_are_not_printed_to_a_log(tmp_path, capsys):
    """A log (stderr not a terminal) gets the summary alone, as before; the page's line last."""
    assert main(["build", *map(str, ARTICLES[:2]), "-o", str(tmp_path)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert not [line for line in err if line.startswith("[")]
    assert err[-1] == f"open {(tmp_path / 'graph.html').absolute().as_uri()}"
