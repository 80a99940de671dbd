"""The optional statistical backbone: --model adds a trained spaCy pipeline's NER to the rules.

The test trains and saves a tiny English NER pipeline itself (no download), then builds with it.
"""

from __future__ import annotations

import random

import pytest
import spacy
from spacy.training import Example

from diplograph.build import build_graph

TRAIN = [
    ("Zorbat Quillane arrived in the capital on Monday.", [(0, 15, "PERSON")]),
    ("Officials said Zorbat Quillane would speak later.", [(15, 30, "PERSON")]),
    ("On Tuesday Zorbat Quillane greeted the delegation.", [(11, 26, "PERSON")]),
    ("Mireth Okonda spoke to reporters in the evening.", [(0, 13, "PERSON")]),
    ("Reporters waited for Mireth Okonda outside.", [(21, 34, "PERSON")]),
    ("The minister left early on Friday.", []),
    ("Talks continued through the night.", []),
]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    random.seed(0)
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    ner.add_label("PERSON")
    examples = [Example.from_dict(nlp.make_doc(t), {"entities": ents}) for t, ents in TRAIN]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(40):
        random.shuffle(examples)
        nlp.update(examples, sgd=optimizer, drop=0.1)
    path = tmp_path_factory.mktemp("model") / "tiny_en"
    nlp.to_disk(path)
    return str(path)


def test_model_adds_people_the_rules_do_not_know(tiny_model, tmp_path):
    text = "date 2024-02-01 Talks\n\nZorbat Quillane met Olaf Scholz in Berlin on Monday."
    article = tmp_path / "talks.en.txt"
    article.write_text(text, encoding="utf-8")

    plain = build_graph([str(article)], report=lambda line: None)
    with_model = build_graph([str(article)], model=tiny_model, report=lambda line: None)

    query = """SELECT ?name WHERE { ?a dg:meets ?b . ?a rdfs:label ?name }"""
    ns = {"dg": "https://w3id.org/diplograph/ontology#"}
    plain_names = {str(r[0]) for r in plain.graph.query(query, initNs=ns)}
    model_names = {str(r[0]) for r in with_model.graph.query(query, initNs=ns)}
    assert "Zorbat Quillane" not in plain_names
    assert {"Zorbat Quillane", "Olaf Scholz"} <= model_names
