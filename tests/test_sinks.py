"""The sinks: graph files and graph.html with the user's umask, Turtle sorted at any size (runs on
disk give the same bytes as one sort in memory), the same bytes from any process."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile

import pytest
from rdflib import Graph

from conftest import CORPUS
from diplograph.build import build
from diplograph.rdf.exports import EXPORT_FORMATS
from diplograph.sinks import keyed, page_of_rows, sorted_rows, write_sorted

ARTICLE = CORPUS / "geneva-biden-putin-summit-2021-06-16.en.txt"


def quiet(line: str) -> None:
    pass


@pytest.fixture
def umask():
    """Set the process's umask for one test, and restore it."""
    previous = os.umask(0o022)
    yield lambda mask: os.umask(mask)
    os.umask(previous)


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(
    ("fmt", "validate"),
    [
        ("turtle", False),
        ("turtle", True),
        ("trig", False),
        ("nt", False),
        ("nquads", False),
        ("json-ld", False),
    ],
)
def test_outputs_get_the_umask_mode(tmp_path, umask, fmt, validate):
    umask(0o022)
    result = build([str(ARTICLE)], tmp_path, fmt=fmt, validate=validate, report=quiet)
    names = sorted(p.name for p in result.outputs)
    assert names == sorted([EXPORT_FORMATS[fmt].filename, "void.ttl", "graph.html"])
    for path in result.outputs:
        assert mode(path) == 0o644, f"{path.name}: {oct(mode(path))}"
    # nothing hidden beside them but diplograph's folder, holding one generation
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [".diplograph"]
    home = tmp_path / ".diplograph"
    assert sorted(p.name for p in home.iterdir() if not p.name.startswith("gen-")) == [
        "DIPLOGRAPH-OUTPUT",
        "current",
        "lock",
    ]
    assert len(list(home.glob("gen-*"))) == 1


def test_a_private_umask_gives_private_files(tmp_path, umask):
    umask(0o077)
    result = build([str(ARTICLE)], tmp_path, report=quiet)
    assert [mode(p) for p in result.outputs] == [0o600, 0o600, 0o600]


def test_sorting_in_runs_on_disk_is_sorting_in_memory():
    rows = [f'<http://e/{n % 97}> <http://e/p> "{n % 13}" .\n' for n in range(5000)]
    in_memory = list(sorted_rows(rows))
    assert in_memory == sorted(set(rows))
    assert list(sorted_rows(rows, run_rows=64)) == in_memory


def test_turtle_from_runs_is_the_same_bytes(tmp_path, monkeypatch):
    import diplograph.sinks as sinks

    rows = [f'<http://e/s{n % 50}> <http://e/p{n % 3}> "v{n}"@en .\n' for n in range(2000)]
    write_sorted(reversed(rows), tmp_path / "memory.ttl", EXPORT_FORMATS["turtle"])
    monkeypatch.setattr(sinks, "RUN_ROWS", 100)  # read at call time: 20 runs on disk
    monkeypatch.setattr(sinks, "PARSE_BATCH", 7)
    count: list[int] = []
    write_sorted(rows, tmp_path / "runs.ttl", EXPORT_FORMATS["turtle"], count=count)
    assert (tmp_path / "runs.ttl").read_bytes() == (tmp_path / "memory.ttl").read_bytes()
    assert count == [2000]
    assert len(Graph().parse(tmp_path / "runs.ttl")) == 2000


def test_the_page_from_a_store_on_disk_is_the_page_from_memory(tmp_path, monkeypatch):
    """A graph above PAGE_IN_MEMORY rows is loaded into an on-disk store for the page: same
    bytes, same report, and the store's folder is gone afterwards."""
    build([str(ARTICLE)], tmp_path / "built", report=quiet, fmt="nt", html=False)
    rows = tmp_path / "built" / "graph.nt"
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    pages = {}
    for on_disk in (False, True):
        outdir = tmp_path / f"disk-{on_disk}"
        outdir.mkdir()
        page, said = page_of_rows(rows, outdir, quads=False, max_nodes=5, on_disk=on_disk)
        pages[on_disk] = (page.read_bytes(), said)
    assert pages[True] == pages[False]
    assert pages[True][1], "max_nodes=5 leaves nodes out and says so"
    assert [p.name for p in (tmp_path / "disk-True").iterdir()] == ["graph.html"]
    assert not list(scratch.iterdir()), "the on-disk store's folder is removed"


def test_trig_keeps_each_graph_together(tmp_path):
    quads = [f'<http://e/s{n}> <http://e/p> "{n}" <http://e/g{n % 3}> .\n' for n in range(30)]
    write_sorted(keyed(quads), tmp_path / "g.trig", EXPORT_FORMATS["trig"])
    text = (tmp_path / "g.trig").read_text("utf-8")
    assert [line for line in text.splitlines() if line.endswith("{")] == [
        "<http://e/g0> {",
        "<http://e/g1> {",
        "<http://e/g2> {",
    ]


@pytest.mark.slow
def test_turtle_and_page_are_the_same_bytes_from_any_process(tmp_path):
    """The world corpora (over 300 linked nodes in the page's first view, which leaves claims and
    proposals out: the layout is computed) in two fresh processes with different hash seeds, one
    with --jobs 2."""
    outputs = []
    for seed, jobs in (("1", "1"), ("4242", "2")):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "diplograph",
                "build",
                str(CORPUS.parent / "world"),
                str(CORPUS.parent / "world-untuned"),
                "-o",
                str(out),
                "-q",
                "--jobs",
                jobs,
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )
        assert proc.returncode == 0, proc.stderr
        outputs.append(out)
    first, second = outputs
    assert '"x": ' in (first / "graph.html").read_text("utf-8")  # positions were computed
    for name in ("graph.ttl", "graph.html"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
