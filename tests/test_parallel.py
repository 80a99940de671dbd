"""build --jobs N: the output does not depend on the number of processes or the chunking."""

from __future__ import annotations

import pytest

from conftest import CORPUS
from diplograph.cli import main
from diplograph.parallel import Executor, chunked
from diplograph.reader import read_article
from diplograph.streaming import stream_build

ARTICLES = sorted(CORPUS.glob("*.txt"))[:7]


def quiet(line: str) -> None:
    pass


@pytest.mark.parametrize("fmt", ["nt", "nquads"])
def test_two_processes_write_the_same_file(tmp_path, fmt):
    """Chunks of two articles on two processes, against one process in one chunk."""
    one = stream_build(
        map(str, ARTICLES), tmp_path / "one", fmt=fmt, html=False, report=quiet, chunk_size=64
    )
    two = stream_build(
        map(str, ARTICLES),
        tmp_path / "two",
        fmt=fmt,
        html=False,
        report=quiet,
        jobs=2,
        chunk_size=2,
    )
    name = one.outputs[0].name
    assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    assert one.summary().split(";")[:2] == two.summary().split(";")[:2]
    assert len(one.processed) == len(ARTICLES)


def test_rows_come_back_in_input_order():
    articles = [read_article(p) for p in ARTICLES[:5]]
    rows = list(Executor(jobs=2, chunk_size=1).rows(articles))
    assert [r.source for r in rows] == [a.source for a in articles]


def test_chunks():
    assert [len(c) for c in chunked(range(7), 3)] == [3, 3, 1]  # type: ignore[arg-type]


def test_cli_jobs(tmp_path):
    args = ["build", *map(str, ARTICLES[:3]), "--no-html", "--format", "nt", "-q"]
    assert main([*args, "-o", str(tmp_path / "a")]) == 0
    assert main([*args, "-o", str(tmp_path / "b"), "--jobs", "2"]) == 0
    assert (tmp_path / "a" / "graph.nt").read_bytes() == (tmp_path / "b" / "graph.nt").read_bytes()
