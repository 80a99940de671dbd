"""Property test: whatever text an article holds, the build gives valid, harmless RDF.

Random Unicode articles, and sentences that mix real names with hostile characters, go through
the same in-process stages as a build (reader, pipeline, RDF mapping). For every one: no
exception other than a one-line ArticleError, Turtle that pyoxigraph parses strictly, and a
graph that conforms to the SHACL shapes.

Profiles (environment variable DIPLOGRAPH_FUZZ_PROFILE): ``ci`` (the default, 500 examples, about
a minute) and ``long`` (5,000 examples); see the README's "Fuzzing" section.
"""

from __future__ import annotations

import os
import re

import pyoxigraph
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diplograph.build import extract_articles
from diplograph.errors import ArticleError
from diplograph.rdf.mapping import GraphBuilder
from diplograph.rdf.validation import validate_graph
from diplograph.reader import parse_article

# CI runs a fixed set of 500 examples (derandomized, no example database) so that a run is
# reproducible; the "long" profile explores new random examples.
settings.register_profile(
    "ci",
    max_examples=500,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long", parent=settings.get_profile("ci"), max_examples=5000, derandomize=False
)
PROFILE = settings.get_profile(os.environ.get("DIPLOGRAPH_FUZZ_PROFILE", "ci"))

NAMES = [
    "Olaf Scholz",
    "Emmanuel Macron",
    "Wladimir Putin",
    "Donald Trump",
    "Xi Jinping",
    "Annalena Baerbock",
    "Reuters",
    "dpa",
    "NATO",
    "Kremlchef",
    "der russische Präsident",
]
VERBS = [
    "met",
    "traf",
    "talked with",
    "sprach mit",
    "attended the summit with",
    "proposed a ceasefire to",
    "schlug vor,",
    "according to",
    "laut",
]
HOSTILE = [
    '"',
    "\\",
    '"""',
    "'''",
    ">",
    "<",
    "<script>alert(1)</script>",
    "\n",
    "\r\n",
    "\t",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\u200f",
    "\u202e",
    "\u2066",
    "\ufeff",
    "\ufffe",
    "\ud7ff",
    "\U0001f600",
    "]]>",
    "@en",
    "^^xsd:string",
    "<http://evil/>",
    "_:b0",
    "#",
    "%00",
    "\u0301",
]
SAFE_IRI = re.compile(r"^https://w3id\.org/diplograph/resource/[a-z0-9][a-z0-9/_.\-]*$")

fragments = st.one_of(st.sampled_from(NAMES), st.sampled_from(VERBS), st.sampled_from(HOSTILE))
sentences = st.lists(fragments, min_size=1, max_size=12).map(" ".join).map(lambda s: s + ".")
articles = st.one_of(
    st.text(max_size=400),
    st.lists(sentences, min_size=1, max_size=6).map(" ".join),
    st.tuples(
        st.sampled_from(["date 2025-08-15 ", "date 2025-02-30 ", "  date x ", ""]),
        st.text(max_size=40),
        st.lists(sentences, max_size=4).map(" ".join),
    ).map(lambda t: f"{t[0]}{t[1]}\n{t[2]}"),
)


def check_output(graph) -> None:
    """The three promises: parses strictly, IRIs only from slugs, conforms to the shapes."""
    ttl = graph.serialize(format="turtle", encoding="utf-8")
    store = pyoxigraph.Store()
    store.load(ttl, pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(graph)
    for quad in store:
        for term in (quad.subject, quad.object):
            if isinstance(term, pyoxigraph.NamedNode) and "diplograph/resource/" in term.value:
                assert SAFE_IRI.match(term.value), term.value
    report = validate_graph(graph)
    assert report.conforms, report.text(limit=10)


@pytest.mark.slow
@settings(PROFILE)
@given(text=articles, lang=st.sampled_from(["en", "de"]))
def test_any_article_gives_valid_rdf(text, lang):
    try:
        article = parse_article(text, "fuzz.txt", lang=lang)
    except ArticleError as exc:  # a defined outcome: one line naming the file
        assert str(exc).startswith("fuzz.txt: ") and "\n" not in exc.problem
        return
    builder = GraphBuilder()
    for record in extract_articles([article]):
        builder.add(record)
    builder.resolve()
    check_output(builder.graph)
