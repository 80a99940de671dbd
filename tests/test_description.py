"""The dataset description written with every build (VoID + DCAT): in the graph and as
OUTDIR/void.ttl, with licence, creator, versions, counts, inputs and their SHA-256 hashes; the
build time only in void.ttl, so graph.ttl stays byte-identical across rebuilds."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, VOID, XSD

from conftest import EXAMPLES
from diplograph import __version__
from diplograph.build import build
from diplograph.incremental import update
from diplograph.rdf.description import DEFAULT_LICENSE, DatasetCounts, creator_term
from diplograph.rdf.namespace import DG
from diplograph.rdf.validation import validate_graph
from diplograph.sinks import count_rows

R = "https://w3id.org/diplograph/resource/"
DATASET = URIRef(R + "dataset")
ARTICLES = sorted(EXAMPLES.glob("*.txt"))


def quiet(line: str) -> None:
    pass


def cli(*args: str, epoch: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    return subprocess.run(
        [sys.executable, "-m", "diplograph", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def value(graph: Graph, predicate: URIRef) -> object:
    found = list(graph.objects(DATASET, predicate))
    assert len(found) == 1, f"{predicate}: {found}"
    return found[0].toPython() if isinstance(found[0], Literal) else found[0]


def counted(graph: Graph) -> dict[str, int]:
    """The counts, made independently of diplograph's row scan: rdflib over the graph."""
    description = set(graph.triples((DATASET, None, None)))
    entity_classes = [DG.Person, DG.State, DG.Organization, DG.GovernmentBody]
    entity_classes += [DG.NewsOrganization, DG.Place]
    return {
        "triples": len(graph) - len(description),
        "entities": len({s for c in entity_classes for s in graph.subjects(RDF.type, c)}),
        "events": len(set(graph.subjects(DG.articleCount, None))),
        "relations": len(set(graph.subjects(RDF.type, RDF.Statement))),
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("described")
    proc = cli("build", *map(str, ARTICLES), "-o", str(out), "--no-html", epoch="1700000000")
    assert proc.returncode == 0, proc.stderr
    return out


def test_graph_describes_itself(built):
    graph = Graph().parse(built / "graph.ttl")
    assert {VOID.Dataset, DCAT.Dataset} <= set(graph.objects(DATASET, RDF.type))
    assert value(graph, DCTERMS.license) == URIRef(DEFAULT_LICENSE)
    assert value(graph, DG.toolVersion) == f"diplograph {__version__}"
    assert value(graph, DG.ontologyVersion) == "0.2.0"
    assert value(graph, DCTERMS.conformsTo) == URIRef("https://w3id.org/diplograph/ontology")
    counts = counted(graph)
    assert counts["relations"] > 0 and counts["events"] > 0 and counts["entities"] > 0
    assert value(graph, VOID.triples) == counts["triples"]
    assert value(graph, VOID.entities) == counts["entities"]
    assert value(graph, DG.eventCount) == counts["events"]
    assert value(graph, DG.relationCount) == counts["relations"]
    articles = set(graph.subjects(RDF.type, DG.Article))
    assert set(graph.objects(DATASET, DCTERMS.source)) == articles and len(articles) == 4
    # no build time in the graph: it would change the bytes of every rebuild
    assert not list(graph.objects(DATASET, DCTERMS.modified))
    assert not list(graph.objects(DATASET, PROV.generatedAtTime))
    assert validate_graph(graph).conforms


def test_each_article_has_the_sha256_of_its_file(built):
    graph = Graph().parse(built / "graph.ttl")
    hashes = {str(o) for o in graph.objects(None, DG.sha256)}
    assert hashes == {hashlib.sha256(p.read_bytes()).hexdigest() for p in ARTICLES}
    for article in graph.subjects(RDF.type, DG.Article):
        name = str(graph.value(article, DG.sourceFile))
        expected = hashlib.sha256((EXAMPLES / name).read_bytes()).hexdigest()
        assert str(graph.value(article, DG.sha256)) == expected


def test_void_ttl_adds_build_time_and_input_paths(built):
    graph = Graph().parse(built / "graph.ttl")
    void = Graph().parse(built / "void.ttl")
    in_graph = set(graph.triples((DATASET, None, None)))
    assert in_graph <= set(void)  # the same description, and more
    assert (
        value(void, DCTERMS.modified)
        == Literal("2023-11-14T22:13:20+00:00", datatype=XSD.dateTime).toPython()
    )
    locations = {str(o) for o in void.objects(None, DG.sourceLocation)}
    assert locations == {str(p) for p in ARTICLES}
    for article in graph.subjects(RDF.type, DG.Article):
        assert void.value(article, DG.sha256) == graph.value(article, DG.sha256)
        assert void.value(article, DG.sourceFile) == graph.value(article, DG.sourceFile)
    assert validate_graph(graph + void).conforms  # void.ttl describes the graph beside it


def test_rebuild_at_another_time_changes_void_ttl_only(built, tmp_path):
    again = tmp_path / "again"
    proc = cli("build", *map(str, ARTICLES), "-o", str(again), "--no-html", epoch="1800000000")
    assert proc.returncode == 0, proc.stderr
    assert (again / "graph.ttl").read_bytes() == (built / "graph.ttl").read_bytes()
    assert (again / "void.ttl").read_bytes() != (built / "void.ttl").read_bytes()
    same = tmp_path / "same"
    proc = cli("build", *map(str, ARTICLES), "-o", str(same), "--no-html", epoch="1700000000")
    assert proc.returncode == 0, proc.stderr
    assert (same / "void.ttl").read_bytes() == (built / "void.ttl").read_bytes()


def test_license_and_creator_options(tmp_path):
    proc = cli(
        "build",
        str(ARTICLES[0]),
        "-o",
        str(tmp_path),
        "--no-html",
        "--license",
        "https://creativecommons.org/publicdomain/zero/1.0/",
        "--creator",
        "https://orcid.org/0000-0002-1825-0097",
    )
    assert proc.returncode == 0, proc.stderr
    graph = Graph().parse(tmp_path / "graph.ttl")
    assert value(graph, DCTERMS.license) == URIRef(
        "https://creativecommons.org/publicdomain/zero/1.0/"
    )
    assert value(graph, DCTERMS.creator) == URIRef("https://orcid.org/0000-0002-1825-0097")


def test_a_license_that_is_no_iri_is_a_one_line_error(tmp_path):
    proc = cli("build", str(ARTICLES[0]), "-o", str(tmp_path / "out"), "--license", "CC BY")
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and "--license 'CC BY'" in proc.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("given", "term"),
    [
        ("https://orcid.org/0000-0002-1825-0097", URIRef("https://orcid.org/0000-0002-1825-0097")),
        ("mailto:desk@example.org", URIRef("mailto:desk@example.org")),
        ("Newsroom Data Desk", Literal("Newsroom Data Desk")),
        ("Desk: politics", Literal("Desk: politics")),
    ],
)
def test_creator_is_an_iri_or_a_name(given, term):
    assert creator_term(given) == term


@pytest.mark.parametrize("fmt", ["trig", "nquads", "json-ld", "nt"])
def test_every_format_holds_the_same_description(built, tmp_path, fmt):
    turtle = Graph().parse(built / "graph.ttl")
    result = build(list(map(str, ARTICLES)), tmp_path, fmt=fmt, html=False, report=quiet)
    path = result.outputs[0]
    if fmt == "nt":
        graph = Graph().parse(path, format="nt")
    else:
        dataset = Dataset()
        dataset.parse(path, format={"trig": "trig", "nquads": "nquads"}.get(fmt, "json-ld"))
        named = dataset.graph(URIRef(R + "graph/dataset"))
        assert set(named) == set(turtle.triples((DATASET, None, None)))
        graph = Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
    assert set(graph.triples((DATASET, None, None))) == set(turtle.triples((DATASET, None, None)))


def test_validated_build_writes_the_same_description(built, tmp_path):
    build(list(map(str, ARTICLES)), tmp_path, validate=True, html=False, report=quiet)
    assert (tmp_path / "graph.ttl").read_bytes() == (built / "graph.ttl").read_bytes()


def test_update_describes_the_whole_graph_and_keeps_earlier_locations(built, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for path in ARTICLES[:2]:
        shutil.copy(path, first / path.name)
    for path in ARTICLES[2:]:
        shutil.copy(path, second / path.name)
    out = tmp_path / "out"
    build([str(first)], out, html=False, report=quiet)
    update([str(second)], out, html=False, report=quiet)
    graph = Graph().parse(out / "graph.ttl")
    full = Graph().parse(built / "graph.ttl")
    assert set(graph.triples((DATASET, None, None))) == set(full.triples((DATASET, None, None)))
    void = Graph().parse(out / "void.ttl")
    locations = {str(o) for o in void.objects(None, DG.sourceLocation)}
    assert locations == {str(first / p.name) for p in ARTICLES[:2]} | {
        str(second / p.name) for p in ARTICLES[2:]
    }


def test_a_dataset_without_licence_violates_the_shapes(built):
    graph = Graph().parse(built / "graph.ttl")
    graph.remove((DATASET, DCTERMS.license, None))
    report = validate_graph(graph)
    assert not report.conforms
    assert "dcterms:license" in report.text()


def test_count_rows_counts_a_triple_of_several_graphs_once():
    a = f"<{R}article/a>"
    rows = [
        f"{a} <{RDF.type}> <{DG.Article}> <{R}article/a> .\n",
        f'{a} <{DG.sha256}> "{"0" * 64}" <{R}article/a> .\n',
        f"<{R}person/x> <{RDF.type}> <{DG.Person}> <{R}article/a> .\n",
        f"<{R}person/x> <{RDF.type}> <{DG.Person}> <{R}article/b> .\n",
        f"<{R}statement/1> <{RDF.type}> <{RDF.Statement}> <{R}article/a> .\n",
        f'<{R}event/e> <{DG.articleCount}> "2"^^<{XSD.integer}> <{R}graph/events> .\n',
    ]
    counts = count_rows(rows, quads=True)
    assert counts == DatasetCounts(
        triples=5,
        entities=1,
        events=1,
        relations=1,
        articles={R + "article/a": {"sourceFile": None, "sha256": "0" * 64}},
    )
