"""The main job: articles in, graph.ttl and graph.html out.

Articles are read one at a time; a bad article is reported in one line and the batch goes on.
Outputs are written to a temporary file and renamed into place, so a failed or interrupted
build never leaves a half-written graph.

:func:`build` streams (:mod:`diplograph.streaming`) unless the graph is to be validated, which
needs it whole in memory (:func:`build_graph`, then :func:`write_outputs`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph

from diplograph.errors import GraphInvalid, OutputError, printable
from diplograph.kb import load_kb
from diplograph.limits import DEFAULT_MAX_WORDS, articles_within_limits, extract_limited
from diplograph.nlp.pipeline import process
from diplograph.options import (
    LARGE_PAGE_NODES,
    PRETTY_LIMIT,
    BuildOptions,
    BuildResult,
    Reporter,
    report_to_stderr,
    with_changes,
)
from diplograph.progress import phase
from diplograph.rdf.description import article_iri, describe, describe_build, description_graph
from diplograph.rdf.exports import ExportFormat
from diplograph.rdf.mapping import GraphBuilder
from diplograph.records import Article, Extraction
from diplograph.relations.extract import extraction
from diplograph.sinks import count_rows, graph_rows, store_of_rows, write_description, write_graph
from diplograph.sinks import write_page as write_page_of_store
from diplograph.streaming import publish_build, stream_build
from diplograph.tempfiles import write_atomic

__all__ = [
    "BuildResult",
    "build",
    "build_graph",
    "check_shapes",
    "describe_result",
    "extract_articles",
    "read_articles",
    "write_atomic",
    "write_void",
    "write_outputs",
    "write_page",
]


def read_articles(
    inputs: Iterable[str],
    *,
    lang: str | None,
    max_bytes: int,
    result: BuildResult,
    report: Reporter,
    max_words: int | None = DEFAULT_MAX_WORDS,
    timeout: float | None = None,
    earlier: Mapping[str, str] | None = None,
) -> Iterator[Article]:
    """Articles of the inputs; problems go to ``result`` and ``report``, one line each
    (skipped: unsupported language or over a limit, see :mod:`diplograph.limits`; failed:
    unusable input; warnings: read with a repair)."""
    return articles_within_limits(
        inputs,
        lang=lang,
        max_bytes=max_bytes,
        max_words=max_words,
        timeout=timeout,
        earlier=earlier,
        skipped=lambda source, problem: result.add_skipped(source, problem, report),
        failed=lambda source, problem: result.add_failed(source, problem, report),
        warn=lambda source, problem: report(f"warning: {printable(source)}: {problem}"),
    )


def extract_articles(
    articles: Iterable[Article], *, model: str | None = None, batch_size: int = 16
) -> Iterator[Extraction]:
    """Run the NLP pipeline over articles (grouped into runs of one language) and yield records."""
    batch: list[Article] = []

    def flush() -> Iterator[Extraction]:
        if not batch:
            return
        lang = batch[0].lang
        docs = process(
            ((a.id, a.body, a.date) for a in batch), lang, model=model, batch_size=batch_size
        )
        for article, doc in zip(batch, docs, strict=True):
            yield extraction(doc, article)
        batch.clear()

    for article in articles:
        if batch and (article.lang != batch[0].lang or len(batch) >= batch_size):
            yield from flush()
        batch.append(article)
    yield from flush()


def build_graph(
    inputs: Iterable[str],
    options: BuildOptions | None = None,
    *,
    report: Reporter | None = None,
    named_graphs: bool = False,
    earlier: Mapping[str, str] | None = None,
    **changes: Any,
) -> BuildResult:
    """Read, extract and map articles into one RDF graph (nothing is written).

    With ``named_graphs`` the result also holds a dataset with one graph per article (named by
    the article's IRI) and one for knowledge-base facts; its union is the graph. An article
    that takes longer than ``timeout`` seconds is skipped (see :mod:`diplograph.limits`).

    Args:
        options: what to build; of them this uses ``lang``, ``base``, ``model``,
            ``max_bytes`` and ``timeout``.
        earlier: for an update, the ids of the articles already built and their file names
            (see :func:`diplograph.reader.article_ids`).
        changes: options to change, by name (``build_graph(inputs, lang="en")``).
    """
    options = with_changes(options, changes)
    say = report or report_to_stderr
    started = time.perf_counter()
    load_kb()
    builder = GraphBuilder(base=options.base, dataset=Dataset() if named_graphs else None)
    result = BuildResult(builder.graph, builder.dataset, base=options.base)
    entities: set[str] = set()
    articles = read_articles(
        inputs,
        lang=options.lang,
        max_bytes=options.max_bytes,
        result=result,
        report=say,
        timeout=options.timeout,
        earlier=earlier,
    )
    records = extract_limited(
        articles,
        model=options.model,
        timeout=options.timeout,
        skipped=lambda exc: result.add_skipped(exc.source, exc.problem, say),
        failed=lambda source, problem: result.add_failed(source, problem, say),
    )
    for record in records:
        try:
            builder.add(record)
        except Exception as exc:  # noqa: BLE001 - one article must not stop the batch
            result.failed.append((record.article.source, f"internal error: {exc!r}"))
            say(f"error: {record.article.source}: internal error while mapping to RDF: {exc!r}")
            continue
        result.processed.append(record.article.source)
        if record.article.location:
            result.locations[article_iri(options.base, record.article.id)] = record.article.location
        result.relations += len(record.relations)
        entities.update(record.entities)
    resolution = builder.resolve()
    result.entities = len(entities)
    result.events = len(resolution.events)
    result.seconds = time.perf_counter() - started
    return result


def describe_result(result: BuildResult, options: BuildOptions) -> None:
    """Count what the graph of ``result`` holds and add its description (the dataset node, see
    :mod:`diplograph.rdf.description`) to the graph, and to the dataset's graph
    ``<base>graph/dataset``; the counts go to ``result.counts``."""
    counts = count_rows(graph_rows(result.graph), quads=False)
    description = describe(counts, options.description(), base=options.base)
    for triple in description:
        result.graph.add(triple)
    if result.dataset is not None:
        named = result.dataset.graph(description_graph(options.base))
        for triple in description:
            named.add(triple)
    result.counts = counts


def write_void(result: BuildResult, outdir: Path, options: BuildOptions) -> Path | None:
    """Write OUTDIR/void.ttl, the description of the graph of ``result`` with the build time,
    where each article was read, and the inputs' hashes; its path (None before
    :func:`describe_result` or a streaming build counted the graph)."""
    if result.counts is None:
        return None
    path = outdir / "void.ttl"
    description = describe_build(
        result.counts, options.description(), base=options.base, locations=result.locations
    )
    write_description(description, path)
    return path


def check_shapes(graph: Graph, outdir: Path, *, what: str = "built") -> None:
    """Validate ``graph`` against ontology/shapes.ttl before anything is written to ``outdir``.

    Raises:
        GraphInvalid: the graph violates the shapes; the message lists the first violations.
    """
    from diplograph.rdf.validation import validate_graph

    checked = validate_graph(graph)
    if not checked.conforms:
        raise GraphInvalid(
            f"the {what} graph violates the diplograph shapes; nothing written to {outdir}\n"
            + checked.text(limit=50)
        )


def write_page(
    graph: Graph,
    outdir: Path,
    *,
    max_nodes: int | None,
    report: Reporter,
    pretty_limit: int = PRETTY_LIMIT,
) -> Path:
    """Write OUTDIR/graph.html of an in-memory graph, saying how many nodes ``max_nodes`` left
    out; its path. A graph of more than ``pretty_limit`` triples shows its
    :data:`~diplograph.options.LARGE_PAGE_NODES` most central nodes unless ``max_nodes`` says."""
    why = ""
    if max_nodes is None and len(graph) > pretty_limit:
        max_nodes = LARGE_PAGE_NODES
        why = (
            f"the graph has more than {pretty_limit:,} triples: the page shows the "
            f"{max_nodes:,} most central nodes; --max-nodes chooses how many"
        )
    store = store_of_rows(graph_rows(graph), quads=False)
    return write_page_of_store(store, outdir, max_nodes=max_nodes, report=report, why=why)


def write_outputs(
    result: BuildResult, outdir: Path, export: ExportFormat, options: BuildOptions, report: Reporter
) -> None:
    """Write the graph (and dataset) of ``result`` in format ``export``, and graph.html if the
    options ask for it; the files written go to ``result.outputs``.

    Raises:
        OutputError: the output folder cannot be written.
    """
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        target = outdir / export.filename
        write_graph(result.graph, result.dataset, target, export)
        result.outputs.append(target)
        void = write_void(result, outdir, options)
        if void is not None:
            result.outputs.append(void)
        if options.html:
            result.outputs.append(
                write_page(
                    result.graph,
                    outdir,
                    max_nodes=options.max_nodes,
                    report=report,
                    pretty_limit=options.pretty_limit,
                )
            )
    except OSError as exc:
        raise OutputError(
            f"{printable(str(outdir))}: cannot write output ({exc.strerror or exc})"
        ) from None


def build(
    inputs: Iterable[str],
    outdir: Path | str,
    options: BuildOptions | None = None,
    *,
    report: Reporter | None = None,
    **changes: Any,
) -> BuildResult:
    """Build OUTDIR/graph.ttl (or the file of another format) and OUTDIR/graph.html from articles.

    Without validation the build streams (:func:`diplograph.streaming.stream_build`): memory
    stays bounded however many articles there are, and extraction can run on ``jobs``
    processes or a Dask cluster. Validation needs the whole graph in memory.

    Args:
        options: what to build and how (see :class:`diplograph.options.BuildOptions`);
            ``validate`` None means: when the environment variable DIPLOGRAPH_VALIDATE is 1.
        report: where problems and notes go, one line each (default: stderr).
        changes: options to change, by name (``build(inputs, out, html=False)``).

    Raises:
        OutputError: unknown format, or the output folder cannot be written or is in use by
            another build.
        StoreError: ``store_dir`` is not a store, in use, or cannot be written (nothing written).
        GraphInvalid: validation was asked for and the graph violates the shapes (nothing written).
    """
    options = with_changes(options, changes)
    export = options.export()
    validate = options.validate
    if validate is None:
        validate = os.environ.get("DIPLOGRAPH_VALIDATE", "") == "1"
    outdir = Path(outdir)
    report = report or report_to_stderr
    if not validate:
        return stream_build(inputs, outdir, options, report=report)

    def validated(folder: Path) -> BuildResult:
        phase("extracting (the whole graph in memory, to validate it)")
        result = build_graph(inputs, options, report=report, named_graphs=export.named_graphs)
        if result.processed:
            describe_result(result, options)
            phase("validating against the shapes")
            check_shapes(result.graph, outdir)
            phase(f"writing {export.filename}" + (" and graph.html" if options.html else ""))
            write_outputs(result, folder, export, options, report)
        return result

    return publish_build(outdir, options, report, validated)
