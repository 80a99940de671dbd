"""Every command has help with an example."""

from __future__ import annotations

import pytest

from diplograph.cli import COMMANDS, parser

parser()  # registers the commands of diplograph.commands


def test_commands_registered():
    parser()
    assert {"build", "evaluate"} <= set(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_an_example(name, capsys):
    parser()
    with pytest.raises(SystemExit):
        parser().parse_args([name, "--help"])
    out = capsys.readouterr().out
    assert "Example:" in out and f"diplograph {name}" in out


GRAPH = """
@prefix dg: <https://w3id.org/diplograph/ontology#> .
@prefix r: <https://w3id.org/diplograph/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
r:person-a a dg:Person ; rdfs:label "A"@en ; dg:meets r:person-b .
r:person-b a dg:Person ; rdfs:label "B"@en ; dg:meets r:person-a .
"""


@pytest.mark.parametrize(
    "args",
    [
        ["query", "{graph}", "-e", "SELECT * WHERE { ?s ?p ?o }"],
        ["query", "{graph}", "-e", "SELECT * WHERE { ?s ?p ?o }", "--format", "csv"],
        ["analyze", "{graph}"],
    ],
)
def test_closed_pipe_ends_quietly(tmp_path, args):
    """`diplograph query ... | head -1`: the reader is gone, the command ends without a word."""
    import os
    import subprocess
    import sys

    from conftest import REPO

    graph = tmp_path / "graph.ttl"
    graph.write_text(GRAPH, encoding="utf-8")
    read, write = os.pipe()
    os.close(read)  # every write to stdout now fails with EPIPE
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")]),
    }
    try:
        done = subprocess.run(
            [sys.executable, "-m", "diplograph", *[a.replace("{graph}", str(graph)) for a in args]],
            stdout=write,
            stderr=subprocess.PIPE,
            env=env,
            timeout=120,
        )
    finally:
        os.close(write)
    assert done.stderr.decode() == ""
    assert done.returncode == 141


def test_empty_input_folder_says_no_article_files(tmp_path, capsys):
    from diplograph.cli import main

    empty = tmp_path / "articles"
    empty.mkdir()
    (empty / "notes.md").write_text("not an article", encoding="utf-8")
    assert main(["build", str(empty), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert f"no article files found in {empty}" in err and "could be processed" not in err
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_unreadable_articles_still_say_none_could_be_processed(tmp_path, capsys):
    from diplograph.cli import main

    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    assert main(["build", str(tmp_path / "empty.txt"), "-o", str(tmp_path / "out")]) == 1
    assert "no article could be processed" in capsys.readouterr().err
