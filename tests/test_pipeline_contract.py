"""What the pipeline's components declare they read and write, and what they take as config.

``nlp.analyze_pipes()`` checks that every attribute a component requires is assigned by a
component before it; these tests keep the declarations complete enough for that check to mean
something, for both languages and with a trained pipeline (``--model``).
"""

from __future__ import annotations

import gc

import pytest
import spacy
from spacy.util import registry

from diplograph.kb import KnowledgeBase, load_kb
from diplograph.nlp.lexicon import load_lexicon
from diplograph.nlp.pipeline import _make_nlp, make_nlp, process
from diplograph.nlp.tokens import token_table
from test_model_option import tiny_model  # noqa: F401 - the fixture, trained once per module

COMPONENTS = [
    "diplograph_sentences",
    "lemmatizer",
    "diplograph_names",
    "diplograph_mentions",
    "diplograph_coref",
    "diplograph_events",
    "diplograph_relations",
]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_pipeline_has_no_unmet_requirement(lang):
    analysis = make_nlp(lang).analyze_pipes()
    assert analysis["problems"] == {name: [] for name in COMPONENTS}


def test_with_a_trained_pipeline_no_requirement_is_unmet(tiny_model):  # noqa: F811
    nlp = make_nlp("en", tiny_model)
    assert "model_ner" in nlp.pipe_names
    assert not any(nlp.analyze_pipes()["problems"].values())


@pytest.mark.parametrize(
    ("component", "reads", "writes"),
    [
        ("diplograph_mentions", ["doc.ents"], ["doc.ents", "doc._.mentions", "doc._.dates"]),
        ("diplograph_coref", ["doc._.mentions"], ["doc._.mentions"]),
        (
            "diplograph_events",
            ["doc._.mentions", "doc._.dates"],
            ["doc._.events", "doc._.main_event"],
        ),
        (
            "diplograph_relations",
            ["doc._.main_event", "doc._.event_mentions", "doc._.dates"],
            ["doc._.relations"],
        ),
    ],
)
def test_components_declare_what_they_read_and_write(component, reads, writes):
    meta = make_nlp("de").get_pipe_meta(component)
    assert set(reads) <= set(meta.requires)
    assert set(writes) <= set(meta.assigns)


def test_a_component_out_of_order_is_reported():
    nlp = spacy.blank("de")
    nlp.add_pipe("diplograph_sentences")
    nlp.add_pipe("diplograph_names")
    nlp.add_pipe("diplograph_events")  # before the mentions it reads
    nlp.add_pipe("diplograph_mentions")
    problems = nlp.analyze_pipes()["problems"]
    assert set(problems["diplograph_events"]) == {"doc._.mentions", "doc._.dates"}


def test_the_knowledge_base_and_lexicon_come_from_the_config():
    empty = KnowledgeBase()

    @registry.misc("test_empty_kb.v1")
    def empty_kb() -> KnowledgeBase:
        return empty

    nlp = spacy.blank("en")
    names = nlp.add_pipe("diplograph_names", config={"kb": {"@misc": "test_empty_kb.v1"}})
    coref = nlp.add_pipe("diplograph_coref", config={"kb": {"@misc": "test_empty_kb.v1"}})
    events = nlp.add_pipe(
        "diplograph_events", config={"lexicon": {"@misc": "diplograph.lexicon.v1", "lang": "de"}}
    )
    assert names.kb is empty and coref.kb is empty
    assert events.kb is load_kb()  # the default: the shipped knowledge base
    assert events.lex is load_lexicon("de")  # not the pipeline's language: the one configured
    assert nlp.config["components"]["diplograph_coref"]["kb"] == {"@misc": "test_empty_kb.v1"}


def test_the_shipped_pipeline_names_its_resources_in_its_config():
    config = make_nlp("de").config["components"]
    assert config["diplograph_mentions"]["kb"] == {"@misc": "diplograph.knowledge_base.v1"}
    assert config["diplograph_mentions"]["lexicon"] == {
        "@misc": "diplograph.lexicon.v1",
        "lang": "de",
    }


def test_building_a_pipeline_leaves_the_garbage_collector_alone():
    frozen = gc.get_freeze_count()
    _make_nlp.__wrapped__("en", None)  # a new pipeline, not the cached one
    assert gc.get_freeze_count() == frozen


def test_the_cli_build_freezes_what_it_loaded(tmp_path):
    from diplograph.cli import main

    gc.unfreeze()
    assert (
        main(
            [
                "build",
                "examples/woodside-biden-xi-2023-11-15.en.txt",
                "-o",
                str(tmp_path),
                "--no-html",
                "-q",
            ]
        )
        == 0
    )
    assert gc.get_freeze_count() > 0


def test_the_token_table_is_the_same_with_or_without_the_components_word_cache():
    text = "Olaf Scholz traf Emmanuel Macron am 3. Mai in Paris."
    # the mentions component made the Doc's token table with its own cache of word attributes
    doc = next(process([("t", text, None)], "de"))
    cached = doc._.toks
    doc._.toks = None
    assert token_table(doc) == cached
    words: dict = {}
    doc._.toks = None
    assert token_table(doc, words) == cached and words
