"""The main job: articles in, graph.ttl and graph.html out.

Articles are read one at a time; a bad article is reported in one line and the batch goes on.
Outputs are written to a temporary file and renamed into place, so a failed or interrupted
build never leaves a half-written graph.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph

from diplograph.errors import ArticleError, ArticleSkipped, GraphInvalid, OutputError
from diplograph.kb import load_kb
from diplograph.limits import DEFAULT_MAX_WORDS, check_article, extract_limited
from diplograph.nlp.pipeline import process
from diplograph.options import BuildOptions, report_to_stderr, with_changes
from diplograph.rdf.exports import ExportFormat
from diplograph.rdf.mapping import GraphBuilder
from diplograph.reader import expand_inputs, read_article
from diplograph.records import Article, Extraction
from diplograph.relations.extract import extraction

Reporter = Callable[[str], None]


@dataclass
class BuildResult:
    """What a build did: counts, problems, and the graph."""

    graph: Graph
    dataset: Dataset | None = None  # one named graph per article, when asked for
    processed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    relations: int = 0
    entities: int = 0
    events: int = 0
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)
    triples: int | None = None  # set by streaming builds, whose graph may not be in memory

    @property
    def ok(self) -> bool:
        return not self.failed

    def add_skipped(self, source: str, problem: str, report: Reporter) -> None:
        """Count an article left out on purpose, and say so in one line."""
        self.skipped.append((source, problem))
        report(f"skipped {source}: {problem}")

    def add_failed(self, source: str, problem: str, report: Reporter) -> None:
        """Count an article that could not be used, and say so in one line."""
        self.failed.append((source, problem))
        report(f"error: {source}: {problem}")

    def summary(self) -> str:
        return (
            f"{len(self.processed)} processed, {len(self.skipped)} skipped, {len(self.failed)} failed; "
            f"{self.entities} entities, {self.events} events, {self.relations} relations, "
            f"{len(self.graph) if self.triples is None else self.triples} triples; {self.seconds:.1f} s"
        )


def read_articles(
    inputs: Iterable[str], *, lang: str | None, max_bytes: int, result: BuildResult, report: Reporter,
    max_words: int | None = DEFAULT_MAX_WORDS,
) -> Iterator[Article]:
    """Articles of the inputs; problems go to ``result`` and ``report``, one line each
    (skipped: unsupported language or over a limit, see :mod:`diplograph.limits`; failed:
    unusable input)."""
    for source in expand_inputs(inputs):
        try:
            article = read_article(source, lang=lang, max_bytes=max_bytes)
            check_article(article, max_words=max_words)
            yield article
        except ArticleSkipped as exc:
            result.add_skipped(exc.source, exc.problem, report)
        except ArticleError as exc:
            result.add_failed(exc.source, exc.problem, report)


def extract_articles(articles: Iterable[Article], *, model: str | None = None, batch_size: int = 16) -> Iterator[Extraction]:
    """Run the NLP pipeline over articles (grouped into runs of one language) and yield records."""
    batch: list[Article] = []

    def flush() -> Iterator[Extraction]:
        if not batch:
            return
        lang = batch[0].lang
        docs = process(((a.id, a.body, a.date) for a in batch), lang, model=model, batch_size=batch_size)
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
    **changes: Any,
) -> BuildResult:
    """Read, extract and map articles into one RDF graph (nothing is written).

    With ``named_graphs`` the result also holds a dataset with one graph per article (named by
    the article's IRI) and one for knowledge-base facts; its union is the graph. An article
    that takes longer than ``timeout`` seconds is skipped (see :mod:`diplograph.limits`).

    Args:
        options: what to build; of them this uses ``lang``, ``base``, ``model``,
            ``max_bytes`` and ``timeout``.
        changes: options to change, by name (``build_graph(inputs, lang="en")``).
    """
    options = with_changes(options, changes)
    say = report or report_to_stderr
    started = time.perf_counter()
    load_kb()
    builder = GraphBuilder(base=options.base, dataset=Dataset() if named_graphs else None)
    result = BuildResult(graph=builder.graph, dataset=builder.dataset)
    entities: set[str] = set()
    articles = read_articles(
        inputs, lang=options.lang, max_bytes=options.max_bytes, result=result, report=say
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
        result.relations += len(record.relations)
        entities.update(record.entities)
    resolution = builder.resolve()
    result.entities = len(entities)
    result.events = len(resolution.events)
    result.seconds = time.perf_counter() - started
    return result


def write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write`` on a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    from diplograph.tempfiles import sync, temp_prefix

    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path), dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        write(tmp_path)
        sync(tmp_path)
        os.replace(tmp_path, path)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def serialize(graph: Graph, path: Path, fmt: str = "turtle") -> None:
    """Serialise a graph to ``path`` atomically."""
    write_atomic(path, lambda tmp: graph.serialize(destination=str(tmp), format=fmt, encoding="utf-8"))


def remove_interrupted(outdir: Path, report: Reporter) -> None:
    """Delete the temporary files an interrupted build left in ``outdir``, one line each."""
    from diplograph.tempfiles import remove_stale

    for stale in remove_stale(outdir):
        report(f"removed {stale.name}, left behind by an interrupted build")


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


def write_page(graph: Graph, outdir: Path, *, max_nodes: int | None, report: Reporter) -> Path:
    """Write OUTDIR/graph.html, saying how many nodes ``max_nodes`` left out; its path."""
    from diplograph.view.html import write_html

    page = outdir / "graph.html"
    left_out = write_html(graph, page, max_nodes=max_nodes)
    if left_out:
        left = len(left_out)
        report(f"graph.html: {left} least central nodes left out (--max-nodes {max_nodes})")
    return page


def write_outputs(
    result: BuildResult, outdir: Path, export: ExportFormat, options: BuildOptions, report: Reporter
) -> None:
    """Write the graph (and dataset) of ``result`` in format ``export``, and graph.html if the
    options ask for it; the files written go to ``result.outputs``.

    Raises:
        OutputError: the output folder cannot be written.
    """
    from diplograph.rdf.exports import write_export

    try:
        outdir.mkdir(parents=True, exist_ok=True)
        target = outdir / export.filename
        write_atomic(target, lambda tmp: write_export(result.graph, result.dataset, tmp, export))
        result.outputs.append(target)
        if options.html:
            result.outputs.append(
                write_page(result.graph, outdir, max_nodes=options.max_nodes, report=report)
            )
    except OSError as exc:
        raise OutputError(f"{outdir}: cannot write output ({exc.strerror or exc})") from None


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
        OutputError: unknown format, or the output folder cannot be written.
        GraphInvalid: validation was asked for and the graph violates the shapes (nothing written).
    """
    options = with_changes(options, changes)
    export = options.export()
    validate = options.validate
    if validate is None:
        validate = os.environ.get("DIPLOGRAPH_VALIDATE", "") == "1"
    outdir = Path(outdir)
    report = report or report_to_stderr
    remove_interrupted(outdir, report)
    if not validate:
        from diplograph.streaming import stream_build

        return stream_build(inputs, outdir, options, report=report)
    result = build_graph(inputs, options, report=report, named_graphs=export.named_graphs)
    if not result.processed:
        return result
    check_shapes(result.graph, outdir)
    write_outputs(result, outdir, export, options, report)
    return result
