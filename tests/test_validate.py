"""SHACL validation: our own output conforms; a broken graph reports exactly what is broken;
the validate command and build --validate."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Graph, URIRef

from conftest import CORPUS, SEED, require_shared
from diplograph.build import BuildResult, build
from diplograph.cli import main
from diplograph.errors import GraphInvalid
from diplograph.rdf.namespace import DG
from diplograph.rdf.validation import validate_graph
from graph_builds import dev_build, seed_build

ARTICLE = "https://w3id.org/diplograph/resource/article/"


def article_graph(result: BuildResult, article_id: str) -> Graph:
    """An article's named graph together with the knowledge-base and events graphs it refers
    to, and the types and labels of the entities they name (as a store's union graph has them:
    an event joins the participants of several articles)."""
    assert result.dataset is not None
    graph = Graph()
    for name in (
        URIRef(ARTICLE + article_id),
        URIRef("https://w3id.org/diplograph/resource/graph/kb"),
        URIRef("https://w3id.org/diplograph/resource/graph/events"),
    ):
        for triple in result.dataset.graph(name):
            graph.add(triple)
    nodes = set(graph.subjects()) | set(graph.objects())
    articles = set(result.graph.subjects(RDF.type, DG.Article))
    for s, p, o in result.graph.triples((None, None, None)):
        if o == DG.EventMention:
            # another article's mention of a shared event: described in that article's graph
            continue
        if s in nodes and (s in articles or p in (RDF.type, RDFS.label)):
            graph.add((s, p, o))
    return graph


def test_seed_output_conforms():
    require_shared(SEED)
    report = validate_graph(seed_build().graph)
    assert report.conforms, report.text()


@pytest.mark.parametrize(
    "article_id", [p.stem.replace(".", "-") for p in sorted(CORPUS.glob("*.txt"))]
)
def test_dev_article_conforms(article_id):
    result = dev_build()
    graph = article_graph(result, article_id)
    assert len(graph) > 10, f"{article_id}: no named graph"
    report = validate_graph(graph)
    assert report.conforms, report.text()


def test_dev_corpus_as_one_graph_conforms():
    report = validate_graph(dev_build().graph)
    assert report.conforms, report.text()


BROKEN = """
@prefix dg: <https://w3id.org/diplograph/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dgr: <https://w3id.org/diplograph/resource/> .

dgr:article-1 a dg:Article ; rdfs:label "Ein Artikel"@de ; dg:language "de" ;
    dg:sourceFile "a.txt" .

dgr:anna a dg:Person ; rdfs:label "Anna" ; dg:meets dgr:ben .
dgr:ben a dg:Person ; rdfs:label "Ben"@en .
dgr:talks a dg:Talks ; rdfs:label "Talks"@en ; dg:participant dgr:anna ; dg:date "2025-13-01" .

dgr:st-1 a rdf:Statement ;
    rdf:subject dgr:anna ; rdf:predicate dg:meets ; rdf:object dgr:ben ;
    dg:evidenceText "Anna met Ben." ;
    dg:charStart 20 ; dg:charEnd 10 ;
    dg:confidence 1.5 ;
    prov:wasDerivedFrom dgr:article-1 .

dgr:st-2 a rdf:Statement ;
    rdf:subject dgr:ben ; rdf:predicate dg:attends ; rdf:object dgr:talks ;
    dg:charStart 0 ; dg:charEnd 13 ; dg:confidence 0.5 ;
    prov:wasDerivedFrom dgr:article-1 .

dgr:claim-1 a dg:Claim ; rdfs:label "A claim"@en .
"""


def test_broken_graph_reports_exact_violations():
    report = validate_graph(Graph().parse(data=BROKEN, format="turtle"))
    found = {(v.focus, v.path, v.message) for v in report.violations}
    assert found == {
        ("dgr:anna", "rdfs:label", "needs an rdfs:label with a language tag"),
        ("dgr:talks", "dg:participant", "a meeting has at least two participants"),
        ("dgr:talks", "dg:date", "dg:date must be an xsd:date"),
        (
            "dgr:talks",
            "dg:datePrecision",
            "a dated event states the precision of its date (dg:datePrecision)",
        ),
        (
            "dgr:ben",
            "dg:meets",
            "dg:meets is asserted in both directions, but only "
            "https://w3id.org/diplograph/resource/anna "
            "dg:meets this node, not the other way round",
        ),
        (
            "dgr:st-1",
            "dg:charStart",
            "a statement has exactly one dg:charStart, an xsd:integer >= 0 and below dg:charEnd",
        ),
        (
            "dgr:st-1",
            "dg:confidence",
            "a statement has exactly one dg:confidence, an xsd:decimal from 0 to 1",
        ),
        (
            "dgr:st-1",
            "rdf:Statement",
            "the offsets do not span the evidence: dg:charEnd - dg:charStart must "
            "equal the length of dg:evidenceText",
        ),
        (
            "dgr:st-2",
            "dg:evidenceText",
            "a statement has exactly one non-empty dg:evidenceText (a plain string)",
        ),
        ("dgr:st-2", "rdf:Statement", "the statement describes a triple that is not in the graph"),
        ("dgr:claim-1", "dg:text", "a claim has its text (dg:text) with a language tag"),
    }


def test_validate_command(tmp_path, capsys):
    broken = tmp_path / "broken.ttl"
    broken.write_text(BROKEN, encoding="utf-8")
    assert main(["validate", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "violation: dgr:talks dg:participant: a meeting has at least two participants" in out
    assert out.rstrip().endswith("11 violation(s)")

    nt = tmp_path / "graph.nt"
    nt.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    assert main(["validate", str(nt)]) == 0
    assert "conforms: 0 violations" in capsys.readouterr().out


def test_validate_command_bad_file(tmp_path, capsys):
    odd = tmp_path / "graph.xyz"
    odd.write_text("nothing", encoding="utf-8")
    assert main(["validate", str(odd)]) == 1
    assert "unknown graph format" in capsys.readouterr().err
    bad = tmp_path / "graph.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    assert main(["validate", str(bad)]) == 1
    assert "not valid turtle" in capsys.readouterr().err


@pytest.mark.parametrize("how", ["flag", "environment"])
def test_build_fails_loudly_on_violation(tmp_path, monkeypatch, how):
    """build --validate (or DIPLOGRAPH_VALIDATE=1) refuses to write a graph that violates a
    shape."""
    broken = Graph().parse(data=BROKEN, format="turtle")
    monkeypatch.setattr(
        "diplograph.build.build_graph",
        lambda *a, **k: BuildResult(graph=broken, processed=["broken.txt"]),
    )
    out = tmp_path / "out"
    if how == "environment":
        monkeypatch.setenv("DIPLOGRAPH_VALIDATE", "1")
        validate = None
    else:
        monkeypatch.delenv("DIPLOGRAPH_VALIDATE", raising=False)
        validate = True
    with pytest.raises(GraphInvalid, match="11 violation"):
        build(["broken.txt"], out, html=False, validate=validate, report=lambda line: None)
    assert not out.exists() or not any(out.iterdir())

    # without validation the build streams the graph out and never validates it
    monkeypatch.delenv("DIPLOGRAPH_VALIDATE", raising=False)
    monkeypatch.setattr(
        "diplograph.rdf.validation.validate_graph", lambda graph: pytest.fail("validated")
    )
    article = tmp_path / "meeting.txt"
    article.write_text("date 2023-01-09 T\n\nOlaf Scholz met Emmanuel Macron in Paris on Monday.\n")
    result = build([str(article)], out, html=False, validate=None, report=lambda line: None)
    assert [p.name for p in result.outputs] == ["graph.ttl", "void.ttl"]
