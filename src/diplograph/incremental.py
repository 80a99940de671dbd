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

import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from diplograph.build import BuildResult, build_graph, write_atomic
from diplograph.errors import GraphInvalid, OutputError
from diplograph.limits import DEFAULT_TIMEOUT
from diplograph.rdf.exports import EXPORT_FORMATS, write_export
from diplograph.rdf.mapping import bind_prefixes
from diplograph.rdf.namespace import DEFAULT_BASE, DG
from diplograph.reader import DEFAULT_MAX_BYTES
from diplograph.tempfiles import remove_stale
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
    *,
    lang: str | None = None,
    base: str = DEFAULT_BASE,
    model: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    html: bool = True,
    max_nodes: int | None = None,
    report: Reporter | None = None,
    fmt: str = "turtle",
    validate: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> BuildResult:
    """Add the articles of ``inputs`` to the output in ``outdir`` (replacing articles of the
    same name), and write it again in format ``fmt``.

    Returns:
        The result of building the new articles; its ``graph`` and ``dataset`` are the whole
        updated output.

    Raises:
        GraphFileError: the existing graph file cannot be read (nothing is written).
        GraphInvalid: ``validate`` and the updated graph violates the shapes (nothing written).
        OutputError: unknown format, or the folder cannot be written.
    """
    export = EXPORT_FORMATS.get(fmt)
    if export is None:
        raise OutputError(f"unknown output format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    outdir = Path(outdir)
    report = report or (lambda line: print(line, file=sys.stderr))
    for stale in remove_stale(outdir):
        report(f"removed {stale.name}, left behind by an interrupted build")
    source = existing_output(outdir, fmt)
    old = split_by_article(read_graph(source)) if source is not None else ArticleGraphs()
    if source is None:
        report(f"{outdir}: no earlier graph to update; building a new one")
    result = build_graph(
        inputs,
        lang=lang,
        base=base,
        model=model,
        max_bytes=max_bytes,
        report=report,
        named_graphs=True,
        timeout=timeout,
    )
    if not result.processed:
        return result
    assert result.dataset is not None
    new = split_by_article(result.dataset)
    replaced = sum(1 for name in new.articles if name in old.articles)
    parts = merge(old, new)
    result.graph, result.dataset = assemble(parts, base)
    if validate:
        from diplograph.rdf.validation import validate_graph

        checked = validate_graph(result.graph)
        if not checked.conforms:
            raise GraphInvalid(
                f"the updated graph violates the diplograph shapes; nothing written to {outdir}\n"
                + checked.text(limit=50)
            )
    report(
        f"update: {len(new.articles) - replaced} articles added, {replaced} replaced, "
        f"{len(parts.articles) - len(new.articles)} kept from "
        f"{source.name if source else 'nothing'}"
    )
    try:
        target = outdir / export.filename
        write_atomic(target, lambda tmp: write_export(result.graph, result.dataset, tmp, export))
        result.outputs.append(target)
        if html:
            from diplograph.view.html import write_html

            page = outdir / "graph.html"
            left_out = write_html(result.graph, page, max_nodes=max_nodes)
            if left_out:
                report(
                    f"graph.html: {len(left_out)} least central nodes left out "
                    f"(--max-nodes {max_nodes})"
                )
            result.outputs.append(page)
    except OSError as exc:
        raise OutputError(f"{outdir}: cannot write output ({exc.strerror or exc})") from None
    return result
