"""``build --update``: add articles to an existing output, or rebuild changed ones, without
building everything again.

The existing graph file of OUTDIR is read and split into one graph per article
(:func:`diplograph.triplestore.dataset.split_by_article`): everything an article said
(its node, its statements and what they are ``prov:wasDerivedFrom``, the entities it mentions
with their labels). The new articles are built into a graph each; an article already in the
output (same article IRI, which comes from the file name) has its whole graph replaced, the
other articles are left as they were. Knowledge-base facts (offices) are kept for the people
some article still mentions. The union is written as a fresh build would write it, so building
A and B at once, or A first and then ``--update`` with B, gives byte-identical Turtle.

From TriG or N-Quads the split is exact. From Turtle or N-Triples (one merged graph) an
entity's surface forms (``skos:altLabel``) cannot be told apart between two articles in the
same language that mention the entity; such a form stays while either article does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, URIRef

from diplograph.build import (
    BuildResult,
    build_graph,
    check_shapes,
    remove_interrupted,
    write_outputs,
)
from diplograph.options import BuildOptions, report_to_stderr, with_changes
from diplograph.rdf.exports import EXPORT_FORMATS
from diplograph.rdf.mapping import bind_prefixes
from diplograph.rdf.namespace import DEFAULT_BASE, DG
from diplograph.triplestore.dataset import ArticleGraphs, read_graph, split_by_article

Reporter = Callable[[str], None]

# Exact formats first: they keep one named graph per article.
_READ_ORDER = ("trig", "nquads", "turtle", "nt")


def existing_output(outdir: Path, fmt: str) -> Path | None:
    """The graph file of an earlier build in ``outdir``: the one of ``fmt`` if present,
    otherwise another format diplograph writes (TriG and N-Quads first), or None."""
    own = outdir / EXPORT_FORMATS[fmt].filename
    if own.is_file() and EXPORT_FORMATS[fmt].name != "json-ld":
        return own
    for name in _READ_ORDER:
        path = outdir / EXPORT_FORMATS[name].filename
        if path.is_file():
            return path
    return None


def merge(old: ArticleGraphs, new: ArticleGraphs) -> ArticleGraphs:
    """The articles of ``old`` with those of ``new`` added or put in their place.

    Shared graphs are united, then cut down to the facts about entities that some article
    still mentions (and the office records those entities hold).
    """
    articles = {name: triples for name, triples in old.articles.items() if name not in new.articles}
    articles.update(new.articles)
    mentioned = {s for triples in articles.values() for s, p, _ in triples if p == DG.mentionedIn}
    shared: dict[URIRef | None, set] = {}
    for part in (old.shared, new.shared):
        for name, triples in part.items():
            shared.setdefault(name, set()).update(triples)
    held = {
        o for triples in shared.values() for s, p, o in triples if p == DG.holds and s in mentioned
    }
    kept = mentioned | held
    return ArticleGraphs(
        articles=dict(sorted(articles.items())),
        shared={name: {t for t in triples if t[0] in kept} for name, triples in shared.items()},
    )


def assemble(parts: ArticleGraphs, base: str = DEFAULT_BASE) -> tuple[Graph, Dataset]:
    """The merged graph, and the dataset (one named graph per article, shared graphs), of ``parts``.
    """
    graph = Graph()
    dataset = Dataset()
    bind_prefixes(graph, base)
    bind_prefixes(dataset, base)
    for s, p, o, name in parts.quads():
        graph.add((s, p, o))
        target = dataset.graph(name) if name is not None else dataset.default_graph
        target.add((s, p, o))
    return graph, dataset


def update(
    inputs: Iterable[str],
    outdir: Path | str,
    options: BuildOptions | None = None,
    *,
    report: Reporter | None = None,
    **changes: Any,
) -> BuildResult:
    """Add the articles of ``inputs`` to the output in ``outdir`` (replacing articles of the
    same name), and write it again in format ``fmt``.

    Args:
        options: what to build and how (see :class:`diplograph.options.BuildOptions`); the
            articles are extracted in this process (``jobs``, ``dask``, ``progress`` and
            ``store`` are not looked at), and the updated graph is validated only when
            ``validate`` is true (None: not validated).
        report: where problems and notes go, one line each (default: stderr).
        changes: options to change, by name (``update(inputs, out, html=False)``).

    Returns:
        The result of building the new articles; its ``graph`` and ``dataset`` are the whole
        updated output.

    Raises:
        GraphFileError: the existing graph file cannot be read (nothing is written).
        GraphInvalid: ``validate`` and the updated graph violates the shapes (nothing written).
        OutputError: unknown format, or the folder cannot be written.
    """
    options = with_changes(options, changes)
    export = options.export()
    outdir = Path(outdir)
    report = report or report_to_stderr
    remove_interrupted(outdir, report)
    source = existing_output(outdir, options.fmt)
    old = split_by_article(read_graph(source)) if source is not None else ArticleGraphs()
    if source is None:
        report(f"{outdir}: no earlier graph to update; building a new one")
    result = build_graph(inputs, options, report=report, named_graphs=True)
    if not result.processed:
        return result
    assert result.dataset is not None
    new = split_by_article(result.dataset)
    replaced = sum(1 for name in new.articles if name in old.articles)
    parts = merge(old, new)
    result.graph, result.dataset = assemble(parts, options.base)
    if options.validate:
        check_shapes(result.graph, outdir, what="updated")
    report(
        f"update: {len(new.articles) - replaced} articles added, {replaced} replaced, "
        f"{len(parts.articles) - len(new.articles)} kept from "
        f"{source.name if source else 'nothing'}"
    )
    write_outputs(result, outdir, export, options, report)
    return result
