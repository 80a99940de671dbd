"""The persistent store of ``build --store``: one named graph per article, replaced on rebuild."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.namespace import PROV

from diplograph.cli import main
from diplograph.errors import StoreError
from diplograph.rdf.namespace import DG
from diplograph.triplestore.dataset import read_graph, split_by_article
from diplograph.triplestore.disk import write_store
from diplograph.triplestore.engines import open_store
from triplestore_support import CORPUS, R, dev_graph


@pytest.fixture(scope="module")
def graph() -> Graph:
    return read_graph(dev_graph())


def store_quads(path) -> set[tuple[str, str, str, str]]:
    store = ox.Store.read_only(str(path))
    try:
        return {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in store}
    finally:
        del store


def article_quads(quads, article: URIRef) -> set:
    return {q for q in quads if q[3] == f"<{article}>"}


def test_split_places_every_triple(graph):
    parts = split_by_article(graph)
    union = set()
    for triples in (*parts.articles.values(), *parts.shared.values()):
        union |= triples
    assert union == set(graph)
    assert None not in parts.shared, "every triple has a graph"
    assert set(parts.articles) == set(graph.subjects(RDF.type, DG.Article))
    for article, triples in parts.articles.items():
        statements = {s for s, p, o in triples if p == PROV.wasDerivedFrom}
        assert statements == set(graph.subjects(PROV.wasDerivedFrom, article))


def test_split_uses_the_named_graphs_of_a_dataset():
    ds = Dataset()
    a, b = URIRef(R + "article/a"), URIRef(R + "article/b")
    ds.graph(a).add((a, RDF.type, DG.Article))
    ds.graph(b).add((b, RDF.type, DG.Article))
    ds.graph(URIRef(R + "graph/kb")).add(
        (URIRef(R + "person/x"), DG.holds, URIRef(R + "person/x/office-0"))
    )
    parts = split_by_article(ds)
    assert set(parts.articles) == {a, b}
    assert set(parts.shared) == {URIRef(R + "graph/kb")}


def test_writing_twice_duplicates_nothing(graph, tmp_path):
    first = write_store(graph, tmp_path / "store")
    again = write_store(graph, tmp_path / "store")
    assert first.total_quads == again.total_quads == len(split_by_article(graph))
    assert again.total_articles == len(set(graph.subjects(RDF.type, DG.Article)))


def test_rebuilding_an_article_replaces_exactly_its_statements(graph, tmp_path):
    path = tmp_path / "store"
    parts = split_by_article(graph)
    write_store(parts, path)
    before = store_quads(path)
    article, others = sorted(parts.articles)[0], sorted(parts.articles)[1:]

    # the article is rebuilt and says less now: one statement and its triple are gone
    changed = Graph()
    for t in parts.articles[article]:
        changed.add(t)
    statement = next(iter(changed.subjects(PROV.wasDerivedFrom, article)))
    for t in list(changed.triples((statement, None, None))):
        changed.remove(t)
    rebuilt = split_by_article(changed)
    assert set(rebuilt.articles) == {article}
    write_store(rebuilt, path, bulk=False)
    after = store_quads(path)

    assert article_quads(after, article) == {
        (*(str(to_ox(x)) for x in t), f"<{article}>") for t in rebuilt.articles[article]
    }
    assert not any(q[0] == f"<{statement}>" for q in after)
    assert any(q[0] == f"<{statement}>" for q in before)
    for other in others:
        assert article_quads(after, other) == article_quads(before, other) != set()


def test_adding_articles_keeps_the_old_ones(graph, tmp_path):
    path = tmp_path / "store"
    parts = split_by_article(graph)
    names = sorted(parts.articles)
    half = type(parts)(
        articles={a: parts.articles[a] for a in names[:3]}, shared=dict(parts.shared)
    )
    rest = type(parts)(
        articles={a: parts.articles[a] for a in names[3:]}, shared=dict(parts.shared)
    )
    write_store(half, path)
    written = write_store(rest, path, bulk=True)
    assert written.bulk
    assert written.total_articles == len(names)
    full = tmp_path / "full"
    write_store(parts, full)
    assert store_quads(path) == store_quads(full)


def to_ox(term):
    from diplograph.triplestore.terms import to_oxigraph

    return to_oxigraph(term)


def test_store_in_use_is_a_clear_error(tmp_path):
    held = open_store(tmp_path / "store")
    try:
        with pytest.raises(StoreError, match="no other process"):
            open_store(tmp_path / "store")
    finally:
        del held


def test_cli_build_store_then_query(tmp_path, capsys):
    articles = sorted(CORPUS.glob("*.txt"))[:2]
    store = tmp_path / "store"
    args = [
        "build",
        *map(str, articles),
        "-o",
        str(tmp_path / "out"),
        "--no-html",
        "--store",
        str(store),
    ]
    assert main(args) == 0
    assert "the store holds 2 articles" in capsys.readouterr().err
    first = store_quads(store)
    assert main(args) == 0  # rebuilding the same articles changes nothing
    capsys.readouterr()
    assert store_quads(store) == first
    assert (
        main(
            [
                "build",
                str(articles[0]),
                "-o",
                str(tmp_path / "out1"),
                "--no-html",
                "--store",
                str(store),
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert store_quads(store) == first
    assert main(["query", str(store), "--name", "corroboration", "--format", "csv"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0].startswith("event,eventLabel,date,articles") and len(rows) > 1


@pytest.mark.parametrize("fmt", ["turtle", "nt", "trig", "nquads", "json-ld"])
def test_linear_split_gives_the_graphs_of_the_quadratic_one(fmt, tmp_path):
    """split_by_article was made linear (issue 18): on every format it still gives the graphs
    the quadratic split gave, and so does the pyoxigraph reader of ``load`` and ``--update``."""
    from diplograph.rdf.exports import EXPORT_FORMATS
    from diplograph.sinks import write_graph
    from diplograph.triplestore.dataset import read_article_graphs
    from graph_builds import dev_build
    from split_before import split_before

    built = dev_build()
    export = EXPORT_FORMATS[fmt]
    path = tmp_path / export.filename
    write_graph(built.graph, built.dataset, path, export)
    read = read_graph(path)
    before = split_before(read)
    assert len(before.articles) > 10
    for after in (split_by_article(read), read_article_graphs(path)):
        assert after.articles == before.articles
        assert after.shared == before.shared
    source = built.dataset if export.named_graphs else built.graph
    assert split_by_article(source) == split_before(source)
