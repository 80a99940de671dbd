"""The ontology files: they parse, reason cleanly, are documented in two languages, and match
the DG namespace the code uses."""

from __future__ import annotations

import re

import owlrl
import pyoxigraph
import pytest
from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef
from rdflib.namespace import SKOS

from diplograph.rdf.namespace import DG, ONTOLOGY_IRI
from diplograph.rdf.validation import ontology_file

ONTOLOGY_FILES = ["diplograph.ttl", "alignments.ttl", "cameo-plover.ttl", "shapes.ttl"]
DG_NS = str(DG._NS)
ERRNS = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_file("diplograph.ttl"))


def dg_terms(graph: Graph) -> set[URIRef]:
    return {s for t in TERM_TYPES for s in graph.subjects(RDF.type, t) if str(s).startswith(DG_NS)}


@pytest.mark.parametrize("name", ONTOLOGY_FILES)
def test_parses_in_rdflib_and_pyoxigraph(name):
    path = ontology_file(name)
    assert len(Graph().parse(path, format="turtle")) > 50
    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) > 50


def test_owl_rl_closure_is_consistent(ontology):
    """Ontology, alignments and concept schemes together: no inconsistency under OWL RL."""
    graph = Graph()
    for name in ["diplograph.ttl", "alignments.ttl", "cameo-plover.ttl"]:
        graph.parse(ontology_file(name))
    before = len(graph)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    errors = [
        str(m)
        for e in graph.subjects(RDF.type, ERRNS.ErrorMessage)
        for m in graph.objects(e, ERRNS.error)
    ]
    assert errors == []
    assert len(graph) > before
    # the alignments take effect: a summit is an event in SEM and schema.org
    assert (
        DG.Summit,
        RDFS.subClassOf,
        URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/Event"),
    ) in graph
    assert (DG.Summit, RDFS.subClassOf, URIRef("https://schema.org/Event")) in graph


def test_owl_rl_closure_of_seed_like_data_is_consistent(ontology):
    """A state used as an event's place: its territory is a dg:Country, never the state."""
    data = Graph().parse(
        data="""
        @prefix dg: <https://w3id.org/diplograph/ontology#> .
        @base <https://w3id.org/diplograph/resource/> .
        <event/e> a dg:Summit ; dg:place <country/rus> ; dg:participant <person/a> , <person/b> .
        <state/rus> a dg:State ; dg:territory <country/rus> .
        <person/a> a dg:Person ; dg:holds <person/a/office-0> .
        <person/a/office-0> a dg:PositionHolding ; dg:ofAgent <state/rus> .
        """,
        format="turtle",
    )
    graph = ontology + data
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    assert not list(graph.subjects(RDF.type, ERRNS.ErrorMessage))
    assert (URIRef("https://w3id.org/diplograph/resource/country/rus"), RDF.type, DG.Place) in graph
    assert (
        URIRef("https://w3id.org/diplograph/resource/person/a/office-0"),
        DG.holder,
        URIRef("https://w3id.org/diplograph/resource/person/a"),
    ) in graph


def test_every_term_has_english_and_german_label_and_comment(ontology):
    missing = []
    for term in sorted(dg_terms(ontology)):
        for prop in (RDFS.label, RDFS.comment):
            langs = {o.language for o in ontology.objects(term, prop)}
            missing += [f"{term} {prop} @{lang}" for lang in ("en", "de") if lang not in langs]
    assert missing == []


def test_namespace_terms_equal_ontology_terms(ontology):
    in_code = {DG[name] for name in DG.__annotations__}
    assert in_code == dg_terms(ontology)


def test_ontology_header(ontology):
    assert (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) in ontology


@pytest.mark.parametrize(
    "term",
    [
        DG.meets,
        DG.attends,
        DG.reports,
        DG.proposes,
        DG.addressee,
        DG.evidenceText,
        DG.charStart,
        DG.charEnd,
        DG.confidence,
        DG.Article,
        DG.Claim,
        DG.Proposal,
    ],
)
def test_public_contract_terms_kept(ontology, term):
    assert dg_terms(ontology) >= {term}


def test_meets_is_symmetric(ontology):
    assert (DG.meets, RDF.type, OWL.SymmetricProperty) in ontology


def test_alignments_only_touch_known_terms(ontology):
    """Every dg term the alignments mention is defined in the ontology (no typos)."""
    alignments = Graph().parse(ontology_file("alignments.ttl"))
    used = {
        t
        for t in set(alignments.subjects()) | set(alignments.objects())
        if str(t).startswith(DG_NS)
    }
    assert used <= dg_terms(ontology)


def test_no_alignment_to_functional_properties():
    alignments = Graph().parse(ontology_file("alignments.ttl"))
    targets = {str(o) for o in alignments.objects(None, RDFS.subPropertyOf)}
    assert not {t for t in targets if re.search(r"(lode/|/lode#|prov#atTime)", t)}


def test_wikidata_matches():
    alignments = Graph().parse(ontology_file("alignments.ttl"))
    wd = Namespace("http://www.wikidata.org/entity/")
    matches = {
        (s, o) for p in (SKOS.exactMatch, SKOS.closeMatch) for s, o in alignments.subject_objects(p)
    }
    assert {
        (DG.participant, wd.P710),
        (DG.place, wd.P276),
        (DG.date, wd.P585),
        (DG.holds, wd.P39),
    } <= matches


def test_cameo_plover_scheme():
    scheme = Graph().parse(ontology_file("cameo-plover.ttl"))
    cameo = Namespace("https://w3id.org/diplograph/vocab/cameo/")
    plover = Namespace("https://w3id.org/diplograph/vocab/plover/")
    consult = {c for c in scheme.subjects(SKOS.broader, cameo["04"])}
    assert consult == {cameo[f"04{n}"] for n in range(7)}
    for concept in scheme.subjects(RDF.type, SKOS.Concept):
        assert {o.language for o in scheme.objects(concept, SKOS.prefLabel)} == {"en", "de"}, (
            concept
        )
        assert scheme.value(concept, SKOS.inScheme) is not None
    assert {plover.CONSULT, plover.AGREE, plover.REQUEST} <= set(
        scheme.subjects(RDF.type, SKOS.Concept)
    )
    alignments = Graph().parse(ontology_file("alignments.ttl"))
    assert (DG.meets, SKOS.closeMatch, plover.CONSULT) in alignments


def test_context_is_packaged():
    import json

    context = json.loads(ontology_file("context.jsonld").read_text(encoding="utf-8"))
    assert context["@context"]["dg"] == DG_NS


def test_readme_documents_every_term(ontology):
    readme = ontology_file("README.md").read_text(encoding="utf-8")
    undocumented = [
        t for t in sorted(dg_terms(ontology)) if f"`dg:{t[len(DG_NS) :]}`" not in readme
    ]
    assert undocumented == []
